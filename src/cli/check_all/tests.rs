//! The whole-store check ([`super::check_all`]) prints the same bytes
//! however many threads read the store, and the same rows, in the same
//! order, as checking every record of a loaded store one by one (how it
//! worked before it streamed), with broken and unreadable files, duplicate
//! numbers and a record whose question set is missing mixed in.

use std::fs;
use std::path::Path;

use super::super::CommandContext;
use super::super::args::{CheckArgs, CheckFormat};
use super::super::check_cmd::{Printed, report};
use super::super::check_format::Rows;
use crate::clock::FixedClock;
use crate::config::Settings;
use crate::doctor::{self, Facts};
use crate::questionnaire::SetCatalog;
use crate::record::RecordId;
use crate::store::{Store, StoreOrigin};
use crate::synth;

/// A generated store of 200 records, 8 of them spoiled: two share a
/// third's number, one uses a set that is not installed, and five files
/// cannot be loaded (bad JSON, empty, a folder, a newer schema, the wrong
/// id inside).
fn spoiled_store(dir: &Path) -> Store {
    let store = Store::at(dir, StoreOrigin::Flag);
    synth::generate(
        &store,
        &crate::testing::production(),
        synth::Options {
            records: 200,
            seed: 16,
        },
    )
    .expect("generate");
    let ids = store.ids().expect("ids");
    for id in &ids[10..13] {
        let mut record = store.load(id).expect("load");
        record.number = Some(7);
        store.save(&record).expect("save");
    }
    let mut stray = store.load(&ids[20]).expect("load");
    stray.set.id = "not-installed".into();
    store.save(&stray).expect("save");
    fs::write(store.record_path(&ids[30]), "{ \"schema\": 1, ").expect("write");
    fs::write(store.record_path(&ids[31]), "").expect("write");
    fs::remove_file(store.record_path(&ids[32])).expect("remove");
    fs::create_dir(store.record_path(&ids[32])).expect("a folder");
    fs::write(store.record_path(&ids[33]), "{\"schema\": 99}").expect("write");
    let other = fs::read(store.record_path(&ids[40])).expect("read");
    fs::write(store.record_path(&ids[34]), other).expect("write");
    store
}

/// The context a command runs with, on a fixed day.
fn context(store: Store) -> CommandContext {
    CommandContext {
        store,
        catalog: SetCatalog::built_in(),
        clock: Box::new(FixedClock(crate::testing::at("2026-12-05T09:00:00Z"))),
        verbose: false,
        quiet: true,
        settings: Settings::default(),
    }
}

/// `check` over the whole store in `format`, with `--status` if given.
fn whole(format: CheckFormat, status: Option<&str>) -> CheckArgs {
    CheckArgs {
        ids: Vec::new(),
        changed_since: None,
        status: status.map(str::to_string),
        format,
        json: false,
    }
}

/// The report made on a pool of `threads` threads (the context is made
/// on the pool: its clock is not shared between threads).
fn on_threads(ctx: &CommandContext, args: &CheckArgs, threads: usize) -> Printed {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("a thread pool");
    let store = &ctx.store;
    pool.install(|| report(&context(store.clone()), args))
        .expect("a report")
}

#[test]
fn one_thread_and_four_print_the_same_bytes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let ctx = context(spoiled_store(dir.path()));
    let cases = [
        (CheckFormat::Text, None),
        (CheckFormat::Json, None),
        (CheckFormat::Github, None),
        (CheckFormat::Markdown, None),
        (CheckFormat::Text, Some("accepted")),
        (CheckFormat::Json, Some("superseded")),
    ];
    for (format, status) in cases {
        let args = whole(format, status);
        let serial = on_threads(&ctx, &args, 1);
        let parallel = on_threads(&ctx, &args, 4);
        assert_eq!(serial.stdout, parallel.stdout, "{format:?} {status:?}");
        assert_eq!(serial.warnings, parallel.warnings, "{format:?} {status:?}");
        assert_eq!(serial.code, parallel.code, "{format:?} {status:?}");
        // Five files cannot be read: an error each, so exit 2.
        assert_eq!(serial.code, 2, "{format:?} {status:?}");
        assert!(!serial.stdout.is_empty());
    }
}

#[test]
fn rows_come_in_store_order_as_from_a_loaded_store() {
    let dir = tempfile::tempdir().expect("temp dir");
    let ctx = context(spoiled_store(dir.path()));
    let printed = on_threads(&ctx, &whole(CheckFormat::Text, None), 4);

    // Before streaming: every record loaded (`Store::list`, store order),
    // each checked in turn, then the store's problems.
    let listing = ctx.store.list().expect("list");
    let rows = Rows {
        store: &ctx.store,
        format: CheckFormat::Text,
        today: ctx.today(),
        base: None,
    };
    let mut expected = String::new();
    let mut missing_set = Vec::new();
    for record in &listing.records {
        match ctx.catalog.get(&record.set.id) {
            Some(set) => expected.push_str(&rows.row(set, record).out),
            None => missing_set.push(record.id.clone()),
        }
    }
    let facts: Vec<Facts> = listing.records.iter().map(Facts::of_record).collect();
    let findings = doctor::findings(&facts, &listing.unloaded);
    assert!(
        findings
            .iter()
            .any(|f| matches!(f, doctor::Finding::DuplicateNumber { number: 7, .. })),
        "{findings:?}"
    );
    for finding in &findings {
        expected.push_str(&super::super::doctor::finding_text(&ctx, finding));
    }
    assert_eq!(printed.stdout, expected);

    // The unreadable files, named as `Store::list` named them and in its
    // order, then the record whose set is missing.
    let mut errors: Vec<String> = listing.problems.iter().map(ToString::to_string).collect();
    assert_eq!(errors.len(), 5, "{errors:?}");
    assert_eq!(missing_set.len(), 1);
    errors.push(format!(
        "record {} uses question set \"not-installed\", which is not installed; put its JSON file in {}",
        missing_set[0],
        ctx.store.questionnaires_dir().display()
    ));
    assert_eq!(printed.warnings, errors);
}

#[test]
fn unreadable_files_are_named_with_what_is_wrong() {
    let dir = tempfile::tempdir().expect("temp dir");
    let ctx = context(spoiled_store(dir.path()));
    let ids = ctx.store.ids().expect("ids");
    let printed = on_threads(&ctx, &whole(CheckFormat::Json, None), 2);
    let body: serde_json::Value = serde_json::from_str(&printed.stdout).expect("JSON");
    let errors: Vec<&str> = body["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .filter_map(serde_json::Value::as_str)
        .collect();
    let path = |id: &RecordId| ctx.store.record_path(id).display().to_string();
    let expected = [
        (path(&ids[30]), "not a valid record"),
        (path(&ids[31]), "the file is empty"),
        (path(&ids[32]), "cannot read"),
        (path(&ids[33]), "written by a newer preflight"),
        (path(&ids[34]), "does not match its file name"),
    ];
    assert_eq!(errors.len(), expected.len() + 1, "{errors:?}");
    for (error, (path, what)) in errors.iter().zip(&expected) {
        assert!(error.contains(path.as_str()), "{error} names {path}");
        assert!(error.contains(what), "{error} says {what}");
    }
    assert!(errors[5].contains("not-installed"), "{}", errors[5]);
    // The records that did load are checked (but the one whose set is
    // missing); the unreadable are not.
    assert_eq!(body["records"].as_array().expect("records").len(), 194);
}
