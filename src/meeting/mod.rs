//! A design review held on a record, as plain data: who came, how long each
//! question took, what was captured, and the outcome. Stored in the record
//! (`meetings`), shown in exports and listed by `preflight actions`.

use std::collections::BTreeMap;

use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use serde_json::Value;

pub mod capture;
pub mod timer;

#[cfg(test)]
mod capture_tests;

/// Default timebox per question, in minutes, when the config does not say.
pub const DEFAULT_TIMEBOX_MINUTES: u32 = 10;

/// The longest timebox per question accepted, in minutes.
pub const MAX_TIMEBOX_MINUTES: u32 = 240;

/// One design-review meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meeting {
    /// When the meeting started.
    pub started: Timestamp,
    /// When it was closed; `None` while it is still open (it resumes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ended: Option<Timestamp>,
    /// Optional agenda note.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub agenda: String,
    /// Who took part, in the order they were added.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attendees: Vec<Attendee>,
    /// One entry per question walked, in set order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub questions: Vec<QuestionTime>,
    /// Everything captured, in the order it was said.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<Item>,
    /// How it ended, once closed with an outcome.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<Outcome>,
    /// Keys written by a newer preflight, kept as they are.
    #[serde(flatten)]
    pub unknown_keys: BTreeMap<String, Value>,
}

/// Someone in the meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attendee {
    /// Their name as the team writes it.
    pub name: String,
    /// Why they are there.
    #[serde(default)]
    pub role: Role,
    /// Keys written by a newer preflight, kept as they are.
    #[serde(flatten)]
    pub unknown_keys: BTreeMap<String, Value>,
}

/// An attendee's part in the decision.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// Makes the call.
    Decider,
    /// Runs the meeting.
    Facilitator,
    /// Asked for input.
    Consulted,
    /// Kept in the loop.
    Informed,
    /// Taking part, no special role.
    #[default]
    Participant,
}

impl Role {
    /// Every role, in the order the set-up screen cycles through them.
    pub const ALL: [Role; 5] = [
        Role::Decider,
        Role::Facilitator,
        Role::Consulted,
        Role::Informed,
        Role::Participant,
    ];

    /// The name used in files and on screen.
    pub fn name(self) -> &'static str {
        match self {
            Role::Decider => "decider",
            Role::Facilitator => "facilitator",
            Role::Consulted => "consulted",
            Role::Informed => "informed",
            Role::Participant => "participant",
        }
    }

    /// The next role in [`Role::ALL`], wrapping around.
    pub fn next(self) -> Role {
        let index = Role::ALL.iter().position(|r| *r == self).unwrap_or(0);
        Role::ALL[(index + 1) % Role::ALL.len()]
    }

    /// Parses a role name (or its first letter), case-insensitively.
    pub fn parse(text: &str) -> Option<Role> {
        let text = text.trim().to_ascii_lowercase();
        if text.is_empty() {
            return None;
        }
        Role::ALL
            .into_iter()
            .find(|r| r.name() == text || (text.len() == 1 && r.name().starts_with(&text)))
    }
}

/// Time spent on one question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionTime {
    /// The section id of the question.
    pub section: String,
    /// The time allowed, in seconds.
    pub timebox_seconds: u64,
    /// The time used so far, in seconds (timer running only).
    #[serde(default)]
    pub used_seconds: u64,
    /// Keys written by a newer preflight, kept as they are.
    #[serde(flatten)]
    pub unknown_keys: BTreeMap<String, Value>,
}

/// What kind of thing was captured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ItemKind {
    /// A point for the current question's notes field.
    Point,
    /// A failure mode, one line, refined later in the wizard.
    FailureMode,
    /// An open question for the parking lot.
    Question,
    /// Something someone will do, with an owner and a due date.
    Action,
    /// A concern or dissent, attributed to someone.
    Concern,
}

