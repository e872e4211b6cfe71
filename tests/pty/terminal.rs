//! The terminal itself: given back on quit and on SIGTERM, required (no TTY
//! is a usage error), and a too-small one recovers when it grows.

use std::process::Stdio;

use super::{Term, assert_terminal_restored};
use crate::common::World;

/// Starts the home screen and checks the terminal is in raw mode.
fn home(world: &World) -> Term {
    let mut term = world.spawn(&[]);
    term.wait_for("Welcome to preflight");
    if let Some(raw) = term.raw_mode() {
        assert!(raw, "the TUI runs in raw mode");
    }
    term
}

/// Checks the program restored the terminal when it left.
fn assert_restored(term: &Term) {
    assert_terminal_restored(term);
    let screen = term.screen();
    assert!(
        !screen.contains("Welcome to preflight"),
        "the normal screen is back; screen:\n{screen}"
    );
}

#[test]
fn ctrl_q_restores_the_terminal() {
    let world = World::new();
    let mut term = home(&world);
    term.quit_cleanly();
    assert_restored(&term);
}

#[test]
fn sigterm_restores_the_terminal() {
    let world = World::new();
    let mut term = home(&world);
    term.signal("TERM");
    let status = term.wait_exit();
    assert!(status.success(), "SIGTERM exits 0, got {status:?}");
    assert_restored(&term);
}

#[test]
fn without_a_terminal_it_points_at_the_script_commands() {
    let world = World::new();
    for args in [&[][..], &["new"], &["new", "--title", "Piped"]] {
        let output = world
            .live_command()
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .output()
            .expect("run preflight");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: no TTY is a usage error (2); stderr: {stderr}"
        );
        assert!(
            stderr.contains("needs an interactive terminal"),
            "{args:?}: stderr says why: {stderr}"
        );
        for command in [
            "preflight new --no-input",
            "preflight list",
            "preflight export",
        ] {
            assert!(
                stderr.contains(command),
                "{args:?}: stderr mentions `{command}`: {stderr}"
            );
        }
        assert!(
            output.stdout.is_empty(),
            "{args:?}: nothing (no escape codes) on stdout: {:?}",
            String::from_utf8_lossy(&output.stdout)
        );
    }
    assert_eq!(
        world.record_files(),
        Vec::<String>::new(),
        "no record, lock or temp file is left"
    );
}

#[test]
fn too_small_terminal_recovers_when_resized() {
    let world = World::new();
    let mut term = world.spawn_with(&[], 40, 10, &[]);
    term.wait_for("Terminal too small");
    term.resize(100, 30);
    term.wait_for("Welcome to preflight");
    term.wait_gone("Terminal too small");
    term.quit_cleanly();
}
