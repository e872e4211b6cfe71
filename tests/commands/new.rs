//! `preflight new --no-input`, with `--title` and with `--answers`.

use std::fs;

use serde_json::{Value, json};

use crate::common::{
    NOW, World, assert_stderr_says, complete_answers, sample_record, stderr, stdout,
};

fn is_record_id(text: &str) -> bool {
    text.len() == 16
        && text
            .bytes()
            .all(|b| b"0123456789abcdefghjkmnpqrstvwxyz".contains(&b))
}

#[test]
fn new_prints_only_the_id_and_writes_the_record_file() {
    let world = World::new();
    let output = world
        .cmd()
        .args(["new", "--no-input", "--title", "Add a payments queue"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let out = stdout(&output);
    let id = out.strip_suffix('\n').expect("id ends with a newline");
    assert!(is_record_id(id), "stdout should be the id alone: {out:?}");
    assert!(
        stderr(&output).is_empty(),
        "no chatter: {}",
        stderr(&output)
    );

    assert_eq!(world.record_files(), vec![format!("{id}.json")]);
    let record = world.read_record(id);
    assert_eq!(record["schema"], 1);
    assert_eq!(record["id"], id);
    assert_eq!(record["title"], "Add a payments queue");
    assert_eq!(record["status"], "draft");
    assert_eq!(record["set"]["id"], "production");
    assert_eq!(record["created"], NOW);
    assert_eq!(record["updated"], NOW);
    assert_eq!(record["answers"], json!({}));
}

#[test]
fn two_records_get_different_ids() {
    let world = World::new();
    let first = world.new_record("One");
    let second = world.new_record("Two");
    assert_ne!(first, second);
    assert_eq!(world.record_files().len(), 2);
}

#[test]
fn new_without_a_title_fails_and_writes_nothing() {
    let world = World::new();
    for args in [
        vec!["new", "--no-input"],
        vec!["new", "--no-input", "--title", "   "],
    ] {
        let output = world.cmd().args(&args).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert_stderr_says(&output, "title");
        assert!(stdout(&output).is_empty());
    }
    assert!(world.record_files().is_empty());
}

#[test]
fn a_multi_line_title_is_refused() {
    let world = World::new();
    let output = world.run_exit(2, &["new", "--no-input", "--title", "line one\nline two"]);
    assert_stderr_says(&output, "single line");
    assert!(world.record_files().is_empty());
}

#[test]
fn an_unknown_question_set_is_an_error_naming_it() {
    let world = World::new();
    let output = world.run_exit(
        2,
        &["new", "--no-input", "--title", "x", "--set", "nosuchset"],
    );
    let err = stderr(&output);
    assert!(err.contains("nosuchset"), "{err}");
    assert!(err.contains("production"), "lists what exists: {err}");
    assert!(world.record_files().is_empty());
}

/// What `--answers` with the complete answers must store: the sample's
/// answers and metadata.
fn assert_is_the_sample(record: &Value) {
    let sample = sample_record();
    assert_eq!(record["answers"], sample["answers"]);
    for key in ["title", "author", "tags"] {
        assert_eq!(record[key], sample[key], "{key}");
    }
}

#[test]
fn answers_from_a_file_are_stored_field_by_field() {
    let world = World::new();
    let id = world.new_with_answers(&complete_answers());
    assert_is_the_sample(&world.read_record(&id));
    world.cmd().args(["check", &id]).assert().code(0);
}

#[test]
fn answers_from_standard_input() {
    let world = World::new();
    let output = world
        .cmd()
        .args(["new", "--no-input", "--answers", "-"])
        .write_stdin(serde_json::to_vec(&complete_answers()).unwrap())
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let id = stdout(&output).trim().to_string();
    assert!(is_record_id(&id), "{id:?}");
    assert_is_the_sample(&world.read_record(&id));
}

#[test]
fn title_and_author_flags_win_over_the_answers_file() {
    let world = World::new();
    let output = world
        .cmd()
        .args([
            "new",
            "--no-input",
            "--answers",
            "-",
            "--title",
            "From the flag",
            "--author",
            "Sam Okafor",
        ])
        .write_stdin(r#"{"title": "From the file", "author": "Dana Ruiz"}"#)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let record = world.read_record(stdout(&output).trim());
    assert_eq!(record["title"], "From the flag");
    assert_eq!(record["author"], "Sam Okafor");
}

#[test]
fn unknown_is_kept_apart_from_blank() {
    let world = World::new();
    let id = world.new_with_answers(&json!({
        "title": "Unknown versus blank",
        "owner_primary": {"unknown": true, "note": "hiring the on-call lead"},
        "owner_backup": {"unknown": true},
        "premortem": null,
        "summary": "   "
    }));
    let answers = &world.read_record(&id)["answers"];
    assert_eq!(
        answers["owner_primary"],
        json!({"unknown": true, "note": "hiring the on-call lead"})
    );
    assert_eq!(answers["owner_backup"], json!({"unknown": true}));
    let keys: Vec<&String> = answers.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        ["owner_backup", "owner_primary"],
        "null and blank text are stored as absent"
    );
}

#[test]
fn answers_validation_errors_name_the_field_and_write_nothing() {
    // (what is wrong, the answers, words the message must contain)
    let cases: Vec<(&str, Value, Vec<&str>)> = vec![
        (
            "unknown field id",
            json!({"colour": "red"}),
            vec!["\"colour\"", "not in question set"],
        ),
        (
            "number for a text field",
            json!({"mechanism": 42}),
            vec!["\"mechanism\"", "a single line of text"],
        ),
        (
            "bool for a text field",
            json!({"trigger": true}),
            vec!["\"trigger\"", "a single line of text"],
        ),
        (
            "bool for a markdown field",
            json!({"summary": false}),
            vec!["\"summary\"", "text (Markdown)"],
        ),
        (
            "choice value not in options",
            json!({"door": "revolving"}),
            vec!["\"door\"", "\"revolving\"", "two-way, partly, one-way"],
        ),
        (
            "bad date",
            json!({"last_tested": "2026-02-30"}),
            vec!["\"last_tested\"", "not a date"],
        ),
        (
            "date in another format",
            json!({"last_tested": "02/10/2026"}),
            vec!["\"last_tested\"", "YYYY-MM-DD"],
        ),
        (
            "grid row id unknown",
            json!({"cost_grid": {"gpu": {"today": "$10"}}}),
            vec!["\"cost_grid\"", "\"gpu\"", "compute"],
        ),
        (
            "grid column unknown",
            json!({"cost_grid": {"compute": {"tomorrow": "$10"}}}),
            vec!["\"cost_grid\"", "\"tomorrow\""],
        ),
        (
            "list column unknown",
            json!({"failure_modes": [{"component": "Redis", "colour": "red"}]}),
            vec!["\"failure_modes\"", "row 1", "no column \"colour\""],
        ),
        (
            "rating in a list cell not in options",
            json!({"failure_modes": [{"component": "Redis", "severity": "apocalyptic"}]}),
            vec!["\"failure_modes\"", "severity", "\"apocalyptic\""],
        ),
        (
            "list row that is not an object",
            json!({"failure_modes": ["Redis"]}),
            vec!["\"failure_modes\"", "row 1"],
        ),
        (
            "yes/no that is neither",
            json!({"debuggable_by_others": "sideways"}),
            vec!["\"debuggable_by_others\"", "not yes or no"],
        ),
        (
            "multi-line text",
            json!({"mechanism": "flip the flag\nthen wait"}),
            vec!["\"mechanism\"", "single line"],
        ),
        (
            "url that is not a link",
            json!({"runbook": "ask Dana"}),
            vec!["\"runbook\"", "not a link"],
        ),
        (
            "unknown with an unexpected key",
            json!({"owner_primary": {"unknown": true, "who": "x"}}),
            vec!["\"owner_primary\"", "\"who\""],
        ),
        (
            "not an object at all",
            json!(["title", "x"]),
            vec!["JSON object"],
        ),
    ];
    let world = World::new();
    for (what, answers, needles) in cases {
        let output = world.new_titled("Validation", serde_json::to_vec(&answers).unwrap());
        assert_eq!(output.status.code(), Some(2), "{what}");
        assert!(stdout(&output).is_empty(), "{what}: {}", stdout(&output));
        let err = stderr(&output);
        for needle in needles {
            assert!(err.contains(needle), "{what}: {needle:?} not in\n{err}");
        }
        assert!(
            world.record_files().is_empty(),
            "{what}: a record was written"
        );
    }
}

/// Lenient input, strict check: a value followed by a note is accepted and
/// kept whole (and understood: "Mostly" is a yes), a bare placeholder is
/// stored as typed, and the check reports the placeholder as a gap.
#[test]
fn answers_with_notes_and_placeholders_are_kept_and_the_check_reports_them() {
    let world = World::new();
    let mut answers = crate::common::complete_answers();
    answers["last_tested"] = json!("2025-05-13 (in staging)");
    answers["debuggable_by_others"] = json!("Mostly — the runbook covers failover");
    answers["door"] = json!("two-way (the flag covers it)");
    answers["runbook"] = json!("TBD");
    let id = world.new_with_answers(&answers);
    let stored = world.read_record(&id);
    assert_eq!(stored["answers"]["last_tested"], "2025-05-13 (in staging)");
    assert_eq!(
        stored["answers"]["debuggable_by_others"],
        "Mostly — the runbook covers failover"
    );
    assert_eq!(stored["answers"]["runbook"], "TBD");

    let output = world.cmd().args(["check", "--json", &id]).output().unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stdout(&output));
    let body: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let gaps: Vec<&serde_json::Value> = body["records"][0]["sections"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["gaps"].as_array().unwrap())
        .collect();
    assert_eq!(gaps.len(), 1, "only the placeholder runbook: {gaps:#?}");
    assert_eq!(gaps[0]["field"], "runbook");

    let shown = stdout(&world.cmd().args(["show", &id]).output().unwrap());
    assert!(shown.contains("2025-05-13 (in staging)"), "{shown}");
    assert!(
        shown.contains("Mostly — the runbook covers failover"),
        "{shown}"
    );
}

#[test]
fn every_problem_in_an_answers_file_is_reported_at_once() {
    let world = World::new();
    let file = world.root().join("bad-answers.json");
    fs::write(
        &file,
        r#"{"door": "revolving", "last_tested": "next sprint", "summary": "fine"}"#,
    )
    .unwrap();
    let output = world
        .cmd()
        .args(["new", "--no-input", "--title", "x", "--answers"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(err.contains(&file.display().to_string()), "{err}");
    assert!(err.contains("2 problems"), "{err}");
    assert!(
        err.contains("\"door\"") && err.contains("\"last_tested\""),
        "{err}"
    );
    assert!(world.record_files().is_empty());
}

#[test]
fn answers_that_are_not_json_give_the_position() {
    let world = World::new();
    let file = world.root().join("broken.json");
    fs::write(&file, "{\n  \"title\": \"x\",\n  oops\n}\n").unwrap();
    let expected = serde_json::from_str::<Value>(&fs::read_to_string(&file).unwrap())
        .expect_err("the fixture is broken JSON");
    let output = world
        .cmd()
        .args(["new", "--no-input", "--answers"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    let position = format!(
        "{}:{}:{}",
        file.display(),
        expected.line(),
        expected.column()
    );
    assert!(err.contains(&position), "{position} not in {err}");
    assert!(world.record_files().is_empty());
}

#[test]
fn a_missing_answers_file_is_an_error_naming_it() {
    let world = World::new();
    let missing = world.root().join("nope.json");
    let output = world
        .cmd()
        .args(["new", "--no-input", "--title", "x", "--answers"])
        .arg(&missing)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_stderr_says(&output, &missing.display().to_string());
    assert!(world.record_files().is_empty());
}