impl ItemKind {
    /// Every kind, in the order the capture keys list them.
    pub const ALL: [ItemKind; 5] = [
        ItemKind::Point,
        ItemKind::FailureMode,
        ItemKind::Question,
        ItemKind::Action,
        ItemKind::Concern,
    ];

    /// A short label for screens and exports.
    pub fn label(self) -> &'static str {
        match self {
            ItemKind::Point => "Point",
            ItemKind::FailureMode => "Failure mode",
            ItemKind::Question => "Open question",
            ItemKind::Action => "Action",
            ItemKind::Concern => "Concern",
        }
    }
}

/// One captured item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    /// What it is.
    pub kind: ItemKind,
    /// The question (section id) on screen when it was captured.
    pub section: String,
    /// What was said.
    pub text: String,
    /// Who does it (actions).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub owner: String,
    /// By when (actions).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<Date>,
    /// Who raised it (concerns).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub by: String,
    /// Whether the action is done.
    #[serde(default, skip_serializing_if = "is_false")]
    pub done: bool,
    /// An action's number within its record (`preflight actions` shows
    /// `HANDLE:N`), given at capture and kept when other actions are
    /// deleted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<u32>,
    /// The record field the item was also written into (points and failure
    /// modes, when the set names one), so an edit can follow it there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// When it was captured.
    pub at: Timestamp,
    /// Keys written by a newer preflight, kept as they are.
    #[serde(flatten)]
    pub unknown_keys: BTreeMap<String, Value>,
}

fn is_false(value: &bool) -> bool {
    !*value
}

/// How the meeting decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Decision {
    /// Go ahead.
    Go,
    /// Go ahead once the conditions are met.
    GoWithConditions,
    /// Not decided yet; come back.
    NotYet,
    /// Do not do it.
    No,
}

impl Decision {
    /// Every decision, in the order the closing screen offers them.
    pub const ALL: [Decision; 4] = [
        Decision::Go,
        Decision::GoWithConditions,
        Decision::NotYet,
        Decision::No,
    ];

    /// How it reads ("Go with conditions").
    pub fn label(self) -> &'static str {
        match self {
            Decision::Go => "Go",
            Decision::GoWithConditions => "Go with conditions",
            Decision::NotYet => "Not yet",
            Decision::No => "No",
        }
    }

    // The record status a decision suggests, `Decision::status`, is in
    // record.rs: a record holds meetings, so meetings do not know records.
}

/// The meeting's outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    /// What was decided.
    pub decision: Decision,
    /// Conditions attached to a go, one per line.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub conditions: String,
    /// Who decided.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub decided_by: Vec<String>,
    /// Keys written by a newer preflight, kept as they are.
    #[serde(flatten)]
    pub unknown_keys: BTreeMap<String, Value>,
}

impl Meeting {
    /// A new meeting starting now, with a timebox for each question.
    pub fn start(now: Timestamp, sections: &[String], timebox_minutes: u32) -> Meeting {
        Meeting {
            unknown_keys: Default::default(),
            started: crate::clock::to_second(now),
            ended: None,
            agenda: String::new(),
            attendees: Vec::new(),
            questions: sections
                .iter()
                .map(|section| QuestionTime {
                    unknown_keys: Default::default(),
                    section: section.clone(),
                    timebox_seconds: u64::from(timebox_minutes) * 60,
                    used_seconds: 0,
                })
                .collect(),
            items: Vec::new(),
            outcome: None,
        }
    }

    /// Whether the meeting is still open.
    pub fn is_open(&self) -> bool {
        self.ended.is_none()
    }

    /// Attendees with the decider role.
    pub fn deciders(&self) -> Vec<String> {
        self.attendees
            .iter()
            .filter(|a| a.role == Role::Decider)
            .map(|a| a.name.clone())
            .collect()
    }

    /// Items of one kind, in capture order.
    pub fn items_of(&self, kind: ItemKind) -> impl Iterator<Item = &Item> {
        self.items.iter().filter(move |item| item.kind == kind)
    }

