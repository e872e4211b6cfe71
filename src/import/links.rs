//! Turns the links files write ("Superseded by [4. …](0004-….md)",
//! "Supersedes ADR-0002", "Amends [3. …]") into preflight links between the
//! imported records, whichever side wrote them and whatever link text or
//! relative path they used.

use super::source::{SourceDoc, SourceLink, number_prefix};
use super::{Action, Report};
use crate::record::{Record, RecordId};

/// A record a link can point at.
struct Target {
    file: String,
    number: Option<u32>,
    title: String,
    id: RecordId,
}

/// Adds each file's links to the records of this import (or records an
/// earlier import of the same folder made). A link is stored once, on the
/// record that supersedes, amends or relates; the other side shows it
/// reversed. A record that only gains a link is marked [`Action::Linked`].
pub fn connect(report: &mut Report, docs: &[SourceDoc], existing: &[Record]) {
    let mut targets: Vec<Target> = report
        .outcomes
        .iter()
        .map(|o| Target {
            file: o.file.clone(),
            number: o.record.number,
            title: o.record.title.to_lowercase(),
            id: o.record.id.clone(),
        })
        .collect();
    for record in existing {
        if let Some(imported) = &record.imported
            && imported.folder == report.folder
            && !targets.iter().any(|t| t.id == record.id)
        {
            targets.push(Target {
                file: imported.file.clone(),
                number: record.number,
                title: record.title.to_lowercase(),
                id: record.id.clone(),
            });
        }
    }
    for (index, doc) in docs.iter().enumerate() {
        let this = report.outcomes[index].record.id.clone();
        for link in &doc.links {
            let Some(other) = resolve(link, &targets) else {
                if report.outcomes[index].action != Action::Unchanged {
                    report.outcomes[index].warnings.push(format!(
                        "the link {:?} names no record in this folder; it stays in the text only",
                        describe(link)
                    ));
                }
                continue;
            };
            let (owner, target) = if link.reverse {
                (other, this.clone())
            } else {
                (this.clone(), other)
            };
            if owner == target {
                continue;
            }
            if let Some(outcome) = report.outcomes.iter_mut().find(|o| o.record.id == owner)
                && outcome.record.add_link(link.kind, &target)
                && matches!(outcome.action, Action::Unchanged | Action::Changed)
            {
                outcome.action = Action::Linked;
            }
        }
    }
}

fn describe(link: &SourceLink) -> String {
    let verb = if link.reverse {
        link.kind.reverse_label()
    } else {
        link.kind.forward_label()
    };
    if link.dest.is_empty() {
        format!("{verb} {}", link.text)
    } else {
        format!("{verb} {} ({})", link.text, link.dest)
    }
}

/// The record a link points at: by file name (any folder prefix, fragment
/// or extension), then by number in the file name or link text, then by
/// title.
fn resolve(link: &SourceLink, targets: &[Target]) -> Option<RecordId> {
    let dest = link.dest.split(['#', '?']).next().unwrap_or_default();
    let name = dest
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or_default()
        .replace("%20", " ");
    if !name.is_empty() && !dest.contains("://") {
        let stem = strip_extension(&name);
        if let Some(t) = targets
            .iter()
            .find(|t| t.file == name || strip_extension(&t.file) == stem)
        {
            return Some(t.id.clone());
        }
        if let (Some(number), _) = number_prefix(stem)
            && let Some(id) = by_number(number, targets)
        {
            return Some(id);
        }
    }
    let text = link.text.trim();
    if let Some(number) = leading_number(text)
        && let Some(id) = by_number(number, targets)
    {
        return Some(id);
    }
    let bare = text
        .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.')
        .trim()
        .to_lowercase();
    targets
        .iter()
        .find(|t| t.title == bare || t.title == text.to_lowercase())
        .map(|t| t.id.clone())
}

fn by_number(number: u32, targets: &[Target]) -> Option<RecordId> {
    let mut matching = targets.iter().filter(|t| t.number == Some(number));
    let first = matching.next()?;
    // Two records with one number: the link cannot say which.
    matching.next().is_none().then(|| first.id.clone())
}

fn strip_extension(name: &str) -> &str {
    for ext in [".md", ".markdown", ".html", ".htm"] {
        if let Some(stem) = name.strip_suffix(ext) {
            return stem;
        }
    }
    name
}

/// "ADR-0005", "#5", "5. Use Redis", "0005" → 5.
fn leading_number(text: &str) -> Option<u32> {
    let lower = text.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("adr")
        .unwrap_or(&lower)
        .trim_start_matches(['-', '#', ' ', '_']);
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    if digits.is_empty() || digits.len() > 6 {
        return None;
    }
    let after = &rest[digits.len()..];
    (after.is_empty() || after.starts_with(['.', ':', ' ', '-']))
        .then(|| digits.parse().ok())
        .flatten()
}
