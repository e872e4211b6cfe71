//! Property tests: arbitrary records against the production set, with
//! every answer kind (Unknown with and without a note, text, yes/no, words,
//! rows) under the set's own field and column ids and under ids it does not
//! have, and meetings (attendees, question times, items, outcomes), filled
//! with hostile Unicode, Markdown, HTML and YAML text.
//!
//! - a record saved to a store loads back exactly;
//! - every export (Markdown, front matter, adr, HTML fragment and page,
//!   text, index, the documented template) runs without panicking;
//! - the Markdown has the same H1–H3 outline as the same record with every
//!   piece of text replaced by plain words, and no raw HTML;
//! - the HTML holds no element, attribute or link scheme from user text
//!   (the allowlist scanner of `xss.rs`);
//! - the front matter is YAML that gives back the title and tags.
//!
//! Case counts are small so `cargo test` stays quick on a shared machine;
//! `PROPTEST_CASES=2000 cargo test --lib props` runs more.

use std::collections::BTreeMap;

use proptest::prelude::*;
use proptest::test_runner::Config;
use pulldown_cmark::HeadingLevel;

use super::front_matter::front_matter_of;
use super::templates::documented_example;
use super::xss::{payloads, problems};
use super::*;
use crate::check::check;
use crate::export::template::Template;
use crate::export::{
    ExportContext, IndexEntry, Layout, document, html, index_html, markdown, text,
};
use crate::meeting::{Attendee, Decision, Item, ItemKind, Meeting, Outcome, QuestionTime, Role};
use crate::questionnaire::FieldKind;
use crate::record::{GRID_ROW_KEY, Link, StatusChange};
use crate::store::{Store, StoreOrigin, parse_record, record_to_json};
use crate::testing::outline::outline;

/// Cases per property: `PROPTEST_CASES` when set, else `default`.
fn config(default: u32) -> Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default);
    Config {
        cases,
        // Shrinking a failure is worth some time, not minutes.
        max_shrink_iters: 2_000,
        // A failure prints its shrunk input; it becomes a named test rather
        // than a file written into the source tree by `cargo test`.
        failure_persistence: None,
        ..Config::default()
    }
}

/// Text that means something to Markdown, HTML, YAML or a terminal.
fn hostile() -> Vec<String> {
    let mut all: Vec<String> = [
        "# heading",
        "Setext\n===",
        "Setext\n---",
        "| a | b |\n|---|---|\n| 1 | 2 |",
        "a | b",
        "```\nunclosed fence",
        "~~~",
        "    indented code",
        "> quote",
        "- item\n- item",
        "1. one",
        "***",
        "[x]: javascript:alert(1)\n\n[x]",
        "<!-- comment",
        "-->",
        "\\",
        "`",
        "*",
        "_",
        "&amp; &#60; &lt;",
        "---\ntitle: x\n---",
        "key: value",
        "- yaml item",
        "'",
        "\"",
        "{{title}}",
        "{{{{",
        "%YAML 1.2",
        "&anchor *alias !tag",
        "\u{0}nul",
        "\u{1b}[31mred\u{1b}[0m",
        "\r\n",
        "\u{85}\u{2028}\u{2029}",
        "\u{feff}bom",
        "\u{202e}override\u{202c}",
        "עברית العربية",
        "数据库",
        "🚀👩‍👩‍👧",
        "e\u{301}\u{301}\u{301}",
        "\u{fffe}\u{ffff}",
        "../../etc/passwd",
        "/",
        "..",
        "https://example.com/a_b|c",
        "www.example.com",
        "ops@example.com",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    all.extend(payloads());
    all
}

/// One piece of text: printable ASCII (all the metacharacters), any
/// Unicode, a hostile snippet, or a few of them on separate lines.
fn text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => "[ -~]{0,24}",
        2 => "\\PC{0,16}",
        1 => any::<String>(),
        3 => proptest::sample::select(hostile()),
    ];
    prop_oneof![
        4 => piece.clone(),
        1 => proptest::collection::vec(piece, 1..4).prop_map(|lines| lines.join("\n")),
    ]
}

