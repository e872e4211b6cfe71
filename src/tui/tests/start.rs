//! Starting the app on a screen: the record list is read when it is
//! shown, not before the first frame of a start on one record.

use crossterm::event::KeyCode;

use super::Harness;
use crate::record::RecordId;
use crate::tui::app::App;
use crate::tui::theme::Theme;
use crate::tui::{Start, begin};

/// A store holding one saved record, and that record's id.
fn one_record() -> (Harness, RecordId) {
    let mut h = Harness::new();
    h.key(KeyCode::Enter); // empty store: Enter starts a record
    h.type_text("Move sessions to Redis");
    h.wait(2);
    let id = h.session().record.id.clone();
    crate::tui::update::leave_to_home(&mut h.app);
    assert_eq!(h.app.home.entries.len(), 1, "saved and listed");
    (h, id)
}

/// An app on `h`'s store that has not read its record list.
fn fresh_app(h: &Harness) -> App {
    App::without_home(
        h.app.store.clone(),
        crate::questionnaire::SetCatalog::built_in(),
        Box::new(h.clock.clone()),
        Theme::new(false),
    )
}

#[test]
fn a_start_on_a_record_reads_the_list_only_when_leaving_it() {
    let (h, id) = one_record();
    let mut app = fresh_app(&h);
    begin(&mut app, Start::Edit(id.clone()));
    assert_eq!(app.session.as_ref().map(|s| &s.record.id), Some(&id));
    assert!(app.home.entries.is_empty(), "not read before it is shown");
    crate::tui::update::leave_to_home(&mut app);
    assert_eq!(app.home.entries.len(), 1, "read when shown");
}

#[test]
fn a_start_on_a_record_that_cannot_open_shows_the_list() {
    let (h, _) = one_record();
    let missing = RecordId::parse("zzzzzzzzzzzzzzzz").expect("an id");
    let mut app = fresh_app(&h);
    begin(&mut app, Start::Edit(missing));
    assert!(app.session.is_none());
    assert_eq!(app.home.entries.len(), 1, "the list it falls back to");
}

#[test]
fn a_start_on_the_list_shows_the_records() {
    let (h, _) = one_record();
    let mut app = App::new(
        h.app.store.clone(),
        crate::questionnaire::SetCatalog::built_in(),
        Box::new(h.clock.clone()),
        Theme::new(false),
    );
    begin(&mut app, Start::Home);
    assert_eq!(app.home.entries.len(), 1);
}
