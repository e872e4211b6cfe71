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
/// Exit code: preflight hit a bug (an internal error). 70 is `EX_SOFTWARE`
/// in BSD's `sysexits.h`, "an internal software error has been detected".
pub const EXIT_INTERNAL: u8 = 70;

/// What kind of failure an error is. The exit code follows from the kind
/// alone ([`exit_code`]), so a bug is never reported as the user's mistake.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The user asked for something that cannot be done: bad or clashing
    /// arguments, a missing title, no terminal for the wizard. Exit 2.
    User,
    /// A file, folder or setting is unreadable or invalid (a record, a
    /// question set, the config file, the store). Exit 2.
    Data,
    /// A bug: a panic in a command or a broken invariant. Exit 70, and the
    /// message asks for a bug report.
    Internal,
    /// A panic inside the wizard, caught after it saved the record and gave
    /// the terminal back. A bug too, and its message asks for a report, but
    /// README and docs/robustness.md document exit 2 for it (from before
    /// bugs had a code of their own), so it keeps 2.
    WizardPanic,
    /// The reader of standard output went away (`preflight list | head
    /// -1`): a quiet exit 0.
    BrokenPipe,
}

/// The exit code for each kind of error: the one place that decides it.
pub fn exit_code(kind: ErrorKind) -> u8 {
    match kind {
        ErrorKind::User | ErrorKind::Data | ErrorKind::WizardPanic => EXIT_ERROR,
        ErrorKind::Internal => EXIT_INTERNAL,
        ErrorKind::BrokenPipe => EXIT_OK,
    }
}

/// Where to report a bug; said after every internal error.
pub const BUG_REPORT: &str = "This is a bug in preflight, not something you did: please report it with the command you ran and the message above (preflight --version says which version).";

/// A command failure: its kind (which decides the exit code) and the
/// message for stderr.
#[derive(Debug)]
pub struct CliError {
    /// What kind of failure; [`exit_code`] maps it to the exit code.
    pub kind: ErrorKind,
    /// One or more lines for stderr; empty for a quiet exit.
    pub message: String,
}

impl CliError {
    /// A usage or data error (exit 2). Conversions from library errors
    /// (`?`) give this kind too.
    pub fn data(message: impl fmt::Display) -> CliError {
        CliError::of(ErrorKind::Data, message)
    }

    /// A request that cannot be done as asked (exit 2).
    pub fn user(message: impl fmt::Display) -> CliError {
        CliError::of(ErrorKind::User, message)
    }

    /// A bug (exit 70); `what` says what went wrong, and [`report`]
    /// asks for a bug report.
    ///
    /// [`report`]: CliError::report
    pub fn internal(what: impl fmt::Display) -> CliError {
        CliError::of(ErrorKind::Internal, what)
    }

    /// The reader went away (`preflight list | head -1`): stop quietly.
    pub fn closed_pipe() -> CliError {
        CliError::of(ErrorKind::BrokenPipe, "")
    }

    /// An error of the given kind.
    pub fn of(kind: ErrorKind, message: impl fmt::Display) -> CliError {
        CliError {
            kind,
            message: message.to_string(),
        }
    }

    /// The exit code for this error ([`exit_code`] of its kind).
    pub fn code(&self) -> u8 {
        exit_code(self.kind)
    }

    /// What stderr shows: the message, and for a bug the request to report
    /// it; nothing for a quiet exit.
    pub fn report(&self) -> String {
        match self.kind {
            _ if self.message.is_empty() => String::new(),
            ErrorKind::Internal => {
                format!("preflight: internal error: {}\n{BUG_REPORT}", self.message)
            }
            _ => format!("preflight: {}", self.message),
        }
    }
}

impl<E: std::error::Error> From<E> for CliError {
    fn from(err: E) -> CliError {
        CliError::data(err)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_of_error_has_its_documented_exit_code() {
        assert_eq!(CliError::user("x").code(), 2);
        assert_eq!(CliError::data("x").code(), 2);
        assert_eq!(CliError::of(ErrorKind::WizardPanic, "x").code(), 2);
        assert_eq!(CliError::internal("x").code(), 70);
        assert_eq!(CliError::closed_pipe().code(), 0);
    }

    #[test]
    fn a_library_error_through_question_mark_is_a_data_error() {
        let io = std::io::Error::new(std::io::ErrorKind::NotFound, "gone");
        assert_eq!(CliError::from(io).kind, ErrorKind::Data);
    }

    #[test]
    fn a_bug_asks_for_a_report_and_a_user_error_does_not() {
        let bug = CliError::internal("the index lost a record").report();
        assert!(bug.starts_with("preflight: internal error: the index lost a record\n"));
        assert!(bug.ends_with(BUG_REPORT), "{bug}");
        let user = CliError::user("the title must be a single line").report();
        assert_eq!(user, "preflight: the title must be a single line");
        assert_eq!(
            CliError::closed_pipe().report(),
            "",
            "a closed pipe is quiet"
        );
    }
}
