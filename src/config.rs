//! Settings: built-in defaults, then the config file (`config.toml` in the
//! config folder), then environment variables, then command-line flags; the
//! last one given wins. Every effective value remembers where it came from,
//! so `preflight config show` can say why a setting has the value it has.
//!
//! The file is TOML with flat keys (see [`KEYS`]). A mistake in it (an
//! unknown key, a wrong type, a value that is not allowed, broken TOML) is an
//! error naming the file, line, column and key; `--no-config` skips the file.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};
use toml::de::{DeTable, DeValue};

use crate::questionnaire::DEFAULT_SET_ID;

/// The config file's name inside the config folder.
pub const FILE_NAME: &str = "config.toml";

/// The editor when neither the settings nor `$VISUAL` / `$EDITOR` name one.
pub const FALLBACK_EDITOR: &str = "vi";

/// Default length of one question's timebox in meeting mode.
pub const DEFAULT_TIMEBOX_MINUTES: u32 = 10;

/// The largest timebox accepted, in minutes.
pub const MAX_TIMEBOX_MINUTES: u32 = 240;

/// What kind of value a key takes.
#[derive(Debug, Clone, Copy)]
enum Kind {
    /// A one-line string.
    Text,
    /// One of a fixed list of strings.
    Choice(&'static [&'static str]),
    /// true or false.
    Bool,
    /// Whole minutes, 1 to [`MAX_TIMEBOX_MINUTES`].
    Minutes,
}

/// One key of the config file and the environment variable that overrides it.
struct Spec {
    key: &'static str,
    kind: Kind,
    env: &'static str,
    default: &'static str,
    help: &'static str,
}

const THEMES: &[&str] = &["dark", "light", "high-contrast", "none"];
const FORMATS: &[&str] = &["md", "html"];
const LAYOUTS: &[&str] = &["default", "adr"];

const SPECS: [Spec; 11] = [
    Spec {
        key: "author",
        kind: Kind::Text,
        env: "PREFLIGHT_AUTHOR",
        default: "`git config user.name`, else empty",
        help: "The author `new` records when --author is not given.",
    },
    Spec {
        key: "default_set",
        kind: Kind::Text,
        env: "PREFLIGHT_SET",
        default: "production",
        help: "The question set `new` uses when --set is not given.",
    },
    Spec {
        key: "meeting_timebox_minutes",
        kind: Kind::Minutes,
        env: "PREFLIGHT_TIMEBOX_MINUTES",
        default: "10",
        help: "Minutes per question when running a review meeting.",
    },
    Spec {
        key: "editor",
        kind: Kind::Text,
        env: "PREFLIGHT_EDITOR",
        default: "$VISUAL, else $EDITOR, else vi",
        help: "The command Ctrl-E opens a multi-line answer in.",
    },
    Spec {
        key: "theme",
        kind: Kind::Choice(THEMES),
        env: "PREFLIGHT_THEME",
        default: "dark",
        help: "Colours of the wizard: dark, light, high-contrast or none.",
    },
    Spec {
        key: "key_hints",
        kind: Kind::Bool,
        env: "PREFLIGHT_KEY_HINTS",
        default: "true",
        help: "Show the key bar at the bottom of the wizard.",
    },
    Spec {
        key: "export_format",
        kind: Kind::Choice(FORMATS),
        env: "PREFLIGHT_EXPORT_FORMAT",
        default: "md",
        help: "What `export` writes without --format: md or html.",
    },
    Spec {
        key: "export_layout",
        kind: Kind::Choice(LAYOUTS),
        env: "PREFLIGHT_EXPORT_LAYOUT",
        default: "default",
        help: "How `export` names files without --layout: default or adr.",
    },
    Spec {
        key: "export_dir",
        kind: Kind::Text,
        env: "PREFLIGHT_EXPORT_DIR",
        default: "the folder preflight started in",
        help: "The folder the review's export (e) offers until you export somewhere else.",
    },
    Spec {
        key: "mouse",
        kind: Kind::Bool,
        env: "PREFLIGHT_MOUSE",
        default: "false",
        help: "Let the wizard take mouse clicks and scrolling.",
    },
    Spec {
        key: "plain",
        kind: Kind::Bool,
        env: "PREFLIGHT_PLAIN",
        default: "false",
        help: "`new` and `edit` ask plain line-by-line questions instead of the full-screen wizard.",
    },
];

