//! Question-set loading and validation: every kind of bad file is refused
//! with the file, and a line:column or JSON path, and a message that says
//! what is wrong.

use std::fs;
use std::path::PathBuf;

use serde_json::{Value, json};

use preflight::questionnaire::{
    FieldKind, PRODUCTION_JSON, SetCatalog, SetSource, parse_set, validate,
};

/// A valid set that uses every field kind, a rule of each check and both
/// conditions: the base each bad case changes one thing in.
fn full_set() -> Value {
    json!({
        "format": 1,
        "id": "full",
        "name": "Every kind",
        "version": "1",
        "sections": [
            {
                "id": "about",
                "title": "About",
                "fields": [
                    {"id": "title", "label": "Title", "kind": "text", "bind": "title", "required": true},
                    {"id": "author", "label": "Author", "kind": "person", "bind": "author"},
                    {"id": "tags", "label": "Tags", "kind": "tags", "bind": "tags"},
                    {"id": "notes", "label": "Notes", "kind": "markdown"},
                    {"id": "when", "label": "When", "kind": "date", "bind": "review_by"},
                    {"id": "link", "label": "Link", "kind": "url"},
                    {"id": "ok", "label": "OK?", "kind": "yesno"},
                    {"id": "deciders", "label": "Deciders", "kind": "people"},
                    {"id": "pick", "label": "Pick", "kind": "choice",
                     "options": [{"value": "a"}, {"value": "b", "label": "Bee"}]},
                    {"id": "level", "label": "Level", "kind": "rating",
                     "options": [{"value": "low"}, {"value": "high"}]}
                ]
            },
            {
                "id": "tables",
                "title": "Tables",
                "numbered": true,
                "fields": [
                    {"id": "risks", "label": "Risks", "kind": "list", "min_rows": 1,
                     "columns": [
                        {"id": "what", "label": "What", "kind": "text", "required": true},
                        {"id": "seen", "label": "Seen by", "kind": "text"}
                     ]},
                    {"id": "costs", "label": "Costs", "kind": "grid",
                     "rows": [{"id": "cpu", "label": "CPU"}, {"id": "people", "label": "People"}],
                     "columns": [{"id": "now", "label": "Now", "kind": "text", "required": true}]}
                ],
                "rules": [
                    {"id": "seen", "check": "some_row", "field": "risks", "column": "seen",
                     "message": "Nobody sees it.", "fix": "Say who sees it."},
                    {"id": "why", "check": "answered", "field": "notes",
                     "when": {"field": "ok", "equals": ["no"]},
                     "unless": {"field": "pick", "equals": ["b"]},
                     "message": "Say why not.", "fix": "Write notes."}
                ]
            }
        ]
    })
}

fn source() -> SetSource {
    SetSource::File(PathBuf::from("/team/questionnaires/full.json"))
}

/// One bad file: what changes, and the JSON path and words expected.
struct Bad {
    what: &'static str,
    change: fn(&mut Value),
    path: &'static str,
    message: &'static str,
}

