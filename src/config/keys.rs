//! Every key of the config file, once: its environment variable, what it
//! does, its default as the docs say it, how its value is checked, and
//! where the value goes in [`Settings`]. Reading the file, the environment,
//! `config show` and the man page all walk this table.

use serde_json::{Value, json};
use toml::de::DeValue;

use super::values::{Choice, ExportFormat, ThemeName};
use super::{FALLBACK_EDITOR, Setting, Settings, Source};
use crate::export::Layout;
use crate::meeting::MAX_TIMEBOX_MINUTES;

/// One key of the config file and the environment variable that overrides it.
pub(super) struct Spec {
    /// The key in `config.toml`.
    pub key: &'static str,
    /// The environment variable that overrides the file.
    pub env: &'static str,
    /// The default as the man page says it.
    pub default: fn() -> String,
    /// What the key does.
    pub help: &'static str,
    /// Checks a value from the file or the environment and puts it in
    /// place; the error says what is wrong and what would be right.
    pub set: fn(&mut Settings, Given<'_>, Source) -> Result<(), String>,
    /// The effective value as JSON, and where it came from.
    pub get: fn(&Settings) -> (Value, Source),
}

/// A value as given, before it is checked.
#[derive(Clone, Copy)]
pub(super) enum Given<'a> {
    /// From the config file.
    File(&'a DeValue<'a>),
    /// From an environment variable.
    Env(&'a str),
}

impl Given<'_> {
    /// A one-line string, trimmed.
    fn text(self) -> Result<String, String> {
        match self {
            Given::File(value) => match value.as_str() {
                Some(text) if text.trim().is_empty() => {
                    Err("must not be empty (leave the key out for the default)".into())
                }
                Some(text) if text.contains(['\n', '\r']) => Err("must be a single line".into()),
                Some(text) => Ok(text.trim().to_string()),
                None => Err(format!(
                    "must be a string in quotes, not {}",
                    value.type_str()
                )),
            },
            // Blank is not "unset": a value of spaces would otherwise reach
            // the wizard as an empty editor or export folder and be
            // replaced there without a word.
            Given::Env(text) if text.trim().is_empty() => {
                Err("must not be empty (unset the variable for the default)".into())
            }
            Given::Env(text) if text.trim().contains(['\n', '\r']) => {
                Err("must be a single line".into())
            }
            Given::Env(text) => Ok(text.trim().to_string()),
        }
    }

    /// One of the names of `T`.
    fn choice<T: Choice>(self) -> Result<T, String> {
        match self {
            Given::File(value) => match value.as_str() {
                Some(text) => T::parse(text)
                    .ok_or_else(|| format!("{text:?} is not allowed; use one of: {}", T::names())),
                None => Err(format!(
                    "must be one of {} (a string in quotes), not {}",
                    T::names(),
                    value.type_str()
                )),
            },
            Given::Env(text) => T::parse(text.trim())
                .ok_or_else(|| format!("not allowed; use one of: {}", T::names())),
        }
    }

    /// true or false (the environment also takes 1/0, yes/no, on/off).
    fn flag(self) -> Result<bool, String> {
        match self {
            Given::File(value) => match (value.as_bool(), value.as_str()) {
                (Some(flag), _) => Ok(flag),
                (None, Some(text)) => Err(format!(
                    "must be true or false without quotes, not the string {text:?}"
                )),
                (None, None) => Err(format!("must be true or false, not {}", value.type_str())),
            },
            Given::Env(text) => match text.trim().to_ascii_lowercase().as_str() {
                "1" | "true" | "yes" | "on" => Ok(true),
                "0" | "false" | "no" | "off" => Ok(false),
                _ => Err("use 1, true, yes or on; or 0, false, no or off".into()),
            },
        }
    }

    /// Whole minutes from 1 to [`MAX_TIMEBOX_MINUTES`].
    fn minutes(self) -> Result<u32, String> {
        let range = 1..=MAX_TIMEBOX_MINUTES;
        match self {
            Given::File(value) => {
                let number = value
                    .as_integer()
                    .and_then(|n| i64::from_str_radix(n.as_str(), n.radix()).ok());
                match number {
                    Some(n) => u32::try_from(n)
                        .ok()
                        .filter(|n| range.contains(n))
                        .ok_or_else(|| {
                            format!(
                                "{n} is out of range; use whole minutes from 1 to {MAX_TIMEBOX_MINUTES}"
                            )
                        }),
                    None => Err(format!(
                        "must be whole minutes from 1 to {MAX_TIMEBOX_MINUTES} (a number without quotes), not {}",
                        value.type_str()
                    )),
                }
            }
            Given::Env(text) => match text.trim().parse::<u32>() {
                Ok(n) if range.contains(&n) => Ok(n),
                _ => Err(format!("use whole minutes from 1 to {MAX_TIMEBOX_MINUTES}")),
            },
        }
    }
}

/// A setting's value and source, for `config show`.
fn shown<T: serde::Serialize>(setting: &Setting<T>) -> (Value, Source) {
    (json!(setting.value), setting.source.clone())
}

/// A choice setting's name and source, for `config show`.
fn shown_choice<T: Choice>(setting: &Setting<T>) -> (Value, Source) {
    (json!(setting.value.name()), setting.source.clone())
}

/// The default as the man page shows it: the value `config show` gives
/// without a file or environment.
fn default_of(get: fn(&Settings) -> (Value, Source)) -> String {
    match get(&Settings::default()).0 {
        Value::String(text) => text,
        other => other.to_string(),
    }
}

