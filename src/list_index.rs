//! The record list without reading every record: a summary per record
//! (what `preflight list` and the home screen show, readiness included),
//! kept in a small index file inside the store, `.cache/list-index.json`.
//!
//! Why it exists: listing 1,000 realistic records (24 KB of JSON each)
//! took 300 ms and 10,000 took 3.1 s, because every record was parsed
//! and checked; the index brings that down to a directory scan plus one
//! small file (docs/benchmarks.md has the figures).
//!
//! The index is only a cache, never trusted over the records:
//! - Each entry carries the stamp of the file it came from (size, modified
//!   and changed times, inode). Any write to a record changes its stamp
//!   (the changed time cannot be set back by hand), so a record whose
//!   stamp differs is read again, and entries of deleted records are
//!   dropped.
//! - A file changed in the last two seconds is read but not indexed, since
//!   a second write within the file system's timestamp granularity could
//!   keep the same stamp (git's "racy clean" problem).
//! - Readiness depends on the question set, so each entry names a
//!   definition hash of the set it was checked against; a changed set is a
//!   stale entry.
//! - A missing, unreadable, corrupt or older-format index is rebuilt from
//!   the records; the index is derivable, so it is never committed (the
//!   folder gets a `.gitignore`) and failing to write it is not an error.
//! - Records that fail to load are never indexed: they are read, and
//!   reported with file:line:column, on every listing, and never rewritten.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::check::check;
use crate::questionnaire::{QuestionSet, SetCatalog};
use crate::record::{LinkKind, Record, RecordId, SetRef, Status};
use crate::store::{Store, StoreError, file_handle_length};

/// Folder inside the store for derived files.
pub const CACHE_DIR: &str = ".cache";
/// The index's file name inside [`CACHE_DIR`].
pub const INDEX_FILE: &str = "list-index.json";
/// Bumped when the index's shape or meaning changes; another format (or
/// another preflight build) is rebuilt. 2: summaries carry the slug and
/// the links (what `export --all` needs to decide which pages changed).
/// 3: readiness counts blocking and advisory gaps apart. 4: summaries
/// name the file an imported record came from.
const FORMAT: u32 = 4;
/// Files changed more recently than this are not indexed yet.
const RACY_WINDOW: Duration = Duration::from_secs(2);

pub use crate::check::Readiness;

/// What the record list needs of a record: its metadata and readiness,
/// without the answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// The record's id.
    pub id: RecordId,
    /// Its title.
    pub title: String,
    /// Its status.
    pub status: Status,
    /// Its author.
    #[serde(default)]
    pub author: String,
    /// Its tags.
    #[serde(default)]
    pub tags: Vec<String>,
    /// The set it was answered against.
    pub set: SetRef,
    /// When it was created.
    pub created: Timestamp,
    /// When it last changed.
    pub updated: Timestamp,
    /// Its review-by date.
    #[serde(default)]
    pub review_by: Option<jiff::civil::Date>,
    /// Its published number.
    #[serde(default)]
    pub number: Option<u32>,
    /// Readiness against its set; `None` when the set is not installed.
    #[serde(default)]
    pub verdict: Option<Readiness>,
    /// Its stored published name.
    #[serde(default)]
    pub slug: Option<String>,
    /// When it was first accepted, if ever: who keeps a contested number.
    #[serde(default)]
    pub accepted: Option<Timestamp>,
    /// Its links to other records, in the record's order.
    #[serde(default)]
    pub links: Vec<LinkRef>,
    /// For a record brought in by `preflight import`, the file it came
    /// from ("doc/adr/0002-use-postgres.md").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub imported: Option<String>,
}

/// A link as a summary keeps it: enough to find which records a page shows
/// without loading them.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct LinkRef {
    /// How they relate.
    pub kind: LinkKind,
    /// The other record.
    pub target: RecordId,
}

impl Summary {
    /// The summary of a loaded record, checked against `set` if installed.
    pub fn of(record: &Record, set: Option<&QuestionSet>) -> Summary {
        Summary {
            id: record.id.clone(),
            title: record.title.clone(),
            status: record.status,
            author: record.author.clone(),
            tags: record.tags.clone(),
            set: record.set.clone(),
            created: record.created,
            updated: record.updated,
            review_by: record.review_by,
            number: record.number,
            slug: record.slug.clone(),
            accepted: record
                .history
                .iter()
                .find(|change| change.status == Status::Accepted)
                .map(|change| change.date),
            links: record
                .links
                .iter()
                .map(|link| LinkRef {
                    kind: link.kind,
                    target: link.target.clone(),
                })
                .collect(),
            imported: record.imported.as_ref().map(|i| i.source_path()),
            verdict: set.map(|set| Readiness::of(&check(set, record))),
        }
    }

    /// Whether the review-by date has passed (as [`Record::review_overdue`]).
    pub fn review_overdue(&self, today: jiff::civil::Date) -> bool {
        crate::check::review_overdue(self.status, self.review_by, today)
    }

