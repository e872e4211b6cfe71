//! One field of a section as an editable component: it owns the value while
//! the user edits, turns keys into edits, and draws itself from `&self`.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row as TableRow, Table};
use ratatui_textarea::{CursorMove, TextArea};
use unicode_width::UnicodeWidthStr;

use super::multi_line::MultiLineEditor;
use super::wrap::{wrap_indented, wrap_line};

use crate::check::list_row_name;
use crate::questionnaire::{Field, FieldKind, kind_gap, validate_answer};
use crate::record::{Answer, GRID_ROW_KEY, Row};
use crate::tui::theme::Theme;

/// What a component did with a key (gitui's `EventState`, plus whether the
/// value changed so the caller knows to save).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyOutcome {
    /// Not for this component; the caller may use it.
    Ignored,
    /// Used, value unchanged (cursor moved, selection moved).
    Consumed,
    /// Used, and the value changed.
    Changed,
}

/// The input state for each kind of field.
#[derive(Debug, Clone)]
pub enum FieldInput {
    /// One line of text (text, person, date, url, tags).
    Line(TextArea<'static>),
    /// Multi-line Markdown (of any size: see [`MultiLineEditor`]).
    Multi(MultiLineEditor),
    /// Index into the field's options, if chosen.
    Choice(Option<usize>),
    /// Yes, no, or not answered.
    YesNo(Option<bool>),
    /// Rows of a list or grid and the selected row.
    Table {
        /// The rows (for grids: one per stored grid row).
        rows: Vec<Row>,
        /// Selected row index.
        selected: usize,
    },
}

/// A field being edited.
#[derive(Debug, Clone)]
pub struct FieldEditor {
    /// The field definition from the set.
    pub field: Field,
    /// Its input state.
    pub input: FieldInput,
    /// The stored Unknown answer when the field is marked unknown.
    pub unknown: Option<Answer>,
}

/// A one-line editor on `text` (line breaks become spaces).
fn text_area(text: &str) -> TextArea<'static> {
    let mut area = TextArea::new(vec![text.replace(['\n', '\r'], " ")]);
    area.set_cursor_line_style(Style::default());
    // Coming back to an answer, you usually continue it.
    area.move_cursor(CursorMove::End);
    area
}

impl FieldEditor {
    /// An editor showing a stored answer.
    pub fn new(field: &Field, answer: Option<&Answer>) -> FieldEditor {
        let unknown = answer.filter(|a| a.is_unknown()).cloned();
        let value = answer.filter(|a| !a.is_unknown());
        let input = match field.kind {
            FieldKind::Markdown => FieldInput::Multi(MultiLineEditor::new(
                value.and_then(Answer::as_text).unwrap_or_default(),
            )),
            FieldKind::Choice | FieldKind::Rating => FieldInput::Choice(
                value
                    .and_then(Answer::as_text)
                    .and_then(|v| field.options.iter().position(|o| o.value == v.trim())),
            ),
            FieldKind::YesNo => FieldInput::YesNo(match value {
                Some(Answer::Flag(flag)) => Some(*flag),
                _ => None,
            }),
            FieldKind::Tags | FieldKind::People => {
                let text = match value {
                    Some(Answer::Words(words)) => words.join(", "),
                    Some(Answer::Text(text)) => text.clone(),
                    _ => String::new(),
                };
                FieldInput::Line(text_area(&text))
            }
            FieldKind::List => FieldInput::Table {
                rows: value.map(|a| a.rows().to_vec()).unwrap_or_default(),
                selected: 0,
            },
            FieldKind::Grid => {
                let stored = value.map(Answer::rows).unwrap_or_default();
                let rows = field
                    .rows
                    .iter()
                    .map(|grid_row| {
                        stored
                            .iter()
                            .find(|r| {
                                r.get(GRID_ROW_KEY).and_then(Answer::as_text)
                                    == Some(grid_row.id.as_str())
                            })
                            .cloned()
                            .unwrap_or_else(|| {
                                Row::from([(
                                    GRID_ROW_KEY.to_string(),
                                    Answer::Text(grid_row.id.clone()),
                                )])
                            })
                    })
                    .collect();
                FieldInput::Table { rows, selected: 0 }
            }
            FieldKind::Text | FieldKind::Person | FieldKind::Date | FieldKind::Url => {
                FieldInput::Line(text_area(
                    value.and_then(Answer::as_text).unwrap_or_default(),
                ))
            }
        };
        FieldEditor {
            field: field.clone(),
            input,
            unknown,
        }
    }

