//! The export manifest: what `export --all` wrote last time into a folder,
//! so that a re-export skips the pages whose inputs did not change instead
//! of loading and rendering every record (rendering 10,000 records takes
//! about 11 s; docs/benchmarks.md).
//!
//! The manifest lives in the store's `.cache/exports/` (git-ignored), one
//! file per output folder, so nothing foreign lands in a published folder
//! and no wiki commit carries it. It names the folder, the options and the
//! build that wrote it, and for each page its file, a key (a hash of everything the
//! page is made from) and what the file was after the export (a hash of its
//! bytes and, when it can be trusted, its stamp). It is only a cache, never
//! trusted over the files:
//! - A page's key covers its record file's stamp (from the list index,
//!   which gives stamps only for files not changed in the last two
//!   seconds), its question set, the fields it shows of every record it
//!   links with or that links to it, its file name, the options, the
//!   preflight version and build, and [`EXPORT_FORMAT`]. No key (a record
//!   changed just now), no skip.
//! - A page is skipped only if its key matches and the file on disk is the
//!   one recorded: same stamp, or else same bytes (read and hashed). An
//!   edited, replaced or deleted page is rendered again.
//! - A stamp is recorded only when it was taken before the file's bytes
//!   were known to be right and is older than two seconds, so a later edit
//!   within the file system's clock tick cannot keep it.
//! - A missing, unreadable or corrupt manifest, or one written by another
//!   version, build or with other options, means a full export.
//! - It is written last, atomically, after every page is in place.

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use serde::{Deserialize, Serialize};

use super::Layout;
use super::prune::Ledger;
use crate::list_index::{Stamp, Summary, stable_hash};
use crate::record::RecordId;
// Keys are std's SipHash with fixed keys: the same within a build, and the
// build is in the signature. A page's bytes are hashed once, with the
// ledger's stable hash, for both the ledger and the page's entry.
use super::page_files::PageFiles;
use super::prune::hash as hash_bytes;
use crate::store::{Store, StoreError};

/// The folder inside the store's cache that holds one manifest per output
/// folder.
pub const MANIFESTS_DIR: &str = ".cache/exports";
/// Bumped when the manifest's shape or meaning changes (2: keys hashed
/// directly, pages hashed with the ledger's stable hash).
const FORMAT: u32 = 2;
/// Bump whenever the output of `export --all` could change for the same
/// records (a renderer change): every page is then rendered again. The
/// preflight version and the build are in the signature too, as a second
/// guard.
pub const EXPORT_FORMAT: u32 = 1;

/// What a folder's pages were made with beyond the records: two exports
/// with different signatures share nothing.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Signature {
    format: u32,
    /// The preflight build ([`crate::version::build_id`]: the version and
    /// the executable's stamp), so a rebuilt preflight (a changed renderer
    /// that forgot to bump [`EXPORT_FORMAT`]) renders everything.
    build: String,
    export_format: u32,
    layout: String,
    output: String,
    front_matter: bool,
    /// The output folder, as an absolute path: a manifest describes one.
    folder: String,
}

impl Signature {
    /// The signature of this run's options, writing into `folder`.
    pub fn new(layout: Layout, html: bool, front_matter: bool, folder: &Path) -> Signature {
        Signature {
            folder: folder_key(folder),
            format: FORMAT,
            build: crate::version::build_id().to_string(),
            export_format: EXPORT_FORMAT,
            layout: layout.name().to_string(),
            output: if html { "html" } else { "md" }.to_string(),
            front_matter,
        }
    }
}

/// What the manifest knows about one written file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageEntry {
    /// The file's name in the folder.
    pub file: String,
    /// The hash of everything the page was made from.
    pub key: u64,
    /// The hash of the page's bytes.
    pub hash: u64,
    /// The file's stamp, when it can be trusted (see the module notes).
    pub stamp: Option<Stamp>,
}

#[derive(Debug, Serialize, Deserialize)]
struct ManifestFile {
    signature: Signature,
    index: Option<PageEntry>,
    pages: BTreeMap<String, PageEntry>,
    /// Every file export wrote into the folder and has not removed, from
    /// whichever build or options (see [`super::prune`]).
    #[serde(default)]
    written: Ledger,
}

/// A manifest read back: the last export's pages by record id.
#[derive(Debug, Default)]
pub struct Manifest {
    /// Pages by record id.
    pub pages: HashMap<String, PageEntry>,
    /// The index page.
    pub index: Option<PageEntry>,
}

/// The output folder as the manifest names it: absolute, links resolved
/// (the folder exists by the time this is asked).
fn folder_key(folder: &Path) -> String {
    fs::canonicalize(folder)
        .unwrap_or_else(|_| folder.to_path_buf())
        .display()
        .to_string()
}

