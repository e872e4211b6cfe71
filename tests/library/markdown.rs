//! The Markdown export's structure, checked by parsing it with
//! pulldown-cmark rather than by comparing strings: one H1, one H2 per
//! section plus Readiness, GFM tables with the set's columns, and blank /
//! Unknown visible and distinct.

use pulldown_cmark::HeadingLevel;

use preflight::export::{html, to_markdown};
use preflight::record::{Answer, Record, RecordId};
use preflight::store::parse_record;

use crate::common::{expected_h2, outline, production_set, repo_root};

pub fn sample() -> Record {
    let path = repo_root().join("assets/sample-record.json");
    parse_record(&std::fs::read_to_string(&path).unwrap(), &path).unwrap()
}

pub fn empty_record(title: &str) -> Record {
    Record::new(
        RecordId::parse("3mpty00000000000").unwrap(),
        title,
        &production_set(),
        "2026-11-20T10:00:00Z".parse().unwrap(),
    )
}

fn text_of(answer: &Answer) -> &str {
    answer.as_text().expect("a text answer")
}

#[test]
fn the_sample_has_one_h1_and_one_h2_per_section_plus_readiness() {
    let set = production_set();
    let record = sample();
    let parsed = outline(&to_markdown(&set, &record));
    assert_eq!(parsed.level(HeadingLevel::H1), [record.title.as_str()]);
    assert_eq!(parsed.level(HeadingLevel::H2), expected_h2(&set));
    assert!(parsed.html.is_empty(), "{:?}", parsed.html);
    // Long answers sit under H3 headings named after their fields.
    let h3 = parsed.level(HeadingLevel::H3);
    for field in ["Summary", "Failure modes", "Costs", "Steps"] {
        assert!(h3.contains(&field), "{field} missing from {h3:?}");
    }
}

#[test]
fn failure_modes_are_a_table_with_the_set_columns_and_one_row_each() {
    let set = production_set();
    let record = sample();
    let field = set.field("failure_modes").unwrap();
    let parsed = outline(&to_markdown(&set, &record));
    let table = parsed.table(&field.label);

    let labels: Vec<&str> = field.columns.iter().map(|c| c.label.as_str()).collect();
    assert_eq!(table.header, labels);
    let stored = record.answers["failure_modes"].rows();
    assert_eq!(table.rows.len(), stored.len());
    for (cells, row) in table.rows.iter().zip(stored) {
        assert_eq!(cells.len(), labels.len());
        assert_eq!(cells[0], text_of(&row["component"]));
    }
    // Ratings show their option labels, not the stored values.
    let severity = field.column("severity").unwrap();
    let index = field
        .columns
        .iter()
        .position(|c| c.id == "severity")
        .unwrap();
    let first = text_of(&stored[0]["severity"]);
    assert_eq!(
        table.rows[0][index],
        severity.option(first).unwrap().display()
    );
}

#[test]
fn the_cost_grid_has_a_row_per_grid_row_and_a_label_column() {
    let set = production_set();
    let record = sample();
    let field = set.field("cost_grid").unwrap();
    let parsed = outline(&to_markdown(&set, &record));
    let table = parsed.table(&field.label);
    let mut header = vec![field.label.as_str()];
    header.extend(field.columns.iter().map(|c| c.label.as_str()));
    assert_eq!(table.header, header);
    let first_cells: Vec<&str> = table.rows.iter().map(|r| r[0].as_str()).collect();
    let labels: Vec<&str> = field.rows.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(first_cells, labels);
}

