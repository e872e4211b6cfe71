//! The list index (`<store>/.cache/list-index.json`): it must give the same
//! listing as reading every record, and heal itself whenever the records
//! change under it or it is damaged; it is never trusted over the records.

use std::fs;
use std::time::{Duration, SystemTime};

use preflight::list_index::{Summary, SummaryListing, index_path, summaries_as_of};
use preflight::questionnaire::SetCatalog;
use preflight::store::{Store, StoreError};

use crate::common::generated_store;

/// A store of `count` generated records.
fn store_of(count: usize) -> (tempfile::TempDir, Store) {
    generated_store(count, 4)
}

/// A store of `count` generated records, listed once so the index is
/// written; with the catalog it was listed with.
fn indexed_store(count: usize) -> (tempfile::TempDir, Store, SetCatalog) {
    let (dir, store) = store_of(count);
    let catalog = SetCatalog::built_in();
    summaries(&store, &catalog).unwrap();
    (dir, store, catalog)
}

/// Lists as if a minute had passed since the files were written: files
/// changed in the last seconds are read but not indexed, and these tests
/// are about what the index does with what it holds.
fn summaries(store: &Store, catalog: &SetCatalog) -> Result<SummaryListing, StoreError> {
    summaries_as_of(store, catalog, SystemTime::now() + Duration::from_secs(60))
}

/// What reading every record says, as summaries.
fn truth(store: &Store, catalog: &SetCatalog) -> Vec<Summary> {
    store
        .list()
        .unwrap()
        .records
        .iter()
        .map(|r| Summary::of(r, catalog.get(&r.set.id)))
        .collect()
}

