//! Answers as JSON: every variant round-trips, blank / Unknown / value stay
//! three states, and `--answers` values are read per field kind.

use serde_json::{Value, json};

use preflight::answers_input::{answer_for, apply_answers};
use preflight::record::{Answer, Record, RecordId, Row, answer_from_json, answer_to_json};

use crate::common::production_set;

fn row(cells: &[(&str, Answer)]) -> Row {
    cells
        .iter()
        .map(|(k, v)| ((*k).to_string(), v.clone()))
        .collect()
}

/// Every variant, with the JSON it is stored as.
fn variants() -> Vec<(Answer, Value)> {
    vec![
        (Answer::unknown(), json!({"unknown": true})),
        (
            Answer::Unknown {
                note: Some("waiting on the vendor's quote".into()),
            },
            json!({"unknown": true, "note": "waiting on the vendor's quote"}),
        ),
        (Answer::Text("Flip the flag".into()), json!("Flip the flag")),
        (
            Answer::Text("line one\n\n- a list\n".into()),
            json!("line one\n\n- a list\n"),
        ),
        (Answer::Flag(true), json!(true)),
        (Answer::Flag(false), json!(false)),
        (
            Answer::Words(vec!["redis".into(), "sessions".into()]),
            json!(["redis", "sessions"]),
        ),
        (
            Answer::Rows(vec![
                row(&[
                    ("component", Answer::Text("Redis".into())),
                    (
                        "detection",
                        Answer::Unknown {
                            note: Some("no alert yet".into()),
                        },
                    ),
                ]),
                row(&[("component", Answer::Text("Network".into()))]),
            ]),
            json!([
                {"component": "Redis", "detection": {"unknown": true, "note": "no alert yet"}},
                {"component": "Network"}
            ]),
        ),
        (
            Answer::Rows(vec![row(&[
                ("row", Answer::Text("compute".into())),
                ("today", Answer::Text("$60".into())),
                ("at_10x", Answer::unknown()),
            ])]),
            json!([{"row": "compute", "today": "$60", "at_10x": {"unknown": true}}]),
        ),
    ]
}

#[test]
fn every_answer_variant_round_trips_through_json() {
    for (answer, stored) in variants() {
        assert_eq!(answer_to_json(&answer), stored, "{answer:?}");
        let text = serde_json::to_string(&answer).unwrap();
        assert_eq!(serde_json::from_str::<Value>(&text).unwrap(), stored);
        let back: Answer = serde_json::from_str(&text).unwrap();
        assert_eq!(back, answer, "serde round trip of {text}");
        assert_eq!(answer_from_json(&stored).unwrap(), answer);
    }
}

#[test]
fn unknown_with_a_note_is_not_a_text_answer() {
    let unknown = Answer::Unknown {
        note: Some("ask Priya".into()),
    };
    assert!(unknown.is_unknown());
    assert!(!unknown.is_empty(), "an unknown is said on purpose");
    assert_eq!(unknown.as_text(), None);
    assert_eq!(unknown.comparable(), None, "rule conditions never match it");
    assert_eq!(unknown.clone().normalized(), Some(unknown));
    assert_eq!(
        Answer::Unknown {
            note: Some("  ".into())
        }
        .normalized(),
        Some(Answer::unknown()),
        "a blank note is dropped, the unknown stays"
    );
}

#[test]
fn malformed_answer_json_is_refused_with_a_reason() {
    let cases = [
        (json!(null), "null"),
        (json!(3), "number"),
        (json!({"unknown": false}), "{\"unknown\": true}"),
        (json!({"note": "x"}), "{\"unknown\": true}"),
        (json!({"unknown": true, "why": "x"}), "\"why\""),
        (json!({"unknown": true, "note": 5}), "must be text"),
        (json!([1, 2]), "row 1"),
        (json!([{"component": 5}]), "row 1, component"),
    ];
    for (value, needle) in cases {
        let err = answer_from_json(&value).expect_err(&value.to_string());
        assert!(err.contains(needle), "{value}: {needle:?} not in {err:?}");
    }
}

#[test]
fn normalizing_drops_what_carries_nothing() {
    assert_eq!(Answer::Text("   ".into()).normalized(), None);
    assert_eq!(
        Answer::Words(vec![" ".into(), String::new()]).normalized(),
        None
    );
    assert_eq!(
        Answer::Words(vec![" redis ".into(), String::new()]).normalized(),
        Some(Answer::Words(vec!["redis".into()]))
    );
    assert_eq!(Answer::Rows(Vec::new()).normalized(), None);
    let grid_row_only = row(&[("row", Answer::Text("compute".into()))]);
    assert_eq!(Answer::Rows(vec![grid_row_only]).normalized(), None);
    let messy = Answer::Rows(vec![
        row(&[
            ("component", Answer::Text("Redis".into())),
            ("trigger", Answer::Text(" ".into())),
        ]),
        row(&[("component", Answer::Text(String::new()))]),
    ]);
    assert_eq!(
        messy.normalized(),
        Some(Answer::Rows(vec![row(&[(
            "component",
            Answer::Text("Redis".into())
        )])]))
    );
    assert_eq!(Answer::Flag(false).normalized(), Some(Answer::Flag(false)));
}

