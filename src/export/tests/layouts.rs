//! Both layouts show a record's life (status history, links both ways),
//! the adr layout has the adr-tools shape, file names are stable, and the
//! index lists every record.

use pulldown_cmark::HeadingLevel;

use super::*;
use crate::check::check;
use crate::export::{
    ExportContext, IndexEntry, Layout, document, file_stem, html, index_markdown, markdown, text,
    to_markdown,
};
use crate::testing::outline::{expected_h2, outline};

fn folder(records: &[Record], layout: Layout) -> ExportContext<'_> {
    ExportContext {
        records,
        folder: Some(layout),
    }
}

#[test]
fn default_folder_export_shows_history_and_links_both_ways() {
    let set = production();
    let records = linked();
    let ctx = folder(&records, Layout::Default);

    let old = outline(&markdown(&set, find(&records, OLD), &ctx, false));
    assert_eq!(old.level(HeadingLevel::H1), ["Old sessions"]);
    assert_eq!(old.level(HeadingLevel::H2), expected_h2(&set));
    for item in [
        "Status: Superseded",
        "Proposed on 2026-11-20 by Dana Ruiz",
        "Accepted on 2026-11-25 by Sam Lee",
        "Superseded on 2026-12-02",
        "Superseded by: New sessions: Redis [v2]",
        "Relates to: Session cookie flags",
    ] {
        assert!(old.has_item(item), "no item {item:?} in {:#?}", old.items);
    }
    assert!(
        old.links.contains(&(
            "New sessions: Redis [v2]".to_string(),
            "new-sessions.md".to_string()
        )),
        "{:?}",
        old.links
    );
    // A record without a stored name is published under one made from
    // its title (nothing is assigned, or written, by publishing).
    assert!(old.links.contains(&(
        "Session cookie flags".to_string(),
        "session-cookie-flags.md".to_string()
    )));

    let new = outline(&markdown(&set, find(&records, NEW), &ctx, false));
    for item in [
        "Supersedes: Old sessions",
        "Amends: Session cookie flags",
        "Review by: 2027-06-01",
        "Decision makers: Sam Lee, Dana Ruiz",
        "Consulted: DB guild: Ana",
        "Informed: Not answered",
    ] {
        assert!(new.has_item(item), "no item {item:?} in {:#?}", new.items);
    }
    assert!(
        new.links
            .contains(&("Old sessions".to_string(), "old-sessions.md".to_string()))
    );

    let side = outline(&markdown(&set, find(&records, SIDE), &ctx, false));
    assert!(side.has_item("Amended by: New sessions: Redis [v2]"));
    assert!(side.has_item("Relates to: Old sessions"));
}

#[test]
fn a_single_export_names_linked_records_by_title_and_id() {
    let set = production();
    let records = linked();
    let parsed = outline(&markdown(
        &set,
        find(&records, OLD),
        &ExportContext::single(&records),
        false,
    ));
    assert!(
        parsed.has_item(&format!("Superseded by: New sessions: Redis [v2] ({NEW})")),
        "{:#?}",
        parsed.items
    );
    assert!(
        !parsed.links.iter().any(|(_, dest)| dest.ends_with(".md")),
        "{:?}",
        parsed.links
    );

    // Without the other records the link still shows, by id.
    let alone = outline(&markdown(
        &set,
        find(&records, NEW),
        &ExportContext::single(&[]),
        false,
    ));
    assert!(
        alone.has_item(&format!("Supersedes: record {OLD} (not in this store)")),
        "{:#?}",
        alone.items
    );
}

