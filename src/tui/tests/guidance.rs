//! Guidance that nests 30,000 lists deep: the wizard shows it as plain
//! lines under a note instead of rendering it as Markdown (which cost 5 s
//! and up to 1.9 GB on every key press), and the rendering is done once
//! when the record opens, not per frame.

use crossterm::event::KeyCode;

use super::Harness;

#[test]
fn guidance_nested_thirty_thousand_deep_is_shown_as_plain_lines() {
    let mut h = Harness::new();
    for loaded in &mut h.app.catalog.sets {
        for section in &mut loaded.set.sections {
            section.guidance = "- ".repeat(30_000) + "Ask who is paged.";
        }
    }
    h.type_answer(KeyCode::Enter, "Deep guidance");
    let screen = h.render(100, 30);
    assert!(screen.contains("Guidance shown as written"), "{screen}");
    // Rendered once per section when the record opened; typing draws the
    // kept lines.
    let kept = h.session().guidance.section(0);
    assert_eq!(kept.lines.len(), 3);
    h.key(KeyCode::PageDown);
    let screen = h.render(100, 30);
    assert!(screen.contains("Guidance shown as written"), "{screen}");
}
