//! `preflight resolve` and the merge driver git runs: thin callers of
//! [`crate::merge::resolve`], with the prompts and messages.

use std::collections::BTreeMap;
use std::io::BufRead;
use std::path::Path;

use serde_json::Value;

use super::args::{MergeDriverArgs, ResolveArgs};
use super::output::{CliError, EXIT_GAPS, EXIT_OK, print, warn};
use super::printer::one_line;
use crate::merge::resolve::{self, Source};
use crate::merge::{Conflict, Side};

/// `preflight merge-driver %O %A %B %P`: exit 0 when merged, 1 when a
/// person has to pick (git then stops the merge on the file).
pub fn driver(args: &MergeDriverArgs) -> Result<u8, CliError> {
    let name = args
        .path
        .clone()
        .unwrap_or_else(|| args.ours.display().to_string());
    match resolve::driver(&args.base, &args.ours, &args.theirs, &name) {
        Ok(true) => Ok(EXIT_OK),
        Ok(false) => {
            warn(&format!(
                "preflight: both branches changed the same fields of {name}; pick with `preflight resolve {name}`"
            ));
            Ok(EXIT_GAPS)
        }
        Err(err) => {
            warn(&format!("preflight: merge driver: {err}"));
            Ok(EXIT_GAPS)
        }
    }
}

/// A side's value as the conflict list shows it: one-line text quoted,
/// longer text as indented lines.
fn shown(conflict: &Conflict, side: Side) -> String {
    let text = conflict.shown(side);
    match conflict.side(side) {
        Some(Value::String(_)) if text.contains('\n') => {
            let lines: String = text.lines().map(|l| format!("\n      | {l}")).collect();
            lines
        }
        Some(Value::String(_)) => format!("{text:?}"),
        _ => text,
    }
}

fn describe(index: usize, total: usize, conflict: &Conflict) -> String {
    format!(
        "Conflict {} of {total}: {} was changed on both branches.\n  ours   (this branch): {}\n  theirs (merged in):  {}\n",
        index + 1,
        conflict.field(),
        shown(conflict, Side::Ours),
        shown(conflict, Side::Theirs),
    )
}

/// `--take FIELD=ours|theirs`, checked against the conflicts.
fn takes(args: &ResolveArgs, conflicts: &[Conflict]) -> Result<BTreeMap<String, Side>, CliError> {
    let mut out = BTreeMap::new();
    for take in &args.take {
        let (field, side) = take.rsplit_once('=').ok_or_else(|| {
            CliError::data(format!("--take {take:?}: write FIELD=ours or FIELD=theirs"))
        })?;
        let side = match side.trim().to_ascii_lowercase().as_str() {
            "ours" | "o" => Side::Ours,
            "theirs" | "t" => Side::Theirs,
            other => {
                return Err(CliError::data(format!(
                    "--take {take:?}: {other:?} is not a side; use ours or theirs"
                )));
            }
        };
        if !conflicts.iter().any(|c| c.field() == field.trim()) {
            let fields: Vec<String> = conflicts.iter().map(Conflict::field).collect();
            return Err(CliError::data(format!(
                "--take {take:?}: {field:?} is not a conflicting field; the conflicts are: {}",
                fields.join(", ")
            )));
        }
        out.insert(field.trim().to_string(), side);
    }
    Ok(out)
}

/// Asks on standard input which side to keep; `None` at end of input.
fn ask(
    lines: &mut impl Iterator<Item = std::io::Result<String>>,
) -> Result<Option<Side>, CliError> {
    loop {
        print("Keep [o]urs or [t]heirs? ")?;
        let Some(line) = lines.next() else {
            print("\n")?;
            return Ok(None);
        };
        let line = line.map_err(|err| CliError::data(format!("cannot read the answer: {err}")))?;
        match line.trim().to_ascii_lowercase().as_str() {
            "o" | "ours" => return Ok(Some(Side::Ours)),
            "t" | "theirs" => return Ok(Some(Side::Theirs)),
            _ => print("Type o for ours or t for theirs.\n")?,
        }
    }
}

/// `preflight resolve FILE|ID`.
pub fn resolve(path: &Path, args: &ResolveArgs) -> Result<u8, CliError> {
    let mut conflicted = resolve::open(path).map_err(CliError::data)?;
    for note in &conflicted.merged.notes {
        print(&format!("note: {note}\n"))?;
    }
    let conflicts = conflicted.merged.conflicts.clone();
    let chosen = takes(args, &conflicts)?;
    let everything = if args.ours {
        Some(Side::Ours)
    } else if args.theirs {
        Some(Side::Theirs)
    } else {
        None
    };
    let stdin = std::io::stdin();
    let mut lines = stdin.lock().lines();
    let mut open = Vec::new();
    for (index, conflict) in conflicts.iter().enumerate() {
        let side = match chosen.get(&conflict.field()).copied().or(everything) {
            Some(side) => Some(side),
            None => {
                print(&describe(index, conflicts.len(), conflict))?;
                ask(&mut lines)?
            }
        };
        match side {
            Some(side) => resolve::pick(&mut conflicted, index, side),
            None => open.push(conflict.field()),
        }
    }
    if !open.is_empty() {
        return Err(CliError::data(format!(
            "{}: {} left to pick ({}); nothing was written. Pick with --ours, --theirs or --take FIELD=ours|theirs",
            path.display(),
            if open.len() == 1 {
                "1 conflict"
            } else {
                "conflicts"
            },
            open.join(", ")
        )));
    }
    let record = resolve::finish(&conflicted).map_err(CliError::data)?;
    let next = match conflicted.source {
        Source::Index => "marked resolved in git (git add); finish with `git commit`",
        Source::Markers => "commit it to replace the conflicted file",
    };
    print(&format!(
        "Resolved {} ({}): both branches' changes kept, {} picked; {next}.\n",
        path.display(),
        one_line(&record.title),
        match conflicts.len() {
            0 => "no field needed".to_string(),
            1 => "1 field".to_string(),
            n => format!("{n} fields"),
        }
    ))?;
    Ok(EXIT_OK)
}
