//! The one walk over a question set and a record that every rendering
//! (Markdown, terminal text, the TUI preview) starts from.

use crate::check::{Verdict, check};
use crate::plural::plural;
use crate::questionnaire::{Binding, Field, FieldKind, QuestionSet};
use crate::record::{Answer, GRID_ROW_KEY, Record, Row, Status, links_of};

/// Label of the status line in [`Document::meta`].
pub const STATUS: &str = "Status";
/// Label of the creation date line in [`Document::meta`].
pub const DATE: &str = "Date";
/// Label of the line naming an imported record's source file.
pub const IMPORTED_FROM: &str = "Imported from";
/// Label of the review-by line in [`Document::meta`].
pub const REVIEW_BY: &str = "Review by";

/// A short value as it should read: blank, unknown, or text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// Nothing written. `required` blanks are shown as "Not answered".
    Blank {
        /// Whether the field is required.
        required: bool,
    },
    /// Marked unknown, with an optional note.
    Unknown(Option<String>),
    /// Plain text.
    Text(String),
    /// A link or path.
    Link(String),
    /// User Markdown (multi-line answers).
    Markdown(String),
}

/// One block in a section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// Short answers shown as `label: value` lines.
    Facts(Vec<(String, Value)>),
    /// A long answer under its own label.
    Prose {
        /// The field's label.
        label: String,
        /// The answer.
        value: Value,
    },
    /// A list or grid answer as a table.
    Table {
        /// The field's label.
        label: String,
        /// Column headings.
        header: Vec<String>,
        /// Cells, row by row; empty when nothing was answered.
        rows: Vec<Vec<Value>>,
        /// When the whole table is marked unknown or left blank.
        whole: Option<Value>,
    },
}

/// One section of the record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocSection {
    /// Section id.
    pub id: String,
    /// The question.
    pub title: String,
    /// "Question N" number, for numbered sections.
    pub number: Option<usize>,
    /// Whether the set marks it optional.
    pub optional: bool,
    /// Its content.
    pub blocks: Vec<Block>,
}

/// A record laid out for reading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// The record's title.
    pub title: String,
    /// Metadata lines (status, author, dates, tags, set, id).
    pub meta: Vec<(String, Value)>,
    /// Sections in set order.
    pub sections: Vec<DocSection>,
    /// For an imported record, the original text: the sections of the
    /// `imported` question set that hold any, in that set's order.
    pub imported: Vec<DocSection>,
    /// The readiness verdict.
    pub verdict: Verdict,
    /// Answers to fields the set no longer has.
    pub orphans: Vec<(String, Value)>,
    /// The record's id.
    pub id: String,
    /// Where the decision stands.
    pub status: Status,
    /// Creation date, `YYYY-MM-DD`.
    pub date: String,
    /// Position in the published sequence, once assigned.
    pub number: Option<u32>,
    /// Status changes, oldest first.
    pub history: Vec<HistoryEntry>,
    /// Links to and from other records: the record's own first, then the
    /// ones other records make to it.
    pub links: Vec<DocLink>,
    /// Design reviews held on the record, oldest first.
    pub meetings: Vec<super::meetings::DocMeeting>,
}

/// One status change, ready to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryEntry {
    /// The status it became, capitalised ("Accepted").
    pub status: String,
    /// When, `YYYY-MM-DD`.
    pub date: String,
    /// Who made the change; empty when not recorded.
    pub by: String,
}

impl HistoryEntry {
    /// "Accepted on 2026-11-25 by Sam Lee", as plain text.
    pub fn sentence(&self) -> String {
        let by = self.by.trim();
        if by.is_empty() {
            format!("{} on {}", self.status, self.date)
        } else {
            format!("{} on {} by {by}", self.status, self.date)
        }
    }
}

/// A link to or from another record, as seen from this one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocLink {
    /// How it reads from this record ("Supersedes", "Superseded by").
    pub label: &'static str,
    /// The other record's id.
    pub id: String,
    /// The other record, when the export can see it.
    pub target: Option<LinkTarget>,
}

