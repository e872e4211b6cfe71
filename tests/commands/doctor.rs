//! `preflight doctor`: store problems reported as data with exit 1, and
//! `--fix` making only the safe repairs, saying each.

use serde_json::Value;

use crate::commands::publish::accept;
use crate::common::{World, assert_stderr_says, assert_stdout_says, stderr, stdout};

fn doctor(world: &World, args: &[&str]) -> (Option<i32>, String) {
    let output = world.cmd().arg("doctor").args(args).output().expect("run");
    let text = format!("{}{}", stdout(&output), stderr(&output));
    (output.status.code(), text)
}

/// Two records accepted in two clones: both got number 1.
fn two_clones_numbered_alike(world: &World) -> (String, String) {
    let first = world.new_record("Cache pages");
    let second = world.new_record("Queue jobs");
    accept(world, &first);
    // Accepted a day later, in the other clone.
    let later = world
        .cmd()
        .env("PREFLIGHT_NOW", "2026-11-21T10:00:00Z")
        .args(["status", &second, "accepted"])
        .output()
        .expect("run");
    assert!(later.status.success(), "{}", stderr(&later));
    let mut record = world.read_record(&second);
    record["number"] = 1.into();
    world.write_record(&record);
    (first, second)
}

#[test]
fn a_healthy_store_exits_zero() {
    let world = World::new();
    world.new_record("One");
    let (code, text) = doctor(&world, &[]);
    assert_eq!(code, Some(0), "{text}");
    assert!(text.contains("No problems"), "{text}");
}

#[test]
fn duplicate_numbers_are_reported_by_doctor_list_and_check_and_fixed_by_doctor() {
    let world = World::new();
    let (first, second) = two_clones_numbered_alike(&world);
    let (code, text) = doctor(&world, &[]);
    assert_eq!(code, Some(1), "{text}");
    assert!(
        text.contains(&format!("records {first} and {second} both have number 1")),
        "{text}"
    );
    let list = world.cmd().arg("list").output().expect("run");
    assert_stderr_says(&list, "both have number 1");
    let check = world.cmd().arg("check").output().expect("run");
    assert_eq!(check.status.code(), Some(1));
    assert_stdout_says(&check, "both have number 1");

    let (code, text) = doctor(&world, &["--fix"]);
    assert_eq!(code, Some(0), "{text}");
    assert!(
        text.contains(&format!("fixed    {second} renumbered from 1 to 2")),
        "{text}"
    );
    assert_eq!(
        world.read_record(&first)["number"],
        1,
        "the first accepted keeps it"
    );
    assert_eq!(world.read_record(&second)["number"], 2);
    assert_eq!(doctor(&world, &[]).0, Some(0));
}

#[test]
fn status_contradicting_a_supersede_link_is_repaired_and_a_missing_link_is_reported() {
    let world = World::new();
    let old = world.new_record("Old way");
    let new = world.new_record("New way");
    let gone = "zzzzzzzzzzzzzzzz";
    let mut record = world.read_record(&new);
    record["links"] = serde_json::json!([
        { "kind": "supersedes", "target": old },
        { "kind": "relates-to", "target": gone }
    ]);
    world.write_record(&record);

    let output = world.run_exit(1, &["doctor", "--json"]);
    let body: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let kinds: Vec<&str> = body["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["kind"].as_str().expect("kind"))
        .collect();
    assert_eq!(kinds, ["not-superseded", "missing-link"], "{body}");
    assert_eq!(body["findings"][1]["repairable"], false);
    assert!(
        body["findings"][1]["path"]
            .as_str()
            .is_some_and(|p| p.ends_with(&format!("{new}.json"))),
        "{body}"
    );

    let (code, text) = doctor(&world, &["--fix", "--who", "Sam Lee"]);
    assert_eq!(code, Some(1), "the missing link needs a person: {text}");
    assert!(
        text.contains(&format!(
            "fixed    {old} marked superseded (superseded by {new})"
        )),
        "{text}"
    );
    assert!(text.contains("preflight unlink"), "{text}");
    let fixed = world.read_record(&old);
    assert_eq!(fixed["status"], "superseded");
    assert_eq!(fixed["history"][0]["by"], "Sam Lee");
}

#[test]
fn an_unreadable_record_is_a_problem_that_doctor_does_not_touch() {
    let world = World::new();
    world.new_record("Fine");
    let path = world.record_path("cccccccccccccccc");
    std::fs::write(&path, "{ \"schema\": 1, ").expect("write");
    let (code, text) = doctor(&world, &["--fix"]);
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("cccccccccccccccc.json"), "{text}");
    assert_eq!(
        std::fs::read_to_string(&path).expect("read"),
        "{ \"schema\": 1, ",
        "left as it was"
    );
}
