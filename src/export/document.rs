//! The one walk over a question set and a record that every rendering
//! (Markdown, terminal text, the TUI preview) starts from.

use crate::check::{Verdict, check};
use crate::questionnaire::{Field, FieldKind, QuestionSet};
use crate::record::{Answer, GRID_ROW_KEY, Record, Row};

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
    /// The readiness verdict.
    pub verdict: Verdict,
    /// Answers to fields the set no longer has.
    pub orphans: Vec<(String, Value)>,
}

/// Lays out a record with its set.
pub fn build(set: &QuestionSet, record: &Record) -> Document {
    let verdict = check(set, record);
    let mut meta = vec![
        (
            "Status".to_string(),
            Value::Text(record.status.title().into()),
        ),
        (
            "Author".to_string(),
            text_or_blank(&record.author, set_requires_author(set)),
        ),
        (
            "Date".to_string(),
            Value::Text(record.created.strftime("%Y-%m-%d").to_string()),
        ),
        (
            "Updated".to_string(),
            Value::Text(record.updated.strftime("%Y-%m-%d").to_string()),
        ),
    ];
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
        verdict,
        orphans,
    }
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
    let gaps = verdict.gap_count();
    if gaps == 0 {
        format!("Ready: all {questions} questions answered")
    } else {
        format!(
            "{ready_questions} of {questions} questions ready; {gaps} gap{} to close",
            if gaps == 1 { "" } else { "s" }
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
        let answer = record.answer(field);
        if field.kind.is_table() {
            blocks.push(table_block(field, answer.as_ref()));
        } else {
            let value = match answer {
                None => Value::Blank {
                    required: field.required,
                },
                Some(Answer::Unknown { note }) => Value::Unknown(note),
                Some(Answer::Text(text)) => Value::Markdown(text),
                Some(other) => orphan_value(&other),
            };
            blocks.push(Block::Prose {
                label: field.label.clone(),
                value,
            });
        }
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
            FieldKind::Url => Value::Link(text.trim().to_string()),
            FieldKind::Markdown => Value::Markdown(text.clone()),
            _ => Value::Text(text.clone()),
        },
        Some(Answer::Flag(flag)) => Value::Text(if *flag { "Yes" } else { "No" }.into()),
        Some(Answer::Words(words)) => Value::Text(words.join(", ")),
        Some(Answer::Rows(rows)) => Value::Text(format!("{} rows", rows.len())),
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
            if rows.len() == 1 { "" } else { "s" }
        )),
    }
}
