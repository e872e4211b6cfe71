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
