//! Small dialogs over the screen: quit confirmation, conflict, lock, status,
//! merge conflict and the export path prompt. Each writes its keys from the
//! overlay's table (`tui::overlay`), the same one that handles them.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::centered;
use crate::terminal_text::one_line;
use crate::tui::app::{App, Overlay};
use crate::tui::keymap::{self, Action, Binding};
use crate::tui::theme::Theme;

pub fn draw(app: &App, overlay: &Overlay, frame: &mut Frame, area: Rect) {
    let theme = &app.theme;
    let (title, lines): (&str, Vec<Line>) = match overlay {
        Overlay::Help(_) => return,
        Overlay::ConfirmQuit(reason) => (
            " Quit without saving? ",
            vec![
                Line::from(format!("Careful: {reason}.")),
                Line::default(),
                inline_keys(overlay.bindings(), theme),
            ],
        ),
        Overlay::Conflict => (
            " The record changed on disk ",
            [
                vec![
                    Line::from(
                        "Someone (or another preflight) saved this record after you opened it.",
                    ),
                    Line::from("Autosave is paused so nothing is overwritten. Your text is kept."),
                    Line::default(),
                    if app.conflict_armed() {
                        Line::from("Choose:")
                    } else {
                        Line::from(Span::styled(
                            "Stop typing: the choices take keys in a moment.",
                            theme.warn,
                        ))
                    },
                ],
                key_rows(overlay.bindings(), theme),
            ]
            .concat(),
        ),
        Overlay::Locked(session) => (
            " Record in use ",
            vec![
                Line::from(format!(
                    "\"{}\" is open in another preflight.",
                    session.record.title
                )),
                Line::from("Editing it here too would overwrite one of you."),
                Line::default(),
                inline_keys(overlay.bindings(), theme),
            ],
        ),
        Overlay::Status(selected) => {
            let current = app.session.as_ref().map(|s| s.record.status);
            let mut lines = vec![inline_keys(overlay.bindings(), theme), Line::default()];
            for (i, status) in crate::record::Status::ALL.iter().enumerate() {
                let mark = if i == *selected { "▶ " } else { "  " };
                let now = if Some(*status) == current {
                    "  (now)"
                } else {
                    ""
                };
                lines.push(super::pick_line(
                    format!("{mark}{}{now}", status.title()),
                    i == *selected,
                    theme,
                ));
            }
            (" Change status ", lines)
        }
        Overlay::ConfirmDeleteRow(name) => (
            " Delete this row? ",
            vec![
                Line::from(name.clone()),
                Line::default(),
                inline_keys(overlay.bindings(), theme),
            ],
        ),
        Overlay::Resolve(picking) => (" Merge conflict ", resolve_lines(app, picking)),
        Overlay::ConfirmSupersede => (
            " Supersede this record? ",
            vec![
                Line::from("This record becomes superseded, and a new record that replaces it"),
                Line::from("opens in the wizard, linked to it both ways."),
                Line::default(),
                inline_keys(overlay.bindings(), theme),
            ],
        ),
        Overlay::Export(prompt) => {
            let popup = centered(area, 76, 6);
            frame.render_widget(Clear, popup);
            let block = Block::default()
                .borders(Borders::ALL)
                .border_style(theme.focus)
                .title(format!(
                    " Export Markdown to ({}) ",
                    prompt_keys(overlay.bindings())
                ));
            let inner = block.inner(popup);
            frame.render_widget(block, popup);
            frame.render_widget(&**prompt, Rect { height: 1, ..inner });
            frame.render_widget(
                Paragraph::new(vec![
                    Line::styled(
                        format!("Folder offered: {}.", app.export_dir_origin.describe()),
                        theme.dim,
                    ),
                    Line::styled("An existing file is replaced.", theme.dim),
                ])
                .wrap(ratatui::widgets::Wrap { trim: true }),
                Rect {
                    y: inner.y + 1,
                    height: inner.height.saturating_sub(1),
                    ..inner
                },
            );
            return;
        }
    };
    let height = lines.len() as u16 + 2;
    let popup = centered(area, 76, height);
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: false }).block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(theme.warn)
                .title(title),
        ),
        popup,
    );
}

/// A field both branches changed, with both values and the keys.
fn resolve_lines(app: &App, picking: &crate::tui::resolve::Picking) -> Vec<Line<'static>> {
    use crate::merge::Side;
    let theme = &app.theme;
    let conflicts = &picking.conflicted.merged.conflicts;
    let Some(conflict) = conflicts.get(picking.at) else {
        return Vec::new();
    };
    let value = |side: Side| one_line(&conflict.shown(side)).into_owned();
    let map = crate::tui::overlay::RESOLVE;
    let pick = |action, side| {
        let binding = keymap::binding(map, action)?;
        Some(Line::from(vec![
            Span::styled(binding.label, theme.key),
            Span::raw(format!("  {}: {}", binding.description, value(side))),
        ]))
    };
    let mut lines = vec![
        Line::from("Both branches changed this record's field:"),
        Line::from(Span::styled(
            format!(
                "{}  ({} of {})",
                conflict.field(),
                picking.at + 1,
                conflicts.len()
            ),
            theme.focus,
        )),
        Line::default(),
    ];
    lines.extend(pick(Action::Ours, Side::Ours));
    lines.extend(pick(Action::Theirs, Side::Theirs));
    lines.push(Line::default());
    lines.push(Line::from(
        "Everything else both branches changed is merged already.",
    ));
    if let Some(leave) = keymap::binding(map, Action::Close) {
        lines.push(inline_keys(std::slice::from_ref(leave), theme));
    }
    lines
}

/// An overlay's keys on one line, as its table writes them:
/// `KEY what it does   KEY what it does`.
fn inline_keys(map: &[Binding], theme: &Theme) -> Line<'static> {
    let mut spans = Vec::new();
    for (i, binding) in map.iter().enumerate() {
        let gap = if i + 1 < map.len() { "   " } else { "" };
        spans.push(Span::styled(binding.label, theme.key));
        spans.push(Span::raw(format!(" {}{gap}", binding.description)));
    }
    Line::from(spans)
}

/// An overlay's keys, one a line: `KEY  what it does`.
fn key_rows(map: &[Binding], theme: &Theme) -> Vec<Line<'static>> {
    map.iter()
        .map(|binding| {
            Line::from(vec![
                Span::styled(binding.label, theme.key),
                Span::raw(format!("  {}", binding.description)),
            ])
        })
        .collect()
}

/// A prompt's keys for its title: `KEY what, KEY what`.
fn prompt_keys(map: &[Binding]) -> String {
    map.iter()
        .map(|binding| format!("{} {}", binding.label, binding.description))
        .collect::<Vec<_>>()
        .join(", ")
}
