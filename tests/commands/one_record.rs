//! Commands on one record (`show ID`, `export ID`) read only the records it
//! is shown with (see `preflight::link_view`): their output must be byte
//! for byte what reading every record gives, through the link view and
//! through the scan it falls back to, and `--verbose` says which it was.

use std::fs;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use preflight::export::{self, ExportContext, Layout, document, text};
use preflight::link_view::{LinkView, VIEW_FILE};
use preflight::list_index::{Stamp, index_path};
use preflight::numbering::{Claim, published_names};
use preflight::questionnaire::SetCatalog;
use preflight::record::Record;
use preflight::store::Store;

use crate::common::awkward::awkward_store;
use crate::common::{World, production_set, stderr};

/// What each command printed before this change, from every record: the
/// whole-store path, computed here with the library.
fn whole_store_outputs(store: &Store, record: &Record) -> Vec<(Vec<String>, String)> {
    let set = production_set();
    let all = store.list().unwrap().records;
    let claims: Vec<Claim> = all.iter().map(Claim::of_record).collect();
    let names = published_names(&claims);
    let named: Vec<Record> = all
        .iter()
        .map(|r| {
            let mut r = r.clone();
            if !Claim::of_record(&r).name_stored {
                r.slug = names.get(&r.id).cloned();
            }
            r
        })
        .collect();
    let mut me = record.clone();
    me.slug = named
        .iter()
        .find(|r| r.id == record.id)
        .and_then(|r| r.slug.clone());
    let single = ExportContext::single(&named);
    let adr = ExportContext {
        records: &named,
        folder: Some(Layout::Adr),
    };
    let id = record.id.to_string();
    let args = |list: &[&str]| list.iter().map(ToString::to_string).collect::<Vec<_>>();
    vec![
        (
            args(&["show", &id]),
            text::render(&document::build_with(&set, record, &all)),
        ),
        (
            args(&["export", &id]),
            export::markdown(&set, &me, &single, false),
        ),
        (
            args(&["export", "--layout", "adr", &id]),
            export::markdown(&set, &me, &adr, false),
        ),
        (
            args(&["export", "--format", "html", &id]),
            export::html(&set, &me, &single, false),
        ),
    ]
}

/// The build id the binary under test writes into derived files (as
/// `preflight::version::build_id` makes it for the running executable).
fn binary_build_id() -> String {
    let meta = fs::metadata(crate::common::BIN).unwrap();
    let modified = meta.modified().unwrap().duration_since(UNIX_EPOCH).unwrap();
    format!(
        "{}+{}-{}",
        env!("CARGO_PKG_VERSION"),
        meta.len(),
        modified.as_nanos()
    )
}

/// Keeps a link view and a list index as the binary would once the records
/// are two seconds old (tests do not wait): made here a minute "later",
/// and marked as the binary's, whose build differs from this test's.
fn keep_view_for_binary(store: &Store) {
    let later = SystemTime::now() + Duration::from_secs(60);
    LinkView::open_as_of(store, &SetCatalog::built_in(), later).unwrap();
    let ours = preflight::version::build_id();
    let theirs = binary_build_id();
    let index = index_path(store);
    let text = fs::read_to_string(&index).unwrap();
    assert!(text.contains(ours));
    fs::write(&index, text.replace(ours, &theirs)).unwrap();
    let path = store.root().join(".cache").join(VIEW_FILE);
    let text = fs::read_to_string(&path).unwrap();
    let lines: Vec<String> = text
        .lines()
        .map(|line| {
            if line.starts_with("preflight link view ") {
                line.replace(ours, &theirs)
            } else if line.starts_with("index ") {
                format!(
                    "index {}",
                    serde_json::to_string(&Stamp::of_path(&index)).unwrap()
                )
            } else {
                line.to_string()
            }
        })
        .collect();
    fs::write(&path, lines.join("\n") + "\n").unwrap();
}

fn assert_byte_identical(world: &World, store: &Store, records: &[Record]) {
    for record in records {
        for (args, expected) in whole_store_outputs(store, record) {
            let output = world
                .cmd()
                .arg("--store")
                .arg(store.root())
                .args(&args)
                .output()
                .unwrap();
            assert!(output.status.success(), "{args:?}: {}", stderr(&output));
            assert!(
                output.stdout == expected.as_bytes(),
                "{args:?} differs from the whole-store output:\n--- got\n{}\n--- expected\n{expected}",
                String::from_utf8_lossy(&output.stdout)
            );
        }
    }
}

#[test]
fn show_and_export_of_one_record_match_reading_every_record() {
    let world = World::new();
    let (_dir, store) = awkward_store(24);
    let all = store.list().unwrap().records;
    // Linked both ways, to itself, to a missing and an unreadable record,
    // superseding, sharing a number or name, named from its title, and
    // two with no links at all.
    let chosen: Vec<Record> = [0, 5, 6, 8, 9, 11, 13, 15, 16, 17, 18, 22]
        .iter()
        .map(|&i| all[i].clone())
        .collect();
    // Through a kept view...
    keep_view_for_binary(&store);
    let view = store.root().join(".cache").join(VIEW_FILE);
    let kept = fs::read_to_string(&view).unwrap();
    assert_byte_identical(&world, &store, &chosen);
    assert_eq!(
        fs::read_to_string(&view).unwrap(),
        kept,
        "used, not rebuilt"
    );
    // ...and through the scan when there is none (this one is not kept:
    // the records changed in the last two seconds).
    fs::remove_file(&view).unwrap();
    assert_byte_identical(&world, &store, &chosen);
}

#[test]
fn verbose_says_whether_the_link_view_was_used() {
    let world = World::new();
    let (_dir, store) = awkward_store(20);
    let id = store.list().unwrap().records[5].id.to_string();
    let run = |world: &World| {
        let output = world
            .cmd()
            .arg("--store")
            .arg(store.root())
            .args(["--verbose", "show", &id])
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", stderr(&output));
        stderr(&output)
    };
    let first = run(&world);
    assert!(
        first.contains("link view missing: scanned the store"),
        "{first}"
    );
    keep_view_for_binary(&store);
    let second = run(&world);
    assert!(second.contains("links from the link view"), "{second}");
}
