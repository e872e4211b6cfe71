//! What capture, edit and delete do to the meeting and to the answers.

use jiff::Timestamp;

use super::capture::{NotPlaced, Placed, capture, delete, edit, put_into_answer};
use super::{Item, ItemKind, Meeting};
use crate::questionnaire::QuestionSet;
use crate::record::{Answer, Record, RecordId};
use crate::testing::production;

fn now() -> Timestamp {
    "2026-11-28T10:00:00Z".parse().expect("time")
}

fn record(set: &QuestionSet) -> Record {
    let id = RecordId::parse("m33t1ng000000000").expect("id");
    let mut record = Record::new(id, "Add a job queue", set, now());
    let sections: Vec<String> = set
        .meeting_sections()
        .iter()
        .map(|s| s.id.clone())
        .collect();
    record.meetings.push(Meeting::start(now(), &sections, 10));
    record
}

fn item(kind: ItemKind, section: &str, text: &str) -> Item {
    Item {
        unknown_keys: Default::default(),
        kind,
        section: section.into(),
        text: text.into(),
        owner: String::new(),
        due: None,
        by: String::new(),
        done: false,
        number: None,
        field: None,
        at: now(),
    }
}

/// Captures an item in the first meeting, as the meeting screen does;
/// returns where it went.
fn add(r: &mut Record, set: &QuestionSet, kind: ItemKind, section: &str, text: &str) -> Placed {
    capture(r, set, 0, item(kind, section, text), now())
}

/// Edits item `index` of the first meeting to a new item; whether the
/// answer it was put into followed.
fn change(
    r: &mut Record,
    set: &QuestionSet,
    index: usize,
    kind: ItemKind,
    section: &str,
    text: &str,
) -> bool {
    edit(r, set, 0, index, item(kind, section, text), now())
}

/// The numbers the record's actions show, in order.
fn action_numbers(r: &Record) -> Vec<u32> {
    super::numbered_actions(&r.meetings)
        .iter()
        .map(|(n, _, _)| *n)
        .collect()
}

/// Edits the first item, a point on cost, to "Egress triples" and then
/// deletes it; the cost notes hold `edited` after the edit and are gone
/// after the delete.
fn edit_then_delete_cost_point(r: &mut Record, set: &QuestionSet, edited: &str) {
    assert!(change(r, set, 0, ItemKind::Point, "cost", "Egress triples"));
    assert_eq!(text_of(r, "cost_notes").as_deref(), Some(edited));
    assert!(delete(r, set, 0, 0, now()));
    assert_eq!(r.answers.get("cost_notes"), None);
}

fn text_of(record: &Record, field: &str) -> Option<String> {
    record
        .answers
        .get(field)
        .and_then(Answer::as_text)
        .map(str::to_string)
}

#[test]
fn points_stay_in_the_meeting_until_put_into_an_answer_marked_as_the_reviews() {
    let set = production();
    let mut r = record(&set);
    r.answers.insert(
        "premortem".into(),
        Answer::Text("We imagined the queue dying.".into()),
    );
    let placed = add(&mut r, &set, ItemKind::Point, "failure", "Retries\nstorm");
    assert_eq!(placed, Placed::MeetingOnly);
    add(&mut r, &set, ItemKind::Point, "failure", "Poison messages");
    // The engineer's answer is untouched by capturing.
    assert_eq!(
        text_of(&r, "premortem").as_deref(),
        Some("We imagined the queue dying.")
    );
    assert_eq!(r.meetings[0].items[0].text, "Retries storm");
    assert_eq!(r.meetings[0].items[0].field, None);
    // The facilitator puts the second one into the answer.
    assert_eq!(
        put_into_answer(&mut r, &set, 0, 1, now()),
        Ok("Pre-mortem".to_string())
    );
    assert_eq!(
        text_of(&r, "premortem").as_deref(),
        Some("We imagined the queue dying.\n\n- Poison messages (design review 2026-11-28)")
    );
    assert_eq!(r.meetings[0].items[1].field.as_deref(), Some("premortem"));
    assert_eq!(
        put_into_answer(&mut r, &set, 0, 1, now()),
        Err(NotPlaced::Already("Pre-mortem".into()))
    );
    // Only points go in this way.
    add(&mut r, &set, ItemKind::Question, "failure", "Who?");
    assert_eq!(
        put_into_answer(&mut r, &set, 0, 2, now()),
        Err(NotPlaced::NotAPoint)
    );
}

#[test]
fn a_point_put_into_an_unknown_answer_is_refused_and_the_mark_kept() {
    let set = production();
    let mut r = record(&set);
    let unknown = Answer::Unknown {
        note: Some("ask the SRE team".into()),
    };
    r.answers.insert("premortem".into(), unknown.clone());
    add(&mut r, &set, ItemKind::Point, "failure", "A point");
    assert_eq!(
        put_into_answer(&mut r, &set, 0, 0, now()),
        Err(NotPlaced::AnswerUnknown("Pre-mortem".into()))
    );
    assert_eq!(r.answers["premortem"], unknown);
}

