//! `preflight import DIR`: one line per file saying what happened to its
//! record, warnings and failures on stderr with the file's path, and a
//! summary. Exit 2 when any file could not be imported (the rest are).

use super::CommandContext;
use super::args::{ImportArgs, ImportFormat};
use super::list::handle;
use super::output::{CliError, EXIT_OK, print, warn};
use super::printer::one_line;
use crate::import::{self, Action, Options, SourceFormat};
use crate::plural::plural;

fn source_format(format: ImportFormat) -> SourceFormat {
    match format {
        ImportFormat::Nygard => SourceFormat::Nygard,
        ImportFormat::Madr => SourceFormat::Madr,
        ImportFormat::Log4brains => SourceFormat::Log4brains,
    }
}

fn verb(action: Action, dry_run: bool) -> &'static str {
    match (action, dry_run) {
        (Action::Create, false) => "created",
        (Action::Create, true) => "would create",
        (Action::Update, false) => "updated",
        (Action::Update, true) => "would update",
        (Action::Linked, false) => "linked",
        (Action::Linked, true) => "would link",
        (Action::Unchanged, _) => "unchanged",
        (Action::Changed, _) => "changed",
    }
}

/// `preflight import`.
pub fn run(ctx: &CommandContext, args: ImportArgs) -> Result<u8, CliError> {
    if !args.dir.is_dir() {
        return Err(CliError::data(format!(
            "{} is not a folder; give the folder that holds the decision records (e.g. doc/adr)",
            args.dir.display()
        )));
    }
    let set = ctx.set_for_new(args.set.as_deref())?;
    let options = Options {
        format: args.format.map(source_format),
        update: args.update,
    };
    let mut report = import::plan(&ctx.store, set, &args.dir, options, ctx.clock.now())?;
    if !args.dry_run {
        import::apply(&ctx.store, &mut report)?;
    }
    let path_of = |file: &str| args.dir.join(file).display().to_string();
    let mut out = String::new();
    for outcome in &report.outcomes {
        let record = &outcome.record;
        let number = record.number.map(|n| format!("{n}. ")).unwrap_or_default();
        // A dry run's new records have no id yet: the real run makes its own.
        let shown = if args.dry_run && outcome.action == Action::Create {
            "(new)".to_string()
        } else {
            handle(&record.id, crate::record::HANDLE_MIN + 3).to_string()
        };
        out.push_str(&format!(
            "{:12}  {}  {shown}  {number}{} [{}]\n",
            verb(outcome.action, args.dry_run),
            one_line(&outcome.file),
            one_line(&record.title),
            record.status
        ));
        for warning in &outcome.warnings {
            warn(&format!("warning: {}: {warning}", path_of(&outcome.file)));
        }
    }
    print(&out)?;
    for failure in &report.failures {
        let path = if failure.path.is_absolute() || failure.path.starts_with(&args.dir) {
            failure.path.display().to_string()
        } else {
            path_of(&failure.path.to_string_lossy())
        };
        warn(&format!("error: {path}: {}", failure.why));
    }
    let count = |action: Action| {
        report
            .outcomes
            .iter()
            .filter(|o| o.action == action)
            .count()
    };
    let mut summary = format!(
        "{}{}: {} created, {} updated, {} linked, {} unchanged",
        if args.dry_run {
            "Dry run, nothing written. "
        } else {
            ""
        },
        report.folder,
        count(Action::Create),
        count(Action::Update),
        count(Action::Linked),
        count(Action::Unchanged),
    );
    let changed = count(Action::Changed);
    if changed > 0 {
        summary.push_str(&format!(
            "; {changed} changed since the last import (add --update to take the changes in)"
        ));
    }
    if !report.skipped.is_empty() {
        summary.push_str(&format!("; skipped {}", report.skipped.join(", ")));
    }
    summary.push_str(".\n");
    ctx.info(&summary)?;
    if report.failures.is_empty() {
        Ok(EXIT_OK)
    } else {
        let n = report.failures.len();
        Err(CliError::data(format!(
            "{n} file{} could not be imported (see above); the others were{}",
            plural(n),
            if args.dry_run { " read" } else { "" }
        )))
    }
}
