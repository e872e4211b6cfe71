//! `preflight check`: exit 0 when ready, 1 with gaps, 2 on errors, and one
//! gap for each production rule broken on its own.

use serde_json::{Value, json};

use crate::common::{World, assert_stderr_says, complete_answers, production_set, stderr, stdout};

/// Runs `check --json ID`; returns the exit code and the record's verdict.
fn check_json(world: &World, id: &str) -> (i32, Value) {
    let output = world.cmd().args(["check", "--json", id]).output().unwrap();
    let body: Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("check --json is JSON ({e}): {}", stdout(&output)));
    assert_eq!(body["errors"], json!([]), "{}", stderr(&output));
    let records = body["records"].as_array().unwrap();
    assert_eq!(records.len(), 1);
    (output.status.code().unwrap(), records[0].clone())
}

/// Every gap of a verdict, flattened.
fn gaps(verdict: &Value) -> Vec<Value> {
    verdict["sections"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["gaps"].as_array().unwrap().clone())
        .collect()
}

#[test]
fn a_complete_record_passes() {
    let world = World::new();
    let id = world.new_with_answers(&complete_answers());
    let output = world.cmd().args(["check", &id]).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    let out = stdout(&output);
    assert!(out.contains(&format!("{id}  ")), "{out}");
    assert!(out.contains(": ready"), "{out}");
    assert!(!out.contains("gaps"), "{out}");
    let (code, verdict) = check_json(&world, &id);
    assert_eq!(code, 0);
    assert_eq!(verdict["ready"], true);
    assert_eq!(verdict["gaps"], 0);
}

#[test]
fn an_empty_record_has_gaps_in_every_question() {
    let world = World::new();
    let id = world.new_record("Nothing answered yet");
    let output = world.run_exit(1, &["check", &id]);
    let out = stdout(&output);
    assert!(
        out.contains("Fix:"),
        "every gap says what would fix it: {out}"
    );

    let (code, verdict) = check_json(&world, &id);
    assert_eq!(code, 1);
    assert_eq!(verdict["ready"], false);
    let set = production_set();
    for (section, result) in set
        .sections
        .iter()
        .zip(verdict["sections"].as_array().unwrap())
    {
        assert_eq!(result["section"], section.id.as_str());
        if section.numbered {
            assert_eq!(result["ready"], false, "{} should have gaps", section.id);
        }
    }
    let all = gaps(&verdict);
    assert_eq!(verdict["gaps"], all.len());
    assert!(
        all.iter()
            .all(|g| g["kind"] == "missing" || g["kind"] == "rule")
    );
}

/// A complete record with one thing changed must fail with exactly the
/// expected gap.
struct Broken {
    what: &'static str,
    change: Change,
    kind: &'static str,
    field: &'static str,
    rule: Option<&'static str>,
}

fn broken_cases() -> Vec<Broken> {
    vec![
        Broken {
            what: "no failure mode says how it is detected",
            change: |a| {
                for row in a["failure_modes"].as_array_mut().unwrap() {
                    row.as_object_mut().unwrap().remove("detection");
                }
            },
            kind: "rule",
            field: "failure_modes",
            rule: Some("failure-detection"),
        },
        Broken {
            what: "detection only marked unknown",
            change: |a| {
                for row in a["failure_modes"].as_array_mut().unwrap() {
                    row["detection"] = json!({"unknown": true});
                }
            },
            kind: "rule",
            field: "failure_modes",
            rule: Some("failure-detection"),
        },
        Broken {
            what: "no failure modes at all",
            change: |a| {
                a.as_object_mut().unwrap().remove("failure_modes");
            },
            kind: "missing",
            field: "failure_modes",
            rule: None,
        },
        Broken {
            what: "owner is \"the team\"",
            change: |a| a["owner_primary"] = json!("the team"),
            kind: "invalid",
            field: "owner_primary",
            rule: None,
        },
        Broken {
            what: "owner is \"TBD\"",
            change: |a| a["owner_primary"] = json!("TBD"),
            kind: "invalid",
            field: "owner_primary",
            rule: None,
        },
        Broken {
            what: "owner is \"we\"",
            change: |a| a["owner_primary"] = json!("We"),
            kind: "invalid",
            field: "owner_primary",
            rule: None,
        },
        Broken {
            what: "owner is \"Platform team\"",
            change: |a| a["owner_primary"] = json!("Platform team"),
            kind: "invalid",
            field: "owner_primary",
            rule: None,
        },
        Broken {
            what: "no backup",
            change: |a| {
                a.as_object_mut().unwrap().remove("owner_backup");
            },
            kind: "missing",
            field: "owner_backup",
            rule: None,
        },
        Broken {
            what: "backup marked unknown",
            change: |a| a["owner_backup"] = json!({"unknown": true, "note": "ask Priya"}),
            kind: "unknown",
            field: "owner_backup",
            rule: None,
        },
        Broken {
            what: "a 10x cost cell left blank",
            change: |a| {
                for row in a["cost_grid"].as_array_mut().unwrap() {
                    if row["row"] == "compute" {
                        row.as_object_mut().unwrap().remove("at_10x");
                    }
                }
            },
            kind: "missing",
            field: "cost_grid",
            rule: None,
        },
        Broken {
            what: "rollback never tested, not a one-way door",
            change: |a| {
                a.as_object_mut().unwrap().remove("last_tested");
            },
            kind: "rule",
            field: "last_tested",
            rule: Some("rollback-tested"),
        },
        Broken {
            what: "one-way door without a reason",
            change: |a| a["door"] = json!("one-way"),
            kind: "rule",
            field: "one_way_reason",
            rule: Some("one-way-reason"),
        },
        Broken {
            what: "nobody else could debug it, and what is missing is not said",
            change: |a| {
                a["debuggable_by_others"] = json!(false);
                a.as_object_mut().unwrap().remove("debug_gaps");
            },
            kind: "rule",
            field: "debug_gaps",
            rule: Some("owner-debug-gaps"),
        },
        Broken {
            what: "\"could someone debug it\" not answered",
            change: |a| {
                a.as_object_mut().unwrap().remove("debuggable_by_others");
            },
            kind: "missing",
            field: "debuggable_by_others",
            rule: None,
        },
    ]
}

