//! Every overlay declares its keys once (`tui::overlay`): its dialog and
//! the key bar show each declared key, and a key it does not declare
//! changes nothing.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::Harness;
use crate::tui::app::{Mode, Overlay};
use crate::tui::keymap::Binding;
use crate::tui::widgets::keybar::short_key;

/// A record with a title, open in the wizard.
fn started() -> Harness {
    let mut h = Harness::new();
    h.type_answer(KeyCode::Enter, "Move sessions to Redis");
    h
}

/// Each overlay, opened the way a user gets to it where that is short,
/// else set directly.
fn overlays() -> Vec<(&'static str, Harness)> {
    let mut all = Vec::new();

    let mut h = started();
    h.key(KeyCode::F(1));
    // Its own keys are its last section: scroll to the end.
    for _ in 0..20 {
        h.key(KeyCode::PageDown);
    }
    all.push(("help", h));

    let mut h = started();
    h.ctrl('g');
    h.key(KeyCode::Char('e'));
    all.push(("export prompt", h));

    let mut h = started();
    h.app.overlay = Some(Overlay::ConfirmQuit(
        "your last changes are not saved (disk full)".into(),
    ));
    all.push(("quit without saving", h));

    let mut h = started();
    h.app.overlay = Some(Overlay::Conflict);
    h.wait(0);
    h.wait(2); // armed: it takes keys now
    all.push(("changed on disk", h));

    let mut h = started();
    let session = h.app.session.take().expect("a record is open");
    h.app.overlay = Some(Overlay::Locked(Box::new(session)));
    all.push(("record in use", h));

    let mut h = started();
    h.ctrl('g');
    h.key(KeyCode::Char('s'));
    all.push(("change status", h));

    let mut h = started();
    h.app.overlay = Some(Overlay::ConfirmDeleteRow("Row 1".into()));
    all.push(("delete a row", h));

    let mut h = started();
    h.ctrl('g');
    h.key(KeyCode::Char('n'));
    all.push(("supersede", h));

    let mut h = Harness::new();
    let id = super::resolve::conflicted(&h);
    crate::tui::update::open_record(&mut h.app, &id);
    all.push(("merge conflict", h));

    for (name, h) in &all {
        assert!(h.app.overlay.is_some(), "{name}: no overlay showing");
    }
    all
}

fn bindings(h: &Harness) -> &'static [Binding] {
    h.app.overlay.as_ref().expect("an overlay").bindings()
}

