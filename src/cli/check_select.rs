//! Which records `preflight check` looks at when it is not the whole store
//! (that is [`super::check_all`], which streams it): the ones named (by id,
//! prefix or record file path), or the ones a branch added or changed since
//! it left REF (`--changed-since`, through git), narrowed by `--status`.
//! Only the selected record files are read in full; what the store-wide
//! checks need of the others comes from the list index.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use super::CommandContext;
use super::args::CheckArgs;
use super::output::CliError;
use crate::doctor::Finding;
use crate::record::{Record, RecordId, Status};

/// The records to check, and what else was found on the way.
pub struct Selection {
    /// Loaded records, store order (or the order named).
    pub records: Vec<Record>,
    /// Files that could not be read, or names that match no record.
    pub errors: Vec<String>,
    /// Store problems that involve a selected record.
    pub findings: Vec<Finding>,
    /// With `--changed-since`: the commit compared against.
    pub base: Option<String>,
}

/// Parses `--status`.
pub fn status_filter(args: &CheckArgs) -> Result<Option<Status>, CliError> {
    args.status
        .as_deref()
        .map(|text| {
            Status::parse(text).ok_or_else(|| {
                let names: Vec<&str> = Status::ALL.iter().map(|s| s.name()).collect();
                CliError::data(format!(
                    "--status {text:?} is not a status; use one of: {}",
                    names.join(", ")
                ))
            })
        })
        .transpose()
}

/// Finds and loads the records `args` names, or that changed since
/// `--changed-since`, those with status `status` if given.
pub fn select(
    ctx: &CommandContext,
    args: &CheckArgs,
    status: Option<Status>,
) -> Result<Selection, CliError> {
    let mut selection = Selection {
        records: Vec::new(),
        errors: Vec::new(),
        findings: Vec::new(),
        base: None,
    };
    let ids = match &args.changed_since {
        Some(reference) => {
            let (base, ids) = changed_since(ctx, reference)?;
            selection.base = Some(base);
            ids
        }
        None => named(ctx, &args.ids, &mut selection.errors),
    };
    for id in ids {
        match ctx.store.load(&id) {
            Ok(record) => selection.records.push(record),
            Err(err) => selection.errors.push(err.to_string()),
        }
    }
    if !selection.records.is_empty() {
        // Only the records these are shown with: not every record.
        selection.findings = super::one_record::findings_around(ctx, &selection.records)?;
    }
    if let Some(status) = status {
        selection.records.retain(|r| r.status == status);
    }
    let chosen: HashSet<&RecordId> = selection.records.iter().map(|r| &r.id).collect();
    selection
        .findings
        .retain(|f| chosen.iter().any(|id| f.involves(id)));
    Ok(selection)
}

/// The records named on the command line, by id, prefix or file path;
/// names that match none go to `errors`. Each record once.
fn named(ctx: &CommandContext, names: &[String], errors: &mut Vec<String>) -> Vec<RecordId> {
    let mut ids: Vec<RecordId> = Vec::new();
    for name in names {
        let found = if looks_like_path(name) {
            record_file(ctx, Path::new(name))
        } else {
            ctx.store.resolve(name).map_err(|err| err.to_string())
        };
        match found {
            Ok(id) if !ids.contains(&id) => ids.push(id),
            Ok(_) => {}
            Err(err) => errors.push(err),
        }
    }
    ids
}

/// A name with a folder or a `.json` ending is a file, not an id.
fn looks_like_path(name: &str) -> bool {
    name.ends_with(".json") || name.contains('/') || name.contains(std::path::MAIN_SEPARATOR)
}

/// The id of the record stored in file `path`, which must be one of this
/// store's record files.
fn record_file(ctx: &CommandContext, path: &Path) -> Result<RecordId, String> {
    let id = path
        .file_stem()
        .and_then(|stem| stem.to_str())
        .and_then(RecordId::parse);
    let real =
        fs::canonicalize(path).map_err(|err| format!("cannot read {}: {err}", path.display()))?;
    let stored = id.as_ref().map(|id| ctx.store.record_path(id));
    match (id, stored.and_then(|p| fs::canonicalize(p).ok())) {
        (Some(id), Some(stored)) if stored == real => Ok(id),
        _ => Err(format!(
            "{} is not a record file of the store in use; its records are in {}",
            path.display(),
            ctx.store.records_dir().display()
        )),
    }
}

/// The merge base with `reference` and the records added or changed since
/// (committed, staged, in the working tree, or new and not ignored).
fn changed_since(
    ctx: &CommandContext,
    reference: &str,
) -> Result<(String, Vec<RecordId>), CliError> {
    let dir: PathBuf = ctx.store.records_dir();
    if !dir.is_dir() {
        return Ok((String::new(), Vec::new()));
    }
    let git_error = |err: crate::git::GitError| {
        CliError::data(format!(
            "--changed-since {reference}: {err}. The store must be in a git repository that has {reference} (in CI, fetch it: `git fetch origin {reference}`, or check out with full history)"
        ))
    };
    let base = crate::git::merge_base(&dir, reference).map_err(git_error)?;
    let names = crate::git::changed_since(&dir, &base).map_err(git_error)?;
    let ids = names
        .iter()
        // Only record files directly in records/ (not temp files or locks).
        .filter(|name| !name.contains('/'))
        .filter_map(|name| name.strip_suffix(".json"))
        .filter_map(RecordId::parse)
        .collect();
    Ok((base, ids))
}