#[test]
fn html_folder_exports_link_to_html_files() {
    let set = production();
    let records = linked();
    let page = html(
        &set,
        find(&records, OLD),
        &folder(&records, Layout::Adr),
        false,
    );
    assert!(page.contains(r#"href="0009-new-sessions.html""#), "{page}");
    assert!(!page.contains(".md\""), "{page}");
}

#[test]
fn records_without_a_life_export_as_before() {
    let set = production();
    let record = answered(SIDE, "Plain");
    let plain = to_markdown(&set, &record);
    assert_eq!(
        plain,
        markdown(&set, &record, &ExportContext::single(&[]), false)
    );
    assert!(!plain.contains("History"), "{plain}");
    assert!(!plain.contains("Review by"), "{plain}");
}

#[test]
fn the_adr_layout_has_the_adr_tools_shape() {
    let set = production();
    let records = linked();
    let ctx = folder(&records, Layout::Adr);
    let md = markdown(&set, find(&records, OLD), &ctx, false);
    let lines: Vec<&str> = md.lines().collect();
    // adr-tools' template: "# NUMBER. TITLE", "", "Date: DATE", "",
    // "## Status", "", "STATUS", and `adr link` adds "Label [N. Title](file)"
    // paragraphs to the Status section.
    assert_eq!(
        lines[..9],
        [
            "# 3. Old sessions",
            "",
            "Date: 2026-11-20",
            "",
            "## Status",
            "",
            "Superseded",
            "",
            "Superseded by [9. New sessions: Redis &#91;v2&#93;](0009-new-sessions.md)",
        ]
    );
    let parsed = outline(&md);
    assert_eq!(parsed.level(HeadingLevel::H1), ["3. Old sessions"]);
    let mut h2 = vec!["Status".to_string()];
    h2.extend(expected_h2(&set));
    assert_eq!(parsed.level(HeadingLevel::H2), h2);
    assert_eq!(
        parsed.paragraphs_under("Status"),
        [
            "Superseded",
            "Superseded by 9. New sessions: Redis [v2]",
            "Relates to Session cookie flags",
        ]
    );
    assert!(parsed.links.contains(&(
        "Session cookie flags".to_string(),
        "0000-session-cookie-flags.md".to_string()
    )));
    for item in [
        "Author: Dana Ruiz",
        "History:",
        "Proposed on 2026-11-20 by Dana Ruiz",
        "Superseded on 2026-12-02",
    ] {
        assert!(
            parsed.has_item(item),
            "no item {item:?}: {:#?}",
            parsed.items
        );
    }
    // Status and date are not repeated in the list.
    assert!(!parsed.items.iter().any(|i| i.starts_with("Status:")));
    assert!(!parsed.items.iter().any(|i| i.starts_with("Date:")));

    let unnumbered = markdown_for(&set, &records, SIDE, Layout::Adr);
    // A draft has no number: its heading has none either.
    assert!(unnumbered.starts_with("# Session cookie flags\n\nDate: 2026-11-20\n\n## Status\n\nDraft\n\nRelates to [3. Old sessions](0003-old-sessions.md)\n\nAmended by [9. New sessions"), "{unnumbered}");
}

fn markdown_for(
    set: &crate::questionnaire::QuestionSet,
    records: &[Record],
    id: &str,
    layout: Layout,
) -> String {
    markdown(set, find(records, id), &folder(records, layout), false)
}

#[test]
fn with_front_matter_the_title_moves_out_of_the_body() {
    let set = production();
    let records = linked();
    for layout in [Layout::Default, Layout::Adr] {
        let md = markdown(&set, find(&records, NEW), &folder(&records, layout), true);
        assert!(md.starts_with("---\ntitle: "), "{md}");
        let body = md.splitn(3, "---\n").nth(2).unwrap();
        let parsed = outline(body);
        assert!(
            parsed.level(HeadingLevel::H1).is_empty(),
            "{layout:?}: {body}"
        );
        match layout {
            Layout::Default => assert!(body.starts_with("\n- **Status:** Accepted\n")),
            Layout::Adr => assert!(body.starts_with("\nDate: 2026-11-20\n\n## Status\n")),
        }
    }
}

#[test]
fn nasty_titles_stay_one_heading_in_the_adr_layout() {
    let set = production();
    for line in crate::export::tests::hostile_lines() {
        let mut record = answered(OLD, &line);
        record.title = line.clone();
        record.number = Some(12);
        let md = markdown(
            &set,
            &record,
            &folder(std::slice::from_ref(&record), Layout::Adr),
            false,
        );
        let parsed = outline(&md);
        let expected: String = line
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        // Headings drop sentence punctuation at their end (MD026).
        let title = format!("12. {}", expected.trim());
        assert_eq!(
            parsed.level(HeadingLevel::H1),
            [crate::export::escape::heading_text(&title)],
            "{line:?}"
        );
        assert!(parsed.html.is_empty(), "{line:?}: {:?}", parsed.html);
        assert_eq!(parsed.level(HeadingLevel::H2)[0], "Status", "{line:?}");
        assert!(md.contains("\nDate: 2026-11-20\n"), "{line:?}");
    }
}

#[test]
fn file_stems_are_stable_once_slug_and_number_are_set() {
    let set = production();
    let mut record = Record::new(
        id(OLD),
        "Move sessions to Redis!",
        &set,
        at("2026-11-20T10:00:00Z"),
    );
    // Before acceptance: a name from the title, and no number (drafts are
    // never numbered).
    assert_eq!(
        file_stem(Layout::Default, &record),
        "move-sessions-to-redis"
    );
    assert_eq!(
        file_stem(Layout::Adr, &record),
        "0000-move-sessions-to-redis"
    );

    record.slug = Some("move-sessions-to-redis".into());
    record.number = Some(7);
    let default = file_stem(Layout::Default, &record);
    let adr = file_stem(Layout::Adr, &record);
    assert_eq!(default, "move-sessions-to-redis");
    assert_eq!(adr, "0007-move-sessions-to-redis");

    record.title = "Actually: keep sessions in Postgres".into();
    assert_eq!(file_stem(Layout::Default, &record), default);
    assert_eq!(file_stem(Layout::Adr, &record), adr);

    record.number = Some(12345);
    assert_eq!(
        file_stem(Layout::Adr, &record),
        "12345-move-sessions-to-redis"
    );

    // A hand-edited slug cannot leave the folder or break a link.
    for bad in ["../../etc/passwd", "a b)c", "UPPER", "-x-", "/abs"] {
        record.slug = Some(bad.into());
        for layout in [Layout::Default, Layout::Adr] {
            let stem = file_stem(layout, &record);
            assert!(
                stem.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "{bad:?} gave {stem:?}"
            );
            assert!(
                !stem.is_empty() && !stem.starts_with('-'),
                "{bad:?} gave {stem:?}"
            );
        }
    }
    record.slug = Some(String::new());
    assert_eq!(
        file_stem(Layout::Default, &record),
        "actually-keep-sessions-in-postgres",
        "an empty stored name counts as none"
    );
}

#[test]
fn show_text_has_history_and_links() {
    let set = production();
    let records = linked();
    let shown = text::render(&document::build_with(&set, find(&records, OLD), &records));
    assert!(
        shown.contains("Accepted on 2026-11-25 by Sam Lee"),
        "{shown}"
    );
    assert!(
        shown.contains(&format!(
            "Superseded by 9. New sessions: Redis [v2] ({NEW})"
        )),
        "{shown}"
    );
    let new = text::render(&document::build_with(&set, find(&records, NEW), &records));
    assert!(new.contains("Review by"), "{new}");
    assert!(new.contains("2027-06-01"), "{new}");
}

fn entries<'a>(
    set: &crate::questionnaire::QuestionSet,
    records: &'a [Record],
) -> Vec<IndexEntry<'a>> {
    records
        .iter()
        .map(|record| IndexEntry {
            record,
            verdict: Some(check(set, record)),
        })
        .collect()
}

