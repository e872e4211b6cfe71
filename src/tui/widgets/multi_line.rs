//! A multi-line answer of any size in a `ratatui-textarea` editor, with
//! typing as fast in a 1 MB answer as in a short one.
//!
//! Why: ratatui-textarea 0.9 lays out (soft-wraps) its whole text again
//! after every edit (`screen_map_load`, called from `push_history`), so a
//! keystroke costs time in proportion to the answer: about 3 ms at 100 KB
//! and 65-95 ms at 1 MB here. The crate offers no way to reuse or skip that
//! layout, so for answers over [`WINDOW_FROM`] the editor is given only a
//! window of whole lines around the cursor (about [`WINDOW_BYTES`] each side,
//! and never fewer than [`MIN_LINES`]); the lines above and below wait here
//! untouched. When the cursor comes within [`MARGIN`] lines of the window's
//! edge (arrow keys, paging) the window moves. Top and bottom of the text
//! (Alt-<, Alt->, Ctrl-Alt-↑/↓) go to the real ends.
//!
//! What moving the window costs the user: the editor's undo history (Ctrl-U)
//! starts again, a selection is dropped, and the view may scroll by a few
//! lines. Short answers (nearly all) never get a window and keep all of it.
//! One line longer than the window (a 1 MB paragraph with no line break) is
//! still laid out whole on every keystroke.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::Style;
use ratatui_textarea::{CursorMove, TextArea, WrapMode};

/// Answers longer than this (in bytes) are edited through a window.
pub const WINDOW_FROM: usize = 32 * 1024;
/// About this many bytes of whole lines on each side of the cursor.
pub const WINDOW_BYTES: usize = 8 * 1024;
/// At least this many lines on each side (when the text has them).
pub const MIN_LINES: usize = 24;
/// The window moves when the cursor gets this close to its edge.
pub const MARGIN: usize = 8;

/// The text of a multi-line answer: a window of it in the editor, and the
/// lines before and after the window.
#[derive(Debug, Clone)]
pub struct MultiLineEditor {
    /// Lines above the window.
    before: Vec<String>,
    /// The editor, holding the window.
    area: TextArea<'static>,
    /// Lines below the window.
    after: Vec<String>,
    /// Bytes in the window when it was placed, to notice it growing.
    placed: usize,
}

fn editor(lines: Vec<String>, cursor_style: Option<Style>) -> TextArea<'static> {
    let mut area = TextArea::new(lines);
    area.set_cursor_line_style(Style::default());
    area.set_wrap_mode(WrapMode::WordOrGlyph);
    if let Some(style) = cursor_style {
        area.set_cursor_style(style);
    }
    area
}

impl MultiLineEditor {
    /// An editor on `text`, the cursor at its end (coming back to an
    /// answer, you usually continue it).
    pub fn new(text: &str) -> MultiLineEditor {
        let lines: Vec<String> = text.split('\n').map(str::to_string).collect();
        let last = lines.len() - 1;
        let end = lines[last].chars().count();
        let mut big = MultiLineEditor {
            before: Vec::new(),
            area: editor(Vec::new(), None),
            after: Vec::new(),
            placed: 0,
        };
        big.place(lines, (last, end), None);
        big
    }

    /// Puts `lines` back into the editor with the cursor at `(row, col)` of
    /// the whole text, windowed when the text is long.
    fn place(&mut self, mut lines: Vec<String>, cursor: (usize, usize), style: Option<Style>) {
        let (row, col) = cursor;
        let row = row.min(lines.len().saturating_sub(1));
        let total: usize = lines.iter().map(|l| l.len() + 1).sum();
        let (start, end) = if total > WINDOW_FROM {
            window_around(&lines, row)
        } else {
            (0, lines.len())
        };
        let after = lines.split_off(end);
        let window = lines.split_off(start);
        let yank = self.area.yank_text();
        self.before = lines;
        self.after = after;
        self.placed = window.iter().map(|l| l.len() + 1).sum();
        let line_end = window.get(row - start).map_or(0, |l| l.chars().count());
        self.area = editor(window, style);
        self.area.set_yank_text(yank);
        self.area
            .move_cursor(CursorMove::Jump(clamp_u16(row - start), clamp_u16(col)));
        // Jump counts columns in u16: a longer line's end is reached by End,
        // a column in between by stepping forward from the last reachable.
        if col >= line_end {
            self.area.move_cursor(CursorMove::End);
        } else {
            for _ in usize::from(u16::MAX)..col {
                self.area.move_cursor(CursorMove::Forward);
            }
        }
    }

    /// The whole text.
    pub fn text(&self) -> String {
        // One allocation of the final size: this runs on every keystroke.
        let size = self.lines().map(|line| line.len() + 1).sum::<usize>();
        let mut text = String::with_capacity(size);
        for (i, line) in self.lines().enumerate() {
            if i > 0 {
                text.push('\n');
            }
            text.push_str(line);
        }
        text
    }

