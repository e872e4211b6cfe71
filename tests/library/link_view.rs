//! The link view (`<store>/.cache/link-view.txt`): one record's neighbours
//! found through it must be exactly what reading every record gives, and
//! the view must be rebuilt whenever the records change under it in any way
//! it promises to notice, or it is damaged, foreign or made too recently.

use std::fs;
use std::time::{Duration, SystemTime};

use preflight::doctor::{self, Facts};
use preflight::export::{document, text};
use preflight::link_view::{LinkView, VIEW_FILE};
use preflight::list_index::summaries_as_of;
use preflight::questionnaire::SetCatalog;
use preflight::record::{LinkKind, Record, RecordId};
use preflight::store::Store;

use crate::common::awkward::awkward_store;
use crate::common::production_set;

/// A minute after the files were written: past the window in which a
/// change might keep a file's stamp.
fn later() -> SystemTime {
    SystemTime::now() + Duration::from_secs(60)
}

fn open(store: &Store) -> LinkView {
    LinkView::open_as_of(store, &SetCatalog::built_in(), later()).unwrap()
}

fn view_path(store: &Store) -> std::path::PathBuf {
    store.root().join(".cache").join(VIEW_FILE)
}

/// What reading every record shows of `record`: its page as text.
fn page(record: &Record, all: &[Record]) -> String {
    text::render(&document::build_with(&production_set(), record, all))
}

/// Every record's page and problems through the view equal what the whole
/// store gives.
fn assert_same_as_whole_store(store: &Store, view: &LinkView) {
    let listing = store.list().unwrap();
    let all = &listing.records;
    let facts: Vec<Facts> = all.iter().map(Facts::of_record).collect();
    let every = doctor::findings(&facts, &listing.unloaded);
    for record in all {
        let around = view.around(store, record, false);
        assert_eq!(
            page(record, &around.records),
            page(record, all),
            "page of {}",
            record.id
        );
        let mine: Vec<_> = every
            .iter()
            .filter(|f| f.involves(&record.id))
            .cloned()
            .collect();
        let found: Vec<_> = view
            .findings(store, std::slice::from_ref(record))
            .into_iter()
            .filter(|f| f.involves(&record.id))
            .collect();
        assert_eq!(found, mine, "problems of {}", record.id);
    }
}

#[test]
fn neighbours_through_the_view_are_what_every_record_gives() {
    let (_dir, store) = awkward_store(30);
    let view = open(&store);
    assert!(view.how.contains("kept a new view"), "{}", view.how);
    assert!(view_path(&store).is_file());
    let reread = open(&store);
    assert!(reread.how.contains("from the link view"), "{}", reread.how);
    assert_same_as_whole_store(&store, &reread);
    // The awkward cases are really there.
    let all = store.list().unwrap().records;
    let shown: Vec<RecordId> = reread
        .around(&store, &all[5], false)
        .records
        .into_iter()
        .map(|r| r.id)
        .collect();
    for linked in [5, 6, 7, 8] {
        assert!(shown.contains(&all[linked].id), "{linked}: {shown:?}");
    }
    assert_eq!(reread.around(&store, &all[13], false).unloaded.len(), 1);
}

/// Whether `other` is shown beside `record` through `view`.
fn shown_beside(view: &LinkView, store: &Store, record: &Record, other: &RecordId) -> bool {
    view.around(store, record, false)
        .records
        .iter()
        .any(|r| &r.id == other)
}

#[test]
fn a_record_added_or_removed_between_runs_changes_the_backlinks() {
    let (_dir, store) = awkward_store(20);
    open(&store);
    let all = store.list().unwrap().records;
    let target = all[2].clone();
    // Added through the store: written beside and renamed into the folder.
    let mut linking = all[3].clone();
    linking.id = RecordId::parse("0000000000000001").unwrap();
    linking.links.clear();
    linking.add_link(LinkKind::RelatesTo, &target.id);
    store.save(&linking).unwrap();
    let view = open(&store);
    assert!(view.how.contains("records folder changed"), "{}", view.how);
    assert!(shown_beside(&view, &store, &target, &linking.id));
    assert_same_as_whole_store(&store, &view);
    // Removed (`rm`, `git checkout`): the backlink goes with it.
    fs::remove_file(store.record_path(&linking.id)).unwrap();
    let view = open(&store);
    assert!(view.how.contains("records folder changed"), "{}", view.how);
    assert!(!shown_beside(&view, &store, &target, &linking.id));
    assert_same_as_whole_store(&store, &view);
}

