//! Key bindings as data: the same table decides what a key does, fills the
//! help overlay and the key bar, so the three cannot disagree. The screens'
//! tables live here; each overlay declares its own in `tui::overlay`, and
//! its dialog writes its keys from that table too.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::tui::overlay;

/// Something the user can ask for with a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Leave preflight (everything is saved).
    Quit,
    /// Show the keys for this screen.
    Help,
    /// Save now (autosave does this anyway).
    Save,
    /// Next field (at the last field: next section).
    NextField,
    /// Previous field (at the first field: previous section).
    PrevField,
    /// Next section.
    NextSection,
    /// Previous section.
    PrevSection,
    /// Mark the focused field unknown, or clear the mark.
    ToggleUnknown,
    /// Edit the focused multi-line answer in $VISUAL / $EDITOR.
    ExternalEditor,
    /// Go to the readiness review.
    Review,
    /// Show or hide the guidance pane.
    ToggleGuidance,
    /// Back to the record list.
    Home,
    /// Move the selection up.
    Up,
    /// Move the selection down.
    Down,
    /// Open the selected record or gap.
    Open,
    /// Start a new record.
    New,
    /// Add a row to the focused list.
    AddRow,
    /// Edit the selected row.
    EditRow,
    /// Delete the selected row.
    DeleteRow,
    /// Move the selected row up.
    MoveRowUp,
    /// Move the selected row down.
    MoveRowDown,
    /// Close the overlay or row editor.
    Close,
    /// Export the record to a file.
    Export,
    /// Back to the wizard from the review.
    Back,
    /// Scroll the preview.
    ScrollDown,
    /// Scroll the preview back.
    ScrollUp,
    /// Change the record's status.
    ChangeStatus,
    /// Start a new record that supersedes this one.
    Supersede,
    /// Open meeting mode on the record.
    Meeting,
    /// Put the selected meeting point into the question's notes answer.
    PutIntoAnswer,
    /// Show the record's answer to the meeting's current question.
    ShowAnswer,
    /// Capture a point for the current question.
    CapturePoint,
    /// Capture a failure mode.
    CaptureFailure,
    /// Capture an open question.
    CaptureQuestion,
    /// Capture an action item.
    CaptureAction,
    /// Capture a concern or dissent.
    CaptureConcern,
    /// Pause or resume the question timer.
    PauseTimer,
    /// Add five minutes to the current question.
    ExtendTimer,
    /// Close the meeting with an outcome.
    CloseMeeting,
    /// Start the meeting (set-up done).
    StartMeeting,
    /// Change the role of an attendee, or the person of an item.
    CycleRole,
    /// Remove the selected attendee.
    RemoveAttendee,
    /// Toggle the selected choice.
    Toggle,
    /// Go back to the meeting's set-up (attendees, minutes, agenda).
    EditSetup,
    /// Say yes to the dialog's question.
    Yes,
    /// Conflict: keep my version, overwriting the one on disk.
    KeepMine,
    /// Conflict: take the version on disk, dropping unsaved changes.
    TakeTheirs,
    /// Conflict: save my version as a new record.
    SaveCopy,
    /// Open a record another preflight holds, read-only.
    ReadOnly,
    /// Merge conflict: keep this branch's value.
    Ours,
    /// Merge conflict: keep the merged-in branch's value.
    Theirs,
}

/// A key with modifiers, as written in help ("Ctrl-Q").
#[derive(Debug, Clone, Copy)]
pub struct Combo {
    /// The key.
    pub code: KeyCode,
    /// Required modifiers (Shift is ignored for characters).
    pub mods: KeyModifiers,
}

/// A key without modifiers.
pub(crate) const fn key(code: KeyCode) -> Combo {
    Combo {
        code,
        mods: KeyModifiers::NONE,
    }
}

/// A character with Ctrl.
pub(crate) const fn ctrl(c: char) -> Combo {
    Combo {
        code: KeyCode::Char(c),
        mods: KeyModifiers::CONTROL,
    }
}

