//! Leaving without Ctrl-Q: SIGTERM, SIGHUP, SIGINT and a panic still save
//! what was typed and give the terminal back. The clock is frozen so
//! autosave cannot run: whatever is on disk was written by the exit path
//! under test.

use serde_json::json;

use super::{assert_terminal_restored, key};
use crate::common::World;

/// Types a title and half a summary, sends `signal`, and checks the
/// record holds exactly that and the terminal was restored.
fn signal_saves_partial_typing(signal: &str) {
    let world = World::new();
    let mut term = world.spawn_frozen_new(&[]);
    term.start_record("Half-written proposal");
    term.press(key::ENTER, "▶ Summary");
    term.type_lines(&["First line of the summary", "Second li"]);
    term.wait_for("editing…");
    assert!(
        !world.record_files().iter().any(|f| f.ends_with(".json")),
        "nothing is saved before the signal: {:?}",
        world.record_files()
    );

    term.signal(signal);
    let status = term.wait_exit();
    assert!(
        status.signal().is_none(),
        "SIG{signal} is handled, not fatal: {status:?}"
    );
    assert!(status.success(), "SIG{signal} exits 0, got {status:?}");
    assert_terminal_restored(&term);

    let record = world.only_record();
    assert_eq!(record["title"], "Half-written proposal");
    assert_eq!(
        record["answers"],
        json!({ "summary": "First line of the summary\nSecond li" })
    );
}

#[test]
fn sigterm_mid_typing_saves_and_exits() {
    signal_saves_partial_typing("TERM");
}

#[test]
fn sighup_mid_typing_saves_and_exits() {
    signal_saves_partial_typing("HUP");
}

/// In raw mode Ctrl-C is a key; SIGINT only comes from outside (`kill
/// -INT`, a script), and is handled like SIGTERM.
#[test]
fn sigint_mid_typing_saves_and_exits() {
    signal_saves_partial_typing("INT");
}

#[test]
fn panic_saves_the_record_and_leaves_the_alternate_screen() {
    let world = World::new();
    let mut term = world.spawn_frozen_new(&[("PREFLIGHT_TEST_PANIC", "1")]);
    term.start_record("Title typed before the crash");
    term.wait_for("editing…");

    term.send(key::F12);
    let status = term.wait_exit();
    assert!(!status.success(), "a panic exits non-zero, got {status:?}");
    assert!(
        status.signal().is_none(),
        "the panic is caught, not an abort: {status:?}"
    );

    assert_terminal_restored(&term);
    // Back on the normal screen, the user is told what happened.
    let screen = term.screen();
    assert!(
        screen.contains("your record was saved"),
        "the message says the record was saved; screen:\n{screen}"
    );

    let record = world.only_record();
    assert_eq!(record["title"], "Title typed before the crash");
}

/// Closing the terminal (the window, or a dropped ssh session) must save
/// what was typed, release the record's lock and exit; it once spun forever
/// inside crossterm's `poll` (crossterm-rs/crossterm#793).
#[test]
fn closing_the_terminal_saves_and_exits() {
    let world = World::new();
    let mut term = world.spawn_frozen_new(&[]);
    term.start_record("Written before the window closed");
    term.press(key::ENTER, "▶ Summary");
    term.type_lines(&["Half a thou"]);

    // F2 only hides the guidance: a redraw that changes nothing.
    term.hang_up(key::F2);
    let status = term.wait_exit();
    assert!(
        status.signal().is_none(),
        "the hang-up is handled, not fatal: {status:?}"
    );

    let record = world.only_record();
    assert_eq!(record["title"], "Written before the window closed");
    assert_eq!(record["answers"], json!({ "summary": "Half a thou" }));
}
