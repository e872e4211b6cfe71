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

/// Writes a line to stderr, ignoring failures (there is nowhere else to say it).
pub fn warn(text: &str) {
    let _ = writeln!(io::stderr().lock(), "{text}");
}
