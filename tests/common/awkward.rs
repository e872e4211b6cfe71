//! A generated store with what generated records lack, for the tests of
//! one record's neighbours (links both ways, shared numbers and names).

use std::fs;

use preflight::record::{LinkKind, RecordId, Status};
use preflight::store::Store;

use super::generated_store;

/// A generated store, with the cases a store of generated records lacks:
/// two records linking to one, a link to a missing record and to an
/// unreadable one, a link to itself, a shared number, a shared stored name,
/// and a superseding record whose target was never marked superseded.
/// `count` must be at least 20.
pub fn awkward_store(count: usize) -> (tempfile::TempDir, Store) {
    let (dir, store) = generated_store(count, 11);
    let mut records = store.list().unwrap().records;
    let ids: Vec<RecordId> = records.iter().map(|r| r.id.clone()).collect();
    let id = |i: usize| ids[i].clone();
    let (r5, r6, r14, r16) = (id(5), id(6), id(14), id(16));
    records[5].add_link(LinkKind::RelatesTo, &r6);
    records[5].add_link(LinkKind::Amends, &r5);
    records[7].add_link(LinkKind::RelatesTo, &r5);
    records[8].add_link(LinkKind::Amends, &r5);
    records[8].add_link(
        LinkKind::RelatesTo,
        &RecordId::parse("zzzzzzzzzzzzzzzz").unwrap(),
    );
    records[9].number = records[10].number.or(Some(3));
    records[10].number = records[9].number;
    let shared = records[12]
        .slug
        .clone()
        .unwrap_or_else(|| "shared-name".into());
    records[11].slug = Some(shared.clone());
    records[12].slug = Some(shared);
    records[13].add_link(LinkKind::RelatesTo, &r14);
    records[15].add_link(LinkKind::Supersedes, &r16);
    records[16].status = Status::Accepted;
    records[17].slug = None; // published under a name made from its title
    let r17 = id(17);
    records[18].add_link(LinkKind::RelatesTo, &r17);
    for record in &records {
        store.save(record).unwrap();
    }
    fs::write(store.record_path(&r14), "{ broken").unwrap();
    (dir, store)
}
