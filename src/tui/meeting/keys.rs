//! What keys do in meeting mode: set-up, the presenter screen with its
//! capture line, and closing. Every change goes into the open record and is
//! autosaved like an answer.

use crossterm::event::{KeyCode, KeyEvent};

use super::{
    CaptureFocus, CaptureForm, ClosingFocus, ClosingForm, MeetingView, Phase, SetupFocus,
    input_text, line_input,
};
use crate::meeting::capture::{self, Placed};
use crate::meeting::timer::{self, Timer};
use crate::meeting::{Attendee, Decision, Item, ItemKind, Meeting, Outcome, Role, parse_due};
use crate::questionnaire::Binding;
use crate::record::Answer;
use crate::tui::app::{App, Mode, Tone};
use crate::tui::keymap::{self, Action};

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
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
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

fn meeting_mut(app: &mut App) -> Option<(&mut MeetingView, &mut Meeting)> {
    let view = app.meeting.as_mut()?;
    let meeting = app.session.as_mut()?.record.meetings.get_mut(view.index)?;
    Some((view, meeting))
}

fn touch(app: &mut App) {
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

// ---- set-up ------------------------------------------------------------

fn on_setup_key(app: &mut App, key: &KeyEvent) {
    let running = running_meeting(app);
    let Some(view) = app.meeting.as_mut() else {
        return;
    };
    let setup = &mut view.setup;
    let order = &SetupFocus::ORDER;
    let at = order.iter().position(|f| *f == setup.focus).unwrap_or(0);
    match keymap::lookup(keymap::MEETING_SETUP, key) {
        Some(Action::NextField) => setup.focus = order[(at + 1) % order.len()],
        Some(Action::PrevField) => setup.focus = order[(at + order.len() - 1) % order.len()],
        Some(Action::Open) => {
            if setup.focus == SetupFocus::Attendee && !input_text(&setup.name).is_empty() {
                add_attendee(app);
            } else {
                setup.focus = order[(at + 1) % order.len()];
            }
        }
        Some(Action::CycleRole) => match setup.selected {
            Some(index) if input_text(&setup.name).is_empty() => {
                if let Some(attendee) = setup.attendees.get_mut(index) {
                    attendee.role = attendee.role.next();
                }
            }
            _ => setup.role = setup.role.next(),
        },
        Some(Action::Up) => {
            let count = setup.attendees.len();
            setup.selected = match setup.selected {
                _ if count == 0 => None,
                None => Some(count - 1),
                Some(i) => Some(i.saturating_sub(1)),
            };
        }
        Some(Action::Down) => {
            let count = setup.attendees.len();
            setup.selected = match setup.selected {
                _ if count == 0 => None,
                None => Some(0),
                Some(i) => Some((i + 1).min(count - 1)),
            };
        }
        Some(Action::RemoveAttendee) => {
            if let Some(index) = setup.selected
                && index < setup.attendees.len()
            {
                let gone = setup.attendees.remove(index);
                setup.selected = index
                    .checked_sub(1)
                    .or((!setup.attendees.is_empty()).then_some(0));
                app.say(Tone::Info, format!("Removed {}.", gone.name));
            }
        }
        Some(Action::StartMeeting) => start(app),
        Some(Action::Close) if running => {
            // Back to the meeting as it was: the form shows the meeting again.
            let (attendees, agenda) = app
                .meeting
                .as_ref()
                .and_then(|v| v.meeting(app))
                .map(|m| (m.attendees.clone(), m.agenda.clone()))
                .unwrap_or_default();
            if let Some(view) = app.meeting.as_mut() {
                view.setup.attendees = attendees;
                view.setup.agenda = line_input(&agenda, "optional: what this review is for");
                view.setup.selected = None;
                view.phase = Phase::Running;
            }
            app.say(Tone::Info, "Back to the meeting; set-up unchanged.");
        }
        Some(Action::Close) => {
            let came_from = view.came_from;
            app.meeting = None;
            app.mode = came_from;
            app.say(Tone::Info, "No meeting started.");
        }
        _ => {
            let area = match setup.focus {
                SetupFocus::Title => &mut setup.title,
                SetupFocus::Attendee => &mut setup.name,
                SetupFocus::Timebox => {
                    // Minutes only: digits and editing keys.
                    if let KeyCode::Char(c) = key.code
                        && !c.is_ascii_digit()
                    {
                        return;
                    }
                    &mut setup.timebox
                }
                SetupFocus::Agenda => &mut setup.agenda,
            };
            if !matches!(key.code, KeyCode::Enter) {
                area.input(*key);
            }
        }
    }
}

/// Adds the typed attendee; "Name, role" sets the role too.
fn add_attendee(app: &mut App) {
    let Some(view) = app.meeting.as_mut() else {
        return;
    };
    let setup = &mut view.setup;
    let typed = input_text(&setup.name);
    let (name, role) = match typed.rsplit_once(',') {
        Some((name, role)) if Role::parse(role).is_some() && !name.trim().is_empty() => (
            name.trim().to_string(),
            Role::parse(role).unwrap_or(setup.role),
        ),
        _ => (typed.clone(), setup.role),
    };
    if setup
        .attendees
        .iter()
        .any(|a| a.name.eq_ignore_ascii_case(&name))
    {
        app.say(Tone::Error, format!("{name} is already on the list."));
        return;
    }
    setup.attendees.push(Attendee {
        unknown_keys: Default::default(),
        name: name.clone(),
        role,
    });
    setup.name = line_input("", "another name, or F5 to start");
    setup.role = Role::Participant;
    app.say(Tone::Good, format!("Added {name} ({}).", role.name()));
}

/// Whether the set-up form is open on a meeting already running.
fn running_meeting(app: &App) -> bool {
    app.meeting
        .as_ref()
        .and_then(|v| v.meeting(app))
        .is_some_and(Meeting::is_open)
}

/// Starts the meeting from the set-up form (or, during a meeting, applies
/// the changed set-up and goes back to it).
fn start(app: &mut App) {
    let now = app.now();
    // The current question's running time counts as started.
    flush_timer(app);
    if app
        .meeting
        .as_ref()
        .is_some_and(|v| !input_text(&v.setup.name).is_empty())
    {
        add_attendee(app);
    }
    let (Some(view), Some(session)) = (app.meeting.as_mut(), app.session.as_mut()) else {
        return;
    };
    let title = input_text(&view.setup.title);
    if title.is_empty() {
        view.setup.focus = SetupFocus::Title;
        app.say(
            Tone::Error,
            "Give the record a title first: what is being decided?",
        );
        return;
    }
    let minutes = input_text(&view.setup.timebox).parse::<u32>().ok();
    let Some(minutes) = minutes.filter(|m| (1..=240).contains(m)) else {
        view.setup.focus = SetupFocus::Timebox;
        app.say(
            Tone::Error,
            "The timebox is minutes per question: 1 to 240.",
        );
        return;
    };
    if title != session.record.title
        && let Some(field) = session.set.bound_field(Binding::Title).cloned()
    {
        session.record.set_answer(&field, Some(Answer::Text(title)));
    }
    if let Some(meeting) = session.record.meetings.get_mut(view.index)
        && meeting.is_open()
    {
        meeting.attendees = view.setup.attendees.clone();
        meeting.agenda = input_text(&view.setup.agenda);
        // Minutes apply to the questions not started yet.
        for question in meeting.questions.iter_mut().filter(|q| q.used_seconds == 0) {
            question.timebox_seconds = u64::from(minutes) * 60;
        }
        view.phase = Phase::Running;
        session.touch(now);
        app.say(Tone::Good, "Set-up changed; back to the meeting.");
        return;
    }
    let sections: Vec<String> = session
        .set
        .meeting_sections()
        .iter()
        .map(|s| s.id.clone())
        .collect();
    let mut meeting = Meeting::start(now, &sections, minutes);
    meeting.attendees = view.setup.attendees.clone();
    meeting.agenda = input_text(&view.setup.agenda);
    session.record.meetings.push(meeting);
    view.index = session.record.meetings.len() - 1;
    view.question = 0;
    view.phase = Phase::Running;
    view.timer = Timer::default();
    view.timer.start(now);
    session.touch(now);
    let count = sections.len();
    app.say(
        Tone::Good,
        format!("Meeting started: question 1 of {count}, {minutes} minutes each."),
    );
}

// ---- presenter ---------------------------------------------------------

fn on_running_key(app: &mut App, key: &KeyEvent) {
    let Some(view) = app.meeting.as_mut() else {
        return;
    };
    if view.confirm_delete {
        view.confirm_delete = false;
        if matches!(key.code, KeyCode::Char('y' | 'Y')) {
            delete_selected(app);
        } else {
            app.say(Tone::Info, "Kept it.");
        }
        return;
    }
    if view.confirm_leave {
        view.confirm_leave = false;
        if matches!(key.code, KeyCode::Char('y' | 'Y')) {
            leave(app);
            app.say(Tone::Info, "The meeting stays open; F5 resumes it.");
        } else {
            app.say(Tone::Info, "Still in the meeting.");
        }
        return;
    }
    if view.capture.is_some() {
        on_capture_key(app, key);
        return;
    }
    let now = app.now();
    match keymap::lookup(keymap::MEETING, key) {
        Some(Action::CapturePoint) => open_capture(app, ItemKind::Point),
        Some(Action::CaptureFailure) => open_capture(app, ItemKind::FailureMode),
        Some(Action::CaptureQuestion) => open_capture(app, ItemKind::Question),
        Some(Action::CaptureAction) => open_capture(app, ItemKind::Action),
        Some(Action::CaptureConcern) => open_capture(app, ItemKind::Concern),
        Some(Action::PauseTimer) => {
            let Some((view, meeting)) = meeting_mut(app) else {
                return;
            };
            let message = if view.timer.is_running() {
                view.timer.pause(meeting, view.question, now);
                "Timer paused. Space resumes it."
            } else {
                view.timer.start(now);
                "Timer running."
            };
            touch(app);
            app.say(Tone::Info, message);
        }
        Some(Action::ExtendTimer) => {
            let Some((view, meeting)) = meeting_mut(app) else {
                return;
            };
            timer::extend(meeting, view.question);
            touch(app);
            app.say(Tone::Info, "Five more minutes on this question.");
        }
        Some(Action::NextSection) => move_question(app, true),
        Some(Action::PrevSection) => move_question(app, false),
        Some(Action::Up) => select(app, false),
        Some(Action::Down) => select(app, true),
        Some(Action::EditRow) => edit_selected(app),
        Some(Action::DeleteRow) => {
            let text = app.meeting.as_ref().and_then(|view| {
                let meeting = view.meeting(app)?;
                let index = view.selected_item(meeting)?;
                Some(meeting.items[index].text.clone())
            });
            match text {
                Some(text) => {
                    if let Some(view) = app.meeting.as_mut() {
                        view.confirm_delete = true;
                    }
                    app.say(
                        Tone::Info,
                        format!("Delete \"{text}\"? y deletes it; any other key keeps it."),
                    );
                }
                None => app.say(Tone::Info, "Select an item with ↑ ↓ first."),
            }
        }
        Some(Action::CloseMeeting) => open_closing(app),
        Some(Action::EditSetup) => {
            if let Some(view) = app.meeting.as_mut() {
                view.phase = Phase::Setup;
                view.setup.selected = None;
            }
            app.say(
                Tone::Info,
                "Change attendees, minutes for questions not started yet, or the agenda; F5 goes back.",
            );
        }
        Some(Action::Close) => {
            if let Some(view) = app.meeting.as_mut() {
                view.confirm_leave = true;
            }
            app.say(
                Tone::Info,
                "Leave meeting mode? y leaves (the meeting stays open, timer paused); any other key stays.",
            );
        }
        _ => {
            if matches!(key.code, KeyCode::Char(_)) {
                app.say(
                    Tone::Info,
                    "Not a meeting key. p point · f failure mode · o open question · a action · c concern · F1 all keys",
                );
            }
        }
    }
}

fn move_question(app: &mut App, forward: bool) {
    flush_timer(app);
    let Some((view, meeting)) = meeting_mut(app) else {
        return;
    };
    let count = meeting.questions.len();
    let target = if forward {
        view.question + 1
    } else {
        view.question.wrapping_sub(1)
    };
    if target >= count {
        let message = if forward {
            "That was the last question: x closes the meeting."
        } else {
            "This is the first question."
        };
        app.say(Tone::Info, message);
        return;
    }
    view.question = target;
    view.selected = None;
    app.say(Tone::Info, format!("Question {} of {count}.", target + 1));
}

fn select(app: &mut App, down: bool) {
    let Some(view) = app.meeting.as_ref() else {
        return;
    };
    let Some(meeting) = view.meeting(app) else {
        return;
    };
    let count = view.question_items(meeting).len();
    let selected = match view.selected {
        _ if count == 0 => None,
        None if down => Some(0),
        None => Some(count - 1),
        Some(i) if down => Some((i + 1).min(count - 1)),
        Some(i) => Some(i.saturating_sub(1)),
    };
    if let Some(view) = app.meeting.as_mut() {
        view.selected = selected;
    }
}

fn open_capture(app: &mut App, kind: ItemKind) {
    let Some(view) = app.meeting.as_mut() else {
        return;
    };
    view.capture = Some(CaptureForm {
        kind,
        text: line_input("", placeholder(kind)),
        person: None,
        due: line_input("", "YYYY-MM-DD, +3d, +2w"),
        focus: CaptureFocus::Text,
        editing: None,
        discard_armed: false,
    });
}

fn placeholder(kind: ItemKind) -> &'static str {
    match kind {
        ItemKind::Point => "a point for this question",
        ItemKind::FailureMode => "what fails, in one line (refine the row later)",
        ItemKind::Question => "a question nobody could answer yet",
        ItemKind::Action => "what someone will do (Tab: owner, due date)",
        ItemKind::Concern => "the concern, in their words (Tab: who raised it)",
    }
}

