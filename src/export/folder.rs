//! The pages of a folder export (`export --all`), one per record: a page
//! the manifest says is still the one written last time is kept after a
//! look at its file; every other page is loaded, rendered, compared with the
//! file on disk and queued if it changed. Pages are independent, so they are
//! made on every core; records are loaded one page at a time and dropped
//! once written, so memory stays flat however large the store.
//!
//! A page sees the records it links with (both ways) through their list
//! summaries, not by loading them: a page shows only their ids, titles,
//! numbers, published names and links.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use rayon::prelude::*;

use super::manifest::{self, Manifest, PageEntry, Signature};
use super::page_files::PageFiles;
use super::prune::{self, Ledger};
use super::{ExportContext, Layout};
use crate::list_index::{Stamp, Summary, SummaryListing, set_definition_hash};
use crate::questionnaire::{QuestionSet, SetCatalog};
use crate::record::{Link, Record, SCHEMA_VERSION};
use crate::store::{Store, StoreError};

/// How a folder's pages are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// The folder's layout.
    pub layout: Layout,
    /// HTML pages rather than Markdown.
    pub html: bool,
    /// YAML front matter atop Markdown pages.
    pub front_matter: bool,
}

impl Options {
    /// What the manifest of a folder written into `dir` with these options
    /// is keyed by.
    pub fn signature(&self, dir: &Path) -> Signature {
        Signature::new(self.layout, self.html, self.front_matter, dir)
    }

    /// The pages' file extension, without the dot.
    pub fn extension(&self) -> &'static str {
        if self.html { "html" } else { "md" }
    }

    /// The file name of a record's page, from its (named) summary.
    pub fn file_name(&self, summary: &Summary) -> String {
        format!(
            "{}.{}",
            super::stem_of(
                self.layout,
                summary.slug.as_deref(),
                summary.number,
                &summary.title,
            ),
            self.extension()
        )
    }

    /// A record's page, seeing `linked` (the records it links with).
    pub fn render(&self, set: &QuestionSet, record: &Record, linked: &[Record]) -> String {
        let context = ExportContext {
            records: linked,
            folder: Some(self.layout),
        };
        if self.html {
            super::html(set, record, &context, true)
        } else {
            super::markdown(set, record, &context, self.front_matter)
        }
    }
}

/// What became of one record's page.
#[derive(Debug)]
pub enum Outcome {
    /// The record's question set is not installed: it has no page.
    NoSet,
    /// The page the manifest recorded is still in place: not rendered.
    Kept {
        /// What to record for it.
        entry: PageEntry,
        /// The ledger's hash of its bytes, when known.
        ledger: Option<u64>,
    },
    /// Rendered, and queued in `batch` if the file did not hold it already.
    Rendered {
        /// The page's path.
        path: PathBuf,
        /// What to record for it (its key is 0 when it has none).
        entry: PageEntry,
        /// Whether the page can be skipped next time.
        keyed: bool,
        /// The ledger's hash of its bytes.
        ledger: u64,
        /// The new file, waiting to be put in place; `None` when the file
        /// already held these bytes.
        batch: Option<PageFiles>,
    },
    /// The record did not load (changed or broken since it was listed):
    /// reported, and the export goes on.
    Failed(StoreError),
    /// The page could not be written (a read-only file, a full disk): the
    /// export stops, with nothing replaced.
    Unwritable(StoreError),
}

/// One `export --all` run's pages: everything a page is made from.
pub struct Pages<'a> {
    /// The store the records are loaded from.
    pub store: &'a Store,
    /// The installed question sets.
    pub catalog: &'a SetCatalog,
    /// The output folder.
    pub dir: &'a Path,
    /// How pages are written.
    pub options: Options,
    /// What the manifest is keyed by.
    pub signature: &'a Signature,
    /// Taken before any file is looked at (see [`manifest::still_there`]).
    pub now: SystemTime,
    /// Every record's summary, named as published, in store order.
    pub summaries: &'a [Summary],
    /// The trusted file stamps of the summaries' records.
    pub stamps: &'a HashMap<crate::record::RecordId, Stamp>,
    /// The manifest of the last export into the folder, if usable.
    pub last: Option<&'a Manifest>,
    /// What an earlier export wrote into the folder.
    pub before: &'a Ledger,
}

/// What a folder holds before anything was exported into it.
static NOTHING_WRITTEN: Ledger = Ledger::new();

