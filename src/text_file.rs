//! Reading a whole text file the one careful way: at most
//! [`MAX_FILE_BYTES`], UTF-8 with the position of the first byte that is
//! not, and (for files someone else may have committed) only a regular
//! file. Below the question sets, the store and the records, so each of
//! them can read files without depending on the others.

use std::fmt;
use std::fs;
use std::io::{self, Read};
use std::path::Path;

/// Largest file preflight reads as a record, a question set, answers or a
/// template. Far above any real one (a record with a 10,000-row list is
/// about 1.5 MB), and small enough that one stray huge file cannot stall
/// every `list` or exhaust memory; reading stops here even when the size
/// is unknown beforehand (a pipe, `/dev/zero`).
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// serde_json's message for a file that did not parse, without its
/// trailing "at line L column C": records and question sets show the
/// position as `file:line:column` in front instead.
pub fn json_message(err: &serde_json::Error) -> String {
    let text = err.to_string();
    let suffix = format!(" at line {} column {}", err.line(), err.column());
    text.strip_suffix(&suffix).unwrap_or(&text).to_string()
}

/// Why a text file could not be read by [`read_text`].
#[derive(Debug)]
pub enum ReadError {
    /// The OS refused (missing file, no permission, a folder, ...).
    Io(io::Error),
    /// Larger than [`MAX_FILE_BYTES`]; `size` is at least this many bytes.
    TooLarge(u64),
    /// Not UTF-8: the first bad byte and its 1-based line and column.
    NotUtf8 {
        /// Line of the first byte that is not UTF-8.
        line: usize,
        /// Column (in characters) of that byte.
        column: usize,
        /// The byte itself.
        byte: u8,
    },
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Io(err) => write!(f, "{err}"),
            // A stream's size is unknown: reading stopped one byte past.
            ReadError::TooLarge(size) if *size == MAX_FILE_BYTES + 1 => write!(
                f,
                "it holds more than the {} preflight reads",
                megabytes(MAX_FILE_BYTES)
            ),
            ReadError::TooLarge(size) => write!(
                f,
                "it is {}, more than the {} preflight reads",
                megabytes(*size),
                megabytes(MAX_FILE_BYTES)
            ),
            ReadError::NotUtf8 { line, column, byte } => write!(
                f,
                "line {line}, column {column}: byte 0x{byte:02X} is not UTF-8 text; save the file as UTF-8"
            ),
        }
    }
}

impl std::error::Error for ReadError {}
/// Reads a whole text file: at most [`MAX_FILE_BYTES`], UTF-8, with the
/// position of the first byte that is not. The size is checked before
/// reading, and reading stops past the limit for files whose size the OS
/// does not know (pipes, devices).
pub fn read_text(path: &Path) -> Result<String, ReadError> {
    let file = fs::File::open(path).map_err(ReadError::Io)?;
    read_opened(file)
}

/// As [`read_text`], for a file in a store or a question-set folder, which
/// someone else may have committed: only a regular file (or a link to one)
/// is read; a FIFO, a device such as `/dev/tty` or a socket is refused at
/// once, never waited on (see [`crate::safe_fs::open_regular`]).
pub fn read_stored_text(path: &Path) -> Result<String, ReadError> {
    read_opened(crate::safe_fs::open_regular(path, true).map_err(ReadError::Io)?)
}

fn read_opened(file: fs::File) -> Result<String, ReadError> {
    let known = file.metadata().map_err(ReadError::Io)?;
    if known.is_dir() {
        return Err(ReadError::Io(io::Error::new(
            io::ErrorKind::IsADirectory,
            "it is a folder, not a file",
        )));
    }
    if known.len() > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge(known.len()));
    }
    read_text_from(file)
}

/// As [`read_text`], from a stream (standard input).
pub fn read_text_from(reader: impl Read) -> Result<String, ReadError> {
    let mut bytes = Vec::new();
    reader
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge(bytes.len() as u64));
    }
    String::from_utf8(bytes).map_err(|err| {
        let bytes = err.as_bytes();
        let good = &bytes[..err.utf8_error().valid_up_to()];
        // The prefix is valid UTF-8 by definition of valid_up_to.
        let before = std::str::from_utf8(good).unwrap_or_default();
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        ReadError::NotUtf8 {
            line: before.matches('\n').count() + 1,
            column: before[line_start..].chars().count() + 1,
            byte: bytes.get(good.len()).copied().unwrap_or_default(),
        }
    })
}

/// A byte count for messages: "50.0 MB".
pub fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
}

#[cfg(test)]
mod tests {
    use super::json_message;

    #[test]
    fn a_json_message_loses_only_its_trailing_position() {
        let err = serde_json::from_str::<serde_json::Value>("[1,\n x]").expect_err("not JSON");
        assert_eq!(err.to_string(), "expected value at line 2 column 2");
        assert_eq!(json_message(&err), "expected value");
    }
}
