//! The capture line: typing an item (with owner, due date or who raised
//! it) and saving it into the meeting and, where the set says, the answers.

use crossterm::event::KeyEvent;

use super::{CaptureFocus, CaptureForm, input_text};
use crate::meeting::capture::{self, Placed};
use crate::meeting::{Item, ItemKind, parse_due};
use crate::tui::app::{App, Tone};
use crate::tui::keymap::{self, Action};

pub(super) fn on_capture_key(app: &mut App, key: &KeyEvent) {
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
    let action = match keymap::lookup(keymap::MEETING_CAPTURE, key) {
        // Arrows and deleting pick the person on that part only; in the
        // text they edit the text.
        Some(Action::Up | Action::Down | Action::DeleteRow)
            if form.focus != CaptureFocus::Person =>
        {
            None
        }
        other => other,
    };
    match action {
        Some(Action::Open) => save_capture(app),
        Some(Action::NextField) => form.focus = parts[(at + 1) % parts.len()],
        Some(Action::PrevField) => form.focus = parts[(at + parts.len() - 1) % parts.len()],
        Some(Action::CycleRole) if parts.contains(&CaptureFocus::Person) => {
            form.person = cycle(form.person, true);
        }
        Some(Action::Down) => form.person = cycle(form.person, true),
        Some(Action::Up) => form.person = cycle(form.person, false),
        Some(Action::DeleteRow) => form.person = None,
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
            CaptureFocus::Person => {}
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
                    *form = CaptureForm::new(kind);
                }
            }
        }
    }
    app.say(Tone::Good, message);
}
