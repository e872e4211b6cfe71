//! The help overlay: every key of the current screen, from the keymaps.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::centered;
use crate::tui::app::{App, Mode};
use crate::tui::keymap::{self, Binding};
use crate::tui::overlay;

/// The keymaps help lists for a screen, with their headings.
pub fn sections(app: &App) -> Vec<(&'static str, &'static [Binding])> {
    let mut sections = screen_sections(app);
    sections.push(("This help", overlay::HELP));
    sections
}

fn screen_sections(app: &App) -> Vec<(&'static str, &'static [Binding])> {
    match app.mode {
        Mode::Home => vec![
            ("Record list", keymap::HOME),
            ("Everywhere", keymap::GLOBAL),
        ],
        Mode::Review => vec![
            ("Review", keymap::REVIEW),
            ("Export prompt", overlay::EXPORT),
            ("Everywhere", keymap::GLOBAL),
        ],
        Mode::Wizard => vec![
            ("Wizard", keymap::WIZARD),
            ("Lists", keymap::TABLE),
            ("Grids", keymap::GRID),
            ("Row editor", keymap::ROW_EDITOR),
            ("Everywhere", keymap::GLOBAL),
        ],
        Mode::Meeting => vec![
            ("Meeting", keymap::MEETING),
            ("Capturing an item", keymap::MEETING_CAPTURE),
            ("Deleting an item or leaving", keymap::MEETING_CONFIRM),
            ("Set-up", keymap::MEETING_SETUP),
            ("Closing", keymap::MEETING_CLOSE),
            ("Everywhere", keymap::GLOBAL),
        ],
    }
}

pub fn draw(app: &App, frame: &mut Frame, area: Rect, scroll: u16) {
    let theme = &app.theme;
    let mut lines: Vec<Line> = Vec::new();
    let popup_width = area.width.min(78);
    let text_width = usize::from(popup_width.saturating_sub(2 + 18)).max(10);
    for (heading, map) in sections(app) {
        lines.push(Line::from(Span::styled(heading, theme.title)));
        for binding in map {
            for (i, part) in wrap_words(binding.description, text_width)
                .into_iter()
                .enumerate()
            {
                let key = if i == 0 { binding.label } else { "" };
                lines.push(Line::from(vec![
                    Span::styled(format!("  {key:16}"), theme.key),
                    Span::raw(part),
                ]));
            }
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
    let total = lines.len() as u16;
    let height = (total + 2).min(area.height);
    let popup = centered(area, 78, height);
    let max_scroll = total.saturating_sub(height.saturating_sub(2));
    let scroll = scroll.min(max_scroll);
    let title = if max_scroll > 0 {
        " Keys (↑↓ scroll, Esc or F1 closes) "
    } else {
        " Keys (Esc or F1 closes) "
    };
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines).scroll((scroll, 0)).block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(theme.focus)
                .title(title),
        ),
        popup,
    );
}

/// Splits text into lines of at most `width` characters at spaces.
fn wrap_words(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        if !current.is_empty() && current.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(word);
    }
    if !current.is_empty() || lines.is_empty() {
        lines.push(current);
    }
    lines
}
