//! `update`: where every change of state starts. Keys go to overlays first,
//! then global keys, then the screen's keys, then the focused field. The
//! screens' own key modules (`review`, `resolve`, `meeting`) change state
//! too, but only when `update` hands them a message; `render` never does.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind};

use crate::export::to_markdown;
use crate::questionnaire::FieldKind;
use crate::questionnaire::QuestionSet;
use crate::record::{Record, RecordId, Status};
use crate::store::{SaveOutcome, check_output_path, write_atomic};
use crate::tui::app::{App, Mode, Overlay, Tone};
use crate::tui::keymap::{self, Action};
use crate::tui::msg::{Effect, Msg};
use crate::tui::session::Session;
use crate::tui::widgets::field::{FieldInput, KeyOutcome};

/// Applies one message; returns work for the event loop, if any.
pub fn update(app: &mut App, msg: Msg) -> Option<Effect> {
    let effect = match msg {
        Msg::Key(key) if key.kind != KeyEventKind::Release => on_key(app, &key),
        Msg::Key(_) => None,
        Msg::Tick => {
            crate::tui::meeting::on_tick(app);
            None
        }
        Msg::Resize(width, height) => {
            app.size = (width, height);
            None
        }
        Msg::Mouse(mouse) => {
            on_mouse(app, mouse);
            None
        }
        Msg::Paste(text) => {
            on_paste(app, &text);
            None
        }
        Msg::Terminate => {
            crate::tui::meeting::flush_timer(app);
            save_session(app);
            app.should_quit = true;
            None
        }
        Msg::EditorClosed(result) => {
            on_editor_closed(app, result);
            None
        }
    };
    autosave(app);
    if let Some(session) = &mut app.session {
        session.refresh_focus(&app.theme);
    }
    if matches!(app.overlay, Some(Overlay::Conflict)) {
        if app.conflict_since.is_none() {
            app.conflict_since = Some(app.now());
        }
    } else {
        app.conflict_since = None;
    }
    effect
}

fn autosave(app: &mut App) {
    let now = app.now();
    let Some(session) = &mut app.session else {
        return;
    };
    if session.autosave_due(now) {
        session.save_now(&app.store, now);
        if session.save.conflict {
            app.overlay = Some(Overlay::Conflict);
        }
    }
}

/// Saves the open record now (for screens outside this module).
pub fn save_open_record(app: &mut App) {
    save_session(app);
}

/// Saves the open record now (section change, leaving, quitting).
fn save_session(app: &mut App) {
    let now = app.now();
    if let Some(session) = &mut app.session {
        session.save_now(&app.store, now);
        if session.save.conflict && app.overlay.is_none() {
            app.overlay = Some(Overlay::Conflict);
        }
    }
}

fn on_key(app: &mut App, key: &KeyEvent) -> Option<Effect> {
    if app.overlay.is_some() {
        crate::tui::overlay::on_key(app, key);
        return None;
    }
    match keymap::lookup(keymap::GLOBAL, key) {
        Some(Action::Quit) => {
            request_quit(app);
            return None;
        }
        Some(Action::Help) => {
            app.overlay = Some(Overlay::Help(0));
            return None;
        }
        _ => {}
    }
    match app.mode {
        Mode::Home => on_home_key(app, key),
        Mode::Wizard => on_wizard_key(app, key),
        Mode::Review => crate::tui::review::on_key(app, key),
        Mode::Meeting => {
            crate::tui::meeting::on_key(app, key);
            None
        }
    }
}

pub(crate) fn request_quit(app: &mut App) {
    crate::tui::meeting::flush_timer(app);
    save_session(app);
    let pending = app.session.as_ref().and_then(|s| {
        if !s.save.dirty || !s.has_content() || s.read_only {
            None
        } else if s.save.conflict {
            Some("the record changed on disk and your version is not saved".to_string())
        } else {
            Some(format!(
                "your last changes are not saved ({})",
                s.save.error.as_deref().unwrap_or("save failed")
            ))
        }
    });
    match pending {
        Some(reason) if !matches!(app.overlay, Some(Overlay::Conflict)) => {
            app.overlay = Some(Overlay::ConfirmQuit(reason));
        }
        Some(_) => {}
        None => app.should_quit = true,
    }
}

