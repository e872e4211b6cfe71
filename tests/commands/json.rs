//! `--json` on the commands that print data: the documented shapes of
//! `show --json` and `sets --json` (list, check and config show have their
//! own tests).

use std::fs;

use serde_json::{Value, json};

use crate::common::{World, complete_answers, stderr, stdout, team_set};

fn run_json(world: &World, args: &[&str]) -> (Option<i32>, Value) {
    let output = world.cmd().args(args).output().unwrap();
    let body = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|err| panic!("{args:?}: not JSON ({err}): {}", stdout(&output)));
    (output.status.code(), body)
}

#[test]
fn show_json_is_the_record_its_links_and_its_verdict() {
    let world = World::new();
    let ready = world.new_with_answers(&complete_answers());
    let draft = world.new_record("Half done");
    assert!(
        world
            .cmd()
            .args(["link", &draft, "amends", &ready])
            .output()
            .unwrap()
            .status
            .success()
    );

    let (code, body) = run_json(&world, &["show", &ready[..6], "--json"]);
    assert_eq!(code, Some(0));
    let keys: Vec<&str> = body
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, ["links", "path", "record", "verdict"]);
    assert_eq!(body["record"], world.read_record(&ready));
    assert_eq!(body["path"], json!(world.record_path(&ready)));
    assert_eq!(
        body["links"],
        json!([{
            "direction": "in",
            "kind": "amends",
            "label": "Amended by",
            "id": draft,
            "title": "Half done",
        }])
    );
    assert_eq!(body["verdict"]["ready"], true);
    assert_eq!(body["verdict"]["gaps"], 0);
    assert_eq!(body["verdict"]["review_overdue"], false);

    let (_, body) = run_json(&world, &["show", &draft, "--json"]);
    assert_eq!(body["links"][0]["direction"], "out");
    assert_eq!(body["links"][0]["label"], "Amends");
    assert_eq!(
        body["links"][0]["title"],
        world.read_record(&ready)["title"]
    );
    assert_eq!(body["verdict"]["ready"], false);
    assert!(body["verdict"]["gaps"].as_u64().unwrap() > 0);
    // The sections are those of `check --json`.
    let (_, check) = run_json(&world, &["check", "--json", &draft]);
    assert_eq!(body["verdict"]["sections"], check["records"][0]["sections"]);

    let missing = world.run_exit(2, &["show", "zzzz", "--json"]);
    assert!(missing.stdout.is_empty());
}

#[test]
fn sets_json_lists_sets_and_problems() {
    let world = World::new();
    let (code, body) = run_json(&world, &["sets", "--json"]);
    assert_eq!(code, Some(0));
    let production = &body["sets"][0];
    assert_eq!(production["id"], "production");
    assert_eq!(production["source"], "built-in");
    assert!(production["sections"].as_u64().unwrap() >= 5);
    assert_eq!(production["questions"], 4);
    assert_eq!(body["problems"], json!([]));

    fs::create_dir_all(world.store_sets()).unwrap();
    let good = world.store_sets().join("launch.json");
    fs::write(&good, serde_json::to_vec(&team_set("launch")).unwrap()).unwrap();
    let bad = world.store_sets().join("broken.json");
    fs::write(&bad, "{\n  \"format\": 1,\n  oops\n}").unwrap();
    let output = world.cmd().args(["sets", "--json"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let body: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        body["sets"][0],
        json!({
            "id": "launch",
            "name": "Team launch check",
            "version": "0.3.0",
            "sections": 1,
            "questions": 1,
            "source": good,
        })
    );
    let problem = &body["problems"][0];
    assert_eq!(problem["source"], json!(bad));
    assert_eq!(problem["line"], 3);
    assert!(problem["column"].is_u64());
    assert!(problem["message"].is_string());
}