#[test]
fn points_older_versions_wrote_into_answers_unmarked_still_follow_edits() {
    let set = production();
    let mut r = record(&set);
    // As 0.x wrote it: the bullet in the answer, the field on the item.
    let mut old = item(ItemKind::Point, "cost", "Egress doubles");
    old.field = Some("cost_notes".into());
    r.meetings[0].items.push(old);
    r.answers
        .insert("cost_notes".into(), Answer::Text("- Egress doubles".into()));
    edit_then_delete_cost_point(&mut r, &set, "- Egress triples");
}

#[test]
fn failure_modes_become_rows_and_other_kinds_stay_in_the_meeting() {
    let set = production();
    let mut r = record(&set);
    add(
        &mut r,
        &set,
        ItemKind::FailureMode,
        "owner",
        "Redis evicts jobs",
    );
    let placed = add(&mut r, &set, ItemKind::Question, "owner", "Who pages?");
    assert_eq!(placed, Placed::MeetingOnly);
    let rows = r.answers["failure_modes"].rows().to_vec();
    assert_eq!(rows.len(), 1);
    assert_eq!(
        rows[0]["component"],
        Answer::Text("Redis evicts jobs".into())
    );
    assert_eq!(r.meetings[0].items[1].field, None);
}

#[test]
fn edits_and_deletes_follow_into_the_answers_while_they_are_untouched() {
    let set = production();
    let mut r = record(&set);
    add(&mut r, &set, ItemKind::Point, "cost", "Egress doubles");
    add(&mut r, &set, ItemKind::FailureMode, "failure", "Disk full");
    assert_eq!(
        put_into_answer(&mut r, &set, 0, 0, now()),
        Ok("Notes on cost".to_string())
    );
    edit_then_delete_cost_point(&mut r, &set, "- Egress triples (design review 2026-11-28)");

    // Someone refined the row in the wizard: deleting the item keeps it.
    let mut rows = r.answers["failure_modes"].rows().to_vec();
    rows[0].insert("detection".into(), Answer::Text("Disk alert".into()));
    r.answers.insert("failure_modes".into(), Answer::Rows(rows));
    assert!(!delete(&mut r, &set, 0, 0, now()));
    assert_eq!(r.answers["failure_modes"].rows().len(), 1);
    assert!(r.meetings[0].items.is_empty());
}

#[test]
fn a_set_without_meeting_targets_keeps_everything_in_the_meeting() {
    let mut set = production();
    set.meeting = None;
    for section in &mut set.sections {
        section.meeting_notes = None;
    }
    let mut r = record(&set);
    let placed = add(&mut r, &set, ItemKind::FailureMode, "failure", "x");
    assert_eq!(placed, Placed::MeetingOnly);
    add(&mut r, &set, ItemKind::Point, "failure", "y");
    assert!(r.answers.is_empty());
    assert_eq!(r.meetings[0].items.len(), 2);
}

#[test]
fn answers_marked_unknown_keep_their_mark_and_note() {
    let set = production();
    let mut r = record(&set);
    let unknown = Answer::Unknown {
        note: Some("ask the SRE team".into()),
    };
    r.answers.insert("premortem".into(), unknown.clone());
    r.answers.insert("failure_modes".into(), unknown.clone());
    let placed = add(&mut r, &set, ItemKind::Point, "failure", "A point");
    assert_eq!(placed, Placed::MeetingOnly);
    let placed = add(&mut r, &set, ItemKind::FailureMode, "failure", "Disk");
    assert_eq!(placed, Placed::MeetingOnly);
    assert_eq!(r.answers["premortem"], unknown);
    assert_eq!(r.answers["failure_modes"], unknown);
    assert_eq!(r.meetings[0].items.len(), 2);
    assert!(r.meetings[0].items.iter().all(|i| i.field.is_none()));
}

#[test]
fn actions_are_numbered_once_and_keep_their_numbers_when_others_go() {
    let set = production();
    let mut r = record(&set);
    for text in ["one", "two", "three"] {
        add(&mut r, &set, ItemKind::Action, "owner", text);
    }
    assert!(delete(&mut r, &set, 0, 0, now()));
    let numbers: Vec<(u32, String)> = super::numbered_actions(&r.meetings)
        .into_iter()
        .map(|(n, m, i)| (n, r.meetings[m].items[i].text.clone()))
        .collect();
    assert_eq!(numbers, [(2, "two".to_string()), (3, "three".to_string())]);
    assert!(change(
        &mut r,
        &set,
        0,
        ItemKind::Action,
        "owner",
        "two, edited"
    ));
    add(&mut r, &set, ItemKind::Action, "owner", "four");
    assert_eq!(action_numbers(&r), [2, 3, 4]);
}

#[test]
fn hand_written_actions_without_numbers_get_free_ones_in_order() {
    let set = production();
    let mut r = record(&set);
    let mut numbered = item(ItemKind::Action, "owner", "numbered");
    numbered.number = Some(1);
    r.meetings[0]
        .items
        .push(item(ItemKind::Action, "owner", "first by hand"));
    r.meetings[0].items.push(numbered);
    r.meetings[0]
        .items
        .push(item(ItemKind::Action, "owner", "second by hand"));
    assert_eq!(action_numbers(&r), [2, 1, 3]);
    assert_eq!(super::next_action_number(&r.meetings), 4);
}