fn on_home_key(app: &mut App, key: &KeyEvent) -> Option<Effect> {
    let count = app.home.visible().len();
    match keymap::lookup(keymap::HOME, key) {
        Some(Action::Up) => app.home.selected = app.home.selected.saturating_sub(1),
        Some(Action::Down) => {
            app.home.selected = (app.home.selected + 1).min(count.saturating_sub(1));
        }
        Some(Action::Open) => {
            if count == 0 {
                new_record(app);
            } else {
                open_selected(app);
            }
        }
        Some(Action::New) => new_record(app),
        Some(Action::Meeting) => {
            if count == 0 {
                app.say(
                    Tone::Info,
                    "No record yet: Ctrl-N starts one, then F5 opens meeting mode.",
                );
            } else {
                open_selected(app);
                if app.session.is_some() {
                    crate::tui::meeting::enter_from(app, Some(Mode::Home));
                }
            }
        }
        Some(Action::Close) => {
            app.home.filter.select_all();
            app.home.filter.cut();
            app.home.selected = 0;
        }
        _ => {
            if app.home.filter.input(*key) {
                app.home.selected = 0;
            }
        }
    }
    None
}

/// Starts a new record with the default set and opens the wizard on it.
pub fn new_record(app: &mut App) {
    if let Some((set, record)) = blank_record(app) {
        open_new(app, set, record);
    }
}

/// A new empty record on the default set, with the author filled in; says
/// why when there can be none.
fn blank_record(app: &mut App) -> Option<(QuestionSet, Record)> {
    let Some(set) = app.catalog.get(&app.default_set).cloned() else {
        let wanted = app.default_set.clone();
        app.say(
            Tone::Error,
            format!("question set {wanted:?} is not available"),
        );
        return None;
    };
    let id = match RecordId::generate() {
        Ok(id) => id,
        Err(err) => {
            app.say(Tone::Error, format!("cannot make a record id: {err}"));
            return None;
        }
    };
    let mut record = Record::new(id, "", &set, app.now());
    let author = app.who();
    if !author.is_empty() {
        record.set_bound_text(&set, crate::questionnaire::Binding::Author, &author);
    }
    Some((set, record))
}

/// Opens a record not yet saved in the wizard, holding its edit lock.
fn open_new(app: &mut App, set: QuestionSet, record: Record) {
    let mut session = Session::new(set, record, None);
    session.lock = app.store.lock(&session.record.id).ok().flatten();
    app.session = Some(session);
    app.mode = Mode::Wizard;
    app.status = None;
}

fn open_selected(app: &mut App) {
    let Some(id) = app
        .home
        .visible()
        .get(app.home.selected)
        .map(|e| e.record.id.clone())
    else {
        return;
    };
    open_record(app, &id);
}

/// Opens a record from the store in the wizard (read-only if locked).
pub fn open_record(app: &mut App, id: &RecordId) {
    let (record, content_hash) = match app.store.load_with_content_hash(id) {
        Ok(loaded) => loaded,
        Err(err) => return crate::tui::resolve::load_failed(app, id, err),
    };
    let Some(set) = app.catalog.get(&record.set.id).cloned() else {
        app.say(
            Tone::Error,
            format!("question set {:?} is not installed", record.set.id),
        );
        return;
    };
    let mut session = Session::new(set, record, Some(content_hash));
    match app.store.lock(id) {
        Ok(Some(lock)) => {
            session.lock = Some(lock);
            app.session = Some(session);
            app.mode = Mode::Wizard;
            app.status = None;
        }
        Ok(None) => app.overlay = Some(Overlay::Locked(Box::new(session))),
        Err(err) => {
            session.read_only = true;
            app.session = Some(session);
            app.mode = Mode::Wizard;
            app.say(Tone::Error, format!("opened read-only: {err}"));
        }
    }
}

