//! The review screen's keys: it opens on the first gap, ↓/↑ go gap to gap,
//! PgDn/PgUp page the preview by a screen, and `e` offers an export path.

use crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui_textarea::TextArea;

use crate::check::Verdict;
use crate::record::Status;
use crate::tui::app::{App, Mode, Overlay, Tone};
use crate::tui::keymap::{self, Action};
use crate::tui::msg::Effect;
use crate::tui::update::{default_export_path, jump_to};

/// The lines of the review list: each section, then each of its gaps.
pub fn review_entries(app: &App) -> Vec<(usize, Option<usize>)> {
    app.verdict()
        .map(|verdict| entries_of(&verdict))
        .unwrap_or_default()
}

/// [`review_entries`] from a verdict already at hand, so a frame that has
/// run the check does not run it again.
pub fn entries_of(verdict: &Verdict) -> Vec<(usize, Option<usize>)> {
    let mut entries = Vec::new();
    for (s, section) in verdict.sections.iter().enumerate() {
        entries.push((s, None));
        for g in 0..section.gaps.len() {
            entries.push((s, Some(g)));
        }
    }
    entries
}

/// Shows the review, selecting the first gap (or the first section when
/// the record has none), with the preview at its top.
pub fn open(app: &mut App) {
    app.mode = Mode::Review;
    app.review = Default::default();
    app.review.selected = review_entries(app)
        .iter()
        .position(|(_, gap)| gap.is_some())
        .unwrap_or(0);
}

/// The next (or previous) gap from the selected line; without gaps, the
/// next line, so every section can still be reached.
fn step(app: &mut App, forward: bool) {
    let entries = review_entries(app);
    let current = app.review.selected;
    let has_gaps = entries.iter().any(|(_, gap)| gap.is_some());
    let wanted = |i: &usize| !has_gaps || entries[*i].1.is_some();
    let found = if forward {
        (current + 1..entries.len()).find(wanted)
    } else {
        (0..current).rev().find(wanted)
    };
    if let Some(index) = found {
        app.review.selected = index;
    }
}

/// The preview pane's inside at the app's last known terminal size.
fn preview_area(app: &App) -> Rect {
    let (width, height) = app.size;
    let body = crate::tui::screens::body_area(app, Rect::new(0, 0, width, height));
    crate::tui::screens::review_preview_area(body)
}

/// Scrolls the preview by `delta` lines, never past its last screen.
pub fn scroll_by(app: &mut App, delta: i32) {
    let area = preview_area(app);
    let Some(session) = &app.session else { return };
    let markdown = crate::export::to_markdown(&session.set, &session.record);
    let total = crate::tui::preview::lines(&markdown, area.width).len();
    let max = i32::from(crate::tui::preview::max_scroll(total, area.height));
    let scroll = (i32::from(app.review.scroll) + delta).clamp(0, max);
    app.review.scroll = u16::try_from(scroll).unwrap_or(0);
}

/// A page of the preview: its height less one line kept for context.
fn page(app: &App) -> i32 {
    i32::from(preview_area(app).height.saturating_sub(1).max(1))
}

/// Handles a key on the review screen.
pub fn on_key(app: &mut App, key: &KeyEvent) -> Option<Effect> {
    match keymap::lookup(keymap::REVIEW, key) {
        Some(Action::Up) => step(app, false),
        Some(Action::Down) => step(app, true),
        Some(Action::ScrollDown) => scroll_by(app, page(app)),
        Some(Action::ScrollUp) => scroll_by(app, -page(app)),
        Some(Action::Back) => {
            app.mode = Mode::Wizard;
        }
        Some(Action::Open) => {
            let entries = review_entries(app);
            if let Some(&(section, gap)) = entries.get(app.review.selected) {
                jump_to(app, section, gap);
            }
        }
        Some(Action::ChangeStatus) => {
            let current = app.session.as_ref().map_or(0, |s| {
                Status::ALL
                    .iter()
                    .position(|st| *st == s.record.status)
                    .unwrap_or(0)
            });
            if app.session.as_ref().is_some_and(|s| s.read_only) {
                app.say(Tone::Error, "Read-only: the status cannot change here.");
            } else {
                app.overlay = Some(Overlay::Status(current));
            }
        }
        Some(Action::Meeting) => crate::tui::meeting::enter(app),
        Some(Action::Supersede) => {
            if app.session.as_ref().is_some_and(|s| s.read_only) {
                app.say(Tone::Error, "Read-only: close the other preflight first.");
            } else {
                app.overlay = Some(Overlay::ConfirmSupersede);
            }
        }
        Some(Action::Export) => {
            let default = default_export_path(app);
            let mut prompt = TextArea::new(vec![default]);
            prompt.move_cursor(ratatui_textarea::CursorMove::End);
            prompt.set_cursor_line_style(ratatui::style::Style::default());
            app.overlay = Some(Overlay::Export(Box::new(prompt)));
        }
        _ => {}
    }
    None
}
