//! `preflight check` as a CI gate: record file paths, `--status`, and the
//! GitHub and Markdown formats (`--changed-since` runs with real git in
//! `tests/team`).

use serde_json::json;

use crate::common::{World, assert_stderr_says, assert_stdout_says, complete_answers, stdout};

/// A ready record and one whose primary owner is a team word ("the team").
fn ready_and_not(world: &World) -> (String, String) {
    let ready = world.new_with_answers(&complete_answers());
    let mut answers = complete_answers();
    answers["title"] = json!("Owned by nobody");
    answers["owner_primary"] = json!("the team");
    let not = world.new_with_answers(&answers);
    (ready, not)
}

#[test]
fn check_takes_record_file_paths_and_refuses_files_outside_the_store() {
    let world = World::new();
    let (ready, not) = ready_and_not(&world);
    let path = world.record_path(&ready);
    world.cmd().arg("check").arg(&path).assert().code(0);
    world
        .cmd()
        .arg("check")
        .arg(world.record_path(&not))
        .assert()
        .code(1);
    let elsewhere = world.root().join(format!("{ready}.json"));
    std::fs::copy(&path, &elsewhere).expect("copy");
    let output = world.cmd().arg("check").arg(&elsewhere).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_stderr_says(&output, "is not a record file of the store in use");
}

#[test]
fn status_narrows_the_check_to_records_with_that_status() {
    let world = World::new();
    let (ready, not) = ready_and_not(&world);
    world
        .cmd()
        .args(["status", &ready, "accepted"])
        .assert()
        .success();
    // The unready one is a draft: checking accepted records passes.
    let output = world
        .cmd()
        .args(["check", "--status", "accepted", "--json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    let body: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(body["records"].as_array().map(Vec::len), Some(1));
    assert_eq!(body["records"][0]["status"], "accepted");
    let drafts = world.run_exit(1, &["check", "--status", "draft"]);
    assert_stdout_says(&drafts, &not);
    assert!(!stdout(&drafts).contains(&ready), "{}", stdout(&drafts));
    let output = world.run_exit(2, &["check", "--status", "maybe"]);
    assert_stderr_says(&output, "--status \"maybe\"");
}

#[test]
fn github_format_puts_each_gap_on_its_answer_line() {
    let world = World::new();
    let (_, not) = ready_and_not(&world);
    let output = world.run_exit(1, &["check", "--format", "github", &not]);
    let text = stdout(&output);
    let file = std::fs::read_to_string(world.record_path(&not)).unwrap();
    let line = file
        .lines()
        .position(|l| l.trim_start().starts_with("\"owner_primary\":"))
        .expect("the answer's line")
        + 1;
    let annotation = text
        .lines()
        .find(|l| l.starts_with("::error "))
        .expect("an annotation");
    assert!(
        annotation.contains(&format!("{not}.json,line={line},title=Owned by nobody")),
        "{annotation}"
    );
    assert!(text.ends_with("0 of 1 record ready.\n"), "{text}");
}

#[test]
fn markdown_format_is_a_table_with_a_row_per_record() {
    let world = World::new();
    let (ready, not) = ready_and_not(&world);
    let output = world.run_exit(1, &["check", "--format", "markdown"]);
    let text = stdout(&output);
    assert!(
        text.starts_with("### preflight readiness\n\n1 of 2 records ready.\n"),
        "{text}"
    );
    let rows: Vec<&str> = text.lines().filter(|l| l.starts_with("| ")).collect();
    assert_eq!(rows.len(), 4, "header, rule and two rows: {text}");
    assert!(
        rows.iter()
            .any(|r| r.contains(&ready) && r.contains("✅ ready")),
        "{text}"
    );
    assert!(
        rows.iter().any(|r| r.contains(&not) && r.contains("❌")),
        "{text}"
    );
}

#[test]
fn changed_since_outside_a_git_repository_says_what_is_needed() {
    let world = World::new();
    world.new_record("Anything");
    let output = world.run_exit(2, &["check", "--changed-since", "origin/main"]);
    assert_stderr_says(&output, "--changed-since origin/main");
}