/// Saves and closes the open record and shows the record list; stays on
/// the record when it could not be saved.
pub fn leave_to_home(app: &mut App) {
    save_session(app);
    if matches!(app.overlay, Some(Overlay::Conflict)) {
        return;
    }
    let unsaved = app
        .session
        .as_ref()
        .is_some_and(|s| s.save.dirty && s.has_content() && !s.read_only);
    if unsaved {
        app.say(
            Tone::Error,
            "Not saved yet; staying on the record. Ctrl-Q asks before discarding.",
        );
        return;
    }
    app.session = None;
    app.mode = Mode::Home;
    app.reload_home();
}

fn go_to_section(app: &mut App, index: usize) {
    save_session(app);
    if let Some(session) = &mut app.session {
        session.load_section(index);
    }
}

fn next_section(app: &mut App) {
    let Some(session) = &app.session else { return };
    if session.section + 1 < session.set.sections.len() {
        let next = session.section + 1;
        go_to_section(app, next);
    } else {
        open_review(app);
    }
}

fn prev_section(app: &mut App, focus_last: bool) {
    let Some(session) = &app.session else { return };
    if session.section == 0 {
        return;
    }
    let prev = session.section - 1;
    go_to_section(app, prev);
    if focus_last && let Some(session) = &mut app.session {
        session.focus = session.editors.len().saturating_sub(1);
    }
}

fn open_review(app: &mut App) {
    save_session(app);
    crate::tui::review::open(app);
}

fn move_focus(app: &mut App, forward: bool) {
    let Some(session) = &mut app.session else {
        return;
    };
    if forward {
        if session.focus + 1 < session.editors.len() {
            session.focus += 1;
        } else {
            next_section(app);
        }
    } else if session.focus > 0 {
        session.focus -= 1;
    } else {
        prev_section(app, true);
    }
}

fn on_wizard_key(app: &mut App, key: &KeyEvent) -> Option<Effect> {
    let now = app.now();
    let Some(session) = &mut app.session else {
        app.mode = Mode::Home;
        app.reload_home();
        return None;
    };
    if session.row_editor.is_some() {
        on_row_editor_key(app, key);
        return None;
    }
    let action = keymap::lookup(keymap::WIZARD, key);
    let focused_multiline = session.focused().is_some_and(|e| e.is_multiline());
    match action {
        Some(Action::NextField) => move_focus(app, true),
        Some(Action::PrevField) => move_focus(app, false),
        Some(Action::NextSection) => next_section(app),
        Some(Action::PrevSection) => prev_section(app, false),
        Some(Action::Review) => open_review(app),
        Some(Action::Meeting) => {
            save_session(app);
            crate::tui::meeting::enter(app);
        }
        Some(Action::Home) => leave_to_home(app),
        Some(Action::ToggleGuidance) => app.show_guidance = !app.show_guidance,
        Some(Action::Save) => {
            save_session(app);
            if app.session.as_ref().is_some_and(|s| !s.save.dirty) {
                app.say(Tone::Good, "Saved.");
            }
        }
        Some(Action::ToggleUnknown) => {
            if session.read_only {
                return None;
            }
            let focus = session.focus;
            if let Some(editor) = session.editors.get_mut(focus) {
                match editor.toggle_unknown() {
                    Ok(()) => session.commit(focus, now),
                    Err(why) => app.say(Tone::Info, why),
                }
            }
        }
        Some(Action::ExternalEditor) if focused_multiline && !session.read_only => {
            let text = session.focused().and_then(|e| e.text()).unwrap_or_default();
            return Some(Effect::OpenEditor(text));
        }
        _ => on_field_key(app, key),
    }
    None
}

