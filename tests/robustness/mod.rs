//! Hostile and odd input, one catalogue: docs/robustness.md has a table of
//! every input, what preflight does with it, and the test here (or in an
//! older module) that proves it. Each refusal names the thing refused,
//! exits 2, and leaves every file as it was; nothing is written outside the
//! store or the `--out` target.
//!
//! - `files`: record files that are empty, cut short, the wrong shape, not
//!   UTF-8, 50 MB, read-only.
//! - `text`: titles and answers with `/`, `..`, NUL, newlines, emoji, RTL
//!   and Markdown/HTML/YAML metacharacters, through every command.
//! - `paths`: `--out` at a folder, a missing parent or a read-only file; a
//!   store path that is a file; a symlinked store.
//! - `links`: a lock or `.cache` that is a link outside the store, a record
//!   file that is a FIFO or a link to a device; doctor reports them.
//! - `terminal`: every subcommand on records full of terminal escapes and
//!   line breaks; JSON escaping of DEL and C1.
//! - `sizes`: a question set with 1,000 fields, a list with 10,000 rows,
//!   answers from `/dev/zero`, answers nested thousands of levels deep.
//! - `streams`: output into a closed pipe, standard input at its end.
//!
//! Inputs the fuzzers (fuzz/) find go here as tests too; none so far.

mod files;
mod links;
mod paths;
mod sizes;
mod streams;

mod terminal;
mod text;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use preflight::store::content_hash;

/// Every file under `dir` (symlinks not followed) with its size and a
/// content hash of its bytes: compare before and after a command to prove it
/// wrote nothing. The store's `.cache/` folder is left out.
pub fn tree(dir: &Path) -> BTreeMap<PathBuf, (u64, u64)> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() {
                // The store's `.cache/` (the list index) is derived data,
                // rebuilt at will; it is not a file anyone wrote.
                if entry.file_name() != ".cache" {
                    stack.push(path);
                }
            } else if kind.is_file() {
                let bytes = fs::read(&path).unwrap_or_default();
                out.insert(path, (bytes.len() as u64, content_hash(&bytes)));
            } else {
                out.insert(path, (0, 0));
            }
        }
    }
    out
}