fn edit_selected(app: &mut App) {
    let Some(view) = app.meeting.as_ref() else {
        return;
    };
    let Some(meeting) = view.meeting(app) else {
        return;
    };
    let Some(index) = view.selected_item(meeting) else {
        app.say(Tone::Info, "Select an item with ↑ ↓ first.");
        return;
    };
    let item = meeting.items[index].clone();
    let person_name = if item.kind == ItemKind::Concern {
        &item.by
    } else {
        &item.owner
    };
    let person = meeting
        .attendees
        .iter()
        .position(|a| &a.name == person_name);
    let form = CaptureForm {
        kind: item.kind,
        text: line_input(&item.text, placeholder(item.kind)),
        person,
        due: line_input(
            &item.due.map(|d| d.to_string()).unwrap_or_default(),
            "YYYY-MM-DD, +3d, +2w",
        ),
        focus: CaptureFocus::Text,
        editing: Some(index),
        discard_armed: false,
    };
    if let Some(view) = app.meeting.as_mut() {
        view.capture = Some(form);
    }
}

fn delete_selected(app: &mut App) {
    let now = app.now();
    let Some(view) = app.meeting.as_ref() else {
        return;
    };
    let Some(index) = view.meeting(app).and_then(|m| view.selected_item(m)) else {
        return;
    };
    let meeting_index = view.index;
    let Some(session) = app.session.as_mut() else {
        return;
    };
    let followed = capture::delete(&mut session.record, &session.set, meeting_index, index, now);
    session.touch(now);
    if let Some(view) = app.meeting.as_mut() {
        view.selected = None;
    }
    if followed {
        app.say(Tone::Good, "Deleted.");
    } else {
        app.say(
            Tone::Info,
            "Deleted from the meeting; the answer was edited since, so it was left as it is.",
        );
    }
}

