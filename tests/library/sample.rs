//! The committed sample: assets/sample-record.json is a complete record and
//! assets/sample-record.md is exactly its Markdown export.
//!
//! After a deliberate change to the export, regenerate the Markdown with
//!
//! ```text
//! UPDATE_ASSETS=1 cargo test --test cli sample
//! ```
//!
//! and review the diff before committing it.

use std::fs;

use preflight::check::check;
use preflight::export::to_markdown;
use preflight::record::Status;
use preflight::store::write_atomic;

use super::markdown::sample;
use crate::common::{World, production_set, repo_root, sample_record, stderr, stdout};

const UPDATE_ENV: &str = "UPDATE_ASSETS";
const MARKDOWN: &str = "assets/sample-record.md";

fn updating() -> bool {
    std::env::var(UPDATE_ENV).is_ok_and(|v| v == "1")
}

/// Panics with the first line that differs, which reads better than two
/// 200-line strings.
fn assert_same_text(actual: &str, expected: &str, what: &str) {
    if actual == expected {
        return;
    }
    let line = actual
        .lines()
        .zip(expected.lines())
        .position(|(a, e)| a != e)
        .unwrap_or_else(|| actual.lines().count().min(expected.lines().count()));
    panic!(
        "{what} differs from {MARKDOWN} at line {}:\n  now:       {:?}\n  committed: {:?}\n\
         If the change is intended, run `{UPDATE_ENV}=1 cargo test --test cli sample` and review the diff.",
        line + 1,
        actual.lines().nth(line),
        expected.lines().nth(line),
    );
}

#[test]
fn sample_markdown_is_the_export_of_the_sample_record() {
    let markdown = to_markdown(&production_set(), &sample());
    let path = repo_root().join(MARKDOWN);
    if updating() {
        write_atomic(&path, markdown.as_bytes()).expect("rewrite the sample Markdown");
        eprintln!("{UPDATE_ENV}=1: rewrote {}", path.display());
        return;
    }
    let committed = fs::read_to_string(&path).unwrap_or_else(|err| {
        panic!("cannot read {MARKDOWN} ({err}); create it with `{UPDATE_ENV}=1 cargo test --test cli sample`")
    });
    assert_same_text(
        &markdown,
        &committed,
        "The export of assets/sample-record.json",
    );
}

#[test]
fn the_binary_exports_the_sample_exactly_as_committed() {
    if updating() {
        return; // the file is being rewritten by the test above
    }
    let world = World::new();
    world.write_record(&sample_record());
    let output = world.cmd().args(["export", "s3ss1"]).output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let committed = fs::read_to_string(repo_root().join(MARKDOWN)).unwrap();
    assert_same_text(&stdout(&output), &committed, "`preflight export`");
}

#[test]
fn the_sample_is_a_complete_proposed_record_with_fixed_id_and_times() {
    let record = sample();
    assert_eq!(record.id.as_str(), "s3ss10nsr3d1s000");
    assert_eq!(record.status, Status::Proposed);
    assert_eq!(record.created.to_string(), "2026-11-02T09:30:00Z");
    assert_eq!(record.updated.to_string(), "2026-11-18T16:05:00Z");
    let set = production_set();
    assert_eq!(record.set.id, set.id);
    assert_eq!(record.set.version, set.version);
    let verdict = check(&set, &record);
    assert!(verdict.ready(), "{:#?}", verdict.sections);
    assert!(
        record.orphan_answers(&set).is_empty(),
        "every answer belongs to a field of the set"
    );
    // It shows an explicit Unknown, so readers of the sample see one.
    assert!(
        fs::read_to_string(repo_root().join("assets/sample-record.json"))
            .unwrap()
            .contains("\"unknown\": true")
    );
}