    /// Its standing on `today`, by the one readiness policy.
    pub fn standing(&self, today: jiff::civil::Date) -> crate::check::Standing {
        crate::check::Standing::new(self.verdict, self.status, self.review_by, today)
    }
}

/// What [`summaries`] found: like [`crate::store::Listing`], with summaries.
#[derive(Debug, Default)]
pub struct SummaryListing {
    /// One per record that loads, oldest first (created, then id).
    pub summaries: Vec<Summary>,
    /// Files that could not be loaded; they were not touched.
    pub problems: Vec<StoreError>,
    /// Ids of the files that could not be loaded.
    pub unloaded: Vec<RecordId>,
    /// The file stamp each summary was made from, for records whose stamp
    /// can be trusted (not changed in the last two seconds): any later
    /// change to such a file gives it another stamp.
    pub stamps: HashMap<RecordId, Stamp>,
}

impl SummaryListing {
    /// Prefix length that tells apart every record file (as
    /// [`crate::store::Listing::handle_length`]).
    pub fn handle_length(&self) -> usize {
        file_handle_length(self.summaries.iter().map(|s| &s.id), &self.unloaded)
    }
}

/// What identifies one version of a file without reading it: size,
/// modified and changed times and inode. Any write changes it (the changed
/// time cannot be set back), unless made within the file system's clock
/// tick of the previous one: see [`Stamp::is_racy`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Stamp {
    len: u64,
    modified_ns: i128,
    changed_ns: i128,
    inode: u64,
}

impl Stamp {
    /// The stamp of a file's metadata.
    pub fn of(meta: &fs::Metadata) -> Stamp {
        let modified_ns = meta.modified().map(nanos).unwrap_or(0);
        #[cfg(unix)]
        let (changed_ns, inode) = {
            use std::os::unix::fs::MetadataExt;
            (
                i128::from(meta.ctime()) * 1_000_000_000 + i128::from(meta.ctime_nsec()),
                meta.ino(),
            )
        };
        #[cfg(not(unix))]
        let (changed_ns, inode) = (modified_ns, 0);
        Stamp {
            len: meta.len(),
            modified_ns,
            changed_ns,
            inode,
        }
    }

    /// The stamp of the file at `path`, if it can be read.
    pub fn of_path(path: &Path) -> Option<Stamp> {
        fs::metadata(path).ok().map(|meta| Stamp::of(&meta))
    }

    /// Changed so recently that a second change might keep this stamp.
    pub fn is_racy(&self, now: SystemTime) -> bool {
        let now = nanos(now);
        let window = RACY_WINDOW.as_nanos() as i128;
        now - self.modified_ns.max(self.changed_ns) < window
    }
}

fn nanos(time: SystemTime) -> i128 {
    match time.duration_since(UNIX_EPOCH) {
        Ok(after) => after.as_nanos() as i128,
        Err(before) => -(before.duration().as_nanos() as i128),
    }
}

#[derive(Debug, Serialize, Deserialize)]
struct Entry {
    stamp: Stamp,
    /// Fingerprint of the set the readiness was checked against (`None`:
    /// the set was not installed).
    set: Option<u64>,
    summary: Summary,
}

#[derive(Debug, Deserialize)]
struct IndexFile {
    format: u32,
    /// The preflight build that wrote it ([`crate::version::build_id`]):
    /// the readiness rules live in code, so another build's readiness is
    /// not reused.
    version: String,
    entries: Vec<Entry>,
}

/// [`IndexFile`] as written, borrowing the entries.
#[derive(Serialize)]
struct IndexFileOut<'a> {
    format: u32,
    version: &'a str,
    entries: &'a [Entry],
}