fn cell() -> impl Strategy<Value = Answer> {
    prop_oneof![
        1 => proptest::option::of(text()).prop_map(|note| Answer::Unknown { note }),
        5 => text().prop_map(Answer::Text),
        1 => any::<bool>().prop_map(Answer::Flag),
        1 => proptest::collection::vec(text(), 0..3).prop_map(Answer::Words),
    ]
}

/// Column ids for a table field: its columns and, for a grid, the row key
/// with the grid's row ids; any other id now and then.
fn row(keys: Vec<String>, grid_rows: Vec<String>) -> impl Strategy<Value = Row> {
    let key = prop_oneof![
        6 => proptest::sample::select(keys),
        1 => "[a-z_|<>. ]{1,8}",
    ];
    let grid = (!grid_rows.is_empty()).then_some(grid_rows);
    (
        proptest::collection::btree_map(key, cell(), 0..5),
        proptest::option::of(proptest::sample::select(
            grid.clone().unwrap_or_else(|| vec!["x".into()]),
        )),
    )
        .prop_map(move |(mut row, grid_row)| {
            if let (Some(_), Some(id)) = (&grid, grid_row) {
                row.insert(GRID_ROW_KEY.into(), Answer::Text(id));
            }
            row
        })
}

/// Any answer, of the field's own kind more often than not.
fn answer(kind: FieldKind, keys: Vec<String>, grid_rows: Vec<String>) -> BoxedStrategy<Answer> {
    let rows = proptest::collection::vec(row(keys, grid_rows), 0..4)
        .prop_map(Answer::Rows)
        .boxed();
    let own = if kind.is_table() {
        rows.clone()
    } else if kind == FieldKind::YesNo {
        any::<bool>().prop_map(Answer::Flag).boxed()
    } else if matches!(kind, FieldKind::Tags | FieldKind::People) {
        proptest::collection::vec(text(), 0..4)
            .prop_map(Answer::Words)
            .boxed()
    } else {
        text().prop_map(Answer::Text).boxed()
    };
    prop_oneof![
        6 => own,
        2 => proptest::option::of(text()).prop_map(|note| Answer::Unknown { note }),
        1 => cell(),
        1 => rows,
    ]
    .boxed()
}

/// Answers keyed by the production set's field ids, plus a few orphans (ids
/// the set does not have, as left by an older set or a hand edit).
fn answers() -> impl Strategy<Value = BTreeMap<String, Answer>> {
    let set = production();
    let per_field: Vec<BoxedStrategy<Option<(String, Answer)>>> = set
        .fields()
        .map(|(_, field)| {
            let mut keys: Vec<String> = field.columns.iter().map(|c| c.id.clone()).collect();
            if keys.is_empty() {
                keys.push("value".into());
            }
            let grid_rows: Vec<String> = field.rows.iter().map(|r| r.id.clone()).collect();
            let id = field.id.clone();
            proptest::option::weighted(0.6, answer(field.kind, keys, grid_rows))
                .prop_map(move |a| a.map(|a| (id.clone(), a)))
                .boxed()
        })
        .collect();
    let orphans = proptest::collection::vec(
        (
            "[a-z_]{1,12}|\\.\\./x|<b>|a\\|b",
            answer(FieldKind::Text, vec!["value".into()], vec![]),
        ),
        0..2,
    );
    (per_field, orphans).prop_map(|(fields, orphans)| {
        let mut map: BTreeMap<String, Answer> = fields.into_iter().flatten().collect();
        for (id, answer) in orphans {
            map.entry(id).or_insert(answer);
        }
        map
    })
}

fn status() -> impl Strategy<Value = Status> {
    proptest::sample::select(Status::ALL.to_vec())
}

