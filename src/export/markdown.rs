//! Markdown export: H1 title, a metadata list, one H2 per section, short
//! answers as a list, long answers under H3, tables as GFM tables, and a
//! readiness summary. Clean under markdownlint's default rules (MD013 aside).
//!
//! The same pieces make the adr layout (`# N. Title`, `Date:`, `## Status`)
//! and fill the placeholders of a template, so user text is escaped the
//! same way everywhere.

use super::Layout;
use super::document::{Block, DATE, DocLink, DocSection, Document, STATUS, Value};
use super::escape::{HeadingRegistry, heading_inline, inline_text, link_text, markdown_block};

/// Shown for a blank answer.
pub const NOT_ANSWERED: &str = "_Not answered_";
/// Shown for an explicit unknown.
pub const UNKNOWN: &str = "**Unknown**";

/// How links to other records are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LinkStyle {
    /// `Some` in a folder export: links go to the other record's file,
    /// named for this layout. `None`: title and id, no link.
    pub folder: Option<Layout>,
    /// File extension of the other files, without the dot (`md`, `html`).
    pub extension: &'static str,
}

impl LinkStyle {
    /// Links as in a single-record export: title and id.
    pub const SINGLE: LinkStyle = LinkStyle {
        folder: None,
        extension: "md",
    };
}

/// Renders a laid-out record as Markdown in the default layout, with links
/// shown as title and id, ending with one newline.
pub fn render(doc: &Document) -> String {
    render_with(doc, Layout::Default, LinkStyle::SINGLE, true)
}

/// Renders a laid-out record as Markdown. `layout` picks the default or the
/// adr-tools shape; `style` how links to other records read; `h1` whether
/// the title is written as the H1 (front matter carries it otherwise).
pub fn render_with(doc: &Document, layout: Layout, style: LinkStyle, h1: bool) -> String {
    let mut writer = Writer::new(style);
    let mut chunks: Vec<String> = Vec::new();
    match layout {
        Layout::Default => {
            let title = writer.headings.claim(&doc.title, "");
            if h1 {
                chunks.push(format!("# {}", heading(&title)));
            }
            chunks.push(writer.meta_list(doc));
        }
        Layout::Adr => {
            let title = super::numbered_title(doc.number, &doc.title);
            let title = writer.headings.claim(&title, "");
            if h1 {
                chunks.push(format!("# {}", heading(&title)));
            }
            chunks.push(format!("Date: {}", doc.date));
            chunks.push(writer.status_section(doc));
        }
    }
    chunks.extend(writer.sections(doc));
    chunks.extend(writer.meetings(&doc.meetings));
    chunks.push(writer.readiness(doc));
    join(chunks)
}