    /// Every line of the text, in order.
    pub fn lines(&self) -> impl Iterator<Item = &str> {
        self.before
            .iter()
            .chain(self.area.lines())
            .chain(&self.after)
            .map(String::as_str)
    }

    /// How many lines the text has.
    pub fn line_count(&self) -> usize {
        self.before.len() + self.area.lines().len() + self.after.len()
    }

    /// The cursor as (line, character) of the whole text.
    pub fn cursor(&self) -> (usize, usize) {
        let ratatui_textarea::DataCursor(row, col) = self.area.cursor();
        (self.before.len() + row, col)
    }

    /// The editor to draw (it shows the window, which holds the cursor).
    pub fn widget(&self) -> &TextArea<'static> {
        &self.area
    }

    /// Styles the cursor.
    pub fn set_cursor_style(&mut self, style: Style) {
        self.area.set_cursor_style(style);
    }

    /// Handles a key with the editor's own keys; true when the text changed.
    pub fn input(&mut self, key: KeyEvent) -> bool {
        let jump = end_jump(&key);
        let changed = self.area.input(key);
        match jump {
            Some(true) => self.move_to((0, 0)),
            Some(false) => {
                let last = self.line_count() - 1;
                let end = self.line(last).chars().count();
                self.move_to((last, end));
            }
            None => self.keep_window(),
        }
        changed
    }

    /// Inserts text at the cursor (a paste).
    pub fn insert_str(&mut self, text: &str) {
        self.area.insert_str(text);
        self.keep_window();
    }

    fn line(&self, index: usize) -> &str {
        self.lines().nth(index).unwrap_or_default()
    }

    /// Moves the cursor anywhere in the whole text.
    fn move_to(&mut self, cursor: (usize, usize)) {
        let style = self.area.cursor_style();
        let lines = self.take_lines();
        self.place(lines, cursor, Some(style));
    }

    fn take_lines(&mut self) -> Vec<String> {
        let mut lines = std::mem::take(&mut self.before);
        // What was cut (Ctrl-K, Ctrl-W) must survive the move: the next
        // editor starts with the same yank text.
        let yank = self.area.yank_text();
        let window = std::mem::replace(&mut self.area, editor(Vec::new(), None));
        self.area.set_yank_text(yank);
        lines.extend(window.into_lines());
        lines.append(&mut self.after);
        lines
    }

    /// Moves the window when the cursor nears an edge that has text beyond
    /// it, or when the window has grown (a paste).
    fn keep_window(&mut self) {
        let ratatui_textarea::DataCursor(row, _) = self.area.cursor();
        let rows = self.area.lines().len();
        let near_top = !self.before.is_empty() && row < MARGIN;
        let near_bottom = !self.after.is_empty() && row + MARGIN >= rows;
        // Grown by typing or pasting: a long text gets a window, a long
        // window a smaller one.
        let window_bytes: usize = self.area.lines().iter().map(|l| l.len() + 1).sum();
        let grown = window_bytes > self.placed + WINDOW_FROM;
        if near_top || near_bottom || grown {
            let cursor = self.cursor();
            self.move_to(cursor);
        }
    }
}

/// Whether a key jumps to the top (`Some(true)`) or bottom (`Some(false)`)
/// of the text in ratatui-textarea's key map.
fn end_jump(key: &KeyEvent) -> Option<bool> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let alt = key.modifiers.contains(KeyModifiers::ALT);
    match key.code {
        KeyCode::Char('<') if alt && !ctrl => Some(true),
        KeyCode::Char('>') if alt && !ctrl => Some(false),
        KeyCode::Up | KeyCode::Char('p') if alt && ctrl => Some(true),
        KeyCode::Down | KeyCode::Char('n') if alt && ctrl => Some(false),
        _ => None,
    }
}

/// The lines `start..end` to put in the editor around line `row`.
fn window_around(lines: &[String], row: usize) -> (usize, usize) {
    let mut start = row;
    let mut bytes = 0;
    while start > 0 && (bytes < WINDOW_BYTES || row - start < MIN_LINES) {
        start -= 1;
        bytes += lines[start].len() + 1;
    }
    let mut end = row + 1;
    bytes = 0;
    while end < lines.len() && (bytes < WINDOW_BYTES || end - row <= MIN_LINES) {
        bytes += lines[end].len() + 1;
        end += 1;
    }
    (start, end)
}

