//! One function per subcommand. Each returns the exit code or a
//! [`CliError`] with the message and code.

use super::CommandContext;
use super::args::{EditArgs, ShowArgs};
use super::output::{CliError, EXIT_ERROR, EXIT_OK, ErrorKind, print};
use super::printer::one_line;
use crate::export::document;
use crate::export::text;
use crate::questionnaire::QuestionSet;
use crate::record::Record;
use crate::store::Store;
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
    // The record list is read only when the app starts on it (see
    // `tui::begin`).
    let mut app = match start {
        Start::Home => App::new(ctx.store, ctx.catalog, ctx.clock, theme),
        _ => App::without_home(ctx.store, ctx.catalog, ctx.clock, theme),
    };
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
        Err(err @ TuiError::NoTerminal) => Err(CliError::user(err)),
        Err(err @ TuiError::Panicked(_)) => Err(CliError::of(ErrorKind::WizardPanic, err)),
        Err(err) => Err(CliError::data(err)),
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
pub(super) fn run_plain(
    ctx: &CommandContext,
    set: &QuestionSet,
    record: Record,
) -> Result<u8, CliError> {
    let stdin = std::io::stdin();
    let stdout = std::io::stdout();
    match crate::plain::run_with(
        crate::plain::Options::for_stdin(),
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
