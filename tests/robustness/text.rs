//! Titles, ids and answers holding path pieces, NUL, newlines, emoji, RTL
//! and Markdown/HTML/YAML metacharacters, through every command. Text is
//! kept as typed in the record; what reaches a terminal or a file name is
//! made safe; a title that cannot be one line is refused by name.

use std::fs;
use std::path::Path;

use serde_json::{Value, json};

use super::tree;
use crate::common::{World, stderr, stdout};

/// One-line text that means something to a path, a terminal, Markdown,
/// HTML or YAML.
const HOSTILE: &[&str] = &[
    "/",
    "..",
    "../../etc/passwd",
    "C:\\Windows\\system32",
    "a\u{0}b",
    "bell\u{7} and escape \u{1b}[2J",
    "🚀 launch 👩‍👩‍👧",
    "עברית \u{202e}override\u{202c} العربية",
    "# not a heading | a | b |",
    "<script>alert(1)</script> <img src=x onerror=alert(1)>",
    "[run](javascript:alert(1)) `tick` *star* _under_",
    "---",
    "title: \"yaml\" & *alias !tag %YAML {a: b} [c]",
    "{{title}} ${HOME} %s %n",
    "  ",
];

/// `answers` for `new --answers`: `text` in the title, a short answer, a
/// Markdown answer, a table cell and a people field.
fn answers(text: &str) -> Value {
    json!({
        "title": format!("T {text}"),
        "summary": text,
        "mechanism": text,
        "failure_modes": [{ "component": text, "detection": text }],
        "decision_makers": [format!("P {text}")],
    })
}

fn new_with(world: &World, answers: &Value) -> std::process::Output {
    let file = world.root().join("answers.json");
    fs::write(&file, serde_json::to_vec(answers).unwrap()).unwrap();
    world
        .cmd()
        .args(["new", "--no-input", "--answers"])
        .arg(&file)
        .output()
        .unwrap()
}

fn no_control_bytes(what: &str, bytes: &[u8]) {
    assert!(
        !bytes.contains(&0) && !bytes.contains(&0x1b) && !bytes.contains(&0x07),
        "{what}: a NUL, ESC or BEL byte in the output"
    );
}

#[test]
fn hostile_text_passes_through_every_command_and_stays_in_its_place() {
    let world = World::new();
    let mut ids = Vec::new();
    for text in HOSTILE {
        let output = new_with(&world, &answers(text));
        assert_eq!(
            output.status.code(),
            Some(0),
            "{text:?}: {}",
            stderr(&output)
        );
        let id = stdout(&output).trim().to_string();
        // Kept as typed (trimmed), NUL and all: the record is the truth.
        let record = world.read_record(&id);
        assert_eq!(record["title"], format!("T {text}").trim(), "{text:?}");
        if !text.trim().is_empty() {
            assert_eq!(record["answers"]["mechanism"], *text, "{text:?}");
        }
        ids.push(id);
    }
    for id in &ids {
        for args in [
            vec!["show", id],
            vec!["export", id],
            vec!["export", id, "--front-matter"],
            vec!["export", id, "--layout", "adr"],
            vec!["export", id, "--format", "html", "--standalone"],
            vec!["check", id],
        ] {
            let output = world.cmd().args(&args).output().unwrap();
            let code = output.status.code();
            assert!(code == Some(0) || code == Some(1), "{args:?}: {code:?}");
            assert!(!stderr(&output).contains("panicked"));
            no_control_bytes(&format!("{args:?}"), &output.stdout);
        }
    }
    let output = world.cmd().arg("list").output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    no_control_bytes("list", &output.stdout);
    assert_eq!(
        stdout(&output).lines().count(),
        2 + HOSTILE.len(),
        "one line each"
    );

    // A folder export names every file from the title, inside the folder.
    let out = world.root().join("wiki");
    let before = tree(world.root());
    for layout in ["default", "adr"] {
        let output = world
            .cmd()
            .args(["export", "--all", "--layout", layout, "--out"])
            .arg(&out)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    }
    for (path, _) in tree(world.root()) {
        if before.contains_key(&path)
            || path.starts_with(world.records())
            || path.starts_with(world.store().join(".cache"))
        {
            // Unchanged, a record given its published name, or the store's
            // derived files (list index, export manifests).
            continue;
        }
        assert_eq!(path.parent(), Some(out.as_path()), "{path:?} outside --out");
        let name = path.file_name().unwrap().to_str().unwrap();
        assert!(
            name.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.'),
            "{name:?}"
        );
    }
    assert_eq!(
        fs::read_dir(&out).unwrap().count(),
        2 * HOSTILE.len() + 1,
        "one page per record in each layout and one shared index.md"
    );
}

#[test]
fn a_title_over_more_than_one_line_is_refused_by_name() {
    let world = World::new();
    for title in [
        "two\nlines",
        "carriage\rreturn",
        "---\ntitle: x",
        "\u{2028}",
    ] {
        let output = new_with(&world, &json!({ "title": title }));
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(2), "{title:?}");
        // U+2028 is white space, so that title is blank once trimmed.
        let expected = if title == "\u{2028}" {
            "a record needs a title"
        } else {
            "must be a single line"
        };
        assert!(err.contains(expected), "{title:?}: {err}");
    }
    let output = world.run_exit(2, &["new", "--no-input", "--title", "flag\nwith a newline"]);
    assert!(stderr(&output).contains("the title must be a single line"));
    assert!(world.record_files().is_empty(), "nothing was saved");
}

#[test]
fn handles_that_are_paths_emoji_or_several_lines_are_not_ids() {
    let world = World::new();
    let id = world.new_record("Target");
    let secret = world.root().join("secret.json");
    fs::write(&secret, "SECRET").unwrap();
    for handle in [
        ".",
        "..",
        "./..",
        &format!("{}/../{id}", &id[..5]),
        &format!("{}\n{}", &id[..5], &id[5..]),
        "🚀",
        "\u{202e}abc",
        "%2e%2e%2f",
        "..\\..\\secret",
    ] {
        for command in ["show", "export", "edit"] {
            let output = world.cmd().args([command, handle]).output().unwrap();
            assert_eq!(output.status.code(), Some(2), "{command} {handle:?}");
            let err = stderr(&output);
            assert!(
                err.contains("is not a record id"),
                "{command} {handle:?}: {err}"
            );
            assert!(!err.contains("SECRET"));
            assert!(stdout(&output).is_empty());
        }
    }
    assert_eq!(fs::read_to_string(&secret).unwrap(), "SECRET");
    assert!(Path::new(&world.record_path(&id)).is_file());
}
