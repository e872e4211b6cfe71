//! What `export --all` wrote into a folder, across runs, so `--prune` can
//! remove the pages of records that were renumbered, renamed or deleted,
//! and never a file it did not write.
//!
//! The ledger is kept in the folder's export manifest (the store's
//! git-ignored `.cache/exports/`): each file name with a stable hash of the
//! bytes written. A file is removed only when its name is in the ledger, this
//! export did not produce it, and its bytes are still the ones written (a
//! page someone edited by hand since is kept, and says so). The hash is
//! FNV-1a ([`stable_hash`]), not the build's hasher, so a ledger written by
//! one build of preflight is still understood by the next.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::list_index::stable_hash;

/// File name → stable hash of the bytes preflight wrote there.
pub type Ledger = BTreeMap<String, u64>;

/// The stable hash of a page's bytes as the ledger keeps it.
pub fn hash(bytes: &[u8]) -> u64 {
    stable_hash(bytes)
}

/// What pruning did.
#[derive(Debug, Default)]
pub struct Pruned {
    /// Files removed.
    pub removed: Vec<PathBuf>,
    /// Files kept because they changed since preflight wrote them.
    pub kept: Vec<PathBuf>,
    /// Files that could not be removed, with why.
    pub failed: Vec<(PathBuf, io::Error)>,
}

/// Files written before but not produced by this export (`produced`), still
/// there with the bytes written: the stale pages.
pub fn stale<'a>(dir: &Path, before: &'a Ledger, produced: &Ledger) -> Vec<(&'a str, bool)> {
    before
        .iter()
        .filter(|(name, _)| !produced.contains_key(*name))
        .filter_map(|(name, hash)| {
            let bytes = fs::read(dir.join(name)).ok()?;
            Some((name.as_str(), self::hash(&bytes) == *hash))
        })
        .collect()
}

/// The ledger to keep after this export: what it produced, and (without
/// `--prune`) the stale pages still there, so a later `--prune` removes them.
pub fn carry_over(dir: &Path, before: &Ledger, produced: Ledger) -> Ledger {
    let carried: Vec<(&str, bool)> = stale(dir, before, &produced);
    let mut ledger = produced;
    for (name, unchanged) in carried {
        if unchanged {
            ledger.insert(name.to_string(), before[name]);
        }
    }
    ledger
}

/// Removes the stale pages whose bytes are still the ones written; keeps
/// (and reports) those edited since.
pub fn prune(dir: &Path, before: &Ledger, produced: &Ledger) -> Pruned {
    let mut pruned = Pruned::default();
    for (name, unchanged) in stale(dir, before, produced) {
        let path = dir.join(name);
        if !unchanged {
            pruned.kept.push(path);
            continue;
        }
        match fs::remove_file(&path) {
            Ok(()) => pruned.removed.push(path),
            Err(err) if err.kind() == io::ErrorKind::NotFound => {}
            Err(err) => pruned.failed.push((path, err)),
        }
    }
    pruned
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ledger(entries: &[(&str, &[u8])]) -> Ledger {
        entries
            .iter()
            .map(|(name, bytes)| (name.to_string(), hash(bytes)))
            .collect()
    }

    #[test]
    fn only_unchanged_files_written_before_and_not_now_are_removed() {
        let dir = tempfile::tempdir().expect("temp dir");
        let write = |name: &str, text: &str| fs::write(dir.path().join(name), text).expect("write");
        write("old.md", "old page");
        write("edited.md", "edited by hand");
        write("kept.md", "still produced");
        write("README.md", "never written by preflight");
        let before = ledger(&[
            ("old.md", b"old page"),
            ("edited.md", b"as written"),
            ("kept.md", b"still produced"),
            ("gone.md", b"deleted already"),
        ]);
        let produced = ledger(&[("kept.md", b"still produced")]);
        let pruned = prune(dir.path(), &before, &produced);
        assert_eq!(pruned.removed, [dir.path().join("old.md")]);
        assert_eq!(pruned.kept, [dir.path().join("edited.md")]);
        assert!(dir.path().join("README.md").is_file());
        assert!(dir.path().join("kept.md").is_file());
        assert!(dir.path().join("edited.md").is_file());
    }

    #[test]
    fn without_prune_stale_pages_stay_in_the_ledger() {
        let dir = tempfile::tempdir().expect("temp dir");
        fs::write(dir.path().join("old.md"), "old page").expect("write");
        let before = ledger(&[("old.md", b"old page")]);
        let produced = ledger(&[("new.md", b"new page")]);
        let kept = carry_over(dir.path(), &before, produced);
        assert_eq!(kept.len(), 2);
        assert!(kept.contains_key("old.md"));
    }
}
