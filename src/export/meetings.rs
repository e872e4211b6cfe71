//! Design reviews in exports: each meeting laid out (attendees, date and
//! length, time per question, open questions, action items, dissent, the
//! points raised with their question and any answer they were put into,
//! outcome) and written as Markdown under its own H2.

use super::escape::{heading_inline, inline_text};
use super::markdown::{Writer, table_row};
use crate::meeting::{ItemKind, Meeting, active_seconds, minutes_text};
use crate::questionnaire::QuestionSet;
use crate::record::Record;

/// A meeting laid out for reading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocMeeting {
    /// `YYYY-MM-DD` of the start.
    pub date: String,
    /// "42 min", or "in progress" while open.
    pub length: String,
    /// Whether it was closed.
    pub closed: bool,
    /// "Name (role)" each.
    pub attendees: Vec<String>,
    /// The agenda note.
    pub agenda: String,
    /// "Go with conditions", once closed with an outcome.
    pub outcome: Option<String>,
    /// Conditions, one each.
    pub conditions: Vec<String>,
    /// Who decided.
    pub decided_by: Vec<String>,
    /// Question title, timebox, time used, whether over.
    pub times: Vec<(String, String, String, bool)>,
    /// Open questions with the question they came up on.
    pub open_questions: Vec<(String, String)>,
    /// Action items.
    pub actions: Vec<DocAction>,
    /// Concerns: who raised it (may be empty) and what.
    pub concerns: Vec<(String, String)>,
    /// Every point and failure mode raised, with its question, and the
    /// label of the answer it was also put into, if any.
    pub points: Vec<DocPoint>,
}

/// A point (or failure mode) raised in a meeting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocPoint {
    /// What was said ("Failure mode: …" for failure modes).
    pub text: String,
    /// The question it was about.
    pub question: String,
    /// The answer it was also put into (the field's label).
    pub answer: Option<String>,
}

/// An action item, ready to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocAction {
    /// What will be done.
    pub text: String,
    /// Who does it; empty for nobody named.
    pub owner: String,
    /// `YYYY-MM-DD`, or empty.
    pub due: String,
    /// Whether it is done.
    pub done: bool,
}

fn question_title(set: &QuestionSet, section: &str) -> String {
    set.sections
        .iter()
        .find(|s| s.id == section)
        .map_or_else(|| section.to_string(), |s| s.title.clone())
}

/// Lays out every meeting of the record, oldest first.
pub fn build(set: &QuestionSet, record: &Record) -> Vec<DocMeeting> {
    record
        .meetings
        .iter()
        .map(|meeting| build_one(set, meeting))
        .collect()
}

fn build_one(set: &QuestionSet, meeting: &Meeting) -> DocMeeting {
    let title = |section: &str| question_title(set, section);
    let items = |kind: ItemKind| meeting.items_of(kind);
    DocMeeting {
        date: meeting.started.strftime("%Y-%m-%d").to_string(),
        length: match meeting.ended {
            Some(_) => minutes_text(active_seconds(meeting)),
            None => format!(
                "{} so far (in progress)",
                minutes_text(active_seconds(meeting))
            ),
        },
        closed: meeting.ended.is_some(),
        attendees: meeting
            .attendees
            .iter()
            .map(|a| format!("{} ({})", a.name.trim(), a.role.name()))
            .collect(),
        agenda: meeting.agenda.trim().to_string(),
        outcome: meeting
            .outcome
            .as_ref()
            .map(|o| o.decision.label().to_string()),
        conditions: meeting
            .outcome
            .iter()
            .flat_map(|o| o.conditions.lines())
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(str::to_string)
            .collect(),
        decided_by: meeting
            .outcome
            .iter()
            .flat_map(|o| o.decided_by.iter().cloned())
            .collect(),
        times: meeting
            .questions
            .iter()
            .map(|q| {
                (
                    title(&q.section),
                    minutes_text(q.timebox_seconds),
                    minutes_text(q.used_seconds),
                    q.used_seconds > q.timebox_seconds,
                )
            })
            .collect(),
        open_questions: items(ItemKind::Question)
            .map(|i| (i.text.clone(), title(&i.section)))
            .collect(),
        actions: items(ItemKind::Action)
            .map(|i| DocAction {
                text: i.text.clone(),
                owner: i.owner.trim().to_string(),
                due: i.due.map(|d| d.to_string()).unwrap_or_default(),
                done: i.done,
            })
            .collect(),
        concerns: items(ItemKind::Concern)
            .map(|i| (i.by.trim().to_string(), i.text.clone()))
            .collect(),
        points: meeting
            .items
            .iter()
            .filter(|i| matches!(i.kind, ItemKind::Point | ItemKind::FailureMode))
            .map(|i| DocPoint {
                text: if i.kind == ItemKind::FailureMode {
                    format!("Failure mode: {}", i.text)
                } else {
                    i.text.clone()
                },
                question: title(&i.section),
                answer: i
                    .field
                    .as_ref()
                    .map(|f| set.field(f).map_or_else(|| f.clone(), |f| f.label.clone())),
            })
            .collect(),
    }
}

