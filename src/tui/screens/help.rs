//! The help overlay: every key of the current screen, from the keymaps.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::centered;
use crate::tui::app::{App, Mode};
use crate::tui::keymap::{self, Binding};

/// The keymaps help lists for a screen, with their headings.
pub fn sections(app: &App) -> Vec<(&'static str, &'static [Binding])> {
    match app.mode {
        Mode::Home => vec![
            ("Record list", keymap::HOME),
            ("Everywhere", keymap::GLOBAL),
        ],
        Mode::Review => vec![
            ("Review", keymap::REVIEW),
            ("Export prompt", keymap::PROMPT),
            ("Everywhere", keymap::GLOBAL),
        ],
        Mode::Wizard => vec![
            ("Wizard", keymap::WIZARD),
            ("Lists and grids", keymap::TABLE),
            ("Row editor", keymap::ROW_EDITOR),
            ("Everywhere", keymap::GLOBAL),
        ],
    }
}

pub fn draw(app: &App, frame: &mut Frame, area: Rect) {
    let theme = &app.theme;
    let mut lines: Vec<Line> = Vec::new();
    for (heading, map) in sections(app) {
        lines.push(Line::from(Span::styled(heading, theme.title)));
        for binding in map {
            lines.push(Line::from(vec![
                Span::styled(format!("  {:16}", binding.label), theme.key),
                Span::raw(binding.description),
            ]));
        }
        lines.push(Line::default());
    }
    if app.mode == Mode::Wizard {
        lines.push(Line::from(Span::styled("In text fields", theme.title)));
        lines.push(Line::from(
            "  Emacs keys work: Ctrl-A/E start/end, Ctrl-K kill, Ctrl-Y yank,",
        ));
        lines.push(Line::from(
            "  Ctrl-U undo, Ctrl-R redo, Alt-F/B words. In choices: ↑↓ or the",
        ));
        lines.push(Line::from(
            "  first letter; Backspace clears. Typing in an unknown field answers it.",
        ));
    }
    let height = (lines.len() as u16 + 2).min(area.height);
    let popup = centered(area, 78, height);
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: false }).block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(theme.focus)
                .title(" Keys (Esc or F1 closes) "),
        ),
        popup,
    );
}