const fn alt(code: KeyCode) -> Combo {
    Combo {
        code,
        mods: KeyModifiers::ALT,
    }
}

/// One row of a keymap: the action, its keys, how help writes the keys,
/// what it does, and whether the key bar shows it.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    /// What happens.
    pub action: Action,
    /// Keys that do it.
    pub combos: &'static [Combo],
    /// The keys as help shows them.
    pub label: &'static str,
    /// What it does, for help.
    pub description: &'static str,
    /// Short name for the key bar; empty to leave it out of the bar.
    pub bar: &'static str,
}

/// A row of a keymap (see [`Binding`]).
pub(crate) const fn bind(
    action: Action,
    combos: &'static [Combo],
    label: &'static str,
    description: &'static str,
    bar: &'static str,
) -> Binding {
    Binding {
        action,
        combos,
        label,
        description,
        bar,
    }
}

/// Keys that work on every screen, checked first.
pub const GLOBAL: &[Binding] = &[
    bind(
        Action::Quit,
        &[ctrl('q')],
        "Ctrl-Q",
        "Quit (your work is saved as you type; asks first if a save failed)",
        "quit",
    ),
    bind(
        Action::Help,
        &[key(KeyCode::F(1))],
        "F1",
        "Show or hide this help",
        "help",
    ),
];

/// The record list.
pub const HOME: &[Binding] = &[
    bind(
        Action::Up,
        &[key(KeyCode::Up)],
        "↑",
        "Select the previous record",
        "",
    ),
    bind(
        Action::Down,
        &[key(KeyCode::Down)],
        "↓",
        "Select the next record",
        "",
    ),
    bind(
        Action::Open,
        &[key(KeyCode::Enter)],
        "Enter",
        "Open the selected record",
        "open",
    ),
    bind(
        Action::New,
        &[ctrl('n')],
        "Ctrl-N",
        "Start a new record",
        "new",
    ),
    bind(
        Action::Meeting,
        &[key(KeyCode::F(5))],
        "F5",
        "Run a design review on the selected record (meeting mode)",
        "meet",
    ),
    bind(
        Action::Close,
        &[key(KeyCode::Esc)],
        "Esc",
        "Clear the filter",
        "",
    ),
];

/// The wizard; the focused field sees keys not listed here.
pub const WIZARD: &[Binding] = &[
    bind(
        Action::NextField,
        &[key(KeyCode::Tab)],
        "Tab",
        "Next field (Enter too, in a one-line field); at the last field, next section",
        "next",
    ),
    bind(
        Action::PrevField,
        &[key(KeyCode::BackTab)],
        "Shift-Tab",
        "Previous field; at the first field, previous section",
        "prev",
    ),
    bind(
        Action::NextSection,
        &[key(KeyCode::PageDown), alt(KeyCode::Right)],
        "PgDn / Alt-→",
        "Next section (after the last: the review)",
        "section",
    ),
    bind(
        Action::PrevSection,
        &[key(KeyCode::PageUp), alt(KeyCode::Left)],
        "PgUp / Alt-←",
        "Previous section",
        "",
    ),
    bind(
        Action::ToggleUnknown,
        &[ctrl('t')],
        "Ctrl-T",
        "Mark the focused field unknown, or clear the mark",
        "unknown",
    ),
    bind(
        Action::ExternalEditor,
        &[ctrl('e')],
        "Ctrl-E",
        "Edit a multi-line answer in $VISUAL / $EDITOR (End moves to line end)",
        "editor",
    ),
    bind(
        Action::Review,
        &[ctrl('g')],
        "Ctrl-G",
        "Readiness review: gaps, preview, export",
        "review",
    ),
    bind(
        Action::Save,
        &[ctrl('s')],
        "Ctrl-S",
        "Save now (autosave runs a second after you stop typing)",
        "",
    ),
    bind(
        Action::ToggleGuidance,
        &[key(KeyCode::F(2))],
        "F2",
        "Show or hide the guidance pane",
        "guidance",
    ),
    bind(
        Action::Meeting,
        &[key(KeyCode::F(5))],
        "F5",
        "Meeting mode: run a design review of this record",
        "meet",
    ),
    bind(
        Action::Home,
        &[key(KeyCode::Esc)],
        "Esc",
        "Back to the record list",
        "",
    ),
];

