//! `preflight check` output for CI: `--format github` prints workflow
//! annotations (`::error file=…,line=…::…`) that GitHub shows on the pull
//! request's changed files; `--format markdown` prints a short readiness
//! table to post as a pull-request comment.

use std::path::Path;

use crate::check::{Gap, Standing, Verdict};
use crate::doctor::Finding;
use crate::export::escape::inline_text;
use crate::plural::plural;
use crate::record::Record;
use crate::store::Store;

/// One checked record as the formats see it.
pub struct Checked<'a> {
    /// The record.
    pub record: &'a Record,
    /// Its verdict.
    pub verdict: &'a Verdict,
    /// Its standing by the readiness policy (blocking gaps, review date).
    pub standing: Standing,
    /// Its file, as given to the formats (relative to the repository when
    /// it can be, so GitHub can place the annotation).
    pub path: String,
}

impl Checked<'_> {
    /// Ready: no blocking gap and not overdue.
    pub fn ready(&self) -> bool {
        self.standing.ready()
    }
}

/// A path as annotations and comments show it: relative to `base` (the
/// current folder, where CI runs) when the file is inside it.
pub fn shown_path(path: &Path, base: Option<&Path>) -> String {
    base.and_then(|base| path.strip_prefix(base).ok())
        .unwrap_or(path)
        .display()
        .to_string()
}

/// Escapes an annotation's message (GitHub's workflow-command rules).
fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes an annotation property value (file, title).
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

/// The 1-based line of a gap's field in the record file: its key inside
/// `"answers"`, else the `"answers"` line (a blank answer is not stored),
/// else 1.
fn line_of(text: &str, gap: &Gap) -> usize {
    let lines: Vec<&str> = text.lines().collect();
    let answers = lines
        .iter()
        .position(|line| line.trim_start().starts_with("\"answers\""));
    let key = format!("\"{}\":", gap.field);
    answers
        .and_then(|start| {
            lines[start..]
                .iter()
                .position(|line| line.trim_start().starts_with(&key))
                .map(|offset| start + offset)
                .or(Some(start))
        })
        .map_or(1, |index| index + 1)
}

/// What a check found, for the CI formats.
pub struct Report<'a> {
    /// The store checked.
    pub store: &'a Store,
    /// The records checked.
    pub checked: &'a [Checked<'a>],
    /// Store problems that involve them.
    pub findings: &'a [Finding],
    /// Files that could not be read, names that match nothing.
    pub errors: &'a [String],
    /// The folder paths are shown relative to (where CI runs).
    pub base: Option<&'a Path>,
}

