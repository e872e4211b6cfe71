//! The list index (`<store>/.cache/list-index.json`): it must give the same
//! listing as reading every record, and heal itself whenever the records
//! change under it or it is damaged; it is never trusted over the records.

use std::fs;
use std::time::{Duration, SystemTime};

use preflight::list_index::{
    IndexState, Stamp, Summary, SummaryListing, index_path, summaries_as_of,
};
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

/// Enough records that a listing reads them on every core (fewer than 32
/// are read on the calling thread).
const MANY: usize = 70;

/// Every problem as the user reads it.
fn problem_texts(listing: &SummaryListing) -> Vec<String> {
    listing.problems.iter().map(ToString::to_string).collect()
}

/// The index's promise, through the public API: an entry whose stamp is
/// still its file's says what reading the file says.
fn assert_trusted_entries_are_true(store: &Store, catalog: &SetCatalog, listing: &SummaryListing) {
    for summary in &listing.summaries {
        let Some(stamp) = listing.stamps.get(&summary.id) else {
            continue;
        };
        // Compared only when the file kept that stamp across the read
        // (a writer may be at work in another thread).
        let path = store.record_path(&summary.id);
        if Stamp::of_path(&path).as_ref() != Some(stamp) {
            continue;
        }
        let record = store.load(&summary.id).unwrap();
        if Stamp::of_path(&path).as_ref() == Some(stamp) {
            assert_eq!(summary, &Summary::of(&record, catalog.get(&record.set.id)));
        }
    }
}

#[test]
fn reading_on_every_core_gives_what_reading_on_one_thread_gives() {
    let (_dir, store) = store_of(MANY);
    let catalog = SetCatalog::built_in();
    let ids = store.ids().unwrap();
    // Broken files in the middle: the order of problems must not depend on
    // which thread read them.
    fs::write(
        store.record_path(&ids[7]),
        "{\n  \"schema\": 1,\n  \"id\": oops\n}\n",
    )
    .unwrap();
    fs::write(store.record_path(&ids[40]), "").unwrap();
    let mut runs = Vec::new();
    for threads in [1, 4] {
        let _ = fs::remove_dir_all(store.root().join(".cache"));
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        let listing = pool.install(|| summaries(&store, &catalog)).unwrap();
        assert_eq!(listing.how.threads, threads, "{}", listing.how);
        assert_eq!(listing.how.unindexed, MANY);
        let index = fs::read(index_path(&store)).unwrap();
        runs.push((
            listing.summaries.clone(),
            problem_texts(&listing),
            listing.unloaded.clone(),
            listing.stamps.clone(),
            index,
        ));
    }
    assert_eq!(runs[0], runs[1]);
    assert_eq!(runs[0].0, truth(&store, &catalog));
    assert_eq!(runs[0].2, vec![ids[7].clone(), ids[40].clone()]);
}

#[test]
fn a_fresh_clone_reports_a_broken_record_exactly_as_loading_it_does() {
    let (_dir, store) = store_of(MANY);
    let catalog = SetCatalog::built_in();
    let ids = store.ids().unwrap();
    let broken = &ids[33];
    // Valid JSON, but not a record this version reads: only the full
    // parse refuses it.
    let text = fs::read_to_string(store.record_path(broken)).unwrap();
    fs::write(
        store.record_path(broken),
        text.replacen("\"status\": \"", "\"status\": \"nonsense-", 1),
    )
    .unwrap();
    let expected = store.load(broken).unwrap_err().to_string();
    for _ in 0..2 {
        // The first run has no index; the second has one without the file.
        let listing = summaries(&store, &catalog).unwrap();
        assert_eq!(problem_texts(&listing), vec![expected.clone()]);
        assert_eq!(listing.unloaded, std::slice::from_ref(broken));
        assert_eq!(listing.summaries.len(), MANY - 1);
        assert_eq!(listing.how.failed, 1);
    }
    assert!(!indexed_ids(&store).contains(&broken.to_string()));
}

