//! What each field kind accepts, and the readiness rules that belong to a
//! kind rather than to a set (a person field rejects team words).

use jiff::civil::Date;

use super::model::{Field, FieldKind};
use crate::record::{Answer, GRID_ROW_KEY, Row};

/// Words that name a group or a placeholder rather than someone who answers
/// a page at 3 AM.
pub const TEAM_WORDS: &[&str] = &[
    "team",
    "we",
    "us",
    "everyone",
    "everybody",
    "all",
    "all of us",
    "nobody",
    "no one",
    "someone",
    "somebody",
    "anyone",
    "tbd",
    "tba",
    "tbc",
    "todo",
    "n/a",
    "na",
    "none",
    "?",
    "devs",
    "developers",
    "engineering",
    "ops",
    "dev",
    "owner",
    "whoever",
    "backend",
    "frontend",
    "sre",
    "sres",
    "infra",
    "platform",
    "oncall",
    "on-call",
    "on call",
    "support",
    "qa",
];

/// How a crowd answer starts ("all of backend", "whoever is on shift").
const CROWD_STARTS: &[&str] = &[
    "all of ",
    "all the ",
    "all ",
    "whoever",
    "anyone ",
    "anybody ",
    "someone ",
    "somebody ",
    "everyone ",
    "any of ",
    "any ",
    "one of ",
    "the rest of ",
    "rest of ",
    "whole ",
    "entire ",
];

/// How a crowd answer ends ("backend devs", "the SRE folks").
const CROWD_ENDS: &[&str] = &[
    " team",
    " teams",
    " squad",
    " guild",
    " devs",
    " developers",
    " engineers",
    " folks",
    " people",
    " guys",
    " crew",
    " group",
    " department",
    " org",
    " tribe",
    " chapter",
    " whoever is around",
];

/// Why a person answer is not a person, if it is not.
pub fn team_word_problem(text: &str) -> Option<String> {
    let normalized = text.trim().trim_end_matches(['.', '!', ',']).to_lowercase();
    let without_article = normalized
        .strip_prefix("the ")
        .or_else(|| normalized.strip_prefix("our "))
        .unwrap_or(&normalized);
    // "TBD", "TBD (maybe Sam)" or "todo: ask", but not a name such as Todor.
    let placeholder = ["tbd", "tba", "tbc", "todo"].iter().any(|p| {
        without_article
            .strip_prefix(p)
            .is_some_and(|rest| !rest.starts_with(char::is_alphanumeric))
    });
    // A crowd, however it is put: "all of backend", "whoever is around",
    // "the backend devs". Nobody's phone rings for any of them.
    // "Whoever holds the incident pager" is a rotation, not a crowd.
    let names_a_pager = [
        "on call",
        "on-call",
        "oncall",
        "pager",
        "rotation",
        "shift lead",
    ]
    .iter()
    .any(|word| without_article.contains(word));
    let crowd_start = !names_a_pager
        && CROWD_STARTS
            .iter()
            .any(|start| without_article.starts_with(start));
    let crowd_end = CROWD_ENDS.iter().any(|end| without_article.ends_with(end));
    let group = TEAM_WORDS.contains(&without_article) || crowd_start || crowd_end;
    (placeholder || group).then(|| {
        format!(
            "{:?} names a group or a placeholder, not a person or rotation",
            text.trim()
        )
    })
}

fn looks_like_link(text: &str) -> bool {
    let text = text.trim();
    let has_scheme = ["https://", "http://"]
        .iter()
        .any(|scheme| text.len() > scheme.len() && text.to_ascii_lowercase().starts_with(scheme));
    let is_path = text.starts_with('/') || text.starts_with("./") || text.starts_with("../");
    let relative_file = !text.contains(char::is_whitespace) && text.contains('/');
    (has_scheme || is_path || relative_file) && !text.contains(char::is_whitespace)
}

/// Kinds whose text answer may carry a note after its value ("2025-05-13
/// (in staging)"), and may be typed as a bare placeholder ("TBD") that the
/// check reports instead of the input refusing it.
pub fn is_lenient(kind: FieldKind) -> bool {
    matches!(
        kind,
        FieldKind::Date | FieldKind::YesNo | FieldKind::Choice | FieldKind::Rating | FieldKind::Url
    )
}

