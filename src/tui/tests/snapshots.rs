//! Snapshots of every screen at 80x24 and at a small size (60x20).

use crossterm::event::KeyCode;

use super::Harness;
use crate::tui::msg::Msg;

fn snap(name: &str, h: &Harness) {
    super::snap_at(name, h, &[(80, 24), (60, 20)]);
}

fn filled() -> Harness {
    let mut h = Harness::new();
    h.type_answer(KeyCode::Enter, "Move sessions to Redis");
    h.type_answer(
        KeyCode::Tab,
        "Sessions move from Postgres to a managed Redis.",
    );
    h.type_answer(KeyCode::Tab, "Dana Ruiz");
    h.type_answer(KeyCode::Tab, "sessions, redis");
    h
}

#[test]
fn home_empty() {
    snap("home_empty", &Harness::new());
}

#[test]
fn home_with_records() {
    let mut h = filled();
    h.key(KeyCode::Esc);
    h.wait(3600);
    h.ctrl('n');
    h.type_text("Add a job queue for e-mail");
    h.key(KeyCode::Esc);
    snap("home_records", &h);
}

#[test]
fn wizard_each_section() {
    let mut h = filled();
    let names = [
        "change",
        "failure",
        "owner",
        "cost",
        "rollback",
        "decision",
        "complexity",
    ];
    for (i, name) in names.iter().enumerate() {
        if i > 0 {
            h.key(KeyCode::PageDown);
        }
        snap(&format!("wizard_{name}"), &h);
    }
}

#[test]
fn wizard_without_guidance() {
    let mut h = filled();
    h.key(KeyCode::F(2));
    snap("wizard_no_guidance", &h);
}

#[test]
fn row_editor() {
    let mut h = filled();
    h.key(KeyCode::PageDown);
    h.type_answer(KeyCode::Char('a'), "Redis primary");
    h.type_answer(KeyCode::Tab, "Failover");
    snap("row_editor", &h);
}

#[test]
fn review_with_gaps() {
    let mut h = filled();
    h.key(KeyCode::PageDown);
    h.type_answer(KeyCode::PageDown, "the team");
    h.ctrl('g');
    snap("review_gaps", &h);
}

/// A failure-mode table in the preview: drawn as aligned text in the
/// narrow pane, never as border pieces from two tables wrapped together.
#[test]
fn review_preview_of_a_table() {
    let mut h = filled();
    h.key(KeyCode::PageDown);
    h.type_answer(KeyCode::Char('a'), "Redis (job queue backend)");
    h.type_answer(KeyCode::Tab, "Redis primary fails over");
    h.key(KeyCode::Esc);
    h.ctrl('g');
    h.key(KeyCode::PageDown);
    let screen = h.render(80, 24);
    assert!(
        !screen.contains("││┌") && !screen.contains("│││"),
        "{screen}"
    );
    snap("review_preview_table", &h);
}

/// Fields without focus show the start of their answer, not the end the
/// cursor was left at.
#[test]
fn unfocused_fields_show_the_start_of_their_text() {
    let mut h = Harness::new();
    h.type_answer(
        KeyCode::Enter,
        "Cron entries stay on jobs-01 until the queue is proven and the old host can finally go",
    );
    h.key(KeyCode::Tab);
    for n in 1..=8 {
        h.type_text(&format!("Paragraph line {n} of the summary."));
        h.key(KeyCode::Enter);
    }
    h.key(KeyCode::Tab);
    let screen = h.render(100, 30);
    assert!(screen.contains("› Cron entries stay on"), "{screen}");
    assert!(screen.contains("Paragraph line 1 of"), "{screen}");
    super::snap_at("wizard_unfocused_start", &h, &[(100, 30)]);
}

