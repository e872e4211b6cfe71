//! Bringing existing decision records into the store: a folder written with
//! adr-tools (Nygard's format), MADR 2.x to 4.x or log4brains becomes one
//! record per decision, linked as the files link, with the original text
//! kept whole in the record's imported part and the four questions left
//! for people to answer.
//!
//! [`plan`] reads the folder and works out what would change without
//! writing anything; [`apply`] saves it through the store. The folder read
//! is never written.

mod front_matter;
pub mod imported;
mod links;
mod outline;
mod source;
mod status;

use std::fs;
use std::path::{Path, PathBuf};

use jiff::Timestamp;

pub use imported::{Imported, SourceFormat};
pub use source::{SourceDoc, SourceLink};

use crate::questionnaire::{FieldKind, QuestionSet};
use crate::record::{Answer, Record, RecordId, Status, StatusChange};
use crate::store::{SaveOutcome, Store, StoreError};
use crate::text_file::read_text;

/// What the caller asked for.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Read every file as this format instead of detecting it per file.
    pub format: Option<SourceFormat>,
    /// Take in files that changed since they were imported.
    pub update: bool,
}

/// What happens to one file's record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// A new record.
    Create,
    /// The file changed and `--update` was given: the record follows it.
    Update,
    /// Imported before and the file is the same: nothing to do.
    Unchanged,
    /// The file changed since it was imported, but `--update` was not given.
    Changed,
    /// Unchanged, but another file links to it now: the link is added.
    Linked,
}

impl Action {
    /// Whether the record is written.
    pub fn writes(self) -> bool {
        matches!(self, Action::Create | Action::Update | Action::Linked)
    }
}

/// One file and its record.
#[derive(Debug, Clone)]
pub struct FilePlan {
    /// The file's name in the folder.
    pub file: String,
    /// What happens.
    pub action: Action,
    /// The record as it will be saved (or as it is, when unchanged).
    pub record: Record,
    /// The content hash of the record file when it was read (existing
    /// records), so a save never overwrites a change made meanwhile.
    pub content_hash: Option<u64>,
    /// What the reader should know about this file.
    pub warnings: Vec<String>,
}

/// A file that could not be imported, and why.
#[derive(Debug, Clone)]
pub struct Failure {
    /// The file.
    pub path: PathBuf,
    /// Why.
    pub why: String,
}

/// Everything an import found and would do.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// The folder as records name it.
    pub folder: String,
    /// One per decision record read, in file name order.
    pub outcomes: Vec<FilePlan>,
    /// Files that could not be read or understood.
    pub failures: Vec<Failure>,
    /// Markdown files left alone (README, index, templates).
    pub skipped: Vec<String>,
}

/// Markdown files in a decision folder that are not decisions.
fn is_not_a_decision(name: &str) -> bool {
    let lower = name.to_lowercase();
    let stem = lower.rsplit_once('.').map_or(lower.as_str(), |(s, _)| s);
    stem == "readme"
        || stem == "index"
        || stem.contains("template")
        || lower.starts_with(['.', '_'])
}

/// The folder name records keep: relative to the folder holding the store
/// (a repository's root, for `.preflight/`) when it is inside it, so every
/// clone names it alike; absolute otherwise.
pub fn folder_key(store: &Store, dir: &Path) -> String {
    let dir = fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    // The store's own folder may not exist before the first save; its
    // parent does, and canonical paths make both sides comparable.
    let base = store
        .root()
        .parent()
        .and_then(|parent| fs::canonicalize(parent).ok());
    let shown = match base.as_deref().and_then(|base| dir.strip_prefix(base).ok()) {
        Some(relative) if relative.as_os_str().is_empty() => PathBuf::from("."),
        Some(relative) => relative.to_path_buf(),
        None => dir.clone(),
    };
    shown.to_string_lossy().replace('\\', "/")
}

