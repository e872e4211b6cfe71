//! The layers of the crate, in one table, and the test that keeps imports
//! pointing down: a module may use its own layer and the layers below it,
//! never one above. `docs/architecture.md` explains the layers; its picture
//! is drawn from this table and this test fails when the two differ
//! (`UPDATE_ASSETS=1 cargo test --test cli layers` redraws it).

mod scan;

use std::path::{Path, PathBuf};

use scan::{Layer, Source, violations};

/// The layers, lowest first. Each module of `src/` is in exactly one; a
/// path such as `meeting::capture` places a part of a folder apart from
/// the rest of it.
const LAYERS: &[Layer] = &[
    Layer {
        name: "foundation",
        modules: &[
            "clock",
            "version",
            "safe_fs",
            "text_file",
            "terminal_text",
            "plural",
            "git",
        ],
        holds: "time, build info, reading files safely, terminal-safe text, plurals, running git",
    },
    Layer {
        name: "record parts",
        modules: &["meeting"],
        holds: "a design review held on a record, as plain data",
    },
    Layer {
        name: "model",
        modules: &[
            "questionnaire",
            "record",
            "import::imported",
            "meeting::capture",
        ],
        holds: "question sets and records: what a field is, what an answer is",
    },
    Layer {
        name: "store",
        modules: &["store", "store_scan", "merge", "setup"],
        holds: "the files on disk: atomic writes, merging records, setting up a clone",
    },
    Layer {
        name: "check and export",
        modules: &["check", "export", "list_index"],
        holds: "what is derived from records: verdicts, exports, the list index",
    },
    Layer {
        name: "services",
        modules: &[
            "numbering",
            "doctor",
            "import",
            "answers_input",
            "synth",
            "link_view",
        ],
        holds: "work over a whole store: numbers, repairs, imports, answers files, links",
    },
    Layer {
        name: "settings",
        modules: &["config", "identity"],
        holds: "defaults, config file, environment; who is doing something",
    },
    Layer {
        name: "front ends",
        modules: &["tui", "plain"],
        holds: "the full-screen wizard and the line-by-line mode",
    },
    Layer {
        name: "command line",
        modules: &["cli"],
        holds: "argument parsing, commands, exit codes",
    },
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every `.rs` file under `src/`, with its path relative to `src/`.
fn sources() -> Vec<Source> {
    fn walk(dir: &Path, src: &Path, out: &mut Vec<Source>) {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                walk(&path, src, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let rel = path.strip_prefix(src).unwrap();
                let rel = rel.to_string_lossy().replace('\\', "/");
                out.push(Source {
                    path: rel,
                    text: std::fs::read_to_string(&path).unwrap(),
                });
            }
        }
    }
    let src = root().join("src");
    let mut out = Vec::new();
    walk(&src, &src, &mut out);
    out
}

