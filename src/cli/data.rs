//! `--json` for `show` and `sets`: the shapes documented in README.md under
//! "JSON output". Keys are only ever added, never renamed or removed.

use serde_json::{Value, json};

use super::CommandContext;
use super::args::ShowArgs;
use super::output::{CliError, EXIT_ERROR, EXIT_OK, print_json};
use crate::check::check;
use crate::questionnaire::SetSource;

/// `preflight show ID --json`: the stored record, its file, its links both
/// ways, and its readiness verdict (as `check --json` reports it).
pub fn show(ctx: &CommandContext, args: &ShowArgs) -> Result<u8, CliError> {
    let id = ctx.store.resolve(&args.id)?;
    let record = ctx.store.load(&id)?;
    let set = super::commands::set_for(ctx, &record)?;
    let all = super::one_record::neighbours(ctx, &record)?.records;
    let title_of = |id| all.iter().find(|r| &r.id == id).map(|r| r.title.clone());
    let mut links: Vec<Value> = record
        .links
        .iter()
        .map(|link| {
            json!({
                "direction": "out",
                "kind": link.kind.name(),
                "label": link.kind.forward_label(),
                "id": link.target,
                "title": title_of(&link.target),
            })
        })
        .collect();
    for other in all.iter().filter(|r| r.id != record.id) {
        for link in other.links.iter().filter(|l| l.target == record.id) {
            links.push(json!({
                "direction": "in",
                "kind": link.kind.name(),
                "label": link.kind.reverse_label(),
                "id": other.id,
                "title": other.title,
            }));
        }
    }
    let verdict = check(set, &record);
    let standing = record.standing(Some(&verdict), ctx.today());
    let counts = standing.readiness.unwrap_or_default();
    print_json(&json!({
        "record": record,
        "path": ctx.store.record_path(&record.id),
        "links": links,
        "verdict": {
            "ready": standing.ready(),
            "gaps": counts.gap_count(),
            "blockers": counts.blockers,
            "warnings": counts.warnings,
            "review_overdue": standing.review_overdue,
            "sections": verdict.sections,
        },
    }))?;
    Ok(EXIT_OK)
}

/// `preflight sets --json`: the sets in use and the files left out.
/// Exit 2 when there are problems, as without `--json`.
pub fn sets(ctx: &CommandContext) -> Result<u8, CliError> {
    let source = |source: &SetSource| match source {
        SetSource::BuiltIn => json!("built-in"),
        SetSource::File(path) => json!(path),
    };
    let sets: Vec<Value> = ctx
        .catalog
        .sets
        .iter()
        .map(|loaded| {
            let set = &loaded.set;
            json!({
                "id": set.id,
                "name": set.name,
                "version": set.version,
                "sections": set.sections.len(),
                "questions": set.question_count(),
                "source": source(&loaded.source),
            })
        })
        .collect();
    let problems: Vec<Value> = ctx
        .catalog
        .problems
        .iter()
        .map(|problem| {
            json!({
                "source": source(&problem.source),
                "line": problem.position.map(|p| p.0),
                "column": problem.position.map(|p| p.1),
                "path": problem.path,
                "message": problem.message,
            })
        })
        .collect();
    print_json(&json!({ "sets": sets, "problems": problems }))?;
    Ok(if problems.is_empty() {
        EXIT_OK
    } else {
        EXIT_ERROR
    })
}