/// Every key the config file accepts, in the order `config show` lists them.
pub const KEYS: [&str; 11] = [
    "author",
    "default_set",
    "meeting_timebox_minutes",
    "editor",
    "theme",
    "key_hints",
    "export_format",
    "export_layout",
    "export_dir",
    "mouse",
    "plain",
];

/// The environment variable that overrides a config key.
pub fn env_var(key: &str) -> Option<&'static str> {
    SPECS.iter().find(|s| s.key == key).map(|s| s.env)
}

/// Documentation of every key, in [`KEYS`] order: (key, environment
/// variable, default, what it does). The man page is written from it.
pub fn key_docs() -> impl Iterator<Item = (&'static str, &'static str, &'static str, &'static str)>
{
    SPECS.iter().map(|s| (s.key, s.env, s.default, s.help))
}

/// `--color`: when to use colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ColorWhen {
    // Plain comments, not doc comments: clap would turn variant docs into a
    // long `--help` for every command.
    // Colour when standard output is a terminal and `NO_COLOR` is unset.
    #[default]
    Auto,
    // Always colour, even into a pipe and despite `NO_COLOR`.
    Always,
    // Never colour.
    Never,
}

impl ColorWhen {
    /// The name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            ColorWhen::Auto => "auto",
            ColorWhen::Always => "always",
            ColorWhen::Never => "never",
        }
    }
}

/// The themes a user can choose (`theme` in the config file,
/// `PREFLIGHT_THEME`, `--theme`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ThemeName {
    /// Colours for a dark terminal background (the default).
    #[default]
    Dark,
    /// Colours that stay readable on a light background.
    Light,
    /// Bright colours and bold text, no dim text.
    HighContrast,
    /// No colours at all: bold, reverse and markers only.
    None,
}

impl ThemeName {
    /// Every theme, in the order the docs list them.
    pub const ALL: [ThemeName; 4] = [
        ThemeName::Dark,
        ThemeName::Light,
        ThemeName::HighContrast,
        ThemeName::None,
    ];

    /// The name used in the config file and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            ThemeName::Dark => "dark",
            ThemeName::Light => "light",
            ThemeName::HighContrast => "high-contrast",
            ThemeName::None => "none",
        }
    }

    /// Parses a theme name (exact, lowercase).
    pub fn parse(text: &str) -> Option<ThemeName> {
        ThemeName::ALL.into_iter().find(|t| t.name() == text)
    }
}

impl fmt::Display for ThemeName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// `export_format`: what `export` writes without `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ExportFormat {
    /// Markdown.
    #[default]
    Md,
    /// HTML.
    Html,
}

impl ExportFormat {
    /// The name in the config file.
    pub fn name(self) -> &'static str {
        match self {
            ExportFormat::Md => "md",
            ExportFormat::Html => "html",
        }
    }
}

/// `export_layout`: how `export` names files and headings without `--layout`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ExportLayout {
    /// `title-with-dashes.md`.
    #[default]
    Default,
    /// adr-tools: `NNNN-title.md`.
    Adr,
}

impl ExportLayout {
    /// The name in the config file.
    pub fn name(self) -> &'static str {
        match self {
            ExportLayout::Default => "default",
            ExportLayout::Adr => "adr",
        }
    }
}

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
        Setting {
            value,
            source: Source::Default,
        }
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
    pub export_layout: Setting<ExportLayout>,
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
            meeting_timebox_minutes: Setting::default(DEFAULT_TIMEBOX_MINUTES),
            editor: Setting::default(FALLBACK_EDITOR.to_string()),
            theme: Setting::default(ThemeName::Dark),
            key_hints: Setting::default(true),
            export_format: Setting::default(ExportFormat::Md),
            export_layout: Setting::default(ExportLayout::Default),
            export_dir: Setting::default(String::new()),
            mouse: Setting::default(false),
            plain: Setting::default(false),
            color: Setting::default(ColorWhen::Auto),
        }
    }
}