/// A grid's rows are fixed: its key bar offers no add or delete.
#[test]
fn the_cost_grid_key_bar_shows_only_live_keys() {
    let mut h = filled();
    for _ in 0..3 {
        h.key(KeyCode::PageDown);
    }
    assert_eq!(h.session().focused().expect("focus").field.id, "cost_grid");
    let screen = h.render(80, 24);
    assert!(
        !screen.contains(" a add") && !screen.contains("d delete"),
        "{screen}"
    );
    assert!(screen.contains("Enter edit row"), "{screen}");
}

/// A table's overview shows whole column labels; what does not fit is in
/// the row editor (the hint says how many).
#[test]
fn table_column_labels_are_never_cut() {
    let mut h = filled();
    h.key(KeyCode::PageDown);
    h.type_answer(KeyCode::Char('a'), "Redis (job queue backend)");
    h.key(KeyCode::Esc);
    for (w, hh) in [(100, 30), (80, 24), (60, 20)] {
        let screen = h.render(w, hh);
        let header = screen
            .lines()
            .find(|l| l.contains("Component"))
            .unwrap_or_default();
        for cut in ["What users se ", "Blast radi ", "Detectio "] {
            assert!(!header.contains(cut), "{w}x{hh}: {header}");
        }
        assert!(screen.contains("columns"), "{screen}");
    }
}

/// A focused choice says how to choose.
#[test]
fn a_choice_field_says_how_to_choose() {
    let mut h = filled();
    for _ in 0..4 {
        h.key(KeyCode::PageDown);
    }
    assert_eq!(h.session().focused().expect("focus").field.id, "door");
    for (w, hh) in [(80, 24), (60, 20)] {
        let screen = h.render(w, hh);
        assert!(
            screen.contains("↑↓ or first letter · Backspace clears"),
            "{screen}"
        );
    }
}

/// At 80x24 the review's key bar keeps PgDn and F5, and the wizard's keeps
/// Ctrl-G, on a second line if need be.
#[test]
fn the_key_bar_keeps_every_live_key_at_80_columns() {
    let mut h = filled();
    let screen = h.render(80, 24);
    assert!(
        screen.contains("Ctrl-G review") && screen.contains("F5 meet"),
        "{screen}"
    );
    h.ctrl('g');
    let screen = h.render(80, 24);
    assert!(
        screen.contains("PgDn page") && screen.contains("F5 meet"),
        "{screen}"
    );
}

#[test]
fn help_overlay() {
    let mut h = filled();
    h.key(KeyCode::F(1));
    snap("help_wizard", &h);
}

#[test]
fn too_small() {
    let h = Harness::new();
    insta::with_settings!({prepend_module_to_snapshot => false}, {
        insta::assert_snapshot!("too_small_40x10", h.render(40, 10));
    });
    // Never panics at any size down to 1x1.
    for (w, h2) in [(1, 1), (2, 1), (1, 3), (20, 5), (59, 30), (200, 14)] {
        let _ = h.render(w, h2);
    }
}

#[test]
fn every_screen_survives_tiny_sizes() {
    let mut h = filled();
    h.key(KeyCode::PageDown);
    h.key(KeyCode::Char('a'));
    for (w, hh) in [(1, 1), (10, 3), (60, 15), (61, 15)] {
        let _ = h.render(w, hh);
    }
    h.send(Msg::Key(crossterm::event::KeyEvent::new(
        KeyCode::Esc,
        crossterm::event::KeyModifiers::NONE,
    )));
    h.ctrl('g');
    for (w, hh) in [(1, 1), (10, 3), (60, 15)] {
        let _ = h.render(w, hh);
    }
}

#[test]
fn wide_characters_keep_the_layout() {
    let mut h = Harness::new();
    h.type_answer(
        KeyCode::Enter,
        "数据库迁移 🚀 Move sessions ✅ to Redis — 東京リージョン",
    );
    h.type_answer(
        KeyCode::Tab,
        "セッションを移動します。🚀🚀🚀 العربية نص من اليمين إلى اليسار",
    );
    snap("wizard_wide_chars", &h);
}
