//! `preflight actions`: action items from every record's meetings, filters,
//! JSON, and marking one done or open again by its stable reference.

use serde_json::{Value, json};

use crate::common::{World, assert_stderr_says, assert_stdout_says, stderr, stdout};

/// Adds a closed meeting with these actions (text, owner, due, done,
/// number) to the record `id`.
fn add_meeting(world: &World, id: &str, actions: &[(&str, &str, Option<&str>, bool, u32)]) {
    let mut record = world.read_record(id);
    let items: Vec<Value> = actions
        .iter()
        .map(|(text, owner, due, done, number)| {
            let mut item = json!({
                "kind": "action",
                "section": "owner",
                "text": text,
                "owner": owner,
                "number": number,
                "at": "2026-11-20T10:05:00Z"
            });
            if let Some(due) = due {
                item["due"] = json!(due);
            }
            if *done {
                item["done"] = json!(true);
            }
            item
        })
        .collect();
    record["meetings"] = json!([{
        "started": "2026-11-20T10:00:00Z",
        "ended": "2026-11-20T10:40:00Z",
        "attendees": [{ "name": "Ana Lima", "role": "decider" }],
        "questions": [{ "section": "owner", "timebox_seconds": 600, "used_seconds": 500 }],
        "items": items
    }]);
    world.write_record(&record);
}

fn two_records() -> (World, String, String) {
    let world = World::new();
    let queue = world.new_record("Add a job queue");
    let cache = world.new_record("Cache the catalogue");
    add_meeting(
        &world,
        &queue,
        &[
            (
                "Load-test the consumers",
                "Ana Lima",
                Some("2026-12-05"),
                false,
                1,
            ),
            ("Write the runbook", "Sam Lee", None, false, 3),
        ],
    );
    add_meeting(
        &world,
        &cache,
        &[(
            "Measure the hit rate",
            "ana lima",
            Some("2026-11-01"),
            true,
            1,
        )],
    );
    (world, queue, cache)
}

fn actions_json(world: &World, args: &[&str]) -> Vec<Value> {
    let output = world
        .cmd()
        .arg("actions")
        .args(args)
        .arg("--json")
        .env("PREFLIGHT_NOW", "2026-11-28T12:00:00Z")
        .output()
        .expect("run actions");
    assert!(output.status.success(), "{}", stderr(&output));
    serde_json::from_str::<Value>(&stdout(&output))
        .expect("JSON")
        .as_array()
        .cloned()
        .expect("an array")
}

#[test]
fn every_action_is_listed_open_first_with_owner_due_and_reference() {
    let (world, queue, _) = two_records();
    let output = world
        .cmd()
        .arg("actions")
        .env("PREFLIGHT_NOW", "2026-11-28T12:00:00Z")
        .output()
        .expect("run");
    assert!(output.status.success());
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("REF"), "{text}");
    assert_eq!(lines.len(), 4, "{text}");
    assert!(lines[1].contains(&format!("{}:1", &queue[..5])), "{text}");
    assert!(lines[1].contains("2026-12-05") && lines[1].contains("Load-test the consumers"));
    assert!(lines[2].contains(":3") && lines[2].contains("Write the runbook"));
    assert!(lines[3].contains("done") && lines[3].contains("Measure the hit rate"));
}

#[test]
fn open_and_owner_filter_and_json_has_the_documented_keys() {
    let (world, queue, _) = two_records();
    let open = actions_json(&world, &["--open"]);
    assert_eq!(open.len(), 2);
    let ana = actions_json(&world, &["--owner", "ANA LIMA"]);
    let texts: Vec<&str> = ana.iter().filter_map(|a| a["action"].as_str()).collect();
    assert_eq!(texts, ["Load-test the consumers", "Measure the hit rate"]);
    let first = &open[0];
    for key in [
        "ref",
        "record",
        "title",
        "action",
        "owner",
        "due",
        "done",
        "overdue",
        "meeting",
        "question",
        "question_title",
    ] {
        assert!(first.get(key).is_some(), "no {key:?} in {first}");
    }
    assert_eq!(first["record"], json!(queue));
    assert_eq!(first["question_title"], "Who owns this at 3 AM?");
    assert_eq!(first["overdue"], false);
}

#[test]
fn done_and_reopen_change_only_that_action_and_references_survive_a_deletion() {
    let (world, queue, _) = two_records();
    let reference = format!("{}:3", &queue[..5]);
    let output = world
        .cmd()
        .args(["actions", "done", &reference])
        .output()
        .expect("run");
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stdout(&output).contains("Write the runbook"));
    let record = world.read_record(&queue);
    assert_eq!(record["meetings"][0]["items"][1]["done"], true);
    assert!(record["meetings"][0]["items"][0].get("done").is_none());

    // Deleting action 1 does not renumber action 3.
    let mut record = world.read_record(&queue);
    record["meetings"][0]["items"]
        .as_array_mut()
        .expect("items")
        .remove(0);
    world.write_record(&record);
    let output = world
        .cmd()
        .args(["actions", "reopen", &reference])
        .output()
        .expect("run");
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stdout(&output).contains("Write the runbook"));
    assert!(
        world.read_record(&queue)["meetings"][0]["items"][0]
            .get("done")
            .is_none()
    );
}

#[test]
fn a_wrong_reference_is_a_usage_error_that_names_the_actions() {
    let (world, queue, _) = two_records();
    for (reference, expected) in [
        (format!("{}:2", &queue[..5]), "its actions are: 1, 3"),
        ("nonsense".to_string(), "should be RECORD:N"),
        (format!("{}:x", &queue[..5]), "should be RECORD:N"),
    ] {
        let output = world
            .cmd()
            .args(["actions", "done", &reference])
            .output()
            .expect("run");
        assert_eq!(output.status.code(), Some(2), "{reference}");
        assert_stderr_says(&output, expected);
    }
}

#[test]
fn no_meetings_yet_says_how_to_capture_actions() {
    let world = World::new();
    world.new_record("Quiet record");
    let output = world.cmd().arg("actions").output().expect("run");
    assert!(output.status.success());
    assert_stdout_says(&output, "preflight meet");
}