fn bad_cases() -> Vec<Bad> {
    vec![
        Bad {
            what: "unknown format",
            change: |s| s["format"] = json!(2),
            path: "format",
            message: "format 2",
        },
        Bad {
            what: "set id with spaces",
            change: |s| s["id"] = json!("Team Set"),
            path: "id",
            message: "\"Team Set\"",
        },
        Bad {
            what: "empty name",
            change: |s| s["name"] = json!(" "),
            path: "name",
            message: "name must not be empty",
        },
        Bad {
            what: "empty version",
            change: |s| s["version"] = json!(""),
            path: "version",
            message: "version must not be empty",
        },
        Bad {
            what: "no sections",
            change: |s| s["sections"] = json!([]),
            path: "sections",
            message: "at least one section",
        },
        Bad {
            what: "duplicate section id",
            change: |s| s["sections"][1]["id"] = json!("about"),
            path: "sections[1].id",
            message: "duplicate section id \"about\"",
        },
        Bad {
            what: "bad section id",
            change: |s| s["sections"][1]["id"] = json!("Tables!"),
            path: "sections[1].id",
            message: "\"Tables!\"",
        },
        Bad {
            what: "empty section title",
            change: |s| s["sections"][0]["title"] = json!(""),
            path: "sections[0].title",
            message: "title must not be empty",
        },
        Bad {
            what: "section without fields",
            change: |s| {
                s["sections"][1]["fields"] = json!([]);
                s["sections"][1]["rules"] = json!([]);
            },
            path: "sections[1].fields",
            message: "at least one field",
        },
        Bad {
            what: "duplicate field id across sections",
            change: |s| s["sections"][1]["fields"][0]["id"] = json!("notes"),
            path: "sections[1].fields[0].id",
            message: "duplicate field id \"notes\"",
        },
        Bad {
            what: "bad field id",
            change: |s| s["sections"][0]["fields"][3]["id"] = json!("Notes Field"),
            path: "sections[0].fields[3].id",
            message: "\"Notes Field\"",
        },
        Bad {
            what: "empty label",
            change: |s| s["sections"][0]["fields"][3]["label"] = json!(""),
            path: "sections[0].fields[3].label",
            message: "label must not be empty",
        },
        Bad {
            what: "choice without options",
            change: |s| {
                s["sections"][0]["fields"][8]
                    .as_object_mut()
                    .unwrap()
                    .remove("options");
            },
            path: "sections[0].fields[8].options",
            message: "a choice field needs \"options\"",
        },
        Bad {
            what: "options on a text field",
            change: |s| s["sections"][0]["fields"][0]["options"] = json!([{"value": "x"}]),
            path: "sections[0].fields[0].options",
            message: "only applies to choice and rating",
        },
        Bad {
            what: "duplicate option",
            change: |s| s["sections"][0]["fields"][9]["options"][1]["value"] = json!("low"),
            path: "sections[0].fields[9].options[1].value",
            message: "duplicate option \"low\"",
        },
        Bad {
            what: "empty option",
            change: |s| s["sections"][0]["fields"][9]["options"][1]["value"] = json!(""),
            path: "sections[0].fields[9].options[1].value",
            message: "option value must not be empty",
        },
        Bad {
            what: "list without columns",
            change: |s| {
                s["sections"][1]["fields"][0]["columns"] = json!([]);
                s["sections"][1]["rules"] = json!([]);
            },
            path: "sections[1].fields[0].columns",
            message: "a list field needs \"columns\"",
        },
        Bad {
            what: "a table inside a table",
            change: |s| {
                s["sections"][1]["fields"][0]["columns"][1] = json!({
                    "id": "seen", "label": "Seen", "kind": "list",
                    "columns": [{"id": "x", "label": "X", "kind": "text"}]
                })
            },
            path: "sections[1].fields[0].columns[1].kind",
            message: "cannot itself be a list or grid",
        },
        Bad {
            what: "duplicate column id",
            change: |s| s["sections"][1]["fields"][0]["columns"][1]["id"] = json!("what"),
            path: "sections[1].fields[0].columns[1].id",
            message: "duplicate column id \"what\"",
        },
        Bad {
            what: "column id row",
            change: |s| s["sections"][1]["fields"][1]["columns"][0]["id"] = json!("row"),
            path: "sections[1].fields[1].columns[0].id",
            message: "reserved",
        },
        Bad {
            what: "column that binds",
            change: |s| s["sections"][1]["fields"][0]["columns"][1]["bind"] = json!("author"),
            path: "sections[1].fields[0].columns[1].bind",
            message: "a column cannot bind",
        },
        Bad {
            what: "columns on a text field",
            change: |s| {
                s["sections"][0]["fields"][3]["columns"] =
                    json!([{"id": "x", "label": "X", "kind": "text"}])
            },
            path: "sections[0].fields[3].columns",
            message: "only applies to list and grid",
        },
        Bad {
            what: "grid without rows",
            change: |s| s["sections"][1]["fields"][1]["rows"] = json!([]),
            path: "sections[1].fields[1].rows",
            message: "a grid field needs \"rows\"",
        },
        Bad {
            what: "rows on a list",
            change: |s| s["sections"][1]["fields"][0]["rows"] = json!([{"id": "a", "label": "A"}]),
            path: "sections[1].fields[0].rows",
            message: "only applies to grid",
        },
        Bad {
            what: "duplicate grid row",
            change: |s| s["sections"][1]["fields"][1]["rows"][1]["id"] = json!("cpu"),
            path: "sections[1].fields[1].rows[1].id",
            message: "duplicate row id \"cpu\"",
        },
        Bad {
            what: "bad grid row id",
            change: |s| s["sections"][1]["fields"][1]["rows"][1]["id"] = json!("People Time"),
            path: "sections[1].fields[1].rows[1].id",
            message: "\"People Time\"",
        },
        Bad {
            what: "min_rows on a grid",
            change: |s| s["sections"][1]["fields"][1]["min_rows"] = json!(2),
            path: "sections[1].fields[1].min_rows",
            message: "only applies to list",
        },
        Bad {
            what: "two fields bind the title",
            change: |s| {
                s["sections"][0]["fields"][3] =
                    json!({"id": "t2", "label": "T2", "kind": "text", "bind": "title"})
            },
            path: "sections[0].fields[3].bind",
            message: "only one field may bind",
        },
        Bad {
            what: "title bound to a markdown field",
            change: |s| s["sections"][0]["fields"][0]["kind"] = json!("markdown"),
            path: "sections[0].fields[0].bind",
            message: "a markdown field cannot bind",
        },
        Bad {
            what: "review_by bound to a text field",
            change: |s| s["sections"][0]["fields"][4]["kind"] = json!("text"),
            path: "sections[0].fields[4].bind",
            message: "a text field cannot bind",
        },
        Bad {
            what: "no title binding",
            change: |s| {
                s["sections"][0]["fields"][0]
                    .as_object_mut()
                    .unwrap()
                    .remove("bind");
            },
            path: "sections",
            message: "\"bind\": \"title\"",
        },
        Bad {
            what: "rule on a missing field",
            change: |s| s["sections"][1]["rules"][1]["field"] = json!("nope"),
            path: "sections[1].rules[1].field",
            message: "\"nope\"",
        },
        Bad {
            what: "some_row without column",
            change: |s| {
                s["sections"][1]["rules"][0]
                    .as_object_mut()
                    .unwrap()
                    .remove("column");
            },
            path: "sections[1].rules[0].column",
            message: "needs \"column\"",
        },
        Bad {
            what: "some_row with an unknown column",
            change: |s| s["sections"][1]["rules"][0]["column"] = json!("colour"),
            path: "sections[1].rules[0].column",
            message: "no column \"colour\"",
        },
        Bad {
            what: "some_row on a field that is not a table",
            change: |s| {
                s["sections"][1]["rules"][0]["field"] = json!("notes");
                s["sections"][1]["rules"][0]
                    .as_object_mut()
                    .unwrap()
                    .remove("column");
            },
            path: "sections[1].rules[0].check",
            message: "needs a list or grid field",
        },
        Bad {
            what: "when on a missing field",
            change: |s| s["sections"][1]["rules"][1]["when"]["field"] = json!("ghost"),
            path: "sections[1].rules[1].when.field",
            message: "\"ghost\"",
        },
        Bad {
            what: "unless on a missing field",
            change: |s| s["sections"][1]["rules"][1]["unless"]["field"] = json!("ghost"),
            path: "sections[1].rules[1].unless.field",
            message: "\"ghost\"",
        },
    ]
}

