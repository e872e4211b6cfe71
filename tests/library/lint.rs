//! Exported Markdown passes markdownlint (every default rule except MD013,
//! line length: answers are long lines by nature).
//!
//! markdownlint-cli2 comes from `npm ci` (pinned in package.json). Without
//! it the test skips with a loud message, except under CI (`CI` set), where
//! it fails so that a missing install cannot pass silently.

use std::fs;
use std::path::PathBuf;
use std::process::Command;

use preflight::export::to_markdown;

use super::markdown::{empty_record, sample};
use super::nasty::{nasty_documents, nasty_lines, record_with_document, record_with_line};
use crate::common::{production_set, repo_root, skip_unless_ci};

const CONFIG: &str = r#"// Written by the preflight test suite.
{
  "config": {
    "default": true,
    "MD013": false
  }
}
"#;

fn markdownlint() -> Option<PathBuf> {
    let bin = repo_root().join("node_modules/.bin/markdownlint-cli2");
    bin.is_file().then_some(bin)
}

#[test]
fn exported_markdown_passes_markdownlint() {
    let Some(bin) = markdownlint() else {
        let message = format!(
            "markdownlint-cli2 is not installed in {}: run `npm ci` there",
            repo_root().display()
        );
        skip_unless_ci("exported_markdown_passes_markdownlint", &message);
        return;
    };

    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join(".markdownlint-cli2.jsonc"), CONFIG).unwrap();
    let set = production_set();
    let mut files = vec![
        ("sample.md".to_string(), to_markdown(&set, &sample())),
        (
            "empty.md".to_string(),
            to_markdown(&set, &empty_record("Nothing yet")),
        ),
    ];
    // The 100 KB inputs are left to the structure tests: markdownlint
    // takes minutes over megabytes of metacharacters.
    let small = |text: &&String| text.len() < 10_000;
    for (n, line) in nasty_lines().iter().filter(small).enumerate() {
        files.push((
            format!("line-{n:02}.md"),
            to_markdown(&set, &record_with_line(line)),
        ));
    }
    for (n, doc) in nasty_documents().iter().filter(small).enumerate() {
        files.push((
            format!("doc-{n:02}.md"),
            to_markdown(&set, &record_with_document(doc)),
        ));
    }
    for (name, markdown) in &files {
        fs::write(dir.path().join(name), markdown).unwrap();
    }

    let output = Command::new(&bin)
        .current_dir(dir.path())
        .args(files.iter().map(|(name, _)| name))
        .output()
        .expect("run markdownlint-cli2");
    if !output.status.success() {
        // Keep the files for a look.
        let kept = dir.keep();
        panic!(
            "markdownlint found problems (files kept in {}):\n{}\n{}",
            kept.display(),
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let summary = String::from_utf8_lossy(&output.stderr).into_owned()
        + &String::from_utf8_lossy(&output.stdout);
    assert!(
        summary.contains(&format!("Linting: {} file(s)", files.len())),
        "markdownlint did not lint every file: {summary}"
    );
    assert!(summary.contains("Summary: 0 error(s)"), "{summary}");
}
