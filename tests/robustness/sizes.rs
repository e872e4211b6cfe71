//! Big inputs, generated in the test: a question set with 1,000 fields, a
//! list answer with 10,000 rows, answers from an endless stream and from a
//! file over the size limit. Big but valid data works end to end; data
//! over the limit is refused by name before it is read.

use std::fs;

use serde_json::{Value, json};

use super::tree;
use crate::common::{World, assert_stderr_says, assert_stdout_says, stderr, stdout};

#[test]
fn a_question_set_with_1000_fields_works_end_to_end() {
    let world = World::new();
    let mut sections = vec![json!({
        "id": "basics",
        "title": "Basics",
        "fields": [{ "id": "title", "label": "Title", "kind": "text", "bind": "title", "required": true }]
    })];
    let mut answers = serde_json::Map::new();
    answers.insert("title".into(), json!("A thousand answers"));
    for s in 0..10 {
        let fields: Vec<Value> = (0..100)
            .map(|f| {
                let id = format!("f{s}_{f}");
                answers.insert(id.clone(), json!(format!("answer {s}.{f}")));
                json!({ "id": id, "label": format!("Field {s}.{f}"), "kind": "text", "required": true })
            })
            .collect();
        sections
            .push(json!({ "id": format!("s{s}"), "title": format!("Part {s}"), "fields": fields }));
    }
    let set =
        json!({ "format": 1, "id": "huge", "name": "Huge", "version": "1", "sections": sections });
    fs::create_dir_all(world.store_sets()).unwrap();
    fs::write(world.store_sets().join("huge.json"), set.to_string()).unwrap();

    let output = world.cmd().arg("sets").output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stdout(&output).contains("huge  Huge 1  (11 sections"));

    let file = world.root().join("answers.json");
    fs::write(&file, Value::Object(answers).to_string()).unwrap();
    let output = world
        .cmd()
        .args(["new", "--no-input", "--set", "huge", "--answers"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let id = stdout(&output).trim().to_string();
    assert_eq!(
        world.read_record(&id)["answers"].as_object().unwrap().len(),
        1000
    );

    world.cmd().args(["check", &id]).assert().code(0);
    let output = world.cmd().args(["export", &id]).output().unwrap();
    let markdown = stdout(&output);
    assert_eq!(
        markdown.matches("\n- **Field ").count(),
        1000,
        "every field exported"
    );
    let output = world.cmd().args(["show", &id]).output().unwrap();
    assert!(stdout(&output).contains("answer 9.99"));
}

#[test]
fn a_list_with_10000_rows_round_trips_and_exports() {
    let world = World::new();
    let rows: Vec<Value> = (0..10_000)
        .map(|n| json!({ "component": format!("part {n} | <b>"), "severity": "high", "detection": format!("alert {n}") }))
        .collect();
    let id =
        world.new_with_answers(&json!({ "title": "Ten thousand rows", "failure_modes": rows }));
    let record = world.read_record(&id);
    assert_eq!(
        record["answers"]["failure_modes"].as_array().unwrap().len(),
        10_000
    );
    assert_eq!(
        record["answers"]["failure_modes"][9_999]["component"],
        "part 9999 | <b>"
    );

    let output = world.run_exit(0, &["export", &id]);
    let markdown = stdout(&output);
    let table_rows = markdown
        .lines()
        .filter(|l| l.starts_with("| part "))
        .count();
    assert_eq!(table_rows, 10_000, "one table row each");
    assert!(
        markdown.contains("| part 9999 &#124; &lt;b&gt; |"),
        "escaped in its cell"
    );

    let output = world
        .cmd()
        .args(["export", &id, "--format", "html"])
        .output()
        .unwrap();
    assert_eq!(
        stdout(&output).matches("<td>part ").count(),
        10_000,
        "one row each"
    );
    world.cmd().args(["check", &id]).assert().code(1);
    world.cmd().args(["show", &id]).assert().success();
}

#[cfg(target_os = "linux")]
#[test]
fn answers_from_an_endless_stream_stop_at_the_limit() {
    let world = World::new();
    let before = tree(world.root());
    let output = world.run_exit(2, &["new", "--no-input", "--answers", "/dev/zero"]);
    let err = stderr(&output);
    assert!(
        err.contains(
            "cannot read answers file /dev/zero: it holds more than the 16.0 MB preflight reads"
        ),
        "{err}"
    );
    assert_eq!(tree(world.root()), before, "no record was made");
}

#[test]
fn answers_or_a_template_over_the_limit_are_refused_before_reading() {
    let world = World::new();
    let id = world.new_record("Target");
    let big = world.root().join("big.json");
    // A sparse file: 17 MB to the file system, nothing to write.
    fs::File::create(&big)
        .unwrap()
        .set_len(17 * 1024 * 1024)
        .unwrap();
    let before = tree(world.root());
    let output = world
        .cmd()
        .args(["new", "--no-input", "--answers"])
        .arg(&big)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(err.contains(&big.display().to_string()), "{err}");
    assert!(
        err.contains("it is 17.0 MB, more than the 16.0 MB preflight reads"),
        "{err}"
    );

    let output = world
        .cmd()
        .args(["export", &id, "--template"])
        .arg(&big)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_stderr_says(&output, "17.0 MB");
    assert_eq!(tree(world.root()), before);
}

#[test]
fn a_question_set_file_over_the_limit_or_not_utf8_is_skipped_by_name() {
    let world = World::new();
    fs::create_dir_all(world.store_sets()).unwrap();
    let big = world.store_sets().join("big.json");
    fs::File::create(&big)
        .unwrap()
        .set_len(17 * 1024 * 1024)
        .unwrap();
    let latin1 = world.store_sets().join("latin1.json");
    fs::write(&latin1, b"{\n  \"name\": \"Caf\xe9\"\n}").unwrap();
    let output = world.cmd().arg("sets").output().unwrap();
    assert_eq!(
        output.status.code(),
        Some(2),
        "a broken set file is an error"
    );
    assert!(
        stdout(&output).contains("production"),
        "the built-in set is still there"
    );
    let err = stderr(&output);
    assert!(
        err.contains(&big.display().to_string()) && err.contains("17.0 MB"),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "{}:2:15: byte 0xE9 is not UTF-8 text",
            latin1.display()
        )),
        "{err}"
    );
}

/// Nested block quotes and lists cost O(depth²) to write as Markdown (each
/// line repeats every prefix); past the depth limit an answer is exported
/// as text, so the export grows with the answer, not its square. 4,000
/// levels keep the test quick before the fix too (about 24 MB of Markdown
/// then; 16,000 made 384 MB).
#[test]
fn deeply_nested_answers_export_in_linear_size_and_the_check_says_so() {
    let world = World::new();
    for answer in [">".repeat(4_000), "- ".repeat(4_000) + "deep"] {
        let id = world.new_with_answers(&json!({ "title": "Deep", "premortem": answer }));
        for format in ["md", "html"] {
            let output = world
                .cmd()
                .args(["export", &id, "--format", format])
                .output()
                .unwrap();
            assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
            assert!(
                output.stdout.len() < 200_000,
                "{format}: {} bytes for a {}-byte answer",
                output.stdout.len(),
                answer.len()
            );
        }
        let output = world.cmd().args(["check", &id]).output().unwrap();
        assert_stdout_says(&output, "more than 16 levels deep");
    }
}