#[test]
fn not_answered_and_unknown_are_visible_and_distinct() {
    let set = production_set();
    let mut record = empty_record("Gaps on show");
    record.set_answer(
        set.field("owner_backup").unwrap(),
        Some(Answer::Unknown {
            note: Some("ask Priya".into()),
        }),
    );
    record.set_answer(set.field("decider").unwrap(), Some(Answer::unknown()));
    record.set_answer(set.field("premortem").unwrap(), Some(Answer::unknown()));
    record.set_answer(
        set.field("failure_modes").unwrap(),
        Some(Answer::Rows(vec![
            [
                ("component".to_string(), Answer::Text("Redis".into())),
                ("detection".to_string(), Answer::unknown()),
            ]
            .into_iter()
            .collect(),
        ])),
    );
    let markdown = to_markdown(&set, &record);
    let parsed = outline(&markdown);

    assert!(parsed.has_item("Primary owner: Not answered"), "{markdown}");
    assert!(parsed.has_item("Backup: Unknown (ask Priya)"), "{markdown}");
    assert!(parsed.has_item("Who decides: Unknown"), "{markdown}");
    assert_eq!(parsed.paragraph_under("Pre-mortem"), Some("Unknown."));
    assert_eq!(parsed.paragraph_under("Summary"), Some("Not answered."));
    // A blank grid still shows its rows: required cells say so, optional
    // cells stay empty.
    let grid = set.field("cost_grid").unwrap();
    let costs = parsed.table("Costs");
    assert_eq!(costs.rows.len(), grid.rows.len());
    for (cells, grid_row) in costs.rows.iter().zip(&grid.rows) {
        let mut expected = vec![grid_row.label.as_str()];
        expected.extend(
            grid.columns
                .iter()
                .map(|c| if c.required { "Not answered" } else { "" }),
        );
        assert_eq!(cells, &expected);
    }

    let field = set.field("failure_modes").unwrap();
    let table = parsed.table("Failure modes");
    let at = |id: &str| field.columns.iter().position(|c| c.id == id).unwrap();
    assert_eq!(table.rows[0][at("component")], "Redis");
    assert_eq!(table.rows[0][at("detection")], "Unknown");
    assert_eq!(
        table.rows[0][at("trigger")],
        "",
        "optional blanks stay empty"
    );

    // The readiness section lists the gaps with their fixes.
    let readiness: Vec<&String> = parsed.items.iter().filter(|i| i.contains("Fix:")).collect();
    assert!(
        readiness
            .iter()
            .any(|i| i.contains("\"Primary owner\" is not answered"))
    );
    assert!(
        readiness
            .iter()
            .any(|i| i.contains("marked unknown (ask Priya)"))
    );
}

#[test]
fn the_export_renders_to_html_without_live_tags_from_answers() {
    let set = production_set();
    let mut record = empty_record("<script>alert('title')</script>");
    record.set_answer(
        set.field("summary").unwrap(),
        Some(Answer::Text(
            "<img src=x onerror=alert(1)>\n\n[click](javascript:alert(2))".into(),
        )),
    );
    let page = html::fragment(&to_markdown(&set, &record));
    assert!(!page.contains("<script"), "{page}");
    assert!(!page.contains("<img"), "{page}");
    assert!(!page.contains("javascript:"), "{page}");
    assert!(page.contains("&lt;script&gt;"), "{page}");
}

/// A meeting's points are listed under the meeting with their question;
/// one a facilitator (or, in records from before 0.2, capture itself) put
/// into an answer says which. The old record still loads and its answer
/// keeps the point.
#[test]
fn meeting_points_are_listed_under_the_meeting_with_their_question_and_answer() {
    let path = repo_root().join("tests/fixtures/records/schema-1-with-meeting.json");
    let mut record: Record = parse_record(&std::fs::read_to_string(&path).unwrap(), &path).unwrap();
    let set = production_set();
    // A point captured now: kept in the meeting only.
    let mut fresh = record.meetings[0].items[0].clone();
    fresh.text = "Backup owner is on leave in December".into();
    fresh.section = "owner".into();
    fresh.field = None;
    record.meetings[0].items.push(fresh);
    let markdown = to_markdown(&set, &record);
    let parsed = outline(&markdown);
    assert!(
        parsed
            .headings
            .iter()
            .any(|(level, text)| *level == HeadingLevel::H3 && text == "Points raised"),
        "{markdown}"
    );
    let items = &parsed.items;
    assert!(
        items.contains(
            &"The queue filled up during the sale and orders waited. (on: What breaks when this fails?; put into the answer \"Pre-mortem\")"
                .to_string()
        ),
        "{items:#?}"
    );
    assert!(
        items.contains(
            &"Failure mode: Queue consumer falls behind (on: What breaks when this fails?; put into the answer \"Failure modes\")"
                .to_string()
        ),
        "{items:#?}"
    );
    assert!(
        items.contains(
            &"Backup owner is on leave in December (on: Who owns this at 3 AM?)".to_string()
        ),
        "{items:#?}"
    );
    assert!(markdown.contains("The queue filled up during the sale and orders waited."));
}