#[test]
fn each_rule_broken_on_its_own_fails_with_its_own_gap() {
    let world = World::new();
    for case in broken_cases() {
        let mut answers = complete_answers();
        (case.change)(&mut answers);
        let id = world.new_with_answers(&answers);

        let output = world.cmd().args(["check", &id]).output().unwrap();
        assert_eq!(output.status.code(), Some(1), "{}", case.what);

        let (code, verdict) = check_json(&world, &id);
        assert_eq!(code, 1, "{}", case.what);
        let all = gaps(&verdict);
        assert_eq!(
            all.len(),
            1,
            "{}: expected one gap, got {all:#?}",
            case.what
        );
        let gap = &all[0];
        assert_eq!(gap["kind"], case.kind, "{}: {gap}", case.what);
        assert_eq!(gap["field"], case.field, "{}: {gap}", case.what);
        assert_eq!(
            gap.get("rule").and_then(Value::as_str),
            case.rule,
            "{}: {gap}",
            case.what
        );
        assert!(
            !gap["fix"].as_str().unwrap().is_empty(),
            "{}: no fix",
            case.what
        );
    }
}

/// A change to a set of answers.
type Change = fn(&mut Value);

#[test]
fn the_exceptions_in_the_rules_hold() {
    // (what, change) pairs that must still be ready.
    let cases: Vec<(&str, Change)> = vec![
        ("a one-way door with a reason needs no rollback test", |a| {
            a["door"] = json!("one-way");
            a["one_way_reason"] = json!("The old schema cannot be restored once dropped.");
            a.as_object_mut().unwrap().remove("last_tested");
        }),
        ("someone else can debug it, so nothing is missing", |a| {
            a["debuggable_by_others"] = json!(true);
            a.as_object_mut().unwrap().remove("debug_gaps");
        }),
        ("one failure mode with detection is enough", |a| {
            let rows = a["failure_modes"].as_array_mut().unwrap();
            for row in rows.iter_mut().skip(1) {
                row.as_object_mut().unwrap().remove("detection");
            }
        }),
        ("a named rotation is an owner", |a| {
            a["owner_primary"] = json!("payments-oncall rotation");
        }),
        ("an optional field may be unknown", |a| {
            a["premortem"] = json!({"unknown": true});
        }),
    ];
    let world = World::new();
    for (what, change) in cases {
        let mut answers = complete_answers();
        change(&mut answers);
        let id = world.new_with_answers(&answers);
        let (code, verdict) = check_json(&world, &id);
        assert_eq!(code, 0, "{what}: {:#?}", gaps(&verdict));
    }
}

#[test]
fn check_without_ids_checks_every_record() {
    let world = World::new();
    let ready = world.new_with_answers(&complete_answers());
    world.cmd().arg("check").assert().code(0);

    let draft = world.new_record("Half done");
    let output = world.cmd().arg("check").output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let out = stdout(&output);
    assert!(out.contains(&ready) && out.contains(&draft), "{out}");

    // Naming only the ready one passes again.
    world.cmd().args(["check", &ready]).assert().code(0);
}

