//! A conflicted record file, end to end: its sides read from git's index
//! (stages 1-3, present while a merge is stopped, whether or not the merge
//! driver was set up) or else from the conflict markers in the file;
//! merged field by field; and the resolved record written back atomically.
//! Also the merge driver git runs when `preflight init` registered it.

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::{Merged, Side, apply, markers, merge_json};
use crate::record::Record;
use crate::store::{parse_record, record_to_json, write_atomic};
use crate::text_file::read_text;

/// Where the sides of a conflict came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// Git's index: a merge is stopped on this file.
    Index,
    /// Conflict markers in the file (committed by mistake, or the index
    /// was already cleared).
    Markers,
}

/// A conflicted record, merged as far as the rules go.
#[derive(Debug, Clone)]
pub struct Conflicted {
    /// The record file.
    pub path: PathBuf,
    /// The merge: the remaining conflicts hold both values.
    pub merged: Merged,
    /// Where the sides came from.
    pub source: Source,
}

/// Reads one side's text as a record's JSON.
fn side_json(text: &str, path: &Path, which: &str) -> Result<Value, String> {
    let record = parse_record(text, path)
        .map_err(|err| format!("{which} side of {}: {err}", path.display()))?;
    serde_json::to_value(&record).map_err(|err| err.to_string())
}

/// Opens a conflicted record file: the sides from git's index when a merge
/// is stopped on it, else from its conflict markers.
pub fn open(path: &Path) -> Result<Conflicted, String> {
    if crate::git::is_unmerged(path) {
        let ours = crate::git::index_stage(path, 2);
        let theirs = crate::git::index_stage(path, 3);
        if let (Some(ours), Some(theirs)) = (ours, theirs) {
            let base = crate::git::index_stage(path, 1)
                .map(|text| side_json(&text, path, "the common ancestor's"))
                .transpose()?;
            let merged = merge_json(
                base.as_ref(),
                &side_json(&ours, path, "our")?,
                &side_json(&theirs, path, "their")?,
            );
            return Ok(Conflicted {
                path: path.to_path_buf(),
                merged,
                source: Source::Index,
            });
        }
        return Err(format!(
            "{}: deleted on one branch and changed on the other; keep it with `git add {}` or drop it with `git rm {}`",
            path.display(),
            path.display(),
            path.display()
        ));
    }
    let text = read_text(path).map_err(|err| format!("{}: {err}", path.display()))?;
    let sides = markers::split(&text)
        .ok_or_else(|| format!("{} has no merge conflict to resolve", path.display()))?;
    let base = sides
        .base
        .as_deref()
        .map(|text| side_json(text, path, "the common ancestor's"))
        .transpose()?;
    let merged = merge_json(
        base.as_ref(),
        &side_json(&sides.ours, path, "our")?,
        &side_json(&sides.theirs, path, "their")?,
    );
    Ok(Conflicted {
        path: path.to_path_buf(),
        merged,
        source: Source::Markers,
    })
}

/// Takes `side` for conflict `index` in the merged value.
pub fn pick(conflicted: &mut Conflicted, index: usize, side: Side) {
    if let Some(conflict) = conflicted.merged.conflicts.get(index) {
        apply(&mut conflicted.merged.value, conflict, side);
    }
}

/// Writes the merged record (with whatever was picked) over the file,
/// atomically, and tells git it is resolved when the sides came from the
/// index. Returns the record written.
pub fn finish(conflicted: &Conflicted) -> Result<Record, String> {
    let record: Record =
        serde_json::from_value(conflicted.merged.value.clone()).map_err(|err| {
            format!(
                "{}: the merged record is not valid ({err}); nothing was written",
                conflicted.path.display()
            )
        })?;
    write_atomic(&conflicted.path, &record_to_json(&record)).map_err(|err| err.to_string())?;
    if conflicted.source == Source::Index {
        crate::git::add(&conflicted.path)?;
    }
    Ok(record)
}

/// The merge driver: merges `theirs` into `ours` with `base` as ancestor,
/// writing the result to `ours` as git expects. `Ok(true)` when the merge
/// is clean; `Ok(false)` when fields conflict (the file then holds the
/// two-sided form for `preflight resolve`). A side that is not a record
/// (hand-edited, or marked already) gets git's own line merge instead.
pub fn driver(base: &Path, ours: &Path, theirs: &Path, name: &str) -> Result<bool, String> {
    let read = |path: &Path| read_text(path).map_err(|err| format!("{}: {err}", path.display()));
    let label = Path::new(name);
    let parsed = (|| {
        let base_text = read(base)?;
        let base_json = if base_text.trim().is_empty() {
            None
        } else {
            Some(side_json(&base_text, label, "the common ancestor's")?)
        };
        let ours_json = side_json(&read(ours)?, label, "our")?;
        let theirs_json = side_json(&read(theirs)?, label, "their")?;
        Ok::<_, String>((base_json, ours_json, theirs_json))
    })();
    let Ok((base_json, ours_json, theirs_json)) = parsed else {
        return Ok(crate::git::merge_file(ours, base, theirs));
    };
    let merged = merge_json(base_json.as_ref(), &ours_json, &theirs_json);
    let text_of = |value: &Value| -> Result<Vec<u8>, String> {
        let record: Record = serde_json::from_value(value.clone())
            .map_err(|err| format!("{name}: the merged record is not valid: {err}"))?;
        Ok(record_to_json(&record))
    };
    if merged.conflicts.is_empty() {
        write_atomic(ours, &text_of(&merged.value)?).map_err(|err| err.to_string())?;
        return Ok(true);
    }
    let mut theirs_value = merged.value.clone();
    for conflict in &merged.conflicts {
        apply(&mut theirs_value, conflict, Side::Theirs);
    }
    let ours_text = String::from_utf8_lossy(&text_of(&merged.value)?).into_owned();
    let theirs_text = String::from_utf8_lossy(&text_of(&theirs_value)?).into_owned();
    let fields: Vec<String> = merged.conflicts.iter().map(|c| c.field()).collect();
    let marked = markers::two_sided(
        &ours_text,
        &theirs_text,
        &format!("ours (conflicting: {})", fields.join(", ")),
        "theirs (run `preflight resolve` on this file to pick field by field)",
    );
    write_atomic(ours, marked.as_bytes()).map_err(|err| err.to_string())?;
    Ok(false)
}
