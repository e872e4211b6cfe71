//! The record being edited: the current section's field editors, the row
//! editor, and the save state (autosave, conflicts, failures, the lock).

use jiff::{SignedDuration, Timestamp};

use crate::questionnaire::QuestionSet;
use crate::record::{Record, Row};
use crate::store::{RecordLock, SaveOutcome, Store};
use crate::tui::theme::Theme;
use crate::tui::widgets::field::{FieldEditor, FieldInput};

/// How long after the last change autosave waits.
pub const AUTOSAVE_DELAY: SignedDuration = SignedDuration::from_secs(1);
/// How long after a failed save it tries again.
pub const RETRY_DELAY: SignedDuration = SignedDuration::from_secs(5);

/// Where the record stands against the disk.
#[derive(Debug, Clone, Default)]
pub struct SaveState {
    /// Changes not yet written.
    pub dirty: bool,
    /// When the last change was made.
    pub last_change: Option<Timestamp>,
    /// Fingerprint of the file as we last read or wrote it; `None` before
    /// the first save of a new record.
    pub on_disk: Option<u64>,
    /// The last save error, kept until a save succeeds.
    pub error: Option<String>,
    /// When to try again after an error.
    pub retry_at: Option<Timestamp>,
    /// When the last save succeeded.
    pub last_saved: Option<Timestamp>,
    /// The file changed on disk under us; autosave is paused until the user
    /// chooses what to keep.
    pub conflict: bool,
}

/// A row of a table being edited in the row editor.
#[derive(Debug, Clone)]
pub struct RowEditor {
    /// Index of the table field in the section.
    pub field: usize,
    /// Row index.
    pub row: usize,
    /// One editor per column.
    pub editors: Vec<FieldEditor>,
    /// Focused column.
    pub focus: usize,
}

/// A record open in the wizard.
#[derive(Debug)]
pub struct Session {
    /// The question set it is answered against.
    pub set: QuestionSet,
    /// The record, kept in step with the editors.
    pub record: Record,
    /// Current section index.
    pub section: usize,
    /// Focused field in the section.
    pub focus: usize,
    /// Editors for the current section's fields.
    pub editors: Vec<FieldEditor>,
    /// The open row editor, if any.
    pub row_editor: Option<RowEditor>,
    /// Opened read-only (another process is editing it).
    pub read_only: bool,
    /// Our edit lock, held while the session lives.
    pub lock: Option<RecordLock>,
    /// Save bookkeeping.
    pub save: SaveState,
    /// Each section's guidance, rendered once (see `tui::guidance`).
    pub guidance: crate::tui::guidance::Guidance,
}

impl Session {
    /// Opens a record at its first section.
    pub fn new(set: QuestionSet, record: Record, on_disk: Option<u64>) -> Session {
        let guidance = crate::tui::guidance::Guidance::of(&set);
        let mut session = Session {
            guidance,
            set,
            record,
            section: 0,
            focus: 0,
            editors: Vec::new(),
            row_editor: None,
            read_only: false,
            lock: None,
            save: SaveState {
                on_disk,
                ..SaveState::default()
            },
        };
        session.load_section(0);
        session
    }

    /// Builds editors for a section from the record.
    pub fn load_section(&mut self, index: usize) {
        let index = index.min(self.set.sections.len().saturating_sub(1));
        self.section = index;
        self.focus = 0;
        self.row_editor = None;
        self.editors = self.set.sections[index]
            .fields
            .iter()
            .map(|field| FieldEditor::new(field, self.record.answer(field).as_ref()))
            .collect();
    }

    /// Applies focus styling to the editors (call after focus moves).
    pub fn refresh_focus(&mut self, theme: &Theme) {
        let row_open = self.row_editor.is_some();
        for (i, editor) in self.editors.iter_mut().enumerate() {
            editor.set_focus(!row_open && i == self.focus, theme);
        }
        if let Some(row) = &mut self.row_editor {
            for (i, editor) in row.editors.iter_mut().enumerate() {
                editor.set_focus(i == row.focus, theme);
            }
        }
    }

    /// The focused editor.
    pub fn focused(&self) -> Option<&FieldEditor> {
        self.editors.get(self.focus)
    }

    /// Writes the focused editor's value into the record and marks it dirty.
    /// It runs on every keystroke, so the field is borrowed, not cloned, and
    /// the answer is built in one pass (see [`FieldEditor::answer`]).
    pub fn commit(&mut self, index: usize, now: Timestamp) {
        let Some(editor) = self.editors.get(index) else {
            return;
        };
        self.record.set_answer(&editor.field, editor.answer());
        self.touch(now);
    }

    /// Marks a change made now.
    pub fn touch(&mut self, now: Timestamp) {
        self.save.dirty = true;
        self.save.last_change = Some(now);
        self.record.updated = crate::clock::to_second(now);
    }