/// What a link needs to know about the record at its other end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkTarget {
    /// Its title.
    pub title: String,
    /// Its number in the published sequence, if assigned.
    pub number: Option<u32>,
    /// Its file name stem in the default layout.
    pub default_stem: String,
    /// Its file name stem in the adr layout.
    pub adr_stem: String,
}

/// Lays out a record with its set, seeing no other records: links show
/// the other record's id only.
pub fn build(set: &QuestionSet, record: &Record) -> Document {
    build_with(set, record, &[])
}

/// Lays out a record with its set; `records` (every record in the store,
/// this one included or not) gives linked records their titles and file
/// names, and the links other records make to this one.
pub fn build_with(set: &QuestionSet, record: &Record, records: &[Record]) -> Document {
    let verdict = check(set, record);
    let date = record.created.strftime("%Y-%m-%d").to_string();
    let mut meta = vec![
        (
            STATUS.to_string(),
            Value::Text(record.status.title().into()),
        ),
        (
            "Author".to_string(),
            text_or_blank(&record.author, set_requires_author(set)),
        ),
        (DATE.to_string(), Value::Text(date.clone())),
        (
            "Updated".to_string(),
            Value::Text(record.updated.strftime("%Y-%m-%d").to_string()),
        ),
    ];
    if let Some(value) = review_by(set, record) {
        meta.push((REVIEW_BY.to_string(), value));
    }
    if !record.tags.is_empty() {
        meta.push(("Tags".into(), Value::Text(record.tags.join(", "))));
    }
    let set_line = if record.set.version == set.version {
        format!("{} {}", set.name, set.version)
    } else {
        format!(
            "{} {} (answered against {})",
            set.name, set.version, record.set.version
        )
    };
    if let Some(imported) = &record.imported {
        meta.push((
            IMPORTED_FROM.into(),
            Value::Text(format!("{} ({})", imported.source_path(), imported.format)),
        ));
    }
    meta.push(("Question set".into(), Value::Text(set_line)));
    meta.push(("Record".into(), Value::Text(record.id.to_string())));
    meta.push((
        "Readiness".into(),
        Value::Text(readiness_line(set, &verdict)),
    ));

    let sections = set
        .sections
        .iter()
        .enumerate()
        .map(|(index, section)| DocSection {
            id: section.id.clone(),
            title: section.title.clone(),
            number: set.question_number(index),
            optional: section.optional,
            blocks: section_blocks(&section.fields, record),
        })
        .collect();

    let orphans = record
        .orphan_answers(set)
        .into_iter()
        .map(|(id, answer)| (id.to_string(), orphan_value(answer)))
        .collect();

    Document {
        title: record.title.clone(),
        meta,
        sections,
        imported: imported_sections(record),
        verdict,
        orphans,
        id: record.id.to_string(),
        status: record.status,
        date,
        number: record.number,
        history: record
            .history
            .iter()
            .map(|change| HistoryEntry {
                status: change.status.title().to_string(),
                date: change.date.strftime("%Y-%m-%d").to_string(),
                by: change.by.clone(),
            })
            .collect(),
        links: doc_links(record, records),
        meetings: super::meetings::build(set, record),
    }
}

/// The review-by line: shown once the record has a date (or an unknown or
/// unparsed answer for it), and left out otherwise.
fn review_by(set: &QuestionSet, record: &Record) -> Option<Value> {
    if let Some(date) = record.review_by {
        return Some(Value::Text(date.to_string()));
    }
    let field = set.bound_field(Binding::ReviewBy)?;
    let answer = record.answers.get(&field.id)?;
    Some(short_value(field, Some(answer)))
}

