//! Meeting mode through `update`: set-up, the timer on an injected clock,
//! capture of every kind, editing and deleting, closing with an outcome and
//! the status change only when confirmed.

use crossterm::event::KeyCode;

use super::Harness;
use crate::meeting::timer::TimerState;
use crate::meeting::{Decision, ItemKind, Role};
use crate::record::{Answer, Status};
use crate::tui::app::Mode;
use crate::tui::meeting::Phase;

/// A record with a title, open in the wizard.
pub fn record_open() -> Harness {
    let mut h = Harness::new();
    h.type_answer(KeyCode::Enter, "Add a job queue");
    h
}

/// A meeting started with two attendees and a 10-minute timebox.
pub fn meeting_started() -> Harness {
    let mut h = record_open();
    h.type_answer(KeyCode::F(5), "Sam Lee, decider");
    h.type_answer(KeyCode::Enter, "Dana Ito, consulted");
    h.key(KeyCode::Enter);
    h.key(KeyCode::F(5));
    h
}

fn phase(h: &Harness) -> Phase {
    h.app.meeting.as_ref().expect("meeting mode").phase
}

fn capture(h: &mut Harness, key: char, text: &str) {
    h.type_answer(KeyCode::Char(key), text);
    h.key(KeyCode::Enter);
    h.key(KeyCode::Esc);
}

/// Captures an action owned by the `owner`-th attendee (1-based), due on
/// `due`, and closes the capture line.
pub fn capture_action(h: &mut Harness, text: &str, owner: usize, due: &str) {
    h.type_answer(KeyCode::Char('a'), text);
    h.key(KeyCode::Tab);
    for _ in 0..owner {
        h.key(KeyCode::Right);
    }
    h.type_answer(KeyCode::Tab, due);
    h.key(KeyCode::Enter);
    h.key(KeyCode::Esc);
}

#[test]
fn set_up_takes_attendees_with_roles_and_a_timebox_then_starts_the_timer() {
    let mut h = record_open();
    h.key(KeyCode::F(5));
    assert_eq!(h.app.mode, Mode::Meeting);
    assert_eq!(phase(&h), Phase::Setup);
    h.type_text("Sam Lee, decider");
    h.type_answer(KeyCode::Enter, "Dana Ito");
    for _ in 0..3 {
        h.ctrl('r');
    }
    h.key(KeyCode::Enter);
    h.key(KeyCode::Tab);
    h.key(KeyCode::Backspace);
    h.type_answer(KeyCode::Backspace, "x7");
    h.key(KeyCode::F(5));
    assert_eq!(phase(&h), Phase::Running);
    let meeting = &h.session().record.meetings[0];
    let people: Vec<(&str, Role)> = meeting
        .attendees
        .iter()
        .map(|a| (a.name.as_str(), a.role))
        .collect();
    assert_eq!(
        people,
        vec![("Sam Lee", Role::Decider), ("Dana Ito", Role::Consulted)]
    );
    let sections: Vec<&str> = meeting
        .questions
        .iter()
        .map(|q| q.section.as_str())
        .collect();
    assert_eq!(sections, ["failure", "owner", "cost", "rollback"]);
    assert!(meeting.questions.iter().all(|q| q.timebox_seconds == 420));
    assert!(h.app.meeting.as_ref().expect("view").timer.is_running());
}

#[test]
fn a_timebox_outside_one_to_240_minutes_is_refused() {
    let mut h = record_open();
    h.key(KeyCode::F(5));
    h.key(KeyCode::Tab);
    h.key(KeyCode::Backspace);
    h.type_answer(KeyCode::Backspace, "0");
    h.key(KeyCode::F(5));
    assert_eq!(phase(&h), Phase::Setup);
    assert!(h.session().record.meetings.is_empty());
    let (_, message) = h.app.status.clone().expect("a message");
    assert!(message.contains("1 to 240"), "{message}");
}

