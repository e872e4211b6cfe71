//! The wizard: one section per screen with a step indicator, the fields,
//! a guidance pane, and the row editor drawn over it.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::{centered, fit};
use crate::tui::app::App;
use crate::tui::session::Session;

/// Terminals narrower than this hide the guidance pane.
const GUIDANCE_MIN_WIDTH: u16 = 80;

pub fn draw(app: &App, frame: &mut Frame, header: Rect, body: Rect) {
    let Some(session) = &app.session else {
        return;
    };
    draw_header(app, session, frame, header);
    let theme = &app.theme;
    let section = &session.set.sections[session.section];

    let [step_area, prompt_area, main] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Fill(1),
    ])
    .areas(body);

    let total = session.set.sections.len();
    let questions = session.set.question_count();
    let step = match session.set.question_number(session.section) {
        Some(n) => format!(" Question {n} of {questions} · {}", section.title),
        None if section.optional => format!(" {} (optional)", section.title),
        None => format!(" {}", section.title),
    };
    let dots: String = (0..total)
        .map(|i| if i == session.section { '●' } else { '○' })
        .collect();
    let progress = format!("{dots} {}/{total} ", session.section + 1);
    let step_width = usize::from(step_area.width).saturating_sub(progress.chars().count() + 1);
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(
                format!("{:step_width$}", fit(&step, step_width)),
                theme.title,
            ),
            Span::styled(progress, theme.dim),
        ])),
        step_area,
    );
    frame.render_widget(
        Paragraph::new(Span::styled(
            fit(
                &format!(" {}", section.prompt),
                usize::from(prompt_area.width),
            ),
            theme.dim,
        )),
        prompt_area,
    );

    let show_guidance = app.show_guidance && main.width >= GUIDANCE_MIN_WIDTH;
    let (fields_area, guidance_area) = if show_guidance {
        let [left, right] =
            Layout::horizontal([Constraint::Percentage(62), Constraint::Percentage(38)])
                .areas(main);
        (left, Some(right))
    } else {
        (main, None)
    };
    draw_fields(app, session, frame, fields_area);
    if let Some(area) = guidance_area {
        let block = Block::default()
            .borders(Borders::LEFT)
            .border_style(theme.dim)
            .title(Span::styled(" Guidance (F2 hides) ", theme.dim));
        let inner = block.inner(area);
        let inner = Rect {
            x: inner.x + 1,
            width: inner.width.saturating_sub(1),
            ..inner
        };
        frame.render_widget(block, area);
        let text: Text = tui_markdown::from_str(&section.guidance);
        frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: false }), inner);
    }
    if session.row_editor.is_some() {
        draw_row_editor(app, session, frame, main);
    }
}

fn draw_header(app: &App, session: &Session, frame: &mut Frame, area: Rect) {
    let theme = &app.theme;
    let title = if session.record.title.trim().is_empty() {
        "New record".to_string()
    } else {
        session.record.title.clone()
    };
    let (state, style) = save_label(session, app);
    let width = usize::from(area.width).saturating_sub(state.chars().count() + 1);
    let left = fit(&format!(" preflight · {title}"), width);
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(format!("{left:width$}"), theme.title),
            Span::styled(state, style),
        ])),
        area,
    );
}

fn save_label(session: &Session, app: &App) -> (String, ratatui::style::Style) {
    let theme = &app.theme;
    if session.read_only {
        return ("READ-ONLY ".into(), theme.warn);
    }
    if session.save.conflict {
        return ("CHANGED ON DISK ".into(), theme.error);
    }
    if let Some(error) = &session.save.error {
        return (format!("NOT SAVED: {} ", fit(error, 40)), theme.error);
    }
    if session.save.dirty && session.has_content() {
        return ("editing… ".into(), theme.dim);
    }
    if !session.has_content() {
        return ("type a title to start ".into(), theme.dim);
    }
    ("✓ saved ".into(), theme.good)
}

fn draw_fields(app: &App, session: &Session, frame: &mut Frame, area: Rect) {
    let area = Rect {
        y: area.y + 1,
        height: area.height.saturating_sub(1),
        ..area
    };
    let row_open = session.row_editor.is_some();
    let heights: Vec<u16> = session
        .editors
        .iter()
        .enumerate()
        .map(|(i, e)| e.height(!row_open && i == session.focus) + 1)
        .collect();
    // Scroll so the focused field is fully visible.
    let focus_end: u16 = heights.iter().take(session.focus + 1).sum();
    let skip_height = focus_end.saturating_sub(area.height);
    let mut y: i32 = -i32::from(skip_height);
    for (i, editor) in session.editors.iter().enumerate() {
        let h = heights[i];
        let top = y;
        y += i32::from(h);
        if top < 0 {
            continue;
        }
        let top = top as u16;
        if top >= area.height {
            break;
        }
        let height = (h - 1).min(area.height - top);
        let field_area = Rect {
            x: area.x,
            y: area.y + top,
            width: area.width.saturating_sub(1),
            height,
        };
        editor.draw(
            frame,
            field_area,
            !row_open && i == session.focus,
            &app.theme,
        );
    }
}

fn draw_row_editor(app: &App, session: &Session, frame: &mut Frame, area: Rect) {
    let Some(row_editor) = &session.row_editor else {
        return;
    };
    let theme = &app.theme;
    let title = session
        .editors
        .get(row_editor.field)
        .map(|e| e.row_title(row_editor.row))
        .unwrap_or_default();
    let heights: Vec<u16> = row_editor
        .editors
        .iter()
        .enumerate()
        .map(|(i, e)| e.height(i == row_editor.focus) + 1)
        .collect();
    let wanted: u16 = heights.iter().sum::<u16>() + 2;
    let popup = centered(
        area,
        area.width.saturating_sub(4).min(90),
        wanted.min(area.height),
    );
    frame.render_widget(Clear, popup);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.focus)
        .title(Span::styled(
            format!(
                " {} ",
                fit(&title, usize::from(popup.width.saturating_sub(4)))
            ),
            theme.focus,
        ))
        .title_bottom(Span::styled(" Tab next · Esc done ", theme.dim));
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let focus_end: u16 = heights.iter().take(row_editor.focus + 1).sum();
    let skip = focus_end.saturating_sub(inner.height);
    let mut y: i32 = -i32::from(skip);
    for (i, editor) in row_editor.editors.iter().enumerate() {
        let h = heights[i];
        let top = y;
        y += i32::from(h);
        if top < 0 {
            continue;
        }
        let top = top as u16;
        if top >= inner.height {
            break;
        }
        let field_area = Rect {
            x: inner.x,
            y: inner.y + top,
            width: inner.width,
            height: (h - 1).min(inner.height - top),
        };
        editor.draw(frame, field_area, i == row_editor.focus, theme);
    }
}