/// Reads `dir` and works out what importing it would do; writes nothing.
/// `set` is the question set new records are answered against.
pub fn plan(
    store: &Store,
    set: &QuestionSet,
    dir: &Path,
    options: Options,
    now: Timestamp,
) -> Result<Report, StoreError> {
    let mut report = Report {
        folder: folder_key(store, dir),
        ..Report::default()
    };
    let mut docs: Vec<SourceDoc> = Vec::new();
    for path in markdown_files(dir, &mut report)? {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        let text = match read_text(&path) {
            Ok(text) => text,
            Err(err) => {
                report.failures.push(Failure {
                    path,
                    why: err.to_string(),
                });
                continue;
            }
        };
        match source::parse(&name, &text, options.format) {
            Ok(doc) => docs.push(doc),
            Err(why) => report.failures.push(Failure { path, why }),
        }
    }

    let listing = store.list()?;
    // Numbers in the names of files that failed are theirs once fixed.
    let failed_numbers: Vec<u32> = report
        .failures
        .iter()
        .filter_map(|f| f.path.file_stem()?.to_str())
        .filter_map(|stem| source::number_prefix(stem).0)
        .collect();
    let mut taken_numbers: Vec<(u32, RecordId)> = listing
        .records
        .iter()
        .filter_map(|r| r.number.map(|n| (n, r.id.clone())))
        .collect();
    for doc in &docs {
        let existing = listing.records.iter().find(|r| {
            r.imported
                .as_ref()
                .is_some_and(|i| i.folder == report.folder && i.file == doc.file)
        });
        let outcome = match existing {
            None => {
                let id = RecordId::generate().map_err(|err| StoreError::Io {
                    action: "make a random record id for",
                    path: dir.to_path_buf(),
                    source: std::io::Error::other(err.to_string()),
                })?;
                let mut record = Record::new(id, &doc.title, set, now);
                fill(&mut record, doc, set, &report.folder, now);
                FilePlan {
                    file: doc.file.clone(),
                    action: Action::Create,
                    record,
                    content_hash: None,
                    warnings: doc.warnings.clone(),
                }
            }
            Some(found) => {
                let (mut record, content_hash) = store.load_with_content_hash(&found.id)?;
                let same = record.imported.as_ref().is_some_and(|i| i.hash == doc.hash);
                let action = if same {
                    Action::Unchanged
                } else if options.update {
                    fill(&mut record, doc, set, &report.folder, now);
                    Action::Update
                } else {
                    Action::Changed
                };
                FilePlan {
                    file: doc.file.clone(),
                    action,
                    record,
                    content_hash: Some(content_hash),
                    warnings: if action == Action::Unchanged {
                        Vec::new()
                    } else {
                        doc.warnings.clone()
                    },
                }
            }
        };
        report.outcomes.push(outcome);
    }
    number_new_records(&mut report, &mut taken_numbers, &failed_numbers);
    links::connect(&mut report, &docs, &listing.records);
    Ok(report)
}

/// The folder's Markdown files in name order; the others are left alone.
fn markdown_files(dir: &Path, report: &mut Report) -> Result<Vec<PathBuf>, StoreError> {
    let entries = fs::read_dir(dir).map_err(|source| StoreError::Io {
        action: "read the folder",
        path: dir.to_path_buf(),
        source,
    })?;
    let mut files = Vec::new();
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        let is_markdown = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"));
        if !is_markdown || !path.is_file() {
            continue;
        }
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            report.failures.push(Failure {
                path: path.clone(),
                why: "the file name is not UTF-8 text; rename the file".into(),
            });
            continue;
        };
        if is_not_a_decision(name) {
            report.skipped.push(name.to_string());
            continue;
        }
        files.push(path);
    }
    files.sort();
    report.skipped.sort();
    Ok(files)
}

/// Sets a record's fields from its file: title, status and history, date,
/// number, published name, tags, people, and the imported part. Answers to
/// the question set's other fields, meetings and links stay as they are.
fn fill(record: &mut Record, doc: &SourceDoc, set: &QuestionSet, folder: &str, now: Timestamp) {
    let created = doc
        .date
        .and_then(|d| d.to_zoned(jiff::tz::TimeZone::UTC).ok())
        .map(|z| z.timestamp());
    let fresh = record.imported.is_none();
    if let Some(created) = created {
        record.created = created;
    }
    record.title = doc.title.clone();
    record.status = doc.status;
    // A number changed in preflight since the last import (`doctor --fix`
    // after a clash) and the published name stay: the file's number only
    // moves with it while the record still has the file's old number.
    let previous_number = record.imported.as_ref().and_then(|i| i.number);
    if doc.number.is_some() && (fresh || record.number == previous_number) {
        record.number = doc.number;
    }
    if !doc.slug.is_empty() && (fresh || record.slug.is_none()) {
        record.slug = Some(doc.slug.clone());
    }
    if !doc.tags.is_empty() {
        record.tags = doc.tags.clone();
    }
    let mut history: Vec<StatusChange> = doc
        .history
        .iter()
        .map(|(status, date)| change(*status, date.or(doc.date), record.created))
        .collect();
    if history.last().map(|c| c.status) != Some(doc.status) {
        history.push(change(doc.status, doc.date, record.created));
    }
    if !fresh {
        // Keep status changes made in preflight since the last import.
        for old in std::mem::take(&mut record.history) {
            if !history
                .iter()
                .any(|h| h.status == old.status && h.date == old.date)
            {
                history.push(old);
            }
        }
        history.sort_by_key(|c| c.date);
    }
    record.history = history;
    for (key, names) in &doc.people {
        if let Some((_, field)) = set
            .fields()
            .find(|(_, f)| f.front_matter.as_deref() == Some(key.as_str()))
        {
            record.set_answer(field, Some(Answer::Words(names.clone())));
        }
    }
    answer_named_fields(record, doc, set);
    record.imported = Some(Imported {
        format: doc.format,
        folder: folder.to_string(),
        file: doc.file.clone(),
        number: doc.number,
        status: doc.status_text.clone(),
        date: doc.date,
        hash: doc.hash.clone(),
        front_matter: doc.front_matter.clone(),
        answers: doc
            .parts
            .iter()
            .map(|(field, text)| (field.clone(), Answer::Text(text.clone())))
            .collect(),
        unknown_keys: Default::default(),
    });
    record.updated = crate::clock::to_second(now);
}

