//! One function per subcommand. Each returns the exit code or a
//! [`CliError`] with the message and code.

use std::path::Path;

use super::CommandContext;
use super::args::{EditArgs, NewArgs, ShowArgs};
use super::output::{CliError, EXIT_ERROR, EXIT_OK, print, warn};
use super::printer::one_line;
use crate::answers_input::apply_answers;
use crate::export::document;
use crate::export::text;
use crate::questionnaire::{Binding, QuestionSet};
use crate::record::{Answer, Record, RecordId};
use crate::store::Store;
use crate::text_file::{read_text, read_text_from};
use crate::tui::app::App;
use crate::tui::{Start, TuiError};

/// Opens the TUI. Without a terminal this is a usage error (exit 2).
pub fn interactive(ctx: CommandContext, start: Start) -> Result<u8, CliError> {
    let theme = crate::tui::theme::Theme::from_settings(&ctx.settings);
    let settings = &ctx.settings;
    let (key_hints, mouse, editor) = (
        settings.key_hints.value,
        settings.mouse.value,
        settings.editor.value.clone(),
    );
    let default_set = settings.default_set.value.clone();
    // The author may come from `git config user.name`, a subprocess: look
    // it up beside the first frame instead of before it.
    let author_settings = settings.clone();
    let pending_author = std::thread::Builder::new()
        .name("preflight-author".into())
        .spawn(move || author_settings.author().value);
    let meeting_timebox = settings.meeting_timebox_minutes.value;
    let mut app = App::new(ctx.store, ctx.catalog, ctx.clock, theme);
    app.key_hints = key_hints;
    app.mouse = mouse;
    app.editor = editor;
    app.default_set = default_set;
    match pending_author {
        Ok(lookup) => app.pending_author = Some(lookup),
        // No thread to be had: ask git now, as before.
        Err(_) => app.default_author = settings.author().value,
    }
    app.meeting_timebox = meeting_timebox;
    let started_in = std::env::current_dir().unwrap_or_default();
    (app.export_dir, app.export_dir_origin) =
        crate::tui::export_folder::initial(&app.store, &settings.export_dir.value, &started_in);
    crate::tui::startup_notice(&mut app);
    match crate::tui::run(app, start) {
        Ok(()) => Ok(EXIT_OK),
        Err(TuiError::NoTerminal) => Err(CliError::data(TuiError::NoTerminal)),
        Err(err) => Err(CliError {
            code: EXIT_ERROR,
            message: err.to_string(),
        }),
    }
}

/// `preflight edit ID`.
pub fn edit(ctx: CommandContext, args: EditArgs) -> Result<u8, CliError> {
    let id = ctx.store.resolve(&args.id)?;
    let plain = args.plain || ctx.settings.plain.value;
    let record = match ctx.store.load(&id) {
        // The wizard walks a merge conflict field by field.
        Err(crate::store::StoreError::Conflicted { .. }) if !plain => {
            return interactive(ctx, Start::Edit(id));
        }
        loaded => loaded?,
    };
    let set = set_for(&ctx, &record)?;
    if plain {
        let _lock = ctx.store.lock(&id)?.ok_or_else(|| {
            CliError::data(format!(
                "record {id} is open in another preflight; close it there first"
            ))
        })?;
        return run_plain(&ctx, set, record);
    }
    interactive(ctx, Start::Edit(id))
}

/// Runs plain mode on standard input and output; exit 0 at the end of
/// input, with everything answered so far saved.
fn run_plain(ctx: &CommandContext, set: &QuestionSet, record: Record) -> Result<u8, CliError> {
    let stdin = std::io::stdin();
    let stdout = std::io::stdout();
    match crate::plain::run(
        &ctx.store,
        set,
        ctx.clock.as_ref(),
        record,
        stdin.lock(),
        stdout.lock(),
    ) {
        Ok(_) => Ok(EXIT_OK),
        Err(crate::plain::PlainError::ClosedOutput) => Err(CliError::closed_pipe()),
        Err(err) => Err(CliError::data(err)),
    }
}

/// `preflight init`: makes the store, or in a clone of a repository that
/// has one, sets the clone up (see [`crate::setup`]); the message is
/// informational (`--quiet` drops it).
pub fn init(quiet: bool) -> Result<u8, CliError> {
    let print = |text: &str| super::output::info(quiet, text);
    let cwd = std::env::current_dir()
        .map_err(|err| CliError::data(format!("cannot read the current folder: {err}")))?;
    let (store, existed) = Store::init(&cwd)?;
    let mut out = if existed {
        format!(
            "{} is already a preflight store; set up this clone:\n",
            store.root().display()
        )
    } else {
        format!(
            "Made {}; commit it with your code.\n",
            store.root().display()
        )
    };
    for line in crate::setup::set_up(&store)? {
        out.push_str(&format!("- {line}\n"));
    }
    out.push_str(&match std::env::var_os(crate::store::STORE_ENV).filter(|v| !v.is_empty()) {
        // PREFLIGHT_STORE wins over a .preflight/ folder (the order is
        // --store, PREFLIGHT_STORE, .preflight/ here or above, the data
        // folder), so saying "kept here" would send records elsewhere.
        Some(env) => format!(
            "Note: PREFLIGHT_STORE is set ({}), and it wins over {}: records you make here go there until you unset it (`unset PREFLIGHT_STORE`).\n",
            cwd.join(std::path::PathBuf::from(env)).display(),
            store.root().display()
        ),
        None => "Records made in this folder (or below it) are kept there.\n".to_string(),
    });
    print(&out)?;
    Ok(EXIT_OK)
}

