//! Findings and repairs on stores made in a temporary folder.

use super::*;
use crate::numbering::tests::draft;
use crate::store::StoreOrigin;
use crate::testing::at;

fn record(n: u8, title: &str) -> Record {
    draft('b', n, title)
}

fn store_with(records: &[Record]) -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::at(dir.path(), StoreOrigin::Flag);
    store.save_all(records).expect("save");
    (dir, store)
}

fn codes(findings: &[Finding]) -> Vec<&'static str> {
    findings.iter().map(Finding::code).collect()
}

#[test]
fn a_healthy_store_has_no_findings() {
    let (_dir, store) = store_with(&[record(1, "One"), record(2, "Two")]);
    let (_, findings) = run(&store).expect("run");
    assert_eq!(findings, []);
}

#[test]
fn a_merge_leaving_an_accepted_record_superseded_by_another_is_found_and_repaired() {
    let old = record(1, "Old");
    let mut new = record(2, "New");
    new.add_link(LinkKind::Supersedes, &old.id);
    let (_dir, store) = store_with(&[old.clone(), new]);
    let (listing, findings) = run(&store).expect("run");
    assert_eq!(codes(&findings), ["not-superseded"]);
    assert!(findings[0].repairable());
    let repairs = repairs(&listing.records, &findings);
    assert_eq!(repairs.len(), 1);
    let mut fixed = old;
    assert!(repairs[0].apply(&mut fixed, "Sam", at("2026-11-02T10:00:00Z")));
    assert_eq!(fixed.status, Status::Superseded);
    assert_eq!(fixed.history.last().map(|c| c.by.as_str()), Some("Sam"));
}

#[test]
fn a_link_to_a_deleted_record_is_found_but_not_repaired() {
    let mut linking = record(1, "Links");
    let gone = RecordId::parse("b000000000000009").expect("an id");
    linking.add_link(LinkKind::RelatesTo, &gone);
    let (_dir, store) = store_with(&[linking]);
    let (listing, findings) = run(&store).expect("run");
    assert_eq!(codes(&findings), ["missing-link"]);
    assert!(!findings[0].repairable());
    assert!(
        findings[0].fix().contains("preflight unlink"),
        "{}",
        findings[0].fix()
    );
    assert_eq!(repairs(&listing.records, &findings), []);
}

#[test]
fn an_unreadable_file_is_a_finding_naming_its_path() {
    let (_dir, store) = store_with(&[record(1, "One")]);
    let path = store.records_dir().join("b000000000000002.json");
    std::fs::write(&path, "{ not json").expect("write");
    let (_, findings) = run(&store).expect("run");
    assert_eq!(codes(&findings), ["unreadable"]);
    assert_eq!(findings[0].path(&store), path);
}

#[test]
fn duplicate_numbers_and_an_unnumbered_acceptance_get_distinct_numbers() {
    let mut a = record(1, "A");
    a.set_status(Status::Accepted, "x", at("2026-11-02T10:00:00Z"));
    a.number = Some(1);
    let mut b = record(2, "B");
    b.set_status(Status::Accepted, "x", at("2026-11-03T10:00:00Z"));
    b.number = Some(1);
    let mut c = record(3, "C");
    c.set_status(Status::Accepted, "x", at("2026-11-04T10:00:00Z"));
    let (_dir, store) = store_with(&[a, b, c]);
    let (listing, findings) = run(&store).expect("run");
    assert_eq!(codes(&findings), ["duplicate-number", "unnumbered"]);
    let repairs = repairs(&listing.records, &findings);
    let words: Vec<String> = repairs.iter().map(ToString::to_string).collect();
    assert_eq!(
        words,
        [
            "b000000000000002 renumbered from 1 to 2",
            "b000000000000003 is number 3"
        ]
    );
}
