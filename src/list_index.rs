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
//! - A listing stamps every record file before it reads any, then reads
//!   the ones it must (all of them on a fresh clone) on every core, and
//!   puts the results together in id order: the output and the index do
//!   not depend on the number of threads, and an entry's stamp is never
//!   newer than the bytes its summary came from.
//!
//! What a cold listing costs is mostly not reading: at 10,000 generated
//! records (262 MB) reading the files took 0.26 s of CPU, parsing them
//! 0.63 s and checking their readiness 1.37 s, before the check was made
//! cheaper (docs/benchmarks.md).

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
    /// How the index and the record files were used, for `--verbose`.
    pub how: IndexUse,
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

/// Why the index on disk could not be used as it was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IndexState {
    /// It was read and its entries were checked one by one.
    Used,
    /// There is none yet (a fresh clone, a first listing).
    Missing,
    /// It could not be read, or is not JSON of the index's shape.
    Unreadable,
    /// Written in another format or by another preflight build.
    Foreign,
    /// `.cache` is a link or not a folder, so it is neither read nor written.
    NotAFolder,
}

/// How a listing used the index and the record files, for `--verbose`:
/// the index is only a cache, so every doubt is said out loud.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IndexUse {
    /// What became of the index file; `None` before a scan.
    pub state: Option<IndexState>,
    /// Records whose entry was still true (same stamp, same set): not read.
    pub from_index: usize,
    /// Records read because the index had no entry for them.
    pub unindexed: usize,
    /// Records read because their entry was stale (the file or its set
    /// changed since it was indexed).
    pub stale: usize,
    /// Entries dropped because their record file is gone.
    pub gone: usize,
    /// Records read that did not load (reported as problems).
    pub failed: usize,
    /// Threads the reading was spread over (1: read one after another).
    pub threads: usize,
    /// Whether the index was written again.
    pub rewritten: bool,
}

impl std::fmt::Display for IndexUse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let place = format!("{CACHE_DIR}/{INDEX_FILE}");
        match self.state {
            None | Some(IndexState::Used) => write!(f, "list index {place} used")?,
            Some(IndexState::Missing) => write!(f, "no list index yet ({place})")?,
            Some(IndexState::Unreadable) => {
                write!(f, "list index {place} unreadable or damaged: not trusted")?
            }
            Some(IndexState::Foreign) => write!(
                f,
                "list index {place} written by another preflight build or format: not trusted"
            )?,
            Some(IndexState::NotAFolder) => {
                write!(f, "{CACHE_DIR} is a link or not a folder: no list index")?
            }
        }
        let read = self.unindexed + self.stale;
        write!(
            f,
            "; {} record{} from the index, {read} read from the files",
            self.from_index,
            if self.from_index == 1 { "" } else { "s" },
        )?;
        if read > 0 {
            write!(
                f,
                " ({} not indexed, {} changed since indexed",
                self.unindexed, self.stale
            )?;
            if self.failed > 0 {
                write!(f, ", {} could not be read", self.failed)?;
            }
            write!(
                f,
                "; on {} thread{})",
                self.threads,
                if self.threads == 1 { "" } else { "s" }
            )?;
        }
        if self.gone > 0 {
            write!(f, "; {} entries of deleted records dropped", self.gone)?;
        }
        if self.rewritten {
            write!(f, "; index written")?;
        }
        Ok(())
    }
}

