//! Imported records on screen: the home list marks them, and the wizard
//! shows the original text beside the questions.

use crossterm::event::KeyCode;

use super::{Harness, START};
use crate::import::{Options, apply, plan};
use crate::questionnaire::SetCatalog;

/// A harness whose store holds the adr-tools fixture folder, imported.
fn imported() -> Harness {
    let mut h = Harness::new();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/nygard");
    let catalog = SetCatalog::built_in();
    let set = catalog.get("production").expect("built-in set");
    let now = START.parse().expect("time");
    let mut report = plan(&h.app.store, set, &dir, Options::default(), now).expect("plan");
    apply(&h.app.store, &mut report).expect("apply");
    h.app.reload_home();
    h
}

#[test]
fn home_marks_imported_records() {
    let h = imported();
    let screen = h.render(80, 24);
    assert_eq!(screen.matches("⇲ imported").count(), 5, "{screen}");
    super::snap_at("home_imported", &h, &[(80, 24), (60, 20)]);
}

#[test]
fn the_wizard_shows_the_original_text_beside_the_questions() {
    let mut h = imported();
    // The newest record is first: 5. Cache warmup on deploy.
    h.key(KeyCode::Enter);
    assert!(h.app.session.is_some(), "Enter opens the selected record");
    let screen = h.render(100, 30);
    assert!(screen.contains("Original record (F2 hides)"), "{screen}");
    assert!(screen.contains("Context"), "{screen}");
    assert!(
        screen.contains("After each deploy the session cache"),
        "{screen}"
    );
    // Beside every section, the four questions included.
    h.key(KeyCode::PageDown);
    assert!(h.render(100, 30).contains("Original record"));
    h.key(KeyCode::PageUp);
    super::snap_at("wizard_imported", &h, &[(100, 30), (80, 24)]);
}