fn on_capture_key(app: &mut App, key: &KeyEvent) {
    let attendees = app
        .meeting
        .as_ref()
        .and_then(|v| v.meeting(app))
        .map_or(0, |m| m.attendees.len());
    let Some(form) = app.meeting.as_mut().and_then(|v| v.capture.as_mut()) else {
        return;
    };
    let parts = form.parts();
    let at = parts.iter().position(|p| *p == form.focus).unwrap_or(0);
    let cycle = |person: Option<usize>, forward: bool| -> Option<usize> {
        if attendees == 0 {
            return None;
        }
        match (person, forward) {
            (None, true) => Some(0),
            (None, false) => Some(attendees - 1),
            (Some(i), true) if i + 1 < attendees => Some(i + 1),
            (Some(i), false) if i > 0 => Some(i - 1),
            _ => None,
        }
    };
    match keymap::lookup(keymap::MEETING_CAPTURE, key) {
        Some(Action::Open) => save_capture(app),
        Some(Action::NextField) => form.focus = parts[(at + 1) % parts.len()],
        Some(Action::PrevField) => form.focus = parts[(at + parts.len() - 1) % parts.len()],
        Some(Action::CycleRole) if parts.contains(&CaptureFocus::Person) => {
            form.person = cycle(form.person, true);
        }
        Some(Action::Close) => {
            let unsaved = !input_text(&form.text).is_empty();
            if unsaved && !form.discard_armed {
                form.discard_armed = true;
                app.say(
                    Tone::Info,
                    "Not saved yet: Enter saves it, Esc again drops it.",
                );
            } else if let Some(view) = app.meeting.as_mut() {
                view.capture = None;
            }
        }
        _ => match form.focus {
            CaptureFocus::Text => {
                form.text.input(*key);
            }
            CaptureFocus::Due => {
                form.due.input(*key);
            }
            CaptureFocus::Person => match key.code {
                KeyCode::Right | KeyCode::Down => form.person = cycle(form.person, true),
                KeyCode::Left | KeyCode::Up => form.person = cycle(form.person, false),
                KeyCode::Backspace | KeyCode::Delete => form.person = None,
                _ => {}
            },
        },
    }
}

