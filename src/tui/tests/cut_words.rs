//! Finds words cut short on screen: text that stops mid-word at the right
//! edge (of the screen or of a box) or before an ellipsis, where it could
//! have wrapped instead. Run over every 80x24 and 60x20 snapshot.
//!
//! A token is "cut" when it is not a word the app or the question set ever
//! shows, but is the start of one: "infrastr" (infrastructure), "sho"
//! (should), "w…" (when). Known words are taken from the built-in question
//! sets and from the string literals of the source, so the check follows
//! the texts as they change.

use std::collections::BTreeSet;
use std::path::Path;

/// Every word of the built-in question sets and of the string literals in
/// `src/` (lower case).
fn vocabulary() -> BTreeSet<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut text = String::new();
    let mut files = Vec::new();
    collect(&root.join("questionnaires"), "json", &mut files);
    collect(&root.join("src"), "rs", &mut files);
    // Imported records on screen show the fixture folders' text.
    collect(&root.join("tests/fixtures/import"), "md", &mut files);
    for file in files {
        // This file quotes cut words on purpose.
        if file.ends_with("tui/tests/cut_words.rs") {
            continue;
        }
        let Ok(content) = std::fs::read_to_string(&file) else {
            continue;
        };
        if file.extension().is_some_and(|e| e == "json" || e == "md") {
            text.push_str(&content);
        } else {
            for literal in string_literals(&content) {
                text.push_str(&literal);
                text.push(' ');
            }
        }
    }
    words(&text).map(str::to_lowercase).collect()
}

fn collect(dir: &Path, extension: &str, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, extension, out);
        } else if path.extension().is_some_and(|e| e == extension) {
            out.push(path);
        }
    }
}

/// The contents of `"..."` literals in Rust source.
fn string_literals(source: &str) -> Vec<String> {
    let mut out = Vec::new();
    // A quote as a char literal does not open a string.
    let source = source.replace("'\"'", "").replace("'\\\"'", "");
    let mut chars = source.chars();
    while let Some(c) = chars.next() {
        if c != '"' {
            continue;
        }
        let mut literal = String::new();
        while let Some(c) = chars.next() {
            match c {
                '\\' => {
                    chars.next();
                    literal.push(' ');
                }
                '"' => break,
                _ => literal.push(c),
            }
        }
        out.push(literal);
    }
    out
}

fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// The cut words of one screen: (row, token) for each word that is only the
/// start of a known word (cut by an edge, a column or an ellipsis).
pub fn cut_words(screen: &[String], known: &BTreeSet<String>) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    for (row, line) in screen.iter().enumerate() {
        // One-line inputs ("› answer") have no room to wrap: they show
        // what fits, by design.
        if line.trim_start_matches([' ', '│', '▶']).starts_with('›') {
            continue;
        }
        let chars: Vec<char> = line.chars().collect();
        for (i, c) in chars.iter().enumerate() {
            let ends_word =
                c.is_alphanumeric() && !chars.get(i + 1).is_some_and(|n| n.is_alphanumeric());
            if !ends_word {
                continue;
            }
            let start = chars[..i]
                .iter()
                .rposition(|c| !c.is_alphanumeric())
                .map_or(0, |p| p + 1);
            let token: String = chars[start..=i].iter().collect::<String>().to_lowercase();
            // One letter is a key hint ("e export") unless an ellipsis
            // shows it was cut.
            let single = token.chars().count() == 1 && chars.get(i + 1) != Some(&'…');
            if !single && !token.chars().all(|c| c.is_ascii_digit()) && is_cut(&token, known) {
                found.push((row, token));
            }
        }
    }
    found
}

fn is_cut(token: &str, known: &BTreeSet<String>) -> bool {
    (token.chars().count() == 1 || !known.contains(token))
        && known
            .range(token.to_string()..)
            .take_while(|w| w.starts_with(token))
            .any(|w| w.len() > token.len())
}

/// The rows of a snapshot file (each row is a quoted line).
fn snapshot_rows(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| l.strip_prefix('"').and_then(|l| l.strip_suffix('"')))
        .map(str::to_string)
        .collect()
}

#[test]
fn the_detector_finds_the_cuts_the_issue_reported() {
    let known = vocabulary();
    let screen: Vec<String> = [
        "▶ Title *  A short name for the change, as it sho │ Say",
        "  Compute / infrastr                              │",
        "│  What breaks w… ✗ 1 gap    ││- Status: Draft             │",
        "│  Who owns this at 3 AM? ✗ 3 gaps     ││- Date: 2026-11-20│",
        "  › Cron entries stay on jobs-01 until the que…",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let cuts: Vec<String> = cut_words(&screen, &known)
        .into_iter()
        .map(|(_, t)| t)
        .collect();
    assert_eq!(cuts, ["sho", "infrastr", "w"]);
}

#[test]
fn no_wizard_review_or_meeting_snapshot_cuts_a_word() {
    let known = vocabulary();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/tui/tests/snapshots");
    let mut problems = Vec::new();
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).expect("snapshots folder").flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        let wanted = name.ends_with("_80x24.snap") || name.ends_with("_60x20.snap");
        let screen_kind = ["wizard", "review", "row_editor", "meeting"]
            .iter()
            .any(|p| name.starts_with(p));
        if !wanted || !screen_kind {
            continue;
        }
        checked += 1;
        let text = std::fs::read_to_string(entry.path()).expect("snapshot");
        for (row, token) in cut_words(&snapshot_rows(&text), &known) {
            problems.push(format!("{name} row {row}: \"{token}\" is cut"));
        }
    }
    assert!(checked >= 20, "only {checked} snapshots found");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