impl Report<'_> {
    /// "2 of 3 records ready; 1 store problem."
    fn summary(&self) -> String {
        let ready = self.checked.iter().filter(|c| c.ready()).count();
        let mut line = format!(
            "{ready} of {} record{} ready",
            self.checked.len(),
            plural(self.checked.len())
        );
        let problems = self.findings.len() + self.errors.len();
        if problems > 0 {
            line.push_str(&format!("; {problems} store problem{}", plural(problems)));
        }
        line.push('.');
        line
    }

    /// A store problem's file, as shown (see [`shown_path`]).
    fn finding_path(&self, finding: &Finding) -> String {
        shown_path(&finding.path(self.store), self.base)
    }

    /// GitHub annotations: one `::error` per gap, per overdue review, per
    /// store problem and per unreadable file, then a one-line summary.
    pub fn github(&self) -> String {
        let mut out = String::new();
        for item in self.checked {
            let file = property(&item.path);
            let title = property(&format!("{} ({})", item.record.title, item.record.id));
            let text = std::fs::read_to_string(self.store.record_path(&item.record.id))
                .unwrap_or_default();
            if item.standing.review_overdue
                && let Some(date) = item.record.review_by
            {
                out.push_str(&format!(
                "::error file={file},line=1,title={title}::{}\n",
                data(&format!(
                    "review by {date} has passed. Fix: re-read the decision, then set a new review date."
                ))
            ));
            }
            for section in &item.verdict.sections {
                for gap in &section.gaps {
                    // Advisory gaps do not fail the check: a warning.
                    let level = if gap.severity.blocks() {
                        "error"
                    } else {
                        "warning"
                    };
                    out.push_str(&format!(
                        "::{level} file={file},line={},title={title}::{}\n",
                        line_of(&text, gap),
                        data(&format!(
                            "{}: {} Fix: {}",
                            section.title, gap.problem, gap.fix
                        ))
                    ));
                }
            }
        }
        for finding in self.findings {
            out.push_str(&format!(
                "::error file={},line=1,title={}::{}\n",
                property(&self.finding_path(finding)),
                property(&format!("store problem: {}", finding.code())),
                data(&format!("{} Fix: {}", finding.message(), finding.fix()))
            ));
        }
        for error in self.errors {
            out.push_str(&format!("::error title=preflight::{}\n", data(error)));
        }
        out.push_str(&self.summary());
        out.push('\n');
        out
    }

    /// A Markdown comment: a heading, one table row per record, and the
    /// store problems as a list.
    pub fn markdown(&self) -> String {
        let mut out = String::from("### preflight readiness\n\n");
        out.push_str(&format!("{}\n\n", self.summary()));
        if !self.checked.is_empty() {
            out.push_str("| Record | Status | Readiness | First gap |\n");
            out.push_str("| --- | --- | --- | --- |\n");
            for item in self.checked {
                let readiness = match (item.standing.label(), item.standing.review_overdue) {
                    (label, true) if label != "review due" => format!("{label}, review overdue"),
                    (label, true) => label.replace("due", "overdue"),
                    (label, false) => label,
                };
                let first = item
                    .verdict
                    .sections
                    .iter()
                    .flat_map(|s| s.gaps.iter().map(move |g| (s, g)))
                    .find(|(_, gap)| gap.severity.blocks())
                    .map(|(section, gap)| {
                        inline_text(&format!("{}: {}", section.title, gap.problem))
                    })
                    .unwrap_or_default();
                out.push_str(&format!(
                    "| {} `{}` | {} | {}{} | {} |\n",
                    inline_text(&item.record.title),
                    item.record.id,
                    item.record.status.name(),
                    if item.ready() { "✅ " } else { "❌ " },
                    readiness,
                    first
                ));
            }
        }
        if !self.findings.is_empty() || !self.errors.is_empty() {
            out.push_str("\n**Store problems**\n\n");
            for finding in self.findings {
                out.push_str(&format!(
                    "- `{}`: {} Fix: {}\n",
                    self.finding_path(finding),
                    inline_text(&finding.message()),
                    inline_text(&finding.fix())
                ));
            }
            for error in self.errors {
                out.push_str(&format!("- {}\n", inline_text(error)));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn annotation_text_cannot_end_the_command_or_forge_a_property() {
        assert_eq!(data("50% done\nnext"), "50%25 done%0Anext");
        assert_eq!(property("a,b:c"), "a%2Cb%3Ac");
    }

    #[test]
    fn a_gap_points_at_its_answer_or_at_the_answers() {
        let text = "{\n  \"schema\": 1,\n  \"answers\": {\n    \"summary\": \"x\",\n    \"rollback\": \"\"\n  }\n}\n";
        let gap = |field: &str| Gap {
            kind: crate::check::GapKind::Missing,
            severity: crate::check::Severity::Blocker,
            field: field.into(),
            row: None,
            column: None,
            rule: None,
            problem: String::new(),
            fix: String::new(),
        };
        assert_eq!(line_of(text, &gap("rollback")), 5);
        assert_eq!(
            line_of(text, &gap("owner")),
            3,
            "blank answers are not stored"
        );
        assert_eq!(line_of("", &gap("owner")), 1);
    }
}