#[test]
fn imports_point_down() {
    let sources = sources();
    assert!(
        sources.len() > 50,
        "found only {} files under src/",
        sources.len()
    );
    let problems = violations(LAYERS, &sources);
    assert!(
        problems.is_empty(),
        "{} import(s) point up a layer (see docs/architecture.md):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn every_module_of_the_crate_is_in_one_layer() {
    let lib = std::fs::read_to_string(root().join("src/lib.rs")).unwrap();
    let declared: Vec<&str> = lib
        .lines()
        .filter_map(|line| line.trim().strip_prefix("pub mod "))
        .map(|rest| rest.trim_end_matches(';'))
        .collect();
    assert!(declared.len() > 10, "{declared:?}");
    let mut listed: Vec<&str> = LAYERS
        .iter()
        .flat_map(|layer| layer.modules.iter().copied())
        .filter(|module| !module.contains("::"))
        .collect();
    let count = listed.len();
    listed.sort_unstable();
    listed.dedup();
    assert_eq!(listed.len(), count, "a module is in two layers");
    let mut declared_sorted = declared.clone();
    declared_sorted.sort_unstable();
    assert_eq!(
        declared_sorted, listed,
        "src/lib.rs and the layer table disagree"
    );
}

/// The picture of the layers in docs/architecture.md, highest first.
fn picture() -> String {
    let width = LAYERS.iter().map(|l| l.name.len()).max().unwrap_or(0);
    let mut out = String::from("```text\n");
    for (index, layer) in LAYERS.iter().enumerate().rev() {
        out.push_str(&format!(
            "{:>width$}  {}\n{:>width$}  ({})\n",
            layer.name,
            layer.modules.join(", "),
            "",
            layer.holds
        ));
        if index > 0 {
            out.push_str(&format!("{:>width$}  │\n{:>width$}  ▼\n", "", ""));
        }
    }
    out.push_str("```\n");
    out
}

const BEGIN: &str = "<!-- layers: drawn from tests/layers/mod.rs -->\n";
const END: &str = "<!-- end of layers -->";

#[test]
fn architecture_doc_shows_the_table() {
    let path = root().join("docs/architecture.md");
    let doc = std::fs::read_to_string(&path).unwrap();
    let (Some(start), Some(end)) = (doc.find(BEGIN), doc.find(END)) else {
        panic!("docs/architecture.md lacks the markers {BEGIN:?} and {END:?}");
    };
    let shown = &doc[start + BEGIN.len()..end];
    let want = picture();
    if shown != want && std::env::var_os("UPDATE_ASSETS").is_some() {
        let updated = format!("{}{want}{}", &doc[..start + BEGIN.len()], &doc[end..]);
        std::fs::write(&path, updated).unwrap();
        return;
    }
    assert_eq!(
        shown, want,
        "docs/architecture.md shows other layers than tests/layers/mod.rs; \
         run UPDATE_ASSETS=1 cargo test --test cli layers"
    );
}

fn fixture(files: &[(&str, &str)]) -> Vec<String> {
    let sources: Vec<Source> = files
        .iter()
        .map(|(path, text)| Source {
            path: path.to_string(),
            text: text.to_string(),
        })
        .collect();
    violations(LAYERS, &sources)
}

#[test]
fn the_checker_reports_an_upward_use() {
    let problems = fixture(&[(
        "store.rs",
        "use crate::record::Record;\nuse crate::cli::Context;\n",
    )]);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].starts_with(
            "src/store.rs:2: store (store) uses crate::cli::Context, in cli (command line)"
        ),
        "{problems:?}"
    );
}

#[test]
fn the_checker_reads_groups_super_paths_and_code() {
    let problems = fixture(&[
        // A group: only the upward member is reported.
        (
            "record.rs",
            "use crate::{clock, questionnaire::Field, check::{Verdict, Readiness}};\n",
        ),
        // `super::` that climbs out of `questionnaire` to the crate root.
        (
            "questionnaire/load.rs",
            "use super::model::QuestionSet;\nuse super::super::store::read_text;\n",
        ),
        // A fully qualified path in code and one in a macro's arguments.
        (
            "meeting/mod.rs",
            "fn f() {\n    let x = crate::record::Status::Draft;\n    assert!(crate::tui::ok());\n}\n",
        ),
    ]);
    let lines: Vec<&str> = problems
        .iter()
        .map(|p| p.split(": ").next().unwrap_or(""))
        .collect();
    assert_eq!(
        lines,
        [
            "src/record.rs:1",
            "src/record.rs:1",
            "src/questionnaire/load.rs:2",
            "src/meeting/mod.rs:2",
            "src/meeting/mod.rs:3",
        ],
        "{problems:#?}"
    );
    assert!(
        problems[0].contains("crate::check::Verdict"),
        "{problems:?}"
    );
    assert!(
        problems[2].contains("crate::store::read_text"),
        "{problems:?}"
    );
    assert!(
        problems[3].contains("crate::record::Status"),
        "{problems:?}"
    );
}

#[test]
fn the_checker_skips_comments_strings_and_test_code() {
    let problems = fixture(&[
        (
            "store.rs",
            concat!(
                "//! Unlike [`crate::cli`], this ...\n",
                "/* crate::tui::x /* nested */ crate::tui::y */\n",
                "const S: &str = \"crate::cli::run\";\n",
                "const R: &str = r#\"crate::cli::\"run\"\"#;\n",
                "const C: char = '\"'; fn f<'a>(x: &'a str) {}\n",
                "use crate::record::Record;\n",
                "#[cfg(test)]\nmod tests {\n    use crate::cli::Context;\n}\n",
                "#[cfg(test)]\nmod more;\n",
            ),
        ),
        // A file declared as test-only is skipped as a whole.
        ("store/more.rs", "use crate::tui::App;\n"),
    ]);
    assert!(problems.is_empty(), "{problems:?}");
}

#[test]
fn the_checker_names_a_module_missing_from_the_table() {
    let problems = fixture(&[("newthing.rs", "use crate::record::Record;\n")]);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].contains("newthing is in no layer"),
        "{problems:?}"
    );
}
