//! `preflight new`: one command, three front doors. `--plain` asks the
//! questions as lines, the default opens the wizard, `--no-input` builds the
//! record from flags and `--answers` and prints its id. Each mode is its own
//! function; the title and author reach the record through
//! [`Record::set_bound_text`] in every one of them (and in the wizard).

use std::path::Path;

use super::CommandContext;
use super::args::NewArgs;
use super::commands::{interactive, run_plain};
use super::output::{CliError, EXIT_OK, print, warn};
use crate::answers_input::apply_answers;
use crate::plural::plural;
use crate::questionnaire::{Binding, QuestionSet};
use crate::record::{Record, RecordId};
use crate::text_file::{read_text, read_text_from};
use crate::tui::Start;

/// `preflight new`.
pub fn new(ctx: CommandContext, args: NewArgs) -> Result<u8, CliError> {
    if args.plain || (!args.no_input && ctx.settings.plain.value) {
        return new_plain(ctx, args);
    }
    if !args.no_input {
        return new_in_wizard(ctx, args);
    }
    new_without_input(&ctx, &args)
}

/// A record not yet saved, with a fresh id, for the set.
fn fresh_record(ctx: &CommandContext, set: &QuestionSet) -> Result<Record, CliError> {
    let id = RecordId::generate()
        .map_err(|err| CliError::data(format!("cannot make a random record id: {err}")))?;
    Ok(Record::new(id, "", set, ctx.clock.now()))
}

/// `new --plain`: the title and author given (or the author setting) are
/// on the record before the first question.
fn new_plain(ctx: CommandContext, args: NewArgs) -> Result<u8, CliError> {
    let set = ctx.set_for_new(args.set_id.as_deref())?;
    let mut record = fresh_record(&ctx, set)?;
    let author = args
        .author
        .clone()
        .unwrap_or_else(|| ctx.settings.author().value);
    if let Some(title) = &args.title {
        record.set_bound_text(set, Binding::Title, title);
    }
    if !author.is_empty() {
        record.set_bound_text(set, Binding::Author, &author);
    }
    run_plain(&ctx, set, record)
}

/// `new` in the wizard: it asks for the author and answers itself, so only
/// `--title` and `--set` go with it.
fn new_in_wizard(ctx: CommandContext, args: NewArgs) -> Result<u8, CliError> {
    if args.answers.is_some() || args.set_id.is_some() || args.author.is_some() {
        return Err(CliError::data(
            "--answers and --author go with --no-input; the wizard asks for them",
        ));
    }
    let set = ctx.set_for_new(args.set_id.as_deref())?.id.clone();
    let mut ctx = ctx;
    ctx.settings.default_set.value = set;
    interactive(ctx, Start::New(args.title))
}

/// `new --no-input`: `--answers`, then `--title` and `--author` over them,
/// then the author setting when no author was given at all; saved, and the
/// id printed.
fn new_without_input(ctx: &CommandContext, args: &NewArgs) -> Result<u8, CliError> {
    let set = ctx.set_for_new(args.set_id.as_deref())?;
    let mut record = fresh_record(ctx, set)?;
    if let Some(path) = &args.answers {
        let json = read_answers(path)?;
        apply_answers(set, &mut record, &json).map_err(|errors| {
            CliError::data(format!(
                "{} has {} problem{}:\n  {}",
                if path == Path::new("-") {
                    "the answers on standard input".to_string()
                } else {
                    path.display().to_string()
                },
                errors.len(),
                plural(errors.len()),
                errors.join("\n  ")
            ))
        })?;
    }
    if let Some(title) = &args.title {
        record.set_bound_text(set, Binding::Title, title);
    }
    if let Some(author) = &args.author {
        record.set_bound_text(set, Binding::Author, author);
    }
    // No --author and no author in --answers: the setting (or git's name).
    let has_author = match set.bound_field(Binding::Author) {
        Some(field) => record.answer(field).is_some_and(|a| !a.is_empty()),
        None => !record.author.is_empty(),
    };
    if !has_author {
        let author = ctx.settings.author().value;
        if !author.is_empty() {
            record.set_bound_text(set, Binding::Author, &author);
        }
    }
    if record.title.trim().is_empty() {
        return Err(CliError::data(
            "a record needs a title: pass --title, or give the title field in --answers",
        ));
    }
    if record.title.contains(['\n', '\r']) {
        return Err(CliError::data("the title must be a single line"));
    }
    let path = ctx.store.save(&record)?;
    if ctx.verbose {
        warn(&format!("saved {}", path.display()));
    }
    print(&format!("{}\n", record.id))?;
    Ok(EXIT_OK)
}

/// The `--answers` JSON, from a file or (`-`) standard input; empty or
/// invalid JSON is refused with the place of the problem.
fn read_answers(path: &Path) -> Result<serde_json::Value, CliError> {
    let (name, text) = if path == Path::new("-") {
        let text = read_text_from(std::io::stdin().lock()).map_err(|err| {
            CliError::data(format!("cannot read answers from standard input: {err}"))
        })?;
        ("standard input".to_string(), text)
    } else {
        let text = read_text(path).map_err(|err| {
            CliError::data(format!(
                "cannot read answers file {}: {err}",
                path.display()
            ))
        })?;
        (path.display().to_string(), text)
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    if text.trim().is_empty() {
        return Err(CliError::data(format!(
            "{name} is empty; give a JSON object of field id → value"
        )));
    }
    serde_json::from_str(text).map_err(|err| {
        CliError::data(format!(
            "{name}:{}:{}: not valid JSON: {err}",
            err.line(),
            err.column()
        ))
    })
}