fn doc_links(record: &Record, records: &[Record]) -> Vec<DocLink> {
    let mut out: Vec<DocLink> = Vec::new();
    for (label, id) in links_of(record, records) {
        if out.iter().any(|l| l.label == label && l.id == id.as_str()) {
            continue;
        }
        let target = records
            .iter()
            .find(|r| &r.id == id)
            .map(|other| LinkTarget {
                title: other.title.clone(),
                number: other.number,
                default_stem: super::file_stem(super::Layout::Default, other),
                adr_stem: super::file_stem(super::Layout::Adr, other),
            });
        out.push(DocLink {
            label,
            id: id.to_string(),
            target,
        });
    }
    out
}

fn set_requires_author(set: &QuestionSet) -> bool {
    set.bound_field(crate::questionnaire::Binding::Author)
        .is_some_and(|f| f.required)
}

fn text_or_blank(text: &str, required: bool) -> Value {
    if text.trim().is_empty() {
        Value::Blank { required }
    } else {
        Value::Text(text.to_string())
    }
}

/// "3 of 4 questions ready; 2 gaps" style summary.
pub fn readiness_line(set: &QuestionSet, verdict: &Verdict) -> String {
    let questions = set.question_count();
    let ready_questions = set
        .sections
        .iter()
        .zip(&verdict.sections)
        .filter(|(section, v)| section.numbered && v.ready)
        .count();
    let gaps = crate::check::Readiness::of(verdict).blockers;
    if gaps == 0 {
        format!("Ready: all {questions} questions answered")
    } else {
        format!(
            "{ready_questions} of {questions} questions ready; {} to close",
            crate::check::gaps_label(gaps)
        )
    }
}

/// Short answers first, as one list, then long answers and tables in set
/// order. Keeping the short list first means it never follows a list inside
/// a Markdown answer, where the two would merge into one.
fn section_blocks(fields: &[Field], record: &Record) -> Vec<Block> {
    let mut blocks: Vec<Block> = Vec::new();
    let facts: Vec<(String, Value)> = fields
        .iter()
        .filter(|f| f.bind.is_none() && f.kind.is_short())
        .map(|f| (f.label.clone(), short_value(f, record.answer(f).as_ref())))
        .collect();
    if !facts.is_empty() {
        blocks.push(Block::Facts(facts));
    }
    for field in fields
        .iter()
        .filter(|f| f.bind.is_none() && !f.kind.is_short())
    {
        blocks.push(field_block(field, record));
    }
    blocks
}

/// The readable value of a short answer (choices show their label).
pub fn short_value(field: &Field, answer: Option<&Answer>) -> Value {
    match answer {
        None => Value::Blank {
            required: field.required,
        },
        Some(Answer::Unknown { note }) => Value::Unknown(note.clone()),
        Some(Answer::Text(text)) => match field.kind {
            FieldKind::Choice | FieldKind::Rating => Value::Text(
                field
                    .option(text.trim())
                    .map_or(text.as_str(), |o| o.display())
                    .to_string(),
            ),
            // A link with a note ("docs/x.md (draft)") or a placeholder
            // ("TBD") is shown as typed, not as a broken link.
            FieldKind::Url
                if crate::questionnaire::lenient_value(field, text)
                    .is_some_and(|(_, note)| note.is_empty()) =>
            {
                Value::Link(text.trim().to_string())
            }
            FieldKind::Url => Value::Text(text.clone()),
            FieldKind::Markdown => Value::Markdown(text.clone()),
            _ => Value::Text(text.clone()),
        },
        Some(Answer::Flag(flag)) => Value::Text(if *flag { "Yes" } else { "No" }.into()),
        Some(Answer::Words(words)) => Value::Text(words.join(", ")),
        Some(Answer::Rows(rows)) => Value::Text(format!("{} rows", rows.len())),
    }
}

