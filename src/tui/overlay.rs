//! The overlays (help and the dialogs) as components: each declares its
//! keys once, in a table below, and the keys it handles, the lines its
//! dialog writes and the key bar all come from that table, so they cannot
//! disagree. A key an overlay does not declare leaves it as it was (the
//! export prompt gives it to its text instead).

use crossterm::event::{KeyCode, KeyEvent};

use crate::record::{RecordId, Status};
use crate::tui::app::{App, Mode, Overlay, Tone};
use crate::tui::keymap::{self, Action, Binding, Combo, bind, ctrl, key};

/// The keys that answer a dialog's question with yes.
const YES: &[Combo] = &[key(KeyCode::Char('y')), key(KeyCode::Char('Y'))];

/// The keys that answer it with no.
const NO: &[Combo] = &[
    key(KeyCode::Char('n')),
    key(KeyCode::Char('N')),
    key(KeyCode::Esc),
];

/// The help overlay.
pub const HELP: &[Binding] = &[
    bind(
        Action::Quit,
        &[ctrl('q')],
        "Ctrl-Q",
        "Quit (your work is saved as you type; asks first if a save failed)",
        "quit",
    ),
    bind(
        Action::Close,
        &[
            key(KeyCode::F(1)),
            key(KeyCode::Esc),
            key(KeyCode::Enter),
            key(KeyCode::Char('q')),
        ],
        "F1 / Esc / q",
        "Close this help (Enter too)",
        "help",
    ),
    bind(
        Action::Down,
        &[key(KeyCode::Down), key(KeyCode::Char('j'))],
        "↓ / j",
        "Scroll down a line",
        "",
    ),
    bind(
        Action::Up,
        &[key(KeyCode::Up), key(KeyCode::Char('k'))],
        "↑ / k",
        "Scroll up a line",
        "",
    ),
    bind(
        Action::ScrollDown,
        &[key(KeyCode::PageDown), key(KeyCode::Char(' '))],
        "PgDn / Space",
        "Scroll down a page",
        "",
    ),
    bind(
        Action::ScrollUp,
        &[key(KeyCode::PageUp)],
        "PgUp",
        "Scroll up a page",
        "",
    ),
];

/// The export path prompt; other keys edit the path.
pub const EXPORT: &[Binding] = &[
    bind(
        Action::Open,
        &[key(KeyCode::Enter)],
        "Enter",
        "writes",
        "confirm",
    ),
    bind(
        Action::Close,
        &[key(KeyCode::Esc)],
        "Esc",
        "cancels",
        "cancel",
    ),
];

/// Quitting would lose changes that could not be saved.
pub const CONFIRM_QUIT: &[Binding] = &[
    bind(Action::Yes, YES, "y", "quit and lose them", "quit"),
    bind(
        Action::Close,
        NO,
        "n / Esc",
        "stay (saving is retried)",
        "stay",
    ),
];

/// The record changed on disk while open.
pub const CONFLICT: &[Binding] = &[
    bind(
        Action::KeepMine,
        &[key(KeyCode::Char('k')), key(KeyCode::Char('K'))],
        "k",
        "keep mine: overwrite the version on disk",
        "keep mine",
    ),
    bind(
        Action::TakeTheirs,
        &[key(KeyCode::Char('t')), key(KeyCode::Char('T'))],
        "t",
        "take theirs: reload it, dropping my unsaved changes",
        "take theirs",
    ),
    bind(
        Action::SaveCopy,
        &[key(KeyCode::Char('c')), key(KeyCode::Char('C'))],
        "c",
        "save mine as a new copy, leave theirs alone",
        "copy",
    ),
];

/// Another preflight holds the record's lock.
pub const LOCKED: &[Binding] = &[
    bind(
        Action::ReadOnly,
        &[
            key(KeyCode::Char('r')),
            key(KeyCode::Char('R')),
            key(KeyCode::Enter),
        ],
        "r / Enter",
        "open read-only",
        "read-only",
    ),
    bind(
        Action::Close,
        &[
            key(KeyCode::Esc),
            key(KeyCode::Char('b')),
            key(KeyCode::Char('B')),
        ],
        "Esc / b",
        "back",
        "back",
    ),
];

