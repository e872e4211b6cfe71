//! Drawing: one pure function per screen. `render` never does I/O and never
//! changes state; it draws the whole frame from `&App`.

mod dialogs;
mod help;
mod home;
mod meeting;
mod meeting_forms;
mod review;
mod wizard;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

use crate::tui::app::{App, MIN_HEIGHT, MIN_WIDTH, Mode, Overlay, Tone};
use crate::tui::keymap::{self, Binding};
use crate::tui::meeting::Phase;
use crate::tui::widgets::keybar;

/// Draws the frame.
pub fn render(app: &App, frame: &mut Frame) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small(app, frame, area);
        return;
    }
    let [header, body, status, bar] = frame_areas(app, area);
    match app.mode {
        Mode::Home => home::draw(app, frame, header, body),
        Mode::Wizard => wizard::draw(app, frame, header, body),
        Mode::Review => review::draw(app, frame, header, body),
        Mode::Meeting => meeting::draw(app, frame, header, body),
    }
    draw_status(app, frame, status);
    if app.key_hints {
        keybar::draw(frame, bar, &key_maps(app), &app.theme);
    }
    match &app.overlay {
        None => {}
        Some(Overlay::Help(scroll)) => help::draw(app, frame, body, *scroll),
        Some(overlay) => dialogs::draw(app, overlay, frame, body),
    }
}

/// Header, body, status line and key bar (two lines when one does not
/// hold every live key).
fn frame_areas(app: &App, area: Rect) -> [Rect; 4] {
    let bar = if app.key_hints {
        keybar::height(&key_maps(app), area.width)
    } else {
        1
    };
    // A message longer than the line takes a second one rather than
    // losing its end ("…any other key stays").
    let status = match &app.status {
        Some((_, text)) if text.chars().count() + 1 > usize::from(area.width) => 2,
        _ => 1,
    };
    Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(status),
        Constraint::Length(bar),
    ])
    .areas(area)
}

/// The body area of a frame of this size (for mouse hit-testing and
/// paging).
pub fn body_area(app: &App, area: Rect) -> Rect {
    frame_areas(app, area)[1]
}

pub use review::preview_area as review_preview_area;
pub use wizard::field_at;

/// The keymaps in force now, for the key bar: quit and help first, since
/// they must always be visible, then the most specific.
pub fn key_maps(app: &App) -> Vec<&'static [Binding]> {
    if let Some(overlay) = &app.overlay {
        // The overlay takes every key: the bar shows its own.
        return vec![overlay.bindings()];
    }
    match app.mode {
        Mode::Home => vec![keymap::GLOBAL, keymap::HOME],
        Mode::Review => vec![keymap::GLOBAL, keymap::REVIEW],
        Mode::Meeting => {
            let view = app.meeting.as_ref();
            if view.is_some_and(|v| v.confirm_delete || v.confirm_leave) {
                return vec![keymap::GLOBAL, keymap::MEETING_CONFIRM];
            }
            match view.map(|v| (v.phase, v.capture.is_some())) {
                Some((Phase::Setup, _)) => vec![keymap::GLOBAL, keymap::MEETING_SETUP],
                Some((Phase::Closing, _)) => vec![keymap::GLOBAL, keymap::MEETING_CLOSE],
                Some((Phase::Running, true)) => vec![keymap::GLOBAL, keymap::MEETING_CAPTURE],
                _ => vec![keymap::GLOBAL, keymap::MEETING],
            }
        }
        Mode::Wizard => {
            let session = app.session.as_ref();
            if session.is_some_and(|s| s.row_editor.is_some()) {
                vec![keymap::GLOBAL, keymap::ROW_EDITOR]
            } else if let Some(table) = session.and_then(|s| s.focused()).filter(|e| e.is_table()) {
                let rows = if table.field.kind == crate::questionnaire::FieldKind::Grid {
                    keymap::GRID
                } else {
                    keymap::TABLE
                };
                vec![keymap::GLOBAL, rows, keymap::WIZARD]
            } else {
                vec![keymap::GLOBAL, keymap::WIZARD]
            }
        }
    }
}

fn draw_status(app: &App, frame: &mut Frame, area: Rect) {
    let theme = &app.theme;
    let line = match &app.status {
        Some((tone, text)) => {
            let style = match tone {
                Tone::Info => theme.text,
                Tone::Good => theme.good,
                Tone::Error => theme.error,
            };
            Line::from(Span::styled(format!(" {text}"), style))
        }
        None => Line::default(),
    };
    frame.render_widget(Paragraph::new(line).wrap(Wrap { trim: false }), area);
}

fn too_small(app: &App, frame: &mut Frame, area: Rect) {
    let text = format!(
        "Terminal too small ({}x{}): need {MIN_WIDTH}x{MIN_HEIGHT}. Enlarge it, or press Ctrl-Q to quit. Your work is saved.",
        area.width, area.height
    );
    frame.render_widget(Clear, area);
    frame.render_widget(
        Paragraph::new(text)
            .style(app.theme.warn)
            .wrap(Wrap { trim: true }),
        area,
    );
}

/// Rows of the given heights from the top of `area`, and the rest below
/// them (the forms' layout).
pub fn rows<const N: usize>(area: Rect, heights: [u16; N]) -> ([Rect; N], Rect) {
    let parts = Layout::vertical(
        heights
            .iter()
            .map(|h| Constraint::Length(*h))
            .chain([Constraint::Fill(1)]),
    )
    .split(area);
    (std::array::from_fn(|i| parts[i]), parts[N])
}

/// One line of a pick list (statuses, outcomes): highlighted when selected.
pub fn pick_line(text: String, selected: bool, theme: &crate::tui::theme::Theme) -> Line<'static> {
    let style = if selected { theme.selected } else { theme.text };
    Line::from(Span::styled(text, style))
}

/// A centred rectangle of at most `width` x `height` inside `area`.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    }
}

/// Cuts text to a display width, ending with an ellipsis when cut.
pub fn fit(text: &str, width: usize) -> String {
    use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};
    if text.width() <= width {
        return text.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > width - 1 {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}