pub(super) fn set_for<'a>(
    ctx: &'a CommandContext,
    record: &Record,
) -> Result<&'a QuestionSet, CliError> {
    ctx.catalog.get(&record.set.id).ok_or_else(|| {
        CliError::data(format!(
            "record {} uses question set {:?}, which is not installed; put its JSON file in {}",
            record.id,
            record.set.id,
            ctx.store.questionnaires_dir().display()
        ))
    })
}

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

/// `preflight new`.
pub fn new(ctx: CommandContext, args: NewArgs) -> Result<u8, CliError> {
    if args.plain || (!args.no_input && ctx.settings.plain.value) {
        let set = ctx.set_for_new(args.set_id.as_deref())?;
        let id = RecordId::generate()
            .map_err(|err| CliError::data(format!("cannot make a random record id: {err}")))?;
        let mut record = Record::new(id, "", set, ctx.clock.now());
        let author = Some(
            args.author
                .clone()
                .unwrap_or_else(|| ctx.settings.author().value),
        )
        .filter(|a| !a.is_empty());
        for (binding, value) in [(Binding::Title, &args.title), (Binding::Author, &author)] {
            let Some(value) = value else { continue };
            match set.bound_field(binding) {
                Some(field) => record.set_answer(field, Some(Answer::Text(value.clone()))),
                // A set that does not ask for it still gets it on the record.
                None if binding == Binding::Title => record.title = value.trim().to_string(),
                None => record.author = value.trim().to_string(),
            }
        }
        return run_plain(&ctx, set, record);
    }
    if !args.no_input {
        if args.answers.is_some() || args.set_id.is_some() || args.author.is_some() {
            return Err(CliError::data(
                "--answers and --author go with --no-input; the wizard asks for them",
            ));
        }
        let set = ctx.set_for_new(args.set_id.as_deref())?.id.clone();
        let mut ctx = ctx;
        ctx.settings.default_set.value = set;
        return interactive(ctx, Start::New(args.title));
    }
    let ctx = &ctx;
    let set = ctx.set_for_new(args.set_id.as_deref())?;
    let id = RecordId::generate()
        .map_err(|err| CliError::data(format!("cannot make a random record id: {err}")))?;
    let mut record = Record::new(id, "", set, ctx.clock.now());
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
                if errors.len() == 1 { "" } else { "s" },
                errors.join("\n  ")
            ))
        })?;
    }
    for (binding, value) in [
        (Binding::Title, &args.title),
        (Binding::Author, &args.author),
    ] {
        let Some(value) = value else { continue };
        match set.bound_field(binding) {
            Some(field) => record.set_answer(field, Some(Answer::Text(value.clone()))),
            None if binding == Binding::Title => record.title = value.trim().to_string(),
            None => record.author = value.trim().to_string(),
        }
    }
    // No --author and no author in --answers: the setting (or git's name).
    let has_author = match set.bound_field(Binding::Author) {
        Some(field) => record.answer(field).is_some_and(|a| !a.is_empty()),
        None => !record.author.is_empty(),
    };
    if !has_author {
        let author = ctx.settings.author().value;
        match set.bound_field(Binding::Author) {
            _ if author.is_empty() => {}
            Some(field) => record.set_answer(field, Some(Answer::Text(author))),
            None => record.author = author,
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

fn load(ctx: &CommandContext, handle: &str) -> Result<Record, CliError> {
    let id = ctx.store.resolve(handle)?;
    Ok(ctx.store.load(&id)?)
}

/// `preflight show`.
pub fn show(ctx: &CommandContext, args: ShowArgs) -> Result<u8, CliError> {
    let record = load(ctx, &args.id)?;
    let set = set_for(ctx, &record)?;
    let all = super::one_record::neighbours(ctx, &record)?.records;
    print(&text::render(&document::build_with(set, &record, &all)))?;
    Ok(EXIT_OK)
}

/// `preflight sets`.
pub fn sets(ctx: &CommandContext) -> Result<u8, CliError> {
    let mut out = String::new();
    for loaded in &ctx.catalog.sets {
        let set = &loaded.set;
        out.push_str(&format!(
            "{}  {} {}  ({} sections, {} questions)  {}\n",
            one_line(&set.id),
            one_line(&set.name),
            one_line(&set.version.to_string()),
            set.sections.len(),
            set.question_count(),
            loaded.source
        ));
    }
    print(&out)?;
    Ok(if ctx.catalog.problems.is_empty() {
        EXIT_OK
    } else {
        EXIT_ERROR
    })
}
