//! Published numbers and names: the one allocator, and finding records
//! that claim the same number or page name.
//!
//! The policy (docs/team.md, "Numbers and published names"): a record gets
//! its number and its stored published name when it is first accepted, in
//! whichever clone accepts it. Two branches can therefore both hand out
//! number 7; that is found here (by `check`, `list`, `doctor` and before
//! `export --all` writes anything) and repaired by `preflight doctor --fix`,
//! which keeps the number of the record accepted first and renumbers the
//! other. Drafts never get a number. A record without a stored name is
//! published under a name made from its title ([`published_names`]: made
//! unique in memory, stored names first, then oldest first), so nothing has
//! to be assigned, and so written, when publishing; acceptance stores it.

use std::collections::{BTreeMap, HashMap, HashSet};

use jiff::Timestamp;

use crate::export::{self, Layout};
use crate::list_index::Summary;
use crate::questionnaire::SetCatalog;
use crate::record::{Record, RecordId, Status};
use crate::store::{Store, StoreError};

/// The index page's file stem: no record may be published under it.
pub const INDEX_NAME: &str = "index";

/// What one record claims in the published sequence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    /// The record.
    pub id: RecordId,
    /// Its title, for messages.
    pub title: String,
    /// Its published number, if it has one.
    pub number: Option<u32>,
    /// Its page name in the default layout (stored, or made from the title).
    pub name: String,
    /// Whether the name is stored in the record (not made from the title).
    pub name_stored: bool,
    /// When it was first accepted (its creation when it never was): who
    /// came first keeps a contested number or name.
    pub since: Timestamp,
}

impl Claim {
    /// What a loaded record claims.
    pub fn of_record(record: &Record) -> Claim {
        let accepted = record
            .history
            .iter()
            .find(|change| change.status == Status::Accepted)
            .map(|change| change.date);
        Claim::new(
            &record.id,
            &record.title,
            record.number,
            record.slug.as_deref(),
            accepted.unwrap_or(record.created),
        )
    }

    /// What a record claims, from its summary.
    pub fn of_summary(summary: &Summary) -> Claim {
        Claim::new(
            &summary.id,
            &summary.title,
            summary.number,
            summary.slug.as_deref(),
            summary.accepted.unwrap_or(summary.created),
        )
    }

    fn new(
        id: &RecordId,
        title: &str,
        number: Option<u32>,
        slug: Option<&str>,
        since: Timestamp,
    ) -> Claim {
        Claim {
            id: id.clone(),
            title: title.to_string(),
            number,
            name: export::stem_of(Layout::Default, slug, number, title),
            name_stored: slug.is_some_and(|s| !s.trim().is_empty()),
            since,
        }
    }
}

/// What two or more records both claim.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Contested {
    /// One published number.
    Number(u32),
    /// One page name (the index page's own name counts as taken).
    Name(String),
}

impl std::fmt::Display for Contested {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Contested::Number(n) => write!(f, "number {n}"),
            Contested::Name(name) => write!(f, "published name {name:?}"),
        }
    }
}

/// Records that claim the same number or name, the one that keeps it first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clash {
    /// What they claim.
    pub what: Contested,
    /// The claimants, earliest first: the first keeps it (none does when
    /// the name is the index page's).
    pub claims: Vec<Claim>,
}

/// Every number and stored name claimed by more than one record, numbers
/// first. A name made from a title is never contested: [`published_names`]
/// makes it unique.
pub fn clashes(claims: &[Claim]) -> Vec<Clash> {
    let mut groups: BTreeMap<Contested, Vec<&Claim>> = BTreeMap::new();
    for claim in claims {
        if let Some(n) = claim.number {
            groups.entry(Contested::Number(n)).or_default().push(claim);
        }
        if claim.name_stored {
            groups
                .entry(Contested::Name(claim.name.clone()))
                .or_default()
                .push(claim);
        }
    }
    groups
        .into_iter()
        .filter(|(what, group)| {
            group.len() > 1 || matches!(what, Contested::Name(name) if name == INDEX_NAME)
        })
        .map(|(what, group)| {
            let mut claims: Vec<Claim> = group.into_iter().cloned().collect();
            claims.sort_by(keeper_order);
            Clash { what, claims }
        })
        .collect()
}

/// Who keeps a contested number or name: a stored name before one made
/// from a title, then the earlier acceptance, then the id (so every clone
/// decides alike).
fn keeper_order(a: &Claim, b: &Claim) -> std::cmp::Ordering {
    b.name_stored
        .cmp(&a.name_stored)
        .then(a.since.cmp(&b.since))
        .then_with(|| a.id.cmp(&b.id))
}

/// The next free number: one more than the highest claimed.
pub fn next_number(claims: &[Claim]) -> u32 {
    claims.iter().filter_map(|c| c.number).max().unwrap_or(0) + 1
}

/// A name made from `title` that no claim in `taken` uses, nor the index.
pub fn free_name(title: &str, taken: &HashSet<String>) -> String {
    let base = export::slug_for(title);
    let mut name = base.clone();
    let mut n = 2;
    while taken.contains(&name) || name == INDEX_NAME {
        name = format!("{base}-{n}");
        n += 1;
    }
    name
}

