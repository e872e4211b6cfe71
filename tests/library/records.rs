//! Records as stored: exact round trips, a stable key order, and keys from
//! a newer preflight kept as they are.

use std::fs;
use std::path::Path;

use serde_json::{Value, json};

use preflight::answers_input::apply_answers;
use preflight::record::{Answer, Record, RecordId, Status, handle_length};
use preflight::store::{Store, StoreOrigin, parse_record, record_to_json};

use crate::common::{complete_answers, production_set, record_fixture, repo_root};

fn full_record() -> Record {
    let set = production_set();
    let mut record = Record::new(
        RecordId::parse("r0ndtr1p00000000").unwrap(),
        "placeholder",
        &set,
        "2026-11-02T09:30:00.123456789Z".parse().unwrap(),
    );
    apply_answers(&set, &mut record, &complete_answers()).unwrap();
    // New records start at a whole second; a file may hold finer times.
    record.created = "2026-11-02T09:30:00.123456789Z".parse().unwrap();
    record.status = Status::Accepted;
    record.updated = "2026-11-18T16:05:00Z".parse().unwrap();
    record
}

/// Byte offsets of `"key":` for each key, in the order given.
fn offsets(text: &str, keys: &[&str], indent: &str) -> Vec<usize> {
    keys.iter()
        .map(|k| {
            text.find(&format!("\n{indent}\"{k}\":"))
                .unwrap_or_else(|| panic!("{k} not found at indent {indent:?}"))
        })
        .collect()
}

fn is_sorted(values: &[usize]) -> bool {
    values.windows(2).all(|w| w[0] < w[1])
}

#[test]
fn save_then_load_gives_the_same_record_and_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::at(dir.path(), StoreOrigin::Flag);
    let record = full_record();
    let path = store.save(&record).unwrap();
    assert_eq!(path, dir.path().join("records/r0ndtr1p00000000.json"));

    let loaded = store.load(&record.id).unwrap();
    assert_eq!(loaded, record);
    assert_eq!(
        loaded.created.to_string(),
        "2026-11-02T09:30:00.123456789Z",
        "sub-second time survives"
    );
    let bytes = fs::read(&path).unwrap();
    assert_eq!(bytes, record_to_json(&record));
    assert!(bytes.ends_with(b"}\n"), "one final newline");

    // Saving what was loaded changes nothing.
    store.save(&loaded).unwrap();
    assert_eq!(fs::read(&path).unwrap(), bytes);
}

#[test]
fn serialising_is_stable_with_fixed_key_order_and_sorted_answers() {
    let record = full_record();
    let first = record_to_json(&record);
    let second = record_to_json(&record.clone());
    assert_eq!(first, second);
    let text = String::from_utf8(first).unwrap();

    let top = [
        "schema", "id", "title", "status", "author", "tags", "set", "created", "updated", "answers",
    ];
    assert!(is_sorted(&offsets(&text, &top, "  ")), "{text}");

    let value: Value = serde_json::from_str(&text).unwrap();
    let mut answer_keys: Vec<&str> = value["answers"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert!(answer_keys.len() > 10);
    let in_file = offsets(&text, &answer_keys, "    ");
    assert!(is_sorted(&in_file), "answers are written sorted by id");
    answer_keys.sort_unstable();
    assert_eq!(answer_keys, {
        let mut keys: Vec<&str> = record.answers.keys().map(String::as_str).collect();
        keys.sort_unstable();
        keys
    });

    // Insertion order does not matter: the same answers set in reverse
    // give the same bytes.
    let set = production_set();
    let mut reversed = record.clone();
    reversed.answers.clear();
    for (id, answer) in record.answers.iter().rev() {
        reversed.set_answer(set.field(id).unwrap(), Some(answer.clone()));
    }
    assert_eq!(record_to_json(&reversed), record_to_json(&record));
}

#[test]
fn keys_from_a_newer_preflight_are_kept_on_save() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::at(dir.path(), StoreOrigin::Flag);
    let mut fixture = record_fixture("f0rward000000000", "Forward compatible");
    fixture["reviewers"] = json!(["Priya Shah", "Marco Bianchi"]);
    fixture["x_links"] = json!({"ticket": "OPS-1234", "weight": 2.5, "open": null});
    fixture["answers"] = json!({"summary": "Kept"});
    let path = store.record_path(&RecordId::parse("f0rward000000000").unwrap());
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(&path, serde_json::to_vec_pretty(&fixture).unwrap()).unwrap();

    let mut record = store
        .load(&RecordId::parse("f0rward000000000").unwrap())
        .unwrap();
    assert_eq!(record.unknown_keys["reviewers"], fixture["reviewers"]);
    record.status = Status::Proposed;
    record.set_answer(
        production_set().field("premortem").unwrap(),
        Some(Answer::Text("Added later".into())),
    );
    store.save(&record).unwrap();

    let saved: Value = serde_json::from_slice(&fs::read(&path).unwrap()).unwrap();
    assert_eq!(saved["reviewers"], fixture["reviewers"]);
    assert_eq!(saved["x_links"], fixture["x_links"]);
    assert_eq!(saved["status"], "proposed");
    assert_eq!(saved["answers"]["summary"], "Kept");
    assert_eq!(saved["answers"]["premortem"], "Added later");
}

