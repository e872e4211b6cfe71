//! `preflight list`, its JSON form and the status filter.

use serde_json::Value;

use crate::common::{World, complete_answers, record_fixture, stderr, stdout};

fn list_json(world: &World, extra: &[&str]) -> Vec<Value> {
    let output = world
        .cmd()
        .args(["list", "--json"])
        .args(extra)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let value: Value = serde_json::from_slice(&output.stdout).expect("list --json is JSON");
    value.as_array().expect("an array").clone()
}

#[test]
fn an_empty_store_says_so() {
    let world = World::new();
    let output = world.cmd().arg("list").output().unwrap();
    assert!(output.status.success());
    let out = stdout(&output);
    assert!(
        out.starts_with(&format!("Store: {}", world.store().display())),
        "{out}"
    );
    assert!(out.contains("No records yet"), "{out}");
    assert!(list_json(&world, &[]).is_empty());
}

#[test]
fn list_names_the_store_and_shows_handle_status_readiness_and_title() {
    let world = World::new();
    let draft = world.new_record("Add a payments queue");
    let ready = world.new_with_answers(&complete_answers());

    let output = world.cmd().arg("list").output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let out = stdout(&output);
    let mut lines = out.lines();
    assert_eq!(
        lines.next(),
        Some(format!("Store: {} (from PREFLIGHT_STORE)", world.store().display()).as_str())
    );
    let header = lines.next().unwrap();
    for column in ["ID", "STATUS", "READINESS", "UPDATED", "TITLE"] {
        assert!(header.contains(column), "{header}");
    }
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), 2, "{out}");
    let draft_row = rows
        .iter()
        .find(|r| r.contains("Add a payments queue"))
        .expect("draft row");
    assert!(draft_row.starts_with(&draft[..5]), "{draft_row}");
    assert!(draft_row.contains("draft"), "{draft_row}");
    assert!(draft_row.contains("gaps"), "{draft_row}");
    assert!(draft_row.contains("2026-11-20"), "{draft_row}");
    let ready_row = rows
        .iter()
        .find(|r| r.starts_with(&ready[..5]))
        .expect("ready row");
    assert!(ready_row.contains(" ready "), "{ready_row}");
}

#[test]
fn list_json_is_an_array_of_records_with_readiness() {
    let world = World::new();
    let draft = world.new_record("Add a payments queue");
    let ready = world.new_with_answers(&complete_answers());

    let items = list_json(&world, &[]);
    assert_eq!(items.len(), 2);
    for item in &items {
        let id = item["id"].as_str().expect("id");
        let handle = item["handle"].as_str().expect("handle");
        assert!(handle.len() >= 5 && id.starts_with(handle), "{item}");
        assert!(item["title"].is_string(), "{item}");
        assert!(item["status"].is_string(), "{item}");
        assert!(item["ready"].is_boolean(), "{item}");
        assert!(item["gaps"].is_u64(), "{item}");
    }
    let by_id = |id: &str| items.iter().find(|i| i["id"] == id).unwrap().clone();
    let draft_item = by_id(&draft);
    assert_eq!(draft_item["title"], "Add a payments queue");
    assert_eq!(draft_item["status"], "draft");
    assert_eq!(draft_item["ready"], false);
    assert!(draft_item["gaps"].as_u64().unwrap() > 0);
    let ready_item = by_id(&ready);
    assert_eq!(ready_item["ready"], true);
    assert_eq!(ready_item["gaps"], 0);
}

#[test]
fn status_filter_keeps_only_matching_records() {
    let world = World::new();
    world.new_record("Still a draft");
    let mut accepted = record_fixture("acc0000000000000", "Already accepted");
    accepted["status"] = "accepted".into();
    world.write_record(&accepted);

    let only = list_json(&world, &["--status", "accepted"]);
    assert_eq!(only.len(), 1);
    assert_eq!(only[0]["id"], "acc0000000000000");

    let upper = list_json(&world, &["--status", "ACCEPTED"]);
    assert_eq!(upper, only, "status names are case-insensitive");

    let drafts = list_json(&world, &["--status", "draft"]);
    assert_eq!(drafts.len(), 1);
    assert_eq!(drafts[0]["title"], "Still a draft");

    let output = world
        .cmd()
        .args(["list", "--status", "rejected"])
        .output()
        .unwrap();
    assert!(output.status.success());
    assert!(stdout(&output).contains("No records match"));
}

#[test]
fn a_bad_status_is_an_error_listing_the_good_ones() {
    let world = World::new();
    world.new_record("x");
    let output = world.run_exit(2, &["list", "--status", "shipped"]);
    let err = stderr(&output);
    assert!(err.contains("\"shipped\""), "{err}");
    for status in [
        "draft",
        "proposed",
        "accepted",
        "rejected",
        "superseded",
        "deprecated",
    ] {
        assert!(err.contains(status), "{status} missing from {err}");
    }
    assert!(stdout(&output).is_empty());
}
