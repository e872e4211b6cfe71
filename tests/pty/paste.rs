//! A big bracketed paste arrives as one piece and is stored whole.

use std::time::Duration;

use super::key;
use crate::common::World;

/// About 200 KB of Markdown: numbered lines with some non-ASCII text, so a
/// character split across reads would show.
fn big_text() -> String {
    let mut text = String::new();
    let mut n = 0;
    while text.len() < 200 * 1024 {
        n += 1;
        text.push_str(&format!(
            "{n:05}. Sessions move to Redis — naïve → résumé; login stops competing with orders.\n"
        ));
        if n % 50 == 0 {
            text.push('\n');
        }
    }
    text.push_str("END OF PASTE");
    text
}

#[test]
fn a_200_kb_paste_is_stored_whole() {
    let text = big_text();
    assert!(text.len() >= 200 * 1024);
    let world = World::new();
    let mut term = world.spawn(&["new"]);
    term.start_record("Big paste");
    term.press(key::ENTER, "▶ Summary");

    term.send(&format!("{}{text}{}", key::PASTE_START, key::PASTE_END));
    // The cursor ends after the paste, so its last line is what shows.
    term.wait_for_within("END OF PASTE", Duration::from_secs(60));
    term.quit_cleanly();

    let record = world.only_record();
    assert_eq!(record["title"], "Big paste");
    let summary = record["answers"]["summary"]
        .as_str()
        .expect("the summary is stored");
    assert_eq!(summary.len(), text.len(), "the whole paste is stored");
    assert!(summary == text, "the paste is stored byte for byte");
}
