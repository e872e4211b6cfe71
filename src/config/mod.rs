//! Settings: built-in defaults, then the config file (`config.toml` in the
//! config folder), then environment variables, then command-line flags; the
//! last one given wins. Every effective value remembers where it came from,
//! so `preflight config show` can say why a setting has the value it has.
//!
//! - `keys.rs`: every key once: environment variable, docs, how its value
//!   is checked and where it goes. Add a setting there.
//! - `file.rs`: reading `config.toml`; a mistake is an error naming the
//!   file, line, column and key; `--no-config` skips the file.
//! - `values.rs`: the colour, theme and export format choices.

use std::fmt;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use crate::export::Layout;
use crate::questionnaire::DEFAULT_SET_ID;

mod file;
mod keys;
mod values;

use keys::{Given, SPECS};
pub use keys::{KEYS, env_var, key_docs};
pub use values::{Choice, ColorWhen, ExportFormat, ThemeName};

/// The config file's name inside the config folder.
pub const FILE_NAME: &str = "config.toml";

/// The editor when neither the settings nor `$VISUAL` / `$EDITOR` name one.
pub const FALLBACK_EDITOR: &str = "vi";

/// Where an effective value came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// The built-in default.
    Default,
    /// `git config user.name` (the author's default).
    Git,
    /// The config file, at this 1-based line.
    File {
        /// The file.
        path: PathBuf,
        /// Line of the key.
        line: usize,
    },
    /// An environment variable.
    Env(&'static str),
    /// A command-line flag (`--theme`).
    Flag(&'static str),
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Default => f.write_str("default"),
            Source::Git => f.write_str("git config user.name"),
            Source::File { path, line } => write!(f, "file {}:{line}", path.display()),
            Source::Env(name) => write!(f, "env {name}"),
            Source::Flag(name) => write!(f, "flag {name}"),
        }
    }
}

impl Source {
    /// The source as JSON: `{"kind": "default" | "git" | "file" | "env" |
    /// "flag", ...}` with `path` and `line` for a file and `name` for an
    /// environment variable or flag.
    pub fn to_json(&self) -> Value {
        match self {
            Source::Default => json!({ "kind": "default" }),
            Source::Git => json!({ "kind": "git" }),
            Source::File { path, line } => json!({ "kind": "file", "path": path, "line": line }),
            Source::Env(name) => json!({ "kind": "env", "name": name }),
            Source::Flag(name) => json!({ "kind": "flag", "name": name }),
        }
    }
}

/// An effective value and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setting<T> {
    /// The value in force.
    pub value: T,
    /// Where it was set.
    pub source: Source,
}

impl<T> Setting<T> {
    fn default(value: T) -> Setting<T> {
        Setting::new(value, Source::Default)
    }

    fn new(value: T, source: Source) -> Setting<T> {
        Setting { value, source }
    }

    /// The setting, or the flag's value when the flag was given.
    pub fn or_flag(self, flag: Option<T>, name: &'static str) -> Setting<T> {
        match flag {
            Some(value) => Setting {
                value,
                source: Source::Flag(name),
            },
            None => self,
        }
    }
}

/// What happened to the config file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileState {
    /// Read and used.
    Read,
    /// Not there: defaults apply.
    Missing,
    /// Skipped because of `--no-config`.
    Ignored,
    /// No config folder (no home folder and no `PREFLIGHT_CONFIG_DIR`).
    NoFolder,
}

impl FileState {
    /// A word for `config show` and `--version -v`.
    pub fn describe(self) -> &'static str {
        match self {
            FileState::Read => "read",
            FileState::Missing => "not found; defaults apply",
            FileState::Ignored => "ignored: --no-config",
            FileState::NoFolder => "no config folder",
        }
    }

    /// The name in `config show --json`.
    pub fn name(self) -> &'static str {
        match self {
            FileState::Read => "read",
            FileState::Missing => "missing",
            FileState::Ignored => "ignored",
            FileState::NoFolder => "no-folder",
        }
    }
}

