//! External tools a test needs (git, a renderer, markdownlint): a missing
//! one skips its test loudly, except under CI (`CI` set), where the test
//! fails so that a missing install cannot pass silently. And the one
//! markdownlint run every Markdown test uses.
//!
//! Shared by both test binaries: `tests/common` re-exports it for the
//! integration tests, and `src/testing.rs` compiles this same file into the
//! library's unit tests (which cannot reach `tests/`). So it uses only std
//! and the dev-dependencies, nothing of either crate.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The crate's root folder (where `assets/`, `node_modules/` and
/// `questionnaires/` live).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// For a test that needs an external tool that is missing: fails under CI
/// (`CI` set), where a missing install must not pass silently, and
/// otherwise says loudly that `test` was skipped and why.
pub fn skip_unless_ci(test: &str, message: &str) {
    if std::env::var_os("CI").is_some_and(|v| !v.is_empty()) {
        panic!("{message} (CI is set, so {test} may not skip)");
    }
    eprintln!(
        "\n{}\nSKIPPED {test}: {message}\n{}\n",
        "!".repeat(72),
        "!".repeat(72)
    );
}

/// The rules every published Markdown file must pass: markdownlint's
/// defaults except MD013 (line length: answers are long lines by nature).
const MARKDOWNLINT_CONFIG: &str = r#"// Written by the preflight test suite.
{
  "config": {
    "default": true,
    "MD013": false
  }
}
"#;

/// markdownlint-cli2, as `npm ci` installs it (pinned in package.json);
/// `None` after [`skip_unless_ci`] for `test` when it is not there.
pub fn markdownlint(test: &str) -> Option<PathBuf> {
    let bin = repo_root().join("node_modules/.bin/markdownlint-cli2");
    if bin.is_file() {
        return Some(bin);
    }
    let message = format!(
        "markdownlint-cli2 is not installed in {}: run `npm ci` there",
        repo_root().display()
    );
    skip_unless_ci(test, &message);
    None
}

/// Lints `files` (path relative to a temp folder, text) with `bin` under
/// [`MARKDOWNLINT_CONFIG`]; panics with markdownlint's report, keeping the
/// files for a look, unless every file was linted and none has a problem.
pub fn lint_markdown(bin: &Path, files: &[(String, String)]) {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(
        dir.path().join(".markdownlint-cli2.jsonc"),
        MARKDOWNLINT_CONFIG,
    )
    .expect("write the markdownlint config");
    for (name, text) in files {
        let path = dir.path().join(name);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).expect("make the file's folder");
        }
        fs::write(path, text).expect("write a file to lint");
    }
    let output = Command::new(bin)
        .current_dir(dir.path())
        .args(files.iter().map(|(name, _)| name))
        .output()
        .expect("run markdownlint-cli2");
    let summary = String::from_utf8_lossy(&output.stderr).into_owned()
        + &String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        let kept = dir.keep();
        panic!(
            "markdownlint found problems (files kept in {}):\n{summary}",
            kept.display()
        );
    }
    assert!(
        summary.contains(&format!("Linting: {} file(s)", files.len())),
        "markdownlint did not lint every file: {summary}"
    );
    assert!(summary.contains("Summary: 0 error(s)"), "{summary}");
}
