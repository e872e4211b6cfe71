//! The index of a folder export: one table row per record, linking to its
//! file, with status (and what superseded it), readiness, tags and the date
//! of the last change.

use std::cmp::Ordering;
use std::collections::HashMap;

use super::escape::{inline_text, link_text};
use jiff::Timestamp;

use super::{ExportContext, IndexEntry, Layout, stem_of};
use crate::check::{Readiness, Verdict};
use crate::list_index::Summary;
use crate::plural::plural;
use crate::record::{LinkKind, Record, RecordId, Status};

/// The index's title (its H1, and the page title of `index.html`).
pub const TITLE: &str = "Decision records";

/// What the index shows of one record: a few fields, its readiness and
/// whom it supersedes. Made from a loaded record ([`IndexRow::of_record`])
/// or from its list summary ([`IndexRow::of_summary`]), with the same result.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexRow {
    /// The record's id.
    pub id: RecordId,
    /// Its title.
    pub title: String,
    /// Its status.
    pub status: Status,
    /// Its published number.
    pub number: Option<u32>,
    /// Its stored published name.
    pub slug: Option<String>,
    /// When it was created.
    pub created: Timestamp,
    /// When it last changed.
    pub updated: Timestamp,
    /// Its tags.
    pub tags: Vec<String>,
    /// What its check found; `None` when it could not be checked.
    pub readiness: Option<Readiness>,
    /// The records it supersedes, in link order.
    pub supersedes: Vec<RecordId>,
}

impl IndexRow {
    /// The row of a loaded record with its readiness verdict.
    pub fn of_record(record: &Record, verdict: Option<&Verdict>) -> IndexRow {
        // The same row as its summary's, with the verdict given here.
        IndexRow {
            readiness: verdict.map(Readiness::of),
            ..IndexRow::of_summary(&Summary::of(record, None))
        }
    }

    /// The row of a record's list summary.
    pub fn of_summary(summary: &Summary) -> IndexRow {
        IndexRow {
            id: summary.id.clone(),
            title: summary.title.clone(),
            status: summary.status,
            number: summary.number,
            slug: summary.slug.clone(),
            created: summary.created,
            updated: summary.updated,
            tags: summary.tags.clone(),
            readiness: summary.verdict,
            supersedes: summary
                .links
                .iter()
                .filter(|link| link.kind == LinkKind::Supersedes)
                .map(|link| link.target.clone())
                .collect(),
        }
    }

    fn stem(&self, layout: Layout) -> String {
        stem_of(layout, self.slug.as_deref(), self.number, &self.title)
    }
}

/// The index as Markdown, linking to files with `extension`. Rows are in
/// number order in the adr layout (unnumbered records last), otherwise
/// oldest first; ties go by id so the order never depends on the caller.
pub fn markdown(
    entries: &[IndexEntry],
    ctx: &ExportContext,
    layout: Layout,
    extension: &str,
) -> String {
    let rows: Vec<IndexRow> = entries
        .iter()
        .map(|entry| IndexRow::of_record(entry.record, entry.verdict.as_ref()))
        .collect();
    let all: Vec<IndexRow> = ctx
        .records
        .iter()
        .map(|record| IndexRow::of_record(record, None))
        .collect();
    markdown_rows(&rows, &all, layout, extension)
}

/// [`markdown`] from rows: `rows` are listed, `all` (every record in the
/// store) and `rows` together say who supersedes whom.
pub fn markdown_rows(
    rows: &[IndexRow],
    all: &[IndexRow],
    layout: Layout,
    extension: &str,
) -> String {
    let mut out = format!("# {TITLE}\n\n");
    if rows.is_empty() {
        out.push_str("No records yet.\n");
        return out;
    }
    let mut sorted: Vec<&IndexRow> = rows.iter().collect();
    sorted.sort_by(|a, b| order(layout, a, b));

    out.push_str(&format!("{} record{}.\n\n", rows.len(), plural(rows.len())));
    let first = match layout {
        Layout::Adr => "No.",
        Layout::Default => "Date",
    };
    out.push_str(&format!(
        "| {first} | Title | Status | Readiness | Tags | Updated |\n"
    ));
    out.push_str("| --- | --- | --- | --- | --- | --- |\n");
    let successors = successors_of(all, rows);
    for row in sorted {
        let first = match layout {
            Layout::Adr => row.number.map(|n| n.to_string()).unwrap_or_default(),
            Layout::Default => row.created.strftime("%Y-%m-%d").to_string(),
        };
        let title = format!(
            "[{}]({}.{extension})",
            link_text_or_untitled(&row.title),
            row.stem(layout)
        );
        // A published page has no "today": it shows what the answers
        // lack, and the review date is on the record's own page.
        let readiness = match row.readiness {
            None => "Not checked".to_string(),
            Some(r) if r.answers_ready() => "Ready".to_string(),
            Some(r) => crate::check::gaps_label(r.blockers),
        };
        let cells = [
            first,
            title,
            status_cell(
                row,
                successors.get(&row.id).map_or(&[], Vec::as_slice),
                layout,
                extension,
            ),
            readiness,
            inline_text(
                &row.tags
                    .iter()
                    .map(|t| t.trim_matches(|c: char| c.is_whitespace() || c.is_control()))
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            row.updated.strftime("%Y-%m-%d").to_string(),
        ];
        out.push_str(&super::markdown::table_row(&cells));
        out.push('\n');
    }
    out
}

fn order(layout: Layout, a: &IndexRow, b: &IndexRow) -> Ordering {
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

/// Who supersedes each record: every record of the store, then the listed
/// rows, each once. Worked out once per index, since scanning every record
/// for every row made a 10,000-record index quadratic.
fn successors_of<'a>(
    all: &'a [IndexRow],
    rows: &'a [IndexRow],
) -> HashMap<&'a RecordId, Vec<&'a IndexRow>> {
    let mut map: HashMap<&RecordId, Vec<&IndexRow>> = HashMap::new();
    for other in all.iter().chain(rows) {
        for target in &other.supersedes {
            if *target == other.id {
                continue;
            }
            let list = map.entry(target).or_default();
            if !list.iter().any(|r| r.id == other.id) {
                list.push(other);
            }
        }
    }
    map
}

/// The status, and for a record others supersede, links to them:
/// `Superseded by [9. New](0009-new.md)`.
fn status_cell(
    row: &IndexRow,
    successors: &[&IndexRow],
    layout: Layout,
    extension: &str,
) -> String {
    if successors.is_empty() {
        return row.status.title().to_string();
    }
    let links: Vec<String> = successors
        .iter()
        .map(|other| {
            let text = match layout {
                Layout::Adr => super::numbered_title(other.number, &other.title),
                Layout::Default => other.title.clone(),
            };
            format!(
                "[{}]({}.{extension})",
                link_text_or_untitled(&text),
                other.stem(layout)
            )
        })
        .collect();
    let links = links.join(", ");
    if row.status == Status::Superseded {
        format!("Superseded by {links}")
    } else {
        format!("{}; superseded by {links}", row.status.title())
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
