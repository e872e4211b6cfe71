//! The merge rules, one test each, on small records.

use serde_json::{Value, json};

use super::*;

fn record(extra: Value) -> Value {
    let mut base = json!({
        "schema": 1,
        "id": "abcdefgh12345678",
        "title": "Queue for exports",
        "status": "draft",
        "set": { "id": "production", "version": "1.0.0" },
        "created": "2026-11-01T08:00:00Z",
        "updated": "2026-11-01T08:00:00Z",
        "answers": { "owner": "Ana", "rollback": "Revert the deploy" }
    });
    if let (Value::Object(map), Value::Object(extra)) = (&mut base, extra) {
        for (key, value) in extra {
            map.insert(key, value);
        }
    }
    base
}

fn with(mut value: Value, path: &[&str], new: Value) -> Value {
    let (last, parents) = path.split_last().expect("a path");
    let mut here = &mut value;
    for key in parents {
        here = &mut here[*key];
    }
    here[*last] = new;
    value
}

#[test]
fn different_fields_edited_on_two_sides_keep_both_edits_and_the_later_stamp() {
    let base = record(json!({}));
    let ours = with(
        with(base.clone(), &["answers", "owner"], json!("Bo")),
        &["updated"],
        json!("2026-11-02T08:00:00Z"),
    );
    let theirs = with(
        with(base.clone(), &["title"], json!("Queue for all exports")),
        &["updated"],
        json!("2026-11-03T08:00:00Z"),
    );
    let merged = merge_json(Some(&base), &ours, &theirs);
    assert!(merged.conflicts.is_empty(), "{:?}", merged.conflicts);
    assert_eq!(merged.value["answers"]["owner"], "Bo");
    assert_eq!(merged.value["title"], "Queue for all exports");
    assert_eq!(merged.value["updated"], "2026-11-03T08:00:00Z");
}

#[test]
fn the_same_field_edited_differently_is_a_conflict_naming_it_with_both_values() {
    let base = record(json!({}));
    let ours = with(
        base.clone(),
        &["answers", "rollback"],
        json!("Flip the flag"),
    );
    let theirs = with(
        base.clone(),
        &["answers", "rollback"],
        json!("Restore backup"),
    );
    let mut merged = merge_json(Some(&base), &ours, &theirs);
    assert_eq!(merged.conflicts.len(), 1);
    let conflict = merged.conflicts[0].clone();
    assert_eq!(conflict.field(), "answers.rollback");
    assert_eq!(conflict.ours, Some(json!("Flip the flag")));
    assert_eq!(conflict.theirs, Some(json!("Restore backup")));
    assert_eq!(merged.value["answers"]["rollback"], "Flip the flag");
    apply(&mut merged.value, &conflict, Side::Theirs);
    assert_eq!(merged.value["answers"]["rollback"], "Restore backup");
}

#[test]
fn two_status_changes_keep_both_history_entries_and_the_latest_status() {
    let base = record(json!({}));
    let ours = record(json!({
        "status": "proposed",
        "history": [{ "status": "proposed", "date": "2026-11-02T08:00:00Z", "by": "Ana" }]
    }));
    let theirs = record(json!({
        "status": "rejected",
        "history": [{ "status": "rejected", "date": "2026-11-03T08:00:00Z", "by": "Bo" }]
    }));
    let merged = merge_json(Some(&base), &ours, &theirs);
    assert!(merged.conflicts.is_empty(), "{:?}", merged.conflicts);
    assert_eq!(merged.value["status"], "rejected");
    let history = merged.value["history"].as_array().expect("history");
    assert_eq!(history.len(), 2);
    assert_eq!(history[0]["by"], "Ana");
    assert_eq!(history[1]["by"], "Bo");
}

#[test]
fn rows_added_on_both_sides_are_all_kept_and_a_row_edit_on_one_side_survives() {
    let row = |t: &str| json!({ "component": t, "trigger": "load" });
    let base = record(json!({ "answers": { "modes": [row("db"), row("queue")] } }));
    let ours = record(json!({ "answers": { "modes": [
        { "component": "db", "trigger": "disk full" }, row("queue"), row("cache")
    ] } }));
    let theirs = record(json!({ "answers": { "modes": [row("db"), row("queue"), row("dns")] } }));
    let merged = merge_json(Some(&base), &ours, &theirs);
    assert!(merged.conflicts.is_empty(), "{:?}", merged.conflicts);
    assert_eq!(
        merged.value["answers"]["modes"],
        json!([
            { "component": "db", "trigger": "disk full" },
            row("queue"),
            row("cache"),
            row("dns")
        ])
    );
}