/// The name each record is published under: its stored name, else one
/// made from its title that no stored name and no older record's uses
/// (oldest first, then by id, so every clone agrees). Publishing uses this
/// in memory and stores nothing.
pub fn published_names(claims: &[Claim]) -> HashMap<RecordId, String> {
    let mut taken: HashSet<String> = claims
        .iter()
        .filter(|c| c.name_stored)
        .map(|c| c.name.clone())
        .collect();
    let mut names: HashMap<RecordId, String> = claims
        .iter()
        .filter(|c| c.name_stored)
        .map(|c| (c.id.clone(), c.name.clone()))
        .collect();
    let mut unnamed: Vec<&Claim> = claims.iter().filter(|c| !c.name_stored).collect();
    unnamed.sort_by(|a, b| a.since.cmp(&b.since).then_with(|| a.id.cmp(&b.id)));
    for claim in unnamed {
        let name = free_name(&claim.title, &taken);
        taken.insert(name.clone());
        names.insert(claim.id.clone(), name);
    }
    names
}

/// One change to a record's number or stored name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Assignment {
    /// Its number was set (`from`: the contested or missing number).
    Number {
        /// The record.
        id: RecordId,
        /// The number it had.
        from: Option<u32>,
        /// The number it has now.
        to: u32,
    },
    /// Its published name was stored.
    Name {
        /// The record.
        id: RecordId,
        /// The name it was published under.
        from: String,
        /// The name it keeps from now on.
        to: String,
    },
}

impl std::fmt::Display for Assignment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Assignment::Number { id, from: None, to } => write!(f, "{id} is number {to}"),
            Assignment::Number {
                id,
                from: Some(from),
                to,
            } => write!(f, "{id} renumbered from {from} to {to}"),
            Assignment::Name { id, from, to } if from == to => {
                write!(f, "{id} is published as {to:?}")
            }
            Assignment::Name { id, from, to } => {
                write!(f, "{id} renamed from {from:?} to {to:?}")
            }
        }
    }
}

/// What a record gets on acceptance: a number, unless it already holds one
/// no earlier record holds, and a stored published name, unless it holds
/// one no earlier record holds. `others`: every other record in the store.
/// Re-accepting a record whose number another record was accepted with
/// first gives it a new number rather than keeping the wrong one.
pub fn on_acceptance(record: &mut Record, others: &[Claim]) -> Vec<Assignment> {
    let mut changes = Vec::new();
    let mine = Claim::of_record(record);
    let earlier = |other: &Claim| keeper_order(other, &mine).is_lt();
    let number_taken = mine
        .number
        .is_some_and(|n| others.iter().any(|o| o.number == Some(n) && earlier(o)));
    if record.number.is_none() || number_taken {
        let to = next_number(others);
        changes.push(Assignment::Number {
            id: record.id.clone(),
            from: record.number,
            to,
        });
        record.number = Some(to);
    }
    // The name it has been published under so far is the one it keeps.
    let mut all = others.to_vec();
    all.push(mine.clone());
    let names = published_names(&all);
    let current = names.get(&mine.id).cloned().unwrap_or(mine.name.clone());
    let name_taken = mine.name_stored
        && (mine.name == INDEX_NAME
            || others
                .iter()
                .any(|o| o.name_stored && o.name == mine.name && earlier(o)));
    if !mine.name_stored || name_taken {
        let to = if name_taken {
            free_name(&record.title, &names.into_values().collect())
        } else {
            current.clone()
        };
        changes.push(Assignment::Name {
            id: record.id.clone(),
            from: current,
            to: to.clone(),
        });
        record.slug = Some(to);
    }
    changes
}

/// What every record in `store` but `except` claims, to accept `except`.
/// Refuses while any record file is unreadable: its number could be the
/// one handed out.
///
/// Read from the list index ([`crate::list_index::summaries`]), which
/// trusts an entry only while its file's stamp is unchanged and reads the
/// file otherwise: accepting one record of 10,000 used to parse every
/// record (3.3 s and 450 MB); with a warm index it stats each file.
pub fn claims_besides(
    store: &Store,
    catalog: &SetCatalog,
    except: &RecordId,
) -> Result<Vec<Claim>, StoreError> {
    let listing = crate::list_index::summaries(store, catalog)?;
    if let Some(problem) = listing.problems.into_iter().next() {
        return Err(problem);
    }
    Ok(listing
        .summaries
        .iter()
        .filter(|s| &s.id != except)
        .map(Claim::of_summary)
        .collect())
}

/// The repairs for every clash: each record that does not keep what it
/// claims gets the next free number or a free name made from its title.
/// Applied in order, they leave no clash.
pub fn repairs(claims: &[Claim]) -> Vec<Assignment> {
    let mut next = next_number(claims);
    // Not a name any page is published under now, stored or not.
    let mut taken: HashSet<String> = published_names(claims).into_values().collect();
    let mut changes = Vec::new();
    for clash in clashes(claims) {
        let losers = match &clash.what {
            Contested::Name(name) if name == INDEX_NAME => &clash.claims[..],
            _ => &clash.claims[1..],
        };
        for claim in losers {
            match &clash.what {
                Contested::Number(n) => {
                    changes.push(Assignment::Number {
                        id: claim.id.clone(),
                        from: Some(*n),
                        to: next,
                    });
                    next += 1;
                }
                Contested::Name(name) => {
                    let to = free_name(&claim.title, &taken);
                    taken.insert(to.clone());
                    changes.push(Assignment::Name {
                        id: claim.id.clone(),
                        from: name.clone(),
                        to,
                    });
                }
            }
        }
    }
    changes
}

/// Applies one assignment to its record (the caller saves it).
pub fn apply(assignment: &Assignment, record: &mut Record) {
    match assignment {
        Assignment::Number { to, .. } => record.number = Some(*to),
        Assignment::Name { to, .. } => record.slug = Some(to.clone()),
    }
}

#[cfg(test)]
pub(crate) mod tests;
