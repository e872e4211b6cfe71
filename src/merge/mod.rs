//! Three-way merge of records, field by field: what git's merge driver,
//! `preflight resolve` and the wizard use when two branches changed one
//! record. Pure: no files, no git (see [`resolve`] for those).
//!
//! A record is merged as its JSON, so keys written by a newer preflight
//! merge too. The rules, most specific first:
//!
//! - a value only one side changed takes that side's value;
//! - `updated` takes the later stamp (every save rewrites it);
//! - `history` keeps every entry of both sides, by date; when both sides
//!   changed `status`, the status of the latest entry wins;
//! - tags, links and word answers are sets: additions of both sides are
//!   kept, removals of either side are applied;
//! - meetings are matched by their start time; rows of list answers,
//!   meeting items and attendees are matched by content (a three-way
//!   sequence merge), so rows added on both sides are all kept and rows
//!   edited on one side keep the edit;
//! - action numbers given on two branches (each the next free number)
//!   are made unique again: the later-captured action gets a new number;
//! - anything else both sides changed differently is a [`Conflict`]: the
//!   merged record holds our value there until someone picks.

pub mod markers;
pub mod resolve;
mod seq;

use serde_json::{Map, Value};

use crate::record::Record;
use seq::{Chunk, Part};

/// One step of the path to a value inside a record's JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// An object key.
    Key(String),
    /// A position in an array (of the merged array).
    Index(usize),
}

/// Which side of a merge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The branch being merged into (git's "ours", `HEAD`).
    Ours,
    /// The branch being merged in (git's "theirs").
    Theirs,
}

/// A value both sides changed differently.
#[derive(Debug, Clone, PartialEq)]
pub struct Conflict {
    /// Where it is in the record.
    pub path: Vec<Step>,
    /// The common ancestor's value (`None`: absent, or no ancestor known).
    pub base: Option<Value>,
    /// Our value (`None`: we removed it).
    pub ours: Option<Value>,
    /// Their value (`None`: they removed it).
    pub theirs: Option<Value>,
}

impl Conflict {
    /// The field as people read it: `answers.rollback`, `title`,
    /// `answers.failure_modes[2].trigger` (positions counted from 1).
    pub fn field(&self) -> String {
        let mut out = String::new();
        for step in &self.path {
            match step {
                Step::Key(key) if out.is_empty() => out.push_str(key),
                Step::Key(key) => {
                    out.push('.');
                    out.push_str(key);
                }
                Step::Index(index) => out.push_str(&format!("[{}]", index + 1)),
            }
        }
        out
    }

    /// How a side's value reads on screen: text as it is, "(removed)"
    /// when that side removed the field, anything else as compact JSON.
    pub fn shown(&self, side: Side) -> String {
        match self.side(side) {
            None => "(removed)".into(),
            Some(Value::String(text)) => text.clone(),
            Some(other) => other.to_string(),
        }
    }

    /// The value a side holds.
    pub fn side(&self, side: Side) -> Option<&Value> {
        match side {
            Side::Ours => self.ours.as_ref(),
            Side::Theirs => self.theirs.as_ref(),
        }
    }
}

/// The outcome of a merge: the merged JSON (our value wherever there is a
/// conflict), the conflicts, and notes on what was settled by a rule a
/// person may want to know about (renumbered actions).
#[derive(Debug, Clone, PartialEq)]
pub struct Merged {
    /// The merged record as JSON.
    pub value: Value,
    /// Values both sides changed differently.
    pub conflicts: Vec<Conflict>,
    /// Things done to make the merge whole, one sentence each.
    pub notes: Vec<String>,
}

/// Merges two records with their common ancestor: the merged record and
/// what both sides changed differently (our value is kept there).
pub fn merge(base: &Record, ours: &Record, theirs: &Record) -> (Record, Vec<Conflict>) {
    let json = |r: &Record| serde_json::to_value(r).unwrap_or(Value::Null);
    let merged = merge_json(Some(&json(base)), &json(ours), &json(theirs));
    match serde_json::from_value(merged.value) {
        Ok(record) => (record, merged.conflicts),
        // Every merged value is one of the sides' values, so this does not
        // happen; if it did, keep ours and say the whole record conflicts.
        Err(_) => (
            ours.clone(),
            vec![Conflict {
                path: Vec::new(),
                base: Some(json(base)),
                ours: Some(json(ours)),
                theirs: Some(json(theirs)),
            }],
        ),
    }
}

