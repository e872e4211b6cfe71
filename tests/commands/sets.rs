//! Team question sets beside the built-in one, and broken set files.

use std::fs;
use std::path::Path;
use std::process::Output;

use serde_json::{Value, json};

use crate::common::{World, assert_stderr_says, stderr, stdout, team_set};

fn write_set(folder: &Path, name: &str, set: &Value) {
    fs::create_dir_all(folder).unwrap();
    fs::write(folder.join(name), serde_json::to_vec_pretty(set).unwrap()).unwrap();
}

/// `preflight new --no-input --set SET --title TITLE`.
fn new_in_set(world: &World, set: &str, title: &str) -> Output {
    world
        .cmd()
        .args(["new", "--no-input", "--set", set, "--title", title])
        .output()
        .expect("run preflight new")
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

    let output = new_in_set(&world, "launch", "Launch it");
    assert!(output.status.success(), "{}", stderr(&output));
    let id = stdout(&output).trim().to_string();
    let record = world.read_record(&id);
    assert_eq!(record["set"], json!({"id": "launch", "version": "0.3.0"}));

    // The team set drives the check: its one required field is missing.
    let output = world.run_exit(1, &["check", "--json", &id]);
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
    let output = new_in_set(&world, "launch", "Still works");
    assert!(output.status.success(), "{}", stderr(&output));
    assert_stderr_says(&output, "typo.json");
    let output = world.cmd().arg("list").output().unwrap();
    assert!(output.status.success());
    assert!(stdout(&output).contains("Still works"));

    // A broken set is not usable by name.
    let output = new_in_set(&world, "typo", "x");
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

/// `sets show` answers what an `--answers` author had to read the JSON set
/// for: ids, kinds, required, allowed values and the shape of an answer.
#[test]
fn sets_show_lists_each_fields_id_kind_required_values_and_answer_shape() {
    let world = World::new();
    let output = world
        .cmd()
        .args(["sets", "show", "production"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let out = stdout(&output);
    for line in [
        "What breaks when this fails? [failure]",
        "  owner_primary  (person, required)  Primary owner",
        "        user_effect  (text)  What users see",
        "  door  (choice, required)  Door type",
        "      answer: a name as text",
    ] {
        assert!(
            out.lines().any(|l| l == line),
            "no line {line:?} in:\n{out}"
        );
    }
    assert!(
        out.contains("values: \"two-way\" (Two-way door: can be fully undone)"),
        "{out}"
    );
    assert!(
        out.contains("rows: \"compute\" (Compute / infrastructure)"),
        "{out}"
    );

    let json_out = world
        .cmd()
        .args(["sets", "show", "production", "--json"])
        .output()
        .unwrap();
    let data: Value = serde_json::from_str(&stdout(&json_out)).unwrap();
    let door = data["sections"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["fields"].as_array().unwrap())
        .find(|f| f["id"] == "door")
        .unwrap();
    assert_eq!(door["kind"], "choice");
    assert_eq!(door["required"], true);
    assert_eq!(door["values"][0]["value"], "two-way");
    assert!(data["answers_template"]["owner_primary"].is_string());
}

/// The template has every field of the set; as printed it is accepted (and
/// leaves the record blank), and filled in it makes the record.
#[test]
fn the_answers_template_names_every_field_and_new_accepts_it_filled_or_not() {
    let world = World::new();
    let output = world
        .cmd()
        .args(["sets", "show", "production", "--answers-template"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let mut template: Value = serde_json::from_str(&stdout(&output)).unwrap();
    let set = crate::common::production_set();
    let ids: Vec<&str> = set
        .sections
        .iter()
        .flat_map(|s| &s.fields)
        .map(|f| f.id.as_str())
        .collect();
    let keys: Vec<&str> = template
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let mut sorted_ids = ids.clone();
    sorted_ids.sort_unstable();
    assert_eq!(keys, sorted_ids);
    assert_eq!(template["cost_grid"]["compute"]["at_10x"], "");
    assert_eq!(template["failure_modes"][0]["user_effect"], "");

    let blank = world.root().join("blank.json");
    fs::write(&blank, stdout(&output)).unwrap();
    let made = world
        .cmd()
        .args(["new", "--no-input", "--title", "Blank", "--answers"])
        .arg(&blank)
        .output()
        .unwrap();
    assert_eq!(made.status.code(), Some(0), "{}", stderr(&made));

    template["title"] = json!("Add a job queue");
    template["owner_primary"] = json!("Priya Shah");
    template["door"] = json!("two-way");
    template["failure_modes"][0]["component"] = json!("Redis");
    template["failure_modes"][0]["severity"] = json!("high");
    let filled = world.root().join("filled.json");
    fs::write(&filled, template.to_string()).unwrap();
    let made = world
        .cmd()
        .args(["new", "--no-input", "--answers"])
        .arg(&filled)
        .output()
        .unwrap();
    assert_eq!(made.status.code(), Some(0), "{}", stderr(&made));
    let id = stdout(&made).trim().to_string();
    let record = world.read_record(&id);
    assert_eq!(record["answers"]["owner_primary"], "Priya Shah");
    assert_eq!(record["answers"]["door"], "two-way");
    assert_eq!(record["answers"]["failure_modes"][0]["severity"], "high");
}

/// Driven by the set's data: a team set shows its own fields; an unknown
/// id is a usage error naming the sets there are.
#[test]
fn sets_show_follows_a_team_set_and_refuses_an_unknown_id() {
    let world = World::new();
    write_set(&world.store_sets(), "launch.json", &team_set("launch"));
    let output = world
        .cmd()
        .args(["sets", "show", "launch"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stdout(&output)
            .lines()
            .any(|l| l == "  pager  (person, required)  Who is paged"),
        "{}",
        stdout(&output)
    );
    let output = world.run_exit(2, &["sets", "show", "nope"]);
    assert!(
        stderr(&output)
            .contains("no question set \"nope\"; the sets in use are: launch, production"),
        "{}",
        stderr(&output)
    );
}