fn save_capture(app: &mut App) {
    let now = app.now();
    let today = now.to_zoned(jiff::tz::TimeZone::system()).date();
    let Some(view) = app.meeting.as_ref() else {
        return;
    };
    let (Some(form), Some(meeting)) = (view.capture.as_ref(), view.meeting(app)) else {
        return;
    };
    let text = input_text(&form.text);
    if text.is_empty() {
        app.say(
            Tone::Error,
            "Type what was said first (Esc stops capturing).",
        );
        return;
    }
    let due = match parse_due(&input_text(&form.due), today) {
        Ok(due) => due,
        Err(message) => {
            if let Some(form) = app.meeting.as_mut().and_then(|v| v.capture.as_mut()) {
                form.focus = CaptureFocus::Due;
            }
            app.say(Tone::Error, message);
            return;
        }
    };
    let person = form
        .person
        .and_then(|i| meeting.attendees.get(i))
        .map(|a| a.name.clone())
        .unwrap_or_default();
    let section = meeting
        .questions
        .get(view.question)
        .map(|q| q.section.clone())
        .unwrap_or_default();
    let kind = form.kind;
    let editing = form.editing;
    let item = Item {
        unknown_keys: Default::default(),
        kind,
        section,
        text,
        owner: if kind == ItemKind::Action {
            person.clone()
        } else {
            String::new()
        },
        due: if kind == ItemKind::Action { due } else { None },
        by: if kind == ItemKind::Concern {
            person
        } else {
            String::new()
        },
        done: false,
        number: None,
        field: None,
        at: crate::clock::to_second(now),
    };
    let meeting_index = view.index;
    let Some(session) = app.session.as_mut() else {
        return;
    };
    let message = match editing {
        Some(index) => {
            let Some(done) = session
                .record
                .meetings
                .get(meeting_index)
                .and_then(|m| m.items.get(index))
                .map(|i| i.done)
            else {
                app.say(Tone::Error, "That item is no longer in the meeting.");
                return;
            };
            let item = Item { done, ..item };
            if capture::edit(
                &mut session.record,
                &session.set,
                meeting_index,
                index,
                item,
                now,
            ) {
                "Changed.".to_string()
            } else {
                "Changed in the meeting; the answer was edited since, so it was left as it is."
                    .to_string()
            }
        }
        None => match capture::capture(&mut session.record, &session.set, meeting_index, item, now)
        {
            Placed::Field(label) => format!("{} added to \"{label}\".", kind.label()),
            Placed::MeetingOnly => format!("{} captured.", kind.label()),
        },
    };
    session.touch(now);
    if let Some(view) = app.meeting.as_mut() {
        match editing {
            Some(_) => view.capture = None,
            None => {
                if let Some(form) = view.capture.as_mut() {
                    form.text = line_input("", placeholder(kind));
                    form.due = line_input("", "YYYY-MM-DD, +3d, +2w");
                    form.person = None;
                    form.focus = CaptureFocus::Text;
                }
            }
        }
    }
    app.say(Tone::Good, message);
}