#[test]
fn a_link_removed_in_place_is_never_shown_from_the_view() {
    let (_dir, store) = awkward_store(20);
    open(&store);
    let all = store.list().unwrap().records;
    let r5 = all[5].clone();
    let r7 = all[7].clone();
    assert!(shown_beside(&open(&store), &store, &r5, &r7.id));
    // An editor overwriting the file: the folder's stamp does not change.
    let mut edited = r7.clone();
    edited.links.clear();
    fs::write(
        store.record_path(&r7.id),
        preflight::store::record_to_json(&edited),
    )
    .unwrap();
    let view = open(&store);
    assert!(view.how.contains("from the link view"), "{}", view.how);
    assert!(!shown_beside(&view, &store, &r5, &r7.id));
}

#[test]
fn a_link_added_in_place_is_seen_once_the_store_is_listed() {
    let (_dir, store) = awkward_store(20);
    let catalog = SetCatalog::built_in();
    summaries_as_of(&store, &catalog, later()).unwrap();
    open(&store);
    let all = store.list().unwrap().records;
    let target = all[2].clone();
    let mut edited = all[3].clone();
    edited.add_link(LinkKind::RelatesTo, &target.id);
    fs::write(
        store.record_path(&edited.id),
        preflight::store::record_to_json(&edited),
    )
    .unwrap();
    // The documented gap: an edit in place to another record is not seen
    // by the view alone...
    let view = open(&store);
    assert!(view.how.contains("from the link view"), "{}", view.how);
    assert!(!shown_beside(&view, &store, &target, &edited.id));
    // ...until the next listing, which finds the file's new stamp and
    // rewrites the list index, and with it retires the view.
    summaries_as_of(&store, &catalog, later()).unwrap();
    let view = open(&store);
    assert!(view.how.contains("list index rewritten"), "{}", view.how);
    assert!(shown_beside(&view, &store, &target, &edited.id));
    assert_same_as_whole_store(&store, &view);
}

#[test]
fn a_corrupt_cut_short_or_foreign_view_is_rebuilt() {
    let (_dir, store) = awkward_store(20);
    open(&store);
    let good = fs::read_to_string(view_path(&store)).unwrap();
    let (header, rest) = good.split_once('\n').unwrap();
    for (damage, why) in [
        ("\u{0}\u{1}not a view".to_string(), "another format"),
        (String::new(), "another format"),
        (
            format!("{}\n{rest}", header.replace("view 1", "view 999")),
            "another format",
        ),
        (
            format!("preflight link view 1 0.0.0+another-build\n{rest}"),
            "another format",
        ),
        (good[..good.len() - 4].to_string(), "cut short"),
        (
            good.replacen("folder {", "folder {\"bad\":", 1),
            "corrupt (bad stamp)",
        ),
        // A view claiming nobody links anywhere: its folder stamp is not
        // the folder's, so it is not believed.
        (
            format!("{header}\nfolder null\nindex null\nend\n"),
            "records folder changed",
        ),
    ] {
        fs::write(view_path(&store), &damage).unwrap();
        let view = open(&store);
        assert!(view.how.contains(why), "{damage:?}: {}", view.how);
        assert!(view.how.contains("kept a new view"), "{}", view.how);
        // Rebuilt whole: the very view made from the records before.
        assert_eq!(fs::read_to_string(view_path(&store)).unwrap(), good);
    }
    assert_same_as_whole_store(&store, &open(&store));
}

#[test]
fn a_view_made_while_records_change_is_used_once_but_not_kept() {
    let (_dir, store) = awkward_store(20);
    // Now: the records were written a moment ago, within the window in
    // which a second write could keep the folder's stamp.
    let view = LinkView::open(&store, &SetCatalog::built_in()).unwrap();
    assert!(view.how.contains("not kept"), "{}", view.how);
    assert!(!view_path(&store).exists());
    assert_same_as_whole_store(&store, &view);
}

#[test]
fn a_rewritten_list_index_retires_the_view() {
    let (_dir, store) = awkward_store(20);
    open(&store);
    fs::remove_file(store.root().join(".cache/list-index.json")).unwrap();
    let view = open(&store);
    assert!(view.how.contains("list index rewritten"), "{}", view.how);
    assert_same_as_whole_store(&store, &view);
}

#[cfg(unix)]
#[test]
fn a_linked_cache_folder_is_not_read_through() {
    let (dir, store) = awkward_store(20);
    let elsewhere = dir.path().join("elsewhere");
    fs::create_dir(&elsewhere).unwrap();
    std::os::unix::fs::symlink(&elsewhere, store.root().join(".cache")).unwrap();
    let view = open(&store);
    assert!(view.how.contains("not used"), "{}", view.how);
    assert!(!elsewhere.join(VIEW_FILE).exists());
    assert_same_as_whole_store(&store, &view);
}
