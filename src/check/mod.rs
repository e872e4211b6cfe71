//! The readiness check: walks a question set over a record and reports, per
//! section, each missing, unknown or invalid answer and each rule broken,
//! with what would fix it.

use serde::Serialize;

use crate::plural::plural;
use crate::questionnaire::{Field, FieldKind, QuestionSet, Section, kind_gap, validate_answer};
use crate::record::{Answer, GRID_ROW_KEY, Record, Row};

mod content;
mod policy;
mod row_name;

pub use crate::questionnaire::Severity;
pub use content::{has_figure, is_answered, is_placeholder, phrases};
pub use policy::{Readiness, Standing, review_overdue};
pub use row_name::list_row_name;

/// Why a gap is a gap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum GapKind {
    /// A required answer is blank.
    Missing,
    /// A required answer is marked unknown.
    Unknown,
    /// An answer does not fit its field (bad date, team word for a person).
    Invalid,
    /// A rule declared by the set is broken.
    Rule,
    /// A Markdown answer nests too deeply to be rendered as Markdown; it is
    /// exported as plain text (advisory).
    Nesting,
}

/// One thing standing between a section and "ready".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Gap {
    /// Why it is a gap.
    pub kind: GapKind,
    /// The top-level field involved.
    pub field: String,
    /// 0-based row of a table answer, when the gap is in one row.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row: Option<usize>,
    /// Column id, when the gap is in one cell.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    /// Whether it blocks readiness or is advisory.
    pub severity: Severity,
    /// Id of the broken rule, for `Rule` gaps.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    /// What is wrong, as a sentence.
    pub problem: String,
    /// What would fix it, as a sentence.
    pub fix: String,
}

/// The verdict for one section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SectionVerdict {
    /// Section id.
    pub section: String,
    /// Section title (the question).
    pub title: String,
    /// True when no gap blocks (advisory gaps may remain).
    pub ready: bool,
    /// The gaps, in field order.
    pub gaps: Vec<Gap>,
}

/// The verdict for a whole record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verdict {
    /// One entry per section of the set, in order.
    pub sections: Vec<SectionVerdict>,
}

impl Verdict {
    /// True when no section has a blocking gap. This is the answers' part
    /// of the verdict; [`Standing`] adds the review date.
    pub fn ready(&self) -> bool {
        self.sections.iter().all(|s| s.ready)
    }

    /// Number of gaps across all sections, blocking or advisory.
    pub fn gap_count(&self) -> usize {
        self.sections.iter().map(|s| s.gaps.len()).sum()
    }

    /// The verdict for a section id.
    pub fn section(&self, id: &str) -> Option<&SectionVerdict> {
        self.sections.iter().find(|s| s.section == id)
    }
}

/// "1 gap", "3 gaps": how every screen and export counts gaps.
pub fn gaps_label(count: usize) -> String {
    format!("{count} gap{}", plural(count))
}

/// Checks a record against a set.
pub fn check(set: &QuestionSet, record: &Record) -> Verdict {
    let reader = content::Reader::new(content::phrases(set));
    Verdict {
        sections: set
            .sections
            .iter()
            .map(|section| check_section(set, section, record, &reader))
            .collect(),
    }
}

fn check_section(
    set: &QuestionSet,
    section: &Section,
    record: &Record,
    reader: &content::Reader,
) -> SectionVerdict {
    let mut gaps = Vec::new();
    for field in &section.fields {
        // A field the set says does not apply here (a one-way door's
        // rollback mechanism) is not asked for.
        if content::applies(set, field, record) {
            check_field(
                field,
                content::answer_of(record, field).as_deref(),
                &mut gaps,
            );
        }
    }
    for rule in &section.rules {
        // A rule never repeats a gap its field or cell already has.
        let found = content::check_rule(set, section, rule, record, &gaps, reader);
        gaps.extend(found);
    }
    SectionVerdict {
        section: section.id.clone(),
        title: section.title.clone(),
        ready: !gaps.iter().any(|g| g.severity.blocks()),
        gaps,
    }
}

fn gap(kind: GapKind, field: &Field, problem: String, fix: String) -> Gap {
    Gap {
        kind,
        field: field.id.clone(),
        row: None,
        column: None,
        severity: Severity::Blocker,
        rule: None,
        problem,
        fix,
    }
}

fn fix_for(field: &Field) -> String {
    field
        .fix
        .clone()
        .unwrap_or_else(|| format!("Fill in \"{}\".", field.label))
}

fn fix_for_unknown(field: &Field) -> String {
    match &field.fix {
        Some(fix) => format!("Find out, then: {fix}"),
        None => format!("Find out and fill in \"{}\".", field.label),
    }
}