// ---- closing -----------------------------------------------------------

fn open_closing(app: &mut App) {
    let now = app.now();
    if let Some((view, meeting)) = meeting_mut(app) {
        // Time spent closing is not time spent on the question.
        view.resume_after_closing = view.timer.is_running();
        view.timer.pause(meeting, view.question, now);
        touch(app);
    }
    let Some(view) = app.meeting.as_ref() else {
        return;
    };
    let Some(meeting) = view.meeting(app) else {
        return;
    };
    let decided_by = meeting.deciders().join(", ");
    let form = ClosingForm {
        focus: ClosingFocus::Decision,
        decision: 0,
        conditions: line_input("", "conditions, separated by ;"),
        decided_by: line_input(&decided_by, "who decided, separated by ,"),
        apply_status: false,
    };
    if let Some(view) = app.meeting.as_mut() {
        view.closing = Some(form);
        view.phase = Phase::Closing;
        view.capture = None;
    }
    app.say(
        Tone::Info,
        "Closing: pick the outcome, add conditions and who decided.",
    );
}

fn on_closing_key(app: &mut App, key: &KeyEvent) {
    let Some(form) = app.meeting.as_mut().and_then(|v| v.closing.as_mut()) else {
        return;
    };
    let order = &ClosingFocus::ORDER;
    let at = order.iter().position(|f| *f == form.focus).unwrap_or(0);
    let typing = matches!(
        form.focus,
        ClosingFocus::Conditions | ClosingFocus::DecidedBy
    );
    let action = keymap::lookup(keymap::MEETING_CLOSE, key);
    let action = match action {
        // In a text field, arrows and Space are for the text.
        Some(Action::Up | Action::Down | Action::Toggle) if typing => None,
        other => other,
    };
    match action {
        Some(Action::NextField) => form.focus = order[(at + 1) % order.len()],
        Some(Action::PrevField) => form.focus = order[(at + order.len() - 1) % order.len()],
        Some(Action::Up) if form.focus == ClosingFocus::Decision => {
            form.decision = form.decision.saturating_sub(1);
            // A tick given for one outcome is not a yes to another.
            form.apply_status = false;
        }
        Some(Action::Down) if form.focus == ClosingFocus::Decision => {
            form.decision = (form.decision + 1).min(Decision::ALL.len() - 1);
            form.apply_status = false;
        }
        Some(Action::Toggle) if form.focus == ClosingFocus::Status => {
            let current = app.session.as_ref().map(|s| s.record.status);
            if current == Some(form.decision().status()) {
                form.apply_status = false;
            } else {
                form.apply_status = !form.apply_status;
            }
        }
        Some(Action::Open) if form.focus == ClosingFocus::Status => finish(app),
        Some(Action::Open) => form.focus = order[(at + 1) % order.len()],
        Some(Action::Close) => {
            let now = app.now();
            if let Some(view) = app.meeting.as_mut() {
                view.phase = Phase::Running;
                view.closing = None;
                if view.resume_after_closing {
                    view.timer.start(now);
                }
            }
            app.say(Tone::Info, "Back to the meeting.");
        }
        _ => match form.focus {
            ClosingFocus::Conditions => {
                form.conditions.input(*key);
            }
            ClosingFocus::DecidedBy => {
                form.decided_by.input(*key);
            }
            _ => {}
        },
    }
}

