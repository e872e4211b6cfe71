//! A team keeping its store in git, end to end: a bare origin and several
//! clones, each with its own person (git `user.name`/`user.email`), its own
//! HOME and config, and the real `git` and `preflight` binaries. No network:
//! the origin is a folder.
//!
//! The harness lives here so every team scenario uses the same set-up:
//! [`Team::new`] makes the origin with an initial commit holding an empty
//! `.preflight/` store (made by `preflight init` in the first clone) and
//! [`Team::clone_as`] gives each person a checkout. Tests skip loudly when
//! `git` is missing and fail when `CI` is set.

#![allow(dead_code)] // not every helper is used by every scenario

mod clean;
mod merge;
mod numbers;
mod records;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use tempfile::TempDir;

use preflight::record::Record;
use preflight::store::{parse_record, record_to_json};

use crate::common::{BIN, NOW, skip_unless_ci, stderr, stdout};

/// The folder of the store inside a checkout.
pub const STORE: &str = ".preflight";

/// A bare origin and the folder the clones live in.
pub struct Team {
    dir: TempDir,
    /// Where `git` is, so the cleared environment can still find it.
    path_var: String,
}

/// Whether `git` can be run; when not, say so loudly, and fail under CI.
fn git_available(test: &str) -> bool {
    let found = std::process::Command::new("git")
        .arg("--version")
        .output()
        .is_ok_and(|out| out.status.success());
    if found {
        return true;
    }
    skip_unless_ci(
        test,
        "git is not installed (the team tests run the real git binary)",
    );
    false
}

impl Team {
    /// A bare origin on branch `main` whose first commit holds an empty
    /// store made by `preflight init`; `None` (after a loud note) when git
    /// is missing. `test` names the calling test for that note.
    pub fn new(test: &str) -> Option<Team> {
        if !git_available(test) {
            return None;
        }
        let dir = tempfile::Builder::new()
            .prefix("preflight-team-")
            .tempdir()
            .expect("temp dir");
        let team = Team {
            dir,
            path_var: std::env::var("PATH").unwrap_or_else(|_| "/usr/bin:/bin".into()),
        };
        let origin = team.origin();
        team.git_in(team.root(), &["init", "--quiet", "--bare", "-b", "main"])
            .arg(&origin)
            .assert()
            .success();
        // The founder makes the store and pushes it; everyone else clones.
        let founder = team.clone_as("founder");
        founder.preflight_ok(&["init"]);
        founder.commit_all("Start the decision records");
        founder.git(&["push", "--quiet", "origin", "main"]);
        Some(team)
    }

    /// The team's temp folder.
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// The bare origin repository.
    pub fn origin(&self) -> PathBuf {
        self.root().join("origin.git")
    }

    /// A git command in `dir` with nobody's config: no system file, and a
    /// global file in the team folder.
    fn git_in(&self, dir: &Path, args: &[&str]) -> Command {
        let mut cmd = Command::new("git");
        cmd.env_clear()
            .env("PATH", &self.path_var)
            .env("HOME", self.root().join("nobody"))
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", self.root().join("nobody.gitconfig"))
            .current_dir(dir)
            .args(args);
        cmd
    }

    /// A checkout of the origin for the person `name`, with its own HOME,
    /// XDG and preflight config folders and `user.name`/`user.email` set in
    /// the clone. Preflight is not set up in it: run `init` for that.
    pub fn clone_as(&self, name: &str) -> Clone {
        let person = self.root().join("people").join(name);
        for sub in ["home", "config", "xdg/config", "xdg/data", "xdg/cache"] {
            fs::create_dir_all(person.join(sub)).expect("person folders");
        }
        let clone = Clone {
            name: name.to_string(),
            dir: person.join("repo"),
            person,
            path_var: self.path_var.clone(),
        };
        fs::write(
            clone.gitconfig(),
            "[init]\n\tdefaultBranch = main\n[commit]\n\tgpgsign = false\n[pull]\n\trebase = false\n[advice]\n\tdetachedHead = false\n",
        )
        .expect("gitconfig");
        let mut cmd = clone.git_cmd(&clone.person, &["clone", "--quiet"]);
        cmd.arg(self.origin()).arg(&clone.dir).assert().success();
        clone.git(&["config", "user.name", name]);
        clone.git(&["config", "user.email", &format!("{name}@example.com")]);
        clone
    }
}

/// One person's checkout.
pub struct Clone {
    /// The person's name (also their git `user.name`).
    pub name: String,
    /// The checkout.
    pub dir: PathBuf,
    /// Their home, config and XDG folders.
    person: PathBuf,
    path_var: String,
}

impl Clone {
    fn gitconfig(&self) -> PathBuf {
        self.person.join("home/.gitconfig")
    }

    /// The environment both git and preflight see: cleared, then this
    /// person's HOME and config folders, no system git config, a fixed
    /// clock for preflight.
    fn configure(&self, cmd: &mut std::process::Command) {
        cmd.env_clear()
            .env("PATH", &self.path_var)
            .env("HOME", self.person.join("home"))
            .env("XDG_CONFIG_HOME", self.person.join("xdg/config"))
            .env("XDG_DATA_HOME", self.person.join("xdg/data"))
            .env("XDG_CACHE_HOME", self.person.join("xdg/cache"))
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", self.gitconfig())
            .env("PREFLIGHT_CONFIG_DIR", self.person.join("config"))
            .env("PREFLIGHT_NOW", NOW);
    }

    fn git_cmd(&self, dir: &Path, args: &[&str]) -> Command {
        let mut cmd = std::process::Command::new("git");
        self.configure(&mut cmd);
        cmd.current_dir(dir).args(args);
        Command::from_std(cmd)
    }

