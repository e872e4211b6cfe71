//! Every style the TUI uses, in one table, with a colourless variant for
//! `NO_COLOR` where focus and selection stay visible through bold, reverse
//! and markers.

use ratatui::style::{Color, Modifier, Style};

/// The styles of one theme.
#[derive(Debug, Clone, Copy)]
pub struct Theme {
    /// Ordinary text.
    pub text: Style,
    /// Hints, help text, secondary information.
    pub dim: Style,
    /// Titles and headings.
    pub title: Style,
    /// The focused field's label and border.
    pub focus: Style,
    /// The selected row of a list.
    pub selected: Style,
    /// Ready verdicts, saved state.
    pub good: Style,
    /// Gaps and warnings.
    pub warn: Style,
    /// Errors (save failed).
    pub error: Style,
    /// "Unknown" answers.
    pub unknown: Style,
    /// The key bar.
    pub keybar: Style,
    /// Keys inside the key bar and help.
    pub key: Style,
    /// Text cursor inside a focused field.
    pub cursor: Style,
}

impl Theme {
    /// The theme for a terminal with colour, or without it.
    pub fn new(color: bool) -> Theme {
        if color {
            Theme {
                text: Style::default(),
                dim: Style::default().fg(Color::DarkGray),
                title: Style::default().add_modifier(Modifier::BOLD),
                focus: Style::default()
                    .fg(Color::Cyan)
                    .add_modifier(Modifier::BOLD),
                selected: Style::default().add_modifier(Modifier::REVERSED),
                good: Style::default().fg(Color::Green),
                warn: Style::default().fg(Color::Yellow),
                error: Style::default().fg(Color::Red).add_modifier(Modifier::BOLD),
                unknown: Style::default()
                    .fg(Color::Magenta)
                    .add_modifier(Modifier::BOLD),
                keybar: Style::default().fg(Color::Gray),
                key: Style::default()
                    .fg(Color::Cyan)
                    .add_modifier(Modifier::BOLD),
                cursor: Style::default().add_modifier(Modifier::REVERSED),
            }
        } else {
            Theme {
                text: Style::default(),
                dim: Style::default(),
                title: Style::default().add_modifier(Modifier::BOLD),
                focus: Style::default().add_modifier(Modifier::BOLD),
                selected: Style::default().add_modifier(Modifier::REVERSED),
                good: Style::default(),
                warn: Style::default().add_modifier(Modifier::BOLD),
                error: Style::default().add_modifier(Modifier::BOLD),
                unknown: Style::default().add_modifier(Modifier::BOLD),
                keybar: Style::default(),
                key: Style::default().add_modifier(Modifier::BOLD),
                cursor: Style::default().add_modifier(Modifier::REVERSED),
            }
        }
    }

    /// Colour unless `NO_COLOR` is set to anything non-empty.
    pub fn from_env() -> Theme {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Theme::new(!no_color)
    }
}
