//! The records one record is shown with, without reading the store:
//! what `show ID`, `export ID` and `check ID` need of the other records
//! (the ones it links to, the ones that link to it, the ones holding its
//! number or published name), found in time that does not grow with the
//! store.
//!
//! Why it exists: finding who links to one record meant parsing every
//! record, so showing one record of 10,000 took 1.6 s and 428 MB
//! (docs/benchmarks.md). Now the records it links to are read from their
//! own files, and the records that may link to it, or share its number
//! or name, are looked up in a small view kept beside the list index,
//! `.cache/link-view.txt`: one line per link (target, source), per
//! number and per stored published name.
//!
//! What is always true, whatever the view says:
//! - Every record shown beside this one is read from its own file now,
//!   and kept only if it still links to it, is linked from it, or shares
//!   its number or name: a link removed, a record deleted or renamed is
//!   never shown from the view.
//! - The view is used only when the records folder has the stamp it had
//!   when the view was made and the list index is the file it was then.
//!   Every file created, deleted or renamed in the records folder changes
//!   the folder's stamp: every preflight save (written beside and renamed),
//!   `git checkout`, `merge`, `pull` and `reset` (git replaces files),
//!   `rm`, `mv`, and editors that save by renaming. Every `list`, `check`
//!   of all records, `export --all` and the home screen rewrite the list
//!   index when any record's own stamp changed (see [`crate::list_index`]),
//!   and a rewrite is a new file (new inode).
//! - A view made while the folder was changing (its stamp under two
//!   seconds old), or while any record was (not yet in the list index),
//!   is used for that run but not kept; a missing, unreadable, truncated,
//!   older-format or other-build view is rebuilt. Rebuilding goes through
//!   the list index, which stats every record and reads those that changed.
//!
//! What it can miss: a link *to* this record (or a claim to its number or
//! stored name) added by editing another record's file in place (the file
//! overwritten rather than replaced: some editors, `>>`), until the next
//! command that reads the whole store (`list`, `check`, `export --all`,
//! the home screen) or any save. Links *from* this record, and its own
//! number and name, are always read from its file.

use std::collections::BTreeSet;
use std::fs;
use std::time::SystemTime;

use crate::doctor::{self, Facts, Finding};
use crate::list_index::{CACHE_DIR, Stamp, SummaryListing, index_path, summaries_as_of};
use crate::numbering::Claim;
use crate::questionnaire::SetCatalog;
use crate::record::{Record, RecordId};
use crate::store::{Store, StoreError};

/// The view's file name inside [`CACHE_DIR`].
pub const VIEW_FILE: &str = "link-view.txt";
/// First line of the view: bumped when its shape or meaning changes.
const MAGIC: &str = "preflight link view 1";
/// Last line: a view cut short (a full disk) is not a complete one.
const END: &str = "end";

/// What the view knows of the other records: who links to whom, who
/// holds which number and stored name. One line each, found by search.
#[derive(Debug, Clone)]
pub struct LinkView {
    text: String,
    /// How it was found: "from the view", or why the store was scanned.
    pub how: String,
}

/// What a record is shown with.
#[derive(Debug, Clone, Default)]
pub struct Neighbours {
    /// The record itself and every other record it links with, either
    /// way (and with `claims`, those holding its number or stored name),
    /// in store order (created, then id): what [`Store::list`] would give
    /// of them.
    pub records: Vec<Record>,
    /// Records it links to whose files are there but do not load.
    pub unloaded: Vec<RecordId>,
}

impl LinkView {
    /// The view of `store`: read from its file when still true (see the
    /// module's comment), otherwise made from the list index and kept.
    pub fn open(store: &Store, catalog: &SetCatalog) -> Result<LinkView, StoreError> {
        LinkView::open_as_of(store, catalog, SystemTime::now())
    }

