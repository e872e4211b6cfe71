//! Helpers shared by every test: a private temporary world and the real
//! binary run inside it with a clean environment.
//!
//! Each test gets its own temp folder holding the store, the config folder,
//! a fake home and XDG folders, and a working folder to run commands from.
//! The environment is cleared before each run, so nothing the developer or
//! CI machine has set (a real store, a real config, `PREFLIGHT_*`) leaks in,
//! and the clock is fixed with `PREFLIGHT_NOW`.

#![allow(dead_code)] // not every helper is used by every module

pub mod awkward;
mod outline;
mod tools;

pub use outline::{Outline, expected_h2, outline};
pub use tools::{lint_markdown, markdownlint, repo_root, skip_unless_ci};

use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use serde_json::{Value, json};
use tempfile::TempDir;

use preflight::export::html;
use preflight::questionnaire::{QuestionSet, SetCatalog};
use preflight::store::{Store, StoreOrigin};
use preflight::synth;

/// The fixed "now" every command sees.
pub const NOW: &str = "2026-11-20T10:00:00Z";

/// The `preflight` binary cargo built for this test run.
pub const BIN: &str = env!("CARGO_BIN_EXE_preflight");

/// A temporary folder tree for one test. The pty tests (`tests/pty`) add
/// the ways to run the binary in a pseudo-terminal to the same world.
pub struct World {
    dir: TempDir,
}

impl World {
    /// Makes the folders: `home/`, `config/`,
    /// `xdg/{data,config,cache,state,runtime}` and `work/`. The store
    /// (`store/`) is not made: commands make it.
    pub fn new() -> World {
        let dir = tempfile::Builder::new()
            .prefix("preflight-test-")
            .tempdir()
            .expect("temp dir");
        let world = World { dir };
        for sub in [
            "home",
            "config",
            "xdg/data",
            "xdg/config",
            "xdg/cache",
            "xdg/state",
            "xdg/runtime",
            "work",
        ] {
            fs::create_dir_all(world.root().join(sub)).expect("make test folder");
        }
        world
    }

    /// The temp folder itself.
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// The folder commands run in.
    pub fn work(&self) -> PathBuf {
        self.root().join("work")
    }

    /// The store `PREFLIGHT_STORE` points at in [`World::cmd`].
    pub fn store(&self) -> PathBuf {
        self.root().join("store")
    }

    /// The store's records folder.
    pub fn records(&self) -> PathBuf {
        self.store().join("records")
    }

    /// The store's question-set folder.
    pub fn store_sets(&self) -> PathBuf {
        self.store().join("questionnaires")
    }

    /// `PREFLIGHT_CONFIG_DIR`.
    pub fn config(&self) -> PathBuf {
        self.root().join("config")
    }

    /// The file of a record in the default store.
    pub fn record_path(&self, id: &str) -> PathBuf {
        self.records().join(format!("{id}.json"))
    }

    /// The home, XDG and config folders, all pointing into this world: the
    /// part of the environment every way of running the binary shares. The
    /// clock and the store are each run's own choice.
    pub fn env(&self) -> Vec<(&'static str, OsString)> {
        let root = self.root();
        let path = |sub: &str| root.join(sub).into_os_string();
        vec![
            ("HOME", path("home")),
            ("XDG_DATA_HOME", path("xdg/data")),
            ("XDG_CONFIG_HOME", path("xdg/config")),
            ("XDG_CACHE_HOME", path("xdg/cache")),
            ("XDG_STATE_HOME", path("xdg/state")),
            ("PREFLIGHT_CONFIG_DIR", path("config")),
        ]
    }

    /// Applies the clean environment to a std command: cleared, then only
    /// what preflight may read, all pointing into this world, and the fixed
    /// clock.
    pub fn configure(&self, cmd: &mut std::process::Command) {
        cmd.env_clear()
            .envs(self.env())
            .env("PREFLIGHT_NOW", NOW)
            .current_dir(self.work());
    }

    /// The binary with a clean environment but no store chosen: for the
    /// store-location tests.
    pub fn bare_cmd(&self) -> Command {
        let mut cmd = std::process::Command::new(BIN);
        self.configure(&mut cmd);
        Command::from_std(cmd)
    }

    /// The binary with a clean environment and `PREFLIGHT_STORE` set.
    pub fn cmd(&self) -> Command {
        let mut cmd = self.bare_cmd();
        cmd.env("PREFLIGHT_STORE", self.store());
        cmd
    }

    /// `preflight new --no-input --title TITLE`; returns the new id.
    pub fn new_record(&self, title: &str) -> String {
        let output = self
            .cmd()
            .args(["new", "--no-input", "--title", title])
            .output()
            .expect("run preflight new");
        assert!(output.status.success(), "new failed: {}", stderr(&output));
        stdout(&output).trim().to_string()
    }

