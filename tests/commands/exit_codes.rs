//! Errors by kind: a user's mistake and a bad file exit 2, a bug exits 70
//! and asks for a report, a closed pipe exits 0 quietly (see `pipe`). The
//! mapping itself is unit-tested in `cli::output`; these run the binary.

use crate::common::{World, stderr, stdout};

#[test]
fn a_bug_in_a_command_exits_70_and_asks_for_a_bug_report() {
    let world = World::new();
    let before = world.record_files();
    let output = world
        .cmd()
        .env("PREFLIGHT_TEST_PANIC", "command")
        .arg("list")
        .output()
        .unwrap();
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(70), "{err}");
    assert!(
        err.contains("preflight: internal error: a command panicked: test panic"),
        "{err}"
    );
    assert!(
        err.contains("This is a bug in preflight, not something you did: please report it"),
        "{err}"
    );
    assert!(stdout(&output).is_empty(), "{}", stdout(&output));
    assert_eq!(world.record_files(), before, "nothing written");
}

#[test]
fn a_users_mistake_exits_2_without_asking_for_a_bug_report() {
    let world = World::new();
    let output = world.cmd().args(["new", "--no-input"]).output().unwrap();
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{err}");
    assert!(err.contains("a record needs a title"), "{err}");
    assert!(!err.contains("bug"), "{err}");
}