#[test]
fn a_newer_schema_is_refused_before_its_fields_are_read() {
    let mut fixture = record_fixture("n3w00000000000000", "Future");
    fixture["schema"] = json!(2);
    fixture["status"] = json!("in-review");
    fixture["answers"] = json!({"summary": {"format": "rich"}});
    let err = parse_record(&fixture.to_string(), Path::new("future.json")).unwrap_err();
    let message = err.to_string();
    assert!(
        message.starts_with("future.json: written by a newer preflight"),
        "{message}"
    );
    assert!(message.contains("record schema 2"), "{message}");
    assert!(message.contains("reads up to 1"), "{message}");
}

#[test]
fn corrupt_records_carry_the_parser_position() {
    let mut fixture = record_fixture("c0rrpt0000000000", "Bad status");
    fixture["status"] = json!("shipped");
    let text = serde_json::to_string_pretty(&fixture).unwrap();
    let err = parse_record(&text, Path::new("bad.json")).unwrap_err();
    let line = text
        .lines()
        .position(|l| l.contains("\"shipped\""))
        .unwrap()
        + 1;
    let message = err.to_string();
    assert!(
        message.starts_with(&format!("bad.json:{line}:")),
        "{message}"
    );
    assert!(message.contains("unknown variant `shipped`"), "{message}");
    assert!(message.contains("left untouched"), "{message}");
}

#[test]
fn blank_unknown_and_value_are_three_states_of_a_record() {
    let set = production_set();
    let field = set.field("owner_backup").unwrap();
    let mut record = Record::new(
        RecordId::parse("thr33000000000000").unwrap(),
        "Three states",
        &set,
        "2026-11-20T10:00:00Z".parse().unwrap(),
    );
    assert_eq!(record.answer(field), None);
    assert!(
        !record_to_json(&record)
            .windows(12)
            .any(|w| w == b"owner_backup")
    );

    record.set_answer(field, Some(Answer::unknown()));
    assert_eq!(record.answer(field), Some(Answer::unknown()));
    let stored: Value = serde_json::from_slice(&record_to_json(&record)).unwrap();
    assert_eq!(stored["answers"]["owner_backup"], json!({"unknown": true}));

    record.set_answer(field, Some(Answer::Text("Priya Shah".into())));
    let stored: Value = serde_json::from_slice(&record_to_json(&record)).unwrap();
    assert_eq!(stored["answers"]["owner_backup"], "Priya Shah");

    record.set_answer(field, Some(Answer::Text("  ".into())));
    assert_eq!(record.answer(field), None, "empty text is blank");
    record.set_answer(field, Some(Answer::unknown()));
    record.set_answer(field, None);
    assert_eq!(record.answer(field), None);
}

#[test]
fn bound_fields_read_and_write_the_metadata() {
    let set = production_set();
    let mut record = Record::new(
        RecordId::parse("b0nd000000000000").unwrap(),
        "Original",
        &set,
        "2026-11-20T10:00:00Z".parse().unwrap(),
    );
    let title = set.field("title").unwrap();
    let tags = set.field("tags").unwrap();
    assert_eq!(record.answer(title), Some(Answer::Text("Original".into())));
    record.set_answer(title, Some(Answer::Text("  Renamed  ".into())));
    record.set_answer(tags, Some(Answer::Words(vec!["a".into(), " ".into()])));
    assert_eq!(record.title, "Renamed");
    assert_eq!(record.tags, ["a"]);
    assert!(record.answers.is_empty());
    record.set_answer(set.field("author").unwrap(), Some(Answer::unknown()));
    assert_eq!(record.author, "");
    assert_eq!(record.answers["author"], Answer::unknown());
}

#[test]
fn record_ids_are_crockford_base32_and_never_paths() {
    for _ in 0..50 {
        let id = RecordId::generate().unwrap();
        assert_eq!(id.as_str().len(), 16);
        assert_eq!(RecordId::parse(id.as_str()), Some(id));
    }
    for bad in [
        "",
        "../x",
        "a/b",
        "ABC",
        "hello",
        "sl1ce",
        "has space",
        "o0",
        "u1",
        "é",
    ] {
        assert_eq!(RecordId::parse(bad), None, "{bad:?}");
    }
    assert!(RecordId::parse(&"a".repeat(64)).is_some());
    assert!(RecordId::parse(&"a".repeat(65)).is_none());
}

#[test]
fn handles_are_long_enough_to_tell_ids_apart() {
    let ids: Vec<RecordId> = ["abcde00000000001", "abcde00000000002", "xyz0000000000000"]
        .into_iter()
        .map(|s| RecordId::parse(s).unwrap())
        .collect();
    let refs: Vec<&RecordId> = ids.iter().collect();
    assert_eq!(handle_length(&refs, 5), 16);
    assert_eq!(handle_length(&refs[1..], 5), 5);
    assert_eq!(handle_length(&[], 5), 5);
}

#[test]
fn the_sample_record_is_stored_exactly_as_preflight_writes_it() {
    let path = repo_root().join("assets/sample-record.json");
    let text = fs::read_to_string(&path).unwrap();
    let record = parse_record(&text, &path).unwrap();
    assert_eq!(
        String::from_utf8(record_to_json(&record)).unwrap(),
        text,
        "assets/sample-record.json is not in preflight's own format"
    );
}