fn indexed_ids(store: &Store) -> Vec<String> {
    let text = fs::read_to_string(index_path(store)).unwrap();
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    value["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["summary"]["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn the_index_gives_what_reading_every_record_gives() {
    let (_dir, store) = store_of(12);
    let catalog = SetCatalog::built_in();
    let first = summaries(&store, &catalog).unwrap();
    assert!(index_path(&store).is_file(), "the first listing writes it");
    assert_eq!(indexed_ids(&store).len(), 12);
    let second = summaries(&store, &catalog).unwrap();
    assert_eq!(first.summaries, truth(&store, &catalog));
    assert_eq!(second.summaries, first.summaries);
    assert!(second.problems.is_empty());
    // It is a derived file: git is told to leave the folder alone.
    let ignore = store.root().join(".cache/.gitignore");
    assert!(fs::read_to_string(ignore).unwrap().contains('*'));
}

#[test]
fn an_edit_made_outside_preflight_is_seen_even_with_the_old_size_and_time() {
    let (_dir, store, catalog) = indexed_store(5);
    let id = store.ids().unwrap()[2].clone();
    let path = store.record_path(&id);
    let before = fs::metadata(&path).unwrap();
    // Same length, same modified time: only the content (and the change
    // time, which cannot be set by hand) differ.
    let text = fs::read_to_string(&path).unwrap();
    let record = store.load(&id).unwrap();
    let renamed: String = record.title.chars().map(|_| 'Z').collect();
    let edited = text.replacen(
        &format!(
            "\"title\": {}",
            serde_json::to_string(&record.title).unwrap()
        ),
        &format!("\"title\": {}", serde_json::to_string(&renamed).unwrap()),
        1,
    );
    assert_eq!(edited.len(), text.len());
    fs::write(&path, &edited).unwrap();
    fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(before.modified().unwrap())
        .unwrap();

    let listing = summaries(&store, &catalog).unwrap();
    let shown = listing.summaries.iter().find(|s| s.id == id).unwrap();
    assert_eq!(shown.title, renamed);
    assert_eq!(listing.summaries, truth(&store, &catalog));
}

#[test]
fn a_status_change_made_by_another_preflight_is_seen() {
    let (_dir, store, catalog) = indexed_store(4);
    let id = store.ids().unwrap()[0].clone();
    let mut record = store.load(&id).unwrap();
    record.title = "Renamed through the store".into();
    record.answers.clear();
    store.save(&record).unwrap();
    let listing = summaries(&store, &catalog).unwrap();
    let shown = listing.summaries.iter().find(|s| s.id == id).unwrap();
    assert_eq!(shown.title, "Renamed through the store");
    assert!(
        !shown.verdict.unwrap().answers_ready(),
        "readiness is checked again"
    );
    assert_eq!(listing.summaries, truth(&store, &catalog));
}

#[test]
fn a_corrupt_or_foreign_index_is_rebuilt_from_the_records() {
    let (_dir, store) = store_of(6);
    let catalog = SetCatalog::built_in();
    let expected = truth(&store, &catalog);
    summaries(&store, &catalog).unwrap();
    for damage in [
        "{ not json".to_string(),
        String::new(),
        r#"{"format": 999, "version": "0.0.0", "entries": []}"#.to_string(),
    ] {
        fs::write(index_path(&store), &damage).unwrap();
        let listing = summaries(&store, &catalog).unwrap();
        assert_eq!(listing.summaries, expected, "after {damage:?}");
        assert_eq!(indexed_ids(&store).len(), 6, "rewritten whole");
    }
}

#[test]
fn a_deleted_record_leaves_the_list_and_the_index() {
    let (_dir, store, catalog) = indexed_store(5);
    let gone = store.ids().unwrap()[3].clone();
    fs::remove_file(store.record_path(&gone)).unwrap();
    let listing = summaries(&store, &catalog).unwrap();
    assert_eq!(listing.summaries.len(), 4);
    assert!(listing.summaries.iter().all(|s| s.id != gone));
    assert!(!indexed_ids(&store).contains(&gone.to_string()));
}

#[test]
fn a_record_broken_after_indexing_is_reported_and_left_untouched() {
    let (_dir, store, catalog) = indexed_store(3);
    let id = store.ids().unwrap()[1].clone();
    let path = store.record_path(&id);
    fs::write(&path, "{\n  \"schema\": 1,\n  \"id\": oops\n}\n").unwrap();
    for _ in 0..2 {
        let listing = summaries(&store, &catalog).unwrap();
        assert_eq!(listing.summaries.len(), 2);
        assert_eq!(listing.unloaded, std::slice::from_ref(&id));
        match &listing.problems[..] {
            [StoreError::Corrupt { line, column, .. }] => assert_eq!((*line, *column), (3, 9)),
            other => panic!("expected one corrupt file, got {other:?}"),
        }
        assert!(
            listing.problems[0]
                .to_string()
                .contains(&format!("{}:3:9:", path.display()))
        );
    }
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        "{\n  \"schema\": 1,\n  \"id\": oops\n}\n"
    );
    assert!(!indexed_ids(&store).contains(&id.to_string()));
}

#[test]
fn a_changed_question_set_rechecks_readiness() {
    let (_dir, store) = store_of(3);
    let built_in = SetCatalog::built_in();
    let before = summaries(&store, &built_in).unwrap();
    assert!(before.summaries.iter().all(|s| s.verdict.is_some()));
    // The same set id, with one more required field nobody answered.
    let mut catalog = built_in.clone();
    let mut set = catalog.sets[0].set.clone();
    let mut extra = set.sections[0].fields[0].clone();
    extra.id = "new_required".into();
    extra.bind = None;
    extra.required = true;
    set.sections[0].fields.push(extra);
    catalog.sets[0].set = set;
    let after = summaries(&store, &catalog).unwrap();
    assert_eq!(after.summaries, truth(&store, &catalog));
    assert!(
        after
            .summaries
            .iter()
            .all(|s| !s.verdict.unwrap().answers_ready())
    );
    // And with no set at all, there is no readiness to show.
    let none = summaries(&store, &SetCatalog::default()).unwrap();
    assert!(none.summaries.iter().all(|s| s.verdict.is_none()));
}

#[test]
fn a_file_changed_just_now_is_read_but_not_indexed_yet() {
    let (_dir, store) = store_of(3);
    let catalog = SetCatalog::built_in();
    // Now: every file was written within the last seconds, and a second
    // write in the same clock tick could keep the same stamp.
    let listing = summaries_as_of(&store, &catalog, SystemTime::now()).unwrap();
    assert_eq!(listing.summaries, truth(&store, &catalog));
    assert!(!index_path(&store).exists() || indexed_ids(&store).is_empty());
    summaries(&store, &catalog).unwrap();
    assert_eq!(indexed_ids(&store).len(), 3);
}

#[test]
fn a_read_only_store_still_lists() {
    let (_dir, store) = store_of(2);
    let catalog = SetCatalog::built_in();
    // A file where the cache folder should be: the index cannot be written.
    fs::write(store.root().join(".cache"), "not a folder").unwrap();
    let listing = summaries(&store, &catalog).unwrap();
    assert_eq!(listing.summaries, truth(&store, &catalog));
}
