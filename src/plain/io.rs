//! Plain mode's two ends: lines read from the input, and text written to
//! the output with every control character taken out, so nothing a record
//! or a question set holds can move the cursor or colour the terminal.

use std::io::{BufRead, ErrorKind, Write};

use super::PlainError;
use super::text::wrap;

/// Longest line plain mode writes where it can break prose.
pub const WIDTH: usize = 72;

/// One line of input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// The text without its line ending or control characters.
    pub text: String,
    /// Control characters (from arrow or function keys) were taken out.
    pub had_controls: bool,
}

/// Lines from the input; remembers the end of input.
pub struct LineReader<R> {
    reader: R,
    eof: bool,
    first: bool,
}

impl<R: BufRead> LineReader<R> {
    /// Reads from `reader`.
    pub fn new(reader: R) -> LineReader<R> {
        LineReader {
            reader,
            eof: false,
            first: true,
        }
    }

    /// The next line, or `None` at the end of input (and ever after).
    pub fn read(&mut self) -> Result<Option<Line>, PlainError> {
        if self.eof {
            return Ok(None);
        }
        let mut bytes = Vec::new();
        // read_until retries by itself when interrupted by a signal.
        self.reader
            .read_until(b'\n', &mut bytes)
            .map_err(|err| PlainError::Failed(format!("cannot read standard input: {err}")))?;
        if bytes.is_empty() {
            self.eof = true;
            return Ok(None);
        }
        if bytes.last() == Some(&b'\n') {
            bytes.pop();
        }
        if bytes.last() == Some(&b'\r') {
            bytes.pop();
        }
        let mut text = String::from_utf8_lossy(&bytes).into_owned();
        if std::mem::take(&mut self.first) && text.starts_with('\u{feff}') {
            text.remove(0);
        }
        let had_controls = text.chars().any(is_unsafe);
        if had_controls {
            text.retain(|c| !is_unsafe(c));
        }
        Ok(Some(Line { text, had_controls }))
    }

    /// True once a read has met the end of input.
    pub fn at_eof(&self) -> bool {
        self.eof
    }
}

/// Characters never written and never kept from input: every control
/// character (C0, DEL and C1, which hold ESC and CSI) except tab.
fn is_unsafe(c: char) -> bool {
    c.is_control() && c != '\t'
}

/// Text to the output, sanitized; knows whether the cursor is at the start
/// of a line so a prompt met by the end of input still ends its line.
pub struct Output<W> {
    writer: W,
    line_start: bool,
}

impl<W: Write> Output<W> {
    /// Writes to `writer`.
    pub fn new(writer: W) -> Output<W> {
        Output {
            writer,
            line_start: true,
        }
    }

    fn write(&mut self, text: &str) -> Result<(), PlainError> {
        let clean = crate::terminal_text::block(text);
        if clean.is_empty() {
            return Ok(());
        }
        self.writer
            .write_all(clean.as_bytes())
            .map_err(write_error)?;
        self.line_start = clean.ends_with('\n');
        Ok(())
    }

    /// One line as it is (no wrapping).
    pub fn line(&mut self, text: &str) -> Result<(), PlainError> {
        self.write(text)?;
        self.write("\n")
    }

    /// An empty line.
    pub fn blank(&mut self) -> Result<(), PlainError> {
        self.end_line()?;
        self.write("\n")
    }

    /// Prose wrapped to short lines, with a hanging indent of `hang`.
    pub fn para_hang(&mut self, text: &str, hang: usize) -> Result<(), PlainError> {
        for line in wrap(text, WIDTH, hang) {
            self.line(&line)?;
        }
        Ok(())
    }

    /// Prose wrapped to short lines.
    pub fn para(&mut self, text: &str) -> Result<(), PlainError> {
        self.para_hang(text, 0)
    }

    /// A prompt left open for the answer, flushed so it shows.
    pub fn prompt(&mut self, text: &str) -> Result<(), PlainError> {
        self.end_line()?;
        self.write(text)?;
        self.flush()
    }

    /// Ends a line left open by a prompt.
    pub fn end_line(&mut self) -> Result<(), PlainError> {
        if self.line_start {
            Ok(())
        } else {
            self.write("\n")
        }
    }

    /// The terminal echoed the answer and its newline.
    pub fn typed(&mut self) {
        self.line_start = true;
    }

    /// Sends everything written so far.
    pub fn flush(&mut self) -> Result<(), PlainError> {
        self.writer.flush().map_err(write_error)
    }
}

/// A reader that went away is a quiet stop; anything else is reported.
fn write_error(err: std::io::Error) -> PlainError {
    match err.kind() {
        ErrorKind::BrokenPipe | ErrorKind::ConnectionReset => PlainError::ClosedOutput,
        _ => PlainError::Failed(format!("cannot write to standard output: {err}")),
    }
}
