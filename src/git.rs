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

/// Why git could not answer a question a command needs answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GitError {
    /// The `git` binary could not be run.
    Missing(String),
    /// Git ran and refused; its own message.
    Failed {
        /// The command, for the message.
        command: String,
        /// What git printed on standard error.
        stderr: String,
    },
}

impl std::fmt::Display for GitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GitError::Missing(err) => write!(f, "cannot run git ({err}); is it installed?"),
            GitError::Failed { command, stderr } => {
                write!(f, "`{command}` failed: {}", stderr.trim())
            }
        }
    }
}

impl std::error::Error for GitError {}

/// Runs `git ARGS` in `dir` and returns its standard output, or git's own
/// message when it fails (for commands that cannot go on without git).
pub fn query(dir: &Path, args: &[&str]) -> Result<String, GitError> {
    let out = Command::new("git")
        .current_dir(dir)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(|err| GitError::Missing(err.to_string()))?;
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    } else {
        Err(GitError::Failed {
            command: format!("git {}", args.join(" ")),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        })
    }
}

/// `git merge-base REFERENCE HEAD`: where the current branch left
/// `reference` (what a pull request is compared against).
pub fn merge_base(dir: &Path, reference: &str) -> Result<String, GitError> {
    // `--end-of-options` keeps a reference that starts with "-" from being
    // read as an option.
    Ok(
        query(dir, &["merge-base", "--end-of-options", reference, "HEAD"])?
            .trim()
            .to_string(),
    )
}

/// Files in folder `dir` (and below) added or changed since commit `base`:
/// committed since, changed in the working tree, or new and not ignored.
/// Deleted files are left out. Names are relative to `dir`.
pub fn changed_since(dir: &Path, base: &str) -> Result<Vec<String>, GitError> {
    let mut names: Vec<String> = query(
        dir,
        &[
            "diff",
            "--name-only",
            "--relative",
            "--no-renames",
            "--diff-filter=AM",
            "-z",
            base,
            "--",
            ".",
        ],
    )?
    .split('\0')
    .chain(
        query(
            dir,
            &[
                "ls-files",
                "--others",
                "--exclude-standard",
                "-z",
                "--",
                ".",
            ],
        )?
        .split('\0'),
    )
    .filter(|name| !name.is_empty())
    .map(str::to_string)
    .collect();
    names.sort();
    names.dedup();
    Ok(names)
}
