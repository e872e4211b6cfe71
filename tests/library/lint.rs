//! Exported Markdown passes markdownlint (every default rule except MD013,
//! line length: answers are long lines by nature): records exported through
//! the API, and whole folders as `export --all` writes them.
//!
//! markdownlint-cli2 comes from `npm ci` (pinned in package.json). Without
//! it the test skips with a loud message, except under CI (`CI` set), where
//! it fails so that a missing install cannot pass silently.

use preflight::export::to_markdown;

use super::markdown::{empty_record, sample};
use super::nasty::{nasty_documents, nasty_lines, record_with_document, record_with_line};
use crate::commands::publish::{export_all, files, sample_world};
use crate::common::{World, lint_markdown, markdownlint, production_set, repo_root, stderr};

#[test]
fn exported_markdown_passes_markdownlint() {
    let Some(bin) = markdownlint("exported_markdown_passes_markdownlint") else {
        return;
    };

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
    lint_markdown(&bin, &files);
}

/// The folders `export --all` writes: the sample store in both layouts and
/// with front matter, and each imported fixture folder (adr-tools, MADR,
/// log4brains) in both layouts, whose original text is exported too.
#[test]
fn exported_folders_pass_markdownlint() {
    let Some(bin) = markdownlint("exported_folders_pass_markdownlint") else {
        return;
    };
    let mut pages: Vec<(String, String)> = Vec::new();
    let mut export = |world: &World, folder: String, extra: &[&str]| {
        let out = world.root().join(&folder);
        export_all(world, &out, extra);
        for (name, text) in files(&out) {
            if name.ends_with(".md") {
                pages.push((format!("{folder}/{name}"), text));
            }
        }
    };
    let sample = sample_world();
    export(&sample, "wiki".into(), &[]);
    export(&sample, "adr".into(), &["--layout", "adr"]);
    export(&sample, "site".into(), &["--front-matter"]);
    for folder in ["nygard", "madr2", "madr3", "madr4", "log4brains", "awkward"] {
        // One store each, so their numbers do not clash.
        let world = World::new();
        let import = world
            .cmd()
            .arg("import")
            .arg(repo_root().join("tests/fixtures/import").join(folder))
            .output()
            .expect("run import");
        // The awkward folder holds files that fail on purpose (exit 2).
        assert!(
            import.status.success() || folder == "awkward",
            "{folder}: {}",
            stderr(&import)
        );
        for layout in ["default", "adr"] {
            export(
                &world,
                format!("imported-{folder}/{layout}"),
                &["--layout", layout],
            );
        }
    }
    lint_markdown(&bin, &pages);
}
