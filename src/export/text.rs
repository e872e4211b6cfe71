//! Plain terminal text for `preflight show`: the same layout as the
//! Markdown export, without Markdown syntax.

use super::document::{Block, DocLink, Document, STATUS, Value};
use super::meetings::DocMeeting;
use crate::terminal_text::{block, one_line as ol};

/// Renders a laid-out record as indented plain text, safe for a terminal
/// (see [`crate::terminal_text`]): one-line fields (the title, facts, meta
/// values, section titles, meeting items) stay on one line, so a record
/// cannot print lines that look like someone else's.
pub fn render(doc: &Document) -> String {
    block(&render_raw(doc)).into_owned()
}

fn render_raw(doc: &Document) -> String {
    let mut out = String::new();
    let title = ol(&doc.title);
    out.push_str(&title);
    out.push('\n');
    out.push_str(&"=".repeat(title.chars().count().clamp(3, 78)));
    out.push_str("\n\n");
    let width = doc
        .meta
        .iter()
        .map(|(label, _)| label.chars().count())
        .max()
        .unwrap_or(0);
    for (label, value) in &doc.meta {
        out.push_str(&format!("{label:width$}  {}\n", ol(&plain(value))));
        if label == STATUS {
            for entry in &doc.history {
                out.push_str(&format!("{:width$}    {}\n", "", ol(&entry.sentence())));
            }
            for link in &doc.links {
                out.push_str(&format!(
                    "{:width$}  {} {}\n",
                    "",
                    link.label,
                    ol(&link_text(link))
                ));
            }
        }
    }
    for section in &doc.imported {
        out.push_str(&format!(
            "\n{}\n{}\n",
            section.title,
            "-".repeat(section.title.chars().count().min(78))
        ));
        for block in &section.blocks {
            render_block(&mut out, block);
        }
    }
    let questions = doc.sections.iter().filter(|s| s.number.is_some()).count();
    for (section, verdict) in doc.sections.iter().zip(&doc.verdict.sections) {
        let heading = match section.number {
            Some(n) => format!("Question {n} of {questions} · {}", ol(&section.title)),
            None if section.optional => format!("{} (optional)", ol(&section.title)),
            None => ol(&section.title).into_owned(),
        };
        let state = if verdict.ready {
            "ready".to_string()
        } else {
            crate::check::gaps_label(verdict.gaps.len())
        };
        out.push_str(&format!("\n{heading}  [{state}]\n"));
        out.push_str(&format!(
            "{}\n",
            "-".repeat(heading.chars().count().min(78))
        ));
        for block in &section.blocks {
            render_block(&mut out, block);
        }
        for gap in &verdict.gaps {
            let mark = if gap.severity.blocks() { "!" } else { "~" };
            out.push_str(&format!(
                "  {mark} {} Fix: {}\n",
                ol(&gap.problem),
                ol(&gap.fix)
            ));
        }
    }
    for meeting in &doc.meetings {
        render_meeting(&mut out, meeting);
    }
    if !doc.orphans.is_empty() {
        out.push_str("\nOther answers (fields no longer in the question set)\n");
        for (id, value) in &doc.orphans {
            out.push_str(&format!("  {}: {}\n", ol(id), ol(&plain(value))));
        }
    }
    out
}