/// ↑ in a list or grid.
const PREVIOUS_ROW: Binding = bind(
    Action::Up,
    &[key(KeyCode::Up)],
    "↑",
    "Select the previous row",
    "",
);

/// ↓ in a list or grid.
const NEXT_ROW: Binding = bind(
    Action::Down,
    &[key(KeyCode::Down)],
    "↓",
    "Select the next row",
    "",
);

/// A focused list field.
pub const TABLE: &[Binding] = &[
    PREVIOUS_ROW,
    NEXT_ROW,
    bind(
        Action::AddRow,
        &[key(KeyCode::Char('a')), key(KeyCode::Insert)],
        "a / Insert",
        "Add a row",
        "add",
    ),
    bind(
        Action::EditRow,
        &[key(KeyCode::Enter)],
        "Enter",
        "Edit the selected row",
        "edit",
    ),
    bind(
        Action::DeleteRow,
        &[key(KeyCode::Char('d')), key(KeyCode::Delete)],
        "d / Delete",
        "Delete the selected row",
        "delete",
    ),
    bind(
        Action::MoveRowUp,
        &[
            alt(KeyCode::Up),
            Combo {
                code: KeyCode::Up,
                mods: KeyModifiers::SHIFT,
            },
        ],
        "Alt-↑ / Shift-↑",
        "Move the selected row up",
        "",
    ),
    bind(
        Action::MoveRowDown,
        &[
            alt(KeyCode::Down),
            Combo {
                code: KeyCode::Down,
                mods: KeyModifiers::SHIFT,
            },
        ],
        "Alt-↓ / Shift-↓",
        "Move the selected row down",
        "",
    ),
];

/// A focused grid field: its rows are fixed by the question set, so only
/// moving and editing are live (no add, delete or reorder).
pub const GRID: &[Binding] = &[
    PREVIOUS_ROW,
    NEXT_ROW,
    bind(
        Action::EditRow,
        &[key(KeyCode::Enter)],
        "Enter",
        "Edit the selected row",
        "edit row",
    ),
];

/// The row editor.
pub const ROW_EDITOR: &[Binding] = &[
    bind(
        Action::NextField,
        &[key(KeyCode::Tab)],
        "Tab",
        "Next column (Enter too, in a one-line field)",
        "next",
    ),
    bind(
        Action::PrevField,
        &[key(KeyCode::BackTab)],
        "Shift-Tab",
        "Previous column",
        "prev",
    ),
    bind(
        Action::ToggleUnknown,
        &[ctrl('t')],
        "Ctrl-T",
        "Mark the focused cell unknown, or clear the mark",
        "unknown",
    ),
    bind(
        Action::Close,
        &[key(KeyCode::Esc)],
        "Esc",
        "Close the row (it is already kept)",
        "done",
    ),
];

