//! The home screen: the records in the store, filter-as-you-type, and a
//! first-run welcome when the store is empty.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table, Wrap};

use super::fit;
use crate::tui::app::App;

pub fn draw(app: &App, frame: &mut Frame, header: Rect, body: Rect) {
    let theme = &app.theme;
    let store_line = format!(
        " preflight · {} ({})",
        app.store.root().display(),
        app.store.origin()
    );
    frame.render_widget(
        Paragraph::new(Span::styled(
            fit(&store_line, usize::from(header.width)),
            theme.title,
        )),
        header,
    );
    if app.home.entries.is_empty() && app.home.problems.is_empty() {
        draw_welcome(app, frame, body);
        return;
    }
    let problems = app.home.problems.len().min(3) as u16;
    let [filter_area, list_area, problem_area] = Layout::vertical([
        Constraint::Length(3),
        Constraint::Fill(1),
        Constraint::Length(problems),
    ])
    .areas(body);

    let filter_block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.focus)
        .title(" Filter ");
    let inner = filter_block.inner(filter_area);
    frame.render_widget(filter_block, filter_area);
    frame.render_widget(&app.home.filter, inner);

    let visible = app.home.visible();
    if visible.is_empty() {
        frame.render_widget(
            Paragraph::new(Span::styled(
                "  No records match the filter. Esc clears it.",
                theme.dim,
            )),
            list_area,
        );
    } else {
        let height = usize::from(list_area.height.saturating_sub(1)).max(1);
        let skip = app.home.selected.saturating_sub(height - 1);
        // Only the rows on screen are built: a store of 10,000 records
        // would otherwise lay out 10,000 rows per frame (and per key typed
        // into the filter).
        let rows: Vec<Row> = visible
            .iter()
            .enumerate()
            .skip(skip)
            .take(height)
            .map(|(i, entry)| {
                let r = &entry.record;
                let readiness = r.standing(app.home.today).label();
                let marker = if i == app.home.selected { "▶" } else { " " };
                let mut title = if r.title.trim().is_empty() {
                    "(untitled)".to_string()
                } else {
                    r.title.clone()
                };
                if r.imported.is_some() {
                    // In front, so a narrow screen that cuts the title
                    // still shows it.
                    title.insert_str(0, "⇲ imported · ");
                }
                if r.review_overdue(app.home.today) {
                    title.push_str("  ⚑ review due");
                }
                let style = if i == app.home.selected {
                    theme.selected
                } else {
                    theme.text
                };
                Row::new(vec![
                    Cell::from(marker),
                    Cell::from(title),
                    Cell::from(r.status.name()),
                    Cell::from(readiness),
                    Cell::from(r.updated.strftime("%Y-%m-%d").to_string()),
                ])
                .style(style)
            })
            .collect();
        let table = Table::new(
            rows,
            [
                Constraint::Length(1),
                Constraint::Fill(1),
                Constraint::Length(10),
                Constraint::Length(9),
                Constraint::Length(10),
            ],
        )
        .header(Row::new(vec!["", "TITLE", "STATUS", "READINESS", "UPDATED"]).style(theme.title))
        .column_spacing(1);
        frame.render_widget(table, list_area);
    }
    let lines: Vec<Line> = app
        .home
        .problems
        .iter()
        .take(3)
        .map(|p| Line::from(Span::styled(format!(" ! {p}"), theme.warn)))
        .collect();
    frame.render_widget(Paragraph::new(lines), problem_area);
}

fn draw_welcome(app: &App, frame: &mut Frame, area: Rect) {
    let theme = &app.theme;
    let mut lines = vec![
        Line::default(),
        Line::from(Span::styled("  Welcome to preflight", theme.title)),
        Line::default(),
    ];
    match app.catalog.get(&app.default_set) {
        Some(set) => {
            let count = set.question_count();
            lines.push(Line::from(format!(
                "  Before a significant change ships, answer {} honestly:",
                match count {
                    1 => "one question".to_string(),
                    2 => "two questions".to_string(),
                    3 => "three questions".to_string(),
                    4 => "four questions".to_string(),
                    5 => "five questions".to_string(),
                    n => format!("{n} questions"),
                }
            )));
            lines.push(Line::default());
            for (index, section) in set.sections.iter().enumerate() {
                if let Some(n) = set.question_number(index) {
                    lines.push(Line::from(format!("    {n}. {}", section.title)));
                }
            }
        }
        None => lines.push(Line::from(format!(
            "  The question set {:?} is not installed; see `preflight sets`.",
            app.default_set
        ))),
    }
    lines.extend([
        Line::default(),
        Line::from("  Answer what you can, mark the rest unknown (Ctrl-T), and come back"),
        Line::from("  later. Everything saves as you type. The review shows the gaps and"),
        Line::from("  exports a Markdown decision record for your wiki."),
        Line::default(),
        Line::from(vec![
            Span::raw("  Press "),
            Span::styled("Enter", theme.key),
            Span::raw(" to start your first record, "),
            Span::styled("F1", theme.key),
            Span::raw(" for keys."),
        ]),
    ]);
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}