/// Closes the meeting with the outcome; changes the record's status only
/// when the facilitator ticked it.
fn finish(app: &mut App) {
    let now = app.now();
    let Some(view) = app.meeting.as_mut() else {
        return;
    };
    let Some(form) = view.closing.as_ref() else {
        return;
    };
    let decision = form.decision();
    let outcome = Outcome {
        unknown_keys: Default::default(),
        decision,
        conditions: input_text(&form.conditions)
            .split(';')
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .collect::<Vec<_>>()
            .join("\n"),
        decided_by: input_text(&form.decided_by)
            .split(',')
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(str::to_string)
            .collect(),
    };
    let apply_status = form.apply_status;
    let index = view.index;
    let question = view.question;
    let mut timer = view.timer;
    let Some(session) = app.session.as_mut() else {
        return;
    };
    if let Some(meeting) = session.record.meetings.get_mut(index) {
        timer.pause(meeting, question, now);
        meeting.ended = Some(crate::clock::to_second(now));
        meeting.outcome = Some(outcome);
    }
    session.touch(now);
    let view = app.meeting.take();
    if let Some(session) = app.session.as_mut() {
        let section = session.section;
        session.load_section(section);
    }
    app.mode = view.map_or(Mode::Wizard, |v| v.came_from);
    let mut message = format!("Meeting closed: {}.", decision.label());
    if apply_status {
        crate::tui::update::change_status(app, decision.status());
        // Keep what the status change said (a number that could not be
        // given, say).
        if let Some((_, said)) = &app.status {
            message = format!("{message} {said}");
        }
    } else {
        crate::tui::update::save_open_record(app);
        let status = app
            .session
            .as_ref()
            .map(|s| s.record.status.name())
            .unwrap_or_default();
        message = format!("{message} The record stays {status}.");
    }
    app.mode = Mode::Review;
    app.say(Tone::Good, message);
}