fn on_field_key(app: &mut App, key: &KeyEvent) {
    let now = app.now();
    let Some(session) = &mut app.session else {
        return;
    };
    let focus = session.focus;
    let is_table = session.focused().is_some_and(|e| e.is_table());
    if is_table {
        on_table_key(app, key);
        return;
    }
    if session.read_only {
        if matches!(key.code, KeyCode::Enter | KeyCode::Down) {
            move_focus(app, true);
        } else if key.code == KeyCode::Up {
            move_focus(app, false);
        }
        return;
    }
    let Some(editor) = session.editors.get_mut(focus) else {
        return;
    };
    match editor.handle_key(key) {
        KeyOutcome::Changed => session.commit(focus, now),
        KeyOutcome::Consumed => {}
        KeyOutcome::Ignored => match key.code {
            KeyCode::Enter | KeyCode::Down => move_focus(app, true),
            KeyCode::Up => move_focus(app, false),
            _ => {}
        },
    }
}

fn on_table_key(app: &mut App, key: &KeyEvent) {
    let now = app.now();
    let Some(session) = &mut app.session else {
        return;
    };
    let focus = session.focus;
    let read_only = session.read_only;
    let Some(editor) = session.editors.get_mut(focus) else {
        return;
    };
    let is_list = editor.field.kind == FieldKind::List;
    let FieldInput::Table { rows, selected } = &mut editor.input else {
        return;
    };
    let count = rows.len();
    match keymap::lookup(keymap::TABLE, key) {
        Some(Action::Up) => {
            if *selected == 0 {
                move_focus(app, false);
            } else {
                *selected -= 1;
            }
        }
        Some(Action::Down) => {
            if *selected + 1 >= count {
                move_focus(app, true);
            } else {
                *selected += 1;
            }
        }
        Some(Action::EditRow) if count > 0 => {
            let row = *selected;
            session.open_row(row);
        }
        Some(Action::EditRow | Action::AddRow) if is_list && !read_only => {
            if let Some(row) = session.add_row() {
                session.open_row(row);
            }
        }
        Some(Action::DeleteRow) if is_list && !read_only && count > 0 => {
            let row = *selected;
            let name = session.editors[focus].row_title(row);
            app.overlay = Some(Overlay::ConfirmDeleteRow(name));
        }
        Some(Action::MoveRowUp) if is_list && !read_only && *selected > 0 => {
            rows.swap(*selected, *selected - 1);
            *selected -= 1;
            session.commit(focus, now);
        }
        Some(Action::MoveRowDown) if is_list && !read_only && *selected + 1 < count => {
            rows.swap(*selected, *selected + 1);
            *selected += 1;
            session.commit(focus, now);
        }
        _ => {
            if key.code == KeyCode::Enter {
                move_focus(app, true);
            }
        }
    }
}

fn on_row_editor_key(app: &mut App, key: &KeyEvent) {
    let now = app.now();
    let Some(session) = &mut app.session else {
        return;
    };
    let read_only = session.read_only;
    let Some(row_editor) = &mut session.row_editor else {
        return;
    };
    let count = row_editor.editors.len();
    match keymap::lookup(keymap::ROW_EDITOR, key) {
        Some(Action::Close) => {
            session.close_row();
            return;
        }
        Some(Action::NextField) => {
            row_editor.focus = (row_editor.focus + 1).min(count.saturating_sub(1));
            return;
        }
        Some(Action::PrevField) => {
            row_editor.focus = row_editor.focus.saturating_sub(1);
            return;
        }
        Some(Action::ToggleUnknown) if !read_only => {
            let column = row_editor.focus;
            if let Some(editor) = row_editor.editors.get_mut(column) {
                match editor.toggle_unknown() {
                    Ok(()) => session.commit_cell(column, now),
                    Err(why) => app.say(Tone::Info, why),
                }
            }
            return;
        }
        _ => {}
    }
    if read_only {
        return;
    }
    let focus = row_editor.focus;
    let Some(editor) = row_editor.editors.get_mut(focus) else {
        return;
    };
    match editor.handle_key(key) {
        KeyOutcome::Changed => session.commit_cell(focus, now),
        KeyOutcome::Consumed => {}
        KeyOutcome::Ignored => match key.code {
            KeyCode::Enter | KeyCode::Down => {
                if focus + 1 < count {
                    row_editor.focus += 1;
                } else if key.code == KeyCode::Enter {
                    session.close_row();
                }
            }
            KeyCode::Up => row_editor.focus = focus.saturating_sub(1),
            _ => {}
        },
    }
}