/// A hash of bytes that is the same in every run and build (FNV-1a),
/// unlike std's hasher: for what is stored and compared later.
pub fn stable_hash(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// A hash of a question set's whole definition (of its JSON),
/// stable across runs and builds.
pub fn set_definition_hash(set: &QuestionSet) -> u64 {
    stable_hash(&serde_json::to_vec(set).unwrap_or_default())
}

/// The index file of a store.
pub fn index_path(store: &Store) -> PathBuf {
    store.root().join(CACHE_DIR).join(INDEX_FILE)
}

/// The index's entries, sorted by id; none when it is missing, corrupt or
/// from another format or version (then it is rebuilt from the records).
fn read_index(path: &Path) -> Vec<Entry> {
    let Ok(bytes) = crate::safe_fs::read_regular(path, false) else {
        return Vec::new();
    };
    match serde_json::from_slice::<IndexFile>(&bytes) {
        Ok(file) if file.format == FORMAT && file.version == crate::version::build_id() => {
            let mut entries = file.entries;
            // Written sorted; a hand-edited index may not be.
            if !entries.is_sorted_by(|a, b| a.summary.id < b.summary.id) {
                entries.sort_by(|a, b| a.summary.id.cmp(&b.summary.id));
                entries.dedup_by(|a, b| a.summary.id == b.summary.id);
            }
            entries
        }
        _ => Vec::new(),
    }
}

/// Summaries of every record, from the index where it is still true and
/// from the record files elsewhere; refreshes the index when anything
/// changed. Same records, order and problems as [`Store::list`].
pub fn summaries(store: &Store, catalog: &SetCatalog) -> Result<SummaryListing, StoreError> {
    summaries_as_of(store, catalog, SystemTime::now())
}

/// [`summaries`] with the file-system time taken as `now`, which decides
/// which files changed too recently to be indexed (tests pass a later time
/// than the files they just wrote).
pub fn summaries_as_of(
    store: &Store,
    catalog: &SetCatalog,
    now: SystemTime,
) -> Result<SummaryListing, StoreError> {
    scan(store, catalog, now, false).map(|(listing, _)| listing)
}

/// [`summaries`] and every record loaded, in one read of each file (for
/// `export --all`, which renders every record): the records are as
/// [`Store::list`] gives them, and each summary was made from the same
/// version of its file as the record, or an older one whose stamp is then
/// no longer the file's.
pub fn summaries_and_records(
    store: &Store,
    catalog: &SetCatalog,
) -> Result<(SummaryListing, Vec<Record>), StoreError> {
    scan(store, catalog, SystemTime::now(), true)
}

fn scan(
    store: &Store,
    catalog: &SetCatalog,
    now: SystemTime,
    keep_records: bool,
) -> Result<(SummaryListing, Vec<Record>), StoreError> {
    let mut records = Vec::new();
    let ids = store.ids()?;
    // A `.cache` that is a link is not read through (nor written: see
    // Store::write_cache); the records are read instead.
    let cached = if crate::safe_fs::check_within(store.root(), CACHE_DIR).is_ok() {
        read_index(&index_path(store))
    } else {
        Vec::new()
    };
    let mut cached = cached.into_iter().peekable();
    let mut set_hashes: HashMap<String, Option<u64>> = HashMap::new();
    let mut set_hash = |set_id: &str| -> Option<u64> {
        *set_hashes
            .entry(set_id.to_string())
            .or_insert_with(|| catalog.get(set_id).map(set_definition_hash))
    };
    let mut listing = SummaryListing::default();
    // The next index, in id order; summaries not worth indexing (changed
    // just now) go straight to the listing.
    let mut fresh: Vec<Entry> = Vec::with_capacity(ids.len());
    // Whether the index on disk says something other than `fresh`.
    let mut dirty = false;
    for id in ids {
        // Both lists are sorted by id: walk them together.
        while cached.next_if(|entry| entry.summary.id < id).is_some() {
            dirty = true; // an entry for a record that is gone
        }
        let file = store.record_path(&id);
        let stamp = fs::metadata(&file).ok().map(|meta| Stamp::of(&meta));
        let mut reusable = None;
        match cached.next_if(|entry| entry.summary.id == id) {
            Some(entry)
                if Some(entry.stamp) == stamp && entry.set == set_hash(&entry.summary.set.id) =>
            {
                if !keep_records {
                    fresh.push(entry);
                    continue;
                }
                reusable = Some(entry);
            }
            // Stale: the record (or its set) changed since it was indexed.
            Some(_) => dirty = true,
            None => {}
        }
        match store.load(&id) {
            // The entry still matches the stamp taken before this read, so
            // it is kept without checking the record again.
            Ok(record) if reusable.is_some() => {
                fresh.extend(reusable);
                records.push(record);
            }
            Ok(record) => {
                let summary = Summary::of(&record, catalog.get(&record.set.id));
                // The stamp from before the read: if the file changed while
                // we read it, the next listing sees a new stamp and reads it
                // again.
                dirty = true;
                match stamp.filter(|s| !s.is_racy(now)) {
                    Some(stamp) => fresh.push(Entry {
                        stamp,
                        set: set_hash(&summary.set.id),
                        summary,
                    }),
                    None => listing.summaries.push(summary),
                }
                if keep_records {
                    records.push(record);
                }
            }
            Err(err) => {
                // An indexed record that no longer loads leaves the index.
                dirty |= reusable.is_some();
                listing.problems.push(err);
                listing.unloaded.push(id);
            }
        }
    }
    if dirty || cached.next().is_some() {
        write_index(store, &fresh);
    }
    listing.stamps = fresh
        .iter()
        .map(|entry| (entry.summary.id.clone(), entry.stamp))
        .collect();
    listing
        .summaries
        .extend(fresh.into_iter().map(|entry| entry.summary));
    listing
        .summaries
        .sort_by(|a, b| a.created.cmp(&b.created).then_with(|| a.id.cmp(&b.id)));
    records.sort_by(|a, b| a.created.cmp(&b.created).then_with(|| a.id.cmp(&b.id)));
    Ok((listing, records))
}

/// Writes the index; a store we cannot write to (read-only checkout,
/// permissions) still lists, just without the shortcut next time.
fn write_index(store: &Store, entries: &[Entry]) {
    let file = IndexFileOut {
        format: FORMAT,
        version: crate::version::build_id(),
        entries,
    };
    let Ok(bytes) = serde_json::to_vec(&file) else {
        return;
    };
    let _ = store.write_cache(CACHE_DIR, INDEX_FILE, &bytes);
}