/// Merges records as JSON; `base` is `None` when no common ancestor is
/// known (a conflict-marked file without one), and then every difference
/// that no rule settles is a conflict.
pub fn merge_json(base: Option<&Value>, ours: &Value, theirs: &Value) -> Merged {
    let mut merger = Merger {
        conflicts: Vec::new(),
        path: Vec::new(),
        known_base: base.is_some(),
    };
    let value = merger
        .value(base, Some(ours), Some(theirs))
        .unwrap_or(Value::Null);
    let mut merged = Merged {
        value,
        conflicts: merger.conflicts,
        notes: Vec::new(),
    };
    settle_status(&mut merged);
    renumber_actions(&mut merged);
    merged
}

/// Puts one side's value where a conflict is.
pub fn apply(value: &mut Value, conflict: &Conflict, side: Side) {
    set_at(value, &conflict.path, conflict.side(side).cloned());
}

fn set_at(value: &mut Value, path: &[Step], new: Option<Value>) {
    let Some((last, parents)) = path.split_last() else {
        if let Some(new) = new {
            *value = new;
        }
        return;
    };
    let mut here = value;
    for step in parents {
        let next = match (step, here) {
            (Step::Key(key), Value::Object(map)) => map.get_mut(key),
            (Step::Index(index), Value::Array(items)) => items.get_mut(*index),
            _ => None,
        };
        match next {
            Some(next) => here = next,
            None => return,
        }
    }
    match (last, here, new) {
        (Step::Key(key), Value::Object(map), Some(new)) => {
            map.insert(key.clone(), new);
        }
        (Step::Key(key), Value::Object(map), None) => {
            map.remove(key);
        }
        (Step::Index(index), Value::Array(items), Some(new)) if *index < items.len() => {
            items[*index] = new;
        }
        (Step::Index(index), Value::Array(items), None) if *index < items.len() => {
            items.remove(*index);
        }
        _ => {}
    }
}

struct Merger {
    conflicts: Vec<Conflict>,
    path: Vec<Step>,
    known_base: bool,
}

impl Merger {
    fn at_top(&self, key: &str) -> bool {
        self.path.len() == 1 && self.path[0] == Step::Key(key.into())
    }

    fn conflict(&mut self, base: Option<&Value>, ours: Option<&Value>, theirs: Option<&Value>) {
        self.conflicts.push(Conflict {
            path: self.path.clone(),
            base: base.cloned(),
            ours: ours.cloned(),
            theirs: theirs.cloned(),
        });
    }

    /// Merges one value; `None` in and out means absent.
    fn value(
        &mut self,
        base: Option<&Value>,
        ours: Option<&Value>,
        theirs: Option<&Value>,
    ) -> Option<Value> {
        if ours == theirs {
            return ours.cloned();
        }
        if self.known_base {
            if base == ours {
                return theirs.cloned();
            }
            if base == theirs {
                return ours.cloned();
            }
        }
        let (Some(o), Some(t)) = (ours, theirs) else {
            // Removed on one side, changed (or, with no base, kept) on
            // the other.
            self.conflict(base, ours, theirs);
            return ours.cloned();
        };
        if self.at_top("updated") {
            return Some(later(o, t).clone());
        }
        if self.at_top("history") {
            return Some(union_by_date(base, o, t));
        }
        if self.at_top("meetings") {
            return Some(self.keyed(base, o, t, "started"));
        }
        let is_set = self.at_top("links") || (all_strings(o) && all_strings(t));
        if is_set && let (Value::Array(oa), Value::Array(ta)) = (o, t) {
            let ba = base
                .and_then(Value::as_array)
                .map_or(&[][..], Vec::as_slice);
            return Some(Value::Array(set_merge(ba, oa, ta, self.known_base)));
        }
        match (o, t) {
            (Value::Object(om), Value::Object(tm)) => {
                let bm = base.and_then(Value::as_object);
                Some(Value::Object(self.object(bm, om, tm)))
            }
            (Value::Array(oa), Value::Array(ta)) if self.known_base => {
                let ba = base
                    .and_then(Value::as_array)
                    .map_or(&[][..], Vec::as_slice);
                match self.sequence(ba, oa, ta) {
                    Some(items) => Some(Value::Array(items)),
                    None => {
                        self.conflict(base, ours, theirs);
                        Some(o.clone())
                    }
                }
            }
            _ => {
                self.conflict(base, ours, theirs);
                Some(o.clone())
            }
        }
    }