/// Opens the wizard at a section, focused on the gap's field (and row).
pub fn jump_to(app: &mut App, section: usize, gap: Option<usize>) {
    let verdict = app.verdict();
    let Some(session) = &mut app.session else {
        return;
    };
    session.load_section(section);
    app.mode = Mode::Wizard;
    let Some(gap) = gap.and_then(|g| verdict?.sections.get(section)?.gaps.get(g).cloned()) else {
        return;
    };
    if let Some(index) = session.editors.iter().position(|e| e.field.id == gap.field) {
        session.focus = index;
        if let Some(row) = gap.row {
            if let Some(editor) = session.editors.get_mut(index)
                && let FieldInput::Table { selected, .. } = &mut editor.input
            {
                *selected = row;
            }
            session.open_row(row);
            if let (Some(row_editor), Some(column)) = (&mut session.row_editor, &gap.column)
                && let Some(c) = row_editor
                    .editors
                    .iter()
                    .position(|e| &e.field.id == column)
            {
                row_editor.focus = c;
            }
        }
    }
}

pub(crate) fn default_export_path(app: &App) -> String {
    let title = app
        .session
        .as_ref()
        .map(|s| s.record.title.as_str())
        .unwrap_or_default();
    app.export_dir
        .join(format!("{}.md", crate::export::slug_for(title)))
        .display()
        .to_string()
}

pub(crate) fn export_to(app: &mut App, path: &str) {
    let Some(session) = &app.session else { return };
    if path.is_empty() {
        app.say(Tone::Error, "Export needs a file name.");
        return;
    }
    let path = std::path::PathBuf::from(path);
    if let Err(err) = check_output_path(&path) {
        app.say(Tone::Error, format!("Not exported: {err}"));
        return;
    }
    let markdown = to_markdown(&session.set, &session.record);
    match write_atomic(&path, markdown.as_bytes()) {
        Ok(()) => {
            let path = std::path::absolute(&path).unwrap_or(path);
            if let Some(dir) = path.parent() {
                crate::tui::export_folder::remember(&app.store, dir);
                app.export_dir = dir.to_path_buf();
                app.export_dir_origin = crate::tui::export_folder::Origin::LastUsed;
            }
            app.say(Tone::Good, format!("Exported to {}", path.display()));
        }
        Err(err) => app.say(Tone::Error, format!("Not exported: {err}")),
    }
}

fn on_paste(app: &mut App, text: &str) {
    let now = app.now();
    if let Some(Overlay::Export(prompt)) = &mut app.overlay {
        prompt.insert_str(text.replace(['\n', '\r'], ""));
        return;
    }
    if app.overlay.is_some() {
        return;
    }
    match app.mode {
        Mode::Home => {
            app.home.filter.insert_str(text.replace(['\n', '\r'], " "));
        }
        Mode::Wizard => {
            let Some(session) = &mut app.session else {
                return;
            };
            if session.read_only {
                return;
            }
            if let Some(row_editor) = &mut session.row_editor {
                let focus = row_editor.focus;
                if let Some(editor) = row_editor.editors.get_mut(focus)
                    && editor.paste(text) == KeyOutcome::Changed
                {
                    session.commit_cell(focus, now);
                }
                return;
            }
            let focus = session.focus;
            if let Some(editor) = session.editors.get_mut(focus)
                && editor.paste(text) == KeyOutcome::Changed
            {
                session.commit(focus, now);
            }
        }
        Mode::Review => {}
        Mode::Meeting => crate::tui::meeting::on_paste(app, text),
    }
}

