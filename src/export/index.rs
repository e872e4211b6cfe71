//! The index of a folder export: one table row per record, linking to its
//! file, with status (and what superseded it), readiness, tags and the date
//! of the last change.

use std::cmp::Ordering;
use std::collections::HashMap;

use super::escape::{inline_text, link_text};
use super::{Context, IndexEntry, Layout, file_stem};
use crate::record::{LinkKind, Record, RecordId};

/// The index's title (its H1, and the page title of `index.html`).
pub const TITLE: &str = "Decision records";

/// The index as Markdown, linking to files with `extension`. Rows are in
/// number order in the adr layout (unnumbered records last), otherwise
/// oldest first; ties go by id so the order never depends on the caller.
pub fn markdown(entries: &[IndexEntry], ctx: &Context, layout: Layout, extension: &str) -> String {
    let mut out = format!("# {TITLE}\n\n");
    if entries.is_empty() {
        out.push_str("No records yet.\n");
        return out;
    }
    let mut sorted: Vec<&IndexEntry> = entries.iter().collect();
    sorted.sort_by(|a, b| order(layout, a.record, b.record));

    out.push_str(&format!(
        "{} record{}.\n\n",
        entries.len(),
        if entries.len() == 1 { "" } else { "s" }
    ));
    let first = match layout {
        Layout::Adr => "No.",
        Layout::Default => "Date",
    };
    out.push_str(&format!(
        "| {first} | Title | Status | Readiness | Tags | Updated |\n"
    ));
    out.push_str("| --- | --- | --- | --- | --- | --- |\n");
    let known: Vec<&Record> = entries.iter().map(|e| e.record).collect();
    let successors = successors_of(ctx, &known);
    for entry in sorted {
        let record = entry.record;
        let first = match layout {
            Layout::Adr => record.number.map(|n| n.to_string()).unwrap_or_default(),
            Layout::Default => record.created.strftime("%Y-%m-%d").to_string(),
        };
        let title = format!(
            "[{}]({}.{extension})",
            link_text_or_untitled(&record.title),
            file_stem(layout, record)
        );
        let readiness = match &entry.verdict {
            None => "Not checked".to_string(),
            Some(verdict) if verdict.gap_count() == 0 => "Ready".to_string(),
            Some(verdict) => crate::check::gaps_label(verdict.gap_count()),
        };
        let cells = [
            first,
            title,
            status_cell(
                record,
                successors.get(&record.id).map_or(&[], Vec::as_slice),
                layout,
                extension,
            ),
            readiness,
            inline_text(
                &record
                    .tags
                    .iter()
                    .map(|t| t.trim_matches(|c: char| c.is_whitespace() || c.is_control()))
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            record.updated.strftime("%Y-%m-%d").to_string(),
        ];
        out.push_str(&super::markdown::table_row(&cells));
        out.push('\n');
    }
    out
}

fn order(layout: Layout, a: &Record, b: &Record) -> Ordering {
    let by_number = match layout {
        Layout::Adr => match (a.number, b.number) {
            (Some(x), Some(y)) => x.cmp(&y),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        },
        Layout::Default => Ordering::Equal,
    };
    by_number
        .then(a.created.cmp(&b.created))
        .then_with(|| a.id.cmp(&b.id))
}

/// Who supersedes each record: records from the context, then the
/// entries, each once. Worked out once per index, since scanning every
/// record for every row made a 10,000-record index quadratic.
fn successors_of<'a>(
    ctx: &Context<'a>,
    known: &[&'a Record],
) -> HashMap<&'a RecordId, Vec<&'a Record>> {
    let mut map: HashMap<&RecordId, Vec<&Record>> = HashMap::new();
    for other in ctx.records.iter().chain(known.iter().copied()) {
        for link in &other.links {
            if link.kind != LinkKind::Supersedes || link.target == other.id {
                continue;
            }
            let list = map.entry(&link.target).or_default();
            if !list.iter().any(|r| r.id == other.id) {
                list.push(other);
            }
        }
    }
    map
}

/// The status, and for a record others supersede, links to them:
/// `Superseded by [9. New](0009-new.md)`.
fn status_cell(record: &Record, successors: &[&Record], layout: Layout, extension: &str) -> String {
    if successors.is_empty() {
        return record.status.title().to_string();
    }
    let links: Vec<String> = successors
        .iter()
        .map(|other| {
            let text = match layout {
                Layout::Adr => format!("{}. {}", other.number.unwrap_or(0), other.title.trim()),
                Layout::Default => other.title.clone(),
            };
            format!(
                "[{}]({}.{extension})",
                link_text_or_untitled(&text),
                file_stem(layout, other)
            )
        })
        .collect();
    let links = links.join(", ");
    if record.status == crate::record::Status::Superseded {
        format!("Superseded by {links}")
    } else {
        format!("{}; superseded by {links}", record.status.title())
    }
}

fn link_text_or_untitled(text: &str) -> String {
    let text = link_text(text);
    if text.is_empty() {
        "Untitled".to_string()
    } else {
        text
    }
}
