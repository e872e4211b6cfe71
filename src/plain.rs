//! Plain (accessible) mode: each question as plain lines on standard output,
//! answers read line by line from standard input. No cursor movement, no
//! colour, no alternate screen: screen readers, dumb terminals, `script`
//! logs and piped scripts all read it cleanly.

use std::fmt;
use std::io::{BufRead, Write};

use crate::clock::Clock;
use crate::questionnaire::QuestionSet;
use crate::record::Record;
use crate::store::Store;

/// Why plain mode stopped early.
#[derive(Debug)]
pub enum PlainError {
    /// Standard output was closed (the reader went away).
    ClosedOutput,
    /// Reading or saving failed; the message names what.
    Failed(String),
}

impl fmt::Display for PlainError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PlainError::ClosedOutput => f.write_str("standard output was closed"),
            PlainError::Failed(message) => f.write_str(message),
        }
    }
}

/// Asks every field of the set in order, saving after each answer; returns
/// the record as saved when the questions or the input run out.
pub fn run<R: BufRead, W: Write>(
    _store: &Store,
    _set: &QuestionSet,
    _clock: &dyn Clock,
    record: Record,
    _input: R,
    _output: W,
) -> Result<Record, PlainError> {
    Err(PlainError::Failed(format!(
        "plain mode is not implemented yet (record {})",
        record.id
    )))
}