/// A section whose heading is exactly the label of a text or Markdown
/// field of the set ("## Pre-mortem", "## Summary") answers that field,
/// unless it already has an answer. Nothing else is read into the
/// questions: a guess would hide the gap `check` should show.
fn answer_named_fields(record: &mut Record, doc: &SourceDoc, set: &QuestionSet) {
    let key = |text: &str| {
        text.trim()
            .trim_end_matches(['?', ':', '.'])
            .trim()
            .to_lowercase()
    };
    for (heading, body) in &doc.unplaced {
        let wanted = key(heading);
        let field = set.fields().map(|(_, f)| f).find(|f| {
            f.bind.is_none()
                && matches!(f.kind, FieldKind::Markdown | FieldKind::Text)
                && key(&f.label) == wanted
        });
        if let Some(field) = field
            && record.answer(field).is_none()
        {
            record.set_answer(field, Some(Answer::Text(body.trim().to_string())));
        }
    }
}

fn change(status: Status, date: Option<jiff::civil::Date>, fallback: Timestamp) -> StatusChange {
    StatusChange {
        status,
        date: date
            .and_then(|d| d.to_zoned(jiff::tz::TimeZone::UTC).ok())
            .map_or(fallback, |z| z.timestamp()),
        by: String::new(),
        unknown_keys: Default::default(),
    }
}

/// New records from files without a number get the next free numbers, in
/// date then file order, unless they are drafts (drafts are not numbered);
/// a number another record already has is reported.
fn number_new_records(report: &mut Report, taken: &mut Vec<(u32, RecordId)>, failed: &[u32]) {
    for outcome in &report.outcomes {
        if let Some(number) = outcome.record.number
            && !taken.iter().any(|(_, id)| *id == outcome.record.id)
        {
            taken.push((number, outcome.record.id.clone()));
        }
    }
    let first = taken
        .iter()
        .map(|(n, _)| *n)
        .chain(failed.iter().copied())
        .max()
        .unwrap_or(0)
        + 1;
    let mut unnumbered: Vec<usize> = report
        .outcomes
        .iter()
        .enumerate()
        .filter(|(_, o)| {
            o.action == Action::Create
                && o.record.number.is_none()
                && o.record.status != Status::Draft
        })
        .map(|(i, _)| i)
        .collect();
    unnumbered.sort_by_key(|&i| {
        let o = &report.outcomes[i];
        (o.record.created, o.file.clone())
    });
    for (index, next) in unnumbered.into_iter().zip(first..) {
        let outcome = &mut report.outcomes[index];
        outcome.record.number = Some(next);
        outcome
            .warnings
            .push(format!("the file has no number: numbered {next}"));
    }
    for outcome in report.outcomes.iter_mut() {
        let Some(number) = outcome.record.number else {
            continue;
        };
        let others: Vec<String> = taken
            .iter()
            .filter(|(n, id)| *n == number && *id != outcome.record.id)
            .map(|(_, id)| id.to_string())
            .collect();
        if !others.is_empty() {
            outcome.warnings.push(format!(
                "number {number} is also used by record {} (`preflight doctor --fix` renumbers one of them)",
                others.join(", ")
            ));
        }
    }
}

/// Saves what [`plan`] decided, each record atomically through the store
/// and under its edit lock; a record changed or opened elsewhere since the
/// plan was made is left alone and reported.
pub fn apply(store: &Store, report: &mut Report) -> Result<(), StoreError> {
    let mut failures = Vec::new();
    for outcome in report.outcomes.iter().filter(|o| o.action.writes()) {
        let id = &outcome.record.id;
        let Some(_lock) = store.lock(id)? else {
            failures.push(Failure {
                path: PathBuf::from(&outcome.file),
                why: format!("record {id} is open in another preflight; close it and import again"),
            });
            continue;
        };
        match store.save_checked(&outcome.record, outcome.content_hash)? {
            SaveOutcome::Saved(_) => {}
            SaveOutcome::Conflict => failures.push(Failure {
                path: PathBuf::from(&outcome.file),
                why: format!("record {id} changed on disk during the import; import again"),
            }),
        }
    }
    report.failures.extend(failures);
    Ok(())
}
