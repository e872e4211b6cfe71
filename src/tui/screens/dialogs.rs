//! Small dialogs over the screen: quit confirmation, conflict, lock, and
//! the export path prompt.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::centered;
use crate::terminal_text::one_line;
use crate::tui::app::{App, Overlay};

pub fn draw(app: &App, overlay: &Overlay, frame: &mut Frame, area: Rect) {
    let theme = &app.theme;
    let (title, lines): (&str, Vec<Line>) = match overlay {
        Overlay::Help(_) => return,
        Overlay::ConfirmQuit(reason) => (
            " Quit without saving? ",
            vec![
                Line::from(format!("Careful: {reason}.")),
                Line::default(),
                Line::from(vec![
                    Span::styled("y", theme.key),
                    Span::raw(" quit and lose them   "),
                    Span::styled("n / Esc", theme.key),
                    Span::raw(" stay (saving is retried)"),
                ]),
            ],
        ),
        Overlay::Conflict => (
            " The record changed on disk ",
            vec![
                Line::from("Someone (or another preflight) saved this record after you opened it."),
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
                Line::from(vec![
                    Span::styled("k", theme.key),
                    Span::raw("  keep mine: overwrite the version on disk"),
                ]),
                Line::from(vec![
                    Span::styled("t", theme.key),
                    Span::raw("  take theirs: reload it, dropping my unsaved changes"),
                ]),
                Line::from(vec![
                    Span::styled("c", theme.key),
                    Span::raw("  save mine as a new copy, leave theirs alone"),
                ]),
            ],
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
                Line::from(vec![
                    Span::styled("r / Enter", theme.key),
                    Span::raw(" open read-only   "),
                    Span::styled("Esc", theme.key),
                    Span::raw(" back"),
                ]),
            ],
        ),
        Overlay::Status(selected) => {
            let current = app.session.as_ref().map(|s| s.record.status);
            let mut lines = vec![
                Line::from("↑↓ choose, Enter sets it, Esc cancels."),
                Line::default(),
            ];
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
                Line::from(vec![
                    Span::styled("y", theme.key),
                    Span::raw(" delete it   "),
                    Span::styled("n / Esc", theme.key),
                    Span::raw(" keep it"),
                ]),
            ],
        ),
        Overlay::Resolve(picking) => (" Merge conflict ", resolve_lines(app, picking)),
        Overlay::ConfirmSupersede => (
            " Supersede this record? ",
            vec![
                Line::from("This record becomes superseded, and a new record that replaces it"),
                Line::from("opens in the wizard, linked to it both ways."),
                Line::default(),
                Line::from(vec![
                    Span::styled("y / Enter", theme.key),
                    Span::raw(" supersede   "),
                    Span::styled("n / Esc", theme.key),
                    Span::raw(" cancel"),
                ]),
            ],
        ),
        Overlay::Export(prompt) => {
            let popup = centered(area, 76, 6);
            frame.render_widget(Clear, popup);
            let block = Block::default()
                .borders(Borders::ALL)
                .border_style(theme.focus)
                .title(" Export Markdown to (Enter writes, Esc cancels) ");
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
    vec![
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
        Line::from(vec![
            Span::styled("o", theme.key),
            Span::raw(format!("  ours (this branch): {}", value(Side::Ours))),
        ]),
        Line::from(vec![
            Span::styled("t", theme.key),
            Span::raw(format!("  theirs (merged in): {}", value(Side::Theirs))),
        ]),
        Line::default(),
        Line::from("Everything else both branches changed is merged already."),
        Line::from(vec![
            Span::styled("Esc", theme.key),
            Span::raw(" leave it unresolved for now"),
        ]),
    ]
}
