//! Record files preflight cannot use, beyond those in `commands::corrupt`:
//! empty, cut short, the wrong shape, a field of the wrong type, not UTF-8,
//! raw control bytes, 50 MB, read-only. Each is named with its path (and
//! line and column, or field, where there is one), exits 2 when asked for,
//! is skipped with a warning by `list`, and is never rewritten.

use std::fs;

use serde_json::{Value, json};

use super::tree;
use crate::common::{World, assert_stderr_says, record_fixture, stderr, stdout};

const ID: &str = "bad0000000000000";

/// A valid record file's text for `ID`, with `change` applied.
fn record_text(change: impl FnOnce(&mut Value)) -> String {
    let mut record = record_fixture(ID, "Broken on purpose");
    change(&mut record);
    serde_json::to_string_pretty(&record).unwrap()
}

/// Broken files: (what, bytes, what the message must say).
fn broken() -> Vec<(&'static str, Vec<u8>, String)> {
    let valid = record_text(|_| {});
    let mut with_bom = "\u{feff}".as_bytes().to_vec();
    with_bom.extend_from_slice(b"[");
    let mut not_utf8 = valid.clone().into_bytes();
    let at = valid.find("Broken").unwrap();
    not_utf8[at] = 0xff;
    let line = valid[..at].matches('\n').count() + 1;
    let column = at - valid[..at].rfind('\n').map_or(0, |i| i + 1) + 1;
    vec![
        ("empty", Vec::new(), "the file is empty".into()),
        ("blank", b"  \n\n".to_vec(), "the file is empty".into()),
        (
            "cut short",
            valid.as_bytes()[..valid.len() / 2].to_vec(),
            "ends too early, as if cut short".into(),
        ),
        (
            "an array",
            b"[1, 2, 3]\n".to_vec(),
            "holds an array, not a record".into(),
        ),
        (
            "a string",
            b"\"a record\"".to_vec(),
            "holds a string, not a record".into(),
        ),
        ("null", b"null".to_vec(), "holds null, not a record".into()),
        (
            "a title that is a number",
            record_text(|r| r["title"] = json!(5)).into_bytes(),
            "field title: invalid type: integer `5`".into(),
        ),
        (
            "an answer that is a number",
            record_text(|r| r["answers"] = json!({"summary": 5})).into_bytes(),
            "field answers.summary: a number is not an answer".into(),
        ),
        (
            "an unknown status",
            record_text(|r| r["status"] = json!("maybe")).into_bytes(),
            "field status: unknown variant `maybe`".into(),
        ),
        (
            "a link to a path",
            record_text(|r| {
                r["links"] = json!([{"kind": "amends", "target": "../../etc/passwd"}]);
            })
            .into_bytes(),
            "field links[0].target: record id \"../../etc/passwd\"".into(),
        ),
        (
            "a bad date",
            record_text(|r| r["created"] = json!("yesterday")).into_bytes(),
            "field created:".into(),
        ),
        (
            "not UTF-8",
            not_utf8,
            format!(":{line}:{column}: not a valid record: byte 0xFF is not UTF-8 text"),
        ),
        (
            "a raw NUL byte in a string",
            record_text(|_| {})
                .replace("Broken on purpose", "Broken\0on purpose")
                .into_bytes(),
            "control character".into(),
        ),
        (
            "a byte-order mark before broken JSON",
            with_bom,
            "ends too early".into(),
        ),
    ]
}

#[test]
fn broken_record_files_are_named_refused_and_left_untouched() {
    for (what, bytes, message) in broken() {
        let world = World::new();
        let good = world.new_record("A good record");
        let path = world.record_path(ID);
        fs::write(&path, &bytes).unwrap();
        let before = tree(world.root());

        for args in [
            vec!["show", ID],
            vec!["export", ID],
            vec!["check", ID],
            vec!["status", ID, "accepted"],
        ] {
            let output = world.cmd().args(&args).output().unwrap();
            let err = stderr(&output);
            assert_eq!(output.status.code(), Some(2), "{what}: {args:?}: {err}");
            assert!(
                err.contains(&path.display().to_string()),
                "{what}: {args:?}: the file is named: {err}"
            );
            assert!(
                err.contains(&message),
                "{what}: {args:?}: {message:?} in {err}"
            );
            assert!(!err.contains("panicked"), "{what}: {err}");
        }

        // Listed all the same, with an exit code that says a file was skipped.
        let output = world.cmd().arg("list").output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{what}");
        assert!(stdout(&output).contains("A good record"), "{what}");
        let err = stderr(&output);
        assert!(err.contains("warning: skipped"), "{what}: {err}");
        assert!(err.contains(&message), "{what}: {err}");

        // `check` of the whole store reports it and still checks the rest.
        let output = world.cmd().arg("check").output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{what}");
        assert!(stdout(&output).contains(&good), "{what}");

        assert_eq!(tree(world.root()), before, "{what}: nothing was written");
        assert_eq!(
            fs::read(&path).unwrap(),
            bytes,
            "{what}: the file is as it was"
        );
    }
}

