//! Meeting set-up keys: title, attendees and roles, minutes per question,
//! agenda; starting the meeting, or changing it while it runs.

use crossterm::event::{KeyCode, KeyEvent};

use super::keys::flush_timer;
use super::{Phase, SetupFocus, input_text, line_input};
use crate::meeting::timer::Timer;
use crate::meeting::{Attendee, MAX_TIMEBOX_MINUTES, Meeting, Role};
use crate::questionnaire::Binding;
use crate::tui::app::{App, Tone};
use crate::tui::keymap::{self, Action};

pub(super) fn on_setup_key(app: &mut App, key: &KeyEvent) {
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
    let Some(minutes) = minutes.filter(|m| (1..=MAX_TIMEBOX_MINUTES).contains(m)) else {
        view.setup.focus = SetupFocus::Timebox;
        app.say(
            Tone::Error,
            format!("The timebox is minutes per question: 1 to {MAX_TIMEBOX_MINUTES}."),
        );
        return;
    };
    if title != session.record.title {
        session
            .record
            .set_bound_text(&session.set, Binding::Title, &title);
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
    super::place::remember(app);
    let count = sections.len();
    app.say(
        Tone::Good,
        format!("Meeting started: question 1 of {count}, {minutes} minutes each."),
    );
}
