//! The review: each section's readiness with its gaps (jump with Enter), a
//! rendered preview of the Markdown export, and export to a file.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::export::document::readiness_line;
use crate::export::to_markdown;
use crate::tui::app::App;
use crate::tui::preview;
use crate::tui::review::entries_of;
use crate::tui::widgets::wrap::wrap_indented;

pub fn draw(app: &App, frame: &mut Frame, header: Rect, body: Rect) {
    let theme = &app.theme;
    let Some(session) = &app.session else {
        return;
    };
    let Some(verdict) = app.verdict() else {
        return;
    };
    let title = super::wizard::header_text(
        "Review · ",
        &session.record.title,
        usize::from(header.width),
    );
    frame.render_widget(Paragraph::new(Span::styled(title, theme.title)), header);
    let number = session
        .record
        .number
        .map(|n| format!(" · No. {n}"))
        .unwrap_or_default();
    let summary = format!(
        "{}{number} · {}",
        session.record.status.title(),
        readiness_line(&session.set, &verdict)
    );
    let [summary_area, list_area, preview_area] = areas(body);
    let summary_style = if verdict.ready() {
        theme.good
    } else {
        theme.warn
    };
    frame.render_widget(
        Paragraph::new(Span::styled(format!(" {summary}"), summary_style)),
        summary_area,
    );

    let entries = entries_of(&verdict);
    let width = usize::from(list_area.width.saturating_sub(2));
    let mut lines: Vec<Line> = Vec::new();
    let mut selected_line = 0usize;
    let mut selected_end = 0usize;
    for (index, (section, gap)) in entries.iter().enumerate() {
        let selected = index == app.review.selected;
        if selected {
            selected_line = lines.len();
        }
        let Some(section_verdict) = verdict.sections.get(*section) else {
            continue;
        };
        let marker = if selected { "▶ " } else { "  " };
        match gap {
            None => {
                let (state, style) = if section_verdict.ready {
                    ("✓ ready".to_string(), theme.good)
                } else {
                    {
                        let n = section_verdict.gaps.len();
                        (format!("✗ {}", crate::check::gaps_label(n)), theme.warn)
                    }
                };
                let line_style = if selected {
                    theme.selected
                } else {
                    theme.title
                };
                // The whole title, wrapped if need be: at 60 columns
                // "What breaks w…" said too little.
                lines.extend(wrap_indented(
                    Line::from(vec![
                        Span::styled(format!("{marker}{} ", section_verdict.title), line_style),
                        Span::styled(state, style),
                    ]),
                    width,
                    2,
                ));
            }
            Some(g) => {
                let Some(gap) = section_verdict.gaps.get(*g) else {
                    continue;
                };
                let style = if selected { theme.selected } else { theme.text };
                lines.extend(wrap_indented(
                    Line::from(Span::styled(format!("{marker}  • {}", gap.problem), style)),
                    width,
                    6,
                ));
                if selected {
                    lines.extend(wrap_indented(
                        Line::from(Span::styled(format!("      Fix: {}", gap.fix), theme.dim)),
                        width,
                        11,
                    ));
                }
            }
        }
        if selected {
            selected_end = lines.len();
        }
    }
    // Scrolled so the whole selected entry (with its fix) shows.
    let visible = usize::from(list_area.height.saturating_sub(2)).max(1);
    let skip = selected_end.saturating_sub(visible).min(selected_line);
    let list = Paragraph::new(lines).scroll((skip as u16, 0)).block(
        Block::default()
            .borders(Borders::ALL)
            .border_style(theme.focus)
            .title(box_title(
                " Readiness · Enter jumps to the gap ",
                " Readiness ",
                list_area.width,
            )),
    );
    frame.render_widget(list, list_area);

    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.dim)
        .title(box_title(
            " Preview of the export (PgUp/PgDn) ",
            " Preview (PgUp/PgDn) ",
            preview_area.width,
        ));
    let inner = block.inner(preview_area);
    frame.render_widget(block, preview_area);
    let markdown = to_markdown(&session.set, &session.record);
    let lines = preview::lines(&markdown, inner.width);
    let scroll = app
        .review
        .scroll
        .min(preview::max_scroll(lines.len(), inner.height));
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), inner);
}

/// A box's title, or its short form when the long one would be cut.
fn box_title(long: &'static str, short: &'static str, width: u16) -> &'static str {
    if long.chars().count() + 2 <= usize::from(width) {
        long
    } else {
        short
    }
}

/// The summary line, the readiness list and the preview box.
fn areas(body: Rect) -> [Rect; 3] {
    let [summary, main] =
        Layout::vertical([Constraint::Length(2), Constraint::Fill(1)]).areas(body);
    let [list, preview] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(main);
    [summary, list, preview]
}

/// The inside of the preview box (for paging by its height).
pub fn preview_area(body: Rect) -> Rect {
    Block::default().borders(Borders::ALL).inner(areas(body)[2])
}