/// A whole record. `updated` and `created` are whole seconds, as
/// preflight stores them.
fn record() -> impl Strategy<Value = Record> {
    let meta = (
        text(),
        text(),
        proptest::collection::vec(text(), 0..3),
        status(),
        proptest::option::of(1u32..10_000),
        proptest::option::of(text()),
        proptest::option::of((1900i16..2200, 1i8..=12, 1i8..=28)),
    );
    let life = (
        proptest::collection::vec((status(), 0i64..4_000_000_000, text()), 0..3),
        proptest::collection::vec(
            (
                proptest::sample::select(LinkKind::ALL.to_vec()),
                prop_oneof![Just(NEW), Just(SIDE), Just(OLD)],
            ),
            0..3,
        ),
        0i64..4_000_000_000,
    );
    let meetings = proptest::collection::vec(meeting(), 0..3);
    (meta, life, answers(), meetings).prop_map(|(meta, life, answers, meetings)| {
        let (title, author, tags, status, number, slug, review_by) = meta;
        let (history, links, created) = life;
        let set = production();
        let created = jiff::Timestamp::from_second(created).expect("in range");
        let mut record = Record::new(id(OLD), "", &set, created);
        record.title = title;
        record.author = author;
        record.tags = tags;
        record.status = status;
        record.number = number;
        record.slug = slug;
        record.review_by = review_by.and_then(|(y, m, d)| jiff::civil::Date::new(y, m, d).ok());
        record.history = history
            .into_iter()
            .map(|(status, second, by)| StatusChange {
                status,
                date: jiff::Timestamp::from_second(second).expect("in range"),
                by,
                unknown_keys: BTreeMap::new(),
            })
            .collect();
        record.links = links
            .into_iter()
            .map(|(kind, target)| Link {
                kind,
                target: id(target),
                unknown_keys: BTreeMap::new(),
            })
            .collect();
        record.answers = answers;
        record.meetings = meetings;
        record
    })
}

fn second() -> impl Strategy<Value = jiff::Timestamp> {
    (0i64..4_000_000_000).prop_map(|s| jiff::Timestamp::from_second(s).expect("in range"))
}

fn date() -> impl Strategy<Value = jiff::civil::Date> {
    (1900i16..2200, 1i8..=12, 1i8..=28)
        .prop_map(|(y, m, d)| jiff::civil::Date::new(y, m, d).expect("a valid date"))
}

/// A section id of the production set, or any text (a set that changed).
fn section_id() -> impl Strategy<Value = String> {
    let ids: Vec<String> = production().sections.iter().map(|s| s.id.clone()).collect();
    prop_oneof![4 => proptest::sample::select(ids), 1 => text()]
}

/// A meeting: attendees, time per question, items of every kind and an
/// outcome, all with hostile text.
fn meeting() -> impl Strategy<Value = Meeting> {
    let item = (
        proptest::sample::select(ItemKind::ALL.to_vec()),
        section_id(),
        (text(), text(), text()),
        proptest::option::of(date()),
        any::<bool>(),
        proptest::option::of(prop_oneof![Just("failure_modes".to_string()), text()]),
        (second(), proptest::option::of(1u32..1_000)),
    )
        .prop_map(
            |(kind, section, (text, owner, by), due, done, field, (at, number))| Item {
                number,
                kind,
                section,
                text,
                owner,
                due,
                by,
                done,
                field,
                at,
                unknown_keys: BTreeMap::new(),
            },
        );
    let outcome = (
        proptest::sample::select(Decision::ALL.to_vec()),
        text(),
        proptest::collection::vec(text(), 0..3),
    )
        .prop_map(|(decision, conditions, decided_by)| Outcome {
            decision,
            conditions,
            decided_by,
            unknown_keys: BTreeMap::new(),
        });
    (
        second(),
        proptest::option::of(second()),
        text(),
        proptest::collection::vec((text(), proptest::sample::select(Role::ALL.to_vec())), 0..3),
        proptest::collection::vec((section_id(), 0u64..100_000, 0u64..100_000), 0..3),
        proptest::collection::vec(item, 0..4),
        proptest::option::of(outcome),
    )
        .prop_map(
            |(started, ended, agenda, attendees, questions, items, outcome)| Meeting {
                started,
                ended,
                agenda,
                attendees: attendees
                    .into_iter()
                    .map(|(name, role)| Attendee {
                        name,
                        role,
                        unknown_keys: BTreeMap::new(),
                    })
                    .collect(),
                questions: questions
                    .into_iter()
                    .map(|(section, timebox_seconds, used_seconds)| QuestionTime {
                        section,
                        timebox_seconds,
                        used_seconds,
                        unknown_keys: BTreeMap::new(),
                    })
                    .collect(),
                items,
                outcome,
                unknown_keys: BTreeMap::new(),
            },
        )
}

