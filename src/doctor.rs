//! Store consistency: every problem a team's store can get into (mostly
//! from merging branches), found as data, and the repairs that are safe to
//! make without asking anyone.
//!
//! [`examine`] reads a loaded store and returns [`Finding`]s; each says what
//! is wrong, in which file, and how to fix it. Some have exactly one safe
//! repair ([`Finding::repair`]): a contested number or name goes to the
//! record that had it first and the other gets a free one; a record another
//! record supersedes is marked superseded (the link is the deliberate act;
//! a merge that kept the old status lost half of it); an accepted record
//! without a number gets one. Everything else needs a person. New kinds of
//! finding are new variants: callers match on [`Finding::code`] and print
//! [`Finding::message`] and [`Finding::fix`].

use std::collections::HashMap;
use std::path::PathBuf;

use jiff::Timestamp;
use serde::Serialize;

use crate::list_index::Summary;
use crate::numbering::{self, Assignment, Claim, Contested};
use crate::record::{LinkKind, Record, RecordId, Status};
use crate::store::{Listing, Store, StoreError};

/// One problem in the store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Finding {
    /// A record file that could not be loaded (invalid JSON, conflict
    /// markers, a newer schema...): it is left as it is.
    Unreadable {
        /// The file.
        path: PathBuf,
        /// Why, as the loader said it.
        problem: String,
        /// Whether it holds merge conflict markers (`preflight resolve`
        /// fixes those).
        conflict: bool,
    },
    /// Two or more records claim one published number.
    DuplicateNumber {
        /// The number.
        number: u32,
        /// The records, the one that keeps it first.
        records: Vec<RecordId>,
    },
    /// Two or more records would be published under one name (or a record
    /// under the index page's name).
    DuplicateName {
        /// The page name.
        name: String,
        /// The records, the one that keeps it first (none keeps "index").
        records: Vec<RecordId>,
    },
    /// A link to a record that is not in the store (deleted on another
    /// branch, or never committed).
    MissingLink {
        /// The record holding the link.
        from: RecordId,
        /// The link's kind.
        link: LinkKind,
        /// The record that is missing.
        target: RecordId,
    },
    /// A record another record supersedes whose status says otherwise.
    NotSuperseded {
        /// The superseded record.
        record: RecordId,
        /// Its status.
        status: Status,
        /// The record that supersedes it.
        by: RecordId,
    },
    /// An accepted (or later) record without a published number.
    Unnumbered {
        /// The record.
        record: RecordId,
        /// Its status.
        status: Status,
    },
    /// A symbolic link inside the store (among records, caches or locks):
    /// preflight never writes through it (see [`crate::store_scan`]).
    Link {
        /// The link.
        path: PathBuf,
        /// Where it points, as written in it.
        target: PathBuf,
    },
    /// A FIFO, device or socket inside the store: never read or waited on.
    SpecialFile {
        /// The file.
        path: PathBuf,
        /// What it is, in words ("a named pipe (FIFO)").
        what: String,
    },
}

impl From<crate::store_scan::Finding> for Finding {
    fn from(found: crate::store_scan::Finding) -> Finding {
        use crate::store_scan::FindingKind;
        match found.kind {
            FindingKind::Link { target } => Finding::Link {
                path: found.path,
                target,
            },
            FindingKind::Special { what } => Finding::SpecialFile {
                path: found.path,
                what,
            },
        }
    }
}

