//! Every kind of published Markdown passes markdownlint (every default rule
//! except MD013, line length): both layouts, with and without front matter,
//! hostile titles, the index, the documented template, and
//! docs/publishing.md itself.
//!
//! markdownlint-cli2 comes from `npm ci` (pinned in package.json). Without
//! it the test skips with a loud message, except under CI (`CI` set), where
//! it fails so that a missing install cannot pass silently.

use std::fs;

use super::templates::documented_example;
use super::*;
use crate::check::check;
use crate::export::template::Template;
use crate::export::{ExportContext, IndexEntry, Layout, index_markdown, markdown};
use crate::testing::tools::{lint_markdown, markdownlint, repo_root};

/// Every file a publisher could write.
fn published() -> Vec<(String, String)> {
    let set = production();
    let mut files: Vec<(String, String)> = Vec::new();
    let records = linked();
    let entries = |records: &[Record]| -> Vec<(usize, Option<crate::check::Verdict>)> {
        records
            .iter()
            .enumerate()
            .map(|(i, r)| (i, Some(check(&set, r))))
            .collect()
    };
    let index = |records: &[Record], layout: Layout| -> String {
        let entries: Vec<IndexEntry> = entries(records)
            .into_iter()
            .map(|(i, verdict)| IndexEntry {
                record: &records[i],
                verdict,
            })
            .collect();
        index_markdown(
            &entries,
            &ExportContext {
                records,
                folder: Some(layout),
            },
            layout,
        )
    };
    let empty = Record::new(
        id("a000000000000004"),
        "Nothing yet",
        &set,
        at("2026-11-20T10:00:00Z"),
    );

    for (name, folder) in [
        ("single", None),
        ("default", Some(Layout::Default)),
        ("adr", Some(Layout::Adr)),
    ] {
        let ctx = ExportContext {
            records: &records,
            folder,
        };
        for record in records.iter().chain([&empty]) {
            for front_matter in [false, true] {
                files.push((
                    format!("{name}-{}-{front_matter}.md", record.id),
                    markdown(&set, record, &ctx, front_matter),
                ));
            }
        }
    }
    for layout in [Layout::Default, Layout::Adr] {
        files.push((format!("index-{layout:?}.md"), index(&records, layout)));
    }
    // Lines typed apart are written with hard breaks (two trailing spaces).
    let mut lines = answered(SIDE, "Typed lines");
    lines.set_answer(
        set.field("summary").expect("the summary field"),
        Some(Answer::Text(
            "first line\nsecond line\n\n- item\n  more\n\n> quoted\n> again".into(),
        )),
    );
    files.push((
        "typed-lines.md".into(),
        markdown(&set, &lines, &ExportContext::single(&[]), false),
    ));
    files.push((
        "index-empty.md".into(),
        index_markdown(
            &[],
            &ExportContext {
                records: &[],
                folder: Some(Layout::Default),
            },
            Layout::Default,
        ),
    ));

    for (n, line) in hostile_lines().iter().enumerate() {
        let mut record = answered(OLD, line);
        record.title = line.clone();
        record.tags = vec![line.clone()];
        record.number = Some(u32::try_from(n).unwrap());
        record.set_status(Status::Proposed, line, at("2026-11-21T10:00:00Z"));
        // Two meetings, so their parts' headings must be told apart.
        record.meetings.push(meeting_with(line));
        record.meetings.push(meeting_with(line));
        let mut other = answered(NEW, line);
        other.title = line.clone();
        other.add_link(crate::record::LinkKind::Supersedes, &record.id);
        let pair = vec![record, other];
        for layout in [Layout::Default, Layout::Adr] {
            let ctx = ExportContext {
                records: &pair,
                folder: Some(layout),
            };
            for front_matter in [false, true] {
                files.push((
                    format!("hostile-{n:02}-{layout:?}-{front_matter}.md"),
                    markdown(&set, &pair[0], &ctx, front_matter),
                ));
            }
            files.push((
                format!("hostile-{n:02}-index-{layout:?}.md"),
                index(&pair, layout),
            ));
        }
    }

    // Headings in a Markdown answer that end in punctuation.
    let mut notes = answered("a000000000000005", "Notes!");
    notes.answers.insert(
        "summary".into(),
        Answer::Text("# Notes:\n\ntext\n\n## Done!\n\n### www.\n\nmore".into()),
    );
    files.push((
        "notes.md".into(),
        markdown(&set, &notes, &ExportContext::single(&[]), false),
    ));
    let title_template = Template::parse("# {{title}}\n\n## By {{author}}\n\nText.\n").unwrap();
    let mut punctuated = notes.clone();
    punctuated.author = "Dana Ruiz, Jr.".into();
    files.push((
        "template-title.md".into(),
        title_template.render(&set, &punctuated, &ExportContext::single(&[])),
    ));

    let template = Template::parse_for(&documented_example(), &set).unwrap();
    for record in records.iter().chain([&empty]) {
        files.push((
            format!("template-{}.md", record.id),
            template.render(
                &set,
                record,
                &ExportContext {
                    records: &records,
                    folder: Some(Layout::Adr),
                },
            ),
        ));
    }
    files.push((
        "docs-publishing.md".into(),
        fs::read_to_string(repo_root().join("docs/publishing.md")).unwrap(),
    ));
    files
}

#[test]
fn published_markdown_passes_markdownlint() {
    let Some(bin) = markdownlint("published_markdown_passes_markdownlint") else {
        return;
    };
    lint_markdown(&bin, &published());
}

#[test]
fn the_lint_check_can_fail() {
    let Some(bin) = markdownlint("the_lint_check_can_fail") else {
        return;
    };
    // A front-matter title and an H1 together break MD025: the reason the
    // body has no H1 when front matter is written.
    let bad = "---\ntitle: \"T\"\n---\n\n# T\n\nText.\n".to_string();
    let result = std::panic::catch_unwind(|| lint_markdown(&bin, &[("bad.md".into(), bad)]));
    assert!(
        result.is_err(),
        "markdownlint passed a document it must fail"
    );
}
