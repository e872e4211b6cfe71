//! Every subcommand, run on a store whose records, meeting items and
//! question set are full of terminal control sequences, writes none of
//! them: not ESC (CSI, OSC 52 clipboard writes, OSC 8 links), BEL, NUL, BS,
//! DEL or C1 (U+009B is CSI on its own), on stdout or stderr, in text or
//! in JSON. A title holding a line break prints as one line, so it cannot
//! forge a row of `list`, `check` or `actions`.
//!
//! The walk is checked against clap's own list of subcommands: a command
//! added later without a case here fails
//! `every_subcommand_is_walked_with_hostile_text`.

use std::collections::BTreeSet;
use std::fs;

use clap::CommandFactory;
use serde_json::{Value, json};

use crate::common::{World, record_fixture, team_set};

/// ESC-based sequences, C0, DEL, C1 and a line break that forges a row.
const HOSTILE: &str = concat!(
    "Real\x1b[31m red\x1b[0m",
    "\x1b]52;c;ZXZpbA==\x07", // OSC 52: write the clipboard
    "\x1b]8;;https://evil.example/\x1b\\link\x1b]8;;\x1b\\", // OSC 8
    "\x07bell\x00nul\x08bs\x7fdel",
    "\u{9b}2J\u{9d}0;c1 title\u{9c}\u{85}nel",
    "\nzzzzz  accepted  Ready  2026-11-30  Fake approved record",
);

/// The same without NUL, which no argument or environment variable can hold.
fn hostile_arg() -> String {
    HOSTILE.replace('\0', "")
}

const ID: &str = "h0st11e000000001";
const OTHER: &str = "h0st11e000000002";

/// A store with two hostile records (one with a meeting and actions) and a
/// hostile team question set.
fn hostile_world() -> World {
    let world = World::new();
    let mut record = record_fixture(ID, HOSTILE);
    record["author"] = json!(HOSTILE);
    record["tags"] = json!([HOSTILE]);
    record["answers"] = json!({
        "summary": HOSTILE,
        "mechanism": HOSTILE,
        "premortem": HOSTILE,
        "failure_modes": [{ "component": HOSTILE, "impact": HOSTILE }],
    });
    record["history"] =
        json!([{ "status": "draft", "date": "2026-11-01T08:00:00Z", "by": HOSTILE }]);
    record["meetings"] = json!([{
        "started": "2026-11-20T09:00:00Z",
        "ended": "2026-11-20T10:00:00Z",
        "agenda": HOSTILE,
        "attendees": [{ "name": HOSTILE, "role": "decider" }],
        "questions": [{ "section": "owner", "timebox_seconds": 600, "used_seconds": 500 }],
        "items": [
            { "kind": "action", "section": "owner", "text": HOSTILE, "owner": HOSTILE,
              "number": 1, "due": "2026-11-30", "at": "2026-11-20T09:05:00Z" },
            { "kind": "question", "section": "owner", "text": HOSTILE, "at": "2026-11-20T09:06:00Z" },
            { "kind": "concern", "section": "owner", "text": HOSTILE, "by": HOSTILE, "at": "2026-11-20T09:07:00Z" }
        ],
        "outcome": { "decision": "go-with-conditions", "conditions": HOSTILE, "decided_by": [HOSTILE] }
    }]);
    world.write_record(&record);
    let mut other = record_fixture(OTHER, HOSTILE);
    other["links"] = json!([{ "kind": "relates-to", "target": ID }]);
    world.write_record(&other);
    let mut set = team_set("hostile");
    set["name"] = json!(HOSTILE);
    fs::create_dir_all(world.store_sets()).unwrap();
    fs::write(
        world.store_sets().join("hostile.json"),
        serde_json::to_vec_pretty(&set).unwrap(),
    )
    .unwrap();
    world
}