/// A value from the file or the environment, checked against its key's kind.
#[derive(Debug, Clone)]
enum Raw {
    Text(String),
    Bool(bool),
    Minutes(u32),
}

impl Raw {
    fn text(self) -> String {
        match self {
            Raw::Text(text) => text,
            Raw::Bool(flag) => flag.to_string(),
            Raw::Minutes(n) => n.to_string(),
        }
    }

    fn flag(&self) -> bool {
        matches!(self, Raw::Bool(true))
    }

    fn minutes(&self) -> u32 {
        match self {
            Raw::Minutes(n) => *n,
            _ => DEFAULT_TIMEBOX_MINUTES,
        }
    }
}

/// Values read from the file: key → (value, line).
type FileValues = BTreeMap<&'static str, (Raw, usize)>;

impl Settings {
    /// Loads settings for this process: the config file in `config_dir`
    /// (unless `--no-config`), the process environment, and the flags.
    pub fn load(config_dir: Option<&Path>, flags: &Flags) -> Result<Settings, ConfigError> {
        let path = config_dir.map(|dir| dir.join(FILE_NAME));
        Settings::resolve(path, flags, &|name| {
            std::env::var(name).ok().filter(|v| !v.is_empty())
        })
    }

    /// Loads settings with the environment given as a lookup (for tests).
    pub fn resolve(
        path: Option<PathBuf>,
        flags: &Flags,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Settings, ConfigError> {
        let (file, file_state) = match &path {
            None => (FileValues::new(), FileState::NoFolder),
            Some(_) if flags.no_config => (FileValues::new(), FileState::Ignored),
            Some(path) => match std::fs::read_to_string(path) {
                Ok(text) => (parse_file(path, &text)?, FileState::Read),
                Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                    (FileValues::new(), FileState::Missing)
                }
                Err(err) => {
                    return Err(ConfigError {
                        message: format!(
                            "cannot read the config file {}: {err}\n{}",
                            path.display(),
                            NO_CONFIG_HINT
                        ),
                    });
                }
            },
        };
        let file_path = path.clone().unwrap_or_default();
        // Environment over file over nothing, for one key.
        let pick = |key: &'static str| -> Result<Option<(Raw, Source)>, ConfigError> {
            let spec = SPECS.iter().find(|s| s.key == key).expect("known key");
            if let Some(text) = env(spec.env) {
                let raw = parse_env(spec.kind, &text).map_err(|why| ConfigError {
                    message: format!("{}={text:?}: {why}", spec.env),
                })?;
                return Ok(Some((raw, Source::Env(spec.env))));
            }
            Ok(file.get(key).map(|(raw, line)| {
                (
                    raw.clone(),
                    Source::File {
                        path: file_path.clone(),
                        line: *line,
                    },
                )
            }))
        };
        let mut settings = Settings {
            path,
            file_state,
            ..Settings::default()
        };
        let text = |found: Option<(Raw, Source)>, default: &Setting<String>| match found {
            Some((raw, source)) => Setting {
                value: raw.text(),
                source,
            },
            None => default.clone(),
        };
        let flag = |found: Option<(Raw, Source)>, default: &Setting<bool>| match found {
            Some((raw, source)) => Setting {
                value: raw.flag(),
                source,
            },
            None => default.clone(),
        };

