//! The wizard: one section per screen with a step indicator, the fields,
//! a guidance pane, and the row editor drawn over it.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use unicode_width::UnicodeWidthStr;

use super::{centered, fit};
use crate::tui::app::App;
use crate::tui::session::Session;
use crate::tui::theme::Theme;
use crate::tui::widgets::field::FieldEditor;
use crate::tui::widgets::wrap::wrap_indented;

/// Terminals narrower than this hide the guidance pane.
const GUIDANCE_MIN_WIDTH: u16 = 80;

pub fn draw(app: &App, frame: &mut Frame, header: Rect, body: Rect) {
    let Some(session) = &app.session else {
        return;
    };
    draw_header(app, session, frame, header);
    let theme = &app.theme;

    let areas = layout(app, body);
    let main = areas.main;
    frame.render_widget(
        Paragraph::new(top_lines(session, theme, body.width)),
        areas.top,
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
        // The set's guidance was rendered when the record opened; the
        // imported original is rendered here, depth-capped like guidance.
        let guidance = session.guidance.section(session.section);
        let text = match original {
            Some(original) => {
                let mut text = crate::tui::guidance::render(&format!("{original}---\n\n"));
                text.lines.push(ratatui::text::Line::default());
                text.lines.extend(guidance.lines);
                text
            }
            None => guidance,
        };
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
    let left = header_text(&screen, &title, width);
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(format!("{left:width$} "), theme.title),
            Span::styled(state, style),
        ])),
        area,
    );
}

/// The header's text: the app's name goes first when room is short, then
/// the screen's name (`screen` ends with " · " when given); the record's
/// title is cut last.
pub fn header_text(screen: &str, title: &str, width: usize) -> String {
    [
        format!(" preflight · {screen}{title}"),
        format!(" {screen}{title}"),
        format!(" {title}"),
    ]
    .into_iter()
    .find(|text| text.width() <= width)
    .unwrap_or_else(|| fit(&format!(" {title}"), width))
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

/// The step line (question number, section title, progress) and the
/// section's prompt, wrapped to the width: the progress dots go first when
/// room is short, then the title wraps; nothing is cut.
fn top_lines(session: &Session, theme: &Theme, width: u16) -> Vec<Line<'static>> {
    let section = &session.set.sections[session.section];
    let width = usize::from(width);
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
    let count = format!("{}/{total} ", session.section + 1);
    let with_dots = format!("{dots} {count}");
    let progress = if step.width() + 1 + with_dots.width() <= width {
        with_dots
    } else {
        count
    };
    let step_width = width.saturating_sub(progress.width() + 1).max(4);
    let mut lines = wrap_indented(Line::from(Span::styled(step, theme.title)), step_width, 1);
    if let Some(first) = lines.first_mut() {
        let pad = width.saturating_sub(first.width() + progress.width());
        first.spans.push(Span::raw(" ".repeat(pad)));
        first.spans.push(Span::styled(progress, theme.dim));
    }
    let prompt = wrap_indented(
        Line::from(Span::styled(format!(" {}", section.prompt), theme.dim)),
        width.max(4),
        1,
    );
    lines.extend(prompt.into_iter().take(3));
    lines
}

/// Where the parts of the wizard go inside the body area.
struct Areas {
    top: Rect,
    main: Rect,
    fields: Rect,
    guidance: Option<Rect>,
}

fn layout(app: &App, body: Rect) -> Areas {
    let top_height = app.session.as_ref().map_or(2, |session| {
        top_lines(session, &app.theme, body.width).len() as u16
    });
    let [top, main] =
        Layout::vertical([Constraint::Length(top_height), Constraint::Fill(1)]).areas(body);
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
        top,
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

/// Heights of a stack of editors at this width, one blank line after each.
fn stack_heights(editors: &[FieldEditor], focus: Option<usize>, width: u16) -> Vec<u16> {
    editors
        .iter()
        .enumerate()
        .map(|(i, e)| e.height(focus == Some(i), width) + 1)
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
    let heights = stack_heights(editors, focus, area.width);
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
    // Below 80 columns the editor takes the full width, so no piece of the
    // fields behind it shows at its sides.
    let width = if area.width < 80 {
        area.width
    } else {
        area.width.saturating_sub(4).min(90)
    };
    let wanted: u16 = stack_heights(&row_editor.editors, focus, width.saturating_sub(2))
        .iter()
        .sum::<u16>()
        + 2;
    let popup = centered(area, width, wanted.min(area.height));
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
