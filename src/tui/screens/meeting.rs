//! Meeting mode's presenter screen: the current question large at the top,
//! a countdown that reads without colour, what was captured so far, and the
//! capture line. Set-up and closing are drawn by `meeting_forms`.

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use tui_big_text::{BigText, PixelSize};
use unicode_width::UnicodeWidthStr;

use super::meeting_forms;
use super::{fit, wizard};
use crate::meeting::timer::{TimerState, countdown_text};
use crate::meeting::{Item, ItemKind, Meeting};
use crate::questionnaire::QuestionSet;
use crate::tui::app::App;
use crate::tui::meeting::{CaptureFocus, CaptureForm, MeetingView, Phase};
use crate::tui::theme::Theme;
use crate::tui::widgets::wrap::wrap_indented;

/// Width from which the presenter screen uses larger glyphs.
const WIDE: u16 = 120;

/// Width from which the presenter screen shows the follow-ups panel.
const SIDE_PANEL: u16 = 100;

/// Draws meeting mode.
pub fn draw(app: &App, frame: &mut Frame, header: Rect, body: Rect) {
    let (Some(view), Some(session)) = (&app.meeting, &app.session) else {
        return;
    };
    let phase_name = match view.phase {
        Phase::Setup => "Meeting set-up",
        Phase::Running => "Meeting",
        Phase::Closing => "Closing the meeting",
    };
    wizard::draw_header_with(app, session, frame, header, phase_name);
    match view.phase {
        Phase::Setup => meeting_forms::draw_setup(app, view, session, frame, body),
        Phase::Closing => meeting_forms::draw_closing(app, view, session, frame, body),
        Phase::Running => {
            if let Some(meeting) = view.meeting(app) {
                draw_presenter(app, view, meeting, frame, body);
            }
        }
    }
}

fn draw_presenter(app: &App, view: &MeetingView, meeting: &Meeting, frame: &mut Frame, body: Rect) {
    let theme = &app.theme;
    let wide = body.width >= WIDE;
    let timer_width = if wide { 44 } else { 24 };
    // Tall screens give the question two lines of large glyphs.
    let band_height = match (wide, body.height >= 34) {
        (true, true) => 12,
        (true, false) => 8,
        _ => 6,
    };
    // Below 80 columns the capture line puts owner and due date on a row
    // of their own, and the totals may wrap: one more row.
    let narrow = body.width < 80;
    let [band, progress, items_area, capture_area] = Layout::vertical([
        Constraint::Length(band_height),
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(if narrow { 4 } else { 3 }),
    ])
    .areas(body);
    let [question_area, timer_area] =
        Layout::horizontal([Constraint::Fill(1), Constraint::Length(timer_width)]).areas(band);
    draw_question(app, view, meeting, frame, question_area);
    draw_timer(app, view, meeting, frame, timer_area, wide);
    draw_progress(app, view, meeting, frame, progress);
    // The side panel from 100 columns, so a 100-column screen share shows
    // the parking lot too.
    let (items_area, side) = if body.width >= SIDE_PANEL {
        let [items_area, side] =
            Layout::horizontal([Constraint::Percentage(60), Constraint::Percentage(40)])
                .areas(items_area);
        (items_area, Some(side))
    } else {
        (items_area, None)
    };
    match view.answer_scroll {
        Some(scroll) => draw_answer(app, meeting, view, scroll, frame, items_area),
        None => draw_items(app, view, meeting, frame, items_area),
    }
    if let (Some(side), Some(session)) = (side, &app.session) {
        draw_follow_ups(theme, &session.set, meeting, frame, side);
    }
    match &view.capture {
        Some(form) => draw_capture(theme, meeting, form, frame, capture_area),
        None => draw_summary(theme, view, meeting, frame, capture_area),
    }
}