/// The record as preflight stores it: answers normalized (no blank text,
/// no empty rows), which is all the wizard, plain mode and `--answers`
/// ever save.
fn normalized(mut record: Record) -> Record {
    record.answers = std::mem::take(&mut record.answers)
        .into_iter()
        .filter_map(|(id, answer)| answer.normalized().map(|a| (id, a)))
        .collect();
    record
}

/// Every string the user typed replaced by plain words; blank stays blank,
/// so the record has the same answered and unanswered places.
fn skeleton(record: &Record) -> Record {
    fn plain(text: &str) -> String {
        if text.trim().is_empty() {
            text.to_string()
        } else {
            "Plain words".to_string()
        }
    }
    fn plain_answer(answer: &Answer) -> Answer {
        match answer {
            Answer::Unknown { note } => Answer::Unknown {
                note: note.as_deref().map(plain),
            },
            Answer::Text(text) => Answer::Text(plain(text)),
            Answer::Flag(flag) => Answer::Flag(*flag),
            Answer::Words(words) => Answer::Words(words.iter().map(|w| plain(w)).collect()),
            Answer::Rows(rows) => Answer::Rows(
                rows.iter()
                    .map(|row| {
                        row.iter()
                            .map(|(key, cell)| {
                                // The grid row id picks the row; it is not text.
                                let cell = if key == GRID_ROW_KEY {
                                    cell.clone()
                                } else {
                                    plain_answer(cell)
                                };
                                (key.clone(), cell)
                            })
                            .collect()
                    })
                    .collect(),
            ),
        }
    }
    let mut plain_record = record.clone();
    plain_record.title = plain(&record.title);
    plain_record.author = plain(&record.author);
    plain_record.tags = record.tags.iter().map(|t| plain(t)).collect();
    for change in &mut plain_record.history {
        change.by = plain(&change.by);
    }
    for meeting in &mut plain_record.meetings {
        meeting.agenda = plain(&meeting.agenda);
        for attendee in &mut meeting.attendees {
            attendee.name = plain(&attendee.name);
        }
        for item in &mut meeting.items {
            item.text = plain(&item.text);
            item.owner = plain(&item.owner);
            item.by = plain(&item.by);
        }
        if let Some(outcome) = &mut meeting.outcome {
            outcome.conditions = plain(&outcome.conditions);
            outcome.decided_by = outcome.decided_by.iter().map(|d| plain(d)).collect();
        }
    }
    plain_record.answers = record
        .answers
        .iter()
        .map(|(id, a)| (id.clone(), plain_answer(a)))
        .collect();
    plain_record
}

/// The document's outline down to H3 (the title, sections and fields);
/// the title's own text aside. Deeper headings belong to answers.
fn structure(markdown: &str) -> Vec<(HeadingLevel, String)> {
    outline(markdown)
        .headings
        .into_iter()
        .filter(|(level, _)| *level <= HeadingLevel::H3)
        .map(|(level, text)| match level {
            HeadingLevel::H1 => (level, String::new()),
            _ => (level, text),
        })
        .collect()
}