/// Checks that an answer has the shape and format the field's kind takes.
/// Unknown is valid for every kind; a date, yes/no, choice or link may be
/// followed by a note.
pub fn validate_answer(field: &Field, answer: &Answer) -> Result<(), String> {
    if let Answer::Unknown { .. } = answer {
        return Ok(());
    }
    match (field.kind, answer) {
        (FieldKind::Text | FieldKind::Person, Answer::Text(text)) => {
            if text.contains('\n') {
                Err("must be a single line".into())
            } else {
                Ok(())
            }
        }
        (FieldKind::Markdown, Answer::Text(_)) => Ok(()),
        (FieldKind::Choice | FieldKind::Rating, Answer::Text(text)) => {
            if field.option(text.trim()).is_some() || lenient_value(field, text).is_some() {
                Ok(())
            } else {
                let allowed: Vec<&str> = field.options.iter().map(|o| o.value.as_str()).collect();
                Err(format!("{text:?} is not one of: {}", allowed.join(", ")))
            }
        }
        (FieldKind::Date, Answer::Text(text)) => {
            if text.trim().parse::<Date>().is_ok() || lenient_value(field, text).is_some() {
                Ok(())
            } else {
                Err(format!("{text:?} is not a date in the form YYYY-MM-DD"))
            }
        }
        (FieldKind::YesNo, Answer::Text(text)) => {
            if lenient_value(field, text).is_some() {
                Ok(())
            } else {
                Err(format!("{text:?} is not yes or no"))
            }
        }
        (FieldKind::Url, Answer::Text(text)) => {
            if looks_like_link(text) || lenient_value(field, text).is_some() {
                Ok(())
            } else {
                Err(format!(
                    "{text:?} is not a link: use https://… or a path such as docs/runbook.md"
                ))
            }
        }
        (FieldKind::YesNo, Answer::Flag(_)) => Ok(()),
        (FieldKind::Tags | FieldKind::People, Answer::Words(_)) => Ok(()),
        (FieldKind::List, Answer::Rows(rows)) => {
            for (index, row) in rows.iter().enumerate() {
                validate_row(field, row).map_err(|e| format!("row {}: {e}", index + 1))?;
            }
            Ok(())
        }
        (FieldKind::Grid, Answer::Rows(rows)) => {
            for (index, row) in rows.iter().enumerate() {
                let row_id = match row.get(GRID_ROW_KEY) {
                    Some(Answer::Text(id)) => id,
                    _ => return Err(format!("row {} has no \"row\" id", index + 1)),
                };
                if !field.rows.iter().any(|r| &r.id == row_id) {
                    let known: Vec<&str> = field.rows.iter().map(|r| r.id.as_str()).collect();
                    return Err(format!(
                        "row {row_id:?} is not one of: {}",
                        known.join(", ")
                    ));
                }
                validate_row(field, row).map_err(|e| format!("row {row_id}: {e}"))?;
            }
            Ok(())
        }
        (kind, _) => Err(format!("expects {}", expected_shape(kind))),
    }
}

fn validate_row(field: &Field, row: &Row) -> Result<(), String> {
    for (key, cell) in row {
        if field.kind == FieldKind::Grid && key == GRID_ROW_KEY {
            continue;
        }
        let column = field.column(key).ok_or_else(|| {
            let known: Vec<&str> = field.columns.iter().map(|c| c.id.as_str()).collect();
            format!("no column {key:?} (columns: {})", known.join(", "))
        })?;
        validate_answer(column, cell).map_err(|e| format!("{key}: {e}"))?;
    }
    Ok(())
}

/// How the JSON value for a kind looks, for error messages and docs.
pub fn expected_shape(kind: FieldKind) -> &'static str {
    match kind {
        FieldKind::Text => "a single line of text",
        FieldKind::Markdown => "text (Markdown)",
        FieldKind::Choice | FieldKind::Rating => "text naming one of the options",
        FieldKind::Person => "a name as text",
        FieldKind::Date => "a date as text, YYYY-MM-DD",
        FieldKind::Url => "a link as text",
        FieldKind::YesNo => "true or false",
        FieldKind::Tags => "an array of strings (or one comma-separated string)",
        FieldKind::People => "an array of names (or one comma-separated string)",
        FieldKind::List => "an array of row objects keyed by column id",
        FieldKind::Grid => "an object keyed by row id, or an array of rows with \"row\"",
    }
}