    /// `preflight new --no-input --answers FILE` with `answers` written to a
    /// file; returns the new id.
    pub fn new_with_answers(&self, answers: &Value) -> String {
        self.new_with_answers_by(self.cmd(), answers)
    }

    /// [`World::new_with_answers`] through `cmd` (the binary with the
    /// environment a kind of test needs).
    pub fn new_with_answers_by(&self, mut cmd: Command, answers: &Value) -> String {
        let file = self.root().join("answers-input.json");
        fs::write(&file, serde_json::to_vec_pretty(answers).unwrap()).unwrap();
        let output = cmd
            .args(["new", "--no-input", "--answers"])
            .arg(&file)
            .output()
            .expect("run preflight new");
        assert!(output.status.success(), "new failed: {}", stderr(&output));
        stdout(&output).trim().to_string()
    }

    /// Runs the binary (store set) with standard input at its end
    /// (`/dev/null`) and no terminal; returns how it ended.
    pub fn without_input(&self, args: &[&str]) -> Output {
        let mut cmd = std::process::Command::new(BIN);
        self.configure(&mut cmd);
        cmd.env("PREFLIGHT_STORE", self.store())
            .args(args)
            .stdin(std::process::Stdio::null())
            .output()
            .expect("run preflight")
    }

    /// Runs the binary (store set, no input) with its standard output a
    /// pipe whose reader is gone before anything is written, as
    /// `preflight ARGS | head -0` would; returns how it ended.
    pub fn run_into_closed_pipe(&self, args: &[&str]) -> Output {
        let mut cmd = std::process::Command::new(BIN);
        self.configure(&mut cmd);
        let mut child = cmd
            .env("PREFLIGHT_STORE", self.store())
            .args(args)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("spawn preflight");
        // Close the read end before reading anything.
        drop(child.stdout.take());
        child.wait_with_output().expect("wait for preflight")
    }

    /// Runs `sh -c SCRIPT` in this world's environment, the store set, with
    /// the binary as `$0` and `args` as `$1`…; `path` is the `PATH` the
    /// script's own tools are found on, if it needs any.
    pub fn sh<S: AsRef<std::ffi::OsStr>>(
        &self,
        path: Option<&std::ffi::OsStr>,
        script: &str,
        args: &[S],
    ) -> Output {
        let mut cmd = std::process::Command::new("/bin/sh");
        self.configure(&mut cmd);
        if let Some(path) = path {
            cmd.env("PATH", path);
        }
        cmd.env("PREFLIGHT_STORE", self.store())
            .arg("-c")
            .arg(script)
            .arg(BIN)
            .args(args)
            .output()
            .expect("run sh")
    }

    /// `preflight new --no-input --title TITLE --answers -` with `answers`
    /// on standard input; the output, whether it succeeded or not.
    pub fn new_titled(&self, title: &str, answers: impl Into<Vec<u8>>) -> Output {
        self.cmd()
            .args(["new", "--no-input", "--title", title, "--answers", "-"])
            .write_stdin(answers)
            .output()
            .expect("run preflight new")
    }

    /// Writes a record file directly (a fixture), bypassing the binary.
    pub fn write_record(&self, record: &Value) -> PathBuf {
        let id = record["id"].as_str().expect("fixture has an id");
        fs::create_dir_all(self.records()).unwrap();
        let path = self.record_path(id);
        fs::write(&path, serde_json::to_vec_pretty(record).unwrap()).unwrap();
        path
    }

    /// Reads a record file as JSON.
    pub fn read_record(&self, id: &str) -> Value {
        let text = fs::read_to_string(self.record_path(id)).expect("record file");
        serde_json::from_str(&text).expect("record JSON")
    }

    /// Names of the files in the records folder, sorted (none when it
    /// does not exist).
    pub fn record_files(&self) -> Vec<String> {
        if !self.records().exists() {
            return Vec::new();
        }
        file_names(&self.records())
    }

    /// Runs the binary with `args`; its output, whatever the exit.
    pub fn run(&self, args: &[&str]) -> Output {
        self.cmd().args(args).output().expect("run preflight")
    }

    /// Runs the binary with `args`, asserts it succeeded (showing its
    /// standard error if not) and returns its standard output.
    pub fn run_ok<S: AsRef<std::ffi::OsStr>>(&self, args: &[S]) -> String {
        let output = self.cmd().args(args).output().expect("run preflight");
        assert!(output.status.success(), "{}", stderr(&output));
        stdout(&output)
    }