/// The review screen.
pub const REVIEW: &[Binding] = &[
    bind(
        Action::Up,
        &[key(KeyCode::Up), key(KeyCode::Char('k'))],
        "↑ / k",
        "Previous gap",
        "",
    ),
    bind(
        Action::Down,
        &[key(KeyCode::Down), key(KeyCode::Char('j'))],
        "↓ / j",
        "Next gap",
        "",
    ),
    bind(
        Action::Open,
        &[key(KeyCode::Enter)],
        "Enter",
        "Jump to the selected gap or section",
        "jump",
    ),
    bind(
        Action::Export,
        &[key(KeyCode::Char('e')), ctrl('x')],
        "e",
        "Export the record to a Markdown file",
        "export",
    ),
    bind(
        Action::ScrollDown,
        &[key(KeyCode::PageDown)],
        "PgDn",
        "Page the preview down by a screen",
        "page",
    ),
    bind(
        Action::ScrollUp,
        &[key(KeyCode::PageUp)],
        "PgUp",
        "Page the preview up by a screen",
        "",
    ),
    bind(
        Action::Back,
        &[key(KeyCode::Esc), key(KeyCode::Char('b'))],
        "Esc / b",
        "Back to the wizard",
        "back",
    ),
    bind(
        Action::ChangeStatus,
        &[key(KeyCode::Char('s'))],
        "s",
        "Change the status (draft, proposed, accepted, …); recorded with date and who",
        "status",
    ),
    bind(
        Action::Supersede,
        &[key(KeyCode::Char('n'))],
        "n",
        "Start a new record that supersedes this one",
        "supersede",
    ),
    bind(
        Action::Meeting,
        &[key(KeyCode::F(5)), key(KeyCode::Char('m'))],
        "F5 / m",
        "Meeting mode: run a design review of this record",
        "meet",
    ),
];

/// Meeting mode: the set-up screen.
pub const MEETING_SETUP: &[Binding] = &[
    bind(
        Action::NextField,
        &[key(KeyCode::Tab)],
        "Tab",
        "Next field",
        "next",
    ),
    bind(
        Action::PrevField,
        &[key(KeyCode::BackTab)],
        "Shift-Tab",
        "Previous field",
        "",
    ),
    bind(
        Action::Open,
        &[key(KeyCode::Enter)],
        "Enter",
        "Add the attendee typed (\"Name, role\" works too); in other fields, next field",
        "add",
    ),
    bind(
        Action::CycleRole,
        &[ctrl('r')],
        "Ctrl-R",
        "Change the role: of the attendee being added, or of the selected one",
        "role",
    ),
    bind(
        Action::Up,
        &[key(KeyCode::Up)],
        "↑",
        "Select the previous attendee",
        "",
    ),
    bind(
        Action::Down,
        &[key(KeyCode::Down)],
        "↓",
        "Select the next attendee",
        "",
    ),
    bind(
        Action::RemoveAttendee,
        &[ctrl('d')],
        "Ctrl-D",
        "Remove the selected attendee",
        "",
    ),
    bind(
        Action::StartMeeting,
        &[key(KeyCode::F(5))],
        "F5",
        "Start the meeting and its timer (during a meeting: back to it with the changes)",
        "start",
    ),
    bind(
        Action::Close,
        &[key(KeyCode::Esc)],
        "Esc",
        "Leave without starting (during a meeting: back to it, changes dropped)",
        "back",
    ),
];

