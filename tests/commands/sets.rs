//! Team question sets beside the built-in one, and broken set files.

use std::fs;
use std::path::Path;

use serde_json::{Value, json};

use crate::common::{World, stderr, stdout, team_set};

fn write_set(folder: &Path, name: &str, set: &Value) {
    fs::create_dir_all(folder).unwrap();
    fs::write(folder.join(name), serde_json::to_vec_pretty(set).unwrap()).unwrap();
}

/// The set ids `preflight sets` prints, one per line, with each line.
fn sets_lines(out: &str) -> Vec<(String, String)> {
    out.lines()
        .map(|l| {
            (
                l.split_whitespace().next().unwrap_or_default().to_string(),
                l.to_string(),
            )
        })
        .collect()
}

#[test]
fn a_team_set_in_the_store_loads_beside_the_built_in_one() {
    let world = World::new();
    let file = world.store_sets().join("launch.json");
    write_set(&world.store_sets(), "launch.json", &team_set("launch"));

    let output = world.cmd().arg("sets").output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stderr(&output).is_empty(), "{}", stderr(&output));
    let lines = sets_lines(&stdout(&output));
    let ids: Vec<&str> = lines.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(ids, ["launch", "production"]);
    assert!(
        lines[0].1.contains(&file.display().to_string()),
        "{lines:?}"
    );
    assert!(lines[1].1.contains("built-in"), "{lines:?}");

    let output = world
        .cmd()
        .args([
            "new",
            "--no-input",
            "--set",
            "launch",
            "--title",
            "Launch it",
        ])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let id = stdout(&output).trim().to_string();
    let record = world.read_record(&id);
    assert_eq!(record["set"], json!({"id": "launch", "version": "0.3.0"}));

    // The team set drives the check: its one required field is missing.
    let output = world.cmd().args(["check", "--json", &id]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let body: Value = serde_json::from_slice(&output.stdout).unwrap();
    let sections = body["records"][0]["sections"].as_array().unwrap();
    assert_eq!(sections.len(), 1);
    assert_eq!(sections[0]["gaps"][0]["field"], "pager");

    // And its answers are validated against it.
    let output = world
        .cmd()
        .args(["new", "--no-input", "--set", "launch", "--answers", "-"])
        .write_stdin(r#"{"title": "Launch", "pager": "Priya Shah"}"#)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let id = stdout(&output).trim().to_string();
    world.cmd().args(["check", &id]).assert().code(0);
}

#[test]
fn a_set_in_the_config_folder_loads_and_the_store_overrides_it() {
    let world = World::new();
    let config_sets = world.config().join("questionnaires");
    write_set(&config_sets, "launch.json", &team_set("launch"));

    let output = world.cmd().arg("sets").output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let out = stdout(&output);
    assert!(
        out.contains(&config_sets.join("launch.json").display().to_string()),
        "{out}"
    );

    let mut newer = team_set("launch");
    newer["version"] = json!("0.4.0");
    write_set(&world.store_sets(), "launch-v4.json", &newer);
    let output = world.cmd().arg("sets").output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let lines = sets_lines(&stdout(&output));
    let launch: Vec<&String> = lines
        .iter()
        .filter(|(id, _)| id == "launch")
        .map(|(_, line)| line)
        .collect();
    assert_eq!(launch.len(), 1, "one set per id: {lines:?}");
    assert!(launch[0].contains("0.4.0"), "{launch:?}");
    assert!(launch[0].contains("launch-v4.json"), "{launch:?}");
}

#[test]
fn a_team_set_can_replace_the_built_in_production_set() {
    let world = World::new();
    let mut ours = team_set("production");
    ours["version"] = json!("2.0.0-team");
    write_set(&world.store_sets(), "production.json", &ours);
    let id = world.new_record("Under our own rules");
    assert_eq!(world.read_record(&id)["set"]["version"], "2.0.0-team");
    let output = world.cmd().arg("sets").output().unwrap();
    let out = stdout(&output);
    assert!(!out.contains("built-in"), "{out}");
}

#[test]
fn broken_set_files_are_reported_and_skipped_while_the_others_work() {
    let world = World::new();
    let folder = world.store_sets();
    write_set(&folder, "launch.json", &team_set("launch"));

    let bad_json = "{\n  \"format\": 1,\n  \"id\": \"broken\",\n  \"name\": \n}\n";
    fs::write(folder.join("bad-json.json"), bad_json).unwrap();
    let bad_json_error = serde_json::from_str::<Value>(bad_json).unwrap_err();

    let txt = serde_json::to_string_pretty(&team_set("typo")).unwrap();
    let txt = txt.replacen("\"kind\": \"person\"", "\"kind\": \"txt\"", 1);
    fs::write(folder.join("typo.json"), &txt).unwrap();
    let txt_line = txt
        .lines()
        .position(|l| l.contains("\"txt\""))
        .expect("typo in fixture")
        + 1;

    let mut duplicate = team_set("dupes");
    duplicate["sections"][0]["fields"][1]["id"] = json!("title");
    write_set(&folder, "dupes.json", &duplicate);

    let output = world.cmd().arg("sets").output().unwrap();
    assert_eq!(output.status.code(), Some(2), "problems make `sets` fail");
    let err = stderr(&output);
    let expected = [
        format!(
            "{}:{}:{}",
            folder.join("bad-json.json").display(),
            bad_json_error.line(),
            bad_json_error.column()
        ),
        format!("{}:{txt_line}:", folder.join("typo.json").display()),
        "unknown variant `txt`".to_string(),
        format!(
            "{} at sections[0].fields[1].id",
            folder.join("dupes.json").display()
        ),
        "duplicate field id \"title\"".to_string(),
    ];
    for needle in &expected {
        assert!(err.contains(needle.as_str()), "{needle:?} not in\n{err}");
    }
    let ids: Vec<String> = sets_lines(&stdout(&output))
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    assert_eq!(ids, ["launch", "production"], "good sets still listed");

    // Other commands warn but work.
    let output = world
        .cmd()
        .args([
            "new",
            "--no-input",
            "--set",
            "launch",
            "--title",
            "Still works",
        ])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stderr(&output).contains("typo.json"), "{}", stderr(&output));
    let output = world.cmd().arg("list").output().unwrap();
    assert!(output.status.success());
    assert!(stdout(&output).contains("Still works"));

    // A broken set is not usable by name.
    let output = world
        .cmd()
        .args(["new", "--no-input", "--set", "typo", "--title", "x"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn two_files_with_the_same_set_id_in_one_folder_are_a_problem() {
    let world = World::new();
    write_set(&world.store_sets(), "a.json", &team_set("launch"));
    write_set(&world.store_sets(), "b.json", &team_set("launch"));
    let output = world.cmd().arg("sets").output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(err.contains("b.json"), "{err}");
    assert!(err.contains("duplicate set id \"launch\""), "{err}");
    assert!(stdout(&output).contains("a.json"));
}