fn on_editor_closed(app: &mut App, result: Result<String, String>) {
    let now = app.now();
    match result {
        Ok(text) => {
            let Some(session) = &mut app.session else {
                return;
            };
            let focus = session.focus;
            if let Some(editor) = session.editors.get_mut(focus) {
                // An editor saving CRLF line ends must not leave a `\r` at
                // the end of every line of the answer.
                let text = text.replace("\r\n", "\n");
                let text = text.strip_suffix('\n').unwrap_or(&text);
                if editor.text().as_deref() != Some(text) {
                    editor.set_text(text);
                    session.commit(focus, now);
                }
            }
        }
        Err(err) => app.say(Tone::Error, format!("Editor: {err}")),
    }
}

/// What the last save on the way out did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FinalSave {
    /// Nothing was unsaved (or the user chose to discard it).
    Nothing,
    /// The record was saved.
    Saved,
    /// The record had changed on disk, so ours was saved beside it.
    SavedAsCopy(RecordId),
    /// Saving failed; the message says why.
    Failed(String),
}

/// Saves what is unsaved on the way out (quit, signal, closed terminal,
/// panic), without touching the screen.
pub fn emergency_save(app: &mut App) -> FinalSave {
    crate::tui::meeting::flush_timer(app);
    let now = app.now();
    if app.discard {
        return FinalSave::Nothing;
    }
    let Some(session) = app.session.as_mut() else {
        return FinalSave::Nothing;
    };
    if !session.save.dirty || !session.has_content() || session.read_only {
        return FinalSave::Nothing;
    }
    let mut copied = None;
    if session.save.conflict {
        // Never overwrite someone else's version: keep ours beside it.
        let Ok(id) = RecordId::generate() else {
            return FinalSave::Failed("could not make an id for a copy".into());
        };
        session.record = session.record.copy_as(id.clone(), now);
        session.save.on_disk = None;
        session.save.conflict = false;
        copied = Some(id);
    }
    match app
        .store
        .save_checked(&session.record, session.save.on_disk)
    {
        Ok(SaveOutcome::Saved(_)) => {
            session.save.dirty = false;
            session.save.last_saved = Some(now);
            copied.map_or(FinalSave::Saved, FinalSave::SavedAsCopy)
        }
        Ok(SaveOutcome::Conflict) => {
            FinalSave::Failed("the record changed on disk; it was not overwritten".into())
        }
        Err(err) => FinalSave::Failed(err.to_string()),
    }
}

/// Changes the open record's status, numbering and naming it on
/// acceptance (see [`crate::numbering::on_acceptance`]).
pub fn change_status(app: &mut App, status: Status) {
    let now = app.now();
    let accepting = app
        .session
        .as_ref()
        .filter(|s| s.record.status != status && status == Status::Accepted)
        .map(|s| crate::numbering::claims_besides(&app.store, &app.catalog, &s.record.id));
    let who = app.who();
    let Some(session) = &mut app.session else {
        return;
    };
    if !session.record.set_status(status, &who, now) {
        return;
    }
    let mut message = format!("Status is now {status}.");
    match accepting {
        Some(Ok(others)) => {
            for change in crate::numbering::on_acceptance(&mut session.record, &others) {
                if let crate::numbering::Assignment::Number { to, .. } = change {
                    message = format!("Status is now {status}: number {to}.");
                }
            }
        }
        // `preflight doctor --fix` numbers it once the file is fixed.
        Some(Err(err)) => message = format!("Status is now {status}; no number given yet: {err}"),
        None => {}
    }
    session.touch(now);
    save_session(app);
    app.say(Tone::Good, message);
}

