//! `preflight check`: readiness of the selected records (see
//! [`super::check_select`]) and the store problems that involve them, as
//! text, JSON, GitHub annotations or a Markdown comment. Exit 1 when a
//! record has gaps or is overdue, or a store problem involves one; exit 2
//! when a record cannot be read or found.

use serde_json::json;

use super::CommandContext;
use super::args::{CheckArgs, CheckFormat};
use super::check_format::{Checked, Report, shown_path};
use super::check_select::select;
use super::commands::set_for;
use super::doctor::{finding_json, finding_text};
use super::output::{CliError, EXIT_ERROR, EXIT_GAPS, EXIT_OK, print, print_json, warn};
use super::printer::one_line;
use crate::check::check as check_record;

/// `preflight check`.
pub fn check(ctx: &CommandContext, args: CheckArgs) -> Result<u8, CliError> {
    let selection = select(ctx, &args)?;
    let mut errors = selection.errors;
    let findings = selection.findings;
    let records = selection.records;
    let today = ctx.today();
    let mut results = Vec::new();
    for record in &records {
        match set_for(ctx, record) {
            Ok(set) => results.push((record, check_record(set, record))),
            Err(err) => errors.push(err.message),
        }
    }
    let cwd = std::env::current_dir().ok();
    let checked: Vec<Checked> = results
        .iter()
        .map(|(record, verdict)| Checked {
            record,
            verdict,
            standing: record.standing(Some(verdict), today),
            path: shown_path(&ctx.store.record_path(&record.id), cwd.as_deref()),
        })
        .collect();

    let format = if args.json {
        CheckFormat::Json
    } else {
        args.format
    };
    match format {
        CheckFormat::Json => {
            let items: Vec<serde_json::Value> = checked
                .iter()
                .map(|item| {
                    let record = item.record;
                    let counts = item.standing.readiness.unwrap_or_default();
                    json!({
                        "id": record.id,
                        "title": record.title,
                        "status": record.status,
                        "path": ctx.store.record_path(&record.id),
                        "ready": item.ready(),
                        "gaps": counts.gap_count(),
                        "blockers": counts.blockers,
                        "warnings": counts.warnings,
                        "review_by": record.review_by,
                        "review_overdue": item.standing.review_overdue,
                        "sections": item.verdict.sections,
                    })
                })
                .collect();
            let problems: Vec<serde_json::Value> =
                findings.iter().map(|f| finding_json(ctx, f)).collect();
            let mut body = json!({ "records": items, "problems": problems, "errors": errors });
            if let Some(base) = &selection.base {
                body["changed_since"] = json!(base);
            }
            print_json(&body)?;
        }
        CheckFormat::Github | CheckFormat::Markdown => {
            let report = Report {
                store: &ctx.store,
                checked: &checked,
                findings: &findings,
                errors: &errors,
                base: cwd.as_deref(),
            };
            print(&if format == CheckFormat::Github {
                report.github()
            } else {
                report.markdown()
            })?;
        }
        CheckFormat::Text => {
            let mut out = text(&checked);
            for finding in &findings {
                out.push_str(&finding_text(ctx, finding));
            }
            if checked.is_empty() && errors.is_empty() {
                out.push_str(if selection.base.is_some() {
                    "No records changed.\n"
                } else {
                    "No records to check.\n"
                });
            }
            print(&out)?;
            for error in &errors {
                warn(&format!("preflight: {error}"));
            }
        }
    }
    Ok(if !errors.is_empty() {
        EXIT_ERROR
    } else if !findings.is_empty() || checked.iter().any(|c| !c.ready()) {
        EXIT_GAPS
    } else {
        EXIT_OK
    })
}

/// The text report: each record's state, then its sections and gaps
/// (advisory gaps marked, sections with only those shown as "warn").
fn text(checked: &[Checked]) -> String {
    let mut out = String::new();
    for item in checked {
        let (record, verdict, standing) = (item.record, item.verdict, &item.standing);
        let state = match (standing.label(), standing.review_overdue) {
            (label, true) if label != "review due" => format!("{label}, review overdue"),
            (label, true) => label.replace("due", "overdue"),
            (label, false) => label,
        };
        out.push_str(&format!(
            "{}  {}: {state}\n",
            &record.id,
            one_line(&record.title)
        ));
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
    }
    out
}