/// The manifest file's name for an output folder: a stable hash of its
/// absolute path (FNV-1a), so each folder has its own.
fn manifest_name(folder: &Path) -> String {
    let hash = stable_hash(folder_key(folder).as_bytes());
    format!("export-{hash:016x}.json")
}

/// What an earlier export left for output folder `dir`, from one read of
/// its manifest.
#[derive(Debug, Default)]
pub struct Previous {
    /// The pages, if the manifest was written with this run's signature.
    pub manifest: Option<Manifest>,
    /// Every file an earlier export wrote into `dir` (with any options or
    /// build): what `--prune` may remove. Empty when there is no manifest.
    pub ledger: Ledger,
}

impl Previous {
    /// Whether a manifest with these entries and ledger would say exactly
    /// what the one read says, so it need not be written again.
    pub fn says(
        &self,
        index: &Option<PageEntry>,
        pages: &BTreeMap<String, PageEntry>,
        ledger: &Ledger,
    ) -> bool {
        self.manifest.as_ref().is_some_and(|manifest| {
            manifest.index == *index
                && manifest.pages.len() == pages.len()
                && pages
                    .iter()
                    .all(|(id, entry)| manifest.pages.get(id) == Some(entry))
        }) && self.ledger == *ledger
    }
}

/// Reads the manifest of output folder `dir` in `store` once: its pages
/// if it was written with `signature` (which names the folder too), and
/// its ledger whatever wrote it.
pub fn read(store: &Store, dir: &Path, signature: &Signature) -> Previous {
    #[derive(Deserialize)]
    struct Written {
        #[serde(default)]
        written: Ledger,
    }
    let path = path(store, dir);
    // Pages are trusted only from a manifest inside the store, read without
    // following links; the ledger is read wherever the path leads.
    let safe = crate::safe_fs::check_within(store.root(), MANIFESTS_DIR)
        .ok()
        .and_then(|()| crate::safe_fs::read_regular(&path, false).ok());
    let trusted = safe.is_some();
    let Some(bytes) = safe.or_else(|| fs::read(&path).ok()) else {
        return Previous::default();
    };
    match serde_json::from_slice::<ManifestFile>(&bytes) {
        Ok(file) => Previous {
            manifest: (trusted && file.signature == *signature).then(|| Manifest {
                pages: file.pages.into_iter().collect(),
                index: file.index,
            }),
            ledger: file.written,
        },
        // Another shape (an older or newer format): only the ledger is
        // understood.
        Err(_) => Previous {
            manifest: None,
            ledger: serde_json::from_slice::<Written>(&bytes)
                .map(|file| file.written)
                .unwrap_or_default(),
        },
    }
}

/// Writes the manifest atomically; on failure removes the old one (which
/// could only cost renders, but is best not left describing a folder it no
/// longer matches) and says why.
pub fn write(
    store: &Store,
    dir: &Path,
    signature: &Signature,
    index: Option<PageEntry>,
    pages: BTreeMap<String, PageEntry>,
    written: Ledger,
) -> Result<(), StoreError> {
    let file = ManifestFile {
        signature: signature.clone(),
        index,
        pages,
        written,
    };
    let bytes = serde_json::to_vec(&file).unwrap_or_default();
    let result = store.write_cache(MANIFESTS_DIR, &manifest_name(dir), &bytes);
    if result.is_err() && crate::safe_fs::check_within(store.root(), MANIFESTS_DIR).is_ok() {
        let _ = fs::remove_file(path(store, dir));
    }
    result
}

/// What a page shows of a record it links with, and what orders it among
/// the others, fed to `hasher`.
fn hash_facts(hasher: &mut DefaultHasher, summary: &Summary) {
    summary.id.hash(hasher);
    summary.title.hash(hasher);
    summary.number.hash(hasher);
    summary.slug.hash(hasher);
    summary.status.hash(hasher);
    summary.created.hash(hasher);
    summary.links.hash(hasher);
}

/// A hash of the signature, to put in every page's key.
pub fn signature_hash(signature: &Signature) -> u64 {
    let mut hasher = DefaultHasher::new();
    signature.hash(&mut hasher);
    hasher.finish()
}

/// The key of a record's page: `None` when the record's stamp cannot be
/// trusted (changed in the last two seconds), so the page is rendered.
/// `signature` is [`signature_hash`]. Fed straight to the hasher (no
/// serialising): a re-export works out 10,000 of these.
pub fn page_key(
    signature: u64,
    file: &str,
    stamp: Option<&Stamp>,
    set_hash: u64,
    summary: &Summary,
    neighbours: &[&Summary],
) -> Option<u64> {
    let mut hasher = DefaultHasher::new();
    signature.hash(&mut hasher);
    file.hash(&mut hasher);
    stamp?.hash(&mut hasher);
    set_hash.hash(&mut hasher);
    hash_facts(&mut hasher, summary);
    neighbours.len().hash(&mut hasher);
    for neighbour in neighbours {
        hash_facts(&mut hasher, neighbour);
    }
    Some(hasher.finish())
}