impl Writer {
    /// Every meeting as a chunk of Markdown: an H2 each, facts as a list,
    /// then H3 parts for what was captured.
    pub fn meetings(&mut self, meetings: &[DocMeeting]) -> Vec<String> {
        meetings.iter().map(|m| self.meeting(m)).collect()
    }

    fn meeting(&mut self, meeting: &DocMeeting) -> String {
        let heading = self
            .headings
            .claim(&format!("Design review on {}", meeting.date), "");
        let context = heading.clone();
        let mut chunks = vec![format!("## {}", heading_inline(&heading))];
        chunks.push(self.meeting_facts(meeting));
        if !meeting.times.is_empty() {
            let mut table = vec![
                table_row(&["Question".into(), "Timebox".into(), "Used".into()]),
                "| --- | --- | --- |".to_string(),
            ];
            for (question, timebox, used, over) in &meeting.times {
                let used = if *over {
                    format!("{used} (over)")
                } else {
                    used.clone()
                };
                table.push(table_row(&[inline_text(question), timebox.clone(), used]));
            }
            chunks.push(self.part("Time per question", &context, table.join("\n")));
        }
        let open_questions = self.list_part(
            "Open questions",
            &context,
            &meeting.open_questions,
            |(text, question)| format!("- {} (on: {})", inline_text(text), inline_text(question)),
        );
        let actions = self.list_part("Action items", &context, &meeting.actions, |action| {
            let mark = if action.done { "x" } else { " " };
            let mut who = Vec::new();
            if !action.owner.is_empty() {
                who.push(inline_text(&action.owner));
            }
            if !action.due.is_empty() {
                who.push(format!("due {}", action.due));
            }
            let who = if who.is_empty() {
                " (no owner yet)".to_string()
            } else {
                format!(" ({})", who.join(", "))
            };
            format!("- [{mark}] {}{who}", inline_text(&action.text))
        });
        let concerns = self.list_part(
            "Concerns and dissent",
            &context,
            &meeting.concerns,
            |(by, text)| {
                if by.is_empty() {
                    format!("- {}", inline_text(text))
                } else {
                    // No emphasis around names: user text at the edge
                    // of `**` can break it (markdownlint MD037).
                    format!("- {}: {}", inline_text(by), inline_text(text))
                }
            },
        );
        let points = self.list_part("Points raised", &context, &meeting.points, |point| {
            let placed = point.answer.as_ref().map_or(String::new(), |label| {
                format!("; put into the answer \"{}\"", inline_text(label))
            });
            format!(
                "- {} (on: {}{placed})",
                inline_text(&point.text),
                inline_text(&point.question)
            )
        });
        chunks.extend(
            [open_questions, actions, concerns, points]
                .into_iter()
                .flatten(),
        );
        chunks.join("\n\n")
    }

    fn meeting_facts(&self, meeting: &DocMeeting) -> String {
        let mut lines = vec![
            format!("- **Date:** {}", meeting.date),
            format!("- **Length:** {}", meeting.length),
        ];
        let attendees = if meeting.attendees.is_empty() {
            "_None listed_".to_string()
        } else {
            inline_text(&meeting.attendees.join(", "))
        };
        lines.push(format!("- **Attendees:** {attendees}"));
        if !meeting.agenda.is_empty() {
            lines.push(format!("- **Agenda:** {}", inline_text(&meeting.agenda)));
        }
        let outcome = match (&meeting.outcome, meeting.closed) {
            (Some(outcome), _) => inline_text(outcome),
            (None, true) => "_None recorded_".to_string(),
            (None, false) => "_Not decided yet (meeting still open)_".to_string(),
        };
        lines.push(format!("- **Outcome:** {outcome}"));
        for condition in &meeting.conditions {
            lines.push(format!("  - {}", inline_text(condition)));
        }
        if !meeting.decided_by.is_empty() {
            lines.push(format!(
                "- **Decided by:** {}",
                inline_text(&meeting.decided_by.join(", "))
            ));
        }
        lines.join("\n")
    }

    /// A part listing `items` one line each (made by `line`), or nothing
    /// when there are none.
    fn list_part<T>(
        &mut self,
        title: &str,
        context: &str,
        items: &[T],
        line: impl Fn(&T) -> String,
    ) -> Option<String> {
        if items.is_empty() {
            return None;
        }
        let lines: Vec<String> = items.iter().map(line).collect();
        Some(self.part(title, context, lines.join("\n")))
    }

    fn part(&mut self, title: &str, context: &str, body: String) -> String {
        let heading = self.headings.claim(title, context);
        format!("### {}\n\n{body}", heading_inline(&heading))
    }
}
