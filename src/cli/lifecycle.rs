//! Commands that move a decision through its life: status changes,
//! supersession and links. Each takes the record's edit lock so it never
//! races an open wizard.

use super::CommandContext;
use super::args::{LinkArgs, StatusArgs, SupersedeArgs};
use super::output::{CliError, EXIT_OK};
use super::printer::one_line;
use crate::numbering;
use crate::record::{LinkKind, Record, Status};
use crate::store::RecordLock;

/// Who is making a change: `--who`, else the one identity.
pub(super) fn who(ctx: &CommandContext, flag: &Option<String>) -> String {
    crate::identity::who(flag.as_deref(), &ctx.settings)
}

fn parse_status(text: &str) -> Result<Status, CliError> {
    Status::parse(text).ok_or_else(|| {
        let names: Vec<&str> = Status::ALL.iter().map(|s| s.name()).collect();
        CliError::data(format!(
            "unknown status {text:?}; use one of: {}",
            names.join(", ")
        ))
    })
}

/// Loads a record for changing it, holding its edit lock.
pub(super) fn load_locked(
    ctx: &CommandContext,
    handle: &str,
) -> Result<(Record, RecordLock), CliError> {
    let id = ctx.store.resolve(handle)?;
    let lock = ctx.store.lock(&id)?.ok_or_else(|| {
        CliError::data(format!(
            "record {id} is open in another preflight; close it there first, then try again"
        ))
    })?;
    Ok((ctx.store.load(&id)?, lock))
}

/// `preflight status ID STATUS`.
pub fn status(ctx: &CommandContext, args: StatusArgs) -> Result<u8, CliError> {
    let status = parse_status(&args.status)?;
    let (mut record, _lock) = load_locked(ctx, &args.id)?;
    let changed = record.set_status(status, &who(ctx, &args.who), ctx.clock.now());
    if !changed {
        ctx.info(&format!("{} is already {status}.\n", record.id))?;
        return Ok(EXIT_OK);
    }
    // Numbered and named on acceptance (see `numbering`), and kept after,
    // so published links stay valid.
    let assigned = if status == Status::Accepted {
        let others = numbering::claims_besides(&ctx.store, &ctx.catalog, &record.id)?;
        numbering::on_acceptance(&mut record, &others)
    } else {
        Vec::new()
    };
    ctx.store.save(&record)?;
    let mut message = format!(
        "{}: {} is now {status}.\n",
        record.id,
        one_line(&record.title)
    );
    for change in &assigned {
        message.push_str(&format!("{change}.\n"));
    }
    ctx.info(&message)?;
    Ok(EXIT_OK)
}

/// `preflight supersede OLD --by NEW`.
pub fn supersede(ctx: &CommandContext, args: SupersedeArgs) -> Result<u8, CliError> {
    if ctx.store.resolve(&args.old)? == ctx.store.resolve(&args.new)? {
        return Err(CliError::data("a record cannot supersede itself"));
    }
    let (mut old, _old_lock) = load_locked(ctx, &args.old)?;
    let (mut new, _new_lock) = load_locked(ctx, &args.new)?;
    let now = ctx.clock.now();
    let by = who(ctx, &args.who);
    crate::record::supersede(&mut old, &mut new, &by, now);
    // Save the new record first: if the second save fails, the link alone
    // still says what happened and running the command again completes it.
    ctx.store.save(&new)?;
    ctx.store.save(&old)?;
    ctx.info(&format!(
        "{} ({}) is superseded by {} ({}).\n",
        old.id,
        one_line(&old.title),
        new.id,
        one_line(&new.title)
    ))?;
    Ok(EXIT_OK)
}

/// `preflight link` and `preflight unlink`.
pub fn link(ctx: &CommandContext, args: LinkArgs, add: bool) -> Result<u8, CliError> {
    let kind = LinkKind::parse(&args.kind).ok_or_else(|| {
        let names: Vec<&str> = LinkKind::ALL.iter().map(|k| k.name()).collect();
        CliError::data(format!(
            "unknown link kind {:?}; use one of: {}",
            args.kind,
            names.join(", ")
        ))
    })?;
    let (mut record, _lock) = load_locked(ctx, &args.id)?;
    let other = if add {
        let other = ctx.store.resolve(&args.other)?;
        ctx.store.load(&other)?;
        other
    } else {
        // Unlinking must work even when the other record is gone or
        // unreadable: match against this record's own links.
        let wanted = args.other.trim().to_ascii_lowercase();
        let mut matching = record
            .links
            .iter()
            .filter(|l| l.kind == kind && l.target.as_str().starts_with(&wanted))
            .map(|l| l.target.clone());
        match (matching.next(), matching.next()) {
            (Some(target), None) => target,
            (None, _) => ctx.store.resolve(&args.other)?,
            (Some(_), Some(_)) => {
                return Err(CliError::data(format!(
                    "{:?} matches more than one {} link; type more characters",
                    args.other,
                    kind.name()
                )));
            }
        }
    };
    if other == record.id {
        return Err(CliError::data("a record cannot link to itself"));
    }
    let changed = if add {
        record.add_link(kind, &other)
    } else {
        let before = record.links.len();
        record
            .links
            .retain(|l| !(l.kind == kind && l.target == other));
        record.links.len() != before
    };
    if changed {
        record.updated = crate::clock::to_second(ctx.clock.now());
        ctx.store.save(&record)?;
    }
    let message = match (add, changed) {
        (true, true) => format!("{} now {} {other}.\n", record.id, kind.name()),
        (true, false) => format!("{} already {} {other}.\n", record.id, kind.name()),
        (false, true) => format!("{} no longer {} {other}.\n", record.id, kind.name()),
        (false, false) => format!(
            "{} had no {} link to {other}; nothing changed.\n",
            record.id,
            kind.name()
        ),
    };
    ctx.info(&message)?;
    Ok(EXIT_OK)
}
