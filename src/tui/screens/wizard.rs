//! The wizard: one section per screen with a step indicator, the fields,
//! a guidance pane, and the row editor drawn over it.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::{centered, fit};
use crate::tui::app::App;
use crate::tui::session::Session;
use crate::tui::theme::Theme;
use crate::tui::widgets::field::FieldEditor;

/// Terminals narrower than this hide the guidance pane.
const GUIDANCE_MIN_WIDTH: u16 = 80;

pub fn draw(app: &App, frame: &mut Frame, header: Rect, body: Rect) {
    let Some(session) = &app.session else {
        return;
    };
    draw_header(app, session, frame, header);
    let theme = &app.theme;
    let section = &session.set.sections[session.section];

    let areas = layout(app, body);
    let (step_area, prompt_area, main) = (areas.step, areas.prompt, areas.main);

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

    draw_fields(app, session, frame, areas.fields);
    let guidance_area = areas.guidance;
    if let Some(area) = guidance_area {
        // An imported record shows its original text here, so the four
        // questions can be answered from it; the guidance follows.
        let original = imported_text(&session.record);
        let title = if original.is_some() {
            " Original record (F2 hides) "
        } else {
            " Guidance (F2 hides) "
        };
        let block = Block::default()
            .borders(Borders::LEFT)
            .border_style(theme.dim)
            .title(Span::styled(title, theme.dim));
        let inner = block.inner(area);
        let inner = Rect {
            x: inner.x + 1,
            width: inner.width.saturating_sub(1),
            ..inner
        };
        frame.render_widget(block, area);
        let markdown = match original {
            Some(original) => format!("{original}---\n\n{}", section.guidance),
            None => section.guidance.clone(),
        };
        let text: Text = tui_markdown::from_str(&markdown);
        frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: false }), inner);
    }
    if session.row_editor.is_some() {
        draw_row_editor(app, session, frame, main);
    }
}

/// The original text of an imported record as Markdown, one heading per
/// part that holds text (laid out by the `imported` question set).
fn imported_text(record: &crate::record::Record) -> Option<String> {
    use crate::export::document::{Block as DocBlock, Value};
    record.imported.as_ref()?;
    let mut out = String::new();
    for section in crate::export::document::imported_sections(record) {
        out.push_str(&format!("## {}\n\n", section.title));
        for block in &section.blocks {
            if let DocBlock::Prose {
                value: Value::Markdown(text) | Value::Text(text),
                ..
            } = block
            {
                out.push_str(text.trim_end());
                out.push_str("\n\n");
            }
        }
    }
    Some(out)
}

fn draw_header(app: &App, session: &Session, frame: &mut Frame, area: Rect) {
    draw_header_with(app, session, frame, area, "");
}

/// The header line: screen name, record title and the save state.
pub fn draw_header_with(app: &App, session: &Session, frame: &mut Frame, area: Rect, screen: &str) {
    let theme = &app.theme;
    let title = if session.record.title.trim().is_empty() {
        "New record".to_string()
    } else {
        session.record.title.clone()
    };
    let (state, style) = save_label(session, app);
    let width = usize::from(area.width).saturating_sub(state.chars().count() + 2);
    let screen = if screen.is_empty() {
        String::new()
    } else {
        format!("{screen} · ")
    };
    let left = fit(&format!(" preflight · {screen}{title}"), width);
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(format!("{left:width$} "), theme.title),
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

/// Where the parts of the wizard go inside the body area.
struct Areas {
    step: Rect,
    prompt: Rect,
    main: Rect,
    fields: Rect,
    guidance: Option<Rect>,
}

fn layout(app: &App, body: Rect) -> Areas {
    let [step, prompt, main] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Fill(1),
    ])
    .areas(body);
    let show_guidance = app.show_guidance && main.width >= GUIDANCE_MIN_WIDTH;
    let (left, guidance) = if show_guidance {
        let [left, right] =
            Layout::horizontal([Constraint::Percentage(62), Constraint::Percentage(38)])
                .areas(main);
        (left, Some(right))
    } else {
        (main, None)
    };
    let fields = Rect {
        y: left.y + 1,
        height: left.height.saturating_sub(1),
        width: left.width.saturating_sub(1),
        ..left
    };
    Areas {
        step,
        prompt,
        main,
        fields,
        guidance,
    }
}

/// The field of the current section drawn at a screen cell, for mouse
/// clicks; the same layout as drawing uses.
pub fn field_at(app: &App, body: Rect, column: u16, row: u16) -> Option<usize> {
    let session = app.session.as_ref()?;
    let focus = session.row_editor.is_none().then_some(session.focus);
    let fields = layout(app, body).fields;
    stack_rects(&session.editors, focus, fields)
        .iter()
        .position(|rect| rect.is_some_and(|r| r.contains((column, row).into())))
}

fn draw_fields(app: &App, session: &Session, frame: &mut Frame, area: Rect) {
    // While the row editor is open, no field in the section has focus.
    let focus = session.row_editor.is_none().then_some(session.focus);
    draw_stack(frame, area, &session.editors, focus, &app.theme);
}

/// Heights of a stack of editors, one blank line after each.
fn stack_heights(editors: &[FieldEditor], focus: Option<usize>) -> Vec<u16> {
    editors
        .iter()
        .enumerate()
        .map(|(i, e)| e.height(focus == Some(i)) + 1)
        .collect()
}

/// Draws editors top to bottom, scrolled so the focused one is fully
/// visible.
fn draw_stack(
    frame: &mut Frame,
    area: Rect,
    editors: &[FieldEditor],
    focus: Option<usize>,
    theme: &Theme,
) {
    for (i, (editor, rect)) in editors
        .iter()
        .zip(stack_rects(editors, focus, area))
        .enumerate()
    {
        if let Some(rect) = rect {
            editor.draw(frame, rect, focus == Some(i), theme);
        }
    }
}

/// Where each editor of a stack goes (None: scrolled out of view), scrolled
/// so the focused one is fully visible.
fn stack_rects(editors: &[FieldEditor], focus: Option<usize>, area: Rect) -> Vec<Option<Rect>> {
    let heights = stack_heights(editors, focus);
    let focus_end: u16 = heights.iter().take(focus.map_or(0, |f| f + 1)).sum();
    let mut y: i32 = -i32::from(focus_end.saturating_sub(area.height));
    heights
        .iter()
        .map(|h| {
            let top = y;
            y += i32::from(*h);
            let top = u16::try_from(top).ok().filter(|t| *t < area.height)?;
            Some(Rect {
                x: area.x,
                y: area.y + top,
                width: area.width,
                height: h.saturating_sub(1).min(area.height - top),
            })
        })
        .collect()
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
    let focus = Some(row_editor.focus);
    let wanted: u16 = stack_heights(&row_editor.editors, focus)
        .iter()
        .sum::<u16>()
        + 2;
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
    draw_stack(frame, inner, &row_editor.editors, focus, theme);
}
