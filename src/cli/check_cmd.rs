//! `preflight check`: readiness of the selected records (the whole store,
//! streamed by [`super::check_all`], or those [`super::check_select`]
//! picks) and the store problems that involve them, as text, JSON, GitHub
//! annotations or a Markdown comment. Exit 1 when a record has gaps or is
//! overdue, or a store problem involves one; exit 2 when a record cannot be
//! read or found.

use super::CommandContext;
use super::args::{CheckArgs, CheckFormat};
use super::check_all::check_all;
use super::check_format::{Report, Row, Rows, json_report};
use super::check_select::{select, status_filter};
use super::commands::set_for;
use super::doctor::{finding_json, finding_text};
use super::output::{CliError, EXIT_ERROR, EXIT_GAPS, EXIT_OK, print, warn};
use super::printer::print_json_text;

/// `preflight check`.
pub fn check(ctx: &CommandContext, args: CheckArgs) -> Result<u8, CliError> {
    let report = report(ctx, &args)?;
    if report.json {
        print_json_text(&report.stdout)?;
    } else {
        print(&report.stdout)?;
    }
    for error in &report.warnings {
        warn(&format!("preflight: {error}"));
    }
    Ok(report.code)
}

/// What `check` prints and the code it exits with, before any of it is
/// made safe for the terminal.
pub struct Printed {
    /// Standard output.
    pub stdout: String,
    /// Whether the standard output is JSON.
    pub json: bool,
    /// Lines for standard error (`preflight: ` goes before each).
    pub warnings: Vec<String>,
    /// The exit code.
    pub code: u8,
}

/// The report `check` prints for `args`.
pub fn report(ctx: &CommandContext, args: &CheckArgs) -> Result<Printed, CliError> {
    let status = status_filter(args)?;
    let format = if args.json {
        CheckFormat::Json
    } else {
        args.format
    };
    let cwd = std::env::current_dir().ok();
    let make = Rows {
        store: &ctx.store,
        format,
        today: ctx.today(),
        base: cwd.as_deref(),
    };
    let whole_store = args.ids.is_empty() && args.changed_since.is_none();
    let (rows, errors, findings, base): (Vec<Row>, _, _, _) = if whole_store {
        let all = check_all(ctx, status, &make)?;
        (all.rows, all.errors, all.findings, None)
    } else {
        let selection = select(ctx, args, status)?;
        let mut errors = selection.errors;
        let mut rows = Vec::new();
        for record in &selection.records {
            match set_for(ctx, record) {
                Ok(set) => rows.push(make.row(set, record)),
                Err(err) => errors.push(err.message),
            }
        }
        (rows, errors, selection.findings, selection.base)
    };

    let mut warnings = Vec::new();
    let stdout = match format {
        CheckFormat::Json => {
            let problems: Vec<serde_json::Value> =
                findings.iter().map(|f| finding_json(ctx, f)).collect();
            let body = json_report(&rows, &problems, &errors, base.as_deref());
            format!("{body}\n")
        }
        CheckFormat::Github | CheckFormat::Markdown => {
            let report = Report {
                store: &ctx.store,
                rows: &rows,
                findings: &findings,
                errors: &errors,
                base: cwd.as_deref(),
            };
            if format == CheckFormat::Github {
                report.github()
            } else {
                report.markdown()
            }
        }
        CheckFormat::Text => {
            let mut out: String = rows.iter().map(|row| row.out.as_str()).collect();
            for finding in &findings {
                out.push_str(&finding_text(ctx, finding));
            }
            if rows.is_empty() && errors.is_empty() {
                out.push_str(if base.is_some() {
                    "No records changed.\n"
                } else {
                    "No records to check.\n"
                });
            }
            warnings.clone_from(&errors);
            out
        }
    };
    let code = if !errors.is_empty() {
        EXIT_ERROR
    } else if !findings.is_empty() || rows.iter().any(|row| !row.ready) {
        EXIT_GAPS
    } else {
        EXIT_OK
    };
    Ok(Printed {
        stdout,
        json: format == CheckFormat::Json,
        warnings,
        code,
    })
}
