//! Setting up one clone of a repository whose store is kept in git, the
//! way git-lfs installs itself: `preflight init` writes the committed
//! rules (`.preflight/.gitignore`, `.preflight/.gitattributes`) and
//! registers the record merge driver in this clone's git config, which git
//! never copies between clones. Every step is idempotent and says what it
//! did; leftovers of killed saves are cleaned up on the way.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use crate::plural::plural;
use crate::record::RecordId;
use crate::store::{Store, StoreError, write_atomic};

/// What git must ignore in a store: everything that is not a record or a
/// question set (derived caches, temp files of saves in progress, edit
/// locks).
pub const IGNORE_RULES: [&str; 3] = [".cache/", ".preflight-*.tmp", ".*.lock"];

/// The attribute line that sends record files to the merge driver.
pub const ATTRIBUTES_LINE: &str = "records/*.json merge=preflight";

/// The merge driver's name in git config (`merge.preflight.*`).
pub const DRIVER_NAME: &str = "preflight";

/// A temp file older than this is a leftover of a killed save: saves take
/// milliseconds, and an export of a large store a few seconds.
pub const STALE_TEMP_AGE: Duration = Duration::from_secs(10 * 60);

/// Sets up the store's clone; one line per step, saying what was done.
pub fn set_up(store: &Store) -> Result<Vec<String>, StoreError> {
    let root = store.root();
    let mut report = Vec::new();
    report.push(ensure_lines(
        &root.join(".gitignore"),
        "# Written by `preflight init`: only records and question sets are committed.\n",
        &IGNORE_RULES,
        "ignore rules for caches, temp files and locks",
    )?);
    report.push(ensure_lines(
        &root.join(".gitattributes"),
        "# Written by `preflight init`: records merge field by field (see docs/team.md).\n",
        &[ATTRIBUTES_LINE],
        "the merge attribute for records",
    )?);
    report.push(register_driver(root));
    let (temps, locks) = clean_leftovers(store, SystemTime::now())?;
    if temps + locks > 0 {
        report.push(format!(
            "removed leftovers of interrupted saves: {temps} temp file{}, {locks} stale lock{}",
            plural(temps),
            plural(locks)
        ));
    }
    Ok(report)
}

/// Adds whichever of `lines` the file lacks (making it with `header`).
fn ensure_lines(
    path: &Path,
    header: &str,
    lines: &[&str],
    what: &str,
) -> Result<String, StoreError> {
    let existing = fs::read_to_string(path).unwrap_or_default();
    let missing: Vec<&str> = lines
        .iter()
        .copied()
        .filter(|line| !existing.lines().any(|have| have.trim() == *line))
        .collect();
    if missing.is_empty() {
        return Ok(format!("{what}: already in {}", path.display()));
    }
    let mut text = if existing.is_empty() {
        header.to_string()
    } else {
        existing.clone()
    };
    if !text.ends_with('\n') {
        text.push('\n');
    }
    for line in &missing {
        text.push_str(line);
        text.push('\n');
    }
    write_atomic(path, text.as_bytes())?;
    Ok(format!(
        "{what}: {} {}",
        if existing.is_empty() {
            "wrote"
        } else {
            "added to"
        },
        path.display()
    ))
}

/// The command git runs: bare `preflight` when that is this program on
/// the PATH (so upgrades keep working), else this program's full path.
fn driver_command() -> String {
    let me = std::env::current_exe().ok();
    let on_path = std::env::var_os("PATH").and_then(|path| {
        std::env::split_paths(&path)
            .map(|dir| dir.join("preflight"))
            .find(|candidate| candidate.is_file())
    });
    let program = match (&me, on_path) {
        (Some(me), Some(found)) if same_file(me, &found) => "preflight".to_string(),
        (Some(me), _) => shell_quote(&me.to_string_lossy()),
        (None, _) => "preflight".to_string(),
    };
    format!("{program} merge-driver %O %A %B %P")
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (fs::canonicalize(a), fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Quotes a word for the shell git runs the driver with.
fn shell_quote(word: &str) -> String {
    format!("'{}'", word.replace('\'', r"'\''"))
}

/// Registers the driver in the clone's git config (`.git/config`).
fn register_driver(root: &Path) -> String {
    if !crate::git::in_work_tree(root) {
        return "merge driver: not registered, this folder is not in a git repository (run `preflight init` again after `git init` or `git clone`)".into();
    }
    let command = driver_command();
    let key = format!("merge.{DRIVER_NAME}.driver");
    let current = crate::git::output(Some(root), &["config", "--local", &key]);
    if current.as_deref().map(str::trim) == Some(command.as_str()) {
        return format!("merge driver: already registered in this clone ({key})");
    }
    let name_key = format!("merge.{DRIVER_NAME}.name");
    let result = crate::git::run(
        root,
        &["config", "--local", &name_key, "preflight record merge"],
    )
    .and_then(|()| crate::git::run(root, &["config", "--local", &key, &command]));
    match result {
        Ok(()) => {
            format!("merge driver: registered in this clone's git config ({key} = {command})")
        }
        Err(err) => format!("merge driver: not registered: {err}"),
    }
}

/// Removes leftovers of killed saves and exports: our own temp files
/// (`.preflight-*.tmp`) older than [`STALE_TEMP_AGE`], and edit locks no
/// running preflight holds. Returns (temp files, locks) removed.
pub fn clean_leftovers(store: &Store, now: SystemTime) -> Result<(usize, usize), StoreError> {
    let mut temps = 0;
    let mut folders: Vec<PathBuf> = vec![store.root().to_path_buf(), store.records_dir()];
    if let Ok(entries) = fs::read_dir(store.root().join(".cache")) {
        folders.push(store.root().join(".cache"));
        folders.extend(
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.is_dir()),
        );
    }
    for folder in folders {
        let Ok(entries) = fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.filter_map(Result::ok) {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            let ours = name.starts_with(".preflight-") && name.ends_with(".tmp");
            let stale = entry
                .metadata()
                .ok()
                .filter(fs::Metadata::is_file)
                .and_then(|m| m.modified().ok())
                .and_then(|modified| now.duration_since(modified).ok())
                .is_some_and(|age| age >= STALE_TEMP_AGE);
            if ours && stale && fs::remove_file(entry.path()).is_ok() {
                temps += 1;
            }
        }
    }
    let mut locks = 0;
    if let Ok(entries) = fs::read_dir(store.records_dir()) {
        for entry in entries.filter_map(Result::ok) {
            let name = entry.file_name();
            let Some(id) = name
                .to_str()
                .and_then(|n| n.strip_prefix('.'))
                .and_then(|n| n.strip_suffix(".lock"))
                .and_then(RecordId::parse)
            else {
                continue;
            };
            // Taking the lock proves no live process holds it; letting go
            // removes the file, as every holder does.
            if let Some(lock) = store.lock(&id)? {
                drop(lock);
                locks += 1;
            }
        }
    }
    Ok((temps, locks))
}
