//! Scores the readiness check on the quality corpus in
//! `tests/fixtures/quality/`: realistic records that are ready (with
//! unusual but specific answers), and records with planted weaknesses,
//! each saying which field, row and column should be flagged.
//!
//! Prints recall per kind of weakness and every flag raised on a ready
//! record, then fails on any false flag or on recall under the floors
//! below. Run it with `cargo test --test cli quality -- --nocapture` to
//! see the table.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use preflight::answers_input::apply_answers;
use preflight::check::{Gap, check};
use preflight::record::{Record, RecordId};
use serde_json::{Map, Value};

use crate::common::{production_set, repo_root};

/// Every kind must find at least this share of what was planted.
const KIND_FLOOR: f64 = 0.75;
/// And all kinds together at least this share.
const OVERALL_FLOOR: f64 = 0.9;

fn corpus() -> std::path::PathBuf {
    repo_root().join("tests/fixtures/quality")
}

fn read_json(path: &Path) -> Value {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Sets `value` at a dotted path of `answers`: `field`, `list.2.column`
/// (0-based row), `grid.row_id.column`, or `list.+` to add a row.
fn set_path(answers: &mut Map<String, Value>, path: &str, value: Value) {
    let parts: Vec<&str> = path.split('.').collect();
    match parts.as_slice() {
        [field] => {
            answers.insert((*field).to_string(), value);
        }
        [field, "+"] => answers[*field]
            .as_array_mut()
            .unwrap_or_else(|| panic!("{field} is not a list"))
            .push(value),
        [field, row, column] => {
            let table = answers
                .get_mut(*field)
                .unwrap_or_else(|| panic!("{field} has no answer to change"));
            let cell = match row.parse::<usize>() {
                Ok(index) => &mut table[index],
                Err(_) => &mut table[*row],
            };
            let cells = cell
                .as_object_mut()
                .unwrap_or_else(|| panic!("{path}: no such row"));
            if value.is_null() {
                cells.remove(*column);
            } else {
                cells.insert((*column).to_string(), value);
            }
        }
        _ => panic!("bad path {path:?}"),
    }
}

/// A corpus file's answers: its own, or its base's with its changes.
fn answers_of(file: &Value) -> Value {
    let mut answers = match file.get("base").and_then(Value::as_str) {
        Some(base) => read_json(&corpus().join("ready").join(format!("{base}.json")))
            .as_object()
            .cloned()
            .expect("a ready record is an object"),
        None => Map::new(),
    };
    let changes = file.get("answers").and_then(Value::as_object).cloned();
    for (path, value) in changes.unwrap_or_default() {
        if value.is_null() && !path.contains('.') {
            answers.remove(&path);
        } else {
            set_path(&mut answers, &path, value);
        }
    }
    Value::Object(answers)
}

/// The built-in set, parsed once: its phrase lists compile on first use.
static SET: std::sync::LazyLock<preflight::questionnaire::QuestionSet> =
    std::sync::LazyLock::new(production_set);

fn record_of(name: &str, answers: &Value) -> Record {
    let set = &*SET;
    let id = RecordId::parse("q14c0rpvs0000000").expect("a valid id");
    let now = "2026-11-20T10:00:00Z".parse().expect("a time");
    let mut record = Record::new(id, "", set, now);
    apply_answers(set, &mut record, answers)
        .unwrap_or_else(|problems| panic!("{name}: answers refused: {problems:#?}"));
    record
}

fn gaps_of(record: &Record) -> Vec<Gap> {
    check(&SET, record)
        .sections
        .into_iter()
        .flat_map(|s| s.gaps)
        .collect()
}

fn files(folder: &str) -> Vec<(String, Value)> {
    let mut out: Vec<(String, Value)> = fs::read_dir(corpus().join(folder))
        .expect("the corpus folder")
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .map(|path| {
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            (name, read_json(&path))
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// Whether a gap is the flag a planted weakness asks for.
fn finds(gap: &Gap, weak: &Value) -> bool {
    let field = weak["field"].as_str().unwrap_or_default();
    let column = weak.get("column").and_then(Value::as_str);
    let row = weak.get("row").and_then(Value::as_u64).map(|r| r as usize);
    gap.field == field
        && column.is_none_or(|c| gap.column.as_deref() == Some(c) || gap.column.is_none())
        && row.is_none_or(|r| gap.row == Some(r) || gap.row.is_none())
}

fn label(gap: &Gap) -> String {
    gap.rule
        .clone()
        .unwrap_or_else(|| format!("{:?}:{}", gap.kind, gap.field).to_lowercase())
}

#[test]
fn the_check_finds_planted_weaknesses_and_never_flags_a_ready_record() {
    let ready = files("ready");
    let weak = files("weak");
    let mut false_flags: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (name, file) in &ready {
        for gap in gaps_of(&record_of(name, file)) {
            false_flags
                .entry(label(&gap))
                .or_default()
                .push(format!("{name}: {} Fix: {}", gap.problem, gap.fix));
        }
    }

    // kind → (planted, found, misses)
    let mut recall: BTreeMap<String, (usize, usize, Vec<String>)> = BTreeMap::new();
    for (name, file) in &weak {
        let gaps = gaps_of(&record_of(name, &answers_of(file)));
        let planted = file["weak"]
            .as_array()
            .expect("a weak record says what is weak");
        assert!(!planted.is_empty(), "{name} plants nothing");
        for weakness in planted {
            let kind = weakness["kind"].as_str().expect("a kind").to_string();
            let entry = recall.entry(kind).or_default();
            entry.0 += 1;
            if gaps.iter().any(|g| finds(g, weakness)) {
                entry.1 += 1;
            } else {
                entry.2.push(format!("{name}: {weakness}"));
            }
        }
    }

    println!(
        "quality corpus: {} ready, {} weak records",
        ready.len(),
        weak.len()
    );
    println!(
        "{:<24} {:>7} {:>5} {:>7}",
        "weakness", "planted", "found", "recall"
    );
    let (mut planted, mut found) = (0, 0);
    for (kind, (p, f, _)) in &recall {
        println!(
            "{kind:<24} {p:>7} {f:>5} {:>6.0}%",
            100.0 * *f as f64 / *p as f64
        );
        planted += p;
        found += f;
    }
    let overall = found as f64 / planted.max(1) as f64;
    println!(
        "{:<24} {planted:>7} {found:>5} {:>6.0}%",
        "all",
        100.0 * overall
    );
    println!("false flags on ready records, by rule:");
    if false_flags.is_empty() {
        println!("  none");
    }
    for (rule, flags) in &false_flags {
        println!("  {rule}: {}", flags.len());
        for flag in flags {
            println!("    {flag}");
        }
    }
    for (kind, (_, _, misses)) in &recall {
        for miss in misses {
            println!("missed {kind}: {miss}");
        }
    }

    assert!(
        false_flags.is_empty(),
        "false flags on ready records: {false_flags:#?}"
    );
    for (kind, (p, f, misses)) in &recall {
        assert!(
            *f as f64 / *p as f64 >= KIND_FLOOR,
            "{kind}: found {f} of {p}; missed {misses:#?}"
        );
    }
    assert!(
        overall >= OVERALL_FLOOR,
        "found {found} of {planted} in all"
    );
    assert!(
        ready.len() >= 25 && ready.len() + weak.len() >= 60,
        "the corpus holds at least 60 records, 25 of them ready"
    );
}
