//! The one way command-line output reaches a terminal. Every byte a
//! command writes to stdout or stderr passes through here and is made safe
//! ([`crate::terminal_text`]): a record, question set or cache written by
//! someone else cannot send ESC, CSI, OSC 52, OSC 8, BEL, BS, DEL or C1
//! bytes to the user's terminal, whatever command prints it, including
//! commands added later. JSON gets DEL and C1 escaped as `\u00XX`. Colour
//! is the only escape sequence that is written, and only through
//! [`Styled`], which makes the text it colours safe first.
//!
//! Titles and other one-line fields go into rows and sentences through
//! [`one_line`], so a line break read from disk cannot forge a row.

use std::io::{self, Write};

use super::output::CliError;
use crate::terminal_text;

pub use crate::terminal_text::one_line;

/// Writes bytes that are already safe to stdout; a closed pipe becomes a
/// quiet stop, not a panic.
fn write_stdout(safe: &str) -> Result<(), CliError> {
    let mut stdout = io::stdout().lock();
    match stdout
        .write_all(safe.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => Ok(()),
        Err(err) if err.kind() == io::ErrorKind::BrokenPipe => Err(CliError::closed_pipe()),
        Err(err) => Err(CliError::data(format!(
            "cannot write to standard output: {err}"
        ))),
    }
}

/// Writes text to stdout with every control character but newline and tab
/// made visible as U+FFFD (see [`terminal_text::block`]).
pub fn print(text: &str) -> Result<(), CliError> {
    write_stdout(&terminal_text::block(text))
}

/// Writes a JSON value to stdout, pretty-printed, one newline after it;
/// DEL and C1 inside strings are escaped, so the value is unchanged and
/// the terminal sees none of them.
pub fn print_json(value: &impl serde::Serialize) -> Result<(), CliError> {
    let text = serde_json::to_string_pretty(value)
        // Serialising preflight's own values cannot fail; if it does, a bug.
        .map_err(|err| CliError::internal(format!("cannot write JSON: {err}")))?;
    print_json_text(&format!("{text}\n"))
}

/// Writes JSON text serde_json made (so C0 is escaped already) to stdout,
/// with DEL and C1 escaped too.
pub fn print_json_text(text: &str) -> Result<(), CliError> {
    print(&terminal_text::json(text))
}

/// Writes a line to stderr, ignoring failures (there is nowhere else to say
/// it). Messages quote titles, ids and paths the user or a file chose, so
/// control characters are made visible rather than sent to the terminal.
pub fn warn(text: &str) {
    let _ = writeln!(io::stderr().lock(), "{}", terminal_text::block(text));
}

/// Prints an informational line on stdout (a confirmation, not data),
/// unless `--quiet` asked for silence.
pub fn info(quiet: bool, text: &str) -> Result<(), CliError> {
    if quiet { Ok(()) } else { print(text) }
}

/// Writes an informational line to stderr ("wrote FILE"), unless `--quiet`.
pub fn note(quiet: bool, text: &str) {
    if !quiet {
        warn(text);
    }
}

/// Output with colour: text is made safe as it is added, and the only
/// escape sequences in it are the colour codes added by [`Styled::paint`].
#[derive(Debug, Default)]
pub struct Styled {
    safe: String,
}

impl Styled {
    /// Nothing yet.
    pub fn new() -> Styled {
        Styled::default()
    }

    /// Adds text without colour.
    pub fn push(&mut self, text: &str) {
        self.safe.push_str(&terminal_text::block(text));
    }

    /// Adds `text` wrapped in the ANSI codes for `style` when `color` is
    /// on; plain when it is off.
    pub fn paint(&mut self, text: &str, style: ratatui::style::Style, color: bool) {
        let text = terminal_text::block(text);
        match sgr_codes(style).filter(|_| color) {
            Some(codes) => self.safe.push_str(&format!("\x1b[{codes}m{text}\x1b[0m")),
            None => self.safe.push_str(&text),
        }
    }

    /// Writes it all to stdout.
    pub fn print(&self) -> Result<(), CliError> {
        write_stdout(&self.safe)
    }
}

/// The SGR parameters for `style` (`1;31`), or `None` when it sets nothing
/// a terminal's basic palette can show.
fn sgr_codes(style: ratatui::style::Style) -> Option<String> {
    use ratatui::style::{Color, Modifier};
    let mut codes: Vec<String> = Vec::new();
    for (modifier, code) in [
        (Modifier::BOLD, "1"),
        (Modifier::DIM, "2"),
        (Modifier::ITALIC, "3"),
        (Modifier::UNDERLINED, "4"),
        (Modifier::REVERSED, "7"),
    ] {
        if style.add_modifier.contains(modifier) {
            codes.push(code.to_string());
        }
    }
    let named = |color: Color| -> Option<u8> {
        Some(match color {
            Color::Black => 30,
            Color::Red => 31,
            Color::Green => 32,
            Color::Yellow => 33,
            Color::Blue => 34,
            Color::Magenta => 35,
            Color::Cyan => 36,
            Color::Gray => 37,
            Color::DarkGray => 90,
            Color::LightRed => 91,
            Color::LightGreen => 92,
            Color::LightYellow => 93,
            Color::LightBlue => 94,
            Color::LightMagenta => 95,
            Color::LightCyan => 96,
            Color::White => 97,
            _ => return None,
        })
    };
    match style.fg {
        Some(Color::Indexed(n)) => codes.push(format!("38;5;{n}")),
        Some(Color::Rgb(r, g, b)) => codes.push(format!("38;2;{r};{g};{b}")),
        Some(color) => codes.extend(named(color).map(|c| c.to_string())),
        None => {}
    }
    (!codes.is_empty()).then(|| codes.join(";"))
}