fn draw_question(app: &App, view: &MeetingView, meeting: &Meeting, frame: &mut Frame, area: Rect) {
    let theme = &app.theme;
    let Some(session) = &app.session else {
        return;
    };
    let Some(question) = meeting.questions.get(view.question) else {
        return;
    };
    let section = session
        .set
        .sections
        .iter()
        .find(|s| s.id == question.section);
    // A question the set no longer has still shows, by its id.
    let (title, prompt) = match section {
        Some(section) => (section.title.trim().to_string(), section.prompt.clone()),
        None => (
            question.section.clone(),
            "(this question is no longer in the question set)".to_string(),
        ),
    };
    let count = meeting.questions.len();
    let step = format!(" QUESTION {} OF {count}", view.question + 1);
    let inner = Rect {
        x: area.x + 1,
        width: area.width.saturating_sub(2),
        ..area
    };
    let lines = vec![Line::from(Span::styled(step, theme.dim)), Line::default()];
    // Large glyphs (4 columns a letter) when the question fits in the lines
    // the band has room for, with the prompt below.
    let per_line = usize::from(inner.width / 4);
    let big_lines = wrap_words(&title.to_uppercase(), per_line);
    let rows_for_big = area.height.saturating_sub(3) / 4;
    if !big_lines.is_empty() && big_lines.len() <= usize::from(rows_for_big) {
        frame.render_widget(Paragraph::new(lines), area);
        let height = 4 * big_lines.len() as u16;
        let big = BigText::builder()
            .pixel_size(PixelSize::Quadrant)
            .style(theme.title)
            .lines(big_lines.into_iter().map(Line::from).collect::<Vec<_>>())
            .build();
        frame.render_widget(
            big,
            Rect {
                y: area.y + 2,
                height,
                ..inner
            },
        );
        frame.render_widget(
            Paragraph::new(Span::styled(prompt, theme.dim)).wrap(Wrap { trim: true }),
            Rect {
                y: area.y + 2 + height,
                height: area.height.saturating_sub(2 + height),
                ..inner
            },
        );
        return;
    }
    let mut lines = lines;
    lines.push(Line::from(Span::styled(
        title.to_uppercase(),
        theme.title.add_modifier(Modifier::BOLD),
    )));
    lines.push(Line::from(Span::styled(prompt, theme.dim)));
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), inner);
}