impl<'a> Pages<'a> {
    /// The pages of every record `listing` holds, written into `dir` as
    /// `options` say (`signature` is theirs, [`Options::signature`]), as if
    /// nothing had been exported there before: see [`Pages::after`].
    pub fn new(
        store: &'a Store,
        catalog: &'a SetCatalog,
        dir: &'a Path,
        options: Options,
        signature: &'a Signature,
        listing: &'a SummaryListing,
        now: SystemTime,
    ) -> Pages<'a> {
        Pages {
            store,
            catalog,
            dir,
            options,
            signature,
            now,
            summaries: &listing.summaries,
            stamps: &listing.stamps,
            last: None,
            before: &NOTHING_WRITTEN,
        }
    }

    /// The same pages, made after an earlier export into the folder: its
    /// manifest, if usable, and what it wrote.
    pub fn after(self, last: Option<&'a Manifest>, before: &'a Ledger) -> Pages<'a> {
        Pages {
            last,
            before,
            ..self
        }
    }

    /// Every record's page, in store order, made on every core.
    pub fn publish(&self) -> Vec<Outcome> {
        let graph = manifest::neighbours(self.summaries);
        let signature = manifest::signature_hash(self.signature);
        // Worked out once per set: hashing a set for every page was most of
        // a re-export's time.
        let mut set_hashes: HashMap<&str, u64> = HashMap::new();
        for summary in self.summaries {
            if let Some(set) = self.catalog.get(&summary.set.id) {
                set_hashes
                    .entry(summary.set.id.as_str())
                    .or_insert_with(|| set_definition_hash(set));
            }
        }
        self.summaries
            .par_iter()
            .zip(&graph)
            .map(|(summary, linked)| {
                let Some(set) = self.catalog.get(&summary.set.id) else {
                    return Outcome::NoSet;
                };
                let file = self.options.file_name(summary);
                let neighbours: Vec<&Summary> =
                    linked.iter().map(|&i| &self.summaries[i]).collect();
                let key = manifest::page_key(
                    signature,
                    &file,
                    self.stamps.get(&summary.id),
                    set_hashes[summary.set.id.as_str()],
                    summary,
                    &neighbours,
                );
                if let Some(kept) = self.kept(summary, &file, key) {
                    return kept;
                }
                // Made only for a page that is rendered: a re-export that
                // keeps every page makes none.
                let linked: Vec<Record> =
                    linked.iter().map(|&i| stub(&self.summaries[i])).collect();
                self.render(set, summary, file, key, &linked)
            })
            .collect()
    }

    /// The page as the manifest recorded it, if its key matches and its
    /// file is still the one written.
    fn kept(&self, summary: &Summary, file: &str, key: Option<u64>) -> Option<Outcome> {
        let key = key?;
        let last = self.last?.pages.get(summary.id.as_str())?;
        if last.key != key || last.file != file {
            return None;
        }
        let stamp = manifest::still_there(&self.dir.join(file), last, self.now)?;
        let ledger = self.before.get(file).copied().or_else(|| {
            // A manifest from before the ledger existed: the file was just
            // found to be the page written, so its bytes are.
            std::fs::read(self.dir.join(file))
                .ok()
                .map(|bytes| prune::hash(&bytes))
        });
        Some(Outcome::Kept {
            entry: PageEntry {
                stamp,
                ..last.clone()
            },
            ledger,
        })
    }

    /// Loads, renders and (if changed) queues one page.
    fn render(
        &self,
        set: &QuestionSet,
        summary: &Summary,
        file: String,
        key: Option<u64>,
        linked: &[Record],
    ) -> Outcome {
        let mut record = match self.store.load(&summary.id) {
            Ok(record) => record,
            Err(err) => return Outcome::Failed(err),
        };
        // Named as the summaries were (names made from titles are not
        // stored in the files).
        record.slug.clone_from(&summary.slug);
        let content = self.options.render(set, &record, linked);
        drop(record);
        let path = self.dir.join(&file);
        let mut batch = PageFiles::default();
        match manifest::write_if_changed(
            &mut batch,
            &path,
            content.as_bytes(),
            key.unwrap_or_default(),
            self.now,
        ) {
            Ok(written) => Outcome::Rendered {
                path,
                ledger: written.ledger,
                entry: written.entry,
                keyed: key.is_some(),
                batch: written.queued.then_some(batch),
            },
            Err(err) => Outcome::Unwritable(err),
        }
    }
}

/// What a page needs to know of a record it links with, as a record: its
/// id, title, number, published name and links; nothing else is shown.
fn stub(summary: &Summary) -> Record {
    Record {
        schema: SCHEMA_VERSION,
        id: summary.id.clone(),
        title: summary.title.clone(),
        status: summary.status,
        author: String::new(),
        tags: Vec::new(),
        set: summary.set.clone(),
        created: summary.created,
        updated: summary.updated,
        answers: BTreeMap::new(),
        number: summary.number,
        slug: summary.slug.clone(),
        review_by: None,
        history: Vec::new(),
        links: summary
            .links
            .iter()
            .map(|link| Link {
                kind: link.kind,
                target: link.target.clone(),
                unknown_keys: BTreeMap::new(),
            })
            .collect(),
        meetings: Vec::new(),
        imported: None,
        unknown_keys: BTreeMap::new(),
    }
}