#[test]
fn many_stale_entries_are_read_again_and_only_they() {
    let (_dir, store) = store_of(MANY);
    let catalog = SetCatalog::built_in();
    summaries(&store, &catalog).unwrap();
    let ids = store.ids().unwrap();
    let changed: Vec<_> = ids.iter().step_by(2).cloned().collect();
    for id in &changed {
        let mut record = store.load(id).unwrap();
        record.title = format!("{} (changed)", record.title);
        store.save(&record).unwrap();
    }
    let listing = summaries(&store, &catalog).unwrap();
    assert_eq!(listing.how.stale, changed.len(), "{}", listing.how);
    assert_eq!(listing.how.from_index, MANY - changed.len());
    assert_eq!(listing.summaries, truth(&store, &catalog));
    assert_trusted_entries_are_true(&store, &catalog, &listing);
    let again = summaries(&store, &catalog).unwrap();
    assert_eq!(again.how.from_index, MANY, "the index it left is used");
    assert!(!again.how.rewritten);
}

#[test]
fn a_garbage_or_foreign_index_over_many_records_is_not_trusted() {
    let (_dir, store) = store_of(MANY);
    let catalog = SetCatalog::built_in();
    let expected = truth(&store, &catalog);
    summaries(&store, &catalog).unwrap();
    let good = fs::read_to_string(index_path(&store)).unwrap();
    let value: serde_json::Value = serde_json::from_str(&good).unwrap();
    let mut foreign = value.clone();
    foreign["version"] = serde_json::Value::from("0.0.1 (another build)");
    // Right format and build, but not the index's shape.
    let mut shapeless = value.clone();
    shapeless["entries"] = serde_json::Value::from("not a list");
    for (damage, state) in [
        (vec![0xff, 0x00, 0x13], IndexState::Unreadable),
        (
            serde_json::to_vec(&shapeless).unwrap(),
            IndexState::Unreadable,
        ),
        (serde_json::to_vec(&foreign).unwrap(), IndexState::Foreign),
    ] {
        fs::write(index_path(&store), &damage).unwrap();
        let listing = summaries(&store, &catalog).unwrap();
        assert_eq!(listing.how.state, Some(state), "{}", listing.how);
        assert_eq!(listing.how.unindexed, MANY);
        assert_eq!(listing.summaries, expected);
        assert!(listing.how.rewritten);
        assert_eq!(indexed_ids(&store).len(), MANY, "rewritten whole");
    }
}

#[test]
fn a_record_rewritten_while_listings_run_is_never_trusted_out_of_date() {
    let (_dir, store) = store_of(MANY);
    let catalog = SetCatalog::built_in();
    summaries(&store, &catalog).unwrap();
    let id = store.ids().unwrap()[20].clone();
    let writer = {
        let store = store.clone();
        let id = id.clone();
        std::thread::spawn(move || {
            for round in 0..30 {
                let mut record = store.load(&id).unwrap();
                // A new length every time: the size alone changes the stamp.
                record.title = format!("Rewritten {}", "x".repeat(round + 1));
                store.save(&record).unwrap();
            }
        })
    };
    let mut seen = Vec::new();
    loop {
        let _ = fs::remove_dir_all(store.root().join(".cache"));
        let listing = summaries(&store, &catalog).unwrap();
        assert!(listing.problems.is_empty(), "{:?}", problem_texts(&listing));
        let shown = listing.summaries.iter().find(|s| s.id == id).unwrap();
        seen.push(shown.title.clone());
        let warm = summaries(&store, &catalog).unwrap();
        assert!(warm.problems.is_empty());
        assert_trusted_entries_are_true(&store, &catalog, &warm);
        if writer.is_finished() {
            break;
        }
    }
    writer.join().unwrap();
    let last = summaries(&store, &catalog).unwrap();
    assert_eq!(last.summaries, truth(&store, &catalog));
    assert_trusted_entries_are_true(&store, &catalog, &last);
    let shown = last.summaries.iter().find(|s| s.id == id).unwrap();
    assert_eq!(shown.title, format!("Rewritten {}", "x".repeat(30)));
    assert!(!seen.is_empty());
}