/// A record that links to `OLD`, so reverse links are exported too.
fn other_record() -> Record {
    let mut other = answered(NEW, "Other record");
    other.add_link(LinkKind::Supersedes, &id(OLD));
    other
}

proptest! {
    #![proptest_config(config(48))]

    #[test]
    fn a_saved_record_loads_back_exactly(record in record()) {
        let record = normalized(record);
        let bytes = record_to_json(&record);
        let text = String::from_utf8(bytes).expect("UTF-8");
        let parsed = parse_record(&text, std::path::Path::new("x.json"));
        match parsed {
            Ok(parsed) => prop_assert_eq!(parsed, record.clone()),
            Err(err) => prop_assert!(false, "a saved record does not load: {}\n{}", err, text),
        }

        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::at(dir.path(), StoreOrigin::Flag);
        store.save(&record).expect("save");
        prop_assert_eq!(store.load(&record.id).expect("load"), record);
    }

    #[test]
    fn every_export_runs_and_the_markdown_keeps_its_outline(record in record()) {
        let set = production();
        let records = vec![record.clone(), other_record()];
        let single = ExportContext::single(&records);
        let md = markdown(&set, &record, &single, false);
        let parsed = outline(&md);
        prop_assert!(parsed.html.is_empty(), "raw HTML {:?} in\n{}", parsed.html, md);
        let plain_md = markdown(&set, &skeleton(&record), &single, false);
        prop_assert_eq!(structure(&md), structure(&plain_md), "{}", md);
        prop_assert_eq!(
            parsed.headings.iter().filter(|(l, _)| *l == HeadingLevel::H1).count(),
            1
        );

        for layout in [Layout::Default, Layout::Adr] {
            let ctx = ExportContext { records: &records, folder: Some(layout) };
            let with_front_matter = markdown(&set, &record, &ctx, true);
            prop_assert!(with_front_matter.starts_with("---\n"));
            let _ = crate::export::file_stem(layout, &record);
        }
        let _ = text::render(&document::build_with(&set, &record, &records));
        let template = Template::parse_for(&documented_example(), &set).expect("the example parses");
        let _ = template.render(&set, &record, &single);
    }

    #[test]
    fn html_holds_no_live_markup_from_user_text(record in record()) {
        let set = production();
        let records = vec![record.clone(), other_record()];
        for ctx in every_place(&records) {
            let fragment = html(&set, &record, &ctx, false);
            let found = problems(&fragment, false);
            prop_assert!(found.is_empty(), "{:?} in\n{}", found, fragment);
            let page = html(&set, &record, &ctx, true);
            let found = problems(&page, true);
            prop_assert!(found.is_empty(), "{:?} in\n{}", found, page);
        }
        let entries: Vec<IndexEntry> = records
            .iter()
            .map(|record| IndexEntry { record, verdict: Some(check(&set, record)) })
            .collect();
        let ctx = ExportContext { records: &records, folder: Some(Layout::Adr) };
        let page = index_html(&entries, &ctx, Layout::Adr);
        let found = problems(&page, true);
        prop_assert!(found.is_empty(), "{:?} in the index\n{}", found, page);
    }

    #[test]
    fn front_matter_gives_back_the_title_and_tags(record in record()) {
        let set = production();
        let md = markdown(&set, &record, &ExportContext::single(&[]), true);
        let yaml = front_matter_of(&md);
        prop_assert_eq!(yaml["title"].as_str(), Some(record.title.as_str()));
        let tags: Vec<&str> = yaml["tags"]
            .as_vec()
            .map(|v| v.iter().filter_map(|t| t.as_str()).collect())
            .unwrap_or_default();
        let expected: Vec<&str> = record.tags.iter().map(String::as_str).collect();
        prop_assert_eq!(tags, expected);
    }
}
