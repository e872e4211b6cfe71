//! Record files preflight cannot use: corrupt JSON, a newer schema, no
//! schema, an id that does not match the file name. Each is reported with
//! its path, never rewritten, and does not hide the other records.

use std::fs;

use serde_json::{Value, json};

use crate::common::{World, assert_stderr_says, record_fixture, stderr, stdout};

const CORRUPT: &str =
    "{\n  \"schema\": 1,\n  \"id\": \"zzzz000000000000\",\n  \"title\": unquoted text\n}\n";

#[test]
fn a_corrupt_record_is_reported_with_line_and_column_and_left_untouched() {
    let world = World::new();
    let good = world.new_record("A good record");
    let other = world.new_record("Another good record");
    let corrupt = world.records().join("zzzz000000000000.json");
    fs::write(&corrupt, CORRUPT).unwrap();
    let parse_error = serde_json::from_str::<Value>(CORRUPT).expect_err("fixture is corrupt");
    let position = format!(
        "{}:{}:{}",
        corrupt.display(),
        parse_error.line(),
        parse_error.column()
    );

    // The rest is listed, and the exit code says a file was skipped.
    let output = world.cmd().arg("list").output().unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let out = stdout(&output);
    assert!(out.contains("A good record") && out.contains("Another good record"));
    let err = stderr(&output);
    assert!(err.contains(&position), "{position} not in {err}");
    assert!(err.contains("warning"), "{err}");

    let items: Value = serde_json::from_slice(
        &world
            .cmd()
            .args(["list", "--json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert_eq!(items.as_array().unwrap().len(), 2);

    let output = world.cmd().arg("check").output().unwrap();
    assert_eq!(
        output.status.code(),
        Some(2),
        "check fails on a corrupt file"
    );
    assert_stderr_says(&output, &position);
    assert!(
        stdout(&output).contains("A good record"),
        "others still checked"
    );

    let output = world.run_exit(2, &["check", "--json"]);
    let body: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(body["records"].as_array().unwrap().len(), 2);
    assert!(
        body["errors"][0]
            .as_str()
            .unwrap()
            .contains(&corrupt.display().to_string())
    );

    // The good ones still open one by one; the corrupt one says why not.
    world.cmd().args(["show", &good]).assert().success();
    world.cmd().args(["export", &other]).assert().success();
    let output = world.run_exit(2, &["show", "zzzz"]);
    assert_stderr_says(&output, &position);

    assert_eq!(
        fs::read_to_string(&corrupt).unwrap(),
        CORRUPT,
        "the file is not touched"
    );
}

#[test]
fn a_record_from_a_newer_preflight_is_refused_clearly() {
    let world = World::new();
    world.new_record("Today's record");
    let mut newer = record_fixture("n3w3r00000000000", "From the future");
    newer["schema"] = json!(99);
    // A future version may well change fields this one knows.
    newer["status"] = json!("in-review");
    newer["answers"] = json!({"summary": {"rich": "text"}});
    let path = world.write_record(&newer);
    let before = fs::read(&path).unwrap();

    for args in [
        vec!["show", "n3w3r"],
        vec!["export", "n3w3r"],
        vec!["check"],
    ] {
        let output = world.cmd().args(&args).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let err = stderr(&output);
        assert!(err.contains("newer preflight"), "{args:?}: {err}");
        assert!(err.contains("schema 99"), "{args:?}: {err}");
        assert!(err.contains(&path.display().to_string()), "{args:?}: {err}");
    }
    let output = world.cmd().arg("list").output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(stdout(&output).contains("Today's record"));
    assert!(stderr(&output).contains("newer preflight"));
    assert_eq!(fs::read(&path).unwrap(), before, "never rewritten");
}

#[test]
fn a_json_file_without_a_schema_is_not_a_record() {
    let world = World::new();
    let path = world.records().join("n0tar3c0rd000000.json");
    fs::create_dir_all(world.records()).unwrap();
    fs::write(&path, "{\"hello\": \"world\"}\n").unwrap();
    let output = world.run_exit(2, &["show", "n0tar"]);
    let err = stderr(&output);
    assert!(err.contains(&path.display().to_string()), "{err}");
    assert!(err.contains("not a preflight record"), "{err}");
}

#[test]
fn a_record_whose_id_does_not_match_its_file_name_is_reported() {
    let world = World::new();
    let path = world.records().join("c0py000000000000.json");
    fs::create_dir_all(world.records()).unwrap();
    fs::write(
        &path,
        serde_json::to_vec_pretty(&record_fixture("0r1g1na1", "Copied by hand")).unwrap(),
    )
    .unwrap();
    let output = world.run_exit(2, &["show", "c0py"]);
    let err = stderr(&output);
    assert!(err.contains("0r1g1na1"), "{err}");
    assert!(err.contains("does not match its file name"), "{err}");
}