/// Words packed into lines of at most `width` characters; empty when a
/// single word is longer than that.
fn wrap_words(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        let length = word.width();
        if length > width {
            return Vec::new();
        }
        match lines.last_mut() {
            Some(line) if line.width() + 1 + length <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines
}

fn draw_timer(
    app: &App,
    view: &MeetingView,
    meeting: &Meeting,
    frame: &mut Frame,
    area: Rect,
    wide: bool,
) {
    let theme = &app.theme;
    let now = app.now();
    let left = view.timer.left(meeting, view.question, now);
    let state = view.timer.state(meeting, view.question, now);
    let (label, style) = match (view.timer.is_running(), state) {
        (false, TimerState::Over) => (" PAUSED · OVER TIME ", theme.error),
        (false, _) => (" PAUSED ", theme.dim),
        (true, TimerState::Plenty) => (" TIME LEFT ", theme.text),
        (true, TimerState::Warning) => (" UNDER 2 MIN ", theme.warn),
        (true, TimerState::Over) => (" OVER TIME ", theme.error),
    };
    // Over time also reads as reversed, so it stands out without colour.
    let digits_style = if state == TimerState::Over {
        style.add_modifier(Modifier::REVERSED | Modifier::BOLD)
    } else {
        style.add_modifier(Modifier::BOLD)
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(style)
        .title(Span::styled(label, style.add_modifier(Modifier::BOLD)));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    // Over time, the label says so; the digits drop the sign to stay large.
    let text = countdown_text(left).trim_start_matches('+').to_string();
    let pixel = if wide {
        PixelSize::HalfHeight
    } else {
        PixelSize::Quadrant
    };
    let glyph_width: u16 = if wide { 8 } else { 4 };
    let fits = (text.chars().count() as u16) * glyph_width <= inner.width && inner.height >= 4;
    if fits {
        let big = BigText::builder()
            .pixel_size(pixel)
            .style(digits_style)
            .alignment(Alignment::Center)
            .lines(vec![Line::from(text)])
            .build();
        let big_area = Rect {
            height: 4.min(inner.height),
            ..inner
        };
        frame.render_widget(big, big_area);
    } else {
        frame.render_widget(
            Paragraph::new(Span::styled(text, digits_style)).alignment(Alignment::Center),
            inner,
        );
    }
    if inner.height > 4 {
        let used = view.timer.used(meeting, view.question, now);
        let timebox = meeting
            .questions
            .get(view.question)
            .map_or(0, |q| q.timebox_seconds);
        let note = format!(
            "{} of {} min",
            crate::meeting::clock_text(used),
            timebox / 60
        );
        let note_area = Rect {
            y: inner.y + 4,
            height: 1,
            ..inner
        };
        frame.render_widget(
            Paragraph::new(Span::styled(note, theme.dim)).alignment(Alignment::Center),
            note_area,
        );
    }
}

/// One line: every question with its time used, the current one marked.
fn draw_progress(app: &App, view: &MeetingView, meeting: &Meeting, frame: &mut Frame, area: Rect) {
    let theme = &app.theme;
    let now = app.now();
    let mut spans = vec![Span::raw(" ")];
    let mut total = 0;
    for (index, question) in meeting.questions.iter().enumerate() {
        let used = if index == view.question {
            view.timer.used(meeting, index, now)
        } else {
            question.used_seconds
        };
        total += used;
        let current = index == view.question;
        let marker = if current { "▶" } else { " " };
        let text = format!(
            "{marker}{} {} ",
            index + 1,
            crate::meeting::clock_text(used)
        );
        let style = if current { theme.selected } else { theme.dim };
        spans.push(Span::styled(text, style));
        spans.push(Span::raw(" "));
    }
    let length = crate::meeting::clock_text(total);
    spans.push(Span::styled(format!("· meeting {length}"), theme.dim));
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The marker and label an item is listed with; the marker tells kinds
/// apart without colour.
fn marker(kind: ItemKind) -> &'static str {
    match kind {
        ItemKind::Point => "•",
        ItemKind::FailureMode => "✗",
        ItemKind::Question => "?",
        ItemKind::Action => "→",
        ItemKind::Concern => "!",
    }
}

/// The record's current answer to the question on screen (as the export
/// writes it), in place of the captured items: `v` toggles it.
fn draw_answer(
    app: &App,
    meeting: &Meeting,
    view: &MeetingView,
    scroll: u16,
    frame: &mut Frame,
    area: Rect,
) {
    let theme = &app.theme;
    let block = Block::default()
        .borders(Borders::TOP)
        .border_style(theme.dim)
        .title(Span::styled(
            " The record's answer · ↑↓ scroll · v back to the items ",
            theme.text,
        ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let inner = Rect {
        x: inner.x + 1,
        width: inner.width.saturating_sub(1),
        ..inner
    };
    let markdown = match (&app.session, meeting.questions.get(view.question)) {
        (Some(session), Some(question)) => {
            crate::export::section_markdown(&session.set, &session.record, &question.section)
        }
        _ => None,
    }
    .unwrap_or_else(|| "_This question is no longer in the question set._".to_string());
    let lines = crate::tui::preview::lines(&markdown, inner.width);
    let scroll = scroll.min(crate::tui::preview::max_scroll(lines.len(), inner.height));
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), inner);
}

/// An item as text for the list (wrapped to the width when drawn); where
/// the facilitator put it, by the field's label.
pub fn item_line(item: &Item, set: &QuestionSet) -> String {
    let mut text = format!(
        "{} {:<13} {}",
        marker(item.kind),
        item.kind.label(),
        item.text
    );
    match item.kind {
        ItemKind::Action => {
            let owner = if item.owner.is_empty() {
                "no owner".to_string()
            } else {
                item.owner.clone()
            };
            let due = item.due.map(|d| format!(", due {d}")).unwrap_or_default();
            text.push_str(&format!("  ({owner}{due})"));
        }
        ItemKind::Concern if !item.by.is_empty() => {
            text.push_str(&format!("  ({})", item.by));
        }
        _ => {}
    }
    if let Some(field) = &item.field {
        let label = set
            .field(field)
            .map_or(field.as_str(), |f| f.label.as_str());
        text.push_str(&format!("  [in the answer \"{label}\"]"));
    }
    text
}

fn draw_items(app: &App, view: &MeetingView, meeting: &Meeting, frame: &mut Frame, area: Rect) {
    let theme = &app.theme;
    let indexes = view.question_items(meeting);
    let title = format!(" Captured on this question ({}) ", indexes.len());
    let block = Block::default()
        .borders(Borders::TOP)
        .border_style(theme.dim)
        .title(Span::styled(title, theme.text));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if indexes.is_empty() {
        frame.render_widget(
            Paragraph::new(Span::styled(
                " Nothing yet. p point · f failure mode · o open question · a action · c concern",
                theme.dim,
            ))
            .wrap(Wrap { trim: false }),
            inner,
        );
        return;
    }
    let Some(set) = app.session.as_ref().map(|s| &s.set) else {
        return;
    };
    let rows = usize::from(inner.height);
    let width = usize::from(inner.width);
    // Each item wrapped whole (owner, due date and attribution included),
    // continuation lines under its text.
    let mut lines: Vec<Line<'static>> = Vec::new();
    let mut starts = Vec::new();
    let mut focus_end = 0;
    let focus = view.selected.unwrap_or(indexes.len() - 1);
    for (position, &index) in indexes.iter().enumerate() {
        let selected = view.selected == Some(position);
        let style = if selected { theme.selected } else { theme.text };
        let text = format!(" {}", item_line(&meeting.items[index], set));
        starts.push(lines.len());
        lines.extend(wrap_indented(Line::styled(text, style), width, 17));
        if position == focus {
            focus_end = lines.len();
        }
    }
    // Keep the selection, else the newest items, in view, starting at the
    // first line of an item.
    let least = focus_end.saturating_sub(rows);
    let skip = starts
        .iter()
        .copied()
        .find(|start| *start >= least)
        .unwrap_or(least);
    frame.render_widget(
        Paragraph::new(lines.into_iter().skip(skip).collect::<Vec<_>>()),
        inner,
    );
}

/// Wide screens: everything to follow up on, from every question, so the
/// room sees the parking lot grow.
fn draw_follow_ups(
    theme: &Theme,
    set: &QuestionSet,
    meeting: &Meeting,
    frame: &mut Frame,
    area: Rect,
) {
    let block = Block::default()
        .borders(Borders::TOP | Borders::LEFT)
        .border_style(theme.dim)
        .title(Span::styled(
            if area.width >= 52 {
                " Parking lot, actions, concerns (all questions) "
            } else {
                " Follow-ups (all questions) "
            },
            theme.text,
        ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = usize::from(inner.width);
    let lines: Vec<Line> = [ItemKind::Question, ItemKind::Action, ItemKind::Concern]
        .into_iter()
        .flat_map(|kind| meeting.items_of(kind))
        .flat_map(|item| {
            wrap_indented(
                Line::styled(format!(" {}", item_line(item, set)), theme.text),
                width,
                17,
            )
        })
        .collect();
    let rows = usize::from(inner.height);
    let skip = lines.len().saturating_sub(rows);
    frame.render_widget(
        Paragraph::new(lines.into_iter().skip(skip).collect::<Vec<_>>()),
        inner,
    );
}

fn draw_capture(
    theme: &Theme,
    meeting: &Meeting,
    form: &CaptureForm,
    frame: &mut Frame,
    area: Rect,
) {
    let verb = if form.editing.is_some() {
        "Edit"
    } else {
        "New"
    };
    let title = format!(
        " {verb} {} · Enter saves · Esc done ",
        form.kind.label().to_lowercase()
    );
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.focus)
        .title(Span::styled(title, theme.focus));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let parts = form.parts();
    let mut constraints = vec![Constraint::Fill(1)];
    if parts.contains(&CaptureFocus::Person) {
        constraints.push(Constraint::Length(24));
    }
    if parts.contains(&CaptureFocus::Due) {
        constraints.push(Constraint::Length(18));
    }
    // Narrow: the text gets the first row whole, owner and due the second.
    let (text_area, rest) = if inner.height >= 2 && inner.width < 78 {
        let [first, second] =
            Layout::vertical([Constraint::Length(1), Constraint::Length(1)]).areas(inner);
        constraints[0] = Constraint::Length(0);
        (first, second)
    } else {
        (inner, inner)
    };
    let areas = Layout::horizontal(constraints).spacing(1).split(rest);
    let areas: Vec<Rect> = std::iter::once(if text_area == rest {
        areas[0]
    } else {
        text_area
    })
    .chain(areas.iter().skip(1).copied())
    .collect();
    draw_input(
        frame,
        areas[0],
        &form.text,
        form.focus == CaptureFocus::Text,
        theme,
    );
    if let Some(&person_area) = areas.get(1) {
        let who = form
            .person
            .and_then(|i| meeting.attendees.get(i))
            .map_or("nobody".to_string(), |a| a.name.clone());
        let label = if form.kind == ItemKind::Action {
            "owner"
        } else {
            "by"
        };
        let style = if form.focus == CaptureFocus::Person {
            theme.selected
        } else {
            theme.dim
        };
        frame.render_widget(
            Paragraph::new(Span::styled(fit(&format!("{label}: ‹{who}›"), 24), style)),
            person_area,
        );
    }
    if let Some(&due_area) = areas.get(2) {
        let [label_area, input_area] =
            Layout::horizontal([Constraint::Length(5), Constraint::Fill(1)]).areas(due_area);
        frame.render_widget(Paragraph::new(Span::styled("due:", theme.dim)), label_area);
        draw_input(
            frame,
            input_area,
            &form.due,
            form.focus == CaptureFocus::Due,
            theme,
        );
    }
}

/// A one-line input: the editor with its cursor when focused, else its
/// text (or placeholder) as plain text.
pub fn draw_input(
    frame: &mut Frame,
    area: Rect,
    input: &ratatui_textarea::TextArea<'_>,
    focused: bool,
    theme: &Theme,
) {
    if focused {
        frame.render_widget(input, area);
        return;
    }
    let text = input.lines().join(" ");
    let span = if text.trim().is_empty() {
        Span::styled(input.placeholder_text().to_string(), theme.dim)
    } else {
        Span::styled(text, theme.text)
    };
    frame.render_widget(Paragraph::new(span), area);
}

fn draw_summary(
    theme: &Theme,
    view: &MeetingView,
    meeting: &Meeting,
    frame: &mut Frame,
    area: Rect,
) {
    let people: Vec<String> = meeting
        .attendees
        .iter()
        .map(|a| format!("{} ({})", a.name, a.role.name()))
        .collect();
    let people = if people.is_empty() {
        "no attendees listed".to_string()
    } else {
        people.join(", ")
    };
    let totals = format!(" {}", crate::meeting::totals(meeting));
    let confirm = if view.confirm_delete {
        Line::from(Span::styled(
            " Delete the selected item? y deletes it; any other key keeps it.",
            theme.warn,
        ))
    } else {
        Line::from(Span::styled(format!(" {people}"), theme.dim))
    };
    let block = Block::default()
        .borders(Borders::TOP)
        .border_style(theme.dim);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    frame.render_widget(
        Paragraph::new(vec![Line::from(Span::styled(totals, theme.text)), confirm])
            .wrap(Wrap { trim: false }),
        inner,
    );
}
