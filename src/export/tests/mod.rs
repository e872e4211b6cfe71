//! Tests of publishing: layouts, life-cycle lines, front matter, HTML
//! safety, templates, the index, and markdownlint over all of them.

mod deep;
mod folder;
mod front_matter;
mod layouts;
mod lint;
mod markdown_safety;
mod plain_answers;
mod props;
mod rendered;
mod renderers;

mod templates;
mod xss;

use crate::questionnaire::QuestionSet;
use crate::record::{Answer, LinkKind, Record, RecordId, Row, Status};

pub use crate::testing::{at, production};

pub fn id(text: &str) -> RecordId {
    RecordId::parse(text).expect("an id")
}

pub const OLD: &str = "a000000000000001";
pub const NEW: &str = "a000000000000002";
pub const SIDE: &str = "a000000000000003";

fn text(record: &mut Record, set: &QuestionSet, field: &str, value: &str) {
    let field = set.field(field).expect("a field of the production set");
    record.set_answer(field, Some(Answer::Text(value.to_string())));
}

fn row(cells: &[(&str, &str)]) -> Row {
    cells
        .iter()
        .map(|(k, v)| ((*k).to_string(), Answer::Text((*v).to_string())))
        .collect()
}

/// A record with most of the production set answered.
pub fn answered(id_text: &str, title: &str) -> Record {
    let set = production();
    let mut record = Record::new(id(id_text), title, &set, at("2026-11-20T10:00:00Z"));
    record.author = "Dana Ruiz".into();
    record.tags = vec!["sessions".into(), "redis".into()];
    text(
        &mut record,
        &set,
        "summary",
        "Move web sessions from Postgres to Redis.\n\n## Why\n\nLogin latency, see https://example.com/dash.",
    );
    record.set_answer(
        set.field("failure_modes").unwrap(),
        Some(Answer::Rows(vec![row(&[
            ("component", "Redis primary"),
            ("trigger", "OOM"),
            ("user_effect", "Logged out"),
            ("detection", "alert: redis_up"),
            ("mitigation", "failover"),
        ])])),
    );
    text(&mut record, &set, "owner_primary", "Sam Lee");
    text(&mut record, &set, "owner_backup", "Priya Shah");
    text(
        &mut record,
        &set,
        "mechanism",
        "flip the session-store flag",
    );
    text(&mut record, &set, "trigger", "login error rate above 2%");
    text(&mut record, &set, "decider", "Sam Lee");
    record.set_answer(
        set.field("decision_makers").unwrap(),
        Some(Answer::Words(vec!["Sam Lee".into(), "Dana Ruiz".into()])),
    );
    record.set_answer(
        set.field("consulted").unwrap(),
        Some(Answer::Words(vec!["DB guild: Ana".into()])),
    );
    record
}

/// Three linked records: `OLD` (number 3, superseded by `NEW`), `NEW`
/// (number 9, supersedes `OLD`, relates to `SIDE`) and `SIDE` (no number,
/// amended by `NEW`).
pub fn linked() -> Vec<Record> {
    let mut old = answered(OLD, "Old sessions");
    old.number = Some(3);
    old.slug = Some("old-sessions".into());
    old.set_status(Status::Proposed, "Dana Ruiz", at("2026-11-20T11:00:00Z"));
    old.set_status(Status::Accepted, "Sam Lee", at("2026-11-25T09:00:00Z"));
    old.set_status(Status::Superseded, "", at("2026-12-02T09:00:00Z"));

    let mut new = answered(NEW, "New sessions: Redis [v2]");
    new.number = Some(9);
    new.slug = Some("new-sessions".into());
    new.review_by = Some("2027-06-01".parse().unwrap());
    new.set_status(Status::Accepted, "Sam Lee", at("2026-12-02T09:00:00Z"));
    new.add_link(LinkKind::Supersedes, &id(OLD));
    new.add_link(LinkKind::Amends, &id(SIDE));

    let mut side = answered(SIDE, "Session cookie flags");
    side.add_link(LinkKind::RelatesTo, &id(OLD));
    vec![old, new, side]
}

pub fn find<'a>(records: &'a [Record], id_text: &str) -> &'a Record {
    records
        .iter()
        .find(|r| r.id.as_str() == id_text)
        .expect("a fixture record")
}

/// Strings that mean something to Markdown, HTML, YAML or a terminal.
pub fn hostile_lines() -> Vec<String> {
    [
        "key: value",
        "\"quoted\" and 'single'",
        "# hash first",
        "- leading dash",
        "[bracket] {brace} {{id}} {{{{",
        "back\\slash \\n literal",
        "tab\there",
        "line one\nline two",
        "carriage\rreturn",
        "emoji 🚀🔥👩‍👩‍👧 数据库 עברית",
        "& * ! | > % @ `",
        "---",
        "...",
        "? question",
        "yes",
        "null",
        "~",
        "0x1F",
        "2026-11-20",
        "<script>alert(1)</script>",
        "  spaces around  ",
        "\u{2028}line separator\u{85}next line",
        "\u{feff}bom",
        "bell\u{7}",
        "https://example.com/a_b",
        "www.example.com ops@example.com",
        "Use Redis!",
        "Plan: later:",
        "Ends with a stop.",
        "www.",
        "escaped \\.",
        "全角！",
    ]
    .into_iter()
    .map(String::from)
    .collect()
}

/// A closed meeting with `payload` in every text it exports.
pub fn meeting_with(payload: &str) -> crate::meeting::Meeting {
    use crate::meeting::{Attendee, Decision, Item, ItemKind, Meeting, Outcome, Role};
    let started = at("2026-11-21T09:00:00Z");
    let mut meeting = Meeting::start(started, &["failure".into(), payload.into()], 10);
    meeting.ended = Some(at("2026-11-21T09:30:00Z"));
    meeting.agenda = payload.to_string();
    meeting.attendees.push(Attendee {
        name: payload.to_string(),
        role: Role::Decider,
        unknown_keys: Default::default(),
    });
    for kind in ItemKind::ALL {
        meeting.items.push(Item {
            kind,
            section: payload.to_string(),
            text: payload.to_string(),
            owner: payload.to_string(),
            due: None,
            by: payload.to_string(),
            done: kind == ItemKind::Action,
            number: None,
            field: None,
            at: started,
            unknown_keys: Default::default(),
        });
    }
    meeting.outcome = Some(Outcome {
        decision: Decision::GoWithConditions,
        conditions: format!("{payload}\n{payload}"),
        decided_by: vec![payload.to_string()],
        unknown_keys: Default::default(),
    });
    meeting
}

/// `records` in each place a page is written: alone, and in a folder of
/// each layout.
pub fn every_place(records: &[Record]) -> [crate::export::ExportContext<'_>; 3] {
    use crate::export::Layout;
    [None, Some(Layout::Default), Some(Layout::Adr)]
        .map(|folder| crate::export::ExportContext { records, folder })
}

/// Index entries for `records`, each with its readiness verdict.
pub fn checked_entries<'a>(
    set: &QuestionSet,
    records: &'a [Record],
) -> Vec<crate::export::IndexEntry<'a>> {
    records
        .iter()
        .map(|record| crate::export::IndexEntry {
            record,
            verdict: Some(crate::check::check(set, record)),
        })
        .collect()
}