#[test]
fn a_store_holding_only_broken_files_does_not_say_no_records_yet() {
    let world = World::new();
    fs::create_dir_all(world.records()).unwrap();
    fs::write(world.record_path(ID), "").unwrap();
    let output = world.cmd().arg("list").output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let out = stdout(&output);
    assert!(
        out.contains("No record could be read: 1 file skipped (see the warnings)."),
        "{out}"
    );
    assert!(!out.contains("No records yet"), "{out}");
}

#[test]
fn a_byte_order_mark_before_a_valid_record_is_read() {
    let world = World::new();
    fs::create_dir_all(world.records()).unwrap();
    let text = format!("\u{feff}{}", record_text(|_| {}));
    fs::write(world.record_path(ID), &text).unwrap();
    let output = world.cmd().args(["show", ID]).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stdout(&output).contains("Broken on purpose"));
}

#[test]
fn an_escaped_nul_and_escape_in_a_record_never_reach_the_output() {
    let world = World::new();
    let mut record = record_fixture(ID, "a\u{0}b\u{1b}[31m red");
    record["answers"] = json!({ "summary": "x\u{0}y\u{1b}]0;title\u{7}", "mechanism": "\u{0}" });
    world.write_record(&record);
    for args in [
        vec!["show", ID],
        vec!["list"],
        vec!["export", ID],
        vec!["export", ID, "--format", "html"],
        vec!["check", ID],
    ] {
        let output = world.cmd().args(&args).output().unwrap();
        assert!(output.status.code() == Some(0) || output.status.code() == Some(1));
        assert!(
            !output.stdout.contains(&0) && !output.stdout.contains(&0x1b),
            "{args:?}: a NUL or ESC byte reached standard output"
        );
    }
}

#[test]
fn a_50_mb_record_file_is_refused_without_being_read() {
    let world = World::new();
    world.new_record("A good record");
    let mut record = record_fixture(ID, "Fifty megabytes");
    record["answers"] = json!({ "summary": "x".repeat(50 * 1024 * 1024) });
    let path = world.write_record(&record);
    let before = tree(world.root());
    let size = fs::metadata(&path).unwrap().len();
    assert!(size > 50 * 1024 * 1024);

    for args in [vec!["show", ID], vec!["export", ID]] {
        let output = world.cmd().args(&args).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let err = stderr(&output);
        assert!(err.contains(&path.display().to_string()), "{err}");
        assert!(
            err.contains("50.0 MB is larger than the 16.0 MB a record file may be"),
            "{err}"
        );
    }
    let output = world.cmd().arg("list").output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(stdout(&output).contains("A good record"));
    assert!(stderr(&output).contains("50.0 MB"));

    let out = world.root().join("wiki");
    let output = world
        .cmd()
        .args(["export", "--all", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "a skipped file is an error");
    assert_stderr_says(&output, "skipped");
    assert!(
        out.join("a-good-record.md").is_file(),
        "the rest is exported"
    );

    let after = tree(world.root());
    assert_eq!(
        after.get(&path),
        before.get(&path),
        "the big file is untouched"
    );
}

#[test]
fn a_read_only_record_file_is_not_replaced() {
    let world = World::new();
    let id = world.new_record("Frozen");
    let other = world.new_record("Another");
    let path = world.record_path(&id);
    let mut permissions = fs::metadata(&path).unwrap().permissions();
    permissions.set_readonly(true);
    fs::set_permissions(&path, permissions).unwrap();
    let before = fs::read(&path).unwrap();

    for args in [
        vec!["status", id.as_str(), "accepted"],
        vec!["link", id.as_str(), "relates-to", other.as_str()],
    ] {
        let output = world.cmd().args(&args).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let err = stderr(&output);
        assert!(err.contains(&path.display().to_string()), "{err}");
        assert!(err.contains("is read-only"), "{err}");
    }
    assert_eq!(fs::read(&path).unwrap(), before);
    assert!(fs::metadata(&path).unwrap().permissions().readonly());
    let mut expected = vec![format!("{id}.json"), format!("{other}.json")];
    expected.sort();
    assert_eq!(world.record_files(), expected, "no temp or lock file left");
}
