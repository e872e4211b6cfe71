//! Exports of a record: a laid-out document, then Markdown (the one
//! rendering of structure), HTML from that Markdown, and terminal text.
//!
//! Publishing to a wiki builds on the same pieces: YAML front matter
//! ([`front_matter`]), the adr-tools layout ([`Layout::Adr`]), an index of
//! every record ([`index_markdown`]), standalone HTML pages ([`page`]) and
//! user templates ([`template`]).

mod answer;
pub mod depth;
pub mod document;
pub mod escape;
pub mod folder;
pub mod front_matter;
pub mod html;
pub mod index;
pub mod literal;
pub mod manifest;
pub mod markdown;
pub mod meetings;
pub mod page;
pub mod page_files;
mod plain_answer;
pub mod prune;
pub mod template;
pub mod text;

use crate::check::Verdict;
use crate::questionnaire::QuestionSet;
use crate::record::Record;

use markdown::LinkStyle;

/// How a folder of exported records is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// `slug.md` files in preflight's own shape.
    Default,
    /// adr-tools / MADR: `0007-title.md` files starting `# 7. Title`,
    /// `Date:` and a `## Status` section.
    Adr,
}

impl Layout {
    /// The layout's name as `--layout` and the config file spell it.
    pub fn name(self) -> &'static str {
        match self {
            Layout::Default => "default",
            Layout::Adr => "adr",
        }
    }
}

/// What an export can see beyond the record itself.
#[derive(Debug, Clone, Copy)]
pub struct ExportContext<'a> {
    /// Every record in the store (for link titles and derived reverse links).
    pub records: &'a [Record],
    /// Some(layout) when exporting a folder: links to other records become
    /// relative links to their files; None for a single export (links show
    /// title and id).
    pub folder: Option<Layout>,
}

impl<'a> ExportContext<'a> {
    /// A single-record export that sees `records` for link titles.
    pub fn single(records: &'a [Record]) -> ExportContext<'a> {
        ExportContext {
            records,
            folder: None,
        }
    }

    fn layout(&self) -> Layout {
        self.folder.unwrap_or(Layout::Default)
    }

    fn links(&self, extension: &'static str) -> LinkStyle {
        LinkStyle {
            folder: self.folder,
            extension,
        }
    }
}

/// The record as Markdown, seeing no other records.
pub fn to_markdown(set: &QuestionSet, record: &Record) -> String {
    markdown(set, record, &ExportContext::single(&[]), false)
}

/// One section of the record as Markdown, as the export writes it (its H2
/// and answers), for showing an answer on its own (meeting mode).
pub fn section_markdown(set: &QuestionSet, record: &Record, section_id: &str) -> Option<String> {
    let doc = document::build(set, record);
    let section = doc.sections.iter().find(|s| s.id == section_id)?;
    Some(markdown::Writer::new(LinkStyle::SINGLE).section(section))
}

/// Markdown for one record. `front_matter`: YAML front matter first (the
/// title then lives there, not in an H1, so that a site does not show it
/// twice and markdownlint's one-H1 rule holds). With
/// `ctx.folder == Some(Layout::Adr)` the body follows the adr-tools shape.
/// Links to other records point at `.md` files.
pub fn markdown(
    set: &QuestionSet,
    record: &Record,
    ctx: &ExportContext,
    front_matter: bool,
) -> String {
    markdown_linking(set, record, ctx, front_matter, "md")
}

/// As [`markdown`], with links to other records pointing at files with
/// `extension` (without the dot).
pub fn markdown_linking(
    set: &QuestionSet,
    record: &Record,
    ctx: &ExportContext,
    front_matter: bool,
    extension: &'static str,
) -> String {
    let doc = document::build_with(set, record, ctx.records);
    let body = markdown::render_with(&doc, ctx.layout(), ctx.links(extension), !front_matter);
    if front_matter {
        format!("{}\n{body}", self::front_matter::render(set, record))
    } else {
        body
    }
}

/// The YAML front matter block of a record, `---` lines included, ending
/// with a newline.
pub fn front_matter(set: &QuestionSet, record: &Record) -> String {
    self::front_matter::render(set, record)
}

/// HTML for one record, rendered from `markdown(..., false)` through
/// [`html::fragment`], with links to other records pointing at `.html`
/// files. `standalone`: a complete page (doctype, charset, escaped title,
/// a small inline stylesheet, no scripts, nothing fetched from elsewhere).
pub fn html(set: &QuestionSet, record: &Record, ctx: &ExportContext, standalone: bool) -> String {
    let body = html::fragment(&markdown_linking(set, record, ctx, false, "html"));
    if standalone {
        page::standalone(&record.title, &body)
    } else {
        body
    }
}

/// The file name stem for a record in a layout. Default: the record's
/// stored published name, else one made from its title (not stored:
/// publishing never edits records; `numbering` finds two records that
/// would share one). Adr: `{number:04}-{name}`, `0000-{name}` for a record
/// that has no number yet (drafts are never numbered). A stored
/// name that is not a clean slug is cleaned, so a hand-edited record
/// cannot name a path outside the folder.
pub fn file_stem(layout: Layout, record: &Record) -> String {
    stem_of(layout, record.slug.as_deref(), record.number, &record.title)
}

/// [`file_stem`] from the fields it reads, for callers that hold a record's
/// summary rather than the record.
pub fn stem_of(layout: Layout, slug: Option<&str>, number: Option<u32>, title: &str) -> String {
    let name = slug
        .filter(|s| !s.trim().is_empty())
        .map(clean_slug)
        .unwrap_or_else(|| slug_for(title));
    match layout {
        Layout::Adr => format!("{:04}-{name}", number.unwrap_or(0)),
        Layout::Default => name,
    }
}

/// "N. Title" in the adr layout's headings and links; the title alone for
/// a record without a number.
pub fn numbered_title(number: Option<u32>, title: &str) -> String {
    match number {
        Some(number) => format!("{number}. {}", title.trim()),
        None => title.trim().to_string(),
    }
}

fn clean_slug(slug: &str) -> String {
    let clean = !slug.is_empty()
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !slug.starts_with('-')
        && !slug.ends_with('-');
    if clean {
        slug.to_string()
    } else {
        slug_for(slug)
    }
}

/// One row of the index: a record and its readiness (`None` when it could
/// not be checked, for example because its question set is missing).
#[derive(Debug, Clone)]
pub struct IndexEntry<'a> {
    /// The record.
    pub record: &'a Record,
    /// Its readiness verdict.
    pub verdict: Option<Verdict>,
}

