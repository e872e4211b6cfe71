//! A reader that goes away (`preflight list | head -1`) must not make
//! preflight panic or complain: it stops quietly.

use std::fs;
use std::process::{Command, Stdio};

use serde_json::json;

use crate::common::{BIN, World, path_for, record_fixture, stderr};

/// Far more output than a pipe buffers (64 KiB on Linux), so the writer
/// must meet the closed pipe whatever the timing.
const BIG: usize = 512 * 1024;

#[test]
fn export_into_a_closed_pipe_exits_quietly() {
    let world = World::new();
    let mut record = record_fixture("b1g0000000000000", "A very long record");
    record["answers"] = json!({ "summary": "A long summary line.\n\n".repeat(BIG / 22) });
    world.write_record(&record);

    let mut cmd = Command::new(BIN);
    world.configure(&mut cmd);
    let mut child = cmd
        .env("PREFLIGHT_STORE", world.store())
        .args(["export", "b1g0000000000000"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn preflight");
    // Close the read end before reading anything.
    drop(child.stdout.take());
    let output = child.wait_with_output().expect("wait for preflight");

    let err = stderr(&output);
    assert!(!err.contains("panicked"), "panic on a closed pipe: {err}");
    assert!(err.is_empty(), "a closed pipe is not an error: {err}");
    assert_eq!(output.status.code(), Some(0), "{err}");
}

#[test]
fn list_piped_into_head_prints_one_line_and_no_error() {
    let test = "list_piped_into_head_prints_one_line_and_no_error";
    let Some(path) = path_for(test, "sh and head") else {
        return;
    };
    let world = World::new();
    fs::create_dir_all(world.records()).unwrap();
    // About 100 bytes a line: enough lines to overflow the pipe buffer.
    let count = BIG / 100;
    for n in 0..count {
        let id = format!("p{n:015}");
        let title = format!("Record number {n} with a title long enough to fill the line");
        fs::write(
            world.record_path(&id),
            serde_json::to_vec(&record_fixture(&id, &title)).unwrap(),
        )
        .unwrap();
    }

    let mut cmd = Command::new("sh");
    world.configure(&mut cmd);
    let output = cmd
        .env("PATH", path)
        .env("PREFLIGHT_STORE", world.store())
        .arg("-c")
        .arg(r#"{ "$0" list; echo "preflight exit $?" >&2; } | head -1"#)
        .arg(BIN)
        .output()
        .expect("run sh");
    assert!(output.status.success());
    let out = crate::common::stdout(&output);
    assert_eq!(
        out,
        format!(
            "Store: {} (from PREFLIGHT_STORE)\n",
            world.store().display()
        )
    );
    let err = stderr(&output);
    assert_eq!(err, "preflight exit 0\n", "no panic and no complaint");
}
