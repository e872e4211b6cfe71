//! What is in a store that preflight did not put there and will not
//! follow or read: symbolic links and special files (FIFOs, devices,
//! sockets), as data, so `preflight doctor` can report them and say how to
//! fix each. The store itself refuses to write through such links and
//! skips such files ([`crate::safe_fs`]); this only finds them.

use std::fs;
use std::path::{Path, PathBuf};

use crate::safe_fs::kind_of;

/// How deep below the store's root the scan looks: `records/ID.json`,
/// `.cache/exports/DIR/FILE` and nothing deeper is the store's own.
const MAX_DEPTH: usize = 4;

/// One thing found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Where it is.
    pub path: PathBuf,
    /// What it is.
    pub kind: FindingKind,
}

/// The kinds of thing found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FindingKind {
    /// A symbolic link, and where it points (as written in the link).
    Link {
        /// The link's target.
        target: PathBuf,
    },
    /// Not a regular file, folder or link: "a named pipe (FIFO)", "a
    /// character device", "a socket".
    Special {
        /// What it is, in words.
        what: String,
    },
}

impl FindingKind {
    /// A stable short name for JSON and tests: `link` or `special-file`.
    pub fn name(&self) -> &'static str {
        match self {
            FindingKind::Link { .. } => "link",
            FindingKind::Special { .. } => "special-file",
        }
    }
}

impl Finding {
    /// One line saying what it is and what preflight does with it.
    pub fn message(&self) -> String {
        match &self.kind {
            FindingKind::Link { target } => format!(
                "{} is a symbolic link to {}; preflight never writes through it (a record file linked elsewhere is read, and replaced by a file on save)",
                self.path.display(),
                target.display()
            ),
            FindingKind::Special { what } => format!(
                "{} is {what}, not a regular file; preflight skips it",
                self.path.display()
            ),
        }
    }

    /// What to do about it.
    pub fn fix(&self) -> String {
        format!(
            "if nobody on the team made it on purpose, remove it: rm {}",
            self.path.display()
        )
    }
}

/// Every link and special file below `root` (not `root` itself, which may
/// be a link: a symlinked store is used in place), sorted by path. Links are
/// never followed, so the scan stays inside the store. Folders that cannot
/// be read are left out (the commands that need them say why).
pub fn scan(root: &Path) -> Vec<Finding> {
    let mut found = Vec::new();
    let mut stack = vec![(root.to_path_buf(), 0)];
    while let Some((dir, depth)) = stack.pop() {
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            // `DirEntry::file_type` does not follow links.
            let Ok(file_type) = entry.file_type() else {
                continue;
            };
            if file_type.is_symlink() {
                let target = fs::read_link(&path).unwrap_or_default();
                found.push(Finding {
                    path,
                    kind: FindingKind::Link { target },
                });
            } else if file_type.is_dir() {
                // `.git` is git's, not the store's.
                if depth + 1 < MAX_DEPTH && entry.file_name() != ".git" {
                    stack.push((path, depth + 1));
                }
            } else if !file_type.is_file() {
                found.push(Finding {
                    path,
                    kind: FindingKind::Special {
                        what: kind_of(&file_type).to_string(),
                    },
                });
            }
        }
    }
    found.sort_by(|a, b| a.path.cmp(&b.path));
    found
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn links_and_fifos_are_found_and_nothing_outside_is_walked() {
        let store = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        fs::create_dir(outside.path().join("deep")).unwrap();
        fs::create_dir(store.path().join("records")).unwrap();
        fs::write(store.path().join("records/ok.json"), "{}").unwrap();
        std::os::unix::fs::symlink(outside.path(), store.path().join(".cache")).unwrap();
        std::os::unix::fs::symlink("/missing", store.path().join("records/.x.lock")).unwrap();
        let fifo = store.path().join("records/y.json");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        let found = scan(store.path());
        let kinds: Vec<(String, &str)> = found
            .iter()
            .map(|f| {
                let rel = f.path.strip_prefix(store.path()).unwrap_or(&f.path);
                (rel.display().to_string(), f.kind.name())
            })
            .collect();
        let mut expected = vec![
            (".cache".to_string(), "link"),
            ("records/.x.lock".to_string(), "link"),
        ];
        if made.is_ok_and(|s| s.success()) {
            expected.push(("records/y.json".to_string(), "special-file"));
        }
        assert_eq!(kinds, expected);
        assert!(
            found[0].message().contains("symbolic link to"),
            "{}",
            found[0].message()
        );
    }
}
