//! Every style the TUI uses, in one table per named theme (dark, light,
//! high-contrast, none), with a colourless variant for `NO_COLOR` and
//! `--color never` where focus and selection stay visible through bold,
//! reverse and markers.

use ratatui::style::{Color, Modifier, Style};

use crate::config::{Settings, ThemeName};

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

/// The colours of one theme; `None` leaves the terminal's own colour.
/// Modifiers (bold for titles, focus, keys, errors; reverse for selection
/// and the cursor) are the same in every theme, so a theme never hides focus.
struct Palette {
    dim: Option<Color>,
    focus: Option<Color>,
    good: Option<Color>,
    warn: Option<Color>,
    error: Option<Color>,
    unknown: Option<Color>,
    keybar: Option<Color>,
    key: Option<Color>,
    /// Bold on the good/warn colours too (high contrast).
    bold_signals: bool,
}

const DARK: Palette = Palette {
    dim: Some(Color::DarkGray),
    focus: Some(Color::Cyan),
    good: Some(Color::Green),
    warn: Some(Color::Yellow),
    error: Some(Color::Red),
    unknown: Some(Color::Magenta),
    keybar: Some(Color::Gray),
    key: Some(Color::Cyan),
    bold_signals: false,
};

const LIGHT: Palette = Palette {
    dim: Some(Color::DarkGray),
    focus: Some(Color::Blue),
    good: Some(Color::Indexed(28)),  // dark green
    warn: Some(Color::Indexed(130)), // dark orange; yellow vanishes on white
    error: Some(Color::Red),
    unknown: Some(Color::Magenta),
    keybar: Some(Color::Black),
    key: Some(Color::Blue),
    bold_signals: false,
};

const HIGH_CONTRAST: Palette = Palette {
    dim: None, // dim text fails contrast; hints use the normal colour
    focus: Some(Color::LightYellow),
    good: Some(Color::LightGreen),
    warn: Some(Color::LightYellow),
    error: Some(Color::LightRed),
    unknown: Some(Color::LightMagenta),
    keybar: Some(Color::White),
    key: Some(Color::LightCyan),
    bold_signals: true,
};

const NONE: Palette = Palette {
    dim: None,
    focus: None,
    good: None,
    warn: None,
    error: None,
    unknown: None,
    keybar: None,
    key: None,
    bold_signals: false,
};

impl Palette {
    fn of(name: ThemeName) -> &'static Palette {
        match name {
            ThemeName::Dark => &DARK,
            ThemeName::Light => &LIGHT,
            ThemeName::HighContrast => &HIGH_CONTRAST,
            ThemeName::None => &NONE,
        }
    }

    fn theme(&self) -> Theme {
        let fg = |color: Option<Color>| match color {
            Some(color) => Style::default().fg(color),
            None => Style::default(),
        };
        let bold = |style: Style| style.add_modifier(Modifier::BOLD);
        // Without colour, warnings must still stand out.
        let signal = |color: Option<Color>, always_bold: bool| {
            if self.bold_signals || always_bold || color.is_none() {
                bold(fg(color))
            } else {
                fg(color)
            }
        };
        Theme {
            text: Style::default(),
            dim: fg(self.dim),
            title: bold(Style::default()),
            focus: bold(fg(self.focus)),
            selected: Style::default().add_modifier(Modifier::REVERSED),
            good: if self.good.is_none() {
                Style::default()
            } else {
                signal(self.good, false)
            },
            warn: signal(self.warn, false),
            error: bold(fg(self.error)),
            unknown: bold(fg(self.unknown)),
            keybar: fg(self.keybar),
            key: bold(fg(self.key)),
            cursor: Style::default().add_modifier(Modifier::REVERSED),
        }
    }
}

impl Theme {
    /// The default (dark) theme for a terminal with colour, or without it.
    pub fn new(color: bool) -> Theme {
        Theme::named(ThemeName::Dark, color)
    }

    /// A named theme; without colour every theme is the colourless one.
    pub fn named(name: ThemeName, color: bool) -> Theme {
        let name = if color { name } else { ThemeName::None };
        Palette::of(name).theme()
    }

    /// The theme the settings ask for, with colour when they allow it on
    /// this standard output.
    pub fn from_settings(settings: &Settings) -> Theme {
        use std::io::IsTerminal;
        Theme::named(
            settings.theme.value,
            settings.color_enabled(std::io::stdout().is_terminal()),
        )
    }

    /// Colour unless `NO_COLOR` is set to anything non-empty.
    pub fn from_env() -> Theme {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Theme::new(!no_color)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for name in ThemeName::ALL {
            assert_eq!(ThemeName::parse(name.name()), Some(name));
        }
        assert_eq!(ThemeName::parse("blue"), None);
    }

    #[test]
    fn without_colour_every_theme_has_no_colour_but_keeps_focus_visible() {
        for name in ThemeName::ALL {
            let theme = Theme::named(name, false);
            for style in [
                theme.text,
                theme.dim,
                theme.focus,
                theme.good,
                theme.warn,
                theme.error,
                theme.unknown,
                theme.keybar,
                theme.key,
            ] {
                assert_eq!(style.fg, None, "{name}");
            }
            assert!(theme.focus.add_modifier.contains(Modifier::BOLD));
            assert!(theme.selected.add_modifier.contains(Modifier::REVERSED));
            assert!(theme.warn.add_modifier.contains(Modifier::BOLD));
        }
    }

    #[test]
    fn the_dark_theme_is_the_original_one() {
        let theme = Theme::new(true);
        assert_eq!(theme.dim, Style::default().fg(Color::DarkGray));
        assert_eq!(
            theme.focus,
            Style::default()
                .fg(Color::Cyan)
                .add_modifier(Modifier::BOLD)
        );
        assert_eq!(theme.good, Style::default().fg(Color::Green));
        assert_eq!(theme.warn, Style::default().fg(Color::Yellow));
        assert_eq!(theme.keybar, Style::default().fg(Color::Gray));
    }

    #[test]
    fn colour_themes_differ() {
        let dark = Theme::named(ThemeName::Dark, true);
        let light = Theme::named(ThemeName::Light, true);
        let high = Theme::named(ThemeName::HighContrast, true);
        assert_ne!(dark.focus, light.focus);
        assert_ne!(dark.focus, high.focus);
        assert!(high.good.add_modifier.contains(Modifier::BOLD));
        assert_eq!(high.dim.fg, None);
    }
}
