//! Closing a meeting: outcome, conditions, who decided, and the status
//! change the facilitator confirms.

use crossterm::event::KeyEvent;

use super::keys::{meeting_mut, touch};
use super::{ClosingFocus, ClosingForm, Phase, input_text, line_input};
use crate::meeting::{Decision, Outcome};
use crate::tui::app::{App, Mode, Tone};
use crate::tui::keymap::{self, Action};

pub(super) fn open_closing(app: &mut App) {
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

pub(super) fn on_closing_key(app: &mut App, key: &KeyEvent) {
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