#[test]
fn different_cells_of_one_row_edited_on_two_sides_merge_cell_by_cell() {
    let base =
        record(json!({ "answers": { "modes": [{ "component": "db", "trigger": "load" }] } }));
    let ours =
        record(json!({ "answers": { "modes": [{ "component": "db", "trigger": "disk full" }] } }));
    let theirs =
        record(json!({ "answers": { "modes": [{ "component": "postgres", "trigger": "load" }] } }));
    let merged = merge_json(Some(&base), &ours, &theirs);
    assert!(merged.conflicts.is_empty(), "{:?}", merged.conflicts);
    assert_eq!(
        merged.value["answers"]["modes"],
        json!([{ "component": "postgres", "trigger": "disk full" }])
    );
}

#[test]
fn tags_and_links_merge_as_sets() {
    let link = |t: &str| json!({ "kind": "relates-to", "target": t });
    let base = record(json!({ "tags": ["a", "b"], "links": [link("x")] }));
    let ours = record(json!({ "tags": ["a", "c"], "links": [link("x"), link("y")] }));
    let theirs = record(json!({ "tags": ["a", "b", "d"], "links": [link("z")] }));
    let merged = merge_json(Some(&base), &ours, &theirs);
    assert!(merged.conflicts.is_empty(), "{:?}", merged.conflicts);
    assert_eq!(merged.value["tags"], json!(["a", "c", "d"]));
    assert_eq!(merged.value["links"], json!([link("y"), link("z")]));
}

fn action(text: &str, number: u32, at: &str) -> Value {
    json!({ "kind": "action", "section": "rollback", "text": text, "number": number, "at": at })
}

#[test]
fn two_meetings_merge_and_action_numbers_given_on_both_branches_become_unique() {
    let meeting = |started: &str, items: Value| json!({ "started": started, "items": items });
    let first = meeting(
        "2026-11-01T09:00:00Z",
        json!([action("Load test", 1, "2026-11-01T09:05:00Z")]),
    );
    let base = record(json!({ "meetings": [first.clone()] }));
    let ours = record(json!({ "meetings": [first.clone(), meeting(
        "2026-11-02T09:00:00Z",
        json!([action("Write runbook", 2, "2026-11-02T09:10:00Z")])
    )] }));
    let theirs = record(json!({ "meetings": [first.clone(), meeting(
        "2026-11-03T09:00:00Z",
        json!([action("Try the rollback", 2, "2026-11-03T09:10:00Z")])
    )] }));
    let merged = merge_json(Some(&base), &ours, &theirs);
    assert!(merged.conflicts.is_empty(), "{:?}", merged.conflicts);
    let meetings = merged.value["meetings"].as_array().expect("meetings");
    assert_eq!(meetings.len(), 3);
    assert_eq!(meetings[1]["items"][0]["number"], 2);
    assert_eq!(meetings[2]["items"][0]["number"], 3);
    assert_eq!(merged.notes.len(), 1, "{:?}", merged.notes);
    assert!(
        merged.notes[0].contains("Try the rollback"),
        "{:?}",
        merged.notes
    );
}

#[test]
fn items_captured_in_one_meeting_on_two_branches_are_all_kept() {
    let started = "2026-11-01T09:00:00Z";
    let base = record(json!({ "meetings": [{ "started": started, "items": [] }] }));
    let ours = record(
        json!({ "meetings": [{ "started": started, "items": [action("A", 1, "2026-11-01T09:01:00Z")] }] }),
    );
    let theirs = record(
        json!({ "meetings": [{ "started": started, "items": [action("B", 1, "2026-11-01T09:02:00Z")] }] }),
    );
    let merged = merge_json(Some(&base), &ours, &theirs);
    assert!(merged.conflicts.is_empty(), "{:?}", merged.conflicts);
    let items = merged.value["meetings"][0]["items"]
        .as_array()
        .expect("items");
    let numbers: Vec<&Value> = items.iter().map(|i| &i["number"]).collect();
    assert_eq!(numbers, [&json!(1), &json!(2)]);
}

#[test]
fn without_a_common_ancestor_every_difference_is_a_conflict() {
    let ours = with(record(json!({})), &["title"], json!("One"));
    let theirs = with(record(json!({})), &["title"], json!("Two"));
    let merged = merge_json(None, &ours, &theirs);
    assert_eq!(merged.conflicts.len(), 1);
    assert_eq!(merged.conflicts[0].field(), "title");
}

#[test]
fn records_merge_through_the_typed_entry_point_keeping_unknown_keys() {
    let base: Record =
        serde_json::from_value(record(json!({ "from_the_future": 1 }))).expect("record");
    let mut ours = base.clone();
    ours.title = "Ours".into();
    let mut theirs = base.clone();
    theirs.author = "Bo".into();
    let (merged, conflicts) = merge(&base, &ours, &theirs);
    assert!(conflicts.is_empty());
    assert_eq!(merged.title, "Ours");
    assert_eq!(merged.author, "Bo");
    assert_eq!(merged.unknown_keys.get("from_the_future"), Some(&json!(1)));
}
