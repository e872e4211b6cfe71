//! The one-line key hint bar, built from the same keymaps that handle keys.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::tui::keymap::Binding;
use crate::tui::theme::Theme;

/// Draws `key name` pairs from the maps, dropping what does not fit.
pub fn draw(frame: &mut Frame, area: Rect, maps: &[&[Binding]], theme: &Theme) {
    let mut spans: Vec<Span> = Vec::new();
    let mut used = 0usize;
    let width = usize::from(area.width);
    for binding in maps
        .iter()
        .flat_map(|m| m.iter())
        .filter(|b| !b.bar.is_empty())
    {
        let key = short_key(binding.label);
        let piece = key.chars().count() + binding.bar.chars().count() + 3;
        if used + piece > width {
            break;
        }
        spans.push(Span::styled(format!(" {key}"), theme.key));
        spans.push(Span::styled(format!(" {} ", binding.bar), theme.keybar));
        used += piece;
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The first key of a label ("PgDn / Alt-→" → "PgDn").
fn short_key(label: &str) -> &str {
    label.split(" / ").next().unwrap_or(label)
}
