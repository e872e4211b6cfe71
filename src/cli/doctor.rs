//! `preflight doctor`: every store problem (see [`crate::doctor`]), with
//! its file and fix; `--fix` makes the safe repairs, saying each one, each
//! record changed under its edit lock; `--json` for scripts. Exit 1 while
//! any problem remains.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::CommandContext;
use super::args::DoctorArgs;
use super::lifecycle::{load_locked, who};
use super::output::{CliError, EXIT_GAPS, EXIT_OK, print, print_json, warn};
use crate::doctor::{self, Finding, Repair};
use crate::plural::plural;
use crate::record::RecordId;

/// `preflight doctor`.
pub fn doctor(ctx: &CommandContext, args: DoctorArgs) -> Result<u8, CliError> {
    let (listing, mut findings) = doctor::run(&ctx.store)?;
    let mut fixed: Vec<Repair> = Vec::new();
    if args.fix {
        let repairs = doctor::repairs(&listing.records, &findings);
        fixed = apply(ctx, &repairs, &who(ctx, &args.who))?;
        if !fixed.is_empty() {
            findings = doctor::run(&ctx.store)?.1;
        }
    }
    let count = listing.records.len() + listing.unloaded.len();
    if args.json {
        let items: Vec<Value> = findings.iter().map(|f| finding_json(ctx, f)).collect();
        let changes: Vec<Value> = fixed
            .iter()
            .map(|r| {
                let mut value = serde_json::to_value(r).unwrap_or(Value::Null);
                if let Value::Object(map) = &mut value {
                    map.insert("message".into(), r.to_string().into());
                    map.insert("path".into(), json!(ctx.store.record_path(r.record())));
                }
                value
            })
            .collect();
        let body = json!({
            "store": ctx.store.root(),
            "records": count,
            "findings": items,
            "fixed": changes,
        });
        print_json(&body)?;
    } else {
        let mut out = String::new();
        for repair in &fixed {
            out.push_str(&format!("fixed    {repair}\n"));
        }
        for finding in &findings {
            out.push_str(&finding_text(ctx, finding));
        }
        let repairable = findings.iter().filter(|f| f.repairable()).count();
        out.push_str(&match (findings.len(), repairable) {
            (0, _) => format!(
                "No problems in {} ({count} record{}).\n",
                ctx.store.root().display(),
                plural(count)
            ),
            (n, 0) => format!("{n} problem{} found.\n", plural(n)),
            (n, r) => format!(
                "{n} problem{} found; `preflight doctor --fix` repairs {r} of them.\n",
                plural(n)
            ),
        });
        if !fixed.is_empty() {
            out.push_str("Commit the changed record files so every clone gets the repair.\n");
        }
        print(&out)?;
    }
    Ok(if findings.is_empty() {
        EXIT_OK
    } else {
        EXIT_GAPS
    })
}

/// A finding as two lines of text: the file and what is wrong, then the fix.
pub fn finding_text(ctx: &CommandContext, finding: &Finding) -> String {
    format!(
        "problem  {}: {}\n         Fix: {}\n",
        finding.path(&ctx.store).display(),
        finding.message(),
        finding.fix()
    )
}

/// A finding as JSON: its own fields, and its message, fix and file.
pub fn finding_json(ctx: &CommandContext, finding: &Finding) -> Value {
    let mut value = serde_json::to_value(finding).unwrap_or(Value::Null);
    if let Value::Object(map) = &mut value {
        map.insert("message".into(), finding.message().into());
        map.insert("fix".into(), finding.fix().into());
        map.insert("path".into(), json!(finding.path(&ctx.store)));
        map.insert("repairable".into(), finding.repairable().into());
    }
    value
}

/// Makes the repairs, one record at a time under its lock, re-reading it
/// first so nothing saved meanwhile is lost; returns those made. A record
/// open in the wizard is skipped with a warning (the problem stays
/// reported).
fn apply(ctx: &CommandContext, repairs: &[Repair], who: &str) -> Result<Vec<Repair>, CliError> {
    let mut by_record: BTreeMap<&RecordId, Vec<&Repair>> = BTreeMap::new();
    for repair in repairs {
        by_record.entry(repair.record()).or_default().push(repair);
    }
    let now = ctx.clock.now();
    let mut made = Vec::new();
    for (id, repairs) in by_record {
        let (mut record, _lock) = match load_locked(ctx, id.as_str()) {
            Ok(loaded) => loaded,
            Err(err) => {
                warn(&format!("preflight: not repaired: {}", err.message));
                continue;
            }
        };
        let changed: Vec<&Repair> = repairs
            .into_iter()
            .filter(|repair| repair.apply(&mut record, who, now))
            .collect();
        if !changed.is_empty() {
            ctx.store.save(&record)?;
            made.extend(changed.into_iter().cloned());
        }
    }
    Ok(made)
}