    /// Opens the row editor on a row of the focused table.
    pub fn open_row(&mut self, row: usize) {
        let Some(editor) = self.editors.get(self.focus) else {
            return;
        };
        let FieldInput::Table { rows, .. } = &editor.input else {
            return;
        };
        let Some(values) = rows.get(row) else {
            return;
        };
        let editors = editor
            .field
            .columns
            .iter()
            .map(|column| FieldEditor::new(column, values.get(&column.id)))
            .collect();
        self.row_editor = Some(RowEditor {
            field: self.focus,
            row,
            editors,
            focus: 0,
        });
    }

    /// Copies one cell of the row editor back into its table and the
    /// record. Only the edited cell is written: a stored value the editor
    /// cannot show (an option an older set had) is left as it is.
    pub fn commit_cell(&mut self, column: usize, now: Timestamp) {
        let Some(row_editor) = &self.row_editor else {
            return;
        };
        let Some(editor) = row_editor.editors.get(column) else {
            return;
        };
        let (id, answer) = (editor.field.id.clone(), editor.answer());
        let (field_index, row_index) = (row_editor.field, row_editor.row);
        if let Some(editor) = self.editors.get_mut(field_index)
            && let FieldInput::Table { rows, .. } = &mut editor.input
            && let Some(row) = rows.get_mut(row_index)
        {
            match answer {
                Some(answer) => {
                    row.insert(id, answer);
                }
                None => {
                    row.remove(&id);
                }
            }
        }
        self.commit(field_index, now);
    }

    /// Closes the row editor; a row left with nothing in it is removed, so
    /// the table shows what the record stores.
    pub fn close_row(&mut self) {
        let Some(row_editor) = self.row_editor.take() else {
            return;
        };
        if let Some(editor) = self.editors.get_mut(row_editor.field)
            && editor.field.kind == crate::questionnaire::FieldKind::List
            && let FieldInput::Table { rows, selected } = &mut editor.input
            && rows
                .get(row_editor.row)
                .is_some_and(crate::record::row_is_empty)
        {
            rows.remove(row_editor.row);
            *selected = (*selected).min(rows.len().saturating_sub(1));
        }
    }

    /// Adds an empty row to the focused list and returns its index.
    pub fn add_row(&mut self) -> Option<usize> {
        let editor = self.editors.get_mut(self.focus)?;
        if editor.field.kind != crate::questionnaire::FieldKind::List {
            return None;
        }
        let FieldInput::Table { rows, selected } = &mut editor.input else {
            return None;
        };
        rows.push(Row::new());
        *selected = rows.len() - 1;
        editor.unknown = None;
        Some(*selected)
    }

    /// Whether the record is worth saving: a record already on disk always
    /// is (even emptied: the user's clearing is a change), a new one once it
    /// holds anything.
    /// (The author alone does not count: it is filled in from the config.)
    pub fn has_content(&self) -> bool {
        self.save.on_disk.is_some()
            || !self.record.title.trim().is_empty()
            || !self.record.answers.is_empty()
            || !self.record.tags.is_empty()
    }

    /// Saves if there are changes, the record has content, no conflict is
    /// pending and no lock forbids it. Returns a message for the status line
    /// when something went wrong.
    pub fn save_now(&mut self, store: &Store, now: Timestamp) {
        if !self.save.dirty || self.read_only || self.save.conflict || !self.has_content() {
            return;
        }
        // Blank rows the user added but never filled stay in the editor
        // only; the record stores what was said.
        match store.save_checked(&self.record, self.save.on_disk) {
            Ok(SaveOutcome::Saved(content_hash)) => {
                self.save.on_disk = Some(content_hash);
                self.save.dirty = false;
                self.save.error = None;
                self.save.retry_at = None;
                self.save.last_saved = Some(now);
            }
            Ok(SaveOutcome::Conflict) => {
                self.save.conflict = true;
            }
            Err(err) => {
                self.save.error = Some(err.to_string());
                self.save.retry_at = Some(now + RETRY_DELAY);
            }
        }
    }

    /// Saves when the autosave delay (or the retry delay) has passed.
    pub fn autosave_due(&self, now: Timestamp) -> bool {
        if !self.save.dirty || self.read_only || self.save.conflict {
            return false;
        }
        if let Some(retry_at) = self.save.retry_at {
            return now >= retry_at;
        }
        self.save
            .last_change
            .is_none_or(|last| now.duration_since(last) >= AUTOSAVE_DELAY)
    }

    /// When the next autosave attempt is due, for the event loop's timeout.
    pub fn next_deadline(&self) -> Option<Timestamp> {
        if !self.save.dirty || self.read_only || self.save.conflict {
            return None;
        }
        if let Some(retry_at) = self.save.retry_at {
            return Some(retry_at);
        }
        self.save.last_change.map(|last| last + AUTOSAVE_DELAY)
    }
}