#[test]
fn the_timer_warns_at_two_minutes_goes_over_pauses_and_extends() {
    let mut h = meeting_started();
    let state = |h: &Harness| {
        let view = h.app.meeting.as_ref().expect("view");
        let meeting = &h.session().record.meetings[0];
        (
            view.timer.state(meeting, view.question, h.app.now()),
            view.timer.left(meeting, view.question, h.app.now()),
        )
    };
    h.wait(60);
    assert_eq!(state(&h), (TimerState::Plenty, 540));
    h.wait(420);
    assert_eq!(state(&h), (TimerState::Warning, 120));
    h.wait(125);
    assert_eq!(state(&h), (TimerState::Over, -5));
    // The running time reaches the record without any key pressed.
    assert!(h.session().record.meetings[0].questions[0].used_seconds >= 600);
    h.key(KeyCode::Char(' '));
    h.wait(300);
    assert_eq!(state(&h), (TimerState::Over, -5), "paused: no time counted");
    h.key(KeyCode::Char('+'));
    assert_eq!(state(&h), (TimerState::Plenty, 295));
    assert_eq!(
        h.session().record.meetings[0].questions[0].timebox_seconds,
        900
    );
    h.key(KeyCode::Char(' '));
    h.wait(10);
    h.key(KeyCode::Char('n'));
    h.wait(30);
    let questions = &h.session().record.meetings[0].questions;
    assert_eq!(questions[0].used_seconds, 615);
    assert_eq!(questions[1].used_seconds, 30);
    assert_eq!(h.app.meeting.as_ref().expect("view").question, 1);
}

#[test]
fn every_kind_of_item_is_captured_failure_modes_become_rows_and_points_stay_in_the_meeting() {
    let mut h = meeting_started();
    capture(&mut h, 'p', "Retries could storm the mail provider");
    capture(&mut h, 'f', "Queue fills when consumers lag");
    capture(&mut h, 'o', "Who owns the dead-letter queue?");
    capture_action(&mut h, "Load-test the consumers", 1, "2026-12-05");
    h.type_answer(KeyCode::Char('c'), "We have never run a queue");
    h.key(KeyCode::Tab);
    h.key(KeyCode::Right);
    h.key(KeyCode::Right);
    h.key(KeyCode::Enter);
    h.key(KeyCode::Esc);

    let record = &h.session().record;
    let kinds: Vec<ItemKind> = record.meetings[0].items.iter().map(|i| i.kind).collect();
    assert_eq!(
        kinds,
        [
            ItemKind::Point,
            ItemKind::FailureMode,
            ItemKind::Question,
            ItemKind::Action,
            ItemKind::Concern
        ]
    );
    let action = &record.meetings[0].items[3];
    assert_eq!(action.owner, "Sam Lee");
    assert_eq!(action.due, Some("2026-12-05".parse().expect("date")));
    assert_eq!(record.meetings[0].items[4].by, "Dana Ito");
    assert!(
        record.meetings[0]
            .items
            .iter()
            .all(|i| i.section == "failure")
    );
    // A point is the meeting's until the facilitator puts it in an answer.
    assert_eq!(record.answers.get("premortem"), None);
    assert_eq!(record.meetings[0].items[0].field, None);
    let rows = record.answers["failure_modes"].rows();
    assert_eq!(
        rows[0]["component"],
        Answer::Text("Queue fills when consumers lag".into())
    );
    // Autosave writes it like any answer.
    h.wait(2);
    let disk = h.on_disk().expect("saved");
    assert_eq!(
        disk["meetings"][0]["items"].as_array().map(Vec::len),
        Some(5)
    );
}

#[test]
fn enter_saves_and_clears_the_line_for_the_next_item_of_the_same_kind() {
    let mut h = meeting_started();
    h.type_answer(KeyCode::Char('p'), "one");
    h.type_answer(KeyCode::Enter, "two");
    h.key(KeyCode::Enter);
    let view = h.app.meeting.as_ref().expect("view");
    let form = view.capture.as_ref().expect("still capturing");
    assert_eq!(form.kind, ItemKind::Point);
    assert_eq!(form.text.lines().join(""), "");
    assert_eq!(h.session().record.meetings[0].items.len(), 2);
}

#[test]
fn an_empty_item_or_a_bad_due_date_is_not_saved_and_says_why() {
    let mut h = meeting_started();
    h.key(KeyCode::Char('p'));
    h.key(KeyCode::Enter);
    assert!(h.session().record.meetings[0].items.is_empty());
    h.key(KeyCode::Esc);
    h.type_answer(KeyCode::Char('a'), "Write the runbook");
    h.key(KeyCode::Tab);
    h.type_answer(KeyCode::Tab, "next friday");
    h.key(KeyCode::Enter);
    assert!(h.session().record.meetings[0].items.is_empty());
    let (_, message) = h.app.status.clone().expect("message");
    assert!(message.contains("YYYY-MM-DD"), "{message}");
    let text = h
        .app
        .meeting
        .as_ref()
        .and_then(|v| v.capture.as_ref())
        .map(|f| f.text.lines().join(""));
    assert_eq!(
        text.as_deref(),
        Some("Write the runbook"),
        "typed text kept"
    );
}

