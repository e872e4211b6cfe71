//! Terminal safety: a panic inside the TUI (forced with the test-only
//! `PREFLIGHT_TEST_PANIC` hook, in `update` and while drawing) and SIGHUP
//! give back the whole terminal and keep what was typed. Mouse reports are
//! switched on for these runs, so "restored" covers them too; the checks
//! (alternate screen, raw mode, bracketed paste, mouse reports, cursor) are
//! in `pty::assert_terminal_restored`, on both the bytes written and the
//! vt100 screen state.
//!
//! The clock is frozen, so autosave never runs: what is on disk was written
//! by the exit path under test.

use serde_json::json;

use crate::common::World;
use crate::pty::{Term, assert_terminal_restored, key};

/// Mouse reports on, so the tests see them switched off again.
const MOUSE_ON: (&str, &str) = ("PREFLIGHT_MOUSE", "true");

/// A new record with a title and half a summary typed (not yet saved).
fn type_title_and_half_a_summary(term: &mut Term) {
    term.wait_for("type a title to start");
    assert!(
        term.output()
            .windows(crate::pty::seq::MOUSE_MODES[0].0.len())
            .any(|w| w == crate::pty::seq::MOUSE_MODES[0].0),
        "mouse reports are on for this test"
    );
    term.type_line("Written before the crash");
    term.press(key::ENTER, "▶ Summary");
    term.type_lines(&["Half a senten"]);
    term.wait_for("editing…");
}

fn panic_restores_the_terminal_and_saves(mode: &str) {
    let world = World::new();
    let mut term = world.spawn_frozen_new(&[("PREFLIGHT_TEST_PANIC", mode), MOUSE_ON]);
    type_title_and_half_a_summary(&mut term);
    assert!(
        !world.record_files().iter().any(|f| f.ends_with(".json")),
        "nothing is saved before the panic"
    );

    term.send(key::F12);
    let status = term.wait_exit();
    assert!(
        status.signal().is_none(),
        "the panic is caught, not an abort: {status:?}"
    );
    assert_eq!(status.exit_code(), 2, "a panic exits 2: {status:?}");
    assert_terminal_restored(&term);
    let screen = term.screen();
    assert!(
        screen.contains("preflight hit a bug and stopped; your record was saved."),
        "back on the normal screen, the user is told; screen:\n{screen}"
    );
    assert!(
        screen.contains("test panic"),
        "the panic message is there to report; screen:\n{screen}"
    );

    // `only_record` also fails on a lock file left behind: the lock was
    // released on the way out.
    let record = world.only_record();
    assert_eq!(record["title"], "Written before the crash");
    assert_eq!(record["answers"], json!({ "summary": "Half a senten" }));
}

#[test]
fn a_panic_while_handling_a_key_restores_the_terminal_and_saves() {
    panic_restores_the_terminal_and_saves("1");
}

#[test]
fn a_panic_while_drawing_restores_the_terminal_and_saves() {
    panic_restores_the_terminal_and_saves("draw");
}

/// F12 is an ordinary key unless the test hook is set.
#[test]
fn without_the_hook_f12_does_nothing() {
    let world = World::new();
    let mut term = world.spawn_frozen_new(&[]);
    term.wait_for("type a title to start");
    term.send(key::F12);
    term.type_line("Still running");
    assert!(term.quit().success());
    assert_eq!(world.only_record()["title"], "Still running");
}

#[test]
fn sighup_in_the_row_editor_restores_the_terminal_and_saves_the_cell() {
    let world = World::new();
    let mut term = world.spawn_frozen_new(&[MOUSE_ON]);
    type_title_and_half_a_summary(&mut term);
    term.press(key::PG_DN, "▶ Failure modes");
    term.type_answer("a", "Tab next · Esc done", "Queue brok");

    term.signal("HUP");
    let status = term.wait_exit();
    assert!(status.success(), "SIGHUP saves and exits 0: {status:?}");
    assert_terminal_restored(&term);
    let record = world.only_record();
    assert_eq!(record["title"], "Written before the crash");
    assert_eq!(
        record["answers"],
        json!({
            "summary": "Half a senten",
            "failure_modes": [{ "component": "Queue brok" }]
        })
    );
}

/// The restore check itself catches a terminal left with a hidden cursor
/// or live mouse reports (so the tests above cannot pass vacuously).
#[test]
fn the_restore_check_catches_what_a_bad_exit_leaves() {
    use crate::pty::assert_output_restores;
    let good: &[u8] = b"\x1b[?1049h\x1b[?2004h\x1b[?1000h\x1b[?1006h\x1b[?25l\
        \x1b[?1006l\x1b[?1000l\x1b[?2004l\x1b[?1049l\x1b[?25h";
    assert_output_restores(good);
    let cursor_hidden: &[u8] = b"\x1b[?1049h\x1b[?2004h\x1b[?25l\x1b[?2004l\x1b[?1049l";
    let mouse_left_on: &[u8] = b"\x1b[?1049h\x1b[?2004h\x1b[?1000h\x1b[?2004l\x1b[?1049l";
    for bad in [cursor_hidden, mouse_left_on] {
        let caught = std::panic::catch_unwind(|| assert_output_restores(bad));
        assert!(caught.is_err(), "{:?} passed", String::from_utf8_lossy(bad));
    }
}