    /// Items captured while a question was on screen.
    pub fn items_for<'a>(&'a self, section: &'a str) -> impl Iterator<Item = &'a Item> + 'a {
        self.items
            .iter()
            .filter(move |item| item.section == section)
    }
}

/// Every action item of a record's meetings as (number, meeting index, item index),
/// in meeting then capture order. Actions carry their number from capture;
/// one without (written by hand) gets the lowest free number from its
/// position on, so references stay stable while actions are deleted.
pub fn numbered_actions(meetings: &[Meeting]) -> Vec<(u32, usize, usize)> {
    let positions: Vec<(usize, usize, Option<u32>)> = meetings
        .iter()
        .enumerate()
        .flat_map(|(m, meeting)| {
            meeting
                .items
                .iter()
                .enumerate()
                .filter(|(_, item)| item.kind == ItemKind::Action)
                .map(move |(i, item)| (m, i, item.number))
        })
        .collect();
    let mut taken: std::collections::BTreeSet<u32> =
        positions.iter().filter_map(|(_, _, n)| *n).collect();
    let mut out = Vec::with_capacity(positions.len());
    for (ordinal, (m, i, number)) in positions.into_iter().enumerate() {
        let number = number.unwrap_or_else(|| {
            let mut n = u32::try_from(ordinal + 1).unwrap_or(u32::MAX);
            while taken.contains(&n) {
                n = n.saturating_add(1);
            }
            taken.insert(n);
            n
        });
        out.push((number, m, i));
    }
    out
}

/// The number the next captured action of a record (its meetings) gets.
pub fn next_action_number(meetings: &[Meeting]) -> u32 {
    numbered_actions(meetings)
        .iter()
        .map(|(n, _, _)| *n)
        .max()
        .unwrap_or(0)
        .saturating_add(1)
}

/// Time spent on the questions, in seconds: a meeting's length as the
/// document reports it (pauses and days between sittings do not count).
pub fn active_seconds(meeting: &Meeting) -> u64 {
    meeting.questions.iter().map(|q| q.used_seconds).sum()
}

/// Reads a due date as typed: empty for none, `YYYY-MM-DD`, or days and
/// weeks from `today` (`+3d`, `+3`, `+2w`).
pub fn parse_due(text: &str, today: Date) -> Result<Option<Date>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let wrong = || format!("Due date {text:?}: write YYYY-MM-DD, +3d or +2w.");
    if let Some(offset) = text.strip_prefix('+') {
        let (number, unit) = match offset.strip_suffix(['d', 'D']) {
            Some(number) => (number, 1),
            None => match offset.strip_suffix(['w', 'W']) {
                Some(number) => (number, 7),
                None => (offset, 1),
            },
        };
        let count: i64 = number.trim().parse().map_err(|_| wrong())?;
        let days = count
            .checked_mul(unit)
            .filter(|d| (0..=3660).contains(d))
            .ok_or_else(wrong)?;
        return today
            .checked_add(jiff::Span::new().days(days))
            .map(Some)
            .map_err(|_| wrong());
    }
    text.parse::<Date>().map(Some).map_err(|_| wrong())
}

