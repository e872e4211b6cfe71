//! The command line: parse arguments, find the store and question sets,
//! run one command, and map the outcome to a documented exit code.

mod args;
mod check_all;
mod check_cmd;
mod check_format;
mod check_select;
mod commands;
mod config_cmd;
mod data;
mod doctor;
mod generate;
mod import;
mod lifecycle;
mod list;
mod meeting;
mod new;
mod one_record;
mod output;
pub mod printer;
mod publish;
mod resolve;
mod sets_show;
mod shell;

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Parser;

pub use args::{Cli, Command};
pub use output::{CliError, EXIT_ERROR, EXIT_GAPS, EXIT_INTERNAL, EXIT_OK, ErrorKind, exit_code};

use crate::clock::{self, Clock};
use crate::config::{self, Settings};
use crate::questionnaire::{QuestionSet, SetCatalog};
use crate::store::{STORE_ENV, Store};
use args::ConfigAction;

/// Environment variable naming the config folder (question sets in its
/// `questionnaires/`); tests set it so they never read the real one.
pub const CONFIG_ENV: &str = "PREFLIGHT_CONFIG_DIR";

/// What every command needs: the store, the question sets, the clock and
/// the settings.
pub struct CommandContext {
    /// The store in use.
    pub store: Store,
    /// Question sets in use.
    pub catalog: SetCatalog,
    /// Where "now" comes from.
    pub clock: Box<dyn Clock>,
    /// `--verbose`.
    pub verbose: bool,
    /// `--quiet`: leave out informational lines.
    pub quiet: bool,
    /// Effective settings (defaults, config file, environment, flags).
    pub settings: Settings,
}

/// The platform's data folder for preflight, if the user has a home.
pub fn default_data_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "preflight").map(|dirs| dirs.data_dir().to_path_buf())
}

/// The config file's path (`config.toml` in [`config_dir`]), if there is a
/// config folder.
pub fn config_file() -> Option<PathBuf> {
    config_dir().map(|dir| dir.join(config::FILE_NAME))
}

/// Loads the settings for the global flags; a bad config file or
/// environment variable is a data error (exit 2).
pub fn load_settings(cli: &Cli) -> Result<Settings, CliError> {
    let flags = config::Flags {
        no_config: cli.no_config,
        theme: cli.theme,
        color: cli.color,
    };
    Settings::load(config_dir().as_deref(), &flags).map_err(|err| CliError::data(err.message))
}

/// The config folder: `PREFLIGHT_CONFIG_DIR`, else the platform's.
pub fn config_dir() -> Option<PathBuf> {
    match std::env::var_os(CONFIG_ENV).filter(|v| !v.is_empty()) {
        Some(dir) => Some(PathBuf::from(dir)),
        None => directories::ProjectDirs::from("", "", "preflight")
            .map(|dirs| dirs.config_dir().to_path_buf()),
    }
}

impl CommandContext {
    /// Today's date in the user's time zone, from the context's clock.
    pub fn today(&self) -> jiff::civil::Date {
        self.clock
            .now()
            .to_zoned(jiff::tz::TimeZone::system())
            .date()
    }

    /// Prints an informational line (a confirmation, not data) unless
    /// `--quiet`.
    pub fn info(&self, text: &str) -> Result<(), CliError> {
        output::info(self.quiet, text)
    }

    /// The question set for a new record: `--set`, else the `default_set`
    /// setting; an unknown id names where it came from.
    pub fn set_for_new(&self, flag: Option<&str>) -> Result<&QuestionSet, CliError> {
        let chosen = self
            .settings
            .default_set
            .clone()
            .or_flag(flag.map(str::to_string), "--set");
        self.catalog.get(&chosen.value).ok_or_else(|| {
            let known: Vec<&str> = self
                .catalog
                .sets
                .iter()
                .map(|s| s.set.id.as_str())
                .collect();
            let from = match chosen.source {
                config::Source::Flag(_) => String::new(),
                source => format!(" (default_set, {source})"),
            };
            CliError::data(format!(
                "no question set {:?}{from}; available: {} (`preflight sets` lists them)",
                chosen.value,
                known.join(", ")
            ))
        })
    }

    /// Finds the store and loads question sets as the environment says.
    pub fn from_env(
        store_flag: Option<&Path>,
        verbose: bool,
        quiet: bool,
        settings: Settings,
    ) -> Result<CommandContext, CliError> {
        let cwd = std::env::current_dir()
            .map_err(|err| CliError::data(format!("cannot read the current folder: {err}")))?;
        let env: Option<OsString> = std::env::var_os(STORE_ENV);
        let store = Store::locate(store_flag, env, &cwd, default_data_dir())?;
        let mut folders = Vec::new();
        if let Some(config) = config_dir() {
            folders.push(config.join("questionnaires"));
        }
        folders.push(store.questionnaires_dir());
        let catalog = SetCatalog::load(&folders);
        for problem in &catalog.problems {
            output::warn(&format!("warning: question set skipped: {problem}"));
        }
        let now = std::env::var(clock::NOW_ENV).ok();
        let clock = clock::from_env(now.as_deref()).map_err(CliError::data)?;
        if verbose {
            output::warn(&format!(
                "store: {} ({})",
                store.root().display(),
                store.origin()
            ));
            if let Some(path) = &settings.path {
                output::warn(&format!(
                    "config: {} ({})",
                    path.display(),
                    settings.file_state.describe()
                ));
            }
        }
        Ok(CommandContext {
            store,
            catalog,
            clock,
            verbose,
            quiet,
            settings,
        })
    }
}