/// Every way each subcommand is run: (subcommand, arguments). Commands
/// that change a record run after the read-only ones.
fn walk(world: &World) -> Vec<(&'static str, Vec<String>)> {
    let out = world.root().join("site");
    let answers = world.root().join("answers.json");
    fs::write(
        &answers,
        serde_json::to_vec(&json!({ "title": "Fresh", "summary": HOSTILE })).unwrap(),
    )
    .unwrap();
    // A decision record to import whose title, status and text are hostile.
    let adr = world.root().join("adr");
    fs::create_dir_all(&adr).unwrap();
    let one_line = HOSTILE.replace('\n', " ");
    fs::write(
        adr.join("0001-hostile.md"),
        format!("# 1. {one_line}\n\nDate: 2026-01-01\n\n## Status\n\n{one_line}\n\n## Context\n\n{HOSTILE}\n"),
    )
    .unwrap();
    let s = |args: &[&str]| args.iter().map(|a| (*a).to_string()).collect::<Vec<_>>();
    // A hostile record changed on two branches: both titles are shown
    // when resolving, and the driver names the file.
    let text = fs::read_to_string(world.record_path(ID)).unwrap();
    let theirs = text.replacen(&serde_json::to_string(HOSTILE).unwrap(), "\"Theirs\"", 1);
    let sides: Vec<String> = ["base", "ours", "theirs"]
        .iter()
        .map(|side| {
            world
                .root()
                .join(format!("{side}.json"))
                .display()
                .to_string()
        })
        .collect();
    for (path, text) in sides.iter().zip([&text, &text, &theirs]) {
        fs::write(path, text).unwrap();
    }
    fs::write(&sides[0], text.replacen("\"draft\"", "\"proposed\"", 1)).unwrap();
    let marked = world.root().join("marked.json");
    fs::write(
        &marked,
        format!("<<<<<<< ours\n{text}\n=======\n{theirs}\n>>>>>>> theirs\n"),
    )
    .unwrap();
    let mut driver = s(&["merge-driver"]);
    driver.extend(sides.iter().cloned());
    driver.push(hostile_arg());
    vec![
        (
            "resolve",
            s(&[
                "resolve",
                &marked.display().to_string(),
                "--take",
                "answers.failure_modes=ours",
            ]),
        ),
        ("merge-driver", driver),
        ("list", s(&["list"])),
        ("list", s(&["list", "--json"])),
        ("list", s(&["list", "--sort", "title", "--status", "draft"])),
        ("show", s(&["show", ID])),
        ("show", s(&["show", ID, "--json"])),
        ("show", s(&["show", OTHER])),
        ("check", s(&["check"])),
        ("check", s(&["check", ID, "--json"])),
        ("check", s(&["check", "--format", "github"])),
        ("check", s(&["check", "--format", "markdown"])),
        ("doctor", s(&["doctor"])),
        ("doctor", s(&["doctor", "--json"])),
        ("actions", s(&["actions"])),
        ("actions", s(&["actions", "--json"])),
        ("actions", s(&["actions", "--open", "--owner", "nobody"])),
        ("export", s(&["export", ID])),
        ("export", s(&["export", ID, "--format", "html"])),
        ("export", s(&["export", ID, "--format", "json"])),
        (
            "export",
            s(&["export", ID, "--layout", "adr", "--front-matter"]),
        ),
        (
            "export",
            vec![
                "export".into(),
                "--all".into(),
                "--out".into(),
                out.display().to_string(),
            ],
        ),
        ("sets", s(&["sets"])),
        ("sets", s(&["sets", "--json"])),
        ("config", s(&["config", "show"])),
        ("config", s(&["config", "show", "--json"])),
        ("config", s(&["config", "path"])),
        ("config", s(&["config", "show", "--theme", &hostile_arg()])),
        ("completions", s(&["completions", "bash"])),
        ("man", s(&["man"])),
        (
            "generate",
            vec![
                "generate".into(),
                "--out".into(),
                world.root().join("gen").display().to_string(),
                "--records".into(),
                "2".into(),
            ],
        ),
        ("init", s(&["init"])),
        ("edit", s(&["edit", ID, "--plain"])),
        ("edit", s(&["edit", ID])),
        ("meet", s(&["meet", ID])),
        (
            "new",
            vec![
                "new".into(),
                "--no-input".into(),
                "--answers".into(),
                answers.display().to_string(),
            ],
        ),
        ("new", s(&["new", "--no-input", "--title", "a\nb"])),
        ("actions", s(&["actions", "done", &format!("{ID}:1")])),
        ("actions", s(&["actions", "reopen", &format!("{ID}:1")])),
        (
            "status",
            s(&["status", ID, "proposed", "--who", &hostile_arg()]),
        ),
        ("link", s(&["link", OTHER, "amends", ID])),
        ("unlink", s(&["unlink", OTHER, "amends", ID])),
        ("supersede", s(&["supersede", OTHER, "--by", ID])),
        ("status", s(&["status", &hostile_arg(), "accepted"])),
        ("doctor", s(&["doctor", "--fix", "--who", &hostile_arg()])),
        ("import", s(&["import", adr.to_str().unwrap()])),
    ]
}