/// Chunks of Markdown (blocks without surrounding blank lines) joined with
/// one blank line, ending with one newline.
pub(crate) fn join(chunks: Vec<String>) -> String {
    let mut out = chunks
        .into_iter()
        .filter(|c| !c.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n");
    out.push('\n');
    out
}

/// Writes the pieces of a document, keeping headings unique across them.
pub(crate) struct Writer {
    pub headings: HeadingRegistry,
    pub style: LinkStyle,
}

impl Writer {
    pub fn new(style: LinkStyle) -> Writer {
        Writer {
            headings: HeadingRegistry::default(),
            style,
        }
    }

    /// The metadata list of the default layout: the status line with the
    /// status changes nested under it and the links after it, then the rest.
    pub fn meta_list(&self, doc: &Document) -> String {
        let mut lines: Vec<String> = Vec::new();
        for (label, value) in &doc.meta {
            lines.push(meta_item(label, value));
            if label == STATUS {
                lines.extend(self.history_items(doc, "  "));
                lines.extend(self.link_items(doc));
            }
        }
        lines.join("\n")
    }

    /// The adr layout's `## Status` section: the status, one paragraph per
    /// link (`Superseded by [2. Title](0002-title.md)`, as adr-tools writes
    /// them), then the rest of the metadata, the history last.
    pub fn status_section(&mut self, doc: &Document) -> String {
        let heading = self.headings.claim("Status", "");
        let mut chunks = vec![
            format!("## {}", heading_inline(&heading)),
            doc.status.title().to_string(),
        ];
        for link in &doc.links {
            chunks.push(format!("{} {}", link.label, self.link(link)));
        }
        let mut lines: Vec<String> = doc
            .meta
            .iter()
            .filter(|(label, _)| label != STATUS && label != DATE)
            .map(|(label, value)| meta_item(label, value))
            .collect();
        if !doc.history.is_empty() {
            lines.push("- **History:**".to_string());
            lines.extend(self.history_items(doc, "  "));
        }
        chunks.push(lines.join("\n"));
        chunks.join("\n\n")
    }

    /// One list item per link label: `- **Superseded by:** [A](a.md), [B](b.md)`.
    pub fn link_items(&self, doc: &Document) -> Vec<String> {
        let mut labels: Vec<&str> = Vec::new();
        for link in &doc.links {
            if !labels.contains(&link.label) {
                labels.push(link.label);
            }
        }
        labels
            .into_iter()
            .map(|label| {
                let targets: Vec<String> = doc
                    .links
                    .iter()
                    .filter(|l| l.label == label)
                    .map(|l| self.link(l))
                    .collect();
                format!("- **{label}:** {}", targets.join(", "))
            })
            .collect()
    }

    /// The links as a list of their own (`- Supersedes [A](a.md)`), or a
    /// sentence when there are none.
    pub fn links_list(&self, doc: &Document) -> String {
        if doc.links.is_empty() {
            return "No links to other records.".to_string();
        }
        doc.links
            .iter()
            .map(|link| format!("- {} {}", link.label, self.link(link)))
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// The status changes as list items with the given indent.
    pub fn history_items(&self, doc: &Document, indent: &str) -> Vec<String> {
        doc.history
            .iter()
            .map(|entry| format!("{indent}- {}", inline_text(&entry.sentence())))
            .collect()
    }

    /// The status changes as a list of their own, or a sentence when there
    /// are none.
    pub fn history_list(&self, doc: &Document) -> String {
        if doc.history.is_empty() {
            return "No status changes recorded.".to_string();
        }
        self.history_items(doc, "").join("\n")
    }

    /// A link to another record: a relative link to its file in a folder
    /// export, its title and id otherwise.
    pub fn link(&self, link: &DocLink) -> String {
        match (&link.target, self.style.folder) {
            (Some(target), Some(layout)) => {
                let (text, stem) = match layout {
                    Layout::Default => (target.title.clone(), &target.default_stem),
                    Layout::Adr => (
                        super::numbered_title(target.number, &target.title),
                        &target.adr_stem,
                    ),
                };
                format!(
                    "[{}]({stem}.{})",
                    non_empty(link_text(&text)),
                    self.style.extension
                )
            }
            (Some(target), None) => {
                format!("{} ({})", non_empty(inline_text(&target.title)), link.id)
            }
            (None, _) => format!("record {} (not in this store)", link.id),
        }
    }

    /// Every section, then the answers the set no longer has, as chunks.
    pub fn sections(&mut self, doc: &Document) -> Vec<String> {
        // An imported record's original text comes first: it is what the
        // four questions are answered from.
        let mut chunks: Vec<String> = doc
            .imported
            .iter()
            .chain(&doc.sections)
            .map(|s| self.section(s))
            .collect();
        if !doc.orphans.is_empty() {
            chunks.push(self.orphans(doc));
        }
        chunks
    }

    /// One section: its H2 and its blocks.
    pub fn section(&mut self, section: &DocSection) -> String {
        let title = if section.optional {
            format!("{} (optional)", section.title)
        } else {
            section.title.clone()
        };
        let heading = self.headings.claim(&title, "");
        let mut chunks = vec![format!("## {}", self::heading(&heading))];
        // A section of one long answer labelled as the section itself
        // ("Context" under "Context") needs no second heading, and the
        // answer's own headings then sit right under the section's.
        let lone = matches!(section.blocks.as_slice(),
            [Block::Prose { label, .. }] if *label == section.title);
        let level = if lone { 2 } else { 3 };
        for block in &section.blocks {
            chunks.push(self.block(block, &section.title, level, !lone));
        }
        chunks.join("\n\n")
    }

    fn orphans(&mut self, doc: &Document) -> String {
        let heading = self.headings.claim("Other answers", "");
        let mut out = format!(
            "## {heading}\n\nThese answers belong to fields the question set no longer has.\n"
        );
        for (id, value) in &doc.orphans {
            out.push_str(&format!("\n- **{}:** {}", inline_text(id), inline(value)));
        }
        out
    }

    /// The readiness section: its H2, then [`Writer::readiness_list`].
    pub fn readiness(&mut self, doc: &Document) -> String {
        let heading = self.headings.claim("Readiness", "");
        let list = self.readiness_list(doc);
        if list.is_empty() {
            format!("## {heading}")
        } else {
            format!("## {heading}\n\n{list}")
        }
    }

    /// One item per section, ready or its gaps nested with their fixes.
    pub fn readiness_list(&self, doc: &Document) -> String {
        let mut lines: Vec<String> = Vec::new();
        for verdict in &doc.verdict.sections {
            let blocking = verdict.gaps.iter().filter(|g| g.severity.blocks()).count();
            let state = if verdict.ready {
                "ready".to_string()
            } else {
                crate::check::gaps_label(blocking)
            };
            lines.push(format!("- **{} {state}", label_with_colon(&verdict.title)));
            for gap in &verdict.gaps {
                let advisory = if gap.severity.blocks() {
                    ""
                } else {
                    "Advisory: "
                };
                lines.push(format!(
                    "  - {advisory}{} Fix: {}",
                    inline_text(&gap.problem),
                    inline_text(&gap.fix)
                ));
            }
        }
        lines.join("\n")
    }

    /// One block. `level` is the heading level of a long answer's label;
    /// without `labelled`, long answers and tables come without it.
    pub fn block(&mut self, block: &Block, context: &str, level: usize, labelled: bool) -> String {
        let mut chunks: Vec<String> = Vec::new();
        match block {
            Block::Facts(facts) => {
                let lines: Vec<String> = facts
                    .iter()
                    .map(|(label, value)| {
                        format!("- **{} {}", label_with_colon(label), inline(value))
                    })
                    .collect();
                chunks.push(lines.join("\n"));
            }
            Block::Prose { label, value } => {
                if labelled {
                    chunks.push(self.label_heading(label, context, level));
                }
                let body = match value {
                    Value::Markdown(text) => markdown_block(text, level, &mut self.headings, label),
                    other => standalone(other),
                };
                chunks.push(body);
            }
            Block::Table {
                label,
                header,
                rows,
                whole,
            } => {
                if labelled {
                    chunks.push(self.label_heading(label, context, level));
                }
                if let Some(value) = whole {
                    chunks.push(standalone(value));
                } else {
                    let mut lines = Vec::with_capacity(rows.len() + 2);
                    let cells: Vec<String> = header.iter().map(|h| inline_text(h)).collect();
                    lines.push(table_row(&cells));
                    lines.push(table_row(&vec!["---".to_string(); header.len()]));
                    for row in rows {
                        let cells: Vec<String> = row.iter().map(table_cell).collect();
                        lines.push(table_row(&cells));
                    }
                    chunks.push(lines.join("\n"));
                }
            }
        }
        chunks.join("\n\n")
    }

    fn label_heading(&mut self, label: &str, context: &str, level: usize) -> String {
        let heading = self.headings.claim(label, context);
        format!(
            "{} {}",
            "#".repeat(level.clamp(1, 6)),
            self::heading(&heading)
        )
    }
}

/// The text of a heading the registry handed out. The registry drops
/// sentence punctuation from the end (markdownlint MD026) unless nothing
/// else is left, as in a title of "..."; such a last character is written
/// as a character reference, which reads the same.
fn heading(claimed: &str) -> String {
    match claimed.chars().last() {
        Some(last) if ['.', ',', ';', ':', '!', '。', '，', '；', '：', '！'].contains(&last) =>
        {
            let rest = &claimed[..claimed.len() - last.len_utf8()];
            format!("{}&#{};", heading_inline(rest), u32::from(last))
        }
        _ => heading_inline(claimed),
    }
}

fn meta_item(label: &str, value: &Value) -> String {
    format!("- **{}:** {}", inline_text(label), inline(value))
}

fn non_empty(text: String) -> String {
    if text.is_empty() {
        "Untitled".to_string()
    } else {
        text
    }
}

/// `Label:` inside bold, leaving a question mark as it is.
fn label_with_colon(label: &str) -> String {
    let label = inline_text(label);
    if label.ends_with('?') {
        format!("{label}**")
    } else {
        format!("{label}:**")
    }
}

/// One GFM table row; empty cells stay `| |` (markdownlint MD060).
pub(super) fn table_row(cells: &[String]) -> String {
    let mut line = String::with_capacity(1 + cells.iter().map(|c| c.len() + 3).sum::<usize>());
    line.push('|');
    for cell in cells {
        if !cell.is_empty() {
            line.push(' ');
            line.push_str(cell);
        }
        line.push_str(" |");
    }
    line
}

fn table_cell(value: &Value) -> String {
    match value {
        Value::Blank { required: false } => String::new(),
        other => inline(other),
    }
}

/// A value inside a line (list item or table cell).
pub(crate) fn inline(value: &Value) -> String {
    match value {
        Value::Blank { .. } => NOT_ANSWERED.to_string(),
        Value::Unknown(None) => UNKNOWN.to_string(),
        Value::Unknown(Some(note)) => format!("{UNKNOWN} ({})", inline_text(note)),
        Value::Text(text) | Value::Markdown(text) => {
            let escaped = inline_text(text);
            if escaped.is_empty() {
                NOT_ANSWERED.to_string()
            } else {
                escaped
            }
        }
        Value::Link(link) => inline_text(link),
    }
}

/// A value as its own paragraph. Ends in a full stop so that linters do not
/// take an emphasised line for a heading.
pub(crate) fn standalone(value: &Value) -> String {
    match value {
        Value::Blank { .. } => "_Not answered._".to_string(),
        Value::Unknown(None) => "**Unknown.**".to_string(),
        Value::Unknown(Some(note)) => format!("**Unknown:** {}", inline_text(note)),
        other => inline(other),
    }
}