/// Meeting mode: the presenter screen.
pub const MEETING: &[Binding] = &[
    bind(
        Action::CapturePoint,
        &[key(KeyCode::Char('p'))],
        "p",
        "Capture a point for this question (kept in the meeting; i puts one into the answer)",
        "point",
    ),
    bind(
        Action::CaptureFailure,
        &[key(KeyCode::Char('f'))],
        "f",
        "Capture a failure mode (a new row, refined later)",
        "failure",
    ),
    bind(
        Action::CaptureQuestion,
        &[key(KeyCode::Char('o'))],
        "o",
        "Capture an open question (parking lot)",
        "open q",
    ),
    bind(
        Action::CaptureAction,
        &[key(KeyCode::Char('a'))],
        "a",
        "Capture an action item: text, owner, due date",
        "action",
    ),
    bind(
        Action::CaptureConcern,
        &[key(KeyCode::Char('c'))],
        "c",
        "Capture a concern or dissent, with who raised it",
        "concern",
    ),
    bind(
        Action::PauseTimer,
        &[key(KeyCode::Char(' '))],
        "Space",
        "Pause or resume the timer",
        "pause",
    ),
    bind(
        Action::ExtendTimer,
        &[key(KeyCode::Char('+')), key(KeyCode::Char('='))],
        "+",
        "Give this question five more minutes",
        "+5 min",
    ),
    bind(
        Action::NextSection,
        &[key(KeyCode::Char('n')), key(KeyCode::PageDown)],
        "n / PgDn",
        "Next question (the timer moves with you)",
        "next",
    ),
    bind(
        Action::PrevSection,
        &[key(KeyCode::Char('b')), key(KeyCode::PageUp)],
        "b / PgUp",
        "Previous question",
        "",
    ),
    bind(
        Action::Up,
        &[key(KeyCode::Up)],
        "↑",
        "Select the previous captured item",
        "",
    ),
    bind(
        Action::Down,
        &[key(KeyCode::Down)],
        "↓",
        "Select the next captured item",
        "",
    ),
    bind(
        Action::EditRow,
        &[key(KeyCode::Char('e')), key(KeyCode::Enter)],
        "e / Enter",
        "Edit the selected item",
        "",
    ),
    bind(
        Action::DeleteRow,
        &[key(KeyCode::Char('d')), key(KeyCode::Delete)],
        "d / Delete",
        "Delete the selected item (asks first)",
        "",
    ),
    bind(
        Action::PutIntoAnswer,
        &[key(KeyCode::Char('i'))],
        "i",
        "Put the selected point into this question's notes answer, marked as the review's",
        "",
    ),
    bind(
        Action::ShowAnswer,
        &[key(KeyCode::Char('v'))],
        "v",
        "Show the record's answer to this question instead of the captured items (v again: back)",
        "answer",
    ),
    bind(
        Action::CloseMeeting,
        &[key(KeyCode::Char('x'))],
        "x",
        "Close the meeting: outcome, conditions, who decided",
        "close",
    ),
    bind(
        Action::EditSetup,
        &[key(KeyCode::Char('s'))],
        "s",
        "Set-up: add a latecomer, change roles, minutes of questions not started, the agenda",
        "",
    ),
    bind(
        Action::Close,
        &[key(KeyCode::Esc)],
        "Esc",
        "Leave meeting mode (asks first); the meeting stays open, timer paused, and F5 resumes it",
        "leave",
    ),
];

/// Meeting mode: typing a captured item.
pub const MEETING_CAPTURE: &[Binding] = &[
    bind(
        Action::Open,
        &[key(KeyCode::Enter)],
        "Enter",
        "Save the item; the line clears for the next one",
        "save",
    ),
    bind(
        Action::NextField,
        &[key(KeyCode::Tab)],
        "Tab",
        "Next part: owner, due date (actions), who raised it (concerns)",
        "next",
    ),
    bind(
        Action::PrevField,
        &[key(KeyCode::BackTab)],
        "Shift-Tab",
        "Previous part",
        "",
    ),
    bind(
        Action::CycleRole,
        &[ctrl('r')],
        "Ctrl-R",
        "Next attendee as owner / raised by",
        "person",
    ),
    bind(
        Action::Down,
        &[key(KeyCode::Right), key(KeyCode::Down)],
        "→ / ↓",
        "On the owner / raised-by part: next attendee",
        "",
    ),
    bind(
        Action::Up,
        &[key(KeyCode::Left), key(KeyCode::Up)],
        "← / ↑",
        "On the owner / raised-by part: previous attendee",
        "",
    ),
    bind(
        Action::DeleteRow,
        &[key(KeyCode::Backspace), key(KeyCode::Delete)],
        "Backspace / Delete",
        "On the owner / raised-by part: nobody",
        "",
    ),
    bind(
        Action::Close,
        &[key(KeyCode::Esc)],
        "Esc",
        "Stop capturing (what was saved stays; unsaved text asks for a second Esc)",
        "done",
    ),
];