    /// The answer to store: the Unknown mark, or the value typed, or blank.
    pub fn answer(&self) -> Option<Answer> {
        if let Some(unknown) = &self.unknown {
            return Some(unknown.clone());
        }
        let answer = match &self.input {
            FieldInput::Line(area) => {
                let text = area.lines().join(" ");
                if matches!(self.field.kind, FieldKind::Tags | FieldKind::People) {
                    Answer::Words(text.split(',').map(|w| w.trim().to_string()).collect())
                } else {
                    Answer::Text(text.trim().to_string())
                }
            }
            FieldInput::Multi(text) => {
                // Trimmed in place: a second copy of a big answer per
                // keystroke is what made typing in it slow.
                let mut text = text.text();
                text.truncate(text.trim_end().len());
                Answer::Text(text)
            }
            FieldInput::Choice(index) => {
                Answer::Text(self.field.options.get((*index)?).map(|o| o.value.clone())?)
            }
            FieldInput::YesNo(flag) => Answer::Flag((*flag)?),
            FieldInput::Table { rows, .. } => Answer::Rows(rows.clone()),
        };
        answer.normalized()
    }

    /// Whether this is a multi-line text field.
    pub fn is_multiline(&self) -> bool {
        matches!(self.input, FieldInput::Multi(_))
    }

    /// Whether this is a table (list or grid).
    pub fn is_table(&self) -> bool {
        matches!(self.input, FieldInput::Table { .. })
    }

    /// The text of a text field.
    pub fn text(&self) -> Option<String> {
        match &self.input {
            FieldInput::Line(area) => Some(area.lines().join(" ")),
            FieldInput::Multi(text) => Some(text.text()),
            _ => None,
        }
    }

    /// Replaces the text of a text field (after $EDITOR).
    pub fn set_text(&mut self, text: &str) {
        match &mut self.input {
            FieldInput::Multi(big) => *big = MultiLineEditor::new(text),
            FieldInput::Line(area) => *area = text_area(text),
            _ => return,
        }
        self.unknown = None;
    }

