//! Meeting mode's screen state: the set-up form, the presenter view with
//! its timer and capture line, and the closing form. The meeting itself
//! lives in the open record, so autosave keeps it like any answer.

mod capture_line;
mod closing;
mod keys;
mod place;
mod presenter;
mod setup;

pub use keys::{after_reload, flush_timer, leave, on_key, on_paste, on_tick, shown_seconds};

use ratatui::style::Style;
use ratatui_textarea::{CursorMove, TextArea};

use crate::meeting::timer::Timer;
use crate::meeting::{Attendee, Decision, ItemKind, Meeting, Role};
use crate::tui::app::{App, Mode, Tone};

/// Which part of meeting mode is showing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Attendees, timebox and agenda, before the timer starts.
    Setup,
    /// The presenter screen.
    Running,
    /// Outcome, conditions and who decided.
    Closing,
}

/// The set-up form's fields, in Tab order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetupFocus {
    /// The record's title (needed for a new record).
    Title,
    /// The name of the next attendee.
    Attendee,
    /// Minutes per question.
    Timebox,
    /// The agenda note.
    Agenda,
}

impl SetupFocus {
    const ORDER: [SetupFocus; 4] = [
        SetupFocus::Title,
        SetupFocus::Attendee,
        SetupFocus::Timebox,
        SetupFocus::Agenda,
    ];
}

/// The set-up form.
#[derive(Debug)]
pub struct SetupForm {
    /// Focused field.
    pub focus: SetupFocus,
    /// The record's title.
    pub title: TextArea<'static>,
    /// The next attendee's name.
    pub name: TextArea<'static>,
    /// The next attendee's role.
    pub role: Role,
    /// Attendees so far.
    pub attendees: Vec<Attendee>,
    /// Selected attendee, for changing the role or removing.
    pub selected: Option<usize>,
    /// Minutes per question, as typed.
    pub timebox: TextArea<'static>,
    /// The agenda note.
    pub agenda: TextArea<'static>,
}

/// The parts of a capture line, in Tab order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaptureFocus {
    /// What was said.
    Text,
    /// Owner (actions) or who raised it (concerns).
    Person,
    /// Due date (actions).
    Due,
}

/// The capture line at the bottom of the presenter screen.
#[derive(Debug)]
pub struct CaptureForm {
    /// What is being captured.
    pub kind: ItemKind,
    /// What was said.
    pub text: TextArea<'static>,
    /// Owner or who raised it: an attendee index, or `None`.
    pub person: Option<usize>,
    /// Due date as typed (actions).
    pub due: TextArea<'static>,
    /// Focused part.
    pub focus: CaptureFocus,
    /// The item being edited (index in the meeting's items), if not new.
    pub editing: Option<usize>,
    /// Esc was pressed once with unsaved text: a second Esc drops it.
    pub discard_armed: bool,
}

/// What the due-date input shows while empty.
pub const DUE_PLACEHOLDER: &str = "YYYY-MM-DD, +3d, +2w";

impl CaptureForm {
    /// An empty capture line for a new item of `kind`.
    pub fn new(kind: ItemKind) -> CaptureForm {
        CaptureForm {
            kind,
            text: line_input("", presenter::placeholder(kind)),
            person: None,
            due: line_input("", DUE_PLACEHOLDER),
            focus: CaptureFocus::Text,
            editing: None,
            discard_armed: false,
        }
    }

    /// The parts this kind of item has.
    pub fn parts(&self) -> &'static [CaptureFocus] {
        match self.kind {
            ItemKind::Action => &[CaptureFocus::Text, CaptureFocus::Person, CaptureFocus::Due],
            ItemKind::Concern => &[CaptureFocus::Text, CaptureFocus::Person],
            _ => &[CaptureFocus::Text],
        }
    }
}

/// The closing form's fields, in Tab order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClosingFocus {
    /// Go / go with conditions / not yet / no.
    Decision,
    /// Conditions attached to the outcome.
    Conditions,
    /// Who decided.
    DecidedBy,
    /// Whether to change the record's status too.
    Status,
}

impl ClosingFocus {
    const ORDER: [ClosingFocus; 4] = [
        ClosingFocus::Decision,
        ClosingFocus::Conditions,
        ClosingFocus::DecidedBy,
        ClosingFocus::Status,
    ];
}

/// The closing form.
#[derive(Debug)]
pub struct ClosingForm {
    /// Focused field.
    pub focus: ClosingFocus,
    /// Index into [`Decision::ALL`].
    pub decision: usize,
    /// Conditions, `;`-separated on one line.
    pub conditions: TextArea<'static>,
    /// Who decided, comma-separated.
    pub decided_by: TextArea<'static>,
    /// The facilitator confirmed the status change.
    pub apply_status: bool,
}

impl ClosingForm {
    /// The chosen outcome.
    pub fn decision(&self) -> Decision {
        Decision::ALL[self.decision.min(Decision::ALL.len() - 1)]
    }
}