/// A readiness problem that comes from the kind itself, for an answer that
/// is otherwise valid: (what is wrong, what would fix it).
pub fn kind_gap(field: &Field, answer: &Answer) -> Option<(String, String)> {
    match (field.kind, answer) {
        (FieldKind::People, Answer::Words(names)) => names
            .iter()
            .find_map(|name| team_word_problem(name))
            .map(|problem| {
                (
                    format!("{}: {problem}.", field.label),
                    "List people or named rotations, not groups or placeholders.".to_string(),
                )
            }),
        (FieldKind::Person, Answer::Text(text)) => team_word_problem(text).map(|problem| {
            (
                format!("{}: {problem}.", field.label),
                "Name one person or a named on-call rotation whose phone rings.".to_string(),
            )
        }),
        _ => None,
    }
}

/// Words that open a yes answer written with a note ("Mostly — the
/// runbook covers failover") and a no answer ("Partly: …").
const YES_WORDS: &[&str] = &["yes", "y", "true", "yep", "yeah", "mostly", "largely"];
const NO_WORDS: &[&str] = &["no", "n", "false", "nope", "partly", "barely", "not really"];

/// The leading value of a text answer and the note after it, when the
/// text opens with something of the field's kind: a date, a yes or no
/// word, an option's value or label, or a link. "2025-05-13 (in staging)"
/// is the date 2025-05-13 with the note "in staging".
pub fn lenient_value<'a>(field: &Field, text: &'a str) -> Option<(String, &'a str)> {
    let text = text.trim();
    // The value ends where a word ends; what follows is the note.
    let split = |len: usize| -> Option<&'a str> {
        let rest = text.get(len..)?;
        (!rest.starts_with(|c: char| c.is_alphanumeric() || c == '-' || c == '_')).then(|| {
            rest.trim_start_matches(|c: char| !c.is_alphanumeric() && c != '(' && c != '"')
                .trim()
        })
    };
    let lower = text.to_lowercase();
    match field.kind {
        FieldKind::Date => {
            let head = text.get(..10)?;
            let date: Date = head.parse().ok()?;
            Some((date.to_string(), split(10)?))
        }
        FieldKind::YesNo => {
            let pick = |words: &[&str], value: &str| {
                words
                    .iter()
                    .filter(|w| lower.starts_with(**w))
                    .filter_map(|w| split(w.len()))
                    .next()
                    .map(|note| (value.to_string(), note))
            };
            pick(YES_WORDS, "yes").or_else(|| pick(NO_WORDS, "no"))
        }
        FieldKind::Choice | FieldKind::Rating => {
            let mut best: Option<(usize, String)> = None;
            for option in &field.options {
                for word in [option.value.as_str(), option.display()] {
                    let word = word.to_lowercase();
                    if !word.is_empty()
                        && lower.starts_with(&word)
                        && split(word.len()).is_some()
                        && best.as_ref().is_none_or(|(len, _)| word.len() > *len)
                    {
                        best = Some((word.len(), option.value.clone()));
                    }
                }
            }
            let (len, value) = best?;
            Some((value, split(len)?))
        }
        FieldKind::Url => {
            let end = text.find(char::is_whitespace).unwrap_or(text.len());
            looks_like_link(&text[..end]).then(|| (text[..end].to_string(), text[end..].trim()))
        }
        _ => None,
    }
}

/// The value an answer carries, as rule conditions compare it: an option
/// value, "yes" or "no", a date, text as written. A lenient answer ("yes,
/// except the export job") is understood by its leading value.
pub fn understood(field: &Field, answer: &Answer) -> Option<String> {
    match (field.kind, answer) {
        (
            FieldKind::Date
            | FieldKind::YesNo
            | FieldKind::Choice
            | FieldKind::Rating
            | FieldKind::Url,
            Answer::Text(text),
        ) => Some(
            lenient_value(field, text)
                .map(|(value, _)| value)
                .unwrap_or_else(|| text.trim().to_string()),
        ),
        _ => answer.comparable(),
    }
}
