//! Presenter-screen keys: the timer, moving between questions, selecting,
//! editing and deleting captured items, opening a capture line.

use crossterm::event::{KeyCode, KeyEvent};

use super::capture_line::on_capture_key;
use super::closing::open_closing;
use super::keys::{flush_timer, leave, meeting_mut, touch};
use super::{CaptureFocus, CaptureForm, DUE_PLACEHOLDER, Phase, line_input};
use crate::meeting::ItemKind;
use crate::meeting::capture::{self};
use crate::meeting::timer::{self};
use crate::tui::app::{App, Tone};
use crate::tui::keymap::{self, Action};

pub(super) fn on_running_key(app: &mut App, key: &KeyEvent) {
    let Some(view) = app.meeting.as_mut() else {
        return;
    };
    let yes = keymap::lookup(keymap::MEETING_CONFIRM, key) == Some(Action::Yes);
    if view.confirm_delete {
        view.confirm_delete = false;
        if yes {
            delete_selected(app);
        } else {
            app.say(Tone::Info, "Kept it.");
        }
        return;
    }
    if view.confirm_leave {
        view.confirm_leave = false;
        if yes {
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
        Some(Action::ShowAnswer) => {
            if let Some(view) = app.meeting.as_mut() {
                view.answer_scroll = match view.answer_scroll {
                    Some(_) => None,
                    None => Some(0),
                };
            }
        }
        // While the answer shows, the arrows scroll it.
        Some(action @ (Action::Up | Action::Down))
            if app
                .meeting
                .as_ref()
                .is_some_and(|v| v.answer_scroll.is_some()) =>
        {
            if let Some(scroll) = app.meeting.as_mut().and_then(|v| v.answer_scroll.as_mut()) {
                *scroll = if action == Action::Up {
                    scroll.saturating_sub(1)
                } else {
                    scroll.saturating_add(1)
                };
            }
        }
        Some(Action::Up) => select(app, false),
        Some(Action::Down) => select(app, true),
        Some(Action::PutIntoAnswer) => put_selected_into_answer(app),
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

fn put_selected_into_answer(app: &mut App) {
    let now = app.now();
    let Some(view) = app.meeting.as_ref() else {
        return;
    };
    let Some(index) = view.meeting(app).and_then(|m| view.selected_item(m)) else {
        app.say(Tone::Info, "Select a point with ↑ ↓ first.");
        return;
    };
    let meeting_index = view.index;
    let Some(session) = app.session.as_mut() else {
        return;
    };
    let result =
        capture::put_into_answer(&mut session.record, &session.set, meeting_index, index, now);
    match result {
        Ok(label) => {
            session.touch(now);
            app.say(
                Tone::Good,
                format!("Put into \"{label}\", marked as from this review."),
            );
        }
        Err(why) => {
            let message = match why {
                capture::NotPlaced::NotAPoint => {
                    "Only points go into an answer; this item stays in the meeting.".to_string()
                }
                capture::NotPlaced::Already(label) => format!("Already in \"{label}\"."),
                capture::NotPlaced::NoNotesField => {
                    "The question set names no notes field for this question; the point stays in the meeting.".to_string()
                }
                capture::NotPlaced::AnswerUnknown(label) => format!(
                    "\"{label}\" is marked unknown on purpose; the point stays in the meeting."
                ),
            };
            app.say(Tone::Info, message);
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
    if view.answer_scroll.is_some() {
        view.answer_scroll = Some(0);
    }
    super::place::remember(app);
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
    view.capture = Some(CaptureForm::new(kind));
}

pub(super) fn placeholder(kind: ItemKind) -> &'static str {
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
            DUE_PLACEHOLDER,
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