/// "1 point · 2 failure modes · …": how many items of each kind.
pub fn totals(meeting: &Meeting) -> String {
    ItemKind::ALL
        .iter()
        .map(|&kind| {
            let count = meeting.items_of(kind).count();
            let (one, many) = match kind {
                ItemKind::Point => ("point", "points"),
                ItemKind::FailureMode => ("failure mode", "failure modes"),
                ItemKind::Question => ("open question", "open questions"),
                ItemKind::Action => ("action", "actions"),
                ItemKind::Concern => ("concern", "concerns"),
            };
            format!("{count} {}", if count == 1 { one } else { many })
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

/// Formats seconds as `m:ss` (or `h:mm:ss` from an hour).
pub fn clock_text(seconds: u64) -> String {
    let (h, m, s) = (seconds / 3600, (seconds / 60) % 60, seconds % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

/// Formats seconds as whole minutes for documents ("12 min"), rounding up
/// a started minute so a short question never reads "0 min".
pub fn minutes_text(seconds: u64) -> String {
    format!("{} min", seconds.div_ceil(60))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_parse_by_name_or_initial_and_cycle() {
        assert_eq!(Role::parse("Decider"), Some(Role::Decider));
        assert_eq!(Role::parse("c"), Some(Role::Consulted));
        assert_eq!(Role::parse("x"), None);
        assert_eq!(Role::parse(""), None);
        assert_eq!(Role::Participant.next(), Role::Decider);
    }

    #[test]
    fn a_new_meeting_has_a_timebox_per_question() {
        let now: Timestamp = "2026-11-28T10:00:00Z".parse().expect("time");
        let meeting = Meeting::start(now, &["failure".into(), "owner".into()], 7);
        assert_eq!(meeting.questions.len(), 2);
        assert_eq!(meeting.questions[1].timebox_seconds, 420);
        assert!(meeting.is_open());
        let mut meeting = meeting;
        meeting.questions[0].used_seconds = 700;
        meeting.questions[1].used_seconds = 30;
        assert_eq!(active_seconds(&meeting), 730);
    }

    #[test]
    fn times_read_as_clock_and_minutes() {
        assert_eq!(clock_text(0), "0:00");
        assert_eq!(clock_text(125), "2:05");
        assert_eq!(clock_text(3725), "1:02:05");
        assert_eq!(minutes_text(1), "1 min");
        assert_eq!(minutes_text(600), "10 min");
    }

    #[test]
    fn due_dates_read_as_dates_or_offsets() {
        let today: Date = "2026-11-28".parse().expect("date");
        assert_eq!(parse_due("", today), Ok(None));
        assert_eq!(
            parse_due("2026-12-05", today),
            Ok(Some("2026-12-05".parse().expect("d")))
        );
        assert_eq!(
            parse_due("+3d", today),
            Ok(Some("2026-12-01".parse().expect("d")))
        );
        assert_eq!(
            parse_due("+2w", today),
            Ok(Some("2026-12-12".parse().expect("d")))
        );
        assert_eq!(
            parse_due("+1", today),
            Ok(Some("2026-11-29".parse().expect("d")))
        );
        assert!(parse_due("friday", today).is_err());
        assert!(parse_due("+99999w", today).is_err());
        assert!(parse_due("2026-13-01", today).is_err());
    }

    #[test]
    fn outcomes_suggest_a_status() {
        use crate::record::Status;
        assert_eq!(Decision::GoWithConditions.status(), Status::Accepted);
        assert_eq!(Decision::NotYet.status(), Status::Proposed);
        assert_eq!(Decision::No.status(), Status::Rejected);
    }

    #[test]
    fn a_meeting_round_trips_through_json_leaving_out_empty_parts() {
        let now: Timestamp = "2026-11-28T10:00:00Z".parse().expect("time");
        let mut meeting = Meeting::start(now, &["failure".into()], 10);
        meeting.items.push(Item {
            unknown_keys: Default::default(),
            kind: ItemKind::Action,
            section: "failure".into(),
            text: "Load-test the queue".into(),
            owner: "Sam".into(),
            due: Some("2026-12-05".parse().expect("date")),
            by: String::new(),
            done: false,
            number: None,
            field: None,
            at: now,
        });
        let json = serde_json::to_value(&meeting).expect("json");
        assert!(json.get("ended").is_none());
        assert!(json["items"][0].get("done").is_none());
        assert_eq!(json["items"][0]["kind"], "action");
        let back: Meeting = serde_json::from_value(json).expect("back");
        assert_eq!(back, meeting);
    }
}
