//! Writing what a meeting captures into the record. Every item belongs to
//! the meeting. Failure modes also become rows of the set's failure-mode
//! table, to be refined in the wizard; a point goes into an answer only when
//! the facilitator chooses so ([`put_into_answer`]), marked as coming from
//! the review. Points that older versions wrote into answers unmarked are
//! still followed on edit and delete.

use jiff::Timestamp;

use super::{Item, ItemKind};
use crate::questionnaire::{FieldKind, QuestionSet};
use crate::record::{Answer, Record, Row};

/// Where a captured item went besides the meeting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Placed {
    /// Kept in the meeting only.
    MeetingOnly,
    /// Also written into this field (its label).
    Field(String),
}

/// Adds an item to a meeting of the record and, for points and failure
/// modes, to the answer the set names. Returns where it went.
pub fn capture(
    record: &mut Record,
    set: &QuestionSet,
    meeting: usize,
    mut item: Item,
    now: Timestamp,
) -> Placed {
    item.text = captured_text(&item.text);
    if item.kind == ItemKind::Action && item.number.is_none() {
        item.number = Some(super::next_action_number(&record.meetings));
    }
    // A point stays in the meeting: the engineer's answers change only
    // when the facilitator puts it there (put_into_answer).
    let placed = match item.kind {
        ItemKind::FailureMode => add_failure_mode(record, set, &item.text),
        _ => None,
    };
    let result = match &placed {
        Some((field_id, label)) => {
            item.field = Some(field_id.clone());
            Placed::Field(label.clone())
        }
        None => Placed::MeetingOnly,
    };
    if let Some(meeting) = record.meetings.get_mut(meeting) {
        meeting.items.push(item);
    }
    record.updated = crate::clock::to_second(now);
    result
}

/// Replaces an item's text (and owner, due date, attribution); the copy in
/// the answers follows when it is still there as written. Returns false
/// when the answer had been edited since and was left alone.
pub fn edit(
    record: &mut Record,
    set: &QuestionSet,
    meeting: usize,
    index: usize,
    mut new: Item,
    now: Timestamp,
) -> bool {
    let Some(old) = record
        .meetings
        .get(meeting)
        .and_then(|m| m.items.get(index))
        .cloned()
    else {
        return false;
    };
    new.text = captured_text(&new.text);
    new.field = old.field.clone();
    new.number = old.number;
    new.at = old.at;
    new.unknown_keys = old.unknown_keys.clone();
    let date = meeting_date(record, meeting);
    let followed = follow(record, set, &old, Some(&new.text), &date);
    if let Some(slot) = record
        .meetings
        .get_mut(meeting)
        .and_then(|m| m.items.get_mut(index))
    {
        *slot = new;
    }
    record.updated = crate::clock::to_second(now);
    followed
}

/// Removes an item; its copy in the answers goes too when it is still there
/// as written (a failure-mode row only while nothing else was filled in).
/// Returns false when the answer was left alone.
pub fn delete(
    record: &mut Record,
    set: &QuestionSet,
    meeting: usize,
    index: usize,
    now: Timestamp,
) -> bool {
    let date = meeting_date(record, meeting);
    let Some(meeting_ref) = record.meetings.get_mut(meeting) else {
        return false;
    };
    if index >= meeting_ref.items.len() {
        return false;
    }
    let old = meeting_ref.items.remove(index);
    let followed = follow(record, set, &old, None, &date);
    record.updated = crate::clock::to_second(now);
    followed
}

/// Follows an item's edit (its new text) or deletion (`None`) into the
/// answer it was also written into, if any. False when that answer had been
/// changed since and was left alone.
fn follow(
    record: &mut Record,
    set: &QuestionSet,
    old: &Item,
    new: Option<&str>,
    date: &str,
) -> bool {
    match (&old.field, old.kind) {
        (Some(field), ItemKind::Point) => replace_point(record, set, field, &old.text, new, date),
        (Some(field), ItemKind::FailureMode) => {
            replace_failure_mode(record, set, field, &old.text, new)
        }
        _ => true,
    }
}

