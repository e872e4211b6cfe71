//! Markdown export: H1 title, a metadata list, one H2 per section, short
//! answers as a list, long answers under H3, tables as GFM tables, and a
//! readiness summary. Clean under markdownlint's default rules (MD013 aside).

use super::document::{Block, Document, Value};
use super::escape::{HeadingRegistry, inline_text, markdown_block};

/// Shown for a blank answer.
pub const NOT_ANSWERED: &str = "_Not answered_";
/// Shown for an explicit unknown.
pub const UNKNOWN: &str = "**Unknown**";

/// Renders a laid-out record as Markdown, ending with one newline.
pub fn render(doc: &Document) -> String {
    let mut headings = HeadingRegistry::default();
    let mut out = String::new();
    let title = headings.claim(&doc.title, "");
    out.push_str(&format!("# {}\n\n", inline_text(&title)));
    for (label, value) in &doc.meta {
        out.push_str(&format!(
            "- **{}:** {}\n",
            inline_text(label),
            inline(value)
        ));
    }

    for section in &doc.sections {
        let title = if section.optional {
            format!("{} (optional)", section.title)
        } else {
            section.title.clone()
        };
        let heading = headings.claim(&title, "");
        out.push_str(&format!("\n## {}\n", inline_text(&heading)));
        for block in &section.blocks {
            out.push('\n');
            render_block(&mut out, block, &mut headings, &section.title);
        }
    }

    if !doc.orphans.is_empty() {
        let heading = headings.claim("Other answers", "");
        out.push_str(&format!("\n## {heading}\n\n"));
        out.push_str("These answers belong to fields the question set no longer has.\n\n");
        for (id, value) in &doc.orphans {
            out.push_str(&format!("- **{}:** {}\n", inline_text(id), inline(value)));
        }
    }

    let heading = headings.claim("Readiness", "");
    out.push_str(&format!("\n## {heading}\n\n"));
    for verdict in &doc.verdict.sections {
        let state = if verdict.ready {
            "ready".to_string()
        } else {
            format!(
                "{} gap{}",
                verdict.gaps.len(),
                if verdict.gaps.len() == 1 { "" } else { "s" }
            )
        };
        out.push_str(&format!(
            "- **{} {state}\n",
            label_with_colon(&verdict.title)
        ));
        for gap in &verdict.gaps {
            out.push_str(&format!(
                "  - {} Fix: {}\n",
                inline_text(&gap.problem),
                inline_text(&gap.fix)
            ));
        }
    }
    out
}

fn render_block(out: &mut String, block: &Block, headings: &mut HeadingRegistry, context: &str) {
    match block {
        Block::Facts(facts) => {
            for (label, value) in facts {
                out.push_str(&format!(
                    "- **{} {}\n",
                    label_with_colon(label),
                    inline(value)
                ));
            }
        }
        Block::Prose { label, value } => {
            let heading = headings.claim(label, context);
            out.push_str(&format!("### {}\n\n", inline_text(&heading)));
            let body = match value {
                Value::Markdown(text) => markdown_block(text, 3, headings, label),
                other => standalone(other),
            };
            out.push_str(&body);
            out.push('\n');
        }
        Block::Table {
            label,
            header,
            rows,
            whole,
        } => {
            let heading = headings.claim(label, context);
            out.push_str(&format!("### {}\n\n", inline_text(&heading)));
            if let Some(value) = whole {
                out.push_str(&standalone(value));
                out.push('\n');
                return;
            }
            let cells: Vec<String> = header.iter().map(|h| cell_text(h)).collect();
            out.push_str(&table_row(&cells));
            out.push_str(&table_row(&vec!["---".to_string(); header.len()]));
            for row in rows {
                let cells: Vec<String> = row.iter().map(table_cell).collect();
                out.push_str(&table_row(&cells));
            }
        }
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

fn table_row(cells: &[String]) -> String {
    let mut line = String::from("|");
    for cell in cells {
        if cell.is_empty() {
            line.push_str(" |");
        } else {
            line.push_str(&format!(" {cell} |"));
        }
    }
    line.push('\n');
    line
}

fn cell_text(text: &str) -> String {
    inline_text(text)
}

fn table_cell(value: &Value) -> String {
    match value {
        Value::Blank { required: false } => String::new(),
        other => inline(other),
    }
}

/// A value inside a line (list item or table cell).
fn inline(value: &Value) -> String {
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
fn standalone(value: &Value) -> String {
    match value {
        Value::Blank { .. } => "_Not answered._".to_string(),
        Value::Unknown(None) => "**Unknown.**".to_string(),
        Value::Unknown(Some(note)) => format!("**Unknown:** {}", inline_text(note)),
        other => inline(other),
    }
}
