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
pub fn run(dir: &Path, args: &[&str]) -> Result<String, GitError> {
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
        run(dir, &["merge-base", "--end-of-options", reference, "HEAD"])?
            .trim()
            .to_string(),
    )
}

/// Files in folder `dir` (and below) added or changed since commit `base`:
/// committed since, changed in the working tree, or new and not ignored.
/// Deleted files are left out. Names are relative to `dir`.
pub fn changed_since(dir: &Path, base: &str) -> Result<Vec<String>, GitError> {
    let mut names: Vec<String> = run(
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
        run(
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