/// Picking a new status.
pub const STATUS: &[Binding] = &[
    bind(
        Action::Up,
        &[key(KeyCode::Up), key(KeyCode::Char('k'))],
        "↑ / k",
        "previous",
        "",
    ),
    bind(
        Action::Down,
        &[key(KeyCode::Down), key(KeyCode::Char('j'))],
        "↓ / j",
        "next",
        "",
    ),
    bind(
        Action::Open,
        &[key(KeyCode::Enter)],
        "Enter",
        "set it",
        "set",
    ),
    bind(
        Action::Close,
        &[key(KeyCode::Esc)],
        "Esc",
        "cancel",
        "cancel",
    ),
];

/// Asking before deleting a row of a list.
pub const CONFIRM_DELETE_ROW: &[Binding] = &[
    bind(Action::Yes, YES, "y", "delete it", "delete"),
    bind(Action::Close, NO, "n / Esc", "keep it", "keep"),
];

/// Asking before superseding the open record.
pub const CONFIRM_SUPERSEDE: &[Binding] = &[
    bind(
        Action::Yes,
        &[
            key(KeyCode::Char('y')),
            key(KeyCode::Char('Y')),
            key(KeyCode::Enter),
        ],
        "y / Enter",
        "supersede",
        "supersede",
    ),
    bind(Action::Close, NO, "n / Esc", "cancel", "cancel"),
];

/// Picking sides of a merge conflict. Its keys are written in the dialog,
/// beside the values they keep, so the key bar leaves them out.
pub const RESOLVE: &[Binding] = &[
    bind(
        Action::Ours,
        &[key(KeyCode::Char('o')), key(KeyCode::Char('O'))],
        "o",
        "ours (this branch)",
        "",
    ),
    bind(
        Action::Theirs,
        &[key(KeyCode::Char('t')), key(KeyCode::Char('T'))],
        "t",
        "theirs (merged in)",
        "",
    ),
    bind(
        Action::Close,
        &[key(KeyCode::Esc)],
        "Esc",
        "leave it unresolved for now",
        "",
    ),
];

impl Overlay {
    /// The keys this overlay takes: what it handles, what its dialog and
    /// the key bar show.
    pub fn bindings(&self) -> &'static [Binding] {
        match self {
            Overlay::Help(_) => HELP,
            Overlay::Export(_) => EXPORT,
            Overlay::ConfirmQuit(_) => CONFIRM_QUIT,
            Overlay::Conflict => CONFLICT,
            Overlay::Locked(_) => LOCKED,
            Overlay::Status(_) => STATUS,
            Overlay::ConfirmDeleteRow(_) => CONFIRM_DELETE_ROW,
            Overlay::ConfirmSupersede => CONFIRM_SUPERSEDE,
            Overlay::Resolve(_) => RESOLVE,
        }
    }
}