#[test]
fn a_selected_item_can_be_edited_and_deleted_after_a_yes() {
    let mut h = meeting_started();
    capture(&mut h, 'p', "Egress doubles");
    capture(&mut h, 'o', "Which region?");
    h.key(KeyCode::Up);
    h.key(KeyCode::Up);
    h.key(KeyCode::Char('i'));
    h.key(KeyCode::Char('e'));
    h.key(KeyCode::Home);
    h.ctrl('k');
    h.type_text("Egress triples");
    h.key(KeyCode::Enter);
    let record = &h.session().record;
    assert_eq!(record.meetings[0].items[0].text, "Egress triples");
    assert_eq!(
        record.answers.get("premortem"),
        Some(&Answer::Text(
            "- Egress triples (design review 2026-11-20)".into()
        ))
    );
    h.key(KeyCode::Char('d'));
    h.key(KeyCode::Char('n'));
    assert_eq!(h.session().record.meetings[0].items.len(), 2, "kept");
    h.key(KeyCode::Char('d'));
    h.key(KeyCode::Char('y'));
    let record = &h.session().record;
    assert_eq!(record.meetings[0].items.len(), 1);
    assert_eq!(record.meetings[0].items[0].text, "Which region?");
    assert_eq!(record.answers.get("premortem"), None);
}

#[test]
fn leaving_keeps_the_meeting_open_and_f5_resumes_it_paused() {
    let mut h = meeting_started();
    capture(&mut h, 'p', "A point");
    h.key(KeyCode::Char('n'));
    h.wait(40);
    h.key(KeyCode::Esc);
    h.key(KeyCode::Char('y'));
    assert_eq!(h.app.mode, Mode::Wizard);
    assert!(h.app.meeting.is_none());
    h.wait(600);
    h.key(KeyCode::F(5));
    let view = h.app.meeting.as_ref().expect("meeting mode");
    assert_eq!(view.phase, Phase::Running);
    assert_eq!(view.index, 0);
    assert!(!view.timer.is_running());
    let record = &h.session().record;
    assert_eq!(record.meetings.len(), 1);
    assert_eq!(record.meetings[0].questions[1].used_seconds, 40);
}

#[test]
fn closing_records_the_outcome_and_leaves_the_status_alone_unless_ticked() {
    let mut h = meeting_started();
    h.wait(90);
    h.key(KeyCode::Char('x'));
    assert_eq!(phase(&h), Phase::Closing);
    h.key(KeyCode::Down);
    h.type_answer(KeyCode::Tab, "Load test passes; runbook written");
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab);
    h.key(KeyCode::Enter);
    assert_eq!(h.app.mode, Mode::Review);
    let record = &h.session().record;
    let meeting = &record.meetings[0];
    assert!(meeting.ended.is_some());
    let outcome = meeting.outcome.as_ref().expect("outcome");
    assert_eq!(outcome.decision, Decision::GoWithConditions);
    assert_eq!(outcome.conditions, "Load test passes\nrunbook written");
    assert_eq!(outcome.decided_by, ["Sam Lee"]);
    assert_eq!(meeting.questions[0].used_seconds, 90);
    assert_eq!(record.status, Status::Draft, "not confirmed: unchanged");
    assert!(record.history.is_empty());
}

#[test]
fn a_confirmed_outcome_moves_the_status_and_numbers_an_acceptance() {
    let mut h = meeting_started();
    h.key(KeyCode::Char('x'));
    for _ in 0..3 {
        h.key(KeyCode::Tab);
    }
    h.key(KeyCode::Char(' '));
    h.key(KeyCode::Enter);
    let record = &h.session().record;
    assert_eq!(record.status, Status::Accepted);
    assert_eq!(record.number, Some(1));
    assert_eq!(record.history.len(), 1);
    let disk = h.on_disk().expect("saved");
    assert_eq!(disk["status"], "accepted");
    assert_eq!(disk["meetings"][0]["outcome"]["decision"], "go");
}

#[test]
fn no_maps_to_rejected_and_esc_from_closing_goes_back_to_the_meeting() {
    let mut h = meeting_started();
    h.key(KeyCode::Char('x'));
    h.key(KeyCode::Esc);
    assert_eq!(phase(&h), Phase::Running);
    assert!(h.session().record.meetings[0].is_open());
    h.key(KeyCode::Char('x'));
    for _ in 0..3 {
        h.key(KeyCode::Down);
    }
    for _ in 0..3 {
        h.key(KeyCode::Tab);
    }
    h.key(KeyCode::Char(' '));
    h.key(KeyCode::Enter);
    assert_eq!(h.session().record.status, Status::Rejected);
}

