//! `preflight check` output, one record at a time: each checked record
//! becomes a [`Row`], its piece of the report in the format asked for
//! (text, JSON, GitHub annotations or a Markdown table row), so a check of
//! the whole store keeps rows, not records. `--format github` prints
//! workflow annotations (`::error file=…,line=…::…`) that GitHub shows on
//! the pull request's changed files; `--format markdown` prints a short
//! readiness table to post as a pull-request comment.

use std::path::Path;

use jiff::civil::Date;
use serde_json::json;

use super::args::CheckFormat;
use super::printer::one_line;
use crate::check::{Gap, Standing, Verdict, check};
use crate::doctor::Finding;
use crate::export::escape::inline_text;
use crate::plural::plural;
use crate::questionnaire::QuestionSet;
use crate::record::Record;
use crate::store::Store;

/// One checked record as the formats see it.
struct Checked<'a> {
    /// The record.
    record: &'a Record,
    /// Its verdict.
    verdict: &'a Verdict,
    /// Its standing by the readiness policy (blocking gaps, review date).
    standing: Standing,
    /// Its file, as given to the formats (relative to the repository when
    /// it can be, so GitHub can place the annotation).
    path: String,
}

impl Checked<'_> {
    /// Ready: no blocking gap and not overdue.
    fn ready(&self) -> bool {
        self.standing.ready()
    }

    /// Its piece of the report in `format`.
    fn row(&self, format: CheckFormat, store: &Store) -> Row {
        let out = match format {
            CheckFormat::Text => self.text(),
            CheckFormat::Json => self.json(store),
            CheckFormat::Github => self.github(store),
            CheckFormat::Markdown => self.markdown(),
        };
        Row {
            ready: self.ready(),
            out,
        }
    }

    /// "review overdue" added to the standing's label when it applies.
    fn state(&self) -> String {
        match (self.standing.label(), self.standing.review_overdue) {
            (label, true) if label != "review due" => format!("{label}, review overdue"),
            (label, true) => label.replace("due", "overdue"),
            (label, false) => label,
        }
    }

    /// The text report's lines: the record's state, then its sections and
    /// gaps (advisory gaps marked, sections with only those shown as
    /// "warn").
    fn text(&self) -> String {
        let (record, verdict, standing) = (self.record, self.verdict, &self.standing);
        let mut out = format!(
            "{}  {}: {}\n",
            &record.id,
            one_line(&record.title),
            self.state()
        );
        if let (true, Some(date)) = (standing.review_overdue, record.review_by) {
            out.push_str(&format!(
                "  due   review by {date} has passed. Fix: re-read the decision, then set a new review date.\n"
            ));
        }
        for section in &verdict.sections {
            if section.gaps.is_empty() {
                out.push_str(&format!("  ok    {}\n", one_line(&section.title)));
                continue;
            }
            let head = if section.ready { "warn" } else { "gaps" };
            out.push_str(&format!("  {head}  {}\n", one_line(&section.title)));
            for gap in &section.gaps {
                let advisory = if gap.severity.blocks() {
                    ""
                } else {
                    "(advisory) "
                };
                out.push_str(&format!(
                    "        - {advisory}{} Fix: {}\n",
                    one_line(&gap.problem),
                    one_line(&gap.fix)
                ));
            }
        }
        out
    }

    /// Its entry in the JSON report's `records`, pretty-printed and
    /// indented as it sits there.
    fn json(&self, store: &Store) -> String {
        let record = self.record;
        let counts = self.standing.readiness.unwrap_or_default();
        let value = json!({
            "id": record.id,
            "title": record.title,
            "status": record.status,
            "path": store.record_path(&record.id),
            "ready": self.ready(),
            "gaps": counts.gap_count(),
            "blockers": counts.blockers,
            "warnings": counts.warnings,
            "review_by": record.review_by,
            "review_overdue": self.standing.review_overdue,
            "sections": self.verdict.sections,
        });
        format!("    {}", nested_json(&value, 2))
    }

    /// Its annotations: the overdue review and one per gap.
    fn github(&self, store: &Store) -> String {
        let mut out = String::new();
        let file = property(&self.path);
        let title = property(&format!("{} ({})", self.record.title, self.record.id));
        let text = std::fs::read_to_string(store.record_path(&self.record.id)).unwrap_or_default();
        if self.standing.review_overdue
            && let Some(date) = self.record.review_by
        {
            out.push_str(&format!(
                "::error file={file},line=1,title={title}::{}\n",
                data(&format!(
                    "review by {date} has passed. Fix: re-read the decision, then set a new review date."
                ))
            ));
        }
        for section in &self.verdict.sections {
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
        out
    }

    /// Its row of the Markdown table.
    fn markdown(&self) -> String {
        let first = self
            .verdict
            .sections
            .iter()
            .flat_map(|s| s.gaps.iter().map(move |g| (s, g)))
            .find(|(_, gap)| gap.severity.blocks())
            .map(|(section, gap)| inline_text(&format!("{}: {}", section.title, gap.problem)))
            .unwrap_or_default();
        format!(
            "| {} `{}` | {} | {}{} | {} |\n",
            inline_text(&self.record.title),
            self.record.id,
            self.record.status.name(),
            if self.ready() { "✅ " } else { "❌ " },
            self.state(),
            first
        )
    }
}