/// Hands a key to the overlay showing: the action its table gives the key,
/// or, for a key it does not declare, nothing (the overlay stays as it
/// was; the export prompt types it).
pub fn on_key(app: &mut App, key: &KeyEvent) {
    let Some(overlay) = app.overlay.take() else {
        return;
    };
    let action = keymap::lookup(overlay.bindings(), key);
    use crate::tui::update::{
        change_status, delete_selected_row, export_to, request_quit, supersede_with_new,
    };
    match (overlay, action) {
        (Overlay::Help(_), Some(Action::Quit)) => request_quit(app),
        (Overlay::Help(_), Some(Action::Close)) => {}
        (Overlay::Help(scroll), action) => {
            let scroll = match action {
                Some(Action::Down) => scroll.saturating_add(1),
                Some(Action::Up) => scroll.saturating_sub(1),
                Some(Action::ScrollDown) => scroll.saturating_add(10),
                Some(Action::ScrollUp) => scroll.saturating_sub(10),
                _ => scroll,
            };
            app.overlay = Some(Overlay::Help(scroll));
        }
        (Overlay::ConfirmQuit(_), Some(Action::Yes)) => {
            app.discard = true;
            app.should_quit = true;
        }
        (Overlay::Conflict, action) => on_conflict(app, action),
        (Overlay::Resolve(picking), action) => crate::tui::resolve::on_action(app, picking, action),
        (Overlay::Locked(session), Some(Action::ReadOnly)) => {
            let mut session = *session;
            session.read_only = true;
            app.session = Some(session);
            app.mode = Mode::Wizard;
            app.say(
                Tone::Info,
                "Read-only: another preflight is editing this record.",
            );
        }
        (Overlay::Status(selected), Some(Action::Up)) => {
            app.overlay = Some(Overlay::Status(selected.saturating_sub(1)));
        }
        (Overlay::Status(selected), Some(Action::Down)) => {
            let last = Status::ALL.len() - 1;
            app.overlay = Some(Overlay::Status((selected + 1).min(last)));
        }
        (Overlay::Status(selected), Some(Action::Open)) => {
            let last = Status::ALL.len() - 1;
            change_status(app, Status::ALL[selected.min(last)]);
        }
        (Overlay::ConfirmDeleteRow(_), Some(Action::Yes)) => delete_selected_row(app),
        (Overlay::ConfirmSupersede, Some(Action::Yes)) => supersede_with_new(app),
        (Overlay::Export(prompt), Some(Action::Open)) => {
            let path = prompt.lines().join("").trim().to_string();
            export_to(app, &path);
        }
        (Overlay::Export(mut prompt), None) => {
            // Enter with a modifier is not a line break in a path.
            if key.code != KeyCode::Enter {
                prompt.input(*key);
            }
            app.overlay = Some(Overlay::Export(prompt));
        }
        // Every overlay's Close (Esc) just closes it.
        (_, Some(Action::Close)) => {}
        (overlay, _) => app.overlay = Some(overlay),
    }
}

/// The "changed on disk" dialog's choices; keys typed as it popped up are
/// not taken as one.
fn on_conflict(app: &mut App, action: Option<Action>) {
    let now = app.now();
    if !app.conflict_armed() {
        app.overlay = Some(Overlay::Conflict);
        return;
    }
    let Some(session) = &mut app.session else {
        return;
    };
    match action {
        // Keep mine: write over the other version.
        Some(Action::KeepMine) => {
            session.save.conflict = false;
            match app.store.current_content_hash(&session.record.id) {
                Ok(current) => {
                    session.save.on_disk = current;
                    session.save_now(&app.store, now);
                    app.say(
                        Tone::Good,
                        "Kept your version; the other changes were overwritten.",
                    );
                }
                Err(err) => {
                    session.save.conflict = true;
                    app.say(Tone::Error, err.to_string());
                    app.overlay = Some(Overlay::Conflict);
                }
            }
        }
        // Take theirs: reload from disk, dropping unsaved changes.
        Some(Action::TakeTheirs) => match app.store.load_with_content_hash(&session.record.id) {
            Ok((record, content_hash)) => {
                let section = session.section;
                session.record = record;
                session.save.conflict = false;
                session.save.dirty = false;
                session.save.on_disk = Some(content_hash);
                session.load_section(section);
                app.say(Tone::Info, "Loaded the version on disk.");
                crate::tui::meeting::after_reload(app);
            }
            Err(err) => {
                app.say(Tone::Error, err.to_string());
                app.overlay = Some(Overlay::Conflict);
            }
        },
        // Save mine as a new record, leave the other alone.
        Some(Action::SaveCopy) => match RecordId::generate() {
            Ok(id) => {
                session.record = session.record.copy_as(id, now);
                session.lock = app.store.lock(&session.record.id).ok().flatten();
                session.save.on_disk = None;
                session.save.conflict = false;
                session.save.dirty = true;
                session.save_now(&app.store, now);
                let section = session.section;
                session.load_section(section);
                app.say(Tone::Good, "Saved your version as a new record.");
            }
            Err(err) => {
                app.say(Tone::Error, format!("cannot make a record id: {err}"));
                app.overlay = Some(Overlay::Conflict);
            }
        },
        _ => app.overlay = Some(Overlay::Conflict),
    }
}