fn clamp_u16(n: usize) -> u16 {
    u16::try_from(n).unwrap_or(u16::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn big(lines: usize) -> String {
        (0..lines)
            .map(|i| format!("line {i} {}", "word ".repeat(20)))
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn short_text_is_not_windowed_and_round_trips() {
        let text = "one\ntwo\n\nthree";
        let editor = MultiLineEditor::new(text);
        assert_eq!(editor.text(), text);
        assert_eq!(editor.widget().lines().len(), 4);
        assert_eq!(editor.cursor(), (3, 5));
    }

    #[test]
    fn long_text_is_windowed_and_round_trips() {
        let text = big(5_000);
        let editor = MultiLineEditor::new(&text);
        assert!(editor.widget().lines().len() < 200);
        assert_eq!(editor.line_count(), 5_000);
        assert_eq!(editor.text(), text);
    }

    #[test]
    fn typing_and_deleting_across_the_window_edge_keep_every_line() {
        let text = big(5_000);
        let mut editor = MultiLineEditor::new(&text);
        // Walk up far past the first window, then edit there.
        for _ in 0..1_000 {
            editor.input(key(KeyCode::Up));
        }
        editor.input(key(KeyCode::Home));
        assert_eq!(editor.cursor(), (3_999, 0));
        editor.input(key(KeyCode::Char('X')));
        // Backspace at the start of a line joins it to the line above,
        // which must be in the window.
        editor.input(key(KeyCode::Home));
        editor.input(key(KeyCode::Backspace));
        let mut expected: Vec<String> = text.split('\n').map(str::to_string).collect();
        let joined = format!("{}X{}", expected[3_998], expected[3_999]);
        expected[3_998] = joined;
        expected.remove(3_999);
        assert_eq!(editor.text(), expected.join("\n"));
        assert_eq!(editor.line_count(), 4_999);
    }

    #[test]
    fn top_and_bottom_keys_reach_the_real_ends() {
        let text = big(5_000);
        let mut editor = MultiLineEditor::new(&text);
        editor.input(KeyEvent::new(KeyCode::Char('<'), KeyModifiers::ALT));
        assert_eq!(editor.cursor(), (0, 0));
        editor.input(key(KeyCode::Char('A')));
        editor.input(KeyEvent::new(
            KeyCode::Down,
            KeyModifiers::CONTROL | KeyModifiers::ALT,
        ));
        editor.input(key(KeyCode::Char('Z')));
        let out = editor.text();
        assert!(out.starts_with("Aline 0 "));
        assert!(out.ends_with("word Z"));
        assert_eq!(out.len(), text.len() + 2);
    }

    #[test]
    fn a_big_paste_is_windowed_and_kept_whole() {
        let mut editor = MultiLineEditor::new("start");
        let pasted = big(3_000);
        editor.insert_str(&pasted);
        assert!(editor.widget().lines().len() < 200);
        assert_eq!(editor.text(), format!("start{pasted}"));
        editor.input(key(KeyCode::Char('!')));
        assert!(editor.text().ends_with("word !"));
    }

    fn with_mods(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn what_was_cut_survives_a_jump_to_the_end() {
        let mut editor = MultiLineEditor::new("first line\nsecond line");
        editor.input(with_mods(KeyCode::Char('<'), KeyModifiers::ALT));
        editor.input(with_mods(KeyCode::Char('k'), KeyModifiers::CONTROL));
        editor.input(with_mods(KeyCode::Char('>'), KeyModifiers::ALT));
        editor.input(with_mods(KeyCode::Char('y'), KeyModifiers::CONTROL));
        assert_eq!(editor.text(), "\nsecond linefirst line");
    }

    #[test]
    fn what_was_cut_survives_the_window_moving() {
        let text = big(3_000);
        let mut editor = MultiLineEditor::new(&text);
        editor.input(with_mods(KeyCode::Char('<'), KeyModifiers::ALT));
        editor.input(with_mods(KeyCode::Char('k'), KeyModifiers::CONTROL));
        for _ in 0..400 {
            editor.input(key(KeyCode::Down));
        }
        editor.input(with_mods(KeyCode::Char('y'), KeyModifiers::CONTROL));
        let first = text.lines().next().unwrap_or_default();
        assert_eq!(editor.text().matches(first).count(), 1, "pasted once");
        assert_eq!(editor.text().len(), text.len());
    }

    #[test]
    fn a_cursor_past_column_65535_stays_where_it_was() {
        let mut lines: Vec<String> = (0..3_000).map(|i| format!("short {i}")).collect();
        lines.push("a".repeat(70_000));
        lines.extend((0..3_000).map(|i| format!("after {i}")));
        let mut editor = MultiLineEditor::new(&lines.join("\n"));
        editor.input(with_mods(KeyCode::Char('<'), KeyModifiers::ALT));
        for _ in 0..3_000 {
            editor.input(key(KeyCode::Down));
        }
        editor.input(key(KeyCode::Home));
        // A paste big enough to move the window, ending past column 65535
        // with text after the cursor.
        editor.insert_str(&"b".repeat(65_600));
        editor.input(key(KeyCode::Char('Z')));
        let long = editor
            .text()
            .lines()
            .nth(3_000)
            .unwrap_or_default()
            .to_string();
        assert_eq!(long.len(), 135_601);
        assert_eq!(
            long.find('Z'),
            Some(65_600),
            "Z typed right after the paste"
        );
    }
}
