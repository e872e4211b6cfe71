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
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::prune::Ledger;
use crate::export::Layout;
use crate::list_index::{LinkRef, Stamp, Summary, stable_hash};
use crate::record::{RecordId, Status};
// Page and output hashes are the store's content hash (std's SipHash with
// fixed keys): the same within a build, and the build is in the signature.
use crate::store::{BatchWriter, Store, StoreError, content_hash as hash_bytes};

/// The folder inside the store's cache that holds one manifest per output
/// folder.
pub const MANIFESTS_DIR: &str = ".cache/exports";
/// Bumped when the manifest's shape or meaning changes.
const FORMAT: u32 = 1;
/// Bump whenever the output of `export --all` could change for the same
/// records (a renderer change): every page is then rendered again. The
/// preflight version and the build are in the signature too, as a second
/// guard.
pub const EXPORT_FORMAT: u32 = 1;

/// What a folder's pages were made with beyond the records: two exports
/// with different signatures share nothing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
            layout: match layout {
                Layout::Default => "default",
                Layout::Adr => "adr",
            }
            .to_string(),
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

/// The manifest of output folder `dir` in `store`, if there is one written
/// with `signature` (which names the folder too).
pub fn read(store: &Store, dir: &Path, signature: &Signature) -> Option<Manifest> {
    crate::safe_fs::check_within(store.root(), MANIFESTS_DIR).ok()?;
    let bytes = crate::safe_fs::read_regular(&path(store, dir), false).ok()?;
    let file: ManifestFile = serde_json::from_slice(&bytes).ok()?;
    (file.signature == *signature).then(|| Manifest {
        pages: file.pages.into_iter().collect(),
        index: file.index,
    })
}

/// Every file an earlier export wrote into `dir` (with any options or
/// build): what `--prune` may remove. Empty when there is no manifest.
pub fn read_ledger(store: &Store, dir: &Path) -> Ledger {
    #[derive(Deserialize)]
    struct Written {
        #[serde(default)]
        written: Ledger,
    }
    fs::read(path(store, dir))
        .ok()
        .and_then(|bytes| serde_json::from_slice::<Written>(&bytes).ok())
        .map(|file| file.written)
        .unwrap_or_default()
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

fn hash_json<T: Serialize>(value: &T) -> Option<u64> {
    serde_json::to_vec(value)
        .ok()
        .map(|bytes| hash_bytes(&bytes))
}

/// What a page shows of a record it links with, and what orders it among
/// the others.
#[derive(Serialize)]
struct Facts<'a> {
    id: &'a RecordId,
    title: &'a str,
    number: Option<u32>,
    slug: Option<&'a str>,
    status: Status,
    created: Timestamp,
    links: &'a [LinkRef],
}

impl<'a> Facts<'a> {
    fn of(summary: &'a Summary) -> Facts<'a> {
        Facts {
            id: &summary.id,
            title: &summary.title,
            number: summary.number,
            slug: summary.slug.as_deref(),
            status: summary.status,
            created: summary.created,
            links: &summary.links,
        }
    }
}

#[derive(Serialize)]
struct PageInputs<'a> {
    signature: u64,
    file: &'a str,
    record: Stamp,
    set: u64,
    own: Facts<'a>,
    neighbours: Vec<Facts<'a>>,
}

/// A hash of the signature, to put in every page's key.
pub fn signature_hash(signature: &Signature) -> Option<u64> {
    hash_json(signature)
}

/// The key of a record's page: `None` when the record's stamp cannot be
/// trusted (changed in the last two seconds), so the page is rendered.
/// `signature` is [`signature_hash`].
pub fn page_key(
    signature: u64,
    file: &str,
    stamp: Option<&Stamp>,
    set_hash: u64,
    summary: &Summary,
    neighbours: &[&Summary],
) -> Option<u64> {
    hash_json(&PageInputs {
        signature,
        file,
        record: *stamp?,
        set: set_hash,
        own: Facts::of(summary),
        neighbours: neighbours.iter().map(|s| Facts::of(s)).collect(),
    })
}

/// The key of the index page: every summary (the index shows fields of
/// each, and readiness) and the options.
pub fn index_key(signature: &Signature, file: &str, summaries: &[Summary]) -> Option<u64> {
    hash_json(&(signature, file, summaries))
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
}

/// Queues `bytes` for `path` unless the file already holds them, and says
/// what to record: the file's stamp only when taken before its bytes were
/// compared (and not too recent); a queued file has none until a later
/// export has read it back.
pub fn write_if_changed(
    batch: &mut BatchWriter,
    path: &Path,
    bytes: &[u8],
    key: u64,
    now: SystemTime,
) -> Result<Written, StoreError> {
    let file = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let before = Stamp::of_path(path);
    // A FIFO or device at a page's name is not read (it would block); it
    // counts as changed and the rename replaces it.
    let unchanged =
        crate::safe_fs::read_regular(path, true).is_ok_and(|existing| existing == bytes);
    if !unchanged {
        batch.add(path, bytes)?;
    }
    Ok(Written {
        queued: !unchanged,
        entry: PageEntry {
            file,
            key,
            hash: hash_bytes(bytes),
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