/// The first few words of a text, enough to find it where it wraps.
fn opening(text: &str) -> String {
    text.split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn every_overlay_shows_each_key_it_declares() {
    for (name, h) in overlays() {
        let screen = h.render(100, 30);
        let bar: String = screen.lines().rev().take(2).collect();
        for binding in bindings(&h) {
            assert!(
                screen.contains(binding.label) && screen.contains(&opening(binding.description)),
                "{name}: {} ({}) is declared but not shown:\n{screen}",
                binding.label,
                binding.description
            );
            if !binding.bar.is_empty() {
                let hint = format!("{} {}", short_key(binding.label), binding.bar);
                assert!(
                    bar.contains(&hint),
                    "{name}: the key bar lacks {hint:?}:\n{screen}"
                );
            }
        }
    }
}

#[test]
fn a_key_an_overlay_does_not_declare_changes_nothing() {
    let undeclared = [
        KeyEvent::new(KeyCode::F(9), KeyModifiers::NONE),
        KeyEvent::new(KeyCode::Char('z'), KeyModifiers::NONE),
        KeyEvent::new(KeyCode::Char('%'), KeyModifiers::NONE),
        KeyEvent::new(KeyCode::Char('y'), KeyModifiers::CONTROL),
    ];
    for (name, mut h) in overlays() {
        for key in undeclared {
            let declared = bindings(&h)
                .iter()
                .any(|b| b.combos.iter().any(|c| c.matches(&key)));
            assert!(
                !declared,
                "{name}: pick another undeclared key than {key:?}"
            );
            // The export prompt is a text field: characters are its text.
            let typed = matches!(h.app.overlay, Some(Overlay::Export(_)))
                && matches!(key.code, KeyCode::Char(_))
                && key.modifiers == KeyModifiers::NONE;
            if typed {
                continue;
            }
            let before = h.render(100, 30);
            let mode = h.app.mode;
            h.send(crate::tui::msg::Msg::Key(key));
            assert!(
                h.app.overlay.is_some(),
                "{name}: {key:?} closed the overlay"
            );
            assert_eq!(h.app.mode, mode, "{name}: {key:?} changed the screen");
            assert_eq!(h.render(100, 30), before, "{name}: {key:?} changed it");
            assert!(!h.app.should_quit, "{name}: {key:?} quit");
        }
    }
}

/// Before, every dialog's key bar said "Enter confirm  Esc cancel": in the
/// quit dialog Enter did nothing, and in the conflict dialog neither did.
#[test]
fn the_key_bar_under_a_dialog_shows_that_dialogs_keys() {
    let mut h = started();
    h.app.overlay = Some(Overlay::ConfirmQuit(
        "your last changes are not saved".into(),
    ));
    let screen = h.render(80, 24);
    let bar = screen.lines().last().unwrap_or_default();
    assert!(bar.contains("y quit") && bar.contains("n stay"), "{screen}");
    assert!(!bar.contains("Enter confirm"), "{screen}");

    h.app.overlay = Some(Overlay::Conflict);
    let screen = h.render(80, 24);
    let bar = screen.lines().last().unwrap_or_default();
    assert!(
        bar.contains("k keep mine") && bar.contains("c copy"),
        "{screen}"
    );
    assert!(!bar.contains("Esc"), "{screen}");
}

/// Before, while meeting mode asked "delete it?" the bar still offered
/// the presenter's keys (p point, …), which only answered no.
#[test]
fn the_key_bar_while_meeting_mode_asks_shows_the_answer_key() {
    let mut h = super::meeting::meeting_started();
    h.type_answer(KeyCode::Char('p'), "Queue depth alarm");
    h.key(KeyCode::Enter);
    h.key(KeyCode::Esc);
    h.key(KeyCode::Down);
    h.key(KeyCode::Char('d'));
    assert_eq!(h.app.mode, Mode::Meeting);
    assert!(h.app.meeting.as_ref().is_some_and(|m| m.confirm_delete));
    let screen = h.render(80, 24);
    let bar = screen.lines().last().unwrap_or_default();
    assert!(bar.contains("y yes"), "{screen}");
    assert!(!bar.contains("p point"), "{screen}");
}

/// Before, at 60 columns the presenter's bar dropped `v answer`, `x close`
/// and `Esc leave`, and the wizard's `F2 guidance` and `F5 meet`: two lines
/// could not hold them. Below 80 columns the bar takes a third line.
#[test]
fn the_key_bar_keeps_every_live_key_at_60_and_80_columns() {
    let mut states: Vec<(&str, Harness)> = Vec::new();
    states.push(("home", Harness::new()));
    states.push(("wizard", started()));
    let mut h = started();
    h.ctrl('g');
    states.push(("review", h));
    let mut h = super::meeting::record_open();
    h.key(KeyCode::F(5));
    states.push(("meeting set-up", h));
    states.push(("presenter", super::meeting::meeting_started()));
    let mut h = super::meeting::meeting_started();
    h.key(KeyCode::Char('a'));
    states.push(("capturing an action", h));
    let mut h = super::meeting::meeting_started();
    h.key(KeyCode::Char('x'));
    states.push(("closing", h));
    for (name, h) in states {
        for (width, height) in [(60, 20), (80, 24)] {
            let screen = h.render(width, height);
            let bar: String = screen.lines().rev().take(3).collect();
            for map in crate::tui::screens::key_maps(&h.app) {
                for binding in map.iter().filter(|b| !b.bar.is_empty()) {
                    let hint = format!("{} {}", short_key(binding.label), binding.bar);
                    assert!(
                        bar.contains(&hint),
                        "{name} at {width}x{height}: the bar drops {hint:?}:\n{screen}"
                    );
                }
            }
        }
    }
}