    /// `git ARGS` in the checkout, which must succeed; its stdout.
    pub fn git(&self, args: &[&str]) -> String {
        let out = self.git_try(args);
        assert!(
            out.status.success(),
            "{}: git {} failed:\n{}{}",
            self.name,
            args.join(" "),
            stdout(&out),
            stderr(&out)
        );
        stdout(&out)
    }

    /// `git ARGS` in the checkout, whatever its exit code.
    pub fn git_try(&self, args: &[&str]) -> Output {
        self.git_cmd(&self.dir, args).output().expect("run git")
    }

    /// The preflight binary run in the checkout (so it finds `.preflight/`
    /// the way a person's shell would), with this person's environment.
    pub fn preflight(&self) -> Command {
        Command::from_std(self.preflight_std())
    }

    /// [`Clone::preflight`] as a std command, for a child to spawn and kill.
    pub fn preflight_std(&self) -> std::process::Command {
        let mut cmd = std::process::Command::new(BIN);
        self.configure(&mut cmd);
        cmd.current_dir(&self.dir);
        cmd
    }

    /// `preflight ARGS`, whatever its exit code.
    pub fn run(&self, args: &[&str]) -> Output {
        self.preflight().args(args).output().expect("run preflight")
    }

    /// `preflight ARGS` at another moment than the fixed one, whatever its
    /// exit code (two people rarely change a record in the same second).
    pub fn run_at(&self, now: &str, args: &[&str]) -> Output {
        self.preflight()
            .env("PREFLIGHT_NOW", now)
            .args(args)
            .output()
            .expect("run preflight")
    }

    /// `preflight ARGS` with `input` on standard input, whatever its exit
    /// code.
    pub fn run_with_input(&self, input: &str, args: &[&str]) -> Output {
        self.preflight()
            .args(args)
            .write_stdin(input)
            .output()
            .expect("run preflight")
    }

    /// `preflight ARGS`, which must succeed; its stdout.
    pub fn preflight_ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "{}: preflight {} failed ({:?}):\n{}{}",
            self.name,
            args.join(" "),
            out.status.code(),
            stdout(&out),
            stderr(&out)
        );
        stdout(&out)
    }

    /// `preflight new --no-input --title TITLE`; the new record's id.
    pub fn new_record(&self, title: &str) -> String {
        self.preflight_ok(&["new", "--no-input", "--title", title])
            .trim()
            .to_string()
    }

    /// Changes record `id` the way a save from the wizard does: the whole
    /// file rewritten in the store's format (pretty JSON, final newline)
    /// with `change` applied and `updated` set to `when`. preflight has no
    /// non-interactive edit command, and the wizard is tested elsewhere.
    pub fn edit(&self, id: &str, when: &str, change: impl FnOnce(&mut Record)) {
        let path = self.record_path(id);
        let text = fs::read_to_string(&path).expect("record file");
        let mut record = parse_record(&text, &path).expect("a record");
        change(&mut record);
        record.updated = when.parse().expect("a timestamp");
        fs::write(&path, record_to_json(&record)).expect("write record");
    }

    /// The store folder in the checkout.
    pub fn store(&self) -> PathBuf {
        self.dir.join(STORE)
    }

    /// The file of record `id` in the checkout.
    pub fn record_path(&self, id: &str) -> PathBuf {
        self.store().join("records").join(format!("{id}.json"))
    }

    /// A record file's path relative to the checkout, as git names it.
    pub fn record_rel(&self, id: &str) -> String {
        format!("{STORE}/records/{id}.json")
    }

    /// The record file as text.
    pub fn record_text(&self, id: &str) -> String {
        fs::read_to_string(self.record_path(id)).expect("record file")
    }

    /// The record file as JSON.
    pub fn record(&self, id: &str) -> serde_json::Value {
        serde_json::from_str(&self.record_text(id)).expect("record JSON")
    }

    /// `git add -A` and commit (allowing an empty commit is not needed:
    /// callers commit after changing something).
    pub fn commit_all(&self, message: &str) {
        self.git(&["add", "-A"]);
        self.git(&["commit", "--quiet", "-m", message]);
    }

    /// `git push origin HEAD` (must succeed: callers pull first).
    pub fn push(&self) {
        self.git(&["push", "--quiet", "origin", "HEAD"]);
    }

    /// `git pull` (a merge, never a rebase): its output, whatever happened,
    /// so a test can look at a conflict.
    pub fn pull(&self) -> Output {
        self.git_try(&["pull", "--no-rebase", "--no-edit", "origin", "main"])
    }

    /// `git pull` that must merge cleanly.
    pub fn pull_clean(&self) {
        let out = self.pull();
        assert!(
            out.status.success(),
            "{}: git pull did not merge cleanly:\n{}{}",
            self.name,
            stdout(&out),
            stderr(&out)
        );
    }

    /// Makes and switches to a new branch.
    pub fn branch(&self, name: &str) {
        self.git(&["switch", "--quiet", "-c", name]);
    }

    /// `git merge BRANCH` (no editor), whatever happened.
    pub fn merge(&self, branch: &str) -> Output {
        self.git_try(&["merge", "--no-edit", branch])
    }

    /// `git status --porcelain` (untracked files listed one by one).
    pub fn status(&self) -> String {
        self.git(&["status", "--porcelain", "--untracked-files=all"])
    }

    /// Paths git reports as unmerged (conflicted).
    pub fn unmerged(&self) -> Vec<String> {
        self.git(&["diff", "--name-only", "--diff-filter=U"])
            .lines()
            .map(str::to_string)
            .collect()
    }
}
