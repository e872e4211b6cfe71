//! The review's preview of the export, laid out for a pane of a given width:
//! every line already fits (so paging and the scroll limit are exact), and a
//! table too wide for the pane becomes aligned "column: value" text instead
//! of borders wrapped into each other.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use crate::tui::widgets::wrap::wrap_line;

/// A Markdown table's cells as plain text: the header, then each row.
struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

/// The preview of `markdown` as lines no wider than `width`.
pub fn lines(markdown: &str, width: u16) -> Vec<Line<'static>> {
    let width = width.max(1);
    let mut out: Vec<Line<'static>> = Vec::new();
    let mut rest = 0usize;
    for (range, table) in tables(markdown) {
        push_markdown(&mut out, &markdown[rest..range.start], width);
        if natural_width(&table) <= usize::from(width) {
            // It fits: draw it whole, with its borders.
            push_markdown(&mut out, &markdown[range.clone()], width);
        } else {
            push_table_as_text(&mut out, &table);
        }
        out.push(Line::default());
        rest = range.end;
    }
    push_markdown(&mut out, &markdown[rest..], width);
    out.into_iter()
        .flat_map(|line| wrap_line(line, usize::from(width)))
        .collect()
}

/// How far a pane of `height` rows showing `total` lines can scroll.
pub fn max_scroll(total: usize, height: u16) -> u16 {
    u16::try_from(total.saturating_sub(usize::from(height))).unwrap_or(u16::MAX)
}

fn push_markdown(out: &mut Vec<Line<'static>>, markdown: &str, width: u16) {
    if markdown.trim().is_empty() {
        return;
    }
    let options = tui_markdown::Options::default().table_width(width);
    let text = tui_markdown::from_str_with_options(markdown, &options);
    out.extend(text.lines.into_iter().map(owned_line));
}

/// A line that owns its text, so rendered Markdown can be kept.
pub fn owned_line(line: Line<'_>) -> Line<'static> {
    let spans: Vec<Span<'static>> = line
        .spans
        .into_iter()
        .map(|s| Span::styled(s.content.into_owned(), line.style.patch(s.style)))
        .collect();
    Line::from(spans)
}

/// Every table in the Markdown with its byte range.
fn tables(markdown: &str) -> Vec<(std::ops::Range<usize>, Table)> {
    let mut found = Vec::new();
    let mut current: Option<(std::ops::Range<usize>, Table)> = None;
    let mut row: Vec<String> = Vec::new();
    let mut cell: Option<String> = None;
    for (event, range) in
        Parser::new_ext(markdown, crate::export::html::options()).into_offset_iter()
    {
        match event {
            Event::Start(Tag::Table(_)) => {
                current = Some((
                    range,
                    Table {
                        header: Vec::new(),
                        rows: Vec::new(),
                    },
                ));
            }
            Event::End(TagEnd::Table) => found.extend(current.take()),
            Event::Start(Tag::TableHead | Tag::TableRow) => row.clear(),
            Event::End(TagEnd::TableHead) => {
                if let Some((_, table)) = &mut current {
                    table.header = std::mem::take(&mut row);
                }
            }
            Event::End(TagEnd::TableRow) => {
                if let Some((_, table)) = &mut current {
                    table.rows.push(std::mem::take(&mut row));
                }
            }
            Event::Start(Tag::TableCell) => cell = Some(String::new()),
            Event::End(TagEnd::TableCell) => row.extend(cell.take().map(|c| c.trim().to_string())),
            Event::Text(text) | Event::Code(text) => {
                if let Some(cell) = &mut cell {
                    cell.push_str(&text);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(cell) = &mut cell {
                    cell.push(' ');
                }
            }
            _ => {}
        }
    }
    found
}

/// The width of a table drawn with one-space padding and borders.
fn natural_width(table: &Table) -> usize {
    let columns = table.header.len();
    let mut widths: Vec<usize> = table.header.iter().map(|h| h.width()).collect();
    for row in &table.rows {
        for (i, cell) in row.iter().enumerate().take(columns) {
            widths[i] = widths[i].max(cell.width());
        }
    }
    widths.iter().map(|w| w + 3).sum::<usize>() + 1
}

/// Each row as a block: its first cell in bold, then "column: value" for
/// each filled cell after it.
fn push_table_as_text(out: &mut Vec<Line<'static>>, table: &Table) {
    let bold = Style::default().add_modifier(Modifier::BOLD);
    let dim = Style::default().add_modifier(Modifier::DIM);
    for (index, row) in table.rows.iter().enumerate() {
        if index > 0 {
            out.push(Line::default());
        }
        let first = row.first().map(String::as_str).unwrap_or_default();
        let first = if first.is_empty() {
            format!("Row {}", index + 1)
        } else {
            first.to_string()
        };
        out.push(Line::from(Span::styled(format!("▸ {first}"), bold)));
        for (label, value) in table.header.iter().zip(row).skip(1) {
            if value.is_empty() {
                continue;
            }
            out.push(Line::from(vec![
                Span::styled(format!("  {label}: "), dim),
                Span::raw(value.clone()),
            ]));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(lines: &[Line]) -> Vec<String> {
        lines.iter().map(|l| l.to_string()).collect()
    }

    #[test]
    fn a_wide_table_becomes_aligned_text_with_no_border_pieces() {
        let md = "## Risks\n\n| Component | Trigger | What users see |\n| --- | --- | --- |\n| Redis (job queue backend) | Node failure | Jobs wait |\n| Cron host | | Nothing |\n\nAfter.\n";
        let shown = text(&lines(md, 30));
        assert!(
            shown.iter().all(|l| !l.contains('│') && !l.contains('┌')),
            "{shown:#?}"
        );
        assert!(shown.iter().all(|l| l.width() <= 30), "{shown:#?}");
        assert!(
            shown.contains(&"▸ Redis (job queue backend)".to_string()),
            "{shown:#?}"
        );
        assert!(
            shown.contains(&"  Trigger: Node failure".to_string()),
            "{shown:#?}"
        );
        assert!(
            shown.contains(&"  What users see: Nothing".to_string()),
            "{shown:#?}"
        );
        assert!(shown.contains(&"After.".to_string()), "{shown:#?}");
    }

    #[test]
    fn a_table_that_fits_is_drawn_whole() {
        let md = "| A | B |\n| --- | --- |\n| 1 | 2 |\n";
        let shown = text(&lines(md, 40));
        assert!(shown.iter().any(|l| l.starts_with('┌')), "{shown:#?}");
        assert!(shown.iter().any(|l| l.contains("│ 1 ")), "{shown:#?}");
    }

    #[test]
    fn long_lines_wrap_at_words_within_the_width() {
        let md = "Cron entries stay on jobs-01 until the queue is proven.\n";
        let shown = text(&lines(md, 20));
        assert_eq!(
            shown,
            [
                "Cron entries stay on ",
                "jobs-01 until the ",
                "queue is proven."
            ]
        );
    }
}