impl Finding {
    /// A short stable name for the kind of finding, as in the JSON.
    pub fn code(&self) -> &'static str {
        match self {
            Finding::Unreadable { .. } => "unreadable",
            Finding::DuplicateNumber { .. } => "duplicate-number",
            Finding::DuplicateName { .. } => "duplicate-name",
            Finding::MissingLink { .. } => "missing-link",
            Finding::NotSuperseded { .. } => "not-superseded",
            Finding::Unnumbered { .. } => "unnumbered",
            Finding::Link { .. } => "link",
            Finding::SpecialFile { .. } => "special-file",
        }
    }

    /// The record file the finding is about (the one a fix changes).
    pub fn path(&self, store: &Store) -> PathBuf {
        match self {
            Finding::Unreadable { path, .. }
            | Finding::Link { path, .. }
            | Finding::SpecialFile { path, .. } => path.clone(),
            Finding::DuplicateNumber { records, .. } | Finding::DuplicateName { records, .. } => {
                records
                    .last()
                    .map(|id| store.record_path(id))
                    .unwrap_or_else(|| store.records_dir())
            }
            Finding::MissingLink { from: id, .. }
            | Finding::NotSuperseded { record: id, .. }
            | Finding::Unnumbered { record: id, .. } => store.record_path(id),
        }
    }

    /// What is wrong, in one sentence.
    pub fn message(&self) -> String {
        let list = |ids: &[RecordId]| {
            ids.iter()
                .map(RecordId::to_string)
                .collect::<Vec<_>>()
                .join(" and ")
        };
        match self {
            Finding::Unreadable { problem, .. } => problem.clone(),
            Finding::DuplicateNumber { number, records } => {
                format!("records {} both have number {number}", list(records))
            }
            Finding::DuplicateName { name, records } if name == numbering::INDEX_NAME => format!(
                "record {} is published as \"index\", which the index page uses",
                list(records)
            ),
            Finding::DuplicateName { name, records } => {
                format!("records {} are both published as {name:?}", list(records))
            }
            Finding::MissingLink { from, link, target } => {
                format!("{from} {} {target}, which is not in the store", link.name())
            }
            Finding::NotSuperseded { record, status, by } => {
                format!("{record} is {status} but {by} supersedes it")
            }
            Finding::Unnumbered { record, status } => {
                format!("{record} is {status} but has no number")
            }
            Finding::Link { .. } | Finding::SpecialFile { .. } => {
                self.as_scanned().map(|f| f.message()).unwrap_or_default()
            }
        }
    }

    /// How to fix it.
    pub fn fix(&self) -> String {
        match self {
            Finding::Unreadable {
                path,
                conflict: true,
                ..
            } => format!(
                "run `preflight resolve {}`: it merges the record field by field and shows both values of any field changed on both sides",
                path.display()
            ),
            Finding::Unreadable { .. } => {
                "fix the file (or restore it from git), then run `preflight doctor` again".into()
            }
            Finding::DuplicateNumber { records, .. } => format!(
                "`preflight doctor --fix` gives {} the next free number",
                later(records)
            ),
            Finding::DuplicateName { records, .. } => format!(
                "`preflight doctor --fix` stores a free published name in {}",
                later(records)
            ),
            Finding::MissingLink { from, link, target } => format!(
                "restore the record from git (`git log --diff-filter=D -- '*{target}.json'`) or remove the link: `preflight unlink {from} {} {target}`",
                link.name()
            ),
            Finding::NotSuperseded { record, .. } => format!(
                "`preflight doctor --fix` marks {record} superseded; or remove the link if it should stay in force"
            ),
            Finding::Unnumbered { record, .. } => {
                format!("`preflight doctor --fix` gives {record} the next free number")
            }
            Finding::Link { .. } | Finding::SpecialFile { .. } => {
                self.as_scanned().map(|f| f.fix()).unwrap_or_default()
            }
        }
    }

    /// Whether the finding is about record `id` (names it).
    pub fn involves(&self, id: &RecordId) -> bool {
        match self {
            Finding::Unreadable { .. } | Finding::Link { .. } | Finding::SpecialFile { .. } => {
                false
            }
            Finding::DuplicateNumber { records, .. } | Finding::DuplicateName { records, .. } => {
                records.contains(id)
            }
            Finding::MissingLink { from, .. } => from == id,
            Finding::NotSuperseded { record, by, .. } => record == id || by == id,
            Finding::Unnumbered { record, .. } => record == id,
        }
    }

    /// Whether `doctor --fix` repairs it.
    pub fn repairable(&self) -> bool {
        !matches!(
            self,
            Finding::Unreadable { .. }
                | Finding::MissingLink { .. }
                | Finding::Link { .. }
                | Finding::SpecialFile { .. }
        )
    }

    /// A link or special file as the store scan describes it (its message
    /// and fix live there).
    fn as_scanned(&self) -> Option<crate::store_scan::Finding> {
        use crate::store_scan::{Finding as Scanned, FindingKind};
        match self {
            Finding::Link { path, target } => Some(Scanned {
                path: path.clone(),
                kind: FindingKind::Link {
                    target: target.clone(),
                },
            }),
            Finding::SpecialFile { path, what } => Some(Scanned {
                path: path.clone(),
                kind: FindingKind::Special { what: what.clone() },
            }),
            _ => None,
        }
    }
}

