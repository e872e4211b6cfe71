//! Exports of arbitrary records: every answer kind (Unknown with a note,
//! text, yes/no, words, rows) under the production set's field and column
//! ids and under ids the set does not have, with any text. Nothing may
//! panic, the Markdown may hold no raw HTML, and the record (its answers
//! normalized, as preflight stores them) must survive a save and load.

#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use preflight::questionnaire::QuestionSet;
use preflight::record::{
    Answer, GRID_ROW_KEY, Link, LinkKind, Record, RecordId, Row, Status, StatusChange,
};

#[path = "common.rs"]
mod common;

#[derive(Debug, Arbitrary)]
enum Value {
    Unknown(Option<String>),
    Text(String),
    Flag(bool),
    Words(Vec<String>),
    Rows(Vec<Vec<(Key, Cell)>>),
}

#[derive(Debug, Arbitrary)]
enum Cell {
    Unknown(Option<String>),
    Text(String),
    Flag(bool),
    Words(Vec<String>),
}

/// A field or column id: one the set knows (by index), or any text.
#[derive(Debug, Arbitrary)]
enum Key {
    Known(u8),
    Other(String),
}

#[derive(Debug, Arbitrary)]
struct Input {
    title: String,
    author: String,
    tags: Vec<String>,
    status: u8,
    answers: Vec<(Key, Value)>,
    number: Option<u32>,
    slug: Option<String>,
    review_by: Option<(i16, i8, i8)>,
    history: Vec<(u8, i32, String)>,
    links: Vec<(u8, bool)>,
}

fn cell(cell: Cell) -> Answer {
    match cell {
        Cell::Unknown(note) => Answer::Unknown { note },
        Cell::Text(text) => Answer::Text(text),
        Cell::Flag(flag) => Answer::Flag(flag),
        Cell::Words(words) => Answer::Words(words),
    }
}

fn build(set: &QuestionSet, input: Input) -> Record {
    let fields: Vec<_> = set.fields().map(|(_, f)| f).collect();
    let id = RecordId::parse("f0zz000000000000").expect("a valid id");
    let now = "2026-11-20T10:00:00Z".parse().expect("a timestamp");
    let mut record = Record::new(id, "", set, now);
    record.title = input.title;
    record.author = input.author;
    record.tags = input.tags;
    record.status = Status::ALL[usize::from(input.status) % Status::ALL.len()];
    record.number = input.number;
    record.slug = input.slug;
    record.review_by = input
        .review_by
        .and_then(|(y, m, d)| jiff::civil::Date::new(y, m, d).ok());
    for (status, seconds, by) in input.history {
        if let Ok(date) = jiff::Timestamp::from_second(i64::from(seconds)) {
            record.history.push(StatusChange {
                status: Status::ALL[usize::from(status) % Status::ALL.len()],
                date,
                by,
                unknown_keys: Default::default(),
            });
        }
    }
    for (kind, to_self) in input.links {
        let target = if to_self {
            "f0zz000000000000"
        } else {
            "0th3r00000000000"
        };
        record.links.push(Link {
            kind: LinkKind::ALL[usize::from(kind) % LinkKind::ALL.len()],
            target: RecordId::parse(target).expect("a valid id"),
            unknown_keys: Default::default(),
        });
    }
    for (key, value) in input.answers {
        let field = match &key {
            Key::Known(n) => Some(fields[usize::from(*n) % fields.len()]),
            Key::Other(_) => None,
        };
        let id = match (key, field) {
            (_, Some(field)) => field.id.clone(),
            (Key::Other(id), None) => id,
            (Key::Known(_), None) => continue,
        };
        let answer = match value {
            Value::Unknown(note) => Answer::Unknown { note },
            Value::Text(text) => Answer::Text(text),
            Value::Flag(flag) => Answer::Flag(flag),
            Value::Words(words) => Answer::Words(words),
            Value::Rows(rows) => Answer::Rows(
                rows.into_iter()
                    .map(|cells| {
                        cells
                            .into_iter()
                            .map(|(key, value)| {
                                let key = match key {
                                    Key::Known(n) => match field {
                                        Some(f) if !f.columns.is_empty() => {
                                            f.columns[usize::from(n) % f.columns.len()].id.clone()
                                        }
                                        _ => GRID_ROW_KEY.to_string(),
                                    },
                                    Key::Other(key) => key,
                                };
                                (key, cell(value))
                            })
                            .collect::<Row>()
                    })
                    .collect(),
            ),
        };
        record.answers.insert(id, answer);
    }
    record
}

fuzz_target!(|input: Input| {
    let set = common::production();
    let mut record = build(&set, input);
    // Hand edits can store anything, so the exports see the answers raw.
    common::exercise(&set, &record);
    // preflight itself only stores normalized answers (no blank text, no
    // empty rows); those must come back exactly.
    record.answers = std::mem::take(&mut record.answers)
        .into_iter()
        .filter_map(|(id, answer)| answer.normalized().map(|a| (id, a)))
        .collect();
    common::round_trip(&record);
});
