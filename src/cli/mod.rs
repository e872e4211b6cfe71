//! The command line: parse arguments, find the store and question sets,
//! run one command, and map the outcome to a documented exit code.

mod args;
mod commands;
mod lifecycle;
mod list;
mod output;
mod publish;

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Parser;

pub use args::{Cli, Command};
pub use output::{CliError, EXIT_ERROR, EXIT_GAPS, EXIT_OK};

use crate::clock::{self, Clock};
use crate::questionnaire::SetCatalog;
use crate::store::{STORE_ENV, Store};

/// Environment variable naming the config folder (question sets in its
/// `questionnaires/`); tests set it so they never read the real one.
pub const CONFIG_ENV: &str = "PREFLIGHT_CONFIG_DIR";

/// What every command needs: the store, the question sets, the clock.
pub struct Context {
    /// The store in use.
    pub store: Store,
    /// Question sets in use.
    pub catalog: SetCatalog,
    /// Where "now" comes from.
    pub clock: Box<dyn Clock>,
    /// `--verbose`.
    pub verbose: bool,
}

/// The platform's data folder for preflight, if the user has a home.
pub fn default_data_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "preflight").map(|dirs| dirs.data_dir().to_path_buf())
}

/// The config folder: `PREFLIGHT_CONFIG_DIR`, else the platform's.
pub fn config_dir() -> Option<PathBuf> {
    match std::env::var_os(CONFIG_ENV).filter(|v| !v.is_empty()) {
        Some(dir) => Some(PathBuf::from(dir)),
        None => directories::ProjectDirs::from("", "", "preflight")
            .map(|dirs| dirs.config_dir().to_path_buf()),
    }
}

impl Context {
    /// Today's date in the user's time zone, from the context's clock.
    pub fn today(&self) -> jiff::civil::Date {
        self.clock
            .now()
            .to_zoned(jiff::tz::TimeZone::system())
            .date()
    }

    /// Finds the store and loads question sets as the environment says.
    pub fn from_env(store_flag: Option<&Path>, verbose: bool) -> Result<Context, CliError> {
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
        }
        Ok(Context {
            store,
            catalog,
            clock,
            verbose,
        })
    }
}

/// Runs the command line with the process arguments.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let code = if err.use_stderr() {
                EXIT_ERROR
            } else {
                EXIT_OK
            };
            let _ = err.print();
            return ExitCode::from(code);
        }
    };
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            if !err.message.is_empty() {
                output::warn(&format!("preflight: {}", err.message));
            }
            ExitCode::from(err.code)
        }
    }
}

/// Runs parsed arguments; returns the exit code.
pub fn run(cli: Cli) -> Result<u8, CliError> {
    if let Some(Command::Init) = cli.command {
        return commands::init();
    }
    let ctx = Context::from_env(cli.store.as_deref(), cli.verbose)?;
    let Some(command) = cli.command else {
        return commands::interactive(ctx, crate::tui::Start::Home);
    };
    match command {
        Command::Init => commands::init(),
        Command::Edit(args) => commands::edit(ctx, args),
        Command::New(args) => commands::new(ctx, args),
        Command::List(args) => list::list(&ctx, args),
        Command::Show(args) => commands::show(&ctx, args),
        Command::Export(args) => publish::export(&ctx, args),
        Command::Check(args) => commands::check(&ctx, args),
        Command::Sets => commands::sets(&ctx),
        Command::Status(args) => lifecycle::status(&ctx, args),
        Command::Supersede(args) => lifecycle::supersede(&ctx, args),
        Command::Link(args) => lifecycle::link(&ctx, args, true),
        Command::Unlink(args) => lifecycle::link(&ctx, args, false),
    }
}