/// One checked record as printed: whether it is ready, and its piece of
/// the report. All a report keeps of a record once it is checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// Ready: no blocking gap and not overdue.
    pub ready: bool,
    /// Its piece of the report, in the format asked for.
    pub out: String,
}

/// Checks records and makes their rows: what every record of one run
/// shares (the format, the day, where paths are shown from). Plain data,
/// so the records of a whole-store check are checked on every core.
#[derive(Debug, Clone, Copy)]
pub struct Rows<'a> {
    /// The store the records are in.
    pub store: &'a Store,
    /// The format asked for.
    pub format: CheckFormat,
    /// The day reviews fall due against.
    pub today: Date,
    /// The folder paths are shown relative to (where CI runs).
    pub base: Option<&'a Path>,
}

impl Rows<'_> {
    /// `record` checked against `set`, as a row.
    pub fn row(&self, set: &QuestionSet, record: &Record) -> Row {
        let verdict = check(set, record);
        let checked = Checked {
            record,
            verdict: &verdict,
            standing: record.standing(Some(&verdict), self.today),
            // Only annotations name the file as shown.
            path: if self.format == CheckFormat::Github {
                shown_path(&self.store.record_path(&record.id), self.base)
            } else {
                String::new()
            },
        };
        checked.row(self.format, self.store)
    }
}

/// `value` pretty-printed as serde_json prints it `depth` levels deep in a
/// larger value: every line after the first indented by two spaces a
/// level. JSON text holds line breaks only between tokens (a string's are
/// escaped), so this indents nothing inside a string.
fn nested_json(value: &impl serde::Serialize, depth: usize) -> String {
    let text = serde_json::to_string_pretty(value).unwrap_or_else(|err| {
        // Serialising preflight's own values cannot fail; keep a trace if it does.
        serde_json::Value::String(format!("cannot write JSON: {err}")).to_string()
    });
    text.replace('\n', &format!("\n{}", "  ".repeat(depth)))
}

/// The `--json` report, byte for byte what `serde_json::to_string_pretty`
/// makes of `{"changed_since"?, "errors", "problems", "records"}` (keys in
/// that order, as serde_json sorts them), put together from rows already
/// printed so the records need not be held as JSON values.
pub fn json_report(
    rows: &[Row],
    problems: &[serde_json::Value],
    errors: &[String],
    changed_since: Option<&str>,
) -> String {
    let mut out = String::from("{\n");
    if let Some(base) = changed_since {
        out.push_str(&format!(
            "  \"changed_since\": {},\n",
            nested_json(&base, 1)
        ));
    }
    out.push_str(&format!("  \"errors\": {},\n", nested_json(&errors, 1)));
    out.push_str(&format!("  \"problems\": {},\n", nested_json(&problems, 1)));
    out.push_str("  \"records\": ");
    if rows.is_empty() {
        out.push_str("[]");
    } else {
        out.push_str("[\n");
        for (index, row) in rows.iter().enumerate() {
            if index > 0 {
                out.push_str(",\n");
            }
            out.push_str(&row.out);
        }
        out.push_str("\n  ]");
    }
    out.push_str("\n}");
    out
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
    /// The records checked, as rows in the report's format.
    pub rows: &'a [Row],
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
        let ready = self.rows.iter().filter(|row| row.ready).count();
        let mut line = format!(
            "{ready} of {} record{} ready",
            self.rows.len(),
            plural(self.rows.len())
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
        let mut out: String = self.rows.iter().map(|row| row.out.as_str()).collect();
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
        if !self.rows.is_empty() {
            out.push_str("| Record | Status | Readiness | First gap |\n");
            out.push_str("| --- | --- | --- | --- |\n");
            for row in self.rows {
                out.push_str(&row.out);
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

    /// The `--json` report put together from rows is what serde_json
    /// prints of the whole value, whatever the records, problems and
    /// errors hold (nesting, empty arrays, line breaks inside strings).
    #[test]
    fn the_json_report_is_the_whole_value_printed() {
        let items = [
            json!({"id": "a", "sections": [], "title": "two\nlines", "ready": true}),
            json!({"id": "b", "sections": [{"gaps": [{"problem": "x \"y\""}], "title": "t"}],
                   "review_by": null, "warnings": 0}),
        ];
        let problems = [json!({"code": "duplicate-number", "records": ["a", "b"]})];
        let errors = ["cannot read\nx.json: Is a directory".to_string()];
        for records in [&items[..0], &items[..1], &items[..]] {
            for base in [None, Some("abc123")] {
                for (problems, errors) in
                    [(&problems[..0], &errors[..0]), (&problems[..], &errors[..])]
                {
                    let rows: Vec<Row> = records
                        .iter()
                        .map(|value| Row {
                            ready: true,
                            out: format!("    {}", nested_json(value, 2)),
                        })
                        .collect();
                    let mut whole =
                        json!({"records": records, "problems": problems, "errors": errors});
                    if let Some(base) = base {
                        whole["changed_since"] = json!(base);
                    }
                    let expected = serde_json::to_string_pretty(&whole).expect("JSON");
                    assert_eq!(json_report(&rows, problems, errors, base), expected);
                }
            }
        }
    }

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