#[test]
fn the_base_set_and_the_built_in_set_are_valid() {
    let text = serde_json::to_string_pretty(&full_set()).unwrap();
    let set = parse_set(&text, source()).expect("base set is valid");
    let kinds: Vec<FieldKind> = set
        .fields()
        .flat_map(|(_, f)| std::iter::once(f.kind).chain(f.columns.iter().map(|c| c.kind)))
        .collect();
    for kind in FieldKind::ALL {
        assert!(kinds.contains(&kind), "base set lacks {}", kind.name());
    }
    let production = parse_set(PRODUCTION_JSON, SetSource::BuiltIn).expect("production set");
    assert!(validate(&production).is_empty());
    assert_eq!(production.question_count(), 4);
}

#[test]
fn each_kind_of_mistake_is_reported_at_its_json_path() {
    for case in bad_cases() {
        let mut set = full_set();
        (case.change)(&mut set);
        let text = serde_json::to_string_pretty(&set).unwrap();
        let errors = parse_set(&text, source())
            .err()
            .unwrap_or_else(|| panic!("{}: accepted", case.what));
        let matching: Vec<String> = errors
            .iter()
            .filter(|e| e.path.as_deref() == Some(case.path))
            .map(ToString::to_string)
            .collect();
        assert!(
            matching.iter().any(|m| m.contains(case.message)),
            "{}: no error at {} containing {:?}; got {:#?}",
            case.what,
            case.path,
            case.message,
            errors.iter().map(ToString::to_string).collect::<Vec<_>>()
        );
        for error in &errors {
            assert_eq!(error.source, source(), "{}", case.what);
            assert!(
                error
                    .to_string()
                    .starts_with("/team/questionnaires/full.json at "),
                "{}: {error}",
                case.what
            );
        }
    }
}

