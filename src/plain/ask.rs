//! Asking one field: its label and help, the current answer, what it takes,
//! and the answer read back, re-asked once when it is not accepted. Tables
//! are asked row by row and cell by cell.

use std::io::{BufRead, Write};

use serde_json::Value;

use super::io::Line;
use super::text::{describe, match_choice};
use super::{PlainError, Session};
use crate::answers_input::{answer_for, kept_as_placeholder};
use crate::plural::plural;
use crate::questionnaire::{Binding, Field, FieldKind, kind_gap, lenient_value, validate_answer};
use crate::record::{Answer, GRID_ROW_KEY, Row, row_is_empty};

/// What the person said about a field.
#[derive(Debug, Clone, PartialEq)]
enum Reply {
    /// Leave it as it is: an empty line, the end of input, or two answers
    /// that were not accepted.
    Keep,
    /// A new answer, or `None` to clear it.
    Set(Option<Answer>),
}

/// How many answers in a row may be refused before the field is skipped.
const TRIES: usize = 2;

impl<R: BufRead, W: Write> Session<'_, R, W> {
    /// Asks one top-level field and stores what is said.
    pub(super) fn field(&mut self, field: &Field) -> Result<(), PlainError> {
        match field.kind {
            FieldKind::List => self.list(field),
            FieldKind::Grid => self.grid(field),
            _ => {
                let current = self.record.answer(field);
                if let Reply::Set(answer) = self.ask(field, current.as_ref(), None, true)? {
                    self.apply(field, answer)?;
                }
                Ok(())
            }
        }
    }

    /// Sets a top-level answer and saves when that changed the record.
    fn apply(&mut self, field: &Field, answer: Option<Answer>) -> Result<(), PlainError> {
        let before = self.record.answer(field);
        self.record.set_answer(field, answer);
        if self.record.answer(field) != before {
            self.dirty = true;
            self.save()?;
        }
        Ok(())
    }

    /// Reads a line, echoing it when the input is not a terminal.
    fn read_line(&mut self) -> Result<Option<Line>, PlainError> {
        let line = self.input.read()?;
        match &line {
            Some(line) if self.echo => self.out.line(&line.text)?,
            Some(_) => self.out.typed(),
            None => self.out.end_line()?,
        }
        Ok(line)
    }

    /// The label line ("Row 2, Severity (required)") and, with `help`, the
    /// field's help: how every field and table starts.
    fn heading(
        &mut self,
        field: &Field,
        prefix: Option<&str>,
        help: bool,
    ) -> Result<(), PlainError> {
        let mut text = match prefix {
            Some(prefix) => format!("{prefix}, {}", field.label),
            None => field.label.clone(),
        };
        if field.required {
            text.push_str(" (required)");
        }
        self.out.blank()?;
        self.out.para(&text)?;
        if help && !field.help.trim().is_empty() {
            self.out.para(&field.help)?;
        }
        Ok(())
    }

    /// What `?note` means, said back: the answer unknown, with the note.
    fn marked_unknown(&mut self, note: &str) -> Result<Answer, PlainError> {
        self.out.line("Marked unknown.")?;
        let note = note.trim();
        Ok(Answer::Unknown {
            note: (!note.is_empty()).then(|| note.to_string()),
        })
    }

    fn show_current(&mut self, field: &Field, answer: &Answer) -> Result<(), PlainError> {
        match describe(field, answer).as_slice() {
            [one] => self.out.para_hang(&format!("Current answer: {one}"), 2),
            lines => {
                self.out.line("Current answer:")?;
                for line in lines {
                    self.out.line(&format!("  {line}"))?;
                }
                Ok(())
            }
        }
    }

    /// What the kind takes, and the choices of a choice or rating.
    fn hint(&mut self, field: &Field) -> Result<(), PlainError> {
        let hint = match field.kind {
            FieldKind::Markdown => {
                "Several lines are fine; end with a line holding only a dot (.)."
            }
            FieldKind::Choice => "Choose one: type its number or the start of its name.",
            FieldKind::Rating => {
                "Choose one, lowest first: type its number or the start of its name."
            }
            FieldKind::YesNo => "Type yes or no.",
            FieldKind::Date => "Type a date as YYYY-MM-DD.",
            FieldKind::Tags => "Separate words with commas.",
            FieldKind::People => "Separate names with commas.",
            FieldKind::Url => "Type a link (https://...) or a path in the repository.",
            FieldKind::Text | FieldKind::Person | FieldKind::List | FieldKind::Grid => "",
        };
        if !hint.is_empty() {
            self.out.para(hint)?;
        }
        for (index, option) in field.options.iter().enumerate() {
            let label = option.display();
            let value = if label.eq_ignore_ascii_case(&option.value) {
                String::new()
            } else {
                format!(" ({})", option.value)
            };
            self.out
                .para_hang(&format!("  {}. {label}{value}", index + 1), 5)?;
        }
        Ok(())
    }

    /// Asks a one-value field (or a table cell) until an answer is accepted,
    /// the person skips it, or it has been refused twice.
    fn ask(
        &mut self,
        field: &Field,
        current: Option<&Answer>,
        prefix: Option<&str>,
        help: bool,
    ) -> Result<Reply, PlainError> {
        self.heading(field, prefix, help)?;
        self.hint(field)?;
        if let Some(answer) = current {
            self.show_current(field, answer)?;
        }
        let needs_title = field.bind == Some(Binding::Title) && self.record.title.trim().is_empty();
        for attempt in 1..=TRIES {
            self.out.prompt("> ")?;
            let Some(line) = self.read_line()? else {
                return Ok(Reply::Keep);
            };
            match self.interpret(field, current, line)? {
                Ok(reply) => return Ok(reply),
                Err(problem) => {
                    self.out.para(&format!("Not accepted: {problem}."))?;
                    if attempt < TRIES {
                        self.out.line(if needs_title {
                            "Try again."
                        } else {
                            "Try again, or press Enter to skip."
                        })?;
                    }
                }
            }
        }
        let keeps = if current.is_some() {
            "; it keeps its answer"
        } else {
            ""
        };
        self.out.para(&format!(
            "Skipped {} after {TRIES} answers that were not accepted{keeps}.",
            field.label
        ))?;
        Ok(Reply::Keep)
    }

    /// What a line means for a field: `Err` with the reason when it is not
    /// accepted.
    fn interpret(
        &mut self,
        field: &Field,
        current: Option<&Answer>,
        line: Line,
    ) -> Result<Result<Reply, String>, PlainError> {
        let is_title = field.bind == Some(Binding::Title);
        let multi_line = field.kind == FieldKind::Markdown;
        if line.had_controls && !multi_line {
            return Ok(Err(
                "the line held control characters (arrow or function keys?); \
                 type the answer again without them"
                    .into(),
            ));
        }
        let typed = line.text.trim();
        if typed.is_empty() || (multi_line && typed == ".") {
            if is_title && self.record.title.trim().is_empty() {
                return Ok(Err("a record needs a title".into()));
            }
            return Ok(Ok(Reply::Keep));
        }
        if let Some(note) = typed.strip_prefix('?') {
            if is_title {
                return Ok(Err(
                    "the title cannot be unknown; give a working title".into()
                ));
            }
            return Ok(Ok(Reply::Set(Some(self.marked_unknown(note)?))));
        }
        if typed == "-" {
            if is_title {
                return Ok(Err(
                    "the title cannot be cleared; type a new one or press Enter to keep it".into(),
                ));
            }
            if current.is_none() {
                return Ok(Ok(Reply::Keep));
            }
            self.out.line("Cleared.")?;
            return Ok(Ok(Reply::Set(None)));
        }
        let value = match field.kind {
            FieldKind::Markdown => {
                if line.had_controls {
                    self.out
                        .line("Control characters were taken out of that line.")?;
                }
                self.read_more(line.text)?
            }
            FieldKind::Choice | FieldKind::Rating => match match_choice(field, typed) {
                Ok(option) => option.value.clone(),
                // "two-way (behind the flag)": an option with a note, or a
                // bare placeholder the check will report.
                Err(_) if lenient_value(field, typed).is_some() => typed.to_string(),
                Err(_) if kept_as_placeholder(field, &Answer::Text(typed.into())) => {
                    typed.to_string()
                }
                Err(problem) => return Ok(Err(problem)),
            },
            _ => typed.to_string(),
        };
        let answer = match answer_for(field, &Value::String(value)) {
            Ok(Some(answer)) => answer,
            Ok(None) => return Ok(Ok(Reply::Keep)),
            Err(problem) => return Ok(Err(problem)),
        };
        if let Some((problem, fix)) = kind_gap(field, &answer) {
            self.out
                .para(&format!("Accepted, with a warning: {problem} {fix}"))?;
        } else if validate_answer(field, &answer).is_err() {
            self.out.para(
                "Kept as typed: it is a placeholder, so `preflight check` reports it until it is answered.",
            )?;
        }
        Ok(Ok(Reply::Set(Some(answer))))
    }

    /// The rest of a multi-line answer, up to a line holding only a dot or
    /// the end of input (what was read is kept either way).
    fn read_more(&mut self, first: String) -> Result<String, PlainError> {
        let mut lines = vec![first];
        while let Some(line) = self.read_line()? {
            if line.text.trim() == "." {
                break;
            }
            if line.had_controls {
                self.out
                    .line("Control characters were taken out of that line.")?;
            }
            lines.push(line.text);
        }
        Ok(lines.join("\n").trim_end().to_string())
    }

    /// A list: its rows so far, then "Add a row?" until the answer is no.
    fn list(&mut self, field: &Field) -> Result<(), PlainError> {
        self.heading(field, None, true)?;
        let current = self.record.answer(field);
        let mut rows: Vec<Row> = match &current {
            Some(Answer::Rows(rows)) => rows.clone(),
            _ => Vec::new(),
        };
        match &current {
            Some(answer @ Answer::Rows(_)) => {
                self.out
                    .line(&format!("It has {} row{}:", rows.len(), plural(rows.len())))?;
                for line in describe(field, answer) {
                    self.out.para_hang(&format!("  {line}"), 4)?;
                }
            }
            Some(answer) => self.show_current(field, answer)?,
            None => self.out.line("It has no rows yet.")?,
        }
        let mut refused = 0;
        loop {
            self.out.prompt(if rows.is_empty() {
                "Add a row? [y/N] "
            } else {
                "Add another row? [y/N] "
            })?;
            let Some(line) = self.read_line()? else {
                return Ok(());
            };
            let typed = line.text.trim();
            match typed.to_lowercase().as_str() {
                "" | "n" | "no" => return Ok(()),
                "y" | "yes" => {
                    refused = 0;
                    self.list_row(field, &mut rows)?;
                    if self.input.at_eof() {
                        return Ok(());
                    }
                }
                "-" => {
                    if self.record.answer(field).is_some() {
                        self.out.line("Cleared.")?;
                        self.apply(field, None)?;
                    }
                    rows.clear();
                }
                _ if typed.starts_with('?') => {
                    let unknown = self.marked_unknown(&typed[1..])?;
                    return self.apply(field, Some(unknown));
                }
                _ => {
                    refused += 1;
                    if refused == TRIES {
                        return self
                            .out
                            .line("Going on: that was not y or n twice in a row.");
                    }
                    self.out
                        .line("Not accepted: type y to add a row, or press Enter to go on.")?;
                }
            }
        }
    }

    /// One new list row, column by column; saved after each cell.
    fn list_row(&mut self, field: &Field, rows: &mut Vec<Row>) -> Result<(), PlainError> {
        let index = rows.len();
        let name = format!("Row {}", index + 1);
        rows.push(Row::new());
        for column in &field.columns {
            if let Reply::Set(Some(answer)) = self.ask(column, None, Some(&name), true)? {
                rows[index].insert(column.id.clone(), answer);
                self.apply(field, Some(Answer::Rows(rows.clone())))?;
            }
            if self.input.at_eof() {
                break;
            }
        }
        if row_is_empty(&rows[index]) {
            rows.pop();
            if !self.input.at_eof() {
                self.out
                    .line(&format!("{name} was left empty, so it was not added."))?;
            }
        }
        Ok(())
    }

    /// A grid: each fixed row's columns in turn; saved after each cell.
    fn grid(&mut self, field: &Field) -> Result<(), PlainError> {
        self.heading(field, None, true)?;
        let current = self.record.answer(field);
        let mut rows: Vec<Row> = match &current {
            Some(Answer::Rows(rows)) => rows.clone(),
            Some(answer) => {
                self.show_current(field, answer)?;
                Vec::new()
            }
            None => Vec::new(),
        };
        let names: Vec<&str> = field.rows.iter().map(|row| row.label.as_str()).collect();
        self.out.para(&format!(
            "A table with {} fixed rows: {}. Each row's columns are asked in turn.",
            names.len(),
            names.join(", ")
        ))?;
        for (index, grid_row) in field.rows.iter().enumerate() {
            for column in &field.columns {
                let at = rows.iter().position(|row| {
                    row.get(GRID_ROW_KEY).and_then(Answer::as_text) == Some(grid_row.id.as_str())
                });
                let cell = at.and_then(|at| rows[at].get(&column.id)).cloned();
                let reply = self.ask(column, cell.as_ref(), Some(&grid_row.label), index == 0)?;
                if let Reply::Set(answer) = reply {
                    let at = at.unwrap_or_else(|| {
                        let id = Answer::Text(grid_row.id.clone());
                        rows.push(Row::from([(GRID_ROW_KEY.to_string(), id)]));
                        rows.len() - 1
                    });
                    match answer {
                        Some(answer) => rows[at].insert(column.id.clone(), answer),
                        None => rows[at].remove(&column.id),
                    };
                    self.apply(field, Some(Answer::Rows(rows.clone())))?;
                }
                if self.input.at_eof() {
                    return Ok(());
                }
            }
        }
        Ok(())
    }
}
