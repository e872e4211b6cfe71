//! The Markdown export is safe source for every renderer, not only
//! CommonMark ones: outside code, no `<` that is not one of our autolinks
//! and no backslash before one (Python-Markdown keeps `\<img …>` a live
//! tag), no brace (attribute lists, Hugo shortcodes, Liquid), and no link
//! or image whose target is `javascript:`, `vbscript:`, `data:` or `file:`.
//! The renderer matrix (`renderers.rs`) checks the rendered pages; this
//! checks the source, with no tool needed.

use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Parser, Tag};

use super::xss::{payloads, poisoned};
use super::*;
use crate::export::{ExportContext, Layout, index_markdown, markdown};

/// Payloads aimed at Markdown renderers beyond CommonMark.
pub(super) fn markdown_payloads() -> Vec<String> {
    [
        "Title {: onfocus=\"alert(1)\" autofocus }",
        "{: #x onclick=alert(1) }",
        "cell {: .x onmouseover=alert(1) }",
        "{{< gist attacker 1 >}}",
        "{{% unknown-shortcode %}}",
        "{{ site.github.token }} {% include x.html %}",
        "[x][r]\n\n[r]: JaVaScRiPt:alert(1)",
        "[x]( javascript:alert(1) )",
        "[x](&#x6a;&#x61;vascript:alert(1))",
        "<vbscript:msgbox(1)>",
        "[x](data:image/svg+xml,<svg onload=alert(1)>)",
        "plan #2 \\<beta> \\$0 extra \\~2 h/month",
        "<img src=x onerror=alert(1)> & <script>alert(1)</script>",
    ]
    .into_iter()
    .map(String::from)
    .collect()
}

/// Every problem in one piece of exported Markdown; empty when it is safe.
pub(super) fn markdown_problems(source: &str) -> Vec<String> {
    // Front matter is YAML: its strings are quoted and go to a template
    // engine, not to a Markdown renderer.
    let source = match source.strip_prefix("---\n") {
        Some(rest) => rest.find("\n---\n").map_or(source, |end| &rest[end + 5..]),
        None => source,
    };
    let mut problems = Vec::new();
    let mut exempt: Vec<Range<usize>> = Vec::new();
    let mut in_code_block: Option<usize> = None;
    for (event, range) in Parser::new_ext(source, crate::export::html::options()).into_offset_iter()
    {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code_block = Some(range.start),
            Event::End(pulldown_cmark::TagEnd::CodeBlock) => {
                if let Some(start) = in_code_block.take() {
                    exempt.push(start..range.end);
                }
            }
            Event::Code(_) => exempt.push(range),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) => {
                if !crate::export::literal::safe_url(&dest_url) {
                    problems.push(format!("a link to {dest_url:?}"));
                }
                if matches!(link_type, LinkType::Autolink | LinkType::Email) {
                    exempt.push(range);
                }
            }
            Event::Start(Tag::Image { dest_url, .. })
                if !crate::export::literal::safe_url(&dest_url) =>
            {
                problems.push(format!("an image from {dest_url:?}"));
            }
            _ => {}
        }
    }
    for (at, c) in source.char_indices() {
        if exempt.iter().any(|r| r.contains(&at)) {
            continue;
        }
        match c {
            '<' => problems.push(format!("a raw '<' at byte {at}: {:?}", context(source, at))),
            '{' | '}' => problems.push(format!("a brace at byte {at}: {:?}", context(source, at))),
            '\\' => problems.push(format!(
                "a backslash at byte {at}: {:?}",
                context(source, at)
            )),
            _ => {}
        }
    }
    problems
}

fn context(source: &str, at: usize) -> &str {
    let mut start = at.saturating_sub(30);
    while !source.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (at + 30).min(source.len());
    while !source.is_char_boundary(end) {
        end += 1;
    }
    &source[start..end]
}

#[test]
fn the_source_check_catches_what_it_must() {
    for bad in [
        "a \\<img src=x onerror=alert(1)>",
        "[x](javascript:alert(1))",
        "# Title {: onclick=alert(1) }",
        "{{< gist a b >}}",
        "![x](data:text/html,x)",
    ] {
        assert!(!markdown_problems(bad).is_empty(), "missed {bad:?}");
    }
    assert_eq!(
        markdown_problems(
            "see <https://x.example/a> `<b>{x}` and &lt;b&gt;\n\n```text\n<i>{{x}}\n```"
        ),
        Vec::<String>::new()
    );
}

#[test]
fn hostile_text_is_never_markup_in_the_markdown_export() {
    let set = production();
    let all: Vec<String> = payloads().into_iter().chain(markdown_payloads()).collect();
    for payload in &all {
        let records = poisoned(payload);
        for ctx in every_place(&records) {
            let folder = ctx.folder;
            for record in &records {
                for front_matter in [false, true] {
                    let page = markdown(&set, record, &ctx, front_matter);
                    let found = markdown_problems(&page);
                    assert!(
                        found.is_empty(),
                        "{payload:?} ({folder:?}): {:?}\n{page}",
                        &found[..found.len().min(5)]
                    );
                }
            }
        }
        let entries = checked_entries(&set, &records);
        for layout in [Layout::Default, Layout::Adr] {
            let ctx = ExportContext {
                records: &records,
                folder: Some(layout),
            };
            let page = index_markdown(&entries, &ctx, layout);
            let found = markdown_problems(&page);
            assert!(
                found.is_empty(),
                "{payload:?} in the index: {:?}\n{page}",
                &found[..found.len().min(5)]
            );
        }
    }
}
