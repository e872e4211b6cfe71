//! Which folder the review's export offers: the folder of the last export
//! from this store (kept in the store's derived `.cache/`), else the
//! `export_dir` setting, else the folder preflight started in; and why.

use std::path::{Path, PathBuf};

use crate::list_index::CACHE_DIR;
use crate::store::Store;

/// The cache file holding the last export folder.
const LAST_DIR_FILE: &str = "last-export-dir";

/// Where the offered folder came from, said under the prompt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// The last export from this store went there.
    LastUsed,
    /// The `export_dir` setting.
    Setting,
    /// The folder preflight was started in.
    StartFolder,
}

impl Origin {
    /// A few words for the export prompt.
    pub fn describe(self) -> &'static str {
        match self {
            Origin::LastUsed => "the folder of your last export",
            Origin::Setting => "the export_dir setting",
            Origin::StartFolder => "the folder preflight started in (set export_dir to change)",
        }
    }
}

/// The folder to offer and why: the last one used with this store, else
/// `configured` (relative to `start`), else `start`.
pub fn initial(store: &Store, configured: &str, start: &Path) -> (PathBuf, Origin) {
    if let Some(last) = last_used(store) {
        return (last, Origin::LastUsed);
    }
    if !configured.trim().is_empty() {
        return (start.join(configured.trim()), Origin::Setting);
    }
    (start.to_path_buf(), Origin::StartFolder)
}

fn last_used(store: &Store) -> Option<PathBuf> {
    let path = store.root().join(CACHE_DIR).join(LAST_DIR_FILE);
    let text = std::fs::read_to_string(path).ok()?;
    let dir = PathBuf::from(text.trim_end_matches('\n'));
    (dir.is_absolute() && dir.is_dir()).then_some(dir)
}

/// Remembers the folder of a finished export for next time. A cache: when
/// it cannot be written, the next run offers the setting again.
pub fn remember(store: &Store, dir: &Path) {
    let dir = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    let text = format!("{}\n", dir.display());
    let _ = store.write_cache(CACHE_DIR, LAST_DIR_FILE, text.as_bytes());
}
