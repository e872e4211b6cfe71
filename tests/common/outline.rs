//! What exported Markdown looks like to a Markdown parser: the outline
//! (headings, tables, list items, paragraphs, links, task items, raw HTML)
//! the tests compare, rather than strings.
//!
//! Shared by both test binaries: `tests/common` re-exports it for the
//! integration tests, and `src/testing.rs` compiles this same file into the
//! library's unit tests. The including module names the library's `html`
//! export module and `QuestionSet` (`crate::…` in the unit tests,
//! `preflight::…` in the integration tests).

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

use super::{QuestionSet, html};

/// A GFM table and the heading it sits under.
#[derive(Debug, Clone, Default)]
pub struct Table {
    pub under: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// (text, destination) of the links in each row, row by row.
    pub links: Vec<Vec<(String, String)>>,
}

/// What a Markdown document looks like to a Markdown parser.
#[derive(Debug, Default)]
pub struct Outline {
    pub headings: Vec<(HeadingLevel, String)>,
    pub tables: Vec<Table>,
    /// Text of each list item (nested items separately), in order.
    pub items: Vec<String>,
    /// Paragraphs outside lists and tables, with the heading above them.
    pub paragraphs: Vec<(String, String)>,
    /// Every link: (text, destination).
    pub links: Vec<(String, String)>,
    /// Raw HTML: there must never be any.
    pub html: Vec<String>,
    /// Task-list items: whether ticked, and their text.
    pub tasks: Vec<(bool, String)>,
}

impl Outline {
    pub fn level(&self, level: HeadingLevel) -> Vec<&str> {
        self.headings
            .iter()
            .filter(|(l, _)| *l == level)
            .map(|(_, t)| t.as_str())
            .collect()
    }

    pub fn table(&self, under: &str) -> &Table {
        self.tables
            .iter()
            .find(|t| t.under == under)
            .unwrap_or_else(|| panic!("no table under {under:?}: {:#?}", self.tables))
    }

    pub fn has_item(&self, text: &str) -> bool {
        self.items.iter().any(|i| i == text)
    }

    pub fn paragraphs_under(&self, heading: &str) -> Vec<&str> {
        self.paragraphs
            .iter()
            .filter(|(h, _)| h == heading)
            .map(|(_, p)| p.as_str())
            .collect()
    }

    /// The first paragraph under `heading`.
    pub fn paragraph_under(&self, heading: &str) -> Option<&str> {
        self.paragraphs_under(heading).first().copied()
    }
}

/// Parses Markdown the way the HTML export does and collects its outline.
pub fn outline(markdown: &str) -> Outline {
    let mut out = Outline::default();
    // Stack of text buffers: heading, table cell, list item, paragraph.
    let mut buffers: Vec<String> = Vec::new();
    let mut last_heading = String::new();
    let mut table: Option<Table> = None;
    let mut row: Vec<String> = Vec::new();
    let mut row_links: Vec<(String, String)> = Vec::new();
    let mut list_depth = 0usize;
    let mut link: Option<(String, String)> = None;
    let mut task: Option<bool> = None;
    for event in Parser::new_ext(markdown, html::options()) {
        match event {
            Event::Start(Tag::Heading { .. } | Tag::TableCell | Tag::Item) => {
                buffers.push(String::new());
            }
            Event::Start(Tag::Paragraph) if list_depth == 0 => buffers.push(String::new()),
            Event::End(TagEnd::Heading(level)) => {
                let text = buffers.pop().unwrap_or_default();
                last_heading = text.clone();
                out.headings.push((level, text));
            }
            Event::End(TagEnd::Paragraph) if list_depth == 0 => {
                let text = buffers.pop().unwrap_or_default();
                out.paragraphs.push((last_heading.clone(), text));
            }
            Event::Start(Tag::List(_)) => {
                list_depth += 1;
                // A nested list ends the parent item's own text.
                if let Some(item) = buffers.last_mut() {
                    item.push('\u{1}');
                }
            }
            Event::End(TagEnd::List(_)) => list_depth -= 1,
            Event::End(TagEnd::Item) => {
                let text = buffers.pop().unwrap_or_default();
                let own = text.split('\u{1}').next().unwrap_or_default();
                if let Some(checked) = task.take() {
                    out.tasks.push((checked, own.trim().to_string()));
                }
                out.items.push(own.trim().to_string());
            }
            Event::Start(Tag::Table(_)) => {
                table = Some(Table {
                    under: last_heading.clone(),
                    ..Table::default()
                });
            }
            Event::End(TagEnd::TableHead) => {
                let table = table.as_mut().expect("a table head is in a table");
                table.header = std::mem::take(&mut row);
                row_links.clear();
            }
            Event::End(TagEnd::TableRow) => {
                let table = table.as_mut().expect("a table row is in a table");
                table.rows.push(std::mem::take(&mut row));
                table.links.push(std::mem::take(&mut row_links));
            }
            Event::End(TagEnd::TableCell) => row.push(buffers.pop().unwrap_or_default()),
            Event::End(TagEnd::Table) => {
                out.tables
                    .push(table.take().expect("a table ends after it starts"));
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                link = Some((String::new(), dest_url.to_string()));
            }
            Event::End(TagEnd::Link) => {
                if let Some(done) = link.take() {
                    if table.is_some() {
                        row_links.push(done.clone());
                    }
                    out.links.push(done);
                }
            }
            Event::Text(text) | Event::Code(text) => {
                if let Some((link_text, _)) = link.as_mut() {
                    link_text.push_str(&text);
                }
                if let Some(buffer) = buffers.last_mut() {
                    buffer.push_str(&text);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(buffer) = buffers.last_mut() {
                    buffer.push(' ');
                }
            }
            Event::Html(raw) | Event::InlineHtml(raw) => out.html.push(raw.to_string()),
            Event::TaskListMarker(checked) => task = Some(checked),
            _ => {}
        }
    }
    out
}

/// The H2 headings of `set`'s sections, in order.
pub fn section_h2(set: &QuestionSet) -> Vec<String> {
    set.sections
        .iter()
        .map(|s| {
            if s.optional {
                format!("{} (optional)", s.title)
            } else {
                s.title.clone()
            }
        })
        .collect()
}

/// The H2 headings a record of `set` has: one per section, in order, then
/// Readiness.
pub fn expected_h2(set: &QuestionSet) -> Vec<String> {
    let mut h2 = section_h2(set);
    h2.push("Readiness".to_string());
    h2
}