    /// Marks the field unknown, or clears the mark. Nothing typed is lost:
    /// a value marked unknown is kept as the mark's note ("unknown, maybe
    /// Priya"), and clearing the mark puts it back. Returns why the mark
    /// cannot be set, if it cannot.
    pub fn toggle_unknown(&mut self) -> Result<(), &'static str> {
        if let Some(Answer::Unknown { note }) = self.unknown.take() {
            if self.value_text().is_none()
                && let Some(note) = note
            {
                self.restore(&note);
            }
            return Ok(());
        }
        if self.field.bind == Some(crate::questionnaire::Binding::Title) {
            return Err("A title cannot be unknown: every record needs one.");
        }
        if matches!(&self.input, FieldInput::Table { rows, .. } if !rows.is_empty()) {
            return Err(
                "This table has rows: mark single cells unknown instead (Enter, then Ctrl-T).",
            );
        }
        self.unknown = Some(Answer::Unknown {
            note: self.value_text(),
        });
        Ok(())
    }

    /// The value as one line of text, if there is one.
    fn value_text(&self) -> Option<String> {
        let text = match &self.input {
            FieldInput::Line(area) => area.lines().join("\n"),
            FieldInput::Multi(text) => text.text(),
            FieldInput::Choice(index) => self.field.options.get((*index)?)?.value.clone(),
            FieldInput::YesNo(flag) => if (*flag)? { "yes" } else { "no" }.to_string(),
            FieldInput::Table { .. } => return None,
        };
        let text = text.trim().to_string();
        (!text.is_empty()).then_some(text)
    }

    /// Puts a value saved as an unknown note back into the editor.
    fn restore(&mut self, text: &str) {
        match &mut self.input {
            FieldInput::Line(_) | FieldInput::Multi(_) => self.set_text(text),
            FieldInput::Choice(index) => {
                *index = self.field.options.iter().position(|o| o.value == text);
            }
            FieldInput::YesNo(flag) => *flag = Some(text == "yes"),
            FieldInput::Table { .. } => {}
        }
    }

    /// Inserts pasted text; newlines become spaces in one-line fields.
    pub fn paste(&mut self, text: &str) -> KeyOutcome {
        if text.is_empty() {
            return KeyOutcome::Consumed;
        }
        match &mut self.input {
            FieldInput::Multi(big) => {
                big.insert_str(&text.replace("\r\n", "\n").replace('\r', "\n"));
            }
            FieldInput::Line(area) => {
                area.insert_str(text.replace(['\n', '\r'], " "));
            }
            _ => return KeyOutcome::Ignored,
        }
        self.unknown = None;
        KeyOutcome::Changed
    }

    /// Handles a key meant for the field.
    pub fn handle_key(&mut self, key: &KeyEvent) -> KeyOutcome {
        let outcome = match &mut self.input {
            FieldInput::Line(area) => {
                if matches!(
                    key.code,
                    KeyCode::Enter | KeyCode::Up | KeyCode::Down | KeyCode::Tab
                ) {
                    return KeyOutcome::Ignored;
                }
                text_outcome(area.input(*key))
            }
            FieldInput::Multi(area) => {
                if key.code == KeyCode::Tab {
                    return KeyOutcome::Ignored;
                }
                text_outcome(area.input(*key))
            }
            FieldInput::Choice(index) => choice_key(&self.field, index, key),
            FieldInput::YesNo(flag) => yes_no_key(flag, key),
            FieldInput::Table { .. } => KeyOutcome::Ignored,
        };
        if outcome == KeyOutcome::Changed {
            self.unknown = None;
        }
        outcome
    }

    /// Styles the cursor: visible when focused, hidden otherwise.
    pub fn set_focus(&mut self, focused: bool, theme: &Theme) {
        let style = if focused {
            theme.cursor
        } else {
            Style::default()
        };
        match &mut self.input {
            FieldInput::Line(area) => area.set_cursor_style(style),
            FieldInput::Multi(text) => text.set_cursor_style(style),
            _ => {}
        }
    }

    /// Height the field wants at this width (label and problem lines wrap).
    pub fn height(&self, focused: bool, width: u16) -> u16 {
        let body = match &self.input {
            FieldInput::Line(_) | FieldInput::YesNo(_) => 1,
            FieldInput::Multi(text) => {
                let lines = text.line_count().min(200) as u16;
                let max = if focused { 12 } else { 6 };
                lines.clamp(3, max) + 2
            }
            FieldInput::Choice(_) => self.field.options.len() as u16 + u16::from(focused),
            FieldInput::Table { rows, .. } => {
                let shown = (rows.len() as u16).clamp(1, 8);
                let hint = if focused {
                    self.table_hint(width.saturating_sub(2), &Theme::new(false))
                        .len() as u16
                } else {
                    0
                };
                shown + 1 + hint
            }
        };
        let theme = Theme::new(false);
        let label = self.label_lines(focused, &theme, width).len() as u16;
        let problem = self
            .problem_lines(&theme, width)
            .map_or(0, |lines| lines.len() as u16);
        label + body + problem
    }

    /// What is wrong with the value as typed (bad date, team word), if anything.
    pub fn problem(&self) -> Option<String> {
        if self.unknown.is_some() || self.is_table() {
            return None;
        }
        let answer = self.answer()?;
        if let Err(problem) = validate_answer(&self.field, &answer) {
            return Some(problem);
        }
        kind_gap(&self.field, &answer).map(|(problem, _)| problem)
    }

    /// The label, required mark, unknown mark and help, wrapped to the
    /// width (continuation lines indented under the label).
    fn label_lines(&self, focused: bool, theme: &Theme, width: u16) -> Vec<Line<'static>> {
        let marker = if focused { "▶ " } else { "  " };
        let label_style = if focused { theme.focus } else { theme.title };
        let mut spans = vec![
            Span::styled(marker, label_style),
            Span::styled(self.field.label.clone(), label_style),
        ];
        if self.field.required {
            spans.push(Span::styled(" *", theme.warn));
        }
        if self.unknown.is_some() {
            spans.push(Span::styled(" [UNKNOWN]", theme.unknown));
        }
        if !self.field.help.is_empty() {
            spans.push(Span::styled(format!("  {}", self.field.help), theme.dim));
        }
        // Continuation lines line up with the label text.
        wrap_indented(Line::from(spans), usize::from(width).max(4), 2)
    }

    /// What is wrong with the value, wrapped under the input.
    fn problem_lines(&self, theme: &Theme, width: u16) -> Option<Vec<Line<'static>>> {
        let problem = self.problem()?;
        let width = usize::from(width.saturating_sub(2)).max(4);
        Some(wrap_line(
            Line::from(Span::styled(format!("! {problem}"), theme.warn)),
            width,
        ))
    }

    /// Draws the label line and the input.
    pub fn draw(&self, frame: &mut Frame, area: Rect, focused: bool, theme: &Theme) {
        if area.height == 0 || area.width < 4 {
            return;
        }
        let label = self.label_lines(focused, theme, area.width);
        let label_height = (label.len() as u16).min(area.height);
        frame.render_widget(
            Paragraph::new(label),
            Rect {
                height: label_height,
                ..area
            },
        );
        let mut body = Rect {
            x: area.x + 2,
            y: area.y + label_height,
            width: area.width.saturating_sub(2),
            height: area.height.saturating_sub(label_height),
        };
        if let Some(problem) = self.problem_lines(theme, area.width) {
            let height = (problem.len() as u16).min(body.height);
            let line_area = Rect {
                y: body.y + body.height - height,
                height,
                ..body
            };
            body.height -= height;
            frame.render_widget(Paragraph::new(problem), line_area);
        }
        if body.height == 0 {
            return;
        }
        match &self.input {
            FieldInput::Line(text) if self.unknown.is_some() && text.is_empty() => {
                let shown = match &self.unknown {
                    Some(Answer::Unknown { note: Some(note) }) => {
                        format!("› Unknown: {note} (Ctrl-T takes it as the answer)")
                    }
                    _ => "› Unknown (type to answer, Ctrl-T clears the mark)".to_string(),
                };
                frame.render_widget(Paragraph::new(Span::styled(shown, theme.unknown)), body);
            }
            FieldInput::Line(text) => {
                let prefix = Rect { width: 2, ..body };
                frame.render_widget(Paragraph::new(Span::styled("› ", theme.dim)), prefix);
                let rest = Rect {
                    x: body.x + 2,
                    width: body.width.saturating_sub(2),
                    height: 1,
                    ..body
                };
                if focused {
                    frame.render_widget(text, rest);
                } else {
                    // Without focus the answer reads from its start (the
                    // editor would scroll to its cursor, at the end).
                    let shown =
                        crate::tui::screens::fit(&text.lines().join(" "), usize::from(rest.width));
                    frame.render_widget(Paragraph::new(Span::styled(shown, theme.text)), rest);
                }
            }
            FieldInput::Multi(text) => {
                let border = if focused { theme.focus } else { theme.dim };
                let block = Block::default().borders(Borders::ALL).border_style(border);
                let inner = block.inner(body);
                frame.render_widget(block, body);
                if focused {
                    frame.render_widget(text.widget(), inner);
                } else {
                    // The first lines, wrapped, rather than the window
                    // around a cursor left at the end.
                    let lines: Vec<Line> = text
                        .lines()
                        .take(usize::from(inner.height))
                        .map(|l| Line::styled(l.to_string(), theme.text))
                        .collect();
                    frame.render_widget(
                        Paragraph::new(lines).wrap(ratatui::widgets::Wrap { trim: false }),
                        inner,
                    );
                }
            }
            FieldInput::Choice(index) => {
                let lines: Vec<Line> = self
                    .field
                    .options
                    .iter()
                    .enumerate()
                    .map(|(i, option)| {
                        let (mark, style) = radio(theme, *index == Some(i), focused);
                        Line::from(vec![
                            Span::styled(format!("{mark} "), style),
                            Span::styled(option.display().to_string(), style),
                        ])
                    })
                    .collect();
                let mut lines = lines;
                if focused {
                    lines.push(Line::styled(
                        "↑↓ or first letter · Backspace clears",
                        theme.dim,
                    ));
                }
                frame.render_widget(Paragraph::new(lines), body);
            }
            FieldInput::YesNo(flag) => {
                let item = |label: &str, on: bool| {
                    let (mark, style) = radio(theme, on, focused);
                    Span::styled(format!("{mark} {label}"), style)
                };
                let line = Line::from(vec![
                    item("Yes", *flag == Some(true)),
                    Span::raw("   "),
                    item("No", *flag == Some(false)),
                    Span::styled("   y / n, Backspace clears", theme.dim),
                ]);
                frame.render_widget(Paragraph::new(line), body);
            }
            FieldInput::Table { rows, selected } => {
                self.draw_table(frame, body, rows, *selected, focused, theme);
            }
        }
    }

    fn draw_table(
        &self,
        frame: &mut Frame,
        area: Rect,
        rows: &[Row],
        selected: usize,
        focused: bool,
        theme: &Theme,
    ) {
        let grid = self.field.kind == FieldKind::Grid;
        let hint = if focused {
            self.table_hint(area.width, theme)
        } else {
            Vec::new()
        };
        let hint_height = (hint.len() as u16).min(area.height);
        let table_area = Rect {
            height: area.height.saturating_sub(hint_height),
            ..area
        };
        let (first_width, columns) = self.table_columns(area.width);
        let mut header: Vec<Cell> = vec![Cell::from(if grid { "" } else { "#" })];
        header.extend(columns.iter().map(|c| Cell::from(c.label.clone())));
        let body: Vec<TableRow> = rows
            .iter()
            .enumerate()
            .map(|(i, row)| {
                let first = if grid {
                    self.field
                        .rows
                        .get(i)
                        .map(|r| r.label.clone())
                        .unwrap_or_default()
                } else {
                    format!("{}", i + 1)
                };
                let mut cells = vec![Cell::from(first)];
                cells.extend(
                    columns
                        .iter()
                        .map(|c| Cell::from(cell_text(c, row.get(&c.id)))),
                );
                let style = if focused && i == selected {
                    theme.selected
                } else {
                    theme.text
                };
                TableRow::new(cells).style(style)
            })
            .collect();
        let mut widths = vec![Constraint::Length(first_width)];
        widths.extend(
            columns
                .iter()
                .map(|c| Constraint::Min(u16::try_from(c.label.width()).unwrap_or(u16::MAX))),
        );
        if rows.is_empty() {
            let text = if focused {
                "No rows yet: press a to add one."
            } else {
                "No rows yet."
            };
            frame.render_widget(
                Paragraph::new(Span::styled(text, theme.dim)),
                Rect {
                    height: 1,
                    ..table_area
                },
            );
        } else {
            let start = selected.saturating_sub(usize::from(table_area.height.saturating_sub(2)));
            let visible: Vec<TableRow> = body.into_iter().skip(start).collect();
            let table = Table::new(visible, widths)
                .header(TableRow::new(header).style(theme.title))
                .column_spacing(1);
            frame.render_widget(table, table_area);
        }
        if hint_height > 0 {
            frame.render_widget(
                Paragraph::new(hint),
                Rect {
                    y: area.y + area.height - hint_height,
                    height: hint_height,
                    ..area
                },
            );
        }
    }

    /// The width of a table's first column and the columns that fit.
    fn table_columns(&self, width: u16) -> (u16, Vec<&Field>) {
        // A grid's row labels get the width they need, keeping room for
        // one column, so "Compute / infrastructure" is not cut.
        let first_width: u16 = if self.field.kind == FieldKind::Grid {
            let longest = self.field.rows.iter().map(|r| r.label.width()).max();
            let longest = u16::try_from(longest.unwrap_or(0)).unwrap_or(u16::MAX);
            longest.clamp(3, width.saturating_sub(15).max(3))
        } else {
            3
        };
        // As many columns as fit with their whole label (and at least 13
        // columns of room each); the rest are in the row editor.
        let room = usize::from(width.saturating_sub(first_width + 1));
        let mut used = 0;
        let columns = self
            .field
            .summary_columns()
            .into_iter()
            .enumerate()
            .take_while(|(i, column)| {
                used += column.label.width().max(13) + 1;
                *i == 0 || used <= room
            })
            .map(|(_, column)| column)
            .collect();
        (first_width, columns)
    }

    /// The keys of a focused table and how many columns only the row
    /// editor shows, wrapped to the width.
    fn table_hint(&self, width: u16, theme: &Theme) -> Vec<Line<'static>> {
        let hint = if self.field.kind == FieldKind::Grid {
            "↑↓ select · Enter edit row"
        } else {
            "a add · Enter edit · d delete · Alt-↑↓ move"
        };
        let shown = self.table_columns(width).1.len();
        let hidden = self.field.columns.len().saturating_sub(shown);
        let more = if hidden > 0 {
            format!("  (+{hidden} columns in the row editor)")
        } else {
            String::new()
        };
        wrap_line(
            Line::from(Span::styled(format!("{hint}{more}"), theme.dim)),
            usize::from(width).max(4),
        )
    }

    /// How a row is named in the row editor title.
    pub fn row_title(&self, index: usize) -> String {
        match &self.input {
            FieldInput::Table { rows, .. } if self.field.kind == FieldKind::Grid => format!(
                "{} · {}",
                self.field.label,
                self.field
                    .rows
                    .get(index)
                    .map(|r| r.label.as_str())
                    .unwrap_or("")
            ),
            FieldInput::Table { rows, .. } => {
                let empty = Row::new();
                let row = rows.get(index).unwrap_or(&empty);
                format!(
                    "{} · {} of {}",
                    self.field.label,
                    list_row_name(&self.field, row, index),
                    rows.len()
                )
            }
            _ => self.field.label.clone(),
        }
    }
}

