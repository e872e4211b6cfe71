//! Errors for commands, with their exit codes. What commands print goes
//! through [`super::printer`]; its functions are re-exported here so every
//! command finds them beside [`CliError`].

use std::fmt;

pub use super::printer::{info, note, print, print_json, warn};

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