    /// [`LinkView::open`] with the file-system time taken as `now`, which
    /// decides whether the records changed too recently for a new view to
    /// be kept (tests pass a later time than the files they just wrote).
    pub fn open_as_of(
        store: &Store,
        catalog: &SetCatalog,
        now: SystemTime,
    ) -> Result<LinkView, StoreError> {
        let folder = Stamp::of_path(&store.records_dir());
        let index = Stamp::of_path(&index_path(store));
        let why = match read(store) {
            Ok(text) => match valid(&text, folder, index) {
                Ok(()) => {
                    return Ok(LinkView {
                        text,
                        how: "links from the link view (records folder and list index unchanged)"
                            .into(),
                    });
                }
                Err(why) => why,
            },
            Err(why) => why,
        };
        let (view, kept) = rebuild(store, catalog, folder, now)?;
        Ok(LinkView {
            how: format!(
                "link view {why}: scanned the store through the list index; {}",
                match kept {
                    Ok(()) => "kept a new view".to_string(),
                    Err(why) => format!("new view not kept ({why})"),
                }
            ),
            ..view
        })
    }

    /// A view made from summaries (tests and callers that hold them).
    pub fn of(listing: &SummaryListing) -> LinkView {
        LinkView {
            text: body(listing, None, None),
            how: "links from the records just listed".into(),
        }
    }

    /// Ids on lines `{tag} {key} ID`.
    fn lookup(&self, tag: &str, key: &str) -> Vec<RecordId> {
        let needle = format!("\n{tag} {key} ");
        self.text
            .match_indices(&needle)
            .filter_map(|(at, _)| {
                let rest = &self.text[at + needle.len()..];
                RecordId::parse(rest.split('\n').next().unwrap_or_default())
            })
            .collect()
    }

    /// The records that may link to `id` (each must be read to be sure).
    pub fn sources_of(&self, id: &RecordId) -> Vec<RecordId> {
        self.lookup("r", id.as_str())
    }

    /// The records that may hold `number` or the stored name `name`.
    pub fn claimants(&self, number: Option<u32>, name: Option<&str>) -> Vec<RecordId> {
        let mut out = Vec::new();
        if let Some(number) = number {
            out.extend(self.lookup("n", &number.to_string()));
        }
        if let Some(name) = name {
            out.extend(self.lookup("s", name));
        }
        out
    }

    /// The records `record` is shown with, each read from its own file:
    /// those it links to, those linking to it and, with `claims`, those
    /// holding its number or stored published name.
    pub fn around(&self, store: &Store, record: &Record, claims: bool) -> Neighbours {
        let mine = Claim::of_record(record);
        let mut candidates: BTreeSet<RecordId> =
            record.links.iter().map(|l| l.target.clone()).collect();
        candidates.extend(self.sources_of(&record.id));
        if claims {
            let name = mine.name_stored.then_some(mine.name.as_str());
            candidates.extend(self.claimants(mine.number, name));
        }
        candidates.remove(&record.id);
        let mut out = Neighbours {
            records: vec![record.clone()],
            unloaded: Vec::new(),
        };
        for id in candidates {
            let linked_from = record.links.iter().any(|l| l.target == id);
            match store.load(&id) {
                Ok(other) => {
                    let theirs = Claim::of_record(&other);
                    let shares = claims
                        && ((mine.number.is_some() && theirs.number == mine.number)
                            || (mine.name_stored
                                && theirs.name_stored
                                && theirs.name == mine.name));
                    if linked_from || other.links.iter().any(|l| l.target == record.id) || shares {
                        out.records.push(other);
                    }
                }
                // As in a listing: a file that is there but does not load.
                Err(_) if linked_from && fs::symlink_metadata(store.record_path(&id)).is_ok() => {
                    out.unloaded.push(id);
                }
                Err(_) => {}
            }
        }
        out.records
            .sort_by(|a, b| a.created.cmp(&b.created).then_with(|| a.id.cmp(&b.id)));
        out
    }

    /// The problems between records that involve any of `chosen`
    /// (clashes, links, supersession: [`doctor::findings`]), from the
    /// records each is shown with and those holding its number or stored
    /// name rather than from every record: once kept to those involving
    /// `chosen`, the same findings, in the same order, as every record gives.
    pub fn findings(&self, store: &Store, chosen: &[Record]) -> Vec<Finding> {
        let mut records: Vec<Record> = Vec::new();
        let mut unloaded = Vec::new();
        for record in chosen {
            let around = self.around(store, record, true);
            records.extend(around.records);
            unloaded.extend(around.unloaded);
        }
        // Each record once, in store order.
        records.sort_by(|a, b| a.created.cmp(&b.created).then_with(|| a.id.cmp(&b.id)));
        records.dedup_by(|a, b| a.id == b.id);
        let facts: Vec<Facts> = records.iter().map(Facts::of_record).collect();
        doctor::findings(&facts, &unloaded)
    }
}