/// A table cell as short text.
pub fn cell_text(column: &Field, cell: Option<&Answer>) -> String {
    match cell {
        None => String::new(),
        Some(Answer::Unknown { .. }) => "Unknown".into(),
        Some(Answer::Text(text)) => match column.kind {
            FieldKind::Choice | FieldKind::Rating => column
                .option(text)
                .map_or(text.as_str(), |o| o.display())
                .to_string(),
            _ => text.replace('\n', " "),
        },
        Some(Answer::Flag(flag)) => if *flag { "Yes" } else { "No" }.into(),
        Some(Answer::Words(words)) => words.join(", "),
        Some(Answer::Rows(rows)) => format!("{} rows", rows.len()),
    }
}

/// A choice's or yes/no's mark and style: "(•)" when chosen, highlighted
/// while the field has the focus.
fn radio(theme: &Theme, chosen: bool, focused: bool) -> (&'static str, Style) {
    match (chosen, focused) {
        (true, true) => ("(•)", theme.selected),
        (true, false) => ("(•)", theme.title),
        (false, _) => ("( )", theme.text),
    }
}

fn text_outcome(modified: bool) -> KeyOutcome {
    if modified {
        KeyOutcome::Changed
    } else {
        KeyOutcome::Consumed
    }
}

fn choice_key(field: &Field, index: &mut Option<usize>, key: &KeyEvent) -> KeyOutcome {
    let count = field.options.len();
    if count == 0
        || key
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
    {
        return KeyOutcome::Ignored;
    }
    let before = *index;
    match key.code {
        KeyCode::Up | KeyCode::Left => {
            *index = Some(index.map_or(count - 1, |i| i.saturating_sub(1)));
        }
        KeyCode::Down | KeyCode::Right | KeyCode::Char(' ') => {
            *index = Some(index.map_or(0, |i| (i + 1) % count));
        }
        KeyCode::Home => *index = Some(0),
        KeyCode::End => *index = Some(count - 1),
        KeyCode::Backspace | KeyCode::Delete => *index = None,
        KeyCode::Char(c) if c.is_ascii_digit() => {
            let n = c.to_digit(10).unwrap_or(0) as usize;
            if (1..=count).contains(&n) {
                *index = Some(n - 1);
            }
        }
        KeyCode::Char(c) => {
            let c = c.to_lowercase().next().unwrap_or(c);
            let start = index.map_or(0, |i| i + 1);
            let found = (0..count)
                .map(|k| (start + k) % count)
                .find(|&i| field.options[i].display().to_lowercase().starts_with(c));
            match found {
                Some(i) => *index = Some(i),
                None => return KeyOutcome::Consumed,
            }
        }
        _ => return KeyOutcome::Ignored,
    }
    if *index == before {
        KeyOutcome::Consumed
    } else {
        KeyOutcome::Changed
    }
}

fn yes_no_key(flag: &mut Option<bool>, key: &KeyEvent) -> KeyOutcome {
    if key
        .modifiers
        .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
    {
        return KeyOutcome::Ignored;
    }
    let before = *flag;
    match key.code {
        KeyCode::Char('y' | 'Y') => *flag = Some(true),
        KeyCode::Char('n' | 'N') => *flag = Some(false),
        KeyCode::Char(' ') | KeyCode::Left | KeyCode::Right => {
            *flag = Some(!flag.unwrap_or(false));
        }
        KeyCode::Backspace | KeyCode::Delete => *flag = None,
        KeyCode::Char(_) => return KeyOutcome::Consumed,
        _ => return KeyOutcome::Ignored,
    }
    if *flag == before {
        KeyOutcome::Consumed
    } else {
        KeyOutcome::Changed
    }
}