/// Meeting mode: the question on the status line before deleting an item
/// or leaving; any other key is a no.
pub const MEETING_CONFIRM: &[Binding] = &[bind(
    Action::Yes,
    &[key(KeyCode::Char('y')), key(KeyCode::Char('Y'))],
    "y",
    "Yes: delete the item, or leave meeting mode (any other key: no)",
    "yes",
)];

/// Meeting mode: closing with an outcome.
pub const MEETING_CLOSE: &[Binding] = &[
    bind(
        Action::NextField,
        &[key(KeyCode::Tab)],
        "Tab",
        "Next field",
        "next",
    ),
    bind(
        Action::PrevField,
        &[key(KeyCode::BackTab)],
        "Shift-Tab",
        "Previous field",
        "",
    ),
    bind(Action::Up, &[key(KeyCode::Up)], "↑", "Previous outcome", ""),
    bind(Action::Down, &[key(KeyCode::Down)], "↓", "Next outcome", ""),
    bind(
        Action::Toggle,
        &[key(KeyCode::Char(' '))],
        "Space",
        "On the status line: also change the record's status (off until you say so)",
        "",
    ),
    bind(
        Action::Open,
        &[key(KeyCode::Enter)],
        "Enter",
        "Next field; on the last one, close the meeting",
        "confirm",
    ),
    bind(
        Action::Close,
        &[key(KeyCode::Esc)],
        "Esc",
        "Back to the meeting",
        "back",
    ),
];

impl Combo {
    /// Whether a key event is this combo. Shift is part of characters
    /// themselves, so it is ignored for them.
    pub fn matches(&self, event: &KeyEvent) -> bool {
        let mut mods = event.modifiers;
        if matches!(event.code, KeyCode::Char(_) | KeyCode::BackTab) {
            mods.remove(KeyModifiers::SHIFT);
        }
        event.code == self.code && mods == self.mods
    }
}

/// The action a key triggers in a keymap, if any.
pub fn lookup(map: &[Binding], event: &KeyEvent) -> Option<Action> {
    map.iter()
        .find(|b| b.combos.iter().any(|c| c.matches(event)))
        .map(|b| b.action)
}

/// The binding of an action in a keymap (what a dialog writes for it).
pub fn binding(map: &[Binding], action: Action) -> Option<&Binding> {
    map.iter().find(|b| b.action == action)
}

/// Every screen's keys, with headings, in the order help and the README
/// list them.
pub const SCREENS: &[(&str, &[Binding])] = &[
    ("Everywhere", GLOBAL),
    ("Record list", HOME),
    ("Wizard", WIZARD),
    ("Lists", TABLE),
    ("Grids", GRID),
    ("Row editor", ROW_EDITOR),
    ("Review", REVIEW),
    ("Meeting set-up", MEETING_SETUP),
    ("Meeting", MEETING),
    ("Meeting capture", MEETING_CAPTURE),
    ("Meeting: delete or leave?", MEETING_CONFIRM),
    ("Closing a meeting", MEETING_CLOSE),
    ("Help", overlay::HELP),
    ("Export prompt", overlay::EXPORT),
    ("Quit without saving?", overlay::CONFIRM_QUIT),
    ("The record changed on disk", overlay::CONFLICT),
    ("Record in use", overlay::LOCKED),
    ("Change status", overlay::STATUS),
    ("Delete this row?", overlay::CONFIRM_DELETE_ROW),
    ("Supersede this record?", overlay::CONFIRM_SUPERSEDE),
    ("Merge conflict", overlay::RESOLVE),
];

/// The key tables as Markdown, for the README (a test keeps it in sync).
pub fn markdown_tables() -> String {
    let mut out = String::new();
    for (heading, map) in SCREENS {
        out.push_str(&format!(
            "#### {heading}\n\n| Key | What it does |\n| --- | --- |\n"
        ));
        for binding in *map {
            out.push_str(&format!(
                "| {} | {} |\n",
                binding.label.replace('|', "\\|"),
                binding.description.replace('|', "\\|")
            ));
        }
        out.push('\n');
    }
    out.trim_end().to_string()
}