/// Every key, in the order `config show` and the man page list them.
pub(super) const SPECS: [Spec; 11] = [
    Spec {
        key: "author",
        env: "PREFLIGHT_AUTHOR",
        default: || "`git config user.name`, else empty".into(),
        help: "The author `new` records when --author is not given.",
        set: |s, given, source| {
            s.author = Some(Setting::new(given.text()?, source));
            Ok(())
        },
        get: |s| shown(&s.author()),
    },
    Spec {
        key: "default_set",
        env: "PREFLIGHT_SET",
        default: || default_of(|s| shown(&s.default_set)),
        help: "The question set `new` uses when --set is not given.",
        set: |s, given, source| {
            s.default_set = Setting::new(given.text()?, source);
            Ok(())
        },
        get: |s| shown(&s.default_set),
    },
    Spec {
        key: "meeting_timebox_minutes",
        env: "PREFLIGHT_TIMEBOX_MINUTES",
        default: || default_of(|s| shown(&s.meeting_timebox_minutes)),
        help: "Minutes per question when running a review meeting.",
        set: |s, given, source| {
            s.meeting_timebox_minutes = Setting::new(given.minutes()?, source);
            Ok(())
        },
        get: |s| shown(&s.meeting_timebox_minutes),
    },
    Spec {
        key: "editor",
        env: "PREFLIGHT_EDITOR",
        default: || format!("$VISUAL, else $EDITOR, else {FALLBACK_EDITOR}"),
        help: "The command Ctrl-E opens a multi-line answer in.",
        set: |s, given, source| {
            s.editor = Setting::new(given.text()?, source);
            Ok(())
        },
        get: |s| shown(&s.editor),
    },
    Spec {
        key: "theme",
        env: "PREFLIGHT_THEME",
        default: || default_of(|s| shown_choice(&s.theme)),
        help: "Colours of the wizard: dark, light, high-contrast or none.",
        set: |s, given, source| {
            s.theme = Setting::new(given.choice::<ThemeName>()?, source);
            Ok(())
        },
        get: |s| shown_choice(&s.theme),
    },
    Spec {
        key: "key_hints",
        env: "PREFLIGHT_KEY_HINTS",
        default: || default_of(|s| shown(&s.key_hints)),
        help: "Show the key bar at the bottom of the wizard.",
        set: |s, given, source| {
            s.key_hints = Setting::new(given.flag()?, source);
            Ok(())
        },
        get: |s| shown(&s.key_hints),
    },
    Spec {
        key: "export_format",
        env: "PREFLIGHT_EXPORT_FORMAT",
        default: || default_of(|s| shown_choice(&s.export_format)),
        help: "What `export` writes without --format: md or html.",
        set: |s, given, source| {
            s.export_format = Setting::new(given.choice::<ExportFormat>()?, source);
            Ok(())
        },
        get: |s| shown_choice(&s.export_format),
    },
    Spec {
        key: "export_layout",
        env: "PREFLIGHT_EXPORT_LAYOUT",
        default: || default_of(|s| shown_choice(&s.export_layout)),
        help: "How `export` names files without --layout: default or adr.",
        set: |s, given, source| {
            s.export_layout = Setting::new(given.choice::<Layout>()?, source);
            Ok(())
        },
        get: |s| shown_choice(&s.export_layout),
    },
    Spec {
        key: "export_dir",
        env: "PREFLIGHT_EXPORT_DIR",
        default: || "the folder preflight started in".into(),
        help: "The folder the review's export (e) offers until you export somewhere else.",
        set: |s, given, source| {
            s.export_dir = Setting::new(given.text()?, source);
            Ok(())
        },
        get: |s| shown(&s.export_dir),
    },
    Spec {
        key: "mouse",
        env: "PREFLIGHT_MOUSE",
        default: || default_of(|s| shown(&s.mouse)),
        help: "Let the wizard take mouse clicks and scrolling.",
        set: |s, given, source| {
            s.mouse = Setting::new(given.flag()?, source);
            Ok(())
        },
        get: |s| shown(&s.mouse),
    },
    Spec {
        key: "plain",
        env: "PREFLIGHT_PLAIN",
        default: || default_of(|s| shown(&s.plain)),
        help: "`new` and `edit` ask plain line-by-line questions instead of the full-screen wizard.",
        set: |s, given, source| {
            s.plain = Setting::new(given.flag()?, source);
            Ok(())
        },
        get: |s| shown(&s.plain),
    },
];

/// The row of a key.
pub(super) fn spec(key: &str) -> Option<&'static Spec> {
    SPECS.iter().find(|spec| spec.key == key)
}

/// Every key the config file accepts, in the order `config show` lists them.
pub const KEYS: [&str; SPECS.len()] = {
    let mut keys = [""; SPECS.len()];
    let mut i = 0;
    while i < SPECS.len() {
        keys[i] = SPECS[i].key;
        i += 1;
    }
    keys
};

/// The environment variable that overrides a config key.
pub fn env_var(key: &str) -> Option<&'static str> {
    spec(key).map(|s| s.env)
}

/// Documentation of every key, in [`KEYS`] order: (key, environment
/// variable, default, what it does). The man page is written from it.
pub fn key_docs() -> impl Iterator<Item = (&'static str, &'static str, String, &'static str)> {
    SPECS.iter().map(|s| (s.key, s.env, (s.default)(), s.help))
}
