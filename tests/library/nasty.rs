//! Hostile input in every place user text reaches the export. Whatever a
//! title, short answer, table cell or Markdown answer holds, the document
//! keeps one H1, the same H2s, the same table shapes, and no raw HTML.

use pulldown_cmark::HeadingLevel;

use preflight::export::escape::heading_text;
use preflight::export::to_markdown;
use preflight::questionnaire::QuestionSet;
use preflight::record::{Answer, Record, Row};

use super::markdown::empty_record;
use crate::common::{Outline, expected_h2, outline, production_set};

/// One-line strings that mean something to Markdown, HTML or a terminal.
pub fn nasty_lines() -> Vec<String> {
    let mut lines: Vec<String> = [
        "# not a heading",
        "## also not",
        "| a | b | c |",
        "a | b",
        "<b>bold</b> <script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<!-- hidden -->",
        "`tick` ``double`` ```triple```",
        "- leading dash",
        "+ plus",
        "* star",
        "1. numbered",
        "1) paren",
        "> quote",
        "***",
        "---",
        "===",
        "[the runbook](javascript:alert(1))",
        "![img](x.png)",
        "[^1] [ref]",
        "**bold** _em_ ~~strike~~ __under__",
        "emoji 🚀🔥👩‍👩‍👧 done",
        "数据库迁移 データベース移行 데이터베이스",
        "RTL עברית العربية \u{202E}override\u{202C} end",
        "back\\slash\\",
        "&amp; &lt;tag&gt; &#60;",
        "$math$ and @mention",
        "https://example.com/a_b|c and more",
        "see https://example.com/path_(x). then",
        "www.example.com and ops@example.com",
        "<https://example.com>",
        "trailing hash #",
        "tab\there",
        "carriage\rreturn",
        "  leading and trailing spaces  ",
        "\\",
        "{{template}} ${var} %s",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    // About 100 KB of metacharacters in one line.
    lines.push("| # <b> `x` *y* [z] - ".repeat(5_000));
    lines
}

/// Multi-line Markdown answers that try to escape their section.
pub fn nasty_documents() -> Vec<String> {
    let mut docs: Vec<String> = [
        "# H1 inside an answer\n\n## H2 inside\n\ntext",
        "Setext heading\n===\n\nAnother\n---",
        "<script>alert(1)</script>",
        "<div>\n\n# inside a div\n\n</div>",
        "<details>\n<summary>s</summary>\n\n## inner\n</details>",
        "```\nunclosed fence\n## not a heading\n",
        "~~~\nunclosed tilde fence",
        "    indented code\n# heading after code",
        "| a | b |\n|---|---|\n| 1 | 2 | 3 |\n| `x|y` | z |",
        "- a\n+ b\n* c\n\n1. one\n3. three",
        "> # quoted heading\n> <b>html</b>",
        "[x]: javascript:alert(1)\n\n[x]",
        "<!-- comment\n\n# still comment? -->\n\nafter",
        "line with trailing spaces  \nnext",
        "<https://example.com> and https://bare.example.com/x_y.",
        "emoji 🚀 数据库 עברית\n\n- [ ] task\n- [x] done",
        "---\ntitle: front matter\n---\n\nbody",
        "Text\n<br>\n<hr/>\nmore",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    docs.push("# heading\n\n<b>x</b> `y` | z\n\n".repeat(2_500));
    docs
}

/// What a one-line string must read as once exported: control characters
/// become spaces, the ends are trimmed, and a `|` inside a web link is
/// written `%7C` (the same link), since it would split a table cell.
fn as_read(text: &str) -> String {
    let flat = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .trim()
        .to_string();
    if flat.contains("://") {
        flat.replace('|', "%7C")
    } else {
        flat
    }
}

fn row(cells: &[(&str, &str)]) -> Row {
    cells
        .iter()
        .map(|(k, v)| ((*k).to_string(), Answer::Text((*v).to_string())))
        .collect()
}

/// A record with `line` everywhere a short answer goes. Answers are set
/// directly, without validation, so even text the CLI would refuse
/// reaches the exporter.
pub fn record_with_line(line: &str) -> Record {
    let set = production_set();
    let mut record = empty_record(line);
    record.author = line.to_string();
    record.tags = vec![line.to_string()];
    let text = |id: &str, record: &mut Record| {
        record
            .answers
            .insert(id.to_string(), Answer::Text(line.to_string()));
    };
    for id in [
        "mechanism",
        "trigger",
        "owner_primary",
        "runbook",
        "duration",
        "summary",
    ] {
        text(id, &mut record);
    }
    record.answers.insert(
        "failure_modes".into(),
        Answer::Rows(vec![row(&[
            ("component", line),
            ("detection", line),
            ("mitigation", "plain"),
        ])]),
    );
    record.answers.insert(
        "cost_grid".into(),
        Answer::Rows(vec![row(&[
            ("row", "compute"),
            ("today", line),
            ("at_10x", line),
        ])]),
    );
    assert!(set.field("mechanism").is_some());
    record
}

/// A record with `doc` in every Markdown answer and a normal table after.
pub fn record_with_document(doc: &str) -> Record {
    let mut record = empty_record("Nasty Markdown answers");
    for id in [
        "summary",
        "premortem",
        "observability",
        "steps",
        "cost_notes",
    ] {
        record
            .answers
            .insert(id.to_string(), Answer::Text(doc.to_string()));
    }
    record.answers.insert(
        "failure_modes".into(),
        Answer::Rows(vec![row(&[("component", "Redis"), ("detection", "alert")])]),
    );
    record
}

#[test]
fn nasty_one_line_answers_cannot_change_the_structure() {
    let set = production_set();
    let fm = set.field("failure_modes").unwrap();
    let at = |id: &str| fm.columns.iter().position(|c| c.id == id).unwrap();
    let grid = set.field("cost_grid").unwrap();
    let grid_at = |id: &str| 1 + grid.columns.iter().position(|c| c.id == id).unwrap();

    for line in nasty_lines() {
        let short: String = line.chars().take(40).collect();
        let markdown = to_markdown(&set, &record_with_line(&line));
        let parsed = outline(&markdown);
        let expected = as_read(&line);

        assert_page_shape(&parsed, &set, heading_text(&expected), &short);

        let table = parsed.table(&fm.label);
        assert_eq!(table.header.len(), fm.columns.len(), "{short:?}");
        assert_eq!(table.rows.len(), 1, "{short:?}");
        assert_eq!(table.rows[0][at("component")], expected, "{short:?}");
        assert_eq!(table.rows[0][at("detection")], expected, "{short:?}");
        assert_eq!(table.rows[0][at("mitigation")], "plain", "{short:?}");

        let costs = parsed.table(&grid.label);
        assert_eq!(costs.header.len(), grid.columns.len() + 1, "{short:?}");
        assert_eq!(costs.rows.len(), grid.rows.len(), "{short:?}");
        assert_eq!(costs.rows[0][grid_at("today")], expected, "{short:?}");
        assert_eq!(costs.rows[0][grid_at("at_10x")], expected, "{short:?}");

        for label in ["Mechanism", "Trigger", "Primary owner", "Runbook"] {
            let item = format!("{label}: {expected}");
            assert!(parsed.has_item(&item), "{short:?}: no item {label}");
        }
        assert!(parsed.has_item(&format!("Author: {expected}")), "{short:?}");
    }
}

/// Asserts an exported page kept its shape: `title` is the one H1, word
/// for word; the H2s are the set's sections; no raw HTML got through.
/// `short` names the case in a failure.
fn assert_page_shape(parsed: &Outline, set: &QuestionSet, title: &str, short: &str) {
    assert_eq!(
        parsed.level(HeadingLevel::H1),
        [title],
        "{short:?}: the title is the one H1, word for word"
    );
    assert_eq!(
        parsed.level(HeadingLevel::H2),
        expected_h2(set),
        "{short:?}"
    );
    assert!(
        parsed.html.is_empty(),
        "{short:?}: raw HTML {:?}",
        parsed.html
    );
}

#[test]
fn nasty_markdown_answers_stay_inside_their_section() {
    let set = production_set();
    for doc in nasty_documents() {
        let short: String = doc.chars().take(40).collect();
        let markdown = to_markdown(&set, &record_with_document(&doc));
        let parsed = outline(&markdown);
        assert_page_shape(&parsed, &set, "Nasty Markdown answers", &short);
        // The table after the answers is still a table: nothing above it
        // swallowed the rest of the document.
        let table = parsed.table("Failure modes");
        assert_eq!(table.rows, [vec!["Redis", "", "", "", "", "", "alert", ""]]);
        // Headings written in answers sit below the answer's own H3.
        for (level, text) in &parsed.headings {
            if *level <= HeadingLevel::H3 {
                continue;
            }
            assert!(!text.is_empty(), "{short:?}: an empty heading at {level:?}");
        }
        assert!(
            markdown.contains("Readiness"),
            "{short:?}: the document is complete"
        );
    }
}

#[test]
fn raw_html_in_answers_is_kept_as_visible_text() {
    let set = production_set();
    let markdown = to_markdown(
        &set,
        &record_with_document("<script>alert(1)</script>\n\nhi <b>there</b>"),
    );
    let parsed = outline(&markdown);
    let summary = parsed.paragraphs.iter().find(|(h, _)| h == "Summary");
    assert!(summary.is_some());
    let texts: Vec<&str> = parsed
        .paragraphs
        .iter()
        .filter(|(h, _)| h == "Summary")
        .map(|(_, p)| p.as_str())
        .collect();
    assert_eq!(
        texts,
        ["<script>alert(1)</script>", "hi <b>there</b>"],
        "what the user typed is shown, not run"
    );
}