/// Flags that take part in the settings.
#[derive(Debug, Clone, Default)]
pub struct Flags {
    /// `--no-config`.
    pub no_config: bool,
    /// `--theme`.
    pub theme: Option<ThemeName>,
    /// `--color`.
    pub color: Option<ColorWhen>,
}

/// A config file or environment variable that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// One or more lines, each naming the file, line, column and key (or
    /// the environment variable).
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ConfigError {}

/// The effective settings.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The config file, if there is a config folder.
    pub path: Option<PathBuf>,
    /// Whether it was read.
    pub file_state: FileState,
    /// Set by the file or `PREFLIGHT_AUTHOR`; else [`Settings::author`]
    /// asks git.
    author: Option<Setting<String>>,
    /// The question set `new` uses without `--set`.
    pub default_set: Setting<String>,
    /// Minutes per question in meeting mode.
    pub meeting_timebox_minutes: Setting<u32>,
    /// The external editor command (Ctrl-E).
    pub editor: Setting<String>,
    /// The TUI theme; `none` when `NO_COLOR` asks for no colour.
    pub theme: Setting<ThemeName>,
    /// Whether the TUI shows the key bar.
    pub key_hints: Setting<bool>,
    /// `export` without `--format`.
    pub export_format: Setting<ExportFormat>,
    /// `export` without `--layout`.
    pub export_layout: Setting<Layout>,
    /// The folder the review's export offers; empty for the current folder.
    pub export_dir: Setting<String>,
    /// Whether the TUI takes mouse input.
    pub mouse: Setting<bool>,
    /// Whether `new` and `edit` use plain mode without `--plain`.
    pub plain: Setting<bool>,
    /// `--color` (a flag only).
    pub color: Setting<ColorWhen>,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            path: None,
            file_state: FileState::NoFolder,
            author: None,
            default_set: Setting::default(DEFAULT_SET_ID.to_string()),
            meeting_timebox_minutes: Setting::default(crate::meeting::DEFAULT_TIMEBOX_MINUTES),
            editor: Setting::default(FALLBACK_EDITOR.to_string()),
            theme: Setting::default(ThemeName::Dark),
            key_hints: Setting::default(true),
            export_format: Setting::default(ExportFormat::Md),
            export_layout: Setting::default(Layout::Default),
            export_dir: Setting::default(String::new()),
            mouse: Setting::default(false),
            plain: Setting::default(false),
            color: Setting::default(ColorWhen::Auto),
        }
    }
}

impl Settings {
    /// Loads settings for this process: the config file in `config_dir`
    /// (unless `--no-config`), the process environment, and the flags.
    pub fn load(config_dir: Option<&Path>, flags: &Flags) -> Result<Settings, ConfigError> {
        let path = config_dir.map(|dir| dir.join(FILE_NAME));
        Settings::resolve(path, flags, &|name| {
            std::env::var(name).ok().filter(|v| !v.is_empty())
        })
    }