#[test]
fn the_index_lists_every_record_with_its_file_and_status() {
    let set = production();
    let mut records = linked();
    // Given in any order, the adr index is in number order.
    records.reverse();
    let ctx = folder(&records, Layout::Adr);
    let mut entries = entries(&set, &records);
    entries[0].verdict = None;
    let index = index_markdown(&entries, &ctx, Layout::Adr);
    let parsed = outline(&index);
    assert_eq!(parsed.level(HeadingLevel::H1), ["Decision records"]);
    assert!(parsed.html.is_empty());
    assert_eq!(parsed.tables.len(), 1);
    let table = &parsed.tables[0];
    assert_eq!(
        table.header,
        ["No.", "Title", "Status", "Readiness", "Tags", "Updated"]
    );
    let firsts: Vec<&str> = table.rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(firsts, ["3", "9", ""]);
    let old = &table.rows[0];
    assert_eq!(old[1], "Old sessions");
    assert_eq!(old[2], "Superseded by 9. New sessions: Redis [v2]");
    assert_eq!(old[3], "6 gaps");
    assert_eq!(old[4], "sessions, redis");
    assert_eq!(old[5], "2026-12-02");
    assert_eq!(
        table.links[0],
        [
            (
                "Old sessions".to_string(),
                "0003-old-sessions.md".to_string()
            ),
            (
                "9. New sessions: Redis [v2]".to_string(),
                "0009-new-sessions.md".to_string()
            ),
        ]
    );
    assert_eq!(table.rows[2][3], "Not checked");

    let default = outline(&index_markdown(&entries, &ctx, Layout::Default));
    let table = &default.tables[0];
    assert_eq!(table.header[0], "Date");
    assert_eq!(table.rows[0][0], "2026-11-20");
    assert_eq!(table.links[0][0].1, "old-sessions.md");

    let empty = index_markdown(&[], &ctx, Layout::Default);
    assert_eq!(empty, "# Decision records\n\nNo records yet.\n");
}

#[test]
fn hostile_titles_and_tags_keep_the_index_table_shape() {
    let set = production();
    for line in hostile_lines()
        .into_iter()
        .chain(["a | b | c".to_string(), "]](x.md) [".to_string()])
    {
        let mut record = answered(OLD, "x");
        record.title = line.clone();
        record.tags = vec![line.clone(), "plain".into()];
        let records = vec![record];
        let ctx = folder(&records, Layout::Default);
        let parsed = outline(&index_markdown(
            &entries(&set, &records),
            &ctx,
            Layout::Default,
        ));
        assert!(parsed.html.is_empty(), "{line:?}");
        let table = &parsed.tables[0];
        assert_eq!(table.rows.len(), 1, "{line:?}");
        assert_eq!(table.rows[0].len(), 6, "{line:?}: {:?}", table.rows[0]);
        let expected: String = line
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        let expected = expected.trim();
        // Link text also loses a byte-order mark at its ends.
        let linked = expected.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
        let shown = if linked.is_empty() {
            "Untitled"
        } else {
            linked
        };
        assert_eq!(
            table.links[0][0],
            (
                shown.to_string(),
                format!("{}.md", crate::export::slug_for(linked))
            ),
            "{line:?}"
        );
        assert_eq!(table.rows[0][4], format!("{expected}, plain"), "{line:?}");
    }
}