#[test]
fn every_mistake_in_a_file_is_reported_not_just_the_first() {
    let mut set = full_set();
    set["name"] = json!("");
    set["sections"][1]["rules"][1]["field"] = json!("nope");
    let errors = parse_set(&set.to_string(), source()).unwrap_err();
    let paths: Vec<&str> = errors.iter().filter_map(|e| e.path.as_deref()).collect();
    assert_eq!(paths, ["name", "sections[1].rules[1].field"]);
}

/// (what, the file's text, words the message must contain). The line and
/// column are checked against serde_json's own for the same text.
fn syntax_cases() -> Vec<(&'static str, String, &'static str)> {
    let set = serde_json::to_string_pretty(&full_set()).unwrap();
    vec![
        (
            "not JSON",
            "{\n  \"format\": 1,\n  oops\n}".into(),
            "key must be a string",
        ),
        ("truncated", set[..set.len() / 2].to_string(), "EOF"),
        (
            "unknown kind",
            set.replacen("\"kind\": \"markdown\"", "\"kind\": \"txt\"", 1),
            "unknown variant `txt`",
        ),
        (
            "misspelt key",
            set.replacen("\"label\": \"Notes\"", "\"lable\": \"Notes\"", 1),
            "unknown field `lable`",
        ),
        (
            "unknown rule check",
            set.replacen("\"check\": \"answered\"", "\"check\": \"exists\"", 1),
            "unknown variant `exists`",
        ),
        (
            "unknown binding",
            set.replacen("\"bind\": \"tags\"", "\"bind\": \"labels\"", 1),
            "unknown variant `labels`",
        ),
        (
            "unknown top-level key",
            set.replacen("\"format\": 1,", "\"format\": 1, \"colour\": \"red\",", 1),
            "unknown field `colour`",
        ),
        (
            "missing sections",
            "{\"format\": 1, \"id\": \"x\", \"name\": \"X\", \"version\": \"1\"}".into(),
            "missing field `sections`",
        ),
        (
            "equals that is not a list",
            set.replacen("\"equals\": [\n", "\"equals\": \"no\", \"x\": [\n", 1),
            "expected a sequence",
        ),
    ]
}

#[test]
fn syntax_and_shape_errors_give_line_and_column() {
    for (what, text, needle) in syntax_cases() {
        let errors = parse_set(&text, source())
            .err()
            .unwrap_or_else(|| panic!("{what}: accepted"));
        assert_eq!(errors.len(), 1, "{what}");
        let error = &errors[0];
        let expected = serde_json::from_str::<preflight::questionnaire::QuestionSet>(&text)
            .expect_err("serde rejects it too");
        assert_eq!(
            error.position,
            Some((expected.line(), expected.column())),
            "{what}"
        );
        let shown = error.to_string();
        assert!(
            shown.starts_with(&format!(
                "/team/questionnaires/full.json:{}:{}: ",
                expected.line(),
                expected.column()
            )),
            "{what}: {shown}"
        );
        assert!(shown.contains(needle), "{what}: {needle:?} not in {shown}");
        assert!(!shown.contains(" at line "), "position shown once: {shown}");
    }
}

#[test]
fn a_catalog_loads_folders_in_order_and_reports_broken_files() {
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("config");
    let second = dir.path().join("store");
    fs::create_dir_all(&first).unwrap();
    fs::create_dir_all(&second).unwrap();

    let mut v1 = full_set();
    v1["version"] = json!("1");
    fs::write(first.join("full.json"), v1.to_string()).unwrap();
    let mut v2 = full_set();
    v2["version"] = json!("2");
    fs::write(second.join("full.json"), v2.to_string()).unwrap();
    fs::write(second.join("broken.json"), "{").unwrap();
    fs::write(second.join("notes.txt"), "not a set, not read").unwrap();

    let catalog = SetCatalog::load(&[first.clone(), second.clone(), dir.path().join("absent")]);
    let ids: Vec<&str> = catalog.sets.iter().map(|l| l.set.id.as_str()).collect();
    assert_eq!(ids, ["full", "production"]);
    assert_eq!(
        catalog.get("full").unwrap().version,
        "2",
        "later folder wins"
    );
    let full = catalog.sets.iter().find(|l| l.set.id == "full").unwrap();
    assert_eq!(full.source, SetSource::File(second.join("full.json")));
    assert_eq!(catalog.problems.len(), 1, "{:?}", catalog.problems);
    assert_eq!(
        catalog.problems[0].source,
        SetSource::File(second.join("broken.json"))
    );
    assert!(catalog.problems[0].position.is_some());
}
