//! Output and errors for commands: stdout that exits quietly on a closed
//! pipe, and errors that carry their exit code.

use std::fmt;
use std::io::{self, Write};

/// Exit code: success.
pub const EXIT_OK: u8 = 0;
/// Exit code: `check` found gaps.
pub const EXIT_GAPS: u8 = 1;
/// Exit code: usage or data error.
pub const EXIT_ERROR: u8 = 2;

/// A command failure: the message for stderr and the exit code.
#[derive(Debug)]
pub struct CliError {
    /// Exit code to return.
    pub code: u8,
    /// One or more lines for stderr; empty for a quiet exit.
    pub message: String,
}

impl CliError {
    /// A usage or data error (exit 2).
    pub fn data(message: impl fmt::Display) -> CliError {
        CliError {
            code: EXIT_ERROR,
            message: message.to_string(),
        }
    }

    /// The reader went away (`preflight list | head -1`): stop quietly.
    pub fn closed_pipe() -> CliError {
        CliError {
            code: EXIT_OK,
            message: String::new(),
        }
    }
}

impl<E: std::error::Error> From<E> for CliError {
    fn from(err: E) -> CliError {
        CliError::data(err)
    }
}

/// Writes to stdout; a closed pipe becomes a quiet stop, not a panic.
pub fn print(text: &str) -> Result<(), CliError> {
    let mut stdout = io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => Ok(()),
        Err(err) if err.kind() == io::ErrorKind::BrokenPipe => Err(CliError::closed_pipe()),
        Err(err) => Err(CliError::data(format!(
            "cannot write to standard output: {err}"
        ))),
    }
}

/// Writes a line to stderr, ignoring failures (there is nowhere else to say
/// it). Messages quote titles, ids and paths the user or a file chose, so
/// control characters are made visible rather than sent to the terminal.
pub fn warn(text: &str) {
    let _ = writeln!(
        io::stderr().lock(),
        "{}",
        crate::export::text::terminal_safe(text)
    );
}

/// Prints an informational line on stdout (a confirmation, not data),
/// unless `--quiet` asked for silence. Confirmations quote titles, so
/// control characters are made visible rather than sent to the terminal.
pub fn info(quiet: bool, text: &str) -> Result<(), CliError> {
    if quiet {
        Ok(())
    } else {
        print(&crate::export::text::terminal_safe(text))
    }
}

/// Writes an informational line to stderr ("wrote FILE"), unless `--quiet`.
pub fn note(quiet: bool, text: &str) {
    if !quiet {
        warn(text);
    }
}

/// `text` wrapped in the ANSI escapes for `style` when `color` is on;
/// plain text otherwise.
pub fn paint(text: &str, style: ratatui::style::Style, color: bool) -> String {
    use ratatui::style::{Color, Modifier};
    if !color {
        return text.to_string();
    }
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
    if codes.is_empty() {
        return text.to_string();
    }
    format!("\x1b[{}m{text}\x1b[0m", codes.join(";"))
}