    /// Loads settings with the environment given as a lookup (for tests):
    /// defaults, then the file, then the environment, then the flags.
    pub fn resolve(
        path: Option<PathBuf>,
        flags: &Flags,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Settings, ConfigError> {
        let mut settings = Settings {
            path: path.clone(),
            ..Settings::default()
        };
        settings.file_state = settings.read_file(path.as_deref(), flags)?;
        settings.read_env(env)?;
        settings.editor_from_env(env);
        settings.apply_color(flags, env);
        Ok(settings)
    }

    /// Reads the config file into the settings, unless there is none or
    /// `--no-config` skips it.
    fn read_file(&mut self, path: Option<&Path>, flags: &Flags) -> Result<FileState, ConfigError> {
        let Some(path) = path else {
            return Ok(FileState::NoFolder);
        };
        if flags.no_config {
            return Ok(FileState::Ignored);
        }
        match std::fs::read_to_string(path) {
            Ok(text) => file::apply(self, path, &text).map(|()| FileState::Read),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(FileState::Missing),
            Err(err) => Err(ConfigError {
                message: format!(
                    "cannot read the config file {}: {err}\n{}",
                    path.display(),
                    file::NO_CONFIG_HINT
                ),
            }),
        }
    }

    /// Each key's environment variable, over the file; the first bad one
    /// is an error naming the variable.
    fn read_env(&mut self, env: &dyn Fn(&str) -> Option<String>) -> Result<(), ConfigError> {
        for spec in &SPECS {
            if let Some(text) = env(spec.env) {
                (spec.set)(self, Given::Env(&text), Source::Env(spec.env)).map_err(|why| {
                    ConfigError {
                        message: format!("{}={text:?}: {why}", spec.env),
                    }
                })?;
            }
        }
        Ok(())
    }

    /// The editor: PREFLIGHT_EDITOR or the file, then the general-purpose
    /// VISUAL and EDITOR (which most shells set for everything), then vi.
    fn editor_from_env(&mut self, env: &dyn Fn(&str) -> Option<String>) {
        if self.editor.source != Source::Default {
            return;
        }
        if let Some(found) = ["VISUAL", "EDITOR"]
            .into_iter()
            .find_map(|name| env(name).map(|value| Setting::new(value, Source::Env(name))))
        {
            self.editor = found;
        }
    }

    /// NO_COLOR outranks the file and PREFLIGHT_THEME; `--color always` and
    /// `--theme` outrank NO_COLOR.
    fn apply_color(&mut self, flags: &Flags, env: &dyn Fn(&str) -> Option<String>) {
        if env("NO_COLOR").is_some() && flags.color != Some(ColorWhen::Always) {
            self.theme = Setting::new(ThemeName::None, Source::Env("NO_COLOR"));
        }
        self.theme = self.theme.clone().or_flag(flags.theme, "--theme");
        self.color = self.color.clone().or_flag(flags.color, "--color");
    }

    /// The author: set by the file or `PREFLIGHT_AUTHOR`, else `git config
    /// user.name` run in the current folder, else empty. Git runs only when
    /// asked, so commands that need no author never start it.
    pub fn author(&self) -> Setting<String> {
        self.author_or(|| crate::git::user_name(None))
    }

    /// [`Settings::author`] with the git lookup given (for tests).
    pub fn author_or(&self, git: impl FnOnce() -> Option<String>) -> Setting<String> {
        if let Some(author) = &self.author {
            return author.clone();
        }
        match git() {
            Some(name) => Setting {
                value: name,
                source: Source::Git,
            },
            // The last source of the one identity (see crate::identity).
            None => match crate::identity::login_name() {
                Some((name, var)) => Setting {
                    value: name,
                    source: Source::Env(var),
                },
                None => Setting::default(String::new()),
            },
        }
    }

    /// Whether to colour output: `--color always`/`never`, or with `auto`
    /// only on a terminal and when the theme is not `none` (which
    /// `NO_COLOR` makes it).
    pub fn color_enabled(&self, stdout_is_terminal: bool) -> bool {
        match self.color.value {
            ColorWhen::Always => true,
            ColorWhen::Never => false,
            ColorWhen::Auto => stdout_is_terminal && self.theme.value != ThemeName::None,
        }
    }

    /// Every effective setting for `config show`: key, value as JSON, and
    /// source, in [`KEYS`] order and then `color`.
    pub fn entries(&self) -> Vec<(&'static str, Value, Source)> {
        let mut entries: Vec<(&'static str, Value, Source)> = SPECS
            .iter()
            .map(|spec| {
                let (value, source) = (spec.get)(self);
                (spec.key, value, source)
            })
            .collect();
        entries.push((
            "color",
            json!(self.color.value.name()),
            self.color.source.clone(),
        ));
        entries
    }
}

#[cfg(test)]
mod tests;
