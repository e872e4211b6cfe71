//! Plain (accessible) mode: each question as plain lines on standard output,
//! answers read line by line from standard input. No cursor movement, no
//! colour, no alternate screen: screen readers, dumb terminals, `script`
//! logs and piped scripts all read it cleanly.
//!
//! The record is saved after every answer that changes it, so stopping the
//! process loses at most the field being answered. A record needs a title,
//! so nothing is saved until it has one.

mod ask;
mod io;
mod text;

use std::fmt;
use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;

use crate::check::check;
use crate::clock::{Clock, to_second};
use crate::questionnaire::{QuestionSet, Section};
use crate::record::Record;
use crate::store::Store;

use self::io::{LineReader, Output};
use self::text::markdown_blocks;

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

impl std::error::Error for PlainError {}

/// How plain mode talks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// Repeat each line read after its prompt. When the answers come from
    /// a file or a pipe nothing else shows them, and with the echo the
    /// output reads as the transcript of a typed session.
    pub echo: bool,
}

impl Options {
    /// Echo when standard input is not a terminal (a terminal echoes what
    /// is typed by itself).
    pub fn for_stdin() -> Options {
        Options {
            echo: !std::io::stdin().is_terminal(),
        }
    }
}

/// Asks every field of the set in order, saving after each answer; returns
/// the record as saved when the questions or the input run out. Reading
/// standard input, pass [`Options::for_stdin`].
pub fn run_with<R: BufRead, W: Write>(
    options: Options,
    store: &Store,
    set: &QuestionSet,
    clock: &dyn Clock,
    record: Record,
    input: R,
    output: W,
) -> Result<Record, PlainError> {
    let on_disk = store.record_path(&record.id).exists();
    let mut session = Session {
        store,
        set,
        clock,
        record,
        input: LineReader::new(input),
        out: Output::new(output),
        echo: options.echo,
        on_disk,
        dirty: false,
        saved: None,
    };
    session.intro()?;
    let ending = session.walk()?;
    session.finish(ending)?;
    session.out.flush()?;
    Ok(session.record)
}

/// Why the walk through the set ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ending {
    /// Every field was asked.
    Done,
    /// The input ran out.
    EndOfInput,
    /// The title was refused twice and the record has none.
    NoTitle,
}

/// One plain-mode run over one record.
struct Session<'a, R, W> {
    store: &'a Store,
    set: &'a QuestionSet,
    clock: &'a dyn Clock,
    record: Record,
    input: LineReader<R>,
    out: Output<W>,
    echo: bool,
    /// The record has a file (it had one at the start, or we wrote it).
    on_disk: bool,
    /// Changes not yet written (held back while there is no title).
    dirty: bool,
    /// Where the record was saved, once it has been.
    saved: Option<PathBuf>,
}

