//! A reader that goes away (`preflight list | head -1`) must not make
//! preflight panic or complain: it stops quietly.

use std::fs;

use serde_json::json;

use crate::common::{World, path_for, record_fixture, stderr};

/// Far more output than a pipe buffers (64 KiB on Linux), so the writer
/// must meet the closed pipe whatever the timing.
const BIG: usize = 512 * 1024;

#[test]
fn export_into_a_closed_pipe_exits_quietly() {
    let world = World::new();
    let mut record = record_fixture("b1g0000000000000", "A very long record");
    record["answers"] = json!({ "summary": "A long summary line.\n\n".repeat(BIG / 22) });
    world.write_record(&record);

    let output = world.run_into_closed_pipe(&["export", "b1g0000000000000"]);

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

    let output = world.sh::<&str>(
        Some(&path),
        r#"{ "$0" list; echo "preflight exit $?" >&2; } | head -1"#,
        &[],
    );
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
