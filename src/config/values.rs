//! The kinds of value a setting holds besides text, numbers and flags:
//! the colour choice, the theme and the export format, each with the names
//! the config file, the environment and the command line spell it.

use std::fmt;

use crate::export::Layout;

/// A setting that is one of a fixed list of names. The list is the enum's
/// own, so what the config file accepts and what the program uses cannot
/// differ.
pub trait Choice: Copy + 'static {
    /// Every value, in the order messages and docs list them.
    const ALL: &'static [Self];

    /// The name in the config file and on the command line.
    fn name(self) -> &'static str;

    /// The value with this exact (lowercase) name.
    fn parse(text: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|value| value.name() == text)
    }

    /// Every name, for messages: "dark, light, high-contrast, none".
    fn names() -> String {
        let names: Vec<&str> = Self::ALL.iter().map(|value| value.name()).collect();
        names.join(", ")
    }
}

/// `--color`: when to use colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ColorWhen {
    /// Colour when standard output is a terminal and `NO_COLOR` is unset.
    #[default]
    Auto,
    /// Always colour, even into a pipe and despite `NO_COLOR`.
    Always,
    /// Never colour.
    Never,
}

impl Choice for ColorWhen {
    const ALL: &'static [ColorWhen] = &[ColorWhen::Auto, ColorWhen::Always, ColorWhen::Never];

    fn name(self) -> &'static str {
        match self {
            ColorWhen::Auto => "auto",
            ColorWhen::Always => "always",
            ColorWhen::Never => "never",
        }
    }
}

impl ColorWhen {
    /// The name on the command line.
    pub fn name(self) -> &'static str {
        Choice::name(self)
    }
}

/// The themes a user can choose (`theme` in the config file,
/// `PREFLIGHT_THEME`, `--theme`). The styles of each are the TUI's
/// (`tui::theme`); the choice is a setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ThemeName {
    /// Colours for a dark terminal background (the default).
    #[default]
    Dark,
    /// Colours that stay readable on a light background.
    Light,
    /// Bright colours and bold text, no dim text.
    HighContrast,
    /// No colours at all: bold, reverse and markers only.
    None,
}

impl Choice for ThemeName {
    const ALL: &'static [ThemeName] = &ThemeName::ALL;

    fn name(self) -> &'static str {
        match self {
            ThemeName::Dark => "dark",
            ThemeName::Light => "light",
            ThemeName::HighContrast => "high-contrast",
            ThemeName::None => "none",
        }
    }
}

impl ThemeName {
    /// Every theme, in the order the docs list them.
    pub const ALL: [ThemeName; 4] = [
        ThemeName::Dark,
        ThemeName::Light,
        ThemeName::HighContrast,
        ThemeName::None,
    ];

    /// The name used in the config file and on the command line.
    pub fn name(self) -> &'static str {
        Choice::name(self)
    }

    /// Parses a theme name (exact, lowercase).
    pub fn parse(text: &str) -> Option<ThemeName> {
        Choice::parse(text)
    }
}

impl fmt::Display for ThemeName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// `export_format`: what `export` writes without `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ExportFormat {
    /// Markdown.
    #[default]
    Md,
    /// HTML.
    Html,
}

impl Choice for ExportFormat {
    const ALL: &'static [ExportFormat] = &[ExportFormat::Md, ExportFormat::Html];

    fn name(self) -> &'static str {
        match self {
            ExportFormat::Md => "md",
            ExportFormat::Html => "html",
        }
    }
}

impl ExportFormat {
    /// The name in the config file.
    pub fn name(self) -> &'static str {
        Choice::name(self)
    }
}

/// `export_layout` is the export's own [`Layout`].
impl Choice for Layout {
    const ALL: &'static [Layout] = &[Layout::Default, Layout::Adr];

    fn name(self) -> &'static str {
        Layout::name(self)
    }
}
