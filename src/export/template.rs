//! User templates for the Markdown export (`--template FILE`).
//!
//! A template is Markdown with `{{name}}` placeholders; `{{{{` writes a
//! literal `{{`. Everything a placeholder inserts from the record is
//! escaped exactly as in the default export, and inserted text is never
//! read again for placeholders. docs/publishing.md lists the placeholders.

use std::fmt;

use super::ExportContext;
use super::document::{self, Block, Document};
use super::escape::{heading_text, inline_text};
use super::markdown::{LinkStyle, Writer, inline, standalone};
use crate::questionnaire::QuestionSet;
use crate::record::Record;

/// Placeholder names that take no argument, as written between the braces.
pub const NAMES: [&str; 15] = [
    "title",
    "id",
    "status",
    "date",
    "updated",
    "author",
    "tags",
    "readiness",
    "meta",
    "history",
    "links",
    "sections",
    "gaps",
    "number",
    "meetings",
];

/// A parsed template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    parts: Vec<Part>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Literal(String),
    Slot(Slot),
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Slot {
    what: Placeholder,
    /// As written, braces included, for error messages.
    written: String,
    /// 1-based line of the opening braces.
    line: usize,
    /// Level of the last Markdown heading before the placeholder (0 when
    /// none): a long answer's own headings go below it.
    level: usize,
    /// The placeholder ends a heading line, so what it writes must be fit
    /// to end a heading.
    ends_heading: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Placeholder {
    Named(&'static str),
    Section(String),
    Field(String),
}

/// A problem with a template: which placeholder, on which line, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateError {
    /// The placeholder as written (`{{titel}}`, or `{{title` when unclosed).
    pub placeholder: String,
    /// 1-based line it starts on.
    pub line: usize,
    /// What is wrong and what would fix it.
    pub message: String,
}

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "template line {}: {}: {}",
            self.line, self.placeholder, self.message
        )
    }
}

impl std::error::Error for TemplateError {}

impl Template {
    /// Parses a template. Unknown placeholder names, `section:`/`field:`
    /// without an id, and `{{` without a closing `}}` on the same line are
    /// errors. Ids are checked against a set by [`Template::check`].
    pub fn parse(text: &str) -> Result<Template, TemplateError> {
        let mut parts: Vec<Part> = Vec::new();
        let mut literal = String::new();
        let mut rest = text;
        let mut consumed = 0usize;
        while let Some(open) = rest.find("{{") {
            literal.push_str(&rest[..open]);
            let at = consumed + open;
            let after = &rest[open + 2..];
            if let Some(stripped) = after.strip_prefix("{{") {
                literal.push_str("{{");
                rest = stripped;
                consumed = at + 4;
                continue;
            }
            let line = text[..at].matches('\n').count() + 1;
            let line_end = after.find('\n').unwrap_or(after.len());
            let Some(close) = after[..line_end].find("}}") else {
                let shown: String = after[..line_end].chars().take(40).collect();
                return Err(TemplateError {
                    placeholder: format!("{{{{{}", shown.trim_end()),
                    line,
                    message: "no closing }} on the same line; write {{{{ for a literal {{"
                        .to_string(),
                });
            };
            let inner = &after[..close];
            let written = format!("{{{{{inner}}}}}");
            let what = placeholder(inner.trim()).map_err(|message| TemplateError {
                placeholder: written.clone(),
                line,
                message,
            })?;
            if !literal.is_empty() {
                parts.push(Part::Literal(std::mem::take(&mut literal)));
            }
            let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
            let after_close = &after[close + 2..];
            let line_rest = &after_close[..after_close.find('\n').unwrap_or(after_close.len())];
            parts.push(Part::Slot(Slot {
                what,
                written,
                line,
                level: last_heading_level(&text[..at]),
                ends_heading: heading(&format!("{}x", &text[line_start..at])).is_some()
                    && line_rest.trim().is_empty(),
            }));
            rest = &after[close + 2..];
            consumed = at + 2 + close + 2;
        }
        literal.push_str(rest);
        if !literal.is_empty() {
            parts.push(Part::Literal(literal));
        }
        Ok(Template { parts })
    }