impl<R: BufRead, W: Write> Session<'_, R, W> {
    fn intro(&mut self) -> Result<(), PlainError> {
        let out = &mut self.out;
        out.line("Plain mode: each question is asked as plain text.")?;
        let title = self.record.title.trim();
        let what = if self.on_disk {
            format!("Editing record {}: {title}", self.record.id)
        } else if title.is_empty() {
            format!("New record {}", self.record.id)
        } else {
            format!("New record {}: {title}", self.record.id)
        };
        out.para(&what)?;
        out.para(&format!(
            "Question set: {} {}.",
            self.set.name, self.set.version
        ))?;
        out.line("How to answer, after the > prompt:")?;
        for rule in [
            "Empty line: skip the field; an answer it has is kept.",
            "? alone: mark the field unknown.",
            "? and a note: unknown, with the note. For example: ? ask the DBA",
            "- alone: clear the answer the field has.",
            "A line holding only a dot (.) ends a multi-line answer.",
            "Tables ask \"Add a row? [y/N]\", then each column in turn.",
        ] {
            out.para_hang(&format!("  {rule}"), 4)?;
        }
        out.line("Each answer is saved as soon as it is given.")?;
        Ok(())
    }

    fn walk(&mut self) -> Result<Ending, PlainError> {
        let set = self.set;
        for (index, section) in set.sections.iter().enumerate() {
            self.section_header(index, section)?;
            for field in &section.fields {
                self.field(field)?;
                if self.input.at_eof() {
                    return Ok(Ending::EndOfInput);
                }
                if field.bind == Some(crate::questionnaire::Binding::Title)
                    && self.record.title.trim().is_empty()
                {
                    return Ok(Ending::NoTitle);
                }
            }
        }
        Ok(Ending::Done)
    }

    fn section_header(&mut self, index: usize, section: &Section) -> Result<(), PlainError> {
        let heading = match self.set.question_number(index) {
            Some(number) => format!(
                "Question {number} of {}: {}",
                self.set.question_count(),
                section.title
            ),
            None if section.optional => format!("{} (optional)", section.title),
            None => section.title.clone(),
        };
        self.out.blank()?;
        self.out.para(&heading)?;
        if !section.prompt.trim().is_empty() {
            self.out.para(&section.prompt)?;
        }
        let blocks = markdown_blocks(&section.guidance);
        if blocks.is_empty() {
            return Ok(());
        }
        self.out.blank()?;
        self.out.line("Guidance:")?;
        let mut previous_item = false;
        for (n, block) in blocks.iter().enumerate() {
            if n > 0 && !(previous_item && block.item) {
                self.out.blank()?;
            }
            self.out
                .para_hang(&block.text, if block.item { 2 } else { 0 })?;
            previous_item = block.item;
        }
        Ok(())
    }

    /// Writes the record if it changed and has a title; stamps `updated`.
    fn save(&mut self) -> Result<(), PlainError> {
        if (!self.dirty && self.on_disk) || self.record.title.trim().is_empty() {
            return Ok(());
        }
        self.record.updated = to_second(self.clock.now());
        let path = self
            .store
            .save(&self.record)
            .map_err(|err| PlainError::Failed(format!("cannot save the record: {err}")))?;
        if self.saved.is_none() {
            self.out.para(&format!("Saved to {}.", path.display()))?;
        }
        self.saved = Some(path);
        self.dirty = false;
        self.on_disk = true;
        Ok(())
    }

    fn finish(&mut self, ending: Ending) -> Result<(), PlainError> {
        self.out.blank()?;
        self.out.line(match ending {
            Ending::Done => "That was the last question.",
            Ending::EndOfInput => "End of input.",
            Ending::NoTitle => "Stopping: a record needs a title.",
        })?;
        if self.record.title.trim().is_empty() {
            let why = match ending {
                Ending::EndOfInput => "the input ended before a title was given",
                _ => "it has no title",
            };
            return self.out.para(&format!(
                "Nothing was saved: {why}. Run again to start over."
            ));
        }
        self.save()?;
        match &self.saved {
            Some(path) => self.out.para(&format!("Saved to {}.", path.display()))?,
            None => self.out.para(&format!(
                "Nothing changed; the record is still at {}.",
                self.store.record_path(&self.record.id).display()
            ))?,
        }
        self.readiness()
    }

    /// The readiness check's verdict: how many gaps, and where.
    fn readiness(&mut self) -> Result<(), PlainError> {
        let verdict = check(self.set, &self.record);
        if verdict.ready() {
            return self.out.line("Readiness: ready, no gaps.");
        }
        let count = verdict.gap_count();
        self.out.line(&format!(
            "Readiness: not ready, {}.",
            crate::check::gaps_label(count)
        ))?;
        self.out.line("Gaps by section:")?;
        for (index, section) in verdict.sections.iter().enumerate() {
            if section.ready {
                continue;
            }
            let name = match self.set.question_number(index) {
                Some(number) => format!("Question {number}, {}", section.title),
                None => section.title.clone(),
            };
            let gaps = section.gaps.len();
            self.out
                .para_hang(&format!("- {name}: {}", crate::check::gaps_label(gaps)), 2)?;
        }
        self.out.para(&format!(
            "To see what would fix them: preflight check {}",
            self.record.id
        ))
    }
}

#[cfg(test)]
mod tests;