/// The key of the index page: the options, its file name, and for every
/// summary what its row shows (fields, readiness, whom it supersedes) and
/// whether its question set is installed (`installed`), which decides
/// whether it is listed.
pub fn index_key(
    signature: &Signature,
    file: &str,
    summaries: &[Summary],
    installed: impl Fn(&str) -> bool,
) -> u64 {
    let mut hasher = DefaultHasher::new();
    signature_hash(signature).hash(&mut hasher);
    file.hash(&mut hasher);
    summaries.len().hash(&mut hasher);
    for summary in summaries {
        hash_facts(&mut hasher, summary);
        summary.updated.hash(&mut hasher);
        summary.tags.hash(&mut hasher);
        summary
            .verdict
            .map(|r| (r.blockers, r.warnings))
            .hash(&mut hasher);
        summary.set.id.hash(&mut hasher);
        installed(&summary.set.id).hash(&mut hasher);
    }
    hasher.finish()
}

/// Whether the file at `path` is still the page `entry` recorded: the
/// stamp to record for it if so (`Some(None)`: it is, but its stamp is too
/// recent to trust next time), `None` if it is missing or differs.
pub fn still_there(path: &Path, entry: &PageEntry, now: SystemTime) -> Option<Option<Stamp>> {
    let current = Stamp::of_path(path)?;
    if entry.stamp == Some(current) {
        return Some(Some(current));
    }
    // Another stamp (a copy, a checkout, or a stamp too recent to record
    // last time): the bytes decide.
    let bytes = crate::safe_fs::read_regular(path, false).ok()?;
    (hash_bytes(&bytes) == entry.hash).then(|| trusted(current, now))
}

fn trusted(stamp: Stamp, now: SystemTime) -> Option<Stamp> {
    (!stamp.is_racy(now)).then_some(stamp)
}

/// What writing one page did.
pub struct Written {
    /// Whether the page was queued (its content changed).
    pub queued: bool,
    /// The entry to record for it.
    pub entry: PageEntry,
    /// The ledger's hash of its bytes (the entry's hash: one hash of the
    /// bytes serves both).
    pub ledger: u64,
}

/// Queues `bytes` for `path` unless the file already holds them, and says
/// what to record: the file's stamp only when taken before its bytes were
/// compared (and not too recent); a queued file has none until a later
/// export has read it back.
pub fn write_if_changed(
    batch: &mut PageFiles,
    path: &Path,
    bytes: &[u8],
    key: u64,
    now: SystemTime,
) -> Result<Written, StoreError> {
    let file = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    // One look at the file serves the stamp, the length to compare and
    // the permissions a replacement keeps.
    let meta = fs::metadata(path).ok();
    let before = meta.as_ref().map(Stamp::of);
    // Only a regular file of the page's length can hold the page (a new
    // folder's pages are not even opened). A FIFO or device at a page's
    // name is not read (it would block); it counts as changed and the
    // rename replaces it.
    let unchanged = meta
        .as_ref()
        .is_some_and(|m| m.is_file() && m.len() == bytes.len() as u64)
        && crate::safe_fs::read_regular(path, true).is_ok_and(|existing| existing == bytes);
    if !unchanged {
        batch.add(path, bytes, meta.as_ref())?;
    }
    let hash = hash_bytes(bytes);
    Ok(Written {
        queued: !unchanged,
        ledger: hash,
        entry: PageEntry {
            file,
            key,
            hash,
            stamp: before.filter(|_| unchanged).and_then(|s| trusted(s, now)),
        },
    })
}

/// For each summary, the positions of the others it links to or that link
/// to it, in store order: the records its page shows.
pub fn neighbours(summaries: &[Summary]) -> Vec<Vec<usize>> {
    let position: HashMap<&RecordId, usize> = summaries
        .iter()
        .enumerate()
        .map(|(i, s)| (&s.id, i))
        .collect();
    let mut linked: Vec<Vec<usize>> = vec![Vec::new(); summaries.len()];
    for (i, summary) in summaries.iter().enumerate() {
        for link in &summary.links {
            if let Some(&target) = position.get(&link.target) {
                linked[i].push(target);
                linked[target].push(i);
            }
        }
    }
    for list in &mut linked {
        list.sort_unstable();
        list.dedup();
    }
    linked
}

/// The path of the manifest for output folder `dir`.
pub fn path(store: &Store, dir: &Path) -> PathBuf {
    store.root().join(MANIFESTS_DIR).join(manifest_name(dir))
}