fn check_field(field: &Field, answer: Option<&Answer>, gaps: &mut Vec<Gap>) {
    // An empty value (`""`, `[]`, rows of blank cells) from a hand-edited
    // file is blank, as the store treats it, not an answer.
    let answer = answer.filter(|a| !a.is_empty());
    match answer {
        None => {
            if field.required {
                gaps.push(gap(
                    GapKind::Missing,
                    field,
                    format!("\"{}\" is not answered.", field.label),
                    fix_for(field),
                ));
            }
            let grid_needs_figures =
                field.kind == FieldKind::Grid && field.columns.iter().any(|c| c.required);
            if grid_needs_figures && !field.required {
                let needed: Vec<&str> = field
                    .columns
                    .iter()
                    .filter(|c| c.required)
                    .map(|c| c.label.as_str())
                    .collect();
                gaps.push(gap(
                    GapKind::Missing,
                    field,
                    format!(
                        "{} is blank: {} are needed for each of its {} rows.",
                        field.label,
                        needed.join(" and "),
                        field.rows.len()
                    ),
                    fix_for(field),
                ));
            }
        }
        Some(Answer::Unknown { note }) => {
            if field.required || field.kind == FieldKind::Grid {
                let note = note
                    .as_deref()
                    .map(|n| format!(" ({n})"))
                    .unwrap_or_default();
                gaps.push(gap(
                    GapKind::Unknown,
                    field,
                    format!("\"{}\" is marked unknown{note}.", field.label),
                    fix_for_unknown(field),
                ));
            }
        }
        Some(answer) => {
            if let Err(problem) = validate_answer(field, answer) {
                gaps.push(gap(
                    GapKind::Invalid,
                    field,
                    format!("{}: {problem}.", field.label),
                    format!("Correct \"{}\".", field.label),
                ));
                return;
            }
            if let Some((problem, fix)) = kind_gap(field, answer) {
                gaps.push(gap(GapKind::Invalid, field, problem, fix));
            }
            match field.kind {
                FieldKind::List => check_list(field, answer.rows(), gaps),
                FieldKind::Grid => check_grid(field, answer.rows(), gaps),
                FieldKind::Markdown => check_nesting(field, answer, gaps),
                _ => {}
            }
        }
    }
}

/// Exports show a Markdown answer nested past the depth limit as plain
/// text (see `export::depth`); say so, without blocking readiness.
fn check_nesting(field: &Field, answer: &Answer, gaps: &mut Vec<Gap>) {
    if let Answer::Text(text) = answer
        && may_nest_too_deeply(text)
        && crate::export::depth::too_deep(text)
    {
        gaps.push(Gap {
            severity: Severity::Warning,
            ..gap(
                GapKind::Nesting,
                field,
                format!(
                    "\"{}\": {}.",
                    field.label,
                    crate::export::depth::too_deep_note()
                ),
                format!(
                    "Nest \"{}\" at most {} levels deep.",
                    field.label,
                    crate::export::depth::MAX_NESTING
                ),
            )
        });
    }
}

/// Whether `text` has enough marks to open more block quotes and lists
/// than [`crate::export::depth::MAX_NESTING`]: each one opens with a mark
/// of its own (`>`, `-`, `*`, `+`, or a digit then `.` or `)`), so text
/// with no more marks than that cannot nest too deeply, and most answers
/// need not be run through the Markdown parser to know it (parsing every
/// Markdown answer was a sixth of the check's time on generated records).
fn may_nest_too_deeply(text: &str) -> bool {
    let mut marks = 0usize;
    let mut after_digit = false;
    for &byte in text.as_bytes() {
        let mark = match byte {
            b'>' | b'-' | b'*' | b'+' => true,
            b'.' | b')' => after_digit,
            _ => false,
        };
        after_digit = byte.is_ascii_digit();
        if mark {
            marks += 1;
            if marks > crate::export::depth::MAX_NESTING {
                return true;
            }
        }
    }
    false
}

fn check_list(field: &Field, rows: &[Row], gaps: &mut Vec<Gap>) {
    if let Some(min) = field.min_rows
        && rows.len() < min
    {
        gaps.push(gap(
            GapKind::Missing,
            field,
            format!(
                "{} needs at least {min} row{}; it has {}.",
                field.label,
                plural(min),
                rows.len()
            ),
            fix_for(field),
        ));
    }
    for (index, row) in rows.iter().enumerate() {
        check_cells(field, row, index, || list_row_name(field, row, index), gaps);
    }
}

fn check_grid(field: &Field, rows: &[Row], gaps: &mut Vec<Gap>) {
    for (index, grid_row) in field.rows.iter().enumerate() {
        let stored = rows.iter().find(|row| {
            row.get(GRID_ROW_KEY).and_then(Answer::as_text) == Some(grid_row.id.as_str())
        });
        let empty = Row::new();
        check_cells(
            field,
            stored.unwrap_or(&empty),
            index,
            || grid_row.label.clone(),
            gaps,
        );
    }
}

/// The gaps in one row's cells; `name` names the row in their messages,
/// made only when there is a gap (most rows have none).
fn check_cells(
    field: &Field,
    row: &Row,
    index: usize,
    name: impl Fn() -> String,
    gaps: &mut Vec<Gap>,
) {
    let mut named: Option<String> = None;
    for column in &field.columns {
        let cell = row.get(&column.id);
        let mut found = Vec::new();
        check_field(column, cell, &mut found);
        for mut cell_gap in found {
            cell_gap.field = field.id.clone();
            cell_gap.row = Some(index);
            cell_gap.column = Some(column.id.clone());
            let name = named.get_or_insert_with(&name);
            cell_gap.problem = format!("{}, {name}: {}", field.label, cell_gap.problem);
            gaps.push(cell_gap);
        }
    }
}

#[cfg(test)]
mod tests;