    /// Parses a template and checks its section and field ids against a set.
    pub fn parse_for(text: &str, set: &QuestionSet) -> Result<Template, TemplateError> {
        let template = Template::parse(text)?;
        template.check(set)?;
        Ok(template)
    }

    /// Checks that every `{{section:ID}}` and `{{field:ID}}` names a
    /// section or top-level field of `set`.
    pub fn check(&self, set: &QuestionSet) -> Result<(), TemplateError> {
        for slot in self.slots() {
            let problem = match &slot.what {
                Placeholder::Section(id) if !set.sections.iter().any(|s| &s.id == id) => {
                    let known: Vec<&str> = set.sections.iter().map(|s| s.id.as_str()).collect();
                    Some(format!(
                        "question set {:?} has no section {id:?}; its sections are {}",
                        set.id,
                        known.join(", ")
                    ))
                }
                Placeholder::Field(id) if set.field(id).is_none() => {
                    let known: Vec<&str> = set.fields().map(|(_, f)| f.id.as_str()).collect();
                    Some(format!(
                        "question set {:?} has no field {id:?}; its fields are {}",
                        set.id,
                        known.join(", ")
                    ))
                }
                _ => None,
            };
            if let Some(message) = problem {
                return Err(TemplateError {
                    placeholder: slot.written.clone(),
                    line: slot.line,
                    message,
                });
            }
        }
        Ok(())
    }

    /// Fills the template for one record; links to other records point at
    /// `.md` files. A section or field id the set does not have (see
    /// [`Template::check`]) is written out as the placeholder text.
    pub fn render(&self, set: &QuestionSet, record: &Record, ctx: &ExportContext) -> String {
        self.render_linking(set, record, ctx, "md")
    }

    /// As [`Template::render`], with links to other records pointing at
    /// files with `extension` (without the dot).
    pub fn render_linking(
        &self,
        set: &QuestionSet,
        record: &Record,
        ctx: &ExportContext,
        extension: &'static str,
    ) -> String {
        let doc = document::build_with(set, record, ctx.records);
        let mut writer = Writer::new(LinkStyle {
            folder: ctx.folder,
            extension,
        });
        // Headings the template writes itself come first, so inserted
        // headings that repeat one are told apart.
        for part in &self.parts {
            if let Part::Literal(text) = part {
                for heading in literal_headings(text) {
                    writer.headings.claim(&heading, "");
                }
            }
        }
        let mut out = String::new();
        for part in &self.parts {
            match part {
                Part::Literal(text) => out.push_str(text),
                Part::Slot(slot) => {
                    let filled = fill(slot, set, record, &doc, &mut writer);
                    if slot.ends_heading && !filled.contains('\n') {
                        out.push_str(&end_heading(&filled));
                    } else {
                        out.push_str(&filled);
                    }
                }
            }
        }
        out
    }

    fn slots(&self) -> impl Iterator<Item = &Slot> {
        self.parts.iter().filter_map(|p| match p {
            Part::Slot(slot) => Some(slot),
            Part::Literal(_) => None,
        })
    }
}

fn placeholder(inner: &str) -> Result<Placeholder, String> {
    if let Some((kind, id)) = inner.split_once(':') {
        let id = id.trim();
        let kind = kind.trim();
        if !matches!(kind, "section" | "field") {
            return Err(format!(
                "unknown placeholder {kind:?}; only section:ID and field:ID take an id"
            ));
        }
        if id.is_empty() {
            return Err(format!("{kind}: needs an id, as in {{{{{kind}:ID}}}}"));
        }
        return Ok(match kind {
            "section" => Placeholder::Section(id.to_string()),
            _ => Placeholder::Field(id.to_string()),
        });
    }
    NAMES
        .iter()
        .find(|n| **n == inner)
        .map(|n| Placeholder::Named(n))
        .ok_or_else(|| {
            format!(
                "unknown placeholder; known: {}, section:ID, field:ID ({{{{{{{{ writes {{{{)",
                NAMES.join(", ")
            )
        })
}