    fn object(
        &mut self,
        base: Option<&Map<String, Value>>,
        ours: &Map<String, Value>,
        theirs: &Map<String, Value>,
    ) -> Map<String, Value> {
        let mut keys: Vec<&String> = ours.keys().collect();
        keys.extend(theirs.keys().filter(|k| !ours.contains_key(*k)));
        if let Some(base) = base {
            keys.extend(
                base.keys()
                    .filter(|k| !ours.contains_key(*k) && !theirs.contains_key(*k)),
            );
        }
        let mut out = Map::new();
        for key in keys {
            self.path.push(Step::Key(key.clone()));
            let merged = self.value(
                base.and_then(|b| b.get(key)),
                ours.get(key),
                theirs.get(key),
            );
            self.path.pop();
            if let Some(merged) = merged {
                out.insert(key.clone(), merged);
            }
        }
        out
    }

    /// Arrays of objects matched by a key (meetings by start time): each
    /// side's elements merged with the same element of the others.
    fn keyed(&mut self, base: Option<&Value>, ours: &Value, theirs: &Value, key: &str) -> Value {
        let items = |v: Option<&Value>| -> Vec<Value> {
            v.and_then(Value::as_array).cloned().unwrap_or_default()
        };
        let (b, o, t) = (items(base), items(Some(ours)), items(Some(theirs)));
        let id = |v: &Value| v.get(key).cloned();
        let find = |list: &[Value], wanted: &Option<Value>| -> Option<Value> {
            list.iter().find(|v| &id(v) == wanted).cloned()
        };
        let mut order: Vec<Option<Value>> = o.iter().map(id).collect();
        for item in &t {
            if !order.contains(&id(item)) {
                order.push(id(item));
            }
        }
        let mut out = Vec::new();
        for wanted in order {
            self.path.push(Step::Index(out.len()));
            let merged = self.value(
                find(&b, &wanted).as_ref(),
                find(&o, &wanted).as_ref(),
                find(&t, &wanted).as_ref(),
            );
            self.path.pop();
            out.extend(merged);
        }
        Value::Array(out)
    }

    /// Arrays of rows: a three-way sequence merge, elements matched by
    /// content; `None` when one stretch was changed differently on both
    /// sides in a way no element-wise merge settles.
    fn sequence(&mut self, base: &[Value], ours: &[Value], theirs: &[Value]) -> Option<Vec<Value>> {
        // Rows are compared as small numbers (equal rows, equal number):
        // the sequence merge compares pairs of rows many times, and
        // comparing two JSON objects costs far more than two integers.
        let mut ids = std::collections::HashMap::new();
        let mut intern = |items: &[Value]| -> Vec<usize> {
            items
                .iter()
                .map(|item| {
                    let next = ids.len();
                    *ids.entry(item.to_string()).or_insert(next)
                })
                .collect()
        };
        let (b, o, t) = (intern(base), intern(ours), intern(theirs));
        let mut out: Vec<Value> = Vec::new();
        for part in seq::diff3(&b, &o, &t) {
            match part {
                Part::Same(index) => out.push(ours[index].clone()),
                Part::Changed(Chunk {
                    base: bs,
                    ours: os,
                    theirs: ts,
                }) => self.chunk(&base[bs], &ours[os], &theirs[ts], &mut out)?,
            }
        }
        Some(out)
    }

    fn chunk(
        &mut self,
        base: &[Value],
        ours: &[Value],
        theirs: &[Value],
        out: &mut Vec<Value>,
    ) -> Option<()> {
        if ours == base {
            out.extend_from_slice(theirs);
        } else if theirs == base || ours == theirs {
            out.extend_from_slice(ours);
        } else if base.is_empty() {
            // Added on both sides: keep all, each once.
            out.extend_from_slice(ours);
            out.extend(theirs.iter().filter(|t| !ours.contains(t)).cloned());
        } else if base.len() == ours.len() && base.len() == theirs.len() {
            // The same rows edited on both sides: merge row by row.
            for ((b, o), t) in base.iter().zip(ours).zip(theirs) {
                self.path.push(Step::Index(out.len()));
                let merged = self.value(Some(b), Some(o), Some(t));
                self.path.pop();
                out.extend(merged);
            }
        } else {
            return None;
        }
        Some(())
    }
}

fn all_strings(value: &Value) -> bool {
    value
        .as_array()
        .is_some_and(|items| !items.is_empty() && items.iter().all(Value::is_string))
}

