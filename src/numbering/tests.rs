//! The allocator and clash finding, on records made in memory.

use super::*;
pub(crate) use crate::testing::at;
use crate::testing::production;

/// A new draft on the production set with id `{prefix}00000000000000{n}`.
pub(crate) fn draft(prefix: char, n: u8, title: &str) -> Record {
    let set = production();
    let id = RecordId::parse(&format!("{prefix}00000000000000{n}")).expect("an id");
    Record::new(id, title, &set, at("2026-11-01T10:00:00Z"))
}

fn record(n: u8, title: &str) -> Record {
    draft('a', n, title)
}

/// A record accepted at `when` with `number`, as a clone would leave it.
fn accepted(n: u8, title: &str, number: u32, when: &str) -> Record {
    let mut record = record(n, title);
    record.set_status(Status::Accepted, "someone", at(when));
    record.number = Some(number);
    record.slug = Some(export::slug_for(title));
    record
}

fn claims(records: &[Record]) -> Vec<Claim> {
    records.iter().map(Claim::of_record).collect()
}

#[test]
fn the_record_accepted_first_keeps_a_contested_number() {
    // Accepted later but created earlier, and with a smaller id: neither
    // decides; the acceptance does.
    let late = accepted(1, "Queue jobs", 7, "2026-11-10T10:00:00Z");
    let early = accepted(2, "Cache pages", 7, "2026-11-05T10:00:00Z");
    let found = clashes(&claims(&[late.clone(), early.clone()]));
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].what, Contested::Number(7));
    assert_eq!(found[0].claims[0].id, early.id);
    let fixes = repairs(&claims(&[late.clone(), early]));
    assert_eq!(
        fixes,
        [Assignment::Number {
            id: late.id,
            from: Some(7),
            to: 8
        }]
    );
}

#[test]
fn repairs_leave_no_clash() {
    let mut records = vec![
        accepted(1, "Same title", 3, "2026-11-02T10:00:00Z"),
        accepted(2, "Same title", 3, "2026-11-03T10:00:00Z"),
        accepted(3, "Other", 3, "2026-11-04T10:00:00Z"),
        record(4, "Index"),
    ];
    let fixes = repairs(&claims(&records));
    for fix in &fixes {
        let id = match fix {
            Assignment::Number { id, .. } | Assignment::Name { id, .. } => id,
        };
        let target = records
            .iter_mut()
            .find(|r| &r.id == id)
            .expect("its record");
        apply(fix, target);
    }
    assert_eq!(clashes(&claims(&records)), [], "{fixes:?}");
    let numbers: Vec<Option<u32>> = records.iter().map(|r| r.number).collect();
    assert_eq!(
        numbers,
        [Some(3), Some(4), Some(5), None],
        "drafts get none"
    );
}

#[test]
fn acceptance_numbers_once_and_drafts_have_no_number() {
    let others = claims(&[accepted(1, "First", 1, "2026-11-02T10:00:00Z")]);
    let mut draft = record(2, "Second");
    assert_eq!(draft.number, None);
    let changes = on_acceptance(&mut draft, &others);
    assert_eq!(draft.number, Some(2));
    assert_eq!(draft.slug.as_deref(), Some("second"));
    assert_eq!(changes.len(), 2, "{changes:?}");
    assert_eq!(
        on_acceptance(&mut draft, &others),
        [],
        "kept when accepted again"
    );
}

#[test]
fn re_accepting_a_record_whose_number_was_taken_first_gives_a_new_one() {
    let first = accepted(1, "First", 4, "2026-11-02T10:00:00Z");
    let mut second = accepted(2, "Second", 4, "2026-11-03T10:00:00Z");
    second.set_status(Status::Proposed, "someone", at("2026-11-04T10:00:00Z"));
    second.set_status(Status::Accepted, "someone", at("2026-11-05T10:00:00Z"));
    let changes = on_acceptance(&mut second, &claims(&[first]));
    assert_eq!(second.number, Some(5), "{changes:?}");
    assert!(changes.contains(&Assignment::Number {
        id: second.id.clone(),
        from: Some(4),
        to: 5
    }));
}

#[test]
fn a_title_taken_by_an_earlier_record_gets_a_free_name() {
    let first = accepted(1, "Use Redis", 1, "2026-11-02T10:00:00Z");
    let mut second = record(2, "Use Redis");
    on_acceptance(&mut second, &claims(&[first]));
    assert_eq!(second.slug.as_deref(), Some("use-redis-2"));
}