/// The original text of an imported record, laid out by the `imported`
/// question set: only the sections and fields that hold text, since a
/// format that has no "Decision drivers" should not show an empty one.
pub fn imported_sections(record: &Record) -> Vec<DocSection> {
    let Some(imported) = &record.imported else {
        return Vec::new();
    };
    crate::questionnaire::imported_set()
        .sections
        .iter()
        .filter_map(|section| {
            let blocks: Vec<Block> = section
                .fields
                .iter()
                .filter_map(|field| {
                    let answer = imported.answers.get(&field.id)?.clone();
                    Some(answer_block(field, Some(answer)))
                })
                .collect();
            (!blocks.is_empty()).then(|| DocSection {
                id: section.id.clone(),
                title: section.title.clone(),
                number: None,
                optional: false,
                blocks,
            })
        })
        .collect()
}

/// One top-level field on its own: a short answer as a one-line fact, a
/// long one as prose, a list or grid as a table.
pub fn field_block(field: &Field, record: &Record) -> Block {
    answer_block(field, record.answer(field))
}

fn answer_block(field: &Field, answer: Option<Answer>) -> Block {
    if field.kind.is_table() {
        table_block(field, answer.as_ref())
    } else if field.kind.is_short() {
        Block::Facts(vec![(
            field.label.clone(),
            short_value(field, answer.as_ref()),
        )])
    } else {
        Block::Prose {
            label: field.label.clone(),
            value: long_value(field, answer),
        }
    }
}

fn long_value(field: &Field, answer: Option<Answer>) -> Value {
    match answer {
        None => Value::Blank {
            required: field.required,
        },
        Some(Answer::Unknown { note }) => Value::Unknown(note),
        Some(Answer::Text(text)) => Value::Markdown(text),
        Some(other) => orphan_value(&other),
    }
}

fn table_block(field: &Field, answer: Option<&Answer>) -> Block {
    let grid = field.kind == FieldKind::Grid;
    let mut header: Vec<String> = Vec::new();
    if grid {
        header.push(field.label.clone());
    }
    header.extend(field.columns.iter().map(|c| c.label.clone()));
    let cells = |row: &Row| -> Vec<Value> {
        field
            .columns
            .iter()
            .map(|column| match row.get(&column.id) {
                None => Value::Blank {
                    required: column.required,
                },
                Some(cell) => short_value(column, Some(cell)),
            })
            .collect()
    };
    let (rows, whole) = match answer {
        Some(Answer::Unknown { note }) => (Vec::new(), Some(Value::Unknown(note.clone()))),
        _ if grid => {
            let stored = answer.map(Answer::rows).unwrap_or_default();
            let rows = field
                .rows
                .iter()
                .map(|grid_row| {
                    let empty = Row::new();
                    let row = stored
                        .iter()
                        .find(|r| {
                            r.get(GRID_ROW_KEY).and_then(Answer::as_text)
                                == Some(grid_row.id.as_str())
                        })
                        .unwrap_or(&empty);
                    let mut line = vec![Value::Text(grid_row.label.clone())];
                    line.extend(cells(row));
                    line
                })
                .collect();
            (rows, None)
        }
        Some(answer) if !answer.rows().is_empty() => {
            (answer.rows().iter().map(cells).collect(), None)
        }
        _ => (
            Vec::new(),
            Some(Value::Blank {
                required: field.required || field.min_rows.unwrap_or(0) > 0,
            }),
        ),
    };
    Block::Table {
        label: field.label.clone(),
        header,
        rows,
        whole,
    }
}

fn orphan_value(answer: &Answer) -> Value {
    match answer {
        Answer::Unknown { note } => Value::Unknown(note.clone()),
        Answer::Text(text) if text.contains('\n') => Value::Markdown(text.clone()),
        Answer::Text(text) => Value::Text(text.clone()),
        Answer::Flag(flag) => Value::Text(if *flag { "Yes" } else { "No" }.into()),
        Answer::Words(words) => Value::Text(words.join(", ")),
        Answer::Rows(rows) => Value::Text(format!(
            "{} row{} (no longer in the question set)",
            rows.len(),
            plural(rows.len())
        )),
    }
}