/// The view file's text; why not, when it cannot be read.
fn read(store: &Store) -> Result<String, String> {
    // A `.cache` that is a link is not read through (as the list index).
    if crate::safe_fs::check_within(store.root(), CACHE_DIR).is_err() {
        return Err("not used (.cache is not a plain folder)".into());
    }
    let path = store.root().join(CACHE_DIR).join(VIEW_FILE);
    let bytes = crate::safe_fs::read_regular(&path, false).map_err(|_| "missing".to_string())?;
    String::from_utf8(bytes).map_err(|_| "corrupt (not UTF-8)".to_string())
}

/// Whether `text` is a complete view of this build, made when the records
/// folder and the list index had the stamps they have now.
fn valid(text: &str, folder: Option<Stamp>, index: Option<Stamp>) -> Result<(), String> {
    let mut lines = text.lines();
    let header = format!("{MAGIC} {}", crate::version::build_id());
    if lines.next() != Some(header.as_str()) {
        return Err("from another format or preflight build".into());
    }
    if !text.ends_with(&format!("\n{END}\n")) {
        return Err("corrupt (cut short)".into());
    }
    let stamp = |line: Option<&str>, tag: &str| -> Result<Option<Stamp>, String> {
        let json = line
            .and_then(|l| l.strip_prefix(tag))
            .ok_or_else(|| "corrupt (no stamps)".to_string())?;
        serde_json::from_str(json).map_err(|_| "corrupt (bad stamp)".to_string())
    };
    if stamp(lines.next(), "folder ")? != folder || folder.is_none() {
        return Err("stale (records folder changed)".into());
    }
    if stamp(lines.next(), "index ")? != index {
        return Err("stale (list index rewritten)".into());
    }
    Ok(())
}

/// The view's lines after its header: links, numbers, stored names.
fn body(listing: &SummaryListing, folder: Option<Stamp>, index: Option<Stamp>) -> String {
    let json = |stamp: Option<Stamp>| serde_json::to_string(&stamp).unwrap_or_default();
    let mut text = format!(
        "{MAGIC} {}\nfolder {}\nindex {}\n",
        crate::version::build_id(),
        json(folder),
        json(index)
    );
    for summary in &listing.summaries {
        for link in &summary.links {
            text.push_str(&format!("r {} {}\n", link.target, summary.id));
        }
        let claim = Claim::of_summary(summary);
        if let Some(number) = claim.number {
            text.push_str(&format!("n {number} {}\n", summary.id));
        }
        // Stored names are clean slugs (no spaces), as file names are.
        if claim.name_stored && !claim.name.contains(char::is_whitespace) {
            text.push_str(&format!("s {} {}\n", claim.name, summary.id));
        }
    }
    text.push_str(END);
    text.push('\n');
    text
}

/// A view made from the list index, and whether it was kept on disk (why
/// not, if not).
fn rebuild(
    store: &Store,
    catalog: &SetCatalog,
    folder: Option<Stamp>,
    now: SystemTime,
) -> Result<(LinkView, Result<(), String>), StoreError> {
    let listing = summaries_as_of(store, catalog, now)?;
    let after = Stamp::of_path(&store.records_dir());
    // Kept only if nothing changed during the scan, the folder's stamp is
    // old enough that a change within its clock tick would show, and every
    // record was old enough to be indexed.
    let settled = if folder.is_none() || after != folder {
        Err("the records folder changed while it was read")
    } else if folder.is_some_and(|s| s.is_racy(now)) {
        Err("the records folder changed in the last two seconds")
    } else if listing.stamps.len() != listing.summaries.len() {
        Err("a record changed in the last two seconds")
    } else {
        Ok(())
    };
    let index = Stamp::of_path(&index_path(store));
    let text = body(&listing, folder, index);
    let kept = settled.map_err(str::to_string).and_then(|()| {
        store
            .write_cache(CACHE_DIR, VIEW_FILE, text.as_bytes())
            .map_err(|err| format!("cannot write it: {err}"))
    });
    Ok((
        LinkView {
            text,
            how: String::new(),
        },
        kept,
    ))
}