        settings.author = pick("author")?.map(|(raw, source)| Setting {
            value: raw.text(),
            source,
        });
        settings.default_set = text(pick("default_set")?, &settings.default_set);
        if let Some((raw, source)) = pick("meeting_timebox_minutes")? {
            settings.meeting_timebox_minutes = Setting {
                value: raw.minutes(),
                source,
            };
        }
        // The editor: PREFLIGHT_EDITOR, the file, then the general-purpose
        // VISUAL and EDITOR (which most shells set for everything), then vi.
        settings.editor = match pick("editor")? {
            Some((raw, source)) => Setting {
                value: raw.text(),
                source,
            },
            None => ["VISUAL", "EDITOR"]
                .into_iter()
                .find_map(|name| {
                    env(name).map(|value| Setting {
                        value,
                        source: Source::Env(name),
                    })
                })
                .unwrap_or_else(|| settings.editor.clone()),
        };
        if let Some((raw, source)) = pick("theme")? {
            settings.theme = Setting {
                value: ThemeName::parse(&raw.text()).unwrap_or_default(),
                source,
            };
        }
        // NO_COLOR outranks the file and PREFLIGHT_THEME; --color always and
        // --theme outrank NO_COLOR.
        if env("NO_COLOR").is_some() && flags.color != Some(ColorWhen::Always) {
            settings.theme = Setting {
                value: ThemeName::None,
                source: Source::Env("NO_COLOR"),
            };
        }
        settings.theme = settings.theme.or_flag(flags.theme, "--theme");
        settings.key_hints = flag(pick("key_hints")?, &settings.key_hints);
        if let Some((raw, source)) = pick("export_format")? {
            settings.export_format = Setting {
                value: match raw.text().as_str() {
                    "html" => ExportFormat::Html,
                    _ => ExportFormat::Md,
                },
                source,
            };
        }
        if let Some((raw, source)) = pick("export_layout")? {
            settings.export_layout = Setting {
                value: match raw.text().as_str() {
                    "adr" => ExportLayout::Adr,
                    _ => ExportLayout::Default,
                },
                source,
            };
        }
        settings.mouse = flag(pick("mouse")?, &settings.mouse);
        settings.plain = flag(pick("plain")?, &settings.plain);
        settings.export_dir = text(pick("export_dir")?, &settings.export_dir);
        settings.color = settings.color.or_flag(flags.color, "--color");
        Ok(settings)
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
        let author = self.author();
        let entry = |key, value: Value, source: &Source| (key, value, source.clone());
        vec![
            entry("author", json!(author.value), &author.source),
            entry(
                "default_set",
                json!(self.default_set.value),
                &self.default_set.source,
            ),
            entry(
                "meeting_timebox_minutes",
                json!(self.meeting_timebox_minutes.value),
                &self.meeting_timebox_minutes.source,
            ),
            entry("editor", json!(self.editor.value), &self.editor.source),
            entry("theme", json!(self.theme.value.name()), &self.theme.source),
            entry(
                "key_hints",
                json!(self.key_hints.value),
                &self.key_hints.source,
            ),
            entry(
                "export_format",
                json!(self.export_format.value.name()),
                &self.export_format.source,
            ),
            entry(
                "export_layout",
                json!(self.export_layout.value.name()),
                &self.export_layout.source,
            ),
            entry(
                "export_dir",
                json!(self.export_dir.value),
                &self.export_dir.source,
            ),
            entry("mouse", json!(self.mouse.value), &self.mouse.source),
            entry("plain", json!(self.plain.value), &self.plain.source),
            entry("color", json!(self.color.value.name()), &self.color.source),
        ]
    }
}

const NO_CONFIG_HINT: &str = "fix the config file, or run with --no-config to ignore it";

/// 1-based line and column (in characters) of a byte offset.
fn position(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, column)
}

fn choices(list: &[&str]) -> String {
    list.join(", ")
}