#[test]
fn check_json_has_records_with_sections_and_gaps() {
    let world = World::new();
    let id = world.new_with_answers(&json!({
        "title": "Partly answered",
        "owner_primary": "the team"
    }));
    let output = world.run_exit(1, &["check", "--json"]);
    let body: Value = serde_json::from_slice(&output.stdout).unwrap();
    let keys: Vec<&String> = body.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["errors", "problems", "records"]);
    assert_eq!(body["errors"], json!([]));
    assert_eq!(body["problems"], json!([]));

    let record = &body["records"][0];
    assert_eq!(record["id"], id);
    assert_eq!(record["title"], "Partly answered");
    assert_eq!(record["status"], "draft");
    assert_eq!(
        record["path"].as_str().map(std::path::PathBuf::from),
        Some(world.record_path(&id))
    );
    assert_eq!(record["ready"], false);
    let set = production_set();
    let sections = record["sections"].as_array().unwrap();
    let ids: Vec<&str> = sections
        .iter()
        .map(|s| s["section"].as_str().unwrap())
        .collect();
    let expected: Vec<&str> = set.sections.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, expected, "one entry per section, in set order");
    let mut total = 0;
    for section in sections {
        assert!(section["title"].is_string());
        let gaps = section["gaps"].as_array().unwrap();
        assert_eq!(section["ready"], gaps.is_empty());
        total += gaps.len();
        for gap in gaps {
            for key in ["kind", "field", "problem", "fix"] {
                assert!(gap[key].is_string(), "{key} in {gap}");
            }
        }
    }
    assert_eq!(record["gaps"], total);

    let owner = sections.iter().find(|s| s["section"] == "owner").unwrap();
    let team_word = owner["gaps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["field"] == "owner_primary")
        .expect("gap for the team word");
    assert_eq!(team_word["kind"], "invalid");
    assert!(
        team_word["problem"]
            .as_str()
            .unwrap()
            .contains("\"the team\"")
    );

    let cost = sections.iter().find(|s| s["section"] == "cost").unwrap();
    assert!(!cost["gaps"].as_array().unwrap().is_empty());
}

#[test]
fn grid_cell_gaps_name_their_row_and_column() {
    let world = World::new();
    let mut answers = complete_answers();
    for row in answers["cost_grid"].as_array_mut().unwrap() {
        if row["row"] == "onboarding_time" {
            row["today"] = json!({"unknown": true, "note": "ask the last new hire"});
        }
    }
    let id = world.new_with_answers(&answers);
    let (code, verdict) = check_json(&world, &id);
    assert_eq!(code, 1);
    let all = gaps(&verdict);
    assert_eq!(all.len(), 1, "{all:#?}");
    let set = production_set();
    let grid = set.field("cost_grid").unwrap();
    let row = grid
        .rows
        .iter()
        .position(|r| r.id == "onboarding_time")
        .unwrap();
    assert_eq!(all[0]["kind"], "unknown");
    assert_eq!(all[0]["row"], row);
    assert_eq!(all[0]["column"], "today");
    assert!(
        all[0]["problem"]
            .as_str()
            .unwrap()
            .contains("ask the last new hire")
    );
}

#[test]
fn check_errors_exit_2() {
    let world = World::new();
    world.new_with_answers(&complete_answers());
    let output = world.run_exit(2, &["check", "nosuch"]);
    assert_stderr_says(&output, "\"nosuch\"");

    let output = world.run_exit(2, &["check", "--json", "nosuch"]);
    let body: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(body["records"], json!([]));
    assert!(body["errors"][0].as_str().unwrap().contains("nosuch"));
}

#[test]
fn whole_store_check_names_each_unreadable_file_in_file_name_order() {
    let world = World::new();
    let good = world.new_with_answers(&complete_answers());
    // A folder where a record file should be (unreadable, even by root)
    // and a file cut short; their names sort before and after the good one.
    let folder = world.record_path("0000000000000000");
    std::fs::create_dir(&folder).unwrap();
    let cut = world.record_path("zzzzzzzzzzzzzzzz");
    std::fs::write(&cut, "{ \"schema\": 1,").unwrap();

    let output = world.cmd().arg("check").output().unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let err = stderr(&output);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 2, "{err}");
    assert!(
        lines[0].starts_with(&format!("preflight: cannot read {}", folder.display())),
        "{err}"
    );
    assert!(
        lines[1].starts_with(&format!("preflight: {}:1:", cut.display()))
            && lines[1].contains("not a valid record"),
        "{err}"
    );
    assert!(
        stdout(&output).contains(&good),
        "the good record is still checked"
    );

    let output = world.run_exit(2, &["check", "--json"]);
    let body: Value = serde_json::from_slice(&output.stdout).unwrap();
    let errors: Vec<&str> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(
        errors,
        [
            &lines[0]["preflight: ".len()..],
            &lines[1]["preflight: ".len()..]
        ]
    );
    assert_eq!(body["records"].as_array().unwrap().len(), 1);
    assert_eq!(body["records"][0]["id"], json!(good));
}