/// The index's entries, sorted by id; none when it is missing, corrupt or
/// from another format or version (then it is rebuilt from the records).
fn read_index(path: &Path) -> (Vec<Entry>, IndexState) {
    let bytes = match crate::safe_fs::read_regular(path, false) {
        Ok(bytes) => bytes,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            return (Vec::new(), IndexState::Missing);
        }
        Err(_) => return (Vec::new(), IndexState::Unreadable),
    };
    match serde_json::from_slice::<IndexFile>(&bytes) {
        Ok(file) if file.format == FORMAT && file.version == crate::version::build_id() => {
            let mut entries = file.entries;
            // Written sorted; a hand-edited index may not be.
            if !entries.is_sorted_by(|a, b| a.summary.id < b.summary.id) {
                entries.sort_by(|a, b| a.summary.id.cmp(&b.summary.id));
                entries.dedup_by(|a, b| a.summary.id == b.summary.id);
            }
            (entries, IndexState::Used)
        }
        Ok(_) => (Vec::new(), IndexState::Foreign),
        Err(_) => (Vec::new(), IndexState::Unreadable),
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

/// Fewer records to read than this are read on the calling thread: an
/// edit or two since the last listing is not worth waking a thread pool.
const PARALLEL_MIN: usize = 32;

/// What the first pass decided for one record file, in id order.
enum Plan {
    /// Its entry is still true: the file is not read.
    Keep(Entry),
    /// The file is read. `stamp` was taken before the read, so a change
    /// made after it gives the file another stamp and the next listing
    /// reads it again; an entry is never stamped with a later stamp than
    /// the bytes its summary came from. `reusable` is an entry still true
    /// whose record is wanted anyway (`export --all`).
    Read {
        id: RecordId,
        stamp: Option<Stamp>,
        reusable: Option<Entry>,
    },
}

/// A record file read by the second pass: its summary (unless an entry
/// still true gives it) and the record itself when wanted.
/// Boxed, so the results of a fresh clone's 10,000 reads stay small.
type Loaded = Result<(Option<Summary>, Option<Box<Record>>), Box<StoreError>>;

/// The first pass: the index and a stamp of every record file, taken before
/// any file is read, and which files must be read.
struct Survey {
    plans: Vec<Plan>,
    /// Whether the index on disk says something other than what will be
    /// written from `plans`.
    dirty: bool,
    how: IndexUse,
}

fn survey(
    store: &Store,
    set_hash: &mut impl FnMut(&str) -> Option<u64>,
    keep_records: bool,
) -> Result<Survey, StoreError> {
    let ids = store.ids()?;
    // A `.cache` that is a link is not read through (nor written: see
    // Store::write_cache); the records are read instead.
    let (cached, state) = if crate::safe_fs::check_within(store.root(), CACHE_DIR).is_ok() {
        read_index(&index_path(store))
    } else {
        (Vec::new(), IndexState::NotAFolder)
    };
    let mut how = IndexUse {
        state: Some(state),
        ..IndexUse::default()
    };
    let mut cached = cached.into_iter().peekable();
    let mut plans = Vec::with_capacity(ids.len());
    let mut dirty = false;
    for id in ids {
        // Both lists are sorted by id: walk them together.
        while cached.next_if(|entry| entry.summary.id < id).is_some() {
            dirty = true; // an entry for a record that is gone
            how.gone += 1;
        }
        let stamp = Stamp::of_path(&store.record_path(&id));
        let mut reusable = None;
        match cached.next_if(|entry| entry.summary.id == id) {
            Some(entry)
                if Some(entry.stamp) == stamp && entry.set == set_hash(&entry.summary.set.id) =>
            {
                how.from_index += 1;
                if !keep_records {
                    plans.push(Plan::Keep(entry));
                    continue;
                }
                reusable = Some(entry);
            }
            // Stale: the record (or its set) changed since it was indexed.
            Some(_) => {
                dirty = true;
                how.stale += 1;
            }
            None => how.unindexed += 1,
        }
        plans.push(Plan::Read {
            id,
            stamp,
            reusable,
        });
    }
    let left = cached.count();
    how.gone += left;
    dirty |= left > 0;
    Ok(Survey { plans, dirty, how })
}

/// The second pass: every file the survey chose, read and summarised, on
/// every core when there are many (a fresh clone reads them all). The
/// results are in the plans' order, so the listing does not depend on how
/// the work was shared out.
fn read_planned(
    store: &Store,
    catalog: &SetCatalog,
    plans: &[Plan],
    keep_records: bool,
) -> (Vec<Loaded>, usize) {
    let wanted: Vec<(&RecordId, bool)> = plans
        .iter()
        .filter_map(|plan| match plan {
            Plan::Keep(_) => None,
            Plan::Read { id, reusable, .. } => Some((id, reusable.is_none())),
        })
        .collect();
    let load = |&(id, summarise): &(&RecordId, bool)| -> Loaded {
        let record = store.load(id).map_err(Box::new)?;
        let summary = summarise.then(|| Summary::of(&record, catalog.get(&record.set.id)));
        Ok((summary, keep_records.then(|| Box::new(record))))
    };
    if wanted.len() < PARALLEL_MIN {
        return (wanted.iter().map(load).collect(), 1);
    }
    use rayon::prelude::*;
    let threads = rayon::current_num_threads();
    (wanted.par_iter().map(load).collect(), threads)
}

fn scan(
    store: &Store,
    catalog: &SetCatalog,
    now: SystemTime,
    keep_records: bool,
) -> Result<(SummaryListing, Vec<Record>), StoreError> {
    let mut set_hashes: HashMap<String, Option<u64>> = HashMap::new();
    let mut set_hash = |set_id: &str| -> Option<u64> {
        *set_hashes
            .entry(set_id.to_string())
            .or_insert_with(|| catalog.get(set_id).map(set_definition_hash))
    };
    let survey = survey(store, &mut set_hash, keep_records)?;
    let (loaded, threads) = read_planned(store, catalog, &survey.plans, keep_records);
    Ok(assemble(store, survey, loaded, threads, now, &mut set_hash))
}

/// The third pass, in id order: the listing, and the index written again
/// when it changed.
fn assemble(
    store: &Store,
    survey: Survey,
    loaded: Vec<Loaded>,
    threads: usize,
    now: SystemTime,
    set_hash: &mut impl FnMut(&str) -> Option<u64>,
) -> (SummaryListing, Vec<Record>) {
    let Survey {
        plans,
        mut dirty,
        mut how,
    } = survey;
    how.threads = threads;
    let mut records = Vec::new();
    let mut listing = SummaryListing::default();
    // The next index, in id order; summaries not worth indexing (changed
    // just now) go straight to the listing.
    let mut fresh: Vec<Entry> = Vec::with_capacity(plans.len());
    let mut loaded = loaded.into_iter();
    for plan in plans {
        let (id, stamp, reusable) = match plan {
            Plan::Keep(entry) => {
                fresh.push(entry);
                continue;
            }
            Plan::Read {
                id,
                stamp,
                reusable,
            } => (id, stamp, reusable),
        };
        // One result per file read, in the same order.
        let Some(result) = loaded.next() else {
            break;
        };
        match result {
            // The entry still matched the stamp taken before this read, so
            // it is kept without checking the record again.
            Ok((_, record)) if reusable.is_some() => {
                fresh.extend(reusable);
                records.extend(record.map(|record| *record));
            }
            Ok((summary, record)) => {
                let Some(summary) = summary else {
                    continue; // not reached: a read without an entry is summarised
                };
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
                records.extend(record.map(|record| *record));
            }
            Err(err) => {
                // An indexed record that no longer loads leaves the index.
                dirty |= reusable.is_some();
                how.failed += 1;
                listing.problems.push(*err);
                listing.unloaded.push(id);
            }
        }
    }
    if dirty {
        how.rewritten = write_index(store, &fresh);
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
    listing.how = how;
    (listing, records)
}

/// Writes the index; a store we cannot write to (read-only checkout,
/// permissions) still lists, just without the shortcut next time.
/// Says whether it was written.
fn write_index(store: &Store, entries: &[Entry]) -> bool {
    let file = IndexFileOut {
        format: FORMAT,
        version: crate::version::build_id(),
        entries,
    };
    let Ok(bytes) = serde_json::to_vec(&file) else {
        return false;
    };
    store.write_cache(CACHE_DIR, INDEX_FILE, &bytes).is_ok()
}

#[cfg(test)]
mod tests {
    //! The passes of a scan, with a writer stepping in between them: the
    //! index must never pair a summary with a stamp newer than the bytes it
    //! came from. (The integration tests in tests/library/list_index.rs
    //! cover the rest of the index's promises through the public API.)

    use super::*;
    use crate::store::StoreOrigin;

    fn generated(count: usize) -> (tempfile::TempDir, Store, SetCatalog) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path().join("store"), StoreOrigin::Flag);
        let catalog = SetCatalog::built_in();
        let set = catalog.get(crate::questionnaire::DEFAULT_SET_ID).unwrap();
        crate::synth::generate(
            &store,
            set,
            crate::synth::Options {
                records: count,
                seed: 9,
            },
        )
        .unwrap();
        (dir, store, catalog)
    }

    /// Past the racy window of every file just written.
    fn later() -> SystemTime {
        SystemTime::now() + Duration::from_secs(60)
    }

    /// Saves the record again under another title (of a length no earlier
    /// save used, so the size alone changes its stamp).
    fn retitle(store: &Store, id: &RecordId, title: &str) {
        let mut record = store.load(id).unwrap();
        record.title = title.to_string();
        store.save(&record).unwrap();
    }

    /// The index's promise: an entry whose stamp is still its file's says
    /// what the file says.
    fn assert_index_true(store: &Store, catalog: &SetCatalog) {
        let (entries, state) = read_index(&index_path(store));
        assert_eq!(state, IndexState::Used);
        for entry in entries {
            let path = store.record_path(&entry.summary.id);
            if Stamp::of_path(&path) == Some(entry.stamp) {
                let record = store.load(&entry.summary.id).unwrap();
                assert_eq!(
                    entry.summary,
                    Summary::of(&record, catalog.get(&record.set.id)),
                    "a trusted entry that is not the file's"
                );
            }
        }
    }

    /// A scan with `between` run after the survey has stamped every file
    /// and before any file is read, then `after_read` before the index is
    /// written.
    fn scan_with(
        store: &Store,
        catalog: &SetCatalog,
        between: impl FnOnce(),
        after_read: impl FnOnce(),
    ) -> SummaryListing {
        let mut hashes: HashMap<String, Option<u64>> = HashMap::new();
        let mut set_hash = |id: &str| {
            *hashes
                .entry(id.to_string())
                .or_insert_with(|| catalog.get(id).map(set_definition_hash))
        };
        let survey = survey(store, &mut set_hash, false).unwrap();
        between();
        let (loaded, threads) = read_planned(store, catalog, &survey.plans, false);
        after_read();
        assemble(store, survey, loaded, threads, later(), &mut set_hash).0
    }

    fn title_of(listing: &SummaryListing, id: &RecordId) -> String {
        listing
            .summaries
            .iter()
            .find(|s| &s.id == id)
            .map(|s| s.title.clone())
            .unwrap()
    }

    #[test]
    fn a_record_rewritten_after_its_stamp_and_before_its_read_is_read_again_next_time() {
        // Few records are read on this thread, many on every core.
        for count in [3, PARALLEL_MIN + 5] {
            let (_dir, store, catalog) = generated(count);
            let id = store.ids().unwrap()[1].clone();
            let listing = scan_with(
                &store,
                &catalog,
                || retitle(&store, &id, "Rewritten while listing"),
                || {},
            );
            // The file was read after the write: its new title is shown...
            assert_eq!(title_of(&listing, &id), "Rewritten while listing");
            // ...under the stamp from before the write, which is no longer
            // the file's, so the entry is not trusted again.
            assert_ne!(
                listing.stamps.get(&id),
                Stamp::of_path(&store.record_path(&id)).as_ref()
            );
            assert_index_true(&store, &catalog);
            let next = summaries_as_of(&store, &catalog, later()).unwrap();
            assert_eq!(next.how.stale, 1, "{}", next.how);
            assert_eq!(title_of(&next, &id), "Rewritten while listing");
            assert_index_true(&store, &catalog);
        }
    }

    #[test]
    fn a_record_rewritten_after_its_read_keeps_the_old_stamp_and_is_read_again() {
        for count in [3, PARALLEL_MIN + 5] {
            let (_dir, store, catalog) = generated(count);
            let id = store.ids().unwrap()[2].clone();
            let old = store.load(&id).unwrap().title;
            let listing = scan_with(
                &store,
                &catalog,
                || {},
                || retitle(&store, &id, "Rewritten after it was read"),
            );
            // What was read is shown, and indexed under the stamp of the
            // version read, never the new one.
            assert_eq!(title_of(&listing, &id), old);
            assert_index_true(&store, &catalog);
            let next = summaries_as_of(&store, &catalog, later()).unwrap();
            assert_eq!(title_of(&next, &id), "Rewritten after it was read");
            assert_index_true(&store, &catalog);
        }
    }

    #[test]
    fn an_indexed_record_rewritten_after_the_survey_is_not_trusted_next_time() {
        let (_dir, store, catalog) = generated(PARALLEL_MIN + 5);
        summaries_as_of(&store, &catalog, later()).unwrap();
        let id = store.ids().unwrap()[0].clone();
        let old = store.load(&id).unwrap().title;
        // The entry was still true when its stamp was compared: this
        // listing shows it (the record as it was a moment ago)...
        let listing = scan_with(
            &store,
            &catalog,
            || retitle(&store, &id, "Rewritten after the index was read"),
            || {},
        );
        assert_eq!(title_of(&listing, &id), old);
        assert_eq!(listing.how.from_index, PARALLEL_MIN + 5);
        // ...and the next one sees the new stamp and reads the file.
        let next = summaries_as_of(&store, &catalog, later()).unwrap();
        assert_eq!(next.how.stale, 1, "{}", next.how);
        assert_eq!(title_of(&next, &id), "Rewritten after the index was read");
        assert_index_true(&store, &catalog);
    }
}