/// Checks one value from the file against its key's kind.
fn check_value(kind: Kind, value: &DeValue<'_>) -> Result<Raw, String> {
    let type_name = value.type_str();
    match kind {
        Kind::Text => match value.as_str() {
            Some(text) if text.trim().is_empty() => {
                Err("must not be empty (leave the key out for the default)".into())
            }
            Some(text) if text.contains(['\n', '\r']) => Err("must be a single line".into()),
            Some(text) => Ok(Raw::Text(text.trim().to_string())),
            None => Err(format!("must be a string in quotes, not {type_name}")),
        },
        Kind::Choice(list) => match value.as_str() {
            Some(text) if list.contains(&text) => Ok(Raw::Text(text.to_string())),
            Some(text) => Err(format!(
                "{text:?} is not allowed; use one of: {}",
                choices(list)
            )),
            None => Err(format!(
                "must be one of {} (a string in quotes), not {type_name}",
                choices(list)
            )),
        },
        Kind::Bool => match (value.as_bool(), value.as_str()) {
            (Some(flag), _) => Ok(Raw::Bool(flag)),
            (None, Some(text)) => Err(format!(
                "must be true or false without quotes, not the string {text:?}"
            )),
            (None, None) => Err(format!("must be true or false, not {type_name}")),
        },
        Kind::Minutes => {
            let number = value
                .as_integer()
                .and_then(|n| i64::from_str_radix(n.as_str(), n.radix()).ok());
            match number {
                Some(n) if (1..=i64::from(MAX_TIMEBOX_MINUTES)).contains(&n) => {
                    Ok(Raw::Minutes(n as u32))
                }
                Some(n) => Err(format!(
                    "{n} is out of range; use whole minutes from 1 to {MAX_TIMEBOX_MINUTES}"
                )),
                None => Err(format!(
                    "must be whole minutes from 1 to {MAX_TIMEBOX_MINUTES} (a number without quotes), not {type_name}"
                )),
            }
        }
    }
}

/// Checks one value from the environment against its key's kind.
fn parse_env(kind: Kind, text: &str) -> Result<Raw, String> {
    let text = text.trim();
    match kind {
        Kind::Text if text.contains(['\n', '\r']) => Err("must be a single line".into()),
        Kind::Text => Ok(Raw::Text(text.to_string())),
        Kind::Choice(list) if list.contains(&text) => Ok(Raw::Text(text.to_string())),
        Kind::Choice(list) => Err(format!("not allowed; use one of: {}", choices(list))),
        Kind::Bool => match text.to_ascii_lowercase().as_str() {
            "1" | "true" | "yes" | "on" => Ok(Raw::Bool(true)),
            "0" | "false" | "no" | "off" => Ok(Raw::Bool(false)),
            _ => Err("use 1, true, yes or on; or 0, false, no or off".into()),
        },
        Kind::Minutes => match text.parse::<u32>() {
            Ok(n) if (1..=MAX_TIMEBOX_MINUTES).contains(&n) => Ok(Raw::Minutes(n)),
            _ => Err(format!("use whole minutes from 1 to {MAX_TIMEBOX_MINUTES}")),
        },
    }
}

