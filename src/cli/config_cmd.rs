//! `preflight config path` and `preflight config show [--json]`.

use std::io::IsTerminal;

use serde_json::{Map, Value, json};

use super::args::{ConfigAction, ConfigArgs};
use super::output::{CliError, EXIT_OK, print, print_json};
use super::printer::{Styled, one_line};
use crate::config::Settings;
use crate::tui::theme::Theme;

const NO_FOLDER: &str = "there is no config folder: set PREFLIGHT_CONFIG_DIR, or HOME";

/// `preflight config path`: works even when the file is broken, so the user
/// can find it.
pub fn path() -> Result<u8, CliError> {
    let path = super::config_file().ok_or_else(|| CliError::data(NO_FOLDER))?;
    print(&format!("{}\n", path.display()))?;
    Ok(EXIT_OK)
}

/// `preflight config show` (and `path`, when reached with settings loaded).
pub fn run(settings: &Settings, args: &ConfigArgs) -> Result<u8, CliError> {
    let ConfigAction::Show(show) = &args.action else {
        return path();
    };
    let entries = settings.entries();
    if show.json {
        let mut map = Map::new();
        for (key, value, source) in &entries {
            map.insert(
                (*key).to_string(),
                json!({ "value": value, "source": source.to_json() }),
            );
        }
        let body = json!({
            "file": {
                "path": settings.path,
                "state": settings.file_state.name(),
            },
            "settings": Value::Object(map),
        });
        print_json(&body)?;
        return Ok(EXIT_OK);
    }

    let color = settings.color_enabled(std::io::stdout().is_terminal());
    let theme = Theme::named(settings.theme.value, color);
    let head = match &settings.path {
        Some(path) => format!(
            "Config file: {} ({})\n",
            path.display(),
            settings.file_state.describe()
        ),
        None => format!("Config file: none ({NO_FOLDER})\n"),
    };
    let values: Vec<String> = entries
        .iter()
        .map(|(_, value, _)| one_line(&value.to_string()).into_owned())
        .collect();
    let key_width = entries.iter().map(|(k, _, _)| k.len()).max().unwrap_or(0);
    let value_width = values
        .iter()
        .map(|v| v.chars().count())
        .max()
        .unwrap_or(0)
        .min(40);
    let mut out = Styled::new();
    out.push(&head);
    for ((key, _, source), value) in entries.iter().zip(&values) {
        let pad = " ".repeat(key_width - key.len());
        out.paint(key, theme.key, color);
        out.push(&format!("{pad}  {value:value_width$}  "));
        out.paint(&one_line(&source.to_string()), theme.dim, color);
        out.push("\n");
    }
    out.print()?;
    Ok(EXIT_OK)
}