fn fill(
    slot: &Slot,
    set: &QuestionSet,
    record: &Record,
    doc: &Document,
    writer: &mut Writer,
) -> String {
    let meta = |label: &str| -> String {
        doc.meta
            .iter()
            .find(|(l, _)| l == label)
            .map(|(_, v)| inline(v))
            .unwrap_or_default()
    };
    match &slot.what {
        Placeholder::Named(name) => match *name {
            "title" => inline_text(&record.title),
            "id" => record.id.to_string(),
            "status" => record.status.title().to_string(),
            "date" => doc.date.clone(),
            "updated" => meta("Updated"),
            "author" => meta("Author"),
            "tags" if record.tags.is_empty() => "_None_".to_string(),
            "tags" => inline_text(&record.tags.join(", ")),
            "number" => record.number.unwrap_or(0).to_string(),
            "readiness" => document::readiness_line(set, &doc.verdict),
            "meta" => writer.meta_list(doc),
            "history" => writer.history_list(doc),
            "links" => writer.links_list(doc),
            "sections" => writer.sections(doc).join("\n\n"),
            "gaps" => writer.readiness_list(doc),
            "meetings" => writer.meetings(&doc.meetings).join("\n\n"),
            _ => unreachable!("every name in NAMES is filled"),
        },
        Placeholder::Section(id) => match doc.sections.iter().find(|s| &s.id == id) {
            Some(section) => writer.section(section),
            None => inline_text(&slot.written),
        },
        Placeholder::Field(id) => match set.field(id) {
            Some(field) => match document::field_block(field, record) {
                Block::Facts(facts) => facts.first().map(|(_, v)| inline(v)).unwrap_or_default(),
                block @ Block::Prose { .. } | block @ Block::Table { .. } => {
                    let level = slot.level.max(1);
                    let body = writer.block(&block, &field.label, level, false);
                    if body.is_empty() {
                        standalone(&document::Value::Blank { required: false })
                    } else {
                        body
                    }
                }
            },
            None => inline_text(&slot.written),
        },
    }
}

/// Escaped inline text made fit to end a heading: sentence punctuation at
/// its end is dropped, as in every heading of the export (markdownlint
/// MD026), with any backslash that escaped it. A character reference at
/// the end (`&#93;`) is a character, not a `;`, and stays.
fn end_heading(escaped: &str) -> String {
    let ends_in_reference = escaped.rfind('&').is_some_and(|amp| {
        let name = &escaped[amp + 1..];
        name.len() > 1
            && name.ends_with(';')
            && name[..name.len() - 1]
                .trim_start_matches('#')
                .chars()
                .all(|c| c.is_ascii_alphanumeric())
    });
    if ends_in_reference {
        return escaped.to_string();
    }
    let kept = heading_text(escaped);
    if kept.len() == escaped.len() {
        return kept.to_string();
    }
    let backslashes = kept.len() - kept.trim_end_matches('\\').len();
    let kept = if backslashes % 2 == 1 {
        &kept[..kept.len() - 1]
    } else {
        kept
    };
    kept.trim_end().to_string()
}

/// Level of the last ATX heading in `text` (0 when there is none).
fn last_heading_level(text: &str) -> usize {
    text.lines()
        .rev()
        .find_map(|line| heading(line).map(|(level, _)| level))
        .unwrap_or(0)
}

/// Texts of the ATX headings in a piece of template.
fn literal_headings(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|line| heading(line).map(|(_, t)| t))
        .filter(|t| !t.is_empty())
        .collect()
}

/// `## Text` → (2, "Text").
fn heading(line: &str) -> Option<(usize, String)> {
    let trimmed = line.trim_start_matches(' ');
    if line.len() - trimmed.len() > 3 {
        return None;
    }
    let level = trimmed.chars().take_while(|c| *c == '#').count();
    if !(1..=6).contains(&level) {
        return None;
    }
    let rest = &trimmed[level..];
    if !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
        return None;
    }
    Some((level, rest.trim().trim_end_matches('#').trim().to_string()))
}