/// "B", or "B and C": every record but the one that keeps it.
fn later(records: &[RecordId]) -> String {
    records
        .iter()
        .skip(1)
        .map(RecordId::to_string)
        .collect::<Vec<_>>()
        .join(" and ")
}

/// What the store-wide checks read of one record: from a loaded record, or
/// from its summary (so `check` on a few records need not load the rest).
#[derive(Debug, Clone)]
pub struct Facts {
    /// Its number and name.
    pub claim: Claim,
    /// Its status.
    pub status: Status,
    /// Whether it was ever accepted.
    pub accepted: bool,
    /// Its links.
    pub links: Vec<(LinkKind, RecordId)>,
}

impl Facts {
    /// From a loaded record.
    pub fn of_record(record: &Record) -> Facts {
        Facts {
            claim: Claim::of_record(record),
            status: record.status,
            accepted: record.history.iter().any(|c| c.status == Status::Accepted),
            links: record
                .links
                .iter()
                .map(|l| (l.kind, l.target.clone()))
                .collect(),
        }
    }

    /// From a summary.
    pub fn of_summary(summary: &Summary) -> Facts {
        Facts {
            claim: Claim::of_summary(summary),
            status: summary.status,
            accepted: summary.accepted.is_some(),
            links: summary
                .links
                .iter()
                .map(|l| (l.kind, l.target.clone()))
                .collect(),
        }
    }
}

/// Every problem in a loaded store: unreadable files first, then
/// [`findings`].
pub fn examine(store: &Store, listing: &Listing) -> Vec<Finding> {
    let mut out: Vec<Finding> = listing
        .problems
        .iter()
        .zip(&listing.unloaded)
        .map(|(problem, id)| Finding::Unreadable {
            path: store.record_path(id),
            problem: problem.to_string(),
            conflict: matches!(problem, StoreError::Conflicted { .. }),
        })
        .collect();
    let facts: Vec<Facts> = listing.records.iter().map(Facts::of_record).collect();
    out.extend(findings(&facts, &listing.unloaded));
    out
}

/// The problems between records: clashes, then links and statuses, each in
/// store order. `unloaded`: record files that are there but unreadable (a
/// link to one is not "missing").
pub fn findings(facts: &[Facts], unloaded: &[RecordId]) -> Vec<Finding> {
    let claims: Vec<Claim> = facts.iter().map(|f| f.claim.clone()).collect();
    let mut out = clash_findings(&claims);
    let by_id: HashMap<&RecordId, &Facts> = facts.iter().map(|f| (&f.claim.id, f)).collect();
    let present = |id: &RecordId| by_id.contains_key(id) || unloaded.contains(id);
    for fact in facts {
        for (kind, target) in &fact.links {
            if !present(target) {
                out.push(Finding::MissingLink {
                    from: fact.claim.id.clone(),
                    link: *kind,
                    target: target.clone(),
                });
            } else if *kind == LinkKind::Supersedes
                && let Some(old) = by_id.get(target)
                && old.status != Status::Superseded
            {
                out.push(Finding::NotSuperseded {
                    record: old.claim.id.clone(),
                    status: old.status,
                    by: fact.claim.id.clone(),
                });
            }
        }
    }
    for fact in facts {
        if fact.claim.number.is_none()
            && fact.accepted
            && !matches!(
                fact.status,
                Status::Draft | Status::Proposed | Status::Rejected
            )
        {
            out.push(Finding::Unnumbered {
                record: fact.claim.id.clone(),
                status: fact.status,
            });
        }
    }
    out
}