/// The later of two timestamps (RFC 3339 text); ours when unreadable.
fn later<'a>(ours: &'a Value, theirs: &'a Value) -> &'a Value {
    let stamp = |v: &Value| v.as_str().and_then(|s| s.parse::<jiff::Timestamp>().ok());
    match (stamp(ours), stamp(theirs)) {
        (Some(o), Some(t)) if t > o => theirs,
        _ => ours,
    }
}

/// Every entry of both histories once, oldest first (stable for equal
/// dates, ours before theirs); entries both sides dropped stay dropped.
fn union_by_date(base: Option<&Value>, ours: &Value, theirs: &Value) -> Value {
    let empty = Vec::new();
    let list = |v: Option<&Value>| v.and_then(Value::as_array).unwrap_or(&empty).clone();
    let (b, o, t) = (list(base), list(Some(ours)), list(Some(theirs)));
    let mut out: Vec<Value> = Vec::new();
    for entry in o.iter().chain(&t) {
        let dropped = b.contains(entry) && (!o.contains(entry) || !t.contains(entry));
        if !dropped && !out.contains(entry) {
            out.push(entry.clone());
        }
    }
    let date = |v: &Value| {
        v.get("date")
            .and_then(Value::as_str)
            .and_then(|s| s.parse::<jiff::Timestamp>().ok())
    };
    out.sort_by_key(date);
    Value::Array(out)
}

/// Set semantics: additions of both sides kept, removals of either side
/// applied, ours' order first. Without a base nothing counts as removed.
fn set_merge(base: &[Value], ours: &[Value], theirs: &[Value], known_base: bool) -> Vec<Value> {
    let removed = |v: &Value| known_base && base.contains(v);
    let mut out: Vec<Value> = Vec::new();
    for item in ours {
        if (theirs.contains(item) || !removed(item)) && !out.contains(item) {
            out.push(item.clone());
        }
    }
    for item in theirs {
        if !removed(item) && !out.contains(item) {
            out.push(item.clone());
        }
    }
    out
}

/// When both sides changed the status, the merged history decides: the
/// status of its latest entry, if that is one of the two.
fn settle_status(merged: &mut Merged) {
    let status_path = [Step::Key("status".into())];
    let Some(at) = merged.conflicts.iter().position(|c| c.path == status_path) else {
        return;
    };
    let latest = merged
        .value
        .get("history")
        .and_then(Value::as_array)
        .and_then(|h| h.last())
        .and_then(|entry| entry.get("status"))
        .cloned();
    let conflict = &merged.conflicts[at];
    if let Some(latest) = latest
        && (conflict.ours.as_ref() == Some(&latest) || conflict.theirs.as_ref() == Some(&latest))
    {
        merged.notes.push(format!(
            "status: both sides changed it; the latest change in the history ({}) wins",
            latest.as_str().unwrap_or_default()
        ));
        if let Value::Object(map) = &mut merged.value {
            map.insert("status".into(), latest);
        }
        merged.conflicts.remove(at);
    }
}

/// Two actions with one number (each branch gave "the next free number"):
/// the one captured later gets the next number free after the merge.
fn renumber_actions(merged: &mut Merged) {
    let Some(meetings) = merged
        .value
        .get_mut("meetings")
        .and_then(Value::as_array_mut)
    else {
        return;
    };
    let mut actions: Vec<&mut Map<String, Value>> = meetings
        .iter_mut()
        .filter_map(|m| m.get_mut("items").and_then(Value::as_array_mut))
        .flat_map(|items| items.iter_mut())
        .filter_map(Value::as_object_mut)
        .filter(|item| item.get("kind").and_then(Value::as_str) == Some("action"))
        .collect();
    let number = |item: &Map<String, Value>| item.get("number").and_then(Value::as_u64);
    let at = |item: &Map<String, Value>| {
        item.get("at")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    actions.sort_by_key(|item| at(item));
    let mut next = actions.iter().filter_map(|a| number(a)).max().unwrap_or(0);
    let mut seen = std::collections::BTreeSet::new();
    for item in actions {
        let Some(n) = number(item) else { continue };
        if seen.insert(n) {
            continue;
        }
        next += 1;
        item.insert("number".into(), Value::from(next));
        let text = item.get("text").and_then(Value::as_str).unwrap_or_default();
        merged.notes.push(format!(
            "action {n} was given on both branches; {text:?} is now action {next}"
        ));
    }
}

#[cfg(test)]
mod tests;