/// Captured text is one line: pasted line breaks become spaces, and runs
/// of white space one space. The meeting screen pastes through it too, so
/// the input shows what will be kept.
pub fn captured_text(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn bullet(text: &str) -> String {
    format!("- {text}")
}

/// The `YYYY-MM-DD` a meeting started, for marking what came from it.
fn meeting_date(record: &Record, meeting: usize) -> String {
    record
        .meetings
        .get(meeting)
        .map(|m| m.started.strftime("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

/// A point as it reads in an answer: marked as the review's.
fn attributed(text: &str, date: &str) -> String {
    format!("{text} (design review {date})")
}

/// Why a point could not go into an answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotPlaced {
    /// Only points go into answers this way.
    NotAPoint,
    /// It is already in this answer (its label).
    Already(String),
    /// The set names no notes field for the point's question.
    NoNotesField,
    /// The answer is marked unknown on purpose and is left so.
    AnswerUnknown(String),
}

/// Puts a meeting's point into its question's notes answer (the field the
/// set names in `meeting_notes`), marked "(design review DATE)", and
/// remembers where, so the export and the presenter say so. Returns the
/// field's label.
pub fn put_into_answer(
    record: &mut Record,
    set: &QuestionSet,
    meeting: usize,
    index: usize,
    now: Timestamp,
) -> Result<String, NotPlaced> {
    let date = meeting_date(record, meeting);
    let item = record
        .meetings
        .get(meeting)
        .and_then(|m| m.items.get(index))
        .cloned()
        .ok_or(NotPlaced::NotAPoint)?;
    if item.kind != ItemKind::Point {
        return Err(NotPlaced::NotAPoint);
    }
    if let Some(field) = &item.field {
        let label = set.field(field).map_or(field.clone(), |f| f.label.clone());
        return Err(NotPlaced::Already(label));
    }
    let (field_id, label) = add_point(record, set, &item, &attributed(&item.text, &date))?;
    if let Some(slot) = record
        .meetings
        .get_mut(meeting)
        .and_then(|m| m.items.get_mut(index))
    {
        slot.field = Some(field_id);
    }
    record.updated = crate::clock::to_second(now);
    Ok(label)
}

fn add_point(
    record: &mut Record,
    set: &QuestionSet,
    item: &Item,
    text: &str,
) -> Result<(String, String), NotPlaced> {
    let field = set
        .sections
        .iter()
        .find(|s| s.id == item.section)
        .and_then(|section| {
            section
                .fields
                .iter()
                .find(|f| Some(&f.id) == section.meeting_notes.as_ref())
        })
        .ok_or(NotPlaced::NoNotesField)?;
    let answer = record.answer(field);
    // An answer marked unknown on purpose (maybe with a note on who could
    // find out) is not overwritten.
    if answer.as_ref().is_some_and(Answer::is_unknown) {
        return Err(NotPlaced::AnswerUnknown(field.label.clone()));
    }
    let existing = answer
        .and_then(|a| a.as_text().map(str::to_string))
        .unwrap_or_default();
    let existing = existing.trim_end();
    let text = match field.kind {
        FieldKind::Markdown if existing.is_empty() => bullet(text),
        FieldKind::Markdown => {
            // A bullet right after a paragraph would join it; after a list
            // item it continues the list.
            let last = existing.lines().last().unwrap_or_default().trim_start();
            let gap = if last.starts_with("- ") { "\n" } else { "\n\n" };
            format!("{existing}{gap}{}", bullet(text))
        }
        _ if existing.is_empty() => text.to_string(),
        _ => format!("{existing}; {text}"),
    };
    record.set_answer(field, Some(Answer::Text(text)));
    Ok((field.id.clone(), field.label.clone()))
}

/// Follows an edit (or deletion) of a point into the answer it was put in:
/// as marked by [`put_into_answer`], or unmarked as older versions wrote it.
fn replace_point(
    record: &mut Record,
    set: &QuestionSet,
    field_id: &str,
    old: &str,
    new: Option<&str>,
    date: &str,
) -> bool {
    let marked = attributed(old, date);
    let new_marked = new.map(|n| attributed(n, date));
    replace_point_text(record, set, field_id, &marked, new_marked.as_deref())
        || replace_point_text(record, set, field_id, old, new)
}

fn replace_point_text(
    record: &mut Record,
    set: &QuestionSet,
    field_id: &str,
    old: &str,
    new: Option<&str>,
) -> bool {
    let Some(field) = set.field(field_id) else {
        return false;
    };
    let Some(existing) = record
        .answer(field)
        .and_then(|a| a.as_text().map(str::to_string))
    else {
        return false;
    };
    // A Markdown answer holds points as bullet lines; any other, as text
    // joined by "; " (see add_point).
    let updated = if field.kind == FieldKind::Markdown {
        let target = bullet(old);
        let lines = existing.lines();
        replace_last(lines, |l| l.trim_end() == target, new.map(bullet), "\n")
    } else {
        let parts = existing.split("; ");
        replace_last(parts, |p| p.trim() == old, new.map(str::to_string), "; ")
    };
    let Some(updated) = updated else {
        return false;
    };
    let answer = (!updated.trim().is_empty()).then(|| Answer::Text(updated.trim().to_string()));
    record.set_answer(field, answer);
    true
}

/// The `parts` joined by `separator` again, with the last one that `is_old`
/// picks replaced by `new` (or taken out for `None`); `None` when no part is
/// picked.
fn replace_last<'a>(
    parts: impl Iterator<Item = &'a str>,
    is_old: impl Fn(&str) -> bool,
    new: Option<String>,
    separator: &str,
) -> Option<String> {
    let mut parts: Vec<String> = parts.map(str::to_string).collect();
    let at = parts.iter().rposition(|part| is_old(part))?;
    match new {
        Some(new) => parts[at] = new,
        None => {
            parts.remove(at);
        }
    }
    Some(parts.join(separator))
}

fn add_failure_mode(
    record: &mut Record,
    set: &QuestionSet,
    text: &str,
) -> Option<(String, String)> {
    let (field, column) = set.failure_mode_target()?;
    let mut rows = match record.answer(field) {
        Some(Answer::Rows(rows)) => rows,
        // Marked unknown on purpose: keep the failure mode in the meeting.
        Some(answer) if answer.is_unknown() => return None,
        _ => Vec::new(),
    };
    let mut row = Row::new();
    row.insert(column.id.clone(), Answer::Text(text.to_string()));
    rows.push(row);
    record.set_answer(field, Some(Answer::Rows(rows)));
    Some((field.id.clone(), field.label.clone()))
}

fn replace_failure_mode(
    record: &mut Record,
    set: &QuestionSet,
    field_id: &str,
    old: &str,
    new: Option<&str>,
) -> bool {
    let Some((field, column)) = set.failure_mode_target() else {
        return false;
    };
    if field.id != field_id {
        return false;
    }
    let Some(Answer::Rows(mut rows)) = record.answer(field) else {
        return false;
    };
    let holds_old = |row: &Row| {
        row.get(&column.id)
            .and_then(Answer::as_text)
            .is_some_and(|t| t.trim() == old)
    };
    let Some(at) = rows.iter().rposition(holds_old) else {
        return false;
    };
    match new {
        Some(new) => {
            rows[at].insert(column.id.clone(), Answer::Text(new.to_string()));
        }
        // A row someone has since refined is worth more than the meeting's
        // one line: keep it.
        None if rows[at].len() > 1 => return false,
        None => {
            rows.remove(at);
        }
    }
    record.set_answer(field, Some(Answer::Rows(rows)));
    true
}