#[test]
fn a_second_meeting_starts_a_new_entry_with_the_same_attendees() {
    let mut h = meeting_started();
    h.key(KeyCode::Char('x'));
    for _ in 0..3 {
        h.key(KeyCode::Tab);
    }
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('m'));
    let view = h.app.meeting.as_ref().expect("meeting mode");
    assert_eq!(view.phase, Phase::Setup);
    assert_eq!(view.setup.attendees.len(), 2);
    h.key(KeyCode::F(5));
    assert_eq!(h.session().record.meetings.len(), 2);
}

#[test]
fn a_second_esc_and_a_capture_key_never_type_into_the_wizard() {
    let mut h = meeting_started();
    h.type_answer(KeyCode::Char('p'), "first");
    h.key(KeyCode::Enter);
    h.key(KeyCode::Esc);
    h.key(KeyCode::Esc);
    h.key(KeyCode::Char('p'));
    assert_eq!(h.app.mode, Mode::Meeting, "still in the meeting");
    assert_eq!(h.session().record.title, "Add a job queue");
    let view = h.app.meeting.as_ref().expect("view");
    assert!(
        view.capture.is_none(),
        "the answer to the question was not a capture"
    );
    h.key(KeyCode::Esc);
    h.key(KeyCode::Char('y'));
    assert_eq!(h.app.mode, Mode::Wizard);
}

#[test]
fn esc_with_unsaved_text_asks_for_a_second_esc() {
    let mut h = meeting_started();
    h.type_answer(KeyCode::Char('o'), "Who pages?");
    h.key(KeyCode::Esc);
    assert!(h.app.meeting.as_ref().expect("view").capture.is_some());
    let (_, message) = h.app.status.clone().expect("message");
    assert!(message.contains("Esc again"), "{message}");
    h.key(KeyCode::Esc);
    assert!(h.app.meeting.as_ref().expect("view").capture.is_none());
    assert!(h.session().record.meetings[0].items.is_empty());
}

#[test]
fn time_on_the_closing_form_is_not_charged_to_the_question() {
    let mut h = meeting_started();
    h.wait(180);
    h.key(KeyCode::Char('x'));
    h.wait(200);
    h.key(KeyCode::Esc);
    assert!(h.app.meeting.as_ref().expect("view").timer.is_running());
    h.wait(20);
    h.key(KeyCode::Char('x'));
    for _ in 0..3 {
        h.key(KeyCode::Tab);
    }
    h.key(KeyCode::Enter);
    assert_eq!(
        h.session().record.meetings[0].questions[0].used_seconds,
        200
    );
}

#[test]
fn set_up_can_change_during_the_meeting() {
    let mut h = meeting_started();
    h.wait(60);
    h.key(KeyCode::Char('s'));
    assert_eq!(phase(&h), Phase::Setup);
    h.type_text("Ana Lima, informed");
    h.key(KeyCode::Enter);
    h.key(KeyCode::Tab);
    h.key(KeyCode::Backspace);
    h.type_answer(KeyCode::Backspace, "15");
    h.key(KeyCode::F(5));
    assert_eq!(phase(&h), Phase::Running);
    let meeting = &h.session().record.meetings[0];
    assert_eq!(meeting.attendees.len(), 3);
    assert_eq!(meeting.attendees[2].role, Role::Informed);
    assert_eq!(meeting.questions[0].timebox_seconds, 600, "started: kept");
    assert_eq!(meeting.questions[1].timebox_seconds, 900);
    assert_eq!(h.session().record.meetings.len(), 1, "no second meeting");
}

#[test]
fn an_unbound_letter_says_which_keys_capture() {
    let mut h = meeting_started();
    h.key(KeyCode::Char('z'));
    let (_, message) = h.app.status.clone().expect("message");
    assert!(message.contains("p point"), "{message}");
    assert!(h.session().record.meetings[0].items.is_empty());
}

#[test]
fn opened_from_the_record_list_it_goes_back_there() {
    let mut h = record_open();
    h.wait(2);
    h.key(KeyCode::Esc);
    assert_eq!(h.app.mode, Mode::Home);
    h.key(KeyCode::F(5));
    assert_eq!(h.app.mode, Mode::Meeting);
    h.key(KeyCode::F(5));
    h.key(KeyCode::Esc);
    h.key(KeyCode::Char('y'));
    assert_eq!(h.app.mode, Mode::Home);
    assert!(h.app.session.is_none());
}