#[test]
fn answers_input_reads_each_kind_in_its_documented_shape() {
    let set = production_set();
    let field = |id: &str| set.field(id).unwrap().clone();
    let cases: Vec<(&str, Value, Option<Answer>)> = vec![
        (
            "mechanism",
            json!("Flip the flag"),
            Some(Answer::Text("Flip the flag".into())),
        ),
        (
            "summary",
            json!("Two\n\nparagraphs"),
            Some(Answer::Text("Two\n\nparagraphs".into())),
        ),
        (
            "door",
            json!("one-way"),
            Some(Answer::Text("one-way".into())),
        ),
        (
            "owner_primary",
            json!("Priya Shah"),
            Some(Answer::Text("Priya Shah".into())),
        ),
        (
            "last_tested",
            json!("2026-10-02"),
            Some(Answer::Text("2026-10-02".into())),
        ),
        (
            "runbook",
            json!("docs/runbooks/sessions.md"),
            Some(Answer::Text("docs/runbooks/sessions.md".into())),
        ),
        (
            "runbook",
            json!("https://wiki.example.com/x"),
            Some(Answer::Text("https://wiki.example.com/x".into())),
        ),
        (
            "debuggable_by_others",
            json!(true),
            Some(Answer::Flag(true)),
        ),
        (
            "debuggable_by_others",
            json!("no"),
            Some(Answer::Flag(false)),
        ),
        (
            "debuggable_by_others",
            json!("Yes"),
            Some(Answer::Flag(true)),
        ),
        (
            "tags",
            json!(["redis", "sessions"]),
            Some(Answer::Words(vec!["redis".into(), "sessions".into()])),
        ),
        (
            "tags",
            json!("redis, sessions"),
            Some(Answer::Words(vec!["redis".into(), "sessions".into()])),
        ),
        (
            "decision_makers",
            json!("Priya Shah, Marco Bianchi"),
            Some(Answer::Words(vec![
                "Priya Shah".into(),
                "Marco Bianchi".into(),
            ])),
        ),
        // Blank text is blank for every kind, not a bad date or choice.
        ("last_tested", json!(""), None),
        ("door", json!("  "), None),
        ("debuggable_by_others", json!(""), None),
        ("premortem", json!(null), None),
        ("premortem", json!("  "), None),
        (
            "premortem",
            json!({"unknown": true, "note": "after the game day"}),
            Some(Answer::Unknown {
                note: Some("after the game day".into()),
            }),
        ),
        (
            "failure_modes",
            json!([{"component": "Redis", "severity": "high", "detection": {"unknown": true}}]),
            Some(Answer::Rows(vec![row(&[
                ("component", Answer::Text("Redis".into())),
                ("detection", Answer::unknown()),
                ("severity", Answer::Text("high".into())),
            ])])),
        ),
        (
            "cost_grid",
            json!({"compute": {"today": "$60", "at_10x": "$600"}}),
            Some(Answer::Rows(vec![row(&[
                ("at_10x", Answer::Text("$600".into())),
                ("row", Answer::Text("compute".into())),
                ("today", Answer::Text("$60".into())),
            ])])),
        ),
        (
            "cost_grid",
            json!([{"row": "compute", "today": "$60"}]),
            Some(Answer::Rows(vec![row(&[
                ("row", Answer::Text("compute".into())),
                ("today", Answer::Text("$60".into())),
            ])])),
        ),
    ];
    for (id, value, expected) in cases {
        assert_eq!(
            answer_for(&field(id), &value),
            Ok(expected),
            "{id} = {value}"
        );
    }
}

#[test]
fn apply_answers_is_all_or_nothing() {
    let set = production_set();
    let now = "2026-11-20T10:00:00Z".parse().unwrap();
    let mut record = Record::new(
        RecordId::parse("a11n0th1ng000000").unwrap(),
        "Before",
        &set,
        now,
    );
    let before = record.clone();
    let errors = apply_answers(
        &set,
        &mut record,
        &json!({"title": "After", "summary": "fine", "door": "sideways", "nope": 1}),
    )
    .unwrap_err();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(errors.iter().any(|e| e.starts_with("field \"door\"")));
    assert!(errors.iter().any(|e| e.starts_with("field \"nope\"")));
    assert_eq!(record, before, "nothing applied when anything is wrong");

    apply_answers(
        &set,
        &mut record,
        &json!({"title": "After", "author": "Dana Ruiz", "tags": "a, b", "summary": "fine"}),
    )
    .unwrap();
    assert_eq!(record.title, "After");
    assert_eq!(record.author, "Dana Ruiz");
    assert_eq!(record.tags, ["a", "b"]);
    assert_eq!(
        record.answers.keys().collect::<Vec<_>>(),
        ["summary"],
        "bound fields live in the metadata, not in answers"
    );
}
