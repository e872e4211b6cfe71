//! The key hint bar, built from the same keymaps that handle keys. It takes
//! a second line when one is not enough, so no live key is dropped at 80
//! columns, and a third below 80 columns, so none is at 60 either; only what
//! fits in none is left out (the last entries, which the keymaps list least
//! important last).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::tui::keymap::Binding;
use crate::tui::theme::Theme;

/// The most lines the bar takes at 80 columns and more.
const MAX_LINES: usize = 2;

/// The most lines it takes on a narrower terminal, where two lines could
/// not hold the meeting presenter's keys (close and leave were dropped).
const MAX_LINES_NARROW: usize = 3;

/// Narrower than this, the bar may take [`MAX_LINES_NARROW`] lines.
const NARROW: u16 = 80;

fn max_lines(width: u16) -> usize {
    if width < NARROW {
        MAX_LINES_NARROW
    } else {
        MAX_LINES
    }
}

/// The `key name` pairs of the maps laid out in at most two lines of
/// `width` columns (key, name) per line.
fn layout<'a>(maps: &[&'a [Binding]], width: u16) -> Vec<Vec<(&'a str, &'a str)>> {
    let most = max_lines(width);
    let width = usize::from(width);
    let mut lines: Vec<Vec<(&str, &str)>> = vec![Vec::new()];
    let mut used = 0usize;
    for binding in maps
        .iter()
        .flat_map(|m| m.iter())
        .filter(|b| !b.bar.is_empty())
    {
        let key = short_key(binding.label);
        let piece = key.chars().count() + binding.bar.chars().count() + 3;
        if used + piece > width {
            if lines.len() == most || piece > width {
                break;
            }
            lines.push(Vec::new());
            used = 0;
        }
        if let Some(line) = lines.last_mut() {
            line.push((key, binding.bar));
        }
        used += piece;
    }
    lines
}

/// How many lines the bar needs at this width (1 to 3).
pub fn height(maps: &[&[Binding]], width: u16) -> u16 {
    layout(maps, width).len().clamp(1, max_lines(width)) as u16
}

/// Draws `key name` pairs from the maps, on a second line when needed.
pub fn draw(frame: &mut Frame, area: Rect, maps: &[&[Binding]], theme: &Theme) {
    let lines: Vec<Line> = layout(maps, area.width)
        .into_iter()
        .map(|pairs| {
            Line::from(
                pairs
                    .into_iter()
                    .flat_map(|(key, name)| {
                        [
                            Span::styled(format!(" {key}"), theme.key),
                            Span::styled(format!(" {name} "), theme.keybar),
                        ]
                    })
                    .collect::<Vec<Span>>(),
            )
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
}

/// The first key of a label ("PgDn / Alt-→" → "PgDn").
pub fn short_key(label: &str) -> &str {
    label.split(" / ").next().unwrap_or(label)
}
