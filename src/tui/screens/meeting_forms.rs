//! Meeting mode's two forms: set-up (title, attendees, timebox, agenda)
//! and closing (outcome, conditions, who decided, the status change).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::fit;
use super::meeting::draw_input;
use crate::meeting::{Decision, clock_text, minutes_text};
use crate::tui::app::App;
use crate::tui::meeting::{ClosingFocus, MeetingView, SetupFocus, input_text};
use crate::tui::session::Session;

const LABEL_WIDTH: u16 = 12;

/// One labelled input row.
fn labelled(
    app: &App,
    frame: &mut Frame,
    area: Rect,
    label: &str,
    input: &ratatui_textarea::TextArea<'_>,
    focused: bool,
) {
    let theme = &app.theme;
    let [label_area, input_area] =
        Layout::horizontal([Constraint::Length(LABEL_WIDTH), Constraint::Fill(1)]).areas(area);
    let style = if focused { theme.focus } else { theme.text };
    let marker = if focused { "▸" } else { " " };
    frame.render_widget(
        Paragraph::new(Span::styled(format!("{marker}{label}"), style)),
        label_area,
    );
    draw_input(frame, input_area, input, focused, theme);
}

/// The set-up form.
pub fn draw_setup(app: &App, view: &MeetingView, session: &Session, frame: &mut Frame, body: Rect) {
    let theme = &app.theme;
    let setup = &view.setup;
    let questions = session.set.meeting_sections();
    let minutes: u32 = input_text(&setup.timebox).parse().unwrap_or(0);
    let ([intro, title, name, timebox, agenda, _], list) = super::rows(body, [2, 1, 1, 1, 1, 1]);
    let total = u64::from(minutes) * questions.len() as u64 * 60;
    frame.render_widget(
        Paragraph::new(Span::styled(
            if view.meeting(app).is_some_and(crate::meeting::Meeting::is_open) {
                " The meeting is running: add a latecomer, change a role, the minutes of questions not started yet, or the agenda. F5 goes back to it.".to_string()
            } else {
                format!(
                    " A design review walks {} questions. Who is here, and how long for each?",
                    questions.len()
                )
            },
            theme.text,
        ))
        .wrap(Wrap { trim: false }),
        intro,
    );
    labelled(
        app,
        frame,
        title,
        "Title",
        &setup.title,
        setup.focus == SetupFocus::Title,
    );
    let [name_area, role_area] =
        Layout::horizontal([Constraint::Fill(1), Constraint::Length(30)]).areas(name);
    labelled(
        app,
        frame,
        name_area,
        "Attendee",
        &setup.name,
        setup.focus == SetupFocus::Attendee,
    );
    frame.render_widget(
        Paragraph::new(Span::styled(
            format!(" role: {} · Ctrl-R", setup.role.name()),
            theme.dim,
        )),
        role_area,
    );
    let [timebox_area, total_area] =
        Layout::horizontal([Constraint::Length(LABEL_WIDTH + 6), Constraint::Fill(1)])
            .areas(timebox);
    labelled(
        app,
        frame,
        timebox_area,
        "Minutes",
        &setup.timebox,
        setup.focus == SetupFocus::Timebox,
    );
    frame.render_widget(
        Paragraph::new(Span::styled(
            format!(" per question · {} in all", minutes_text(total)),
            theme.dim,
        )),
        total_area,
    );
    labelled(
        app,
        frame,
        agenda,
        "Agenda",
        &setup.agenda,
        setup.focus == SetupFocus::Agenda,
    );

    let block = Block::default()
        .borders(Borders::TOP)
        .border_style(theme.dim)
        .title(Span::styled(
            format!(" Attendees ({}) ", setup.attendees.len()),
            theme.text,
        ));
    let inner = block.inner(list);
    frame.render_widget(block, list);
    let width = usize::from(inner.width);
    let mut lines: Vec<Line> = setup
        .attendees
        .iter()
        .enumerate()
        .map(|(index, attendee)| {
            let style = if setup.selected == Some(index) {
                theme.selected
            } else {
                theme.text
            };
            let text = format!("  {:<28} {}", attendee.name, attendee.role.name());
            Line::from(Span::styled(fit(&text, width), style))
        })
        .collect();
    if lines.is_empty() {
        lines.push(Line::from(Span::styled(
            "  Nobody yet. Type a name and press Enter; \"Sam Lee, decider\" sets the role.",
            theme.dim,
        )));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The closing form.
pub fn draw_closing(
    app: &App,
    view: &MeetingView,
    session: &Session,
    frame: &mut Frame,
    body: Rect,
) {
    let theme = &app.theme;
    let Some(form) = &view.closing else {
        return;
    };
    let Some(meeting) = view.meeting(app) else {
        return;
    };
    let summary = format!(
        " {} so far · {}",
        clock_text(crate::meeting::active_seconds(meeting)),
        crate::meeting::totals(meeting)
    );
    // Two rows for the summary: it wraps on narrow screens, and is
    // followed by a blank row when it does not.
    let ([summary_area, outcome_area, conditions, decided, _, status], hint) =
        super::rows(body, [2, Decision::ALL.len() as u16 + 1, 1, 1, 1, 1]);
    frame.render_widget(
        Paragraph::new(Span::styled(summary, theme.dim)).wrap(Wrap { trim: false }),
        summary_area,
    );
    let focused = form.focus == ClosingFocus::Decision;
    let mut lines = vec![Line::from(Span::styled(
        if focused {
            "▸Outcome (↑ ↓)"
        } else {
            " Outcome"
        },
        if focused { theme.focus } else { theme.text },
    ))];
    for (index, decision) in Decision::ALL.iter().enumerate() {
        let chosen = index == form.decision;
        let mark = if chosen { "(•)" } else { "( )" };
        lines.push(super::pick_line(
            format!("   {mark} {}", decision.label()),
            chosen && focused,
            theme,
        ));
    }
    frame.render_widget(Paragraph::new(lines), outcome_area);
    labelled(
        app,
        frame,
        conditions,
        "Conditions",
        &form.conditions,
        form.focus == ClosingFocus::Conditions,
    );
    labelled(
        app,
        frame,
        decided,
        "Decided by",
        &form.decided_by,
        form.focus == ClosingFocus::DecidedBy,
    );
    let target = form.decision().status();
    let current = session.record.status;
    let status_text = if target == current {
        format!("[ ] The record is already {}", current.name())
    } else {
        let mark = if form.apply_status { "[x]" } else { "[ ]" };
        format!(
            "{mark} Also set the status to {} (now {}) · Space",
            target.name(),
            current.name()
        )
    };
    let focused = form.focus == ClosingFocus::Status;
    frame.render_widget(
        Paragraph::new(Span::styled(
            format!("{}{status_text}", if focused { "▸" } else { " " }),
            if focused { theme.focus } else { theme.text },
        )),
        status,
    );
    frame.render_widget(
        Paragraph::new(Span::styled(
            " Enter on the status line closes the meeting. Esc goes back to it.",
            theme.dim,
        ))
        .wrap(Wrap { trim: true }),
        hint,
    );
}
