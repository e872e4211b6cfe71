//! Standard streams: every command that prints, into a pipe whose reader is
//! already gone (exit 0, nothing on stderr, no panic), and standard input
//! closed or at its end while plain mode, `--answers -` or the wizard wants
//! input.

use std::fs;

use super::tree;
use crate::common::{World, complete_answers, path_for, stderr, stdout};

#[test]
fn every_printing_command_into_a_closed_pipe_exits_quietly() {
    let world = World::new();
    let id = world.new_with_answers(&complete_answers());
    let wiki = world.root().join("wiki");
    let wiki = wiki.to_str().unwrap();
    let commands: Vec<Vec<&str>> = vec![
        vec!["list"],
        vec!["list", "--json"],
        vec!["show", &id],
        vec!["show", &id, "--json"],
        vec!["export", &id],
        vec!["export", &id, "--format", "html", "--standalone"],
        vec!["export", &id, "--format", "json"],
        vec!["export", "--all", "--out", wiki],
        vec!["check"],
        vec!["check", "--json"],
        vec!["sets"],
        vec!["sets", "--json"],
        vec!["config", "show"],
        vec!["config", "path"],
        vec!["completions", "bash"],
        vec!["man"],
        vec!["--help"],
        vec!["--version"],
        vec!["status", &id, "proposed"],
    ];
    for args in commands {
        let output = world.run_into_closed_pipe(&args);
        let err = stderr(&output);
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert!(
            err.is_empty() || err.starts_with("wrote "),
            "{args:?}: a closed pipe is not an error: {err}"
        );
        assert_eq!(output.status.code(), Some(0), "{args:?}: {err}");
    }
    // The folder export still wrote its files; only the report was lost.
    assert!(fs::read_dir(wiki).unwrap().count() >= 2);
}

#[test]
fn export_all_piped_into_true_exits_quietly() {
    let test = "export_all_piped_into_true_exits_quietly";
    let Some(path) = path_for(test, "sh and true") else {
        return;
    };
    let world = World::new();
    for n in 0..40 {
        world.new_record(&format!(
            "Record {n} with a title long enough to make a report"
        ));
    }
    let wiki = world.root().join("wiki");
    let output = world.sh(
        Some(&path),
        r#"{ "$0" export --all --out "$1"; echo "preflight exit $?" >&2; } | true"#,
        &[&wiki],
    );
    assert_eq!(
        stderr(&output),
        "preflight exit 0\n",
        "no panic, no complaint"
    );
    assert_eq!(
        fs::read_dir(&wiki).unwrap().count(),
        41,
        "40 pages and the index"
    );
}

#[test]
fn plain_edit_with_standard_input_at_its_end_changes_nothing() {
    let world = World::new();
    let id = world.new_with_answers(&complete_answers());
    let before = tree(world.root());
    // `exec 0<&-` closes standard input outright; Stdio::null is at its end.
    for how in ["closed", "at end"] {
        let output = if how == "closed" {
            world.sh(None, r#"exec 0<&-; exec "$0" edit "$1" --plain"#, &[&id])
        } else {
            world.without_input(&["edit", &id, "--plain"])
        };
        assert_eq!(output.status.code(), Some(0), "{how}: {}", stderr(&output));
        assert!(stdout(&output).contains("End of input."), "{how}");
        assert_eq!(tree(world.root()), before, "{how}: nothing changed");
    }
}

#[test]
fn answers_from_standard_input_at_its_end_are_refused_by_name() {
    let world = World::new();
    for input in ["", "   \n", "\u{feff}"] {
        let output = world
            .cmd()
            .args(["new", "--no-input", "--answers", "-"])
            .write_stdin(input)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{input:?}");
        let err = stderr(&output);
        assert!(
            err.contains("standard input is empty; give a JSON object of field id → value"),
            "{err}"
        );
    }
    assert!(world.record_files().is_empty());
}

#[test]
fn the_wizard_with_standard_input_at_its_end_and_no_terminal_refuses_and_writes_nothing() {
    let world = World::new();
    let id = world.new_record("Not opened");
    let before = tree(world.root());
    for args in [vec!["edit", id.as_str()], vec!["new"], vec![]] {
        let output = world.without_input(&args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let err = stderr(&output);
        assert!(
            err.contains("needs an interactive terminal"),
            "{args:?}: {err}"
        );
        assert!(output.stdout.is_empty(), "{args:?}: no escape codes");
        assert_eq!(
            tree(world.root()),
            before,
            "{args:?}: no lock or temp file left"
        );
    }
}
