//! Plain (accessible) mode end to end: `new --plain`, `edit ID --plain`
//! and `PREFLIGHT_PLAIN=1`, answered through piped standard input.

use std::process::{Command, Output, Stdio};

use serde_json::{Value, json};

use crate::common::{BIN, World, complete_answers, stderr, stdout};

/// Runs preflight with `input` on standard input; checks that no escape
/// byte reached either output.
fn run(world: &World, args: &[&str], env: &[(&str, &str)], input: &str) -> Output {
    let mut cmd = world.cmd();
    cmd.args(args).write_stdin(input.as_bytes().to_vec());
    for (key, value) in env {
        cmd.env(key, value);
    }
    let output = cmd.output().expect("run preflight");
    assert!(
        !output.stdout.contains(&0x1b) && !output.stderr.contains(&0x1b),
        "an escape byte in the output:\n{}{}",
        stdout(&output),
        stderr(&output)
    );
    output
}

/// Runs and expects exit 0.
fn answer(world: &World, args: &[&str], input: &str) -> String {
    let output = run(world, args, &[], input);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}\n{}",
        stdout(&output),
        stderr(&output)
    );
    stdout(&output)
}

/// The id of the only record in the store.
fn only_record(world: &World) -> String {
    let files = world.record_files();
    assert_eq!(files.len(), 1, "{files:?}");
    files[0].trim_end_matches(".json").to_string()
}

fn lines(lines: &[&str]) -> String {
    let mut text = lines.join("\n");
    text.push('\n');
    text
}

#[test]
fn new_plain_from_piped_stdin_writes_exactly_the_record_described() {
    let world = World::new();
    let input = lines(&[
        "Queue payment webhooks",
        "Webhooks go through a queue",
        "instead of straight to the API.",
        ".",
        "", // author: kept from --author
        "payments, queue",
        "y",
        "Queue broker",
        "disk full",
        "webhooks arrive late",
        "",
        "high",
        "2",
        "queue_depth alert",
        "",
        "y",
        "Consumer",
        "",
        "",
        "",
        "?",
        "",
        "",
        "restart it",
        "",
        "", // pre-mortem: skipped
        "? rota not decided",
        "",
        "",
        "",
        "",
        "yes",
        "",
        "one node",
        "? ask finance",
        "memory",
    ]);
    let out = answer(&world, &["new", "--plain", "--author", "Dana Ruiz"], &input);
    let id = only_record(&world);
    let record = world.read_record(&id);
    assert_eq!(record["title"], "Queue payment webhooks");
    assert_eq!(record["author"], "Dana Ruiz");
    assert_eq!(record["tags"], json!(["payments", "queue"]));
    assert_eq!(
        record["answers"],
        json!({
            "summary": "Webhooks go through a queue\ninstead of straight to the API.",
            "failure_modes": [
                {
                    "component": "Queue broker",
                    "trigger": "disk full",
                    "user_effect": "webhooks arrive late",
                    "severity": "high",
                    "likelihood": "medium",
                    "detection": "queue_depth alert"
                },
                {
                    "component": "Consumer",
                    "severity": { "unknown": true },
                    "mitigation": "restart it"
                }
            ],
            "owner_primary": { "unknown": true, "note": "rota not decided" },
            "debuggable_by_others": true,
            "cost_grid": [
                {
                    "row": "compute",
                    "today": "one node",
                    "at_10x": { "unknown": true, "note": "ask finance" },
                    "breaks_first": "memory"
                }
            ]
        })
    );
    assert!(
        out.contains("Question 1 of 4: What breaks when this fails?"),
        "{out}"
    );
    assert!(out.contains("Add a row? [y/N] y\n"), "{out}");
    assert!(out.contains("End of input."), "{out}");
    assert!(out.contains(&format!("{id}.json")), "the saved path: {out}");
    assert!(out.contains("Readiness: not ready"), "{out}");
}

#[test]
fn edit_plain_keeps_answers_on_empty_lines_and_clears_them_with_a_dash() {
    let world = World::new();
    let id = world.new_with_answers(&complete_answers());
    let before = world.read_record(&id);
    let out = answer(
        &world,
        &["edit", &id, "--plain"],
        &lines(&["", "-", "", "-", "", "", "Sam Lee"]),
    );
    assert!(out.contains("Editing record"), "{out}");
    assert!(
        out.contains("Current answer: Move user sessions from Postgres to Redis\n> \n"),
        "{out}"
    );
    let after = world.read_record(&id);
    let mut expected = before["answers"].clone();
    let answers = expected.as_object_mut().unwrap();
    answers.remove("summary");
    answers.insert("owner_primary".into(), json!("Sam Lee"));
    assert_eq!(after["answers"], expected);
    assert_eq!(after["title"], before["title"]);
    assert_eq!(after["author"], before["author"]);
    assert_eq!(after.get("tags"), None, "tags cleared");
}

#[test]
fn an_answer_that_is_not_accepted_is_asked_again() {
    let world = World::new();
    let input = lines(&[
        "Runbook test",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "not a link at all",
        "docs/runbook.md",
    ]);
    let out = answer(&world, &["new", "--plain"], &input);
    assert!(
        out.contains("> not a link at all\nNot accepted: \"not a link at all\" is not a link"),
        "{out}"
    );
    assert!(
        out.contains("Try again, or press Enter to skip.\n> docs/runbook.md\n"),
        "{out}"
    );
    let record = world.read_record(&only_record(&world));
    assert_eq!(record["answers"], json!({ "runbook": "docs/runbook.md" }));
}

#[test]
fn the_end_of_input_midway_saves_what_was_given() {
    let world = World::new();
    let out = answer(
        &world,
        &["new", "--plain"],
        "Half done\nFirst line of the summary\nsecond line",
    );
    let record = world.read_record(&only_record(&world));
    assert_eq!(record["title"], "Half done");
    assert_eq!(
        record["answers"],
        json!({ "summary": "First line of the summary\nsecond line" })
    );
    assert!(out.contains("End of input."), "{out}");
}

#[test]
fn preflight_plain_in_the_environment_makes_new_plain() {
    let world = World::new();
    let output = run(
        &world,
        &["new"],
        &[("PREFLIGHT_PLAIN", "1")],
        "From the env\n",
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let out = stdout(&output);
    assert!(out.starts_with("Plain mode"), "{out}");
    let record = world.read_record(&only_record(&world));
    assert_eq!(record["title"], "From the env");
    assert_eq!(record["answers"], json!({}));
}

#[test]
fn new_plain_with_no_input_saves_nothing_and_says_so() {
    let world = World::new();
    let mut cmd = Command::new(BIN);
    world.configure(&mut cmd);
    let output = cmd
        .env("PREFLIGHT_STORE", world.store())
        .args(["new", "--plain"])
        .stdin(Stdio::null())
        .output()
        .expect("run preflight");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(world.record_files().is_empty());
    let out = stdout(&output);
    assert!(
        out.contains("Nothing was saved: the input ended before a title was given."),
        "{out}"
    );
    assert!(!output.stdout.contains(&0x1b));
}

#[test]
fn the_saved_record_passes_through_check_like_any_other() {
    let world = World::new();
    answer(&world, &["new", "--plain"], "Checked\n");
    let id = only_record(&world);
    let output = world.cmd().args(["check", "--json", &id]).output().unwrap();
    let report: Value = serde_json::from_slice(&output.stdout).expect("check JSON");
    assert_eq!(report["records"][0]["title"], "Checked");
    assert_eq!(report["records"][0]["ready"], false);
}