/// Marks the open record superseded and opens a new record linked to it.
pub(crate) fn supersede_with_new(app: &mut App) {
    let now = app.now();
    let who = app.who();
    if app.session.is_none() {
        return;
    }
    let Some((set, mut new)) = blank_record(app) else {
        return;
    };
    let Some(session) = &mut app.session else {
        return;
    };
    let old_title = session.record.title.clone();
    let before = (session.record.clone(), session.save.clone());
    crate::record::supersede(&mut session.record, &mut new, &who, now);
    session.touch(now);
    save_session(app);
    if let Some(session) = app.session.as_mut()
        && session.save.dirty
    {
        // Put the record back as it was, so a later autosave cannot
        // supersede it behind the user's back.
        (session.record, session.save) = before;
        app.say(
            Tone::Error,
            "Could not save the current record; nothing was superseded.",
        );
        return;
    }
    app.session = None;
    open_new(app, set, new);
    let Some(session) = &mut app.session else {
        return;
    };
    let title = format!("Replace: {old_title}");
    let binding = crate::questionnaire::Binding::Title;
    session.record.set_bound_text(&session.set, binding, &title);
    session.load_section(0);
    session.touch(now);
    app.say(
        Tone::Good,
        format!("\"{old_title}\" is superseded; this new record replaces it. Edit the title."),
    );
}

/// Wheel turns move like the arrow keys; a left click focuses the field or
/// selects the record under the pointer.
fn on_mouse(app: &mut App, mouse: crossterm::event::MouseEvent) {
    use crossterm::event::{KeyEvent, KeyModifiers, MouseButton, MouseEventKind};
    let arrow = |code| KeyEvent::new(code, KeyModifiers::NONE);
    if app.overlay.is_some() {
        return;
    }
    match mouse.kind {
        MouseEventKind::ScrollUp | MouseEventKind::ScrollDown => {
            let up = mouse.kind == MouseEventKind::ScrollUp;
            match app.mode {
                Mode::Review => crate::tui::review::scroll_by(app, if up { -3 } else { 3 }),
                Mode::Home => {
                    let _ = on_home_key(app, &arrow(if up { KeyCode::Up } else { KeyCode::Down }));
                }
                Mode::Wizard => {
                    if app.session.as_ref().is_some_and(|s| s.row_editor.is_none()) {
                        move_focus(app, !up);
                    }
                }
                // Only the presenter's item list scrolls; a wheel turn must
                // not change an outcome or a role.
                Mode::Meeting
                    if app
                        .meeting
                        .as_ref()
                        .is_some_and(|m| m.phase == crate::tui::meeting::Phase::Running) =>
                {
                    crate::tui::meeting::on_key(
                        app,
                        &arrow(if up { KeyCode::Up } else { KeyCode::Down }),
                    );
                }
                Mode::Meeting => {}
            }
        }
        MouseEventKind::Down(MouseButton::Left) => {
            let body = crate::tui::screens::body_area(
                app,
                ratatui::layout::Rect::new(0, 0, app.size.0, app.size.1),
            );
            match app.mode {
                Mode::Wizard => {
                    let hit = crate::tui::screens::field_at(app, body, mouse.column, mouse.row);
                    if let (Some(index), Some(session)) = (hit, app.session.as_mut())
                        && session.row_editor.is_none()
                    {
                        session.focus = index;
                    }
                }
                Mode::Home => {
                    // The list starts below the filter box and the header row.
                    let first_row = body.y + 4;
                    if mouse.row >= first_row {
                        let index = usize::from(mouse.row - first_row);
                        if index < app.home.visible().len() {
                            app.home.selected = index;
                        }
                    }
                }
                Mode::Review | Mode::Meeting => {}
            }
        }
        _ => {}
    }
}

/// Deletes the selected row of the focused list (after the user said yes).
pub(crate) fn delete_selected_row(app: &mut App) {
    let now = app.now();
    let Some(session) = &mut app.session else {
        return;
    };
    let focus = session.focus;
    let Some(editor) = session.editors.get_mut(focus) else {
        return;
    };
    let FieldInput::Table { rows, selected } = &mut editor.input else {
        return;
    };
    if *selected < rows.len() {
        rows.remove(*selected);
        *selected = (*selected).min(rows.len().saturating_sub(1));
        session.commit(focus, now);
        app.say(Tone::Info, "Row deleted.");
    }
}