/// The duplicate numbers and names among `claims`, as findings (for
/// `check`, `list` and `export`, which hold summaries, and for [`examine`]).
pub fn clash_findings(claims: &[Claim]) -> Vec<Finding> {
    numbering::clashes(claims)
        .into_iter()
        .map(|clash| {
            let records = clash.claims.iter().map(|c| c.id.clone()).collect();
            match clash.what {
                Contested::Number(number) => Finding::DuplicateNumber { number, records },
                Contested::Name(name) => Finding::DuplicateName { name, records },
            }
        })
        .collect()
}

/// One change `doctor --fix` makes to one record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "change", rename_all = "kebab-case")]
pub enum Repair {
    /// A new number or a stored published name.
    Assign {
        /// What is assigned.
        #[serde(skip)]
        assignment: Assignment,
        /// The record.
        record: RecordId,
        /// In words.
        what: String,
    },
    /// Marked superseded, because `by` supersedes it.
    Supersede {
        /// The record.
        record: RecordId,
        /// The record that supersedes it.
        by: RecordId,
    },
}

impl Repair {
    /// The record it changes.
    pub fn record(&self) -> &RecordId {
        match self {
            Repair::Assign { record, .. } | Repair::Supersede { record, .. } => record,
        }
    }

    /// Makes the change in `record`; `false` when it no longer applies.
    pub fn apply(&self, record: &mut Record, who: &str, now: Timestamp) -> bool {
        match self {
            Repair::Assign { assignment, .. } => {
                numbering::apply(assignment, record);
                true
            }
            Repair::Supersede { .. } => record.set_status(Status::Superseded, who, now),
        }
    }
}

impl std::fmt::Display for Repair {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Repair::Assign { what, .. } => f.write_str(what),
            Repair::Supersede { record, by } => {
                write!(f, "{record} marked superseded (superseded by {by})")
            }
        }
    }
}

/// The safe repairs for `findings` of a store whose records are `records`,
/// in an order that leaves no clash once all are applied.
pub fn repairs(records: &[Record], findings: &[Finding]) -> Vec<Repair> {
    let assign = |assignment: Assignment| {
        let record = match &assignment {
            Assignment::Number { id, .. } | Assignment::Name { id, .. } => id.clone(),
        };
        Repair::Assign {
            what: assignment.to_string(),
            assignment,
            record,
        }
    };
    let mut claims: Vec<Claim> = records.iter().map(Claim::of_record).collect();
    let mut out: Vec<Repair> = numbering::repairs(&claims)
        .into_iter()
        .map(assign)
        .collect();
    // Numbers for accepted records that have none come after the
    // renumbering, so no two repairs hand out one number.
    for repair in &out {
        if let Repair::Assign {
            assignment: Assignment::Number { id, to, .. },
            ..
        } = repair
            && let Some(claim) = claims.iter_mut().find(|c| &c.id == id)
        {
            claim.number = Some(*to);
        }
    }
    for finding in findings {
        match finding {
            Finding::NotSuperseded { record, by, .. } => {
                let repair = Repair::Supersede {
                    record: record.clone(),
                    by: by.clone(),
                };
                if !out.contains(&repair) {
                    out.push(repair);
                }
            }
            Finding::Unnumbered { record, .. } => {
                let to = numbering::next_number(&claims);
                if let Some(claim) = claims.iter_mut().find(|c| &c.id == record) {
                    claim.number = Some(to);
                }
                out.push(assign(Assignment::Number {
                    id: record.clone(),
                    from: None,
                    to,
                }));
            }
            _ => {}
        }
    }
    out
}

/// The store's records and findings, loaded fresh.
pub fn run(store: &Store) -> Result<(Listing, Vec<Finding>), StoreError> {
    let listing = store.list()?;
    let mut findings = examine(store, &listing);
    // Links and special files: the store refuses to write through or read
    // them; doctor says where they are.
    findings.extend(
        crate::store_scan::scan(store.root())
            .into_iter()
            .map(Finding::from),
    );
    Ok((listing, findings))
}

#[cfg(test)]
mod tests;
