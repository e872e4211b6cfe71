//! `preflight list`: filter by status, tag, text and review date; sort;
//! print a table (with the store named in the header) or JSON.

use serde_json::json;

use super::CommandContext;
use super::args::{ListArgs, SortKey};
use super::output::{CliError, EXIT_ERROR, EXIT_OK, print, print_json, warn};
use super::printer::one_line;
use crate::check::Standing;
use crate::doctor::clash_findings;
use crate::list_index::{Summary, summaries};
use crate::numbering::Claim;
use crate::plural::plural;
use crate::record::{Answer, Record, RecordId, Status};

/// The first `width` characters of an id.
pub fn handle(id: &RecordId, width: usize) -> &str {
    let s = id.as_str();
    &s[..width.min(s.len())]
}

fn answer_text(answer: &Answer, out: &mut String) {
    match answer {
        Answer::Text(text) => out.push_str(text),
        Answer::Words(words) => out.push_str(&words.join(" ")),
        Answer::Unknown { note } => out.push_str(note.as_deref().unwrap_or_default()),
        Answer::Flag(_) => {}
        Answer::Rows(rows) => {
            for cell in rows.iter().flat_map(|r| r.values()) {
                answer_text(cell, out);
                out.push(' ');
            }
        }
    }
    out.push(' ');
}

/// Whether the record mentions `needle` (already lowercase) anywhere.
fn mentions(record: &Record, needle: &str) -> bool {
    let mut text = format!(
        "{} {} {} ",
        record.title,
        record.author,
        record.tags.join(" ")
    );
    for answer in record.answers.values() {
        answer_text(answer, &mut text);
    }
    text.to_lowercase().contains(needle)
}

/// `preflight list`.
pub fn list(ctx: &CommandContext, args: ListArgs) -> Result<u8, CliError> {
    let status = match &args.status {
        None => None,
        Some(text) => Some(Status::parse(text).ok_or_else(|| {
            let names: Vec<&str> = Status::ALL.iter().map(|s| s.name()).collect();
            CliError::data(format!(
                "unknown status {text:?}; use one of: {}",
                names.join(", ")
            ))
        })?),
    };
    // Summaries from the store's index: no record is read unless it
    // changed since the last listing (see list_index).
    let listing = summaries(&ctx.store, &ctx.catalog)?;
    for problem in &listing.problems {
        warn(&format!("warning: skipped {problem}"));
    }
    // Two branches that each accepted a record can leave two with one
    // number: said on every listing until repaired.
    let claims: Vec<Claim> = listing.summaries.iter().map(Claim::of_summary).collect();
    for clash in clash_findings(&claims) {
        warn(&format!(
            "warning: {}. Fix: {}",
            clash.message(),
            clash.fix()
        ));
    }
    // The rest is listed, but a file that could not be read (a merge
    // conflict, a broken file) fails the command so scripts notice.
    let code = if listing.problems.is_empty() {
        EXIT_OK
    } else {
        EXIT_ERROR
    };
    let today = ctx.today();
    let tags: Vec<String> = args.tag.iter().map(|t| t.trim().to_lowercase()).collect();
    let needle = args.grep.as_deref().map(str::to_lowercase);
    let width = listing.handle_length();
    let mut rows: Vec<(&Summary, Standing)> = listing
        .summaries
        .iter()
        .filter(|r| status.is_none_or(|s| r.status == s))
        .filter(|r| {
            tags.iter()
                .all(|t| r.tags.iter().any(|have| have.to_lowercase() == *t))
        })
        .filter(|r| !args.overdue || r.review_overdue(today))
        .filter(|r| !args.imported || r.imported.is_some())
        // --grep searches the answers, which only the record files hold.
        .filter(|r| {
            needle.as_deref().is_none_or(|n| {
                ctx.store
                    .load(&r.id)
                    .is_ok_and(|record| mentions(&record, n))
            })
        })
        .map(|summary| (summary, summary.standing(today)))
        .collect();
    match args.sort {
        SortKey::Created => {}
        SortKey::Updated => rows.sort_by_key(|r| std::cmp::Reverse(r.0.updated)),
        SortKey::Title => rows.sort_by_key(|r| r.0.title.to_lowercase()),
        SortKey::Status => rows.sort_by_key(|r| Status::ALL.iter().position(|s| *s == r.0.status)),
        SortKey::Number => rows.sort_by_key(|r| (r.0.number.is_none(), r.0.number)),
    }

    if args.json {
        let items: Vec<serde_json::Value> = rows
            .iter()
            .map(|(r, standing)| {
                json!({
                    "id": r.id,
                    "handle": handle(&r.id, width),
                    "number": r.number,
                    "title": r.title,
                    "status": r.status,
                    "author": r.author,
                    "tags": r.tags,
                    "set": r.set,
                    "created": r.created,
                    "updated": r.updated,
                    "review_by": r.review_by,
                    "review_overdue": standing.review_overdue,
                    "ready": standing.readiness.map(|_| standing.ready()),
                    "gaps": standing.readiness.map(|r| r.gap_count()),
                    "blockers": standing.readiness.map(|r| r.blockers),
                    "path": ctx.store.record_path(&r.id),
                    "imported_from": r.imported,
                })
            })
            .collect();
        print_json(&items)?;
        return Ok(code);
    }

    let mut out = format!(
        "Store: {} ({})\n",
        ctx.store.root().display(),
        ctx.store.origin()
    );
    if rows.is_empty() {
        if listing.summaries.is_empty() && !listing.problems.is_empty() {
            // "No records yet" would invite starting over beside files
            // that only need fixing.
            out.push_str(&format!(
                "No record could be read: {} file{} skipped (see the warnings).\n",
                listing.problems.len(),
                plural(listing.problems.len())
            ));
        } else if listing.summaries.is_empty() {
            out.push_str("No records yet. Start one with `preflight` or `preflight new --no-input --title \"…\"`.\n");
        } else {
            out.push_str("No records match.\n");
        }
        print(&out)?;
        return Ok(code);
    }
    let id_width = width.max(2);
    out.push_str(&format!(
        "{:id_width$}  {:10}  {:9}  {:10}  TITLE\n",
        "ID", "STATUS", "READINESS", "UPDATED"
    ));
    for (r, standing) in &rows {
        let mut review = match r.review_by {
            Some(date) if standing.review_overdue => format!("  [review overdue since {date}]"),
            _ => String::new(),
        };
        if let Some(source) = &r.imported {
            review.push_str(&format!("  [imported from {source}]"));
        }
        out.push_str(&format!(
            "{:id_width$}  {:10}  {:9}  {:10}  {}{review}\n",
            handle(&r.id, width),
            r.status.name(),
            standing.label(),
            r.updated.strftime("%Y-%m-%d").to_string(),
            one_line(&r.title)
        ));
    }
    print(&out)?;
    Ok(code)
}