/// Every item of a meeting is one line: a line break inside a captured item
/// must not start a line of its own.
fn render_meeting(out: &mut String, meeting: &DocMeeting) {
    let heading = format!("Design review on {}", meeting.date);
    out.push_str(&format!(
        "\n{heading}\n{}\n",
        "-".repeat(heading.chars().count())
    ));
    out.push_str(&format!("  Length: {}\n", meeting.length));
    if !meeting.attendees.is_empty() {
        out.push_str(&format!(
            "  Attendees: {}\n",
            ol(&meeting.attendees.join(", "))
        ));
    }
    if !meeting.agenda.is_empty() {
        out.push_str(&format!("  Agenda: {}\n", ol(&meeting.agenda)));
    }
    let outcome = meeting.outcome.as_deref().unwrap_or(if meeting.closed {
        "none recorded"
    } else {
        "not decided yet (meeting still open)"
    });
    out.push_str(&format!("  Outcome: {}\n", ol(outcome)));
    for condition in &meeting.conditions {
        out.push_str(&format!("    - {}\n", ol(condition)));
    }
    if !meeting.decided_by.is_empty() {
        out.push_str(&format!(
            "  Decided by: {}\n",
            ol(&meeting.decided_by.join(", "))
        ));
    }
    for (question, timebox, used, over) in &meeting.times {
        let over = if *over { " (over)" } else { "" };
        out.push_str(&format!(
            "  Time: {}: {used} of {timebox}{over}\n",
            ol(question)
        ));
    }
    for (text, question) in &meeting.open_questions {
        out.push_str(&format!("  ? {} ({})\n", ol(text), ol(question)));
    }
    for action in &meeting.actions {
        let mark = if action.done { "x" } else { " " };
        let owner = if action.owner.is_empty() {
            "no owner"
        } else {
            &action.owner
        };
        let due = if action.due.is_empty() {
            String::new()
        } else {
            format!(", due {}", action.due)
        };
        out.push_str(&format!(
            "  [{mark}] {} ({}{})\n",
            ol(&action.text),
            ol(owner),
            ol(&due)
        ));
    }
    for (by, text) in &meeting.concerns {
        if by.is_empty() {
            out.push_str(&format!("  ! {}\n", ol(text)));
        } else {
            out.push_str(&format!("  ! {}: {}\n", ol(by), ol(text)));
        }
    }
    for point in &meeting.points {
        let placed = point
            .answer
            .as_ref()
            .map_or(String::new(), |label| format!("; in \"{}\"", ol(label)));
        out.push_str(&format!(
            "  - {} ({}{placed})\n",
            ol(&point.text),
            ol(&point.question)
        ));
    }
}

fn render_block(out: &mut String, block: &Block) {
    match block {
        Block::Facts(facts) => {
            for (label, value) in facts {
                out.push_str(&format!("  {}: {}\n", ol(label), ol(&plain(value))));
            }
        }
        Block::Prose { label, value } => {
            out.push_str(&format!("  {}:\n", ol(label)));
            for line in plain(value).lines() {
                out.push_str(&format!("    {line}\n"));
            }
        }
        Block::Table {
            label,
            header,
            rows,
            whole,
        } => {
            out.push_str(&format!("  {}:\n", ol(label)));
            if let Some(value) = whole {
                out.push_str(&format!("    {}\n", ol(&plain(value))));
                return;
            }
            for (index, row) in rows.iter().enumerate() {
                let cells: Vec<String> = header
                    .iter()
                    .zip(row)
                    .filter(|(_, v)| !matches!(v, Value::Blank { required: false }))
                    .map(|(h, v)| {
                        if h.is_empty() {
                            ol(&plain(v)).into_owned()
                        } else {
                            format!("{}: {}", ol(h), ol(&plain(v)))
                        }
                    })
                    .collect();
                out.push_str(&format!("    {}. {}\n", index + 1, cells.join("; ")));
            }
        }
    }
}

/// "New sessions (4k2x…)", or the id alone when the record is not known.
fn link_text(link: &DocLink) -> String {
    match &link.target {
        Some(target) => match target.number {
            Some(n) => format!("{n}. {} ({})", target.title, link.id),
            None => format!("{} ({})", target.title, link.id),
        },
        None => format!("record {} (not in this store)", link.id),
    }
}

fn plain(value: &Value) -> String {
    match value {
        Value::Blank { .. } => "(not answered)".into(),
        Value::Unknown(None) => "UNKNOWN".into(),
        Value::Unknown(Some(note)) => format!("UNKNOWN ({note})"),
        Value::Text(text) | Value::Link(text) | Value::Markdown(text) => text.clone(),
    }
}