/// Runs the command line with the process arguments.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            if !err.use_stderr() {
                // Help and version: our own text, in clap's colours.
                let _ = err.print();
                return ExitCode::from(EXIT_OK);
            }
            // A usage error quotes the argument given, which may hold
            // control characters (pasted from a record): through the
            // printer, as plain text.
            let message = err.render().to_string();
            output::warn(message.trim_end());
            return ExitCode::from(exit_code(ErrorKind::User));
        }
    };
    // A panic in a command is a bug: Rust's hook has printed where it
    // happened; say it is a bug and exit with the internal-error code
    // instead of Rust's 101. (The wizard catches its own panics first, to
    // save the record and give the terminal back.)
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run(cli)))
        .unwrap_or_else(|payload| Err(CliError::internal(panic_text(payload.as_ref()))));
    match result {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            let report = err.report();
            if !report.is_empty() {
                output::warn(&report);
            }
            ExitCode::from(err.code())
        }
    }
}

/// What a panic said, for the internal-error message.
fn panic_text(payload: &(dyn std::any::Any + Send)) -> String {
    let said = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "no message".to_string());
    format!("a command panicked: {said}")
}

/// Test-only: with [`crate::tui::TEST_PANIC_ENV`] set to this value, every
/// command that reaches [`run`] panics at once, so tests can prove a bug is
/// reported as one (exit 70, a request for a report). Unset, as for every
/// user, nothing happens.
pub const TEST_PANIC_COMMAND: &str = "command";

/// Runs parsed arguments; returns the exit code.
pub fn run(cli: Cli) -> Result<u8, CliError> {
    if std::env::var_os(crate::tui::TEST_PANIC_ENV).is_some_and(|v| v == TEST_PANIC_COMMAND) {
        panic!("test panic before running the command ({TEST_PANIC_COMMAND})");
    }
    // Commands that need neither the store nor a readable config file.
    if cli.version {
        return shell::version(&cli);
    }
    match &cli.command {
        Some(Command::Completions(args)) => return shell::completions(args.shell),
        Some(Command::Man) => return shell::man(),
        Some(Command::Generate(args)) => return generate::run(args),
        // Git runs the driver mid-merge: it needs no store and no config.
        Some(Command::MergeDriver(args)) => return resolve::driver(args),
        Some(Command::Config(args)) if matches!(args.action, ConfigAction::Path) => {
            return config_cmd::path();
        }
        _ => {}
    }
    let settings = load_settings(&cli)?;
    match &cli.command {
        Some(Command::Config(args)) => return config_cmd::run(&settings, args),
        Some(Command::Init) => return commands::init(cli.quiet),
        Some(Command::Resolve(args)) if Path::new(&args.record).is_file() => {
            return resolve::resolve(Path::new(&args.record), args);
        }
        _ => {}
    }
    let ctx = CommandContext::from_env(cli.store.as_deref(), cli.verbose, cli.quiet, settings)?;
    let Some(command) = cli.command else {
        return commands::interactive(ctx, crate::tui::Start::Home);
    };
    match command {
        Command::Init => commands::init(ctx.quiet),
        Command::Edit(args) => commands::edit(ctx, args),
        Command::Meet(args) => meeting::meet(ctx, args),
        Command::Actions(args) => meeting::actions(&ctx, args),
        Command::New(args) => new::new(ctx, args),
        Command::List(args) => list::list(&ctx, args),
        Command::Show(args) if args.json => data::show(&ctx, &args),
        Command::Show(args) => commands::show(&ctx, args),
        Command::Export(args) => publish::export(&ctx, &args.resolve(&ctx.settings)),
        Command::Check(args) => check_cmd::check(&ctx, args),
        Command::Sets(args::SetsArgs {
            action: Some(args::SetsAction::Show(show)),
            ..
        }) => sets_show::show(&ctx, &show),
        Command::Sets(args) if args.json => data::sets(&ctx),
        Command::Sets(_) => commands::sets(&ctx),
        Command::Doctor(args) => doctor::doctor(&ctx, args),
        Command::Import(args) => import::run(&ctx, args),
        Command::Status(args) => lifecycle::status(&ctx, args),
        Command::Supersede(args) => lifecycle::supersede(&ctx, args),
        Command::Link(args) => lifecycle::link(&ctx, args, true),
        Command::Unlink(args) => lifecycle::link(&ctx, args, false),
        Command::Config(args) => config_cmd::run(&ctx.settings, &args),
        Command::Completions(args) => shell::completions(args.shell),
        Command::Man => shell::man(),
        Command::Generate(args) => generate::run(&args),
        Command::Resolve(args) => {
            let id = ctx.store.resolve(&args.record)?;
            resolve::resolve(&ctx.store.record_path(&id), &args)
        }
        Command::MergeDriver(args) => resolve::driver(&args),
    }
}
