//! Meeting mode's key dispatch and what every phase shares: paste, the
//! timer written into the record on ticks, leaving, and recovering after a
//! reload from disk. Each phase's keys live in their own module.

use crossterm::event::KeyEvent;

use super::closing::on_closing_key;
use super::presenter::on_running_key;
use super::setup::on_setup_key;
use super::{CaptureFocus, ClosingFocus, MeetingView, Phase, SetupFocus};
use crate::meeting::Meeting;
use crate::tui::app::{App, Mode, Tone};

/// How long the timer runs before its time is written into the record even
/// without other changes, so a crash loses at most this much.
const FLUSH_EVERY_SECONDS: i64 = 30;

/// Handles a key in meeting mode.
pub fn on_key(app: &mut App, key: &KeyEvent) {
    let Some(phase) = app.meeting.as_ref().map(|m| m.phase) else {
        app.mode = Mode::Wizard;
        return;
    };
    match phase {
        Phase::Setup => on_setup_key(app, key),
        Phase::Running => on_running_key(app, key),
        Phase::Closing => on_closing_key(app, key),
    }
}

/// Text pasted in meeting mode goes to the focused input, as one line.
pub fn on_paste(app: &mut App, text: &str) {
    let Some(view) = app.meeting.as_mut() else {
        return;
    };
    let text = crate::meeting::capture::captured_text(text);
    let area = match view.phase {
        Phase::Setup => match view.setup.focus {
            SetupFocus::Title => &mut view.setup.title,
            SetupFocus::Attendee => &mut view.setup.name,
            SetupFocus::Timebox => return,
            SetupFocus::Agenda => &mut view.setup.agenda,
        },
        Phase::Running => match view.capture.as_mut() {
            Some(form) if form.focus == CaptureFocus::Text => &mut form.text,
            Some(form) if form.focus == CaptureFocus::Due => &mut form.due,
            _ => return,
        },
        Phase::Closing => match view.closing.as_mut() {
            Some(form) if form.focus == ClosingFocus::Conditions => &mut form.conditions,
            Some(form) if form.focus == ClosingFocus::DecidedBy => &mut form.decided_by,
            _ => return,
        },
    };
    area.insert_str(text);
}

/// On a tick: writes the running timer into the record now and then, so
/// the time used survives a crash.
pub fn on_tick(app: &mut App) {
    let now = app.now();
    let Some(view) = app.meeting.as_mut() else {
        return;
    };
    let due = view
        .timer
        .running_since
        .is_some_and(|since| now.as_second() - since.as_second() >= FLUSH_EVERY_SECONDS);
    if due {
        flush_timer(app);
    }
}

/// Seconds left on the current question, for deciding when to redraw.
pub fn shown_seconds(app: &App) -> Option<i64> {
    let view = app.meeting.as_ref()?;
    let meeting = view.meeting(app)?;
    view.timer
        .is_running()
        .then(|| view.timer.left(meeting, view.question, app.now()))
}

/// Moves the running timer's time into the record.
pub fn flush_timer(app: &mut App) {
    let now = app.now();
    let (Some(view), Some(session)) = (app.meeting.as_mut(), app.session.as_mut()) else {
        return;
    };
    if !view.timer.is_running() {
        return;
    }
    if let Some(meeting) = session.record.meetings.get_mut(view.index) {
        view.timer.flush(meeting, view.question, now);
        session.touch(now);
    }
}

pub(super) fn meeting_mut(app: &mut App) -> Option<(&mut MeetingView, &mut Meeting)> {
    let view = app.meeting.as_mut()?;
    let meeting = app.session.as_mut()?.record.meetings.get_mut(view.index)?;
    Some((view, meeting))
}

pub(super) fn touch(app: &mut App) {
    let now = app.now();
    if let Some(session) = app.session.as_mut() {
        session.touch(now);
    }
}

/// Leaves meeting mode for the screen it was opened from; an open meeting
/// stays open with its timer paused.
pub fn leave(app: &mut App) {
    let now = app.now();
    if let Some((view, meeting)) = meeting_mut(app)
        && view.timer.is_running()
    {
        view.timer.pause(meeting, view.question, now);
        touch(app);
    }
    let came_from = app.meeting.take().map_or(Mode::Wizard, |m| m.came_from);
    if let Some(session) = app.session.as_mut() {
        // The meeting may have written answers: show them as they are now.
        let section = session.section;
        session.load_section(section);
    }
    if came_from == Mode::Home {
        app.mode = Mode::Wizard;
        crate::tui::update::leave_to_home(app);
    } else {
        app.mode = came_from;
        crate::tui::update::save_open_record(app);
    }
}

/// After the record was reloaded from disk (a conflict resolved by taking
/// the other version): drop what points into the old record, and leave
/// meeting mode if its meeting is gone or closed there.
pub fn after_reload(app: &mut App) {
    let Some(view) = app.meeting.as_mut() else {
        return;
    };
    view.capture = None;
    view.selected = None;
    view.confirm_delete = false;
    view.confirm_leave = false;
    let Some(session) = app.session.as_ref() else {
        return;
    };
    let meetings = &session.record.meetings;
    match view.phase {
        Phase::Setup => view.index = view.index.min(meetings.len()),
        Phase::Running | Phase::Closing => match meetings.get(view.index) {
            Some(meeting) if meeting.is_open() => {
                view.question = view.question.min(meeting.questions.len().saturating_sub(1));
            }
            _ => {
                app.meeting = None;
                app.mode = Mode::Wizard;
                app.say(
                    Tone::Info,
                    "The version on disk has no open meeting here; back in the wizard.",
                );
            }
        },
    }
}