    /// Runs the binary with `args` and asserts it exits with `code`
    /// (showing the command and its standard error if not); returns the
    /// output for the test's own checks.
    pub fn run_exit(&self, code: i32, args: &[&str]) -> Output {
        let output = self.run(args);
        assert_eq!(
            output.status.code(),
            Some(code),
            "preflight {args:?}; stderr: {}",
            stderr(&output)
        );
        output
    }

    /// The one record in the store. Fails unless `records/` holds exactly
    /// one file, named after the record's id (no lock or temp files left).
    pub fn only_record(&self) -> Value {
        let files = self.record_files();
        assert_eq!(
            files.len(),
            1,
            "records/ should hold exactly one file, holds {files:?}"
        );
        let text = fs::read_to_string(self.records().join(&files[0])).expect("read the record");
        let record: Value = serde_json::from_str(&text).expect("record is JSON");
        let id = record["id"].as_str().expect("record has an id");
        assert_eq!(files[0], format!("{id}.json"), "file name matches the id");
        record
    }
}

/// Names of the entries in a folder, sorted.
pub fn file_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Copies the folder `from` to `to` with everything below it, making `to`
/// and its parents first.
pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("make folder");
    for entry in fs::read_dir(from).expect("read folder") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).expect("copy");
        }
    }
}

/// `PATH`, for a test that runs a shell pipeline; `None` after
/// [`skip_unless_ci`] when there is none.
pub fn path_for(test: &str, tools: &str) -> Option<OsString> {
    let path = std::env::var_os("PATH");
    if path.is_none() {
        skip_unless_ci(test, &format!("no PATH to find {tools}"));
    }
    path
}

/// Standard output as text.
pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Standard error as text.
pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Asserts standard error holds `needle`, showing all of it if not.
pub fn assert_stderr_says(output: &Output, needle: &str) {
    let err = stderr(output);
    assert!(err.contains(needle), "{needle:?} is not in stderr:\n{err}");
}

/// Asserts standard output holds `needle`, showing all of it if not.
pub fn assert_stdout_says(output: &Output, needle: &str) {
    let out = stdout(output);
    assert!(out.contains(needle), "{needle:?} is not in stdout:\n{out}");
}

/// The committed sample record (assets/sample-record.json) as JSON.
pub fn sample_record() -> Value {
    let text = fs::read_to_string(repo_root().join("assets/sample-record.json"))
        .expect("assets/sample-record.json");
    serde_json::from_str(&text).expect("sample record JSON")
}

/// The sample record's answers in `--answers` form: every answer plus the
/// fields bound to the title, author and tags. A complete, ready record.
pub fn complete_answers() -> Value {
    Value::Object(answers_form(&sample_record()))
}

/// A record's answers in `--answers` form: every answer plus the fields
/// bound to the title, author and tags.
pub fn answers_form(record: &Value) -> serde_json::Map<String, Value> {
    let mut answers = record["answers"]
        .as_object()
        .expect("record has answers")
        .clone();
    for bound in ["title", "author", "tags"] {
        answers.insert(bound.into(), record[bound].clone());
    }
    answers
}

/// A minimal valid record file for the production set.
pub fn record_fixture(id: &str, title: &str) -> Value {
    json!({
        "schema": 1,
        "id": id,
        "title": title,
        "status": "draft",
        "set": { "id": "production", "version": "1.0.0" },
        "created": "2026-11-01T08:00:00Z",
        "updated": "2026-11-01T08:00:00Z",
        "answers": {}
    })
}

/// The built-in production set.
pub fn production_set() -> QuestionSet {
    SetCatalog::built_in()
        .get("production")
        .expect("built-in production set")
        .clone()
}

/// A temp store of `count` generated records (`preflight generate`'s
/// records for `seed`); the folder goes when the `TempDir` is dropped.
pub fn generated_store(count: usize, seed: u64) -> (TempDir, Store) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::at(dir.path().join("store"), StoreOrigin::Flag);
    synth::generate(
        &store,
        &production_set(),
        synth::Options {
            records: count,
            seed,
        },
    )
    .expect("generate records");
    (dir, store)
}

/// A small valid team set with the given id.
pub fn team_set(id: &str) -> Value {
    json!({
        "format": 1,
        "id": id,
        "name": "Team launch check",
        "version": "0.3.0",
        "sections": [
            {
                "id": "basics",
                "title": "What is launching?",
                "numbered": true,
                "fields": [
                    { "id": "title", "label": "Title", "kind": "text", "bind": "title", "required": true },
                    { "id": "pager", "label": "Who is paged", "kind": "person", "required": true }
                ]
            }
        ]
    })
}
