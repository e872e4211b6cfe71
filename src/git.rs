//! The one place preflight talks to git: the `git` binary, run as a child.
//!
//! We use the `git` binary rather than a library (gix): every team that keeps
//! a store in git has it, it honours the user's own config (identity, merge
//! drivers, hooks, safe.directory) exactly as their other tools do, and the
//! handful of plumbing calls we need (config, merge-base, diff --name-only)
//! are stable, scriptable interfaces. Failure to find or run git is never an
//! error for commands that do not need it: callers get `None`.

use std::path::Path;
use std::process::{Command, Stdio};

/// Runs `git ARGS` in `dir` (the current folder when `None`) and returns its
/// standard output when it exits 0; `None` when git is missing or fails.
pub fn output(dir: Option<&Path>, args: &[&str]) -> Option<String> {
    let mut command = Command::new("git");
    if let Some(dir) = dir {
        command.current_dir(dir);
    }
    let out = command
        .args(args)
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// `git config user.name` in `dir`; `None` when git is missing, fails, or
/// has no name.
pub fn user_name(dir: Option<&Path>) -> Option<String> {
    let name = output(dir, &["config", "user.name"])?.trim().to_string();
    (!name.is_empty()).then_some(name)
}

/// Runs `git ARGS` in `dir`; `Err` with git's message (or why it could not
/// run) unless it exits 0.
pub fn run(dir: &Path, args: &[&str]) -> Result<(), String> {
    let out = Command::new("git")
        .current_dir(dir)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(|err| format!("cannot run git: {err}"))?;
    if out.status.success() {
        return Ok(());
    }
    let message = String::from_utf8_lossy(&out.stderr).trim().to_string();
    Err(format!("git {} failed: {message}", args.join(" ")))
}

/// The folder a file is in and its name, for running git beside it.
fn beside(file: &Path) -> (&Path, String) {
    let dir = match file.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    (dir, name)
}

/// Whether git's index holds `file` as unmerged (a merge stopped on it).
pub fn is_unmerged(file: &Path) -> bool {
    let (dir, name) = beside(file);
    output(Some(dir), &["ls-files", "--unmerged", "--", &name])
        .is_some_and(|o| !o.trim().is_empty())
}

/// One stage of an unmerged file from git's index: 1 the common ancestor,
/// 2 ours, 3 theirs; `None` when that stage is absent.
pub fn index_stage(file: &Path, stage: u8) -> Option<String> {
    let (dir, name) = beside(file);
    output(Some(dir), &["show", &format!(":{stage}:./{name}")])
}

/// `git add FILE`: marks a conflicted file resolved.
pub fn add(file: &Path) -> Result<(), String> {
    let (dir, name) = beside(file);
    run(dir, &["add", "--", &name])
}

/// Where a repository keeps its local config, for `git config` calls made
/// from `dir`: `true` when `dir` is inside a git work tree.
pub fn in_work_tree(dir: &Path) -> bool {
    output(Some(dir), &["rev-parse", "--is-inside-work-tree"]).is_some_and(|o| o.trim() == "true")
}

/// `git merge-file`: git's own line-based three-way merge of `base` and
/// `theirs` into `ours` (in place, with conflict markers); `true` when it
/// merged without conflicts.
pub fn merge_file(ours: &Path, base: &Path, theirs: &Path) -> bool {
    Command::new("git")
        .arg("merge-file")
        .args(["-L", "ours", "-L", "base", "-L", "theirs"])
        .arg(ours)
        .arg(base)
        .arg(theirs)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}
