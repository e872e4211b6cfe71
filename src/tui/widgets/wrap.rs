//! Word wrapping that keeps styles, for text laid out before it is drawn
//! (so heights and scroll limits are known exactly).

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Word-wraps one line to `width` columns, keeping each span's style;
/// continuation lines keep the line's leading indent.
pub fn wrap_line(line: Line<'static>, width: usize) -> Vec<Line<'static>> {
    if line.width() <= width {
        return vec![line];
    }
    // Continuation lines line up under the text: after leading spaces and
    // a list bullet, if any.
    let plain = line.to_string();
    let spaces = plain.len() - plain.trim_start().len();
    let bullet = ["- ", "* ", "▸ "]
        .iter()
        .find(|b| plain[spaces..].starts_with(**b))
        .map_or(0, |b| b.width());
    let indent = (spaces + bullet).min(width / 2);
    wrap_indented(line, width, indent)
}

/// Word-wraps one line to `width` columns, keeping each span's style, with
/// continuation lines indented by `indent` columns.
pub fn wrap_indented(line: Line<'static>, width: usize, indent: usize) -> Vec<Line<'static>> {
    if line.width() <= width {
        return vec![line];
    }
    let indent = indent.min(width / 2);
    // Words with their style, each word keeping the spaces after it.
    let mut words: Vec<(String, Style)> = Vec::new();
    for span in &line.spans {
        let mut word = String::new();
        for c in span.content.chars() {
            if c == ' ' {
                word.push(c);
                continue;
            }
            if word.ends_with(' ') {
                words.push((std::mem::take(&mut word), span.style));
            }
            word.push(c);
        }
        if !word.is_empty() {
            words.push((word, span.style));
        }
    }
    let mut lines: Vec<Line<'static>> = Vec::new();
    let mut current: Vec<Span<'static>> = Vec::new();
    let mut used = 0usize;
    for (word, style) in words {
        let shown = word.trim_end().width();
        if used > 0 && used + shown > width {
            lines.push(Line::from(std::mem::take(&mut current)));
            current.push(Span::raw(" ".repeat(indent)));
            used = indent;
        }
        if used + shown > width {
            // A word longer than the line: break it by characters.
            for c in word.chars() {
                let w = c.width().unwrap_or(0);
                if used + w > width && used > indent {
                    lines.push(Line::from(std::mem::take(&mut current)));
                    current.push(Span::raw(" ".repeat(indent)));
                    used = indent;
                }
                current.push(Span::styled(c.to_string(), style));
                used += w;
            }
            continue;
        }
        used += word.width();
        current.push(Span::styled(word, style));
    }
    if !current.is_empty() {
        lines.push(Line::from(current));
    }
    lines
}
