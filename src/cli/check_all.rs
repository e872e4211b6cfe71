//! `preflight check` of every record, streamed: each record file is read,
//! checked and turned into its [`Row`] of the report on every core (rayon),
//! then dropped, so memory holds rows and each record's small
//! [`Facts`], never the store. The store-wide problems (duplicate numbers
//! and names, missing links) are found from the facts once every file is
//! read. The report is the one a whole loaded store gave: rows in store
//! order (created, then id), unreadable files first among the errors, in
//! file name order, as `Store::list` reported them.
//!
//! Like `Store::list`, this reads the record files themselves and neither
//! reads nor writes the list index.

use std::collections::BTreeMap;

use rayon::prelude::*;

use super::CommandContext;
use super::check_format::{Row, Rows};
use super::commands::set_for;
use super::output::CliError;
use crate::doctor::{self, Facts, Finding};
use crate::questionnaire::SetCatalog;
use crate::record::{Record, RecordId, Status};
use crate::store::{Store, StoreError};

/// What the whole-store check found, ready to print.
pub struct Checked {
    /// One row per record checked, store order.
    pub rows: Vec<Row>,
    /// Files that could not be read, then records whose question set is
    /// not installed.
    pub errors: Vec<String>,
    /// Store problems that involve a record checked.
    pub findings: Vec<Finding>,
}

/// What became of one record file.
enum Outcome {
    /// It could not be read or is not a valid record.
    Unread(RecordId, StoreError),
    /// It was read.
    Read(Read),
}

/// What is kept of a record that was read.
struct Read {
    /// When it was created: with its id (in `facts`), its place in store
    /// order.
    created: jiff::Timestamp,
    /// What the store-wide checks need of it.
    facts: Facts,
    /// Whether `--status` chose it.
    chosen: bool,
    /// Its row when chosen; or, when its question set is not installed,
    /// the record without its answers, history and meetings, only to name
    /// it in the error.
    result: Option<Result<Row, Box<Record>>>,
}

/// Checks every record of the store, those with status `status` if given.
pub fn check_all(
    ctx: &CommandContext,
    status: Option<Status>,
    rows: &Rows,
) -> Result<Checked, CliError> {
    let ids = ctx.store.ids()?;
    let (store, catalog) = (&ctx.store, &ctx.catalog);
    let outcomes: Vec<Outcome> = ids
        .into_par_iter()
        .map(|id| read(store, catalog, status, rows, id))
        .collect();

    let mut errors = Vec::new();
    let mut unloaded = Vec::new();
    let mut read_ones = Vec::with_capacity(outcomes.len());
    for outcome in outcomes {
        match outcome {
            Outcome::Unread(id, err) => {
                errors.push(err.to_string());
                unloaded.push(id);
            }
            Outcome::Read(read) => read_ones.push(read),
        }
    }
    read_ones.sort_by(|a, b| {
        a.created
            .cmp(&b.created)
            .then_with(|| a.facts.claim.id.cmp(&b.facts.claim.id))
    });

    let mut facts = Vec::with_capacity(read_ones.len());
    let mut chosen: Vec<RecordId> = Vec::new();
    let mut checked = Vec::new();
    for read in read_ones {
        if read.chosen {
            chosen.push(read.facts.claim.id.clone());
        }
        match read.result {
            Some(Ok(row)) => checked.push(row),
            Some(Err(record)) => {
                if let Err(err) = set_for(ctx, &record) {
                    errors.push(err.message);
                }
            }
            None => {}
        }
        facts.push(read.facts);
    }
    let mut findings = doctor::findings(&facts, &unloaded);
    findings.retain(|f| chosen.iter().any(|id| f.involves(id)));
    Ok(Checked {
        rows: checked,
        errors,
        findings,
    })
}

/// Reads, and if `status` chooses it checks, one record file.
fn read(
    store: &Store,
    catalog: &SetCatalog,
    status: Option<Status>,
    rows: &Rows,
    id: RecordId,
) -> Outcome {
    let record = match store.load(&id) {
        Ok(record) => record,
        Err(err) => return Outcome::Unread(id, err),
    };
    let created = record.created;
    let facts = Facts::of_record(&record);
    let chosen = status.is_none_or(|status| record.status == status);
    let result = chosen.then(|| match catalog.get(&record.set.id) {
        Some(set) => Ok(rows.row(set, &record)),
        None => Err(Box::new(Record {
            answers: BTreeMap::new(),
            history: Vec::new(),
            meetings: Vec::new(),
            ..record
        })),
    });
    Outcome::Read(Read {
        created,
        facts,
        chosen,
        result,
    })
}

#[cfg(test)]
mod tests;