/// Meeting mode's state.
#[derive(Debug)]
pub struct MeetingView {
    /// What is showing.
    pub phase: Phase,
    /// Index of the meeting in the record's meetings (the next index while
    /// setting up).
    pub index: usize,
    /// Index of the current question among the meeting's questions.
    pub question: usize,
    /// The countdown.
    pub timer: Timer,
    /// Selected item among the current question's items.
    pub selected: Option<usize>,
    /// The capture line, while capturing.
    pub capture: Option<CaptureForm>,
    /// Asking before deleting the selected item.
    pub confirm_delete: bool,
    /// Asking before leaving meeting mode (Esc), so a second Esc and the
    /// next capture key never type into the wizard.
    pub confirm_leave: bool,
    /// The timer ran when closing started; Esc back resumes it.
    pub resume_after_closing: bool,
    /// The set-up form.
    pub setup: SetupForm,
    /// The closing form (filled in when closing starts).
    pub closing: Option<ClosingForm>,
    /// The screen to go back to.
    pub came_from: Mode,
    /// Showing the record's answer to the current question (with this
    /// scroll) in place of the captured items.
    pub answer_scroll: Option<u16>,
}

/// A one-line text input.
pub fn line_input(text: &str, placeholder: &str) -> TextArea<'static> {
    let mut area = TextArea::new(vec![text.replace(['\n', '\r'], " ")]);
    area.set_cursor_line_style(Style::default());
    area.set_placeholder_text(placeholder.to_string());
    area.move_cursor(CursorMove::End);
    area
}

/// The text of a one-line input, trimmed.
pub fn input_text(area: &TextArea<'_>) -> String {
    area.lines().join(" ").trim().to_string()
}

impl MeetingView {
    /// The meeting being run, once started.
    pub fn meeting<'a>(&self, app: &'a App) -> Option<&'a Meeting> {
        app.session.as_ref()?.record.meetings.get(self.index)
    }

    /// Indexes (in the meeting's items) of the items for the current
    /// question, in capture order.
    pub fn question_items(&self, meeting: &Meeting) -> Vec<usize> {
        let Some(section) = meeting.questions.get(self.question).map(|q| &q.section) else {
            return Vec::new();
        };
        meeting
            .items
            .iter()
            .enumerate()
            .filter(|(_, item)| &item.section == section)
            .map(|(i, _)| i)
            .collect()
    }

    /// The meeting-item index of the selected item.
    pub fn selected_item(&self, meeting: &Meeting) -> Option<usize> {
        self.question_items(meeting).get(self.selected?).copied()
    }
}

/// Opens meeting mode on the open record: resumes an open meeting, or
/// starts the set-up of a new one (attendees carried over from the last).
pub fn enter(app: &mut App) {
    enter_from(app, None);
}

/// [`enter`], going back to `came_from` (instead of the current screen)
/// when meeting mode is left.
pub fn enter_from(app: &mut App, came_from: Option<Mode>) {
    let Some(session) = &app.session else {
        app.say(Tone::Error, "Open a record first.");
        return;
    };
    if session.read_only {
        app.say(
            Tone::Error,
            "Read-only: another preflight is editing this record; close it first.",
        );
        return;
    }
    let open_meeting = session.record.meetings.iter().any(Meeting::is_open);
    if session.set.meeting_sections().is_empty() && !open_meeting {
        app.say(
            Tone::Error,
            format!(
                "The set {:?} has no numbered questions to walk through.",
                session.set.id
            ),
        );
        return;
    }
    let record = &session.record;
    let open = record.meetings.iter().rposition(Meeting::is_open);
    let previous = record.meetings.last();
    let attendees = previous.map(|m| m.attendees.clone()).unwrap_or_default();
    let setup = SetupForm {
        focus: if record.title.trim().is_empty() {
            SetupFocus::Title
        } else {
            SetupFocus::Attendee
        },
        title: line_input(&record.title, "what is being decided"),
        name: line_input("", "a name, then Enter"),
        role: Role::Participant,
        selected: None,
        attendees,
        timebox: line_input(&app.meeting_timebox.to_string(), "minutes"),
        agenda: line_input(
            previous.map(|m| m.agenda.as_str()).unwrap_or_default(),
            "optional: what this review is for",
        ),
    };
    let came_from = came_from.unwrap_or(if app.mode == Mode::Meeting {
        Mode::Wizard
    } else {
        app.mode
    });
    let (phase, index) = match open {
        Some(index) => (Phase::Running, index),
        None => (Phase::Setup, record.meetings.len()),
    };
    let question = match open {
        // Resume where the discussion was: the question last on screen,
        // else the question of the last item.
        Some(index) => {
            let meeting = &record.meetings[index];
            place::recall(&app.store, &record.id, index)
                .filter(|q| *q < meeting.questions.len())
                .or_else(|| {
                    let item = meeting.items.last()?;
                    meeting
                        .questions
                        .iter()
                        .position(|q| q.section == item.section)
                })
                .unwrap_or(0)
        }
        None => 0,
    };
    app.meeting = Some(MeetingView {
        phase,
        index,
        question,
        timer: Timer::default(),
        selected: None,
        capture: None,
        confirm_delete: false,
        confirm_leave: false,
        resume_after_closing: false,
        setup,
        closing: None,
        came_from,
        answer_scroll: None,
    });
    app.mode = Mode::Meeting;
    if phase == Phase::Running {
        app.say(
            Tone::Info,
            "Resumed the open meeting; the timer is paused (Space starts it).",
        );
    } else {
        app.say(
            Tone::Info,
            "Meeting set-up: add attendees, check the timebox, then F5 to start.",
        );
    }
}