/// Parses and checks the config file; every problem is reported, in file
/// order, as `FILE:LINE:COLUMN: ...`.
fn parse_file(path: &Path, text: &str) -> Result<FileValues, ConfigError> {
    let at = |offset: usize| {
        let (line, column) = position(text, offset);
        format!("{}:{line}:{column}", path.display())
    };
    let table = match DeTable::parse(text) {
        Ok(table) => table,
        Err(err) => {
            let offset = err.span().map_or(0, |span| span.start);
            let (line, _) = position(text, offset);
            let line_text = text.lines().nth(line - 1).unwrap_or("").trim();
            let shown: String = line_text.chars().take(60).collect();
            let message = err.message().trim_end().replace('\n', "; ");
            return Err(ConfigError {
                message: format!(
                    "{}: not valid TOML: {message} (the line reads: {shown})\n{NO_CONFIG_HINT}",
                    at(offset)
                ),
            });
        }
    };
    let mut values = FileValues::new();
    let mut problems: Vec<(usize, String)> = Vec::new();
    for (key, value) in table.get_ref() {
        let name: &str = key.get_ref();
        let Some(spec) = SPECS.iter().find(|s| s.key == name) else {
            let hint = if value.get_ref().is_table() {
                "; settings are plain keys at the top of the file, not [tables]"
            } else {
                ""
            };
            problems.push((
                key.span().start,
                format!(
                    "{}: unknown key {name:?}{hint}; the keys are: {}",
                    at(key.span().start),
                    KEYS.join(", ")
                ),
            ));
            continue;
        };
        match check_value(spec.kind, value.get_ref()) {
            Ok(raw) => {
                let (line, _) = position(text, key.span().start);
                values.insert(spec.key, (raw, line));
            }
            Err(why) => problems.push((
                value.span().start,
                format!("{}: key {name:?}: {why}", at(value.span().start)),
            )),
        }
    }
    if problems.is_empty() {
        return Ok(values);
    }
    problems.sort_by_key(|(offset, _)| *offset);
    let lines: Vec<String> = problems.into_iter().map(|(_, line)| line).collect();
    let message = match lines.as_slice() {
        [one] => format!("{one}\n{NO_CONFIG_HINT}"),
        many => format!(
            "the config file {} has {} mistakes:\n  {}\n{NO_CONFIG_HINT}",
            path.display(),
            many.len(),
            many.join("\n  ")
        ),
    };
    Err(ConfigError { message })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str, env: &[(&str, &str)], flags: &Flags) -> Result<Settings, ConfigError> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        std::fs::write(&path, text).unwrap();
        let env: Vec<(String, String)> = env
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Settings::resolve(Some(path), flags, &|name| {
            env.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
        })
    }

    #[test]
    fn keys_and_specs_agree() {
        let spec_keys: Vec<&str> = SPECS.iter().map(|s| s.key).collect();
        assert_eq!(spec_keys, KEYS);
        assert_eq!(THEMES.len(), ThemeName::ALL.len());
        for name in ThemeName::ALL {
            assert!(THEMES.contains(&name.name()));
        }
    }

    #[test]
    fn defaults_without_a_file() {
        let settings = load("", &[], &Flags::default()).unwrap();
        assert_eq!(settings.file_state, FileState::Read);
        assert_eq!(settings.default_set.value, "production");
        assert_eq!(settings.meeting_timebox_minutes.value, 10);
        assert_eq!(settings.editor.value, "vi");
        assert_eq!(settings.theme.value, ThemeName::Dark);
        assert!(settings.key_hints.value);
        assert!(!settings.mouse.value);
        assert!(!settings.plain.value);
        assert_eq!(settings.author_or(|| None).value, "");
        let git = settings.author_or(|| Some("Ada".into()));
        assert_eq!((git.value.as_str(), git.source), ("Ada", Source::Git));
    }

    #[test]
    fn layers_in_order() {
        let text = "author = \"File Person\"\ntheme = \"light\"\nmeeting_timebox_minutes = 0x0f\n";
        let settings = load(text, &[], &Flags::default()).unwrap();
        let author = settings.author_or(|| Some("Git Person".into()));
        assert_eq!(author.value, "File Person");
        assert!(matches!(author.source, Source::File { line: 1, .. }));
        assert!(matches!(
            settings.theme.source,
            Source::File { line: 2, .. }
        ));
        assert_eq!(settings.meeting_timebox_minutes.value, 15);

        let env = [
            ("PREFLIGHT_AUTHOR", "Env Person"),
            ("PREFLIGHT_THEME", "none"),
        ];
        let settings = load(text, &env, &Flags::default()).unwrap();
        assert_eq!(settings.author().source, Source::Env("PREFLIGHT_AUTHOR"));
        assert_eq!(settings.theme.value, ThemeName::None);

        let flags = Flags {
            theme: Some(ThemeName::HighContrast),
            ..Flags::default()
        };
        let settings = load(text, &env, &flags).unwrap();
        assert_eq!(settings.theme.value, ThemeName::HighContrast);
        assert_eq!(settings.theme.source, Source::Flag("--theme"));
    }

    #[test]
    fn no_color_beats_the_file_but_not_color_always() {
        let text = "theme = \"light\"\n";
        let settings = load(text, &[("NO_COLOR", "1")], &Flags::default()).unwrap();
        assert_eq!(settings.theme.value, ThemeName::None);
        assert_eq!(settings.theme.source, Source::Env("NO_COLOR"));
        assert!(!settings.color_enabled(true));
        let always = Flags {
            color: Some(ColorWhen::Always),
            ..Flags::default()
        };
        let settings = load(text, &[("NO_COLOR", "1")], &always).unwrap();
        assert_eq!(settings.theme.value, ThemeName::Light);
        assert!(settings.color_enabled(false));
    }

    #[test]
    fn editor_falls_back_to_visual_then_editor_then_vi() {
        let settings = load(
            "",
            &[("EDITOR", "nano"), ("VISUAL", "code -w")],
            &Flags::default(),
        )
        .unwrap();
        assert_eq!(settings.editor.value, "code -w");
        assert_eq!(settings.editor.source, Source::Env("VISUAL"));
        let settings = load(
            "editor = \"hx\"",
            &[("VISUAL", "code -w")],
            &Flags::default(),
        )
        .unwrap();
        assert_eq!(settings.editor.value, "hx");
        let settings = load(
            "editor = \"hx\"",
            &[("PREFLIGHT_EDITOR", "emacs")],
            &Flags::default(),
        )
        .unwrap();
        assert_eq!(settings.editor.source, Source::Env("PREFLIGHT_EDITOR"));
    }

    #[test]
    fn problems_name_line_column_and_key() {
        let text = "theme = \"blue\"\nmouse = \"yes\"\ncolour = 1\nmeeting_timebox_minutes = 900\n";
        let err = load(text, &[], &Flags::default()).unwrap_err().message;
        let lines: Vec<&str> = err.lines().collect();
        assert!(lines[0].ends_with("has 4 mistakes:"), "{err}");
        assert!(
            lines[1].ends_with(
                ":1:9: key \"theme\": \"blue\" is not allowed; use one of: dark, light, high-contrast, none"
            ),
            "{err}"
        );
        assert!(
            lines[2].contains(":2:9: key \"mouse\": must be true or false without quotes"),
            "{err}"
        );
        assert!(lines[3].contains(":3:1: unknown key \"colour\""), "{err}");
        assert!(
            lines[4].contains(":4:27: key \"meeting_timebox_minutes\": 900 is out of range"),
            "{err}"
        );
        assert!(lines[5].contains("--no-config"));
    }

    #[test]
    fn syntax_errors_name_the_position_and_line() {
        let err = load("author = \"Ada\"\ntheme = dark\n", &[], &Flags::default())
            .unwrap_err()
            .message;
        assert!(err.contains(":2:9: not valid TOML"), "{err}");
        assert!(err.contains("the line reads: theme = dark"), "{err}");
        let err = load("mouse = true\nmouse = false\n", &[], &Flags::default())
            .unwrap_err()
            .message;
        assert!(err.contains(":2:"), "{err}");
    }

    #[test]
    fn no_config_skips_a_broken_file() {
        let flags = Flags {
            no_config: true,
            ..Flags::default()
        };
        let settings = load("this is not toml", &[], &flags).unwrap();
        assert_eq!(settings.file_state, FileState::Ignored);
    }

    #[test]
    fn bad_environment_values_name_the_variable() {
        let err = load("", &[("PREFLIGHT_THEME", "blue")], &Flags::default()).unwrap_err();
        assert!(
            err.message
                .starts_with("PREFLIGHT_THEME=\"blue\": not allowed"),
            "{err}"
        );
        let settings = load("", &[("PREFLIGHT_PLAIN", "1")], &Flags::default()).unwrap();
        assert!(settings.plain.value);
        let settings = load(
            "plain = true",
            &[("PREFLIGHT_PLAIN", "0")],
            &Flags::default(),
        )
        .unwrap();
        assert!(!settings.plain.value);
    }

    #[test]
    fn positions_count_characters() {
        assert_eq!(position("a\nbé = 1", 5), (2, 3));
        assert_eq!(position("", 0), (1, 1));
    }
}