#[test]
fn taking_the_version_on_disk_while_editing_an_item_does_not_crash() {
    let mut h = meeting_started();
    capture(&mut h, 'a', "Load-test");
    h.wait(2);
    let path = h.app.store.record_path(&h.session().record.id);
    let mut theirs: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).expect("saved")).expect("JSON");
    theirs["meetings"][0]["items"] = serde_json::json!([]);
    std::fs::write(&path, serde_json::to_vec_pretty(&theirs).expect("JSON")).expect("write");
    h.key(KeyCode::Up);
    h.type_answer(KeyCode::Char('e'), " the consumers");
    h.wait(31);
    h.wait(2);
    assert!(matches!(
        h.app.overlay,
        Some(crate::tui::app::Overlay::Conflict)
    ));
    h.key(KeyCode::Char('t'));
    assert!(
        h.app.overlay.is_some(),
        "a key as it pops up is not a choice"
    );
    h.wait(1);
    h.key(KeyCode::Char('t'));
    assert!(h.app.overlay.is_none());
    let view = h.app.meeting.as_ref().expect("still in the meeting");
    assert!(view.capture.is_none());
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('e'));
    assert!(h.session().record.meetings[0].items.is_empty());
}

#[test]
fn a_question_the_set_no_longer_has_still_shows_and_the_meeting_can_close() {
    let mut h = meeting_started();
    if let Some(session) = h.app.session.as_mut() {
        session.set.sections.retain(|s| s.id != "failure");
    }
    let screen = h.render(80, 24);
    assert!(screen.contains("QUESTION 1 OF 4"), "{screen}");
    assert!(screen.contains("no longer in the question set"), "{screen}");
    h.key(KeyCode::Char('x'));
    for _ in 0..3 {
        h.key(KeyCode::Tab);
    }
    h.key(KeyCode::Enter);
    assert!(!h.session().record.meetings[0].is_open());
}

#[test]
fn i_puts_the_selected_point_into_the_answer_marked_and_the_list_says_so() {
    let mut h = meeting_started();
    capture(&mut h, 'p', "Backup owner is on leave in December");
    capture(&mut h, 'o', "Who pages at night?");
    assert_eq!(h.session().record.answers.get("premortem"), None);
    // The open question cannot go into an answer.
    h.key(KeyCode::Down);
    h.key(KeyCode::Down);
    h.key(KeyCode::Char('i'));
    assert_eq!(h.session().record.answers.get("premortem"), None);
    let (_, message) = h.app.status.clone().expect("message");
    assert!(message.contains("Only points"), "{message}");
    h.key(KeyCode::Up);
    h.key(KeyCode::Char('i'));
    assert_eq!(
        h.session().record.answers.get("premortem"),
        Some(&Answer::Text(
            "- Backup owner is on leave in December (design review 2026-11-20)".into()
        ))
    );
    let screen = h.render(80, 24);
    assert!(screen.contains("[in the answer"), "{screen}");
    assert!(screen.contains("\"Pre-mortem\"]"), "{screen}");
}

#[test]
fn v_shows_the_records_answer_to_the_question_in_place_of_the_items() {
    let mut h = meeting_started();
    capture(&mut h, 'f', "Redis (job queue backend) fills up");
    capture(&mut h, 'p', "A point nobody wrote down");
    h.key(KeyCode::Char('v'));
    let screen = h.render(80, 24);
    assert!(screen.contains("The record's answer"), "{screen}");
    assert!(
        screen.contains("Redis (job queue backend) fills up"),
        "{screen}"
    );
    assert!(!screen.contains("A point nobody wrote down"), "{screen}");
    h.key(KeyCode::Char('v'));
    let screen = h.render(80, 24);
    assert!(screen.contains("A point nobody wrote down"), "{screen}");
}

/// Before, a resumed meeting opened on the question of its last captured
/// item (or the first): after moving on to question 3 and being killed, it
/// came back on question 1.
#[test]
fn a_meeting_resumed_after_a_kill_opens_on_the_question_it_was_on() {
    let mut h = meeting_started();
    capture(&mut h, 'p', "A point on the first question");
    h.key(KeyCode::Char('n'));
    h.wait(40);
    h.key(KeyCode::Char('n'));
    h.wait(2);
    assert_eq!(h.app.meeting.as_ref().map(|m| m.question), Some(2));
    let id = h.session().record.id.clone();
    // Killed: nothing more is saved, and the lock goes with the process.
    h.app.meeting = None;
    h.app.session = None;
    let mut again = Harness::new();
    again.app.store = h.app.store.clone();
    crate::tui::update::open_record(&mut again.app, &id);
    again.key(KeyCode::F(5));
    let view = again.app.meeting.as_ref().expect("meeting mode");
    assert_eq!(view.phase, Phase::Running);
    assert_eq!(
        view.question,
        2,
        "resumed on question {}",
        view.question + 1
    );
}
