//! `preflight meet` (meeting mode on a record) and `preflight actions`
//! (action items from every record's meetings, so follow-ups are not lost).

use serde_json::json;

use super::CommandContext;
use super::args::{ActionChange, ActionsArgs, MeetArgs};
use super::commands::interactive;
use super::list::handle;
use super::output::{CliError, EXIT_OK, print, print_json, warn};
use super::printer::one_line;
use crate::meeting::{Item, numbered_actions};
use crate::record::Record;
use crate::tui::Start;

/// `preflight meet [ID]`.
pub fn meet(ctx: CommandContext, args: MeetArgs) -> Result<u8, CliError> {
    let id = match &args.id {
        Some(handle) => {
            let id = ctx.store.resolve(handle)?;
            // Fail here, with the file named, rather than inside the TUI.
            let record = ctx.store.load(&id)?;
            super::commands::set_for(&ctx, &record)?;
            Some(id)
        }
        None => None,
    };
    interactive(ctx, Start::Meet(id))
}

/// One action item with the record it belongs to.
struct Listed<'a> {
    reference: String,
    record: &'a Record,
    item: &'a Item,
    meeting_date: String,
    question_title: String,
}

/// `preflight actions [--open] [--owner NAME] [--json]`, or
/// `preflight actions done|reopen REF`.
pub fn actions(ctx: &CommandContext, args: ActionsArgs) -> Result<u8, CliError> {
    if let Some(change) = args.change {
        return change_action(ctx, change);
    }
    let listing = ctx.store.list()?;
    for problem in &listing.problems {
        warn(&format!("warning: skipped {problem}"));
    }
    let width = listing.handle_length();
    let owner = args.owner.as_deref().map(|o| o.trim().to_lowercase());
    let today = ctx.today();
    let mut rows: Vec<Listed> = Vec::new();
    for record in &listing.records {
        for (number, m, i) in numbered_actions(&record.meetings) {
            let meeting = &record.meetings[m];
            let item = &meeting.items[i];
            if args.open && item.done {
                continue;
            }
            if owner
                .as_deref()
                .is_some_and(|o| item.owner.trim().to_lowercase() != o)
            {
                continue;
            }
            rows.push(Listed {
                reference: format!("{}:{number}", handle(&record.id, width)),
                record,
                item,
                meeting_date: meeting.started.strftime("%Y-%m-%d").to_string(),
                question_title: ctx
                    .catalog
                    .get(&record.set.id)
                    .and_then(|set| set.sections.iter().find(|s| s.id == item.section))
                    .map_or_else(|| item.section.clone(), |s| s.title.clone()),
            });
        }
    }
    // Open first, soonest due first (no date last), then by record.
    rows.sort_by(|a, b| {
        (
            a.item.done,
            a.item.due.is_none(),
            a.item.due,
            &a.record.title,
            &a.reference,
        )
            .cmp(&(
                b.item.done,
                b.item.due.is_none(),
                b.item.due,
                &b.record.title,
                &b.reference,
            ))
    });
    if args.json {
        let items: Vec<serde_json::Value> = rows
            .iter()
            .map(|row| {
                json!({
                    "ref": row.reference,
                    "record": row.record.id,
                    "title": row.record.title,
                    "action": row.item.text,
                    "owner": row.item.owner,
                    "due": row.item.due,
                    "done": row.item.done,
                    "overdue": !row.item.done && row.item.due.is_some_and(|d| d < today),
                    "meeting": row.meeting_date,
                    "question": row.item.section,
                    "question_title": row.question_title,
                })
            })
            .collect();
        print_json(&items)?;
        return Ok(EXIT_OK);
    }
    if rows.is_empty() {
        let any = listing
            .records
            .iter()
            .any(|r| !numbered_actions(&r.meetings).is_empty());
        print(if any {
            "No actions match.\n"
        } else {
            "No action items yet. Capture them in meeting mode (`preflight meet ID`, then a).\n"
        })?;
        return Ok(EXIT_OK);
    }
    let ref_width = rows
        .iter()
        .map(|r| r.reference.len())
        .max()
        .unwrap_or(3)
        .max(3);
    let owner_width = rows
        .iter()
        .map(|r| one_line(&r.item.owner).chars().count())
        .max()
        .unwrap_or(5)
        .clamp(5, 20);
    let mut out = format!(
        "{:ref_width$}  {:7}  {:10}  {:owner_width$}  ACTION  (RECORD)\n",
        "REF", "STATE", "DUE", "OWNER"
    );
    for row in &rows {
        let state = if row.item.done {
            "done"
        } else if row.item.due.is_some_and(|d| d < today) {
            "OVERDUE"
        } else {
            "open"
        };
        let due = row.item.due.map(|d| d.to_string()).unwrap_or_default();
        let owner = if row.item.owner.is_empty() {
            "-".to_string()
        } else {
            one_line(&row.item.owner).chars().take(20).collect()
        };
        out.push_str(&format!(
            "{:ref_width$}  {state:7}  {due:10}  {owner:owner_width$}  {}  ({})\n",
            row.reference,
            one_line(&row.item.text),
            one_line(&row.record.title)
        ));
    }
    print(&out)?;
    Ok(EXIT_OK)
}

/// Marks one action done or open, under the record's edit lock.
fn change_action(ctx: &CommandContext, change: ActionChange) -> Result<u8, CliError> {
    let (reference, done) = match change {
        ActionChange::Done { reference } => (reference, true),
        ActionChange::Reopen { reference } => (reference, false),
    };
    let bad = || {
        CliError::data(format!(
            "action reference {reference:?} should be RECORD:N, as `preflight actions` shows (e.g. 3kq9x:2)"
        ))
    };
    let (record_handle, number) = reference.rsplit_once(':').ok_or_else(bad)?;
    let number: usize = number.trim().parse().map_err(|_| bad())?;
    let (mut record, _lock) = super::lifecycle::load_locked(ctx, record_handle.trim())?;
    let id = record.id.clone();
    let actions = numbered_actions(&record.meetings);
    let Some(&(_, m, i)) = actions
        .iter()
        .find(|(n, _, _)| usize::try_from(*n) == Ok(number))
    else {
        let known: Vec<String> = actions.iter().map(|(n, _, _)| n.to_string()).collect();
        return Err(CliError::data(format!(
            "record {id} has no action {number}; its actions are: {}",
            if known.is_empty() {
                "none".to_string()
            } else {
                known.join(", ")
            }
        )));
    };
    let item = &mut record.meetings[m].items[i];
    let text = one_line(&item.text).into_owned();
    if item.done == done {
        ctx.info(&format!(
            "Action {reference} is already {}.\n",
            if done { "done" } else { "open" }
        ))?;
        return Ok(EXIT_OK);
    }
    item.done = done;
    record.updated = crate::clock::to_second(ctx.clock.now());
    ctx.store.save(&record)?;
    ctx.info(&format!(
        "{} {reference}: {text}\n",
        if done { "Done:" } else { "Open again:" }
    ))?;
    Ok(EXIT_OK)
}