/// Characters a terminal would act on: every control but newline and tab.
fn acted_on(text: &str) -> Vec<char> {
    text.chars()
        .filter(|&c| c.is_control() && c != '\n' && c != '\t')
        .collect()
}

#[test]
fn every_subcommand_is_walked_with_hostile_text() {
    let world = hostile_world();
    let cases = walk(&world);
    let walked: BTreeSet<&str> = cases.iter().map(|(name, _)| *name).collect();
    let all: BTreeSet<String> = preflight::cli::Cli::command()
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .filter(|name| name != "help")
        .collect();
    // The hostile records load: the walk is not passing on an error.
    let listed = world.cmd().args(["list", "--json"]).output().unwrap();
    assert!(
        listed.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&listed.stderr)
    );
    let listed: Value = serde_json::from_slice(&listed.stdout).unwrap();
    assert_eq!(listed.as_array().map(Vec::len), Some(2), "{listed}");
    let missing: Vec<&String> = all
        .iter()
        .filter(|n| !walked.contains(n.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "subcommands not walked with hostile text: {missing:?}"
    );

    for (name, args) in cases {
        let output = world.cmd().args(&args).write_stdin("").output().unwrap();
        // Commands that read the hostile records must get past loading
        // them, or the walk proves nothing.
        let reads = !["init", "new", "edit", "meet", "generate"].contains(&name)
            && !args.contains(&hostile_arg());
        if reads {
            assert!(
                matches!(output.status.code(), Some(0 | 1)),
                "{args:?} failed: {}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
        for (stream, bytes) in [("stdout", &output.stdout), ("stderr", &output.stderr)] {
            let text = String::from_utf8(bytes.clone())
                .unwrap_or_else(|_| panic!("{args:?}: {stream} is not UTF-8"));
            let bad = acted_on(&text);
            assert!(
                bad.is_empty(),
                "{args:?}: {stream} holds control characters {bad:?}:\n{text}"
            );
            // A Markdown or HTML document keeps an answer's own lines (a
            // Markdown answer may hold that line), and a usage error quotes
            // the argument typed; rows are checked everywhere else.
            if name == "export" || !reads {
                continue;
            }
            for line in text.lines() {
                assert!(
                    !line.starts_with("zzzzz"),
                    "{args:?}: a title's line break forged a row on {stream}: {line:?}"
                );
            }
        }
    }
}

#[test]
fn json_output_escapes_del_and_c1_and_keeps_the_text() {
    let world = hostile_world();
    for args in [
        vec!["list", "--json"],
        vec!["show", ID, "--json"],
        vec!["check", ID, "--json"],
        vec!["actions", "--json"],
        vec!["export", ID, "--format", "json"],
    ] {
        let output = world.cmd().args(&args).output().unwrap();
        let text = String::from_utf8(output.stdout).unwrap();
        let errors = String::from_utf8_lossy(&output.stderr);
        assert!(
            !text.is_empty(),
            "{args:?}: nothing printed; stderr: {errors}"
        );
        assert!(
            acted_on(&text).is_empty(),
            "{args:?}: raw controls in {text}"
        );
        assert!(
            text.contains("\\u009b"),
            "{args:?}: C1 CSI not escaped: {text}"
        );
        assert!(
            text.contains("\\u007f"),
            "{args:?}: DEL not escaped: {text}"
        );
        let value: Value = serde_json::from_str(&text).unwrap();
        assert!(
            holds(&value, HOSTILE),
            "{args:?}: the title did not come back whole"
        );
    }
}

/// Whether `value` holds the string `text` anywhere.
fn holds(value: &Value, text: &str) -> bool {
    match value {
        Value::String(s) => s == text,
        Value::Array(items) => items.iter().any(|v| holds(v, text)),
        Value::Object(map) => map.values().any(|v| holds(v, text)),
        _ => false,
    }
}

#[test]
fn a_title_with_a_line_break_prints_on_one_line() {
    let world = hostile_world();
    let output = world.cmd().args(["list"]).output().unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    let row = text
        .lines()
        .find(|l| l.contains("Real"))
        .unwrap_or_else(|| panic!("no row for the record:\n{text}"));
    assert!(row.contains("Fake approved record"), "{row}");
    assert!(row.contains('\u{fffd}'), "the break is shown: {row}");
}
