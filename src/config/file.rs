//! The config file: TOML with flat keys (see [`super::KEYS`]). Every
//! mistake in it (an unknown key, a wrong type, a value that is not allowed,
//! broken TOML) is reported at once, in file order, as
//! `FILE:LINE:COLUMN: ...` with the key and the fix.

use std::path::Path;

use toml::de::DeTable;

use super::keys::{Given, KEYS, spec};
use super::{ConfigError, Settings, Source};

/// The last line of every config error: the two ways out.
pub(super) const NO_CONFIG_HINT: &str = "fix the config file, or run with --no-config to ignore it";

/// 1-based line and column (in characters) of a byte offset.
pub(super) fn position(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, column)
}

/// Checks the config file `text` (read from `path`) and puts each value in
/// `settings`; every problem is reported, in file order.
pub(super) fn apply(settings: &mut Settings, path: &Path, text: &str) -> Result<(), ConfigError> {
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
    let mut problems: Vec<(usize, String)> = Vec::new();
    for (key, value) in table.get_ref() {
        let name: &str = key.get_ref();
        let Some(spec) = spec(name) else {
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
        let (line, _) = position(text, key.span().start);
        let source = Source::File {
            path: path.to_path_buf(),
            line,
        };
        if let Err(why) = (spec.set)(settings, Given::File(value.get_ref()), source) {
            problems.push((
                value.span().start,
                format!("{}: key {name:?}: {why}", at(value.span().start)),
            ));
        }
    }
    if problems.is_empty() {
        return Ok(());
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
