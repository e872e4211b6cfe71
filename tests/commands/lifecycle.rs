//! The life of a decision on the command line: status changes with their
//! history, supersession and links both ways, review-by dates, list filters.

use preflight::record::RecordId;
use preflight::store::{Store, StoreOrigin};
use serde_json::json;

use crate::common::{NOW, World, assert_stderr_says, assert_stdout_says, stderr, stdout};

#[test]
fn status_changes_are_recorded_with_date_and_who() {
    let world = World::new();
    let id = world.new_record("Adopt a job queue");
    let out = world.run(&["status", &id[..6], "proposed", "--who", "Dana Ruiz"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = world.run(&["status", &id, "ACCEPTED", "--who", "Priya Shah"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let record = world.read_record(&id);
    assert_eq!(record["status"], "accepted");
    assert_eq!(
        record["history"],
        json!([
            {"status": "proposed", "date": NOW, "by": "Dana Ruiz"},
            {"status": "accepted", "date": NOW, "by": "Priya Shah"}
        ])
    );
    assert_eq!(record["number"], 1, "a number is given on acceptance");
    let again = world.run(&["status", &id, "accepted"]);
    assert!(stdout(&again).contains("already accepted"));
    assert_eq!(
        world.read_record(&id)["history"].as_array().map(Vec::len),
        Some(2)
    );
}

#[test]
fn a_bad_status_is_a_usage_error_naming_the_choices() {
    let world = World::new();
    let id = world.new_record("Adopt a job queue");
    let out = world.run(&["status", &id, "approved"]);
    assert_eq!(out.status.code(), Some(2));
    assert_stderr_says(&out, "draft, proposed, accepted");
}

#[test]
fn supersede_marks_the_old_record_and_links_both_ways_in_exports() {
    let world = World::new();
    let old = world.new_record("Sessions in Postgres");
    let new = world.new_record("Sessions in Redis");
    let out = world.run(&["supersede", &old, "--by", &new, "--who", "Dana"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(world.read_record(&old)["status"], "superseded");
    assert_eq!(
        world.read_record(&new)["links"],
        json!([{"kind": "supersedes", "target": old}])
    );
    let old_md = stdout(&world.run(&["export", &old]));
    assert!(old_md.contains("Superseded by"), "{old_md}");
    assert!(old_md.contains("Sessions in Redis"), "{old_md}");
    let new_md = stdout(&world.run(&["export", &new]));
    assert!(new_md.contains("Supersedes"), "{new_md}");
    assert!(new_md.contains("Sessions in Postgres"), "{new_md}");
    let shown = stdout(&world.run(&["show", &old]));
    assert!(shown.contains("Superseded by"), "{shown}");
}

#[test]
fn link_and_unlink_add_and_remove_one_link() {
    let world = World::new();
    let a = world.new_record("A");
    let b = world.new_record("B");
    assert!(world.run(&["link", &a, "amends", &b]).status.success());
    assert!(stdout(&world.run(&["link", &a, "amends", &b])).contains("already"));
    assert_eq!(
        world.read_record(&a)["links"],
        json!([{"kind": "amends", "target": b}])
    );
    assert!(world.run(&["unlink", &a, "amends", &b]).status.success());
    assert!(world.read_record(&a).get("links").is_none());
    let bad = world.run(&["link", &a, "replaces", &b]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("supersedes, amends, relates-to"));
    let own = world.run(&["link", &a, "amends", &a]);
    assert_eq!(own.status.code(), Some(2));
}

#[test]
fn a_record_open_in_the_wizard_is_not_changed_behind_its_back() {
    let world = World::new();
    let id = world.new_record("Being edited");
    let store = Store::at(world.store(), StoreOrigin::Env);
    let lock = store
        .lock(&RecordId::parse(&id).expect("id"))
        .expect("lock")
        .expect("free");
    let before = std::fs::read(world.record_path(&id)).expect("read");
    let out = world.run(&["status", &id, "accepted"]);
    assert_eq!(out.status.code(), Some(2));
    assert_stderr_says(&out, "open in another preflight");
    assert_eq!(std::fs::read(world.record_path(&id)).expect("read"), before);
    drop(lock);
    assert!(world.run(&["status", &id, "accepted"]).status.success());
}

#[test]
fn overdue_reviews_are_flagged_by_list_and_fail_check() {
    let world = World::new();
    let due = world.new_with_answers(&json!({"title": "Old call", "review_by": "2026-01-01"}));
    let later = world.new_with_answers(&json!({"title": "Recent call", "review_by": "2027-01-01"}));
    let listed = stdout(&world.run(&["list"]));
    assert!(
        listed.contains("review overdue since 2026-01-01"),
        "{listed}"
    );
    let overdue = stdout(&world.run(&["list", "--overdue"]));
    assert!(
        overdue.contains("Old call") && !overdue.contains("Recent call"),
        "{overdue}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&world.run(&["list", "--json"]))).expect("json");
    let flags: Vec<(String, bool)> = json
        .as_array()
        .expect("array")
        .iter()
        .map(|r| {
            (
                r["title"].as_str().unwrap_or_default().to_string(),
                r["review_overdue"] == true,
            )
        })
        .collect();
    assert!(
        flags.contains(&("Old call".into(), true))
            && flags.contains(&("Recent call".into(), false))
    );
    let check = world.run(&["check", &due]);
    assert_eq!(check.status.code(), Some(1));
    assert_stdout_says(&check, "review by 2026-01-01 has passed");
    // A superseded decision is no longer due for review.
    assert!(
        world
            .run(&["supersede", &due, "--by", &later])
            .status
            .success()
    );
    let after = stdout(&world.run(&["list", "--overdue"]));
    assert!(!after.contains("Old call"), "{after}");
}

/// One readiness policy: a complete record past its review date is "not
/// ready" in `list --json`, `check --json` and `show --json` alike (list
/// used to say ready while the other two said not).
#[test]
fn every_command_gives_an_overdue_complete_record_the_same_verdict() {
    let world = World::new();
    let mut answers = crate::common::complete_answers();
    answers["review_by"] = json!("2026-01-01");
    let id = world.new_with_answers(&answers);
    let json_of = |args: &[&str]| -> serde_json::Value {
        serde_json::from_str(&stdout(&world.run(args))).expect("json")
    };
    let listed = json_of(&["list", "--json"]);
    let checked = json_of(&["check", "--json", &id]);
    let shown = json_of(&["show", "--json", &id]);
    assert_eq!(listed[0]["review_overdue"], true, "{listed}");
    assert_eq!(listed[0]["ready"], false, "list: {listed}");
    assert_eq!(checked["records"][0]["ready"], false, "check: {checked}");
    assert_eq!(shown["verdict"]["ready"], false, "show: {shown}");
    assert_eq!(checked["records"][0]["gaps"], 0, "the answers are complete");
    let table = stdout(&world.run(&["list"]));
    assert!(table.contains("review due"), "{table}");
    assert!(!table.contains(" ready "), "{table}");
}

#[test]
fn list_filters_by_tag_and_text_and_sorts() {
    let world = World::new();
    world.new_with_answers(
        &json!({"title": "Zebra cache", "tags": ["cache"], "summary": "Uses Redis"}),
    );
    world.new_with_answers(&json!({"title": "Alpha queue", "tags": ["queue"]}));
    let by_tag = stdout(&world.run(&["list", "--tag", "cache"]));
    assert!(
        by_tag.contains("Zebra cache") && !by_tag.contains("Alpha queue"),
        "{by_tag}"
    );
    let by_text = stdout(&world.run(&["list", "--grep", "REDIS"]));
    assert!(
        by_text.contains("Zebra cache") && !by_text.contains("Alpha queue"),
        "{by_text}"
    );
    let sorted = stdout(&world.run(&["list", "--sort", "title"]));
    let alpha = sorted.find("Alpha queue").expect("alpha listed");
    let zebra = sorted.find("Zebra cache").expect("zebra listed");
    assert!(alpha < zebra, "{sorted}");
}

#[test]
fn a_record_cannot_supersede_itself_and_says_so() {
    let world = World::new();
    let id = world.new_record("Only one");
    let out = world.run(&["supersede", &id[..6], "--by", &id]);
    assert_eq!(out.status.code(), Some(2));
    assert_stderr_says(&out, "cannot supersede itself");
    assert_eq!(world.read_record(&id)["status"], "draft");
}

#[test]
fn unlink_works_when_the_other_record_is_gone() {
    let world = World::new();
    let a = world.new_record("Stays");
    let b = world.new_record("Goes away");
    assert!(world.run(&["link", &a, "relates-to", &b]).status.success());
    std::fs::remove_file(world.record_path(&b)).expect("delete the other record");
    let out = world.run(&["unlink", &a, "relates-to", &b[..6]]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(world.read_record(&a).get("links").is_none());
}