/// `index.md`: a table of every record (number in the adr layout, date
/// otherwise; title linked to its file; status, with "Superseded by" links;
/// readiness; tags; last update).
pub fn index_markdown(entries: &[IndexEntry], ctx: &ExportContext, layout: Layout) -> String {
    index::markdown(entries, ctx, layout, "md")
}

/// `index.html`: the index as a standalone page linking to `.html` files.
pub fn index_html(entries: &[IndexEntry], ctx: &ExportContext, layout: Layout) -> String {
    let body = html::fragment(&index::markdown(entries, ctx, layout, "html"));
    page::standalone(index::TITLE, &body)
}

/// [`index_markdown`] from rows rather than records: `rows` are the
/// records listed, `all` every record in the store (for "Superseded by").
/// Rows can be made from summaries, so a re-export need not load every
/// record to rebuild the index.
pub fn index_markdown_rows(
    rows: &[index::IndexRow],
    all: &[index::IndexRow],
    layout: Layout,
) -> String {
    index::markdown_rows(rows, all, layout, "md")
}

/// [`index_html`] from rows (see [`index_markdown_rows`]).
pub fn index_html_rows(
    rows: &[index::IndexRow],
    all: &[index::IndexRow],
    layout: Layout,
) -> String {
    let body = html::fragment(&index::markdown_rows(rows, all, layout, "html"));
    page::standalone(index::TITLE, &body)
}

/// A file-name stem from a title: lowercase ASCII letters and digits joined
/// by single dashes, at most 60 characters; `record` when nothing is left
/// (a title of only emoji or CJK, say).
pub fn slug_for(title: &str) -> String {
    let mut slug = String::new();
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
        if slug.len() >= 60 {
            break;
        }
    }
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() {
        "record".to_string()
    } else {
        slug.to_string()
    }
}

#[cfg(test)]
mod tests;
