//! Checks a parsed question set for mistakes serde cannot see: duplicate ids,
//! options on the wrong kind, rules that name missing fields.

use std::collections::HashSet;

use super::model::{Binding, Field, FieldKind, QuestionSet, SET_FORMAT};

/// One mistake in a set, with the JSON path where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where in the file, e.g. `sections[2].fields[0].id`.
    pub path: String,
    /// What is wrong and what to do.
    pub message: String,
}

pub(super) fn problem(path: impl Into<String>, message: impl Into<String>) -> Problem {
    Problem {
        path: path.into(),
        message: message.into(),
    }
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
}

/// A problem at `path` unless `id` (of a set, section, field or row) is a
/// valid id.
fn check_id(what: &str, id: &str, path: String, problems: &mut Vec<Problem>) {
    if !valid_id(id) {
        problems.push(problem(
            path,
            format!("{what} id {id:?} must be 1-64 characters of a-z, 0-9, '_' or '-'"),
        ));
    }
}

/// A problem at `path` when `id` is already among its siblings' (`seen`);
/// records it there otherwise.
fn check_unique<'a>(
    seen: &mut HashSet<&'a str>,
    what: &str,
    id: &'a str,
    path: String,
    problems: &mut Vec<Problem>,
) {
    if !seen.insert(id) {
        problems.push(problem(path, format!("duplicate {what} id {id:?}")));
    }
}

/// Every problem in the set, in file order; empty when the set is usable.
pub fn validate(set: &QuestionSet) -> Vec<Problem> {
    validate_as(set, true)
}

/// As [`validate`], for a set that lays out part of a record (the
/// `imported` set): it needs no field bound to the title.
pub fn validate_part(set: &QuestionSet) -> Vec<Problem> {
    validate_as(set, false)
}

fn validate_as(set: &QuestionSet, whole_record: bool) -> Vec<Problem> {
    let mut problems = Vec::new();
    if set.format != SET_FORMAT {
        problems.push(problem(
            "format",
            format!(
                "format {} is not known to this preflight (it reads format {SET_FORMAT})",
                set.format
            ),
        ));
    }
    check_id("set", &set.id, "id".to_string(), &mut problems);
    if set.name.trim().is_empty() {
        problems.push(problem("name", "name must not be empty"));
    }
    if set.version.trim().is_empty() {
        problems.push(problem("version", "version must not be empty"));
    }
    if set.sections.is_empty() {
        problems.push(problem("sections", "a set needs at least one section"));
    }

    let mut section_ids = HashSet::new();
    let mut field_ids = HashSet::new();
    let mut bindings = HashSet::new();
    for (si, section) in set.sections.iter().enumerate() {
        let at = format!("sections[{si}]");
        check_id("section", &section.id, format!("{at}.id"), &mut problems);
        check_unique(
            &mut section_ids,
            "section",
            &section.id,
            format!("{at}.id"),
            &mut problems,
        );
        if section.title.trim().is_empty() {
            problems.push(problem(format!("{at}.title"), "title must not be empty"));
        }
        if section.fields.is_empty() {
            problems.push(problem(
                format!("{at}.fields"),
                "a section needs at least one field",
            ));
        }
        for (fi, field) in section.fields.iter().enumerate() {
            let at = format!("{at}.fields[{fi}]");
            if !field_ids.insert(field.id.as_str()) {
                problems.push(problem(
                    format!("{at}.id"),
                    format!(
                        "duplicate field id {:?}: field ids must be unique in the whole set",
                        field.id
                    ),
                ));
            }
            if let Some(binding) = field.bind {
                if !bindings.insert(binding) {
                    problems.push(problem(
                        format!("{at}.bind"),
                        format!("only one field may bind {binding:?}"),
                    ));
                }
                let fits = match binding {
                    Binding::Title => field.kind == FieldKind::Text,
                    Binding::Author => {
                        matches!(field.kind, FieldKind::Person | FieldKind::Text)
                    }
                    Binding::Tags => field.kind == FieldKind::Tags,
                    Binding::ReviewBy => field.kind == FieldKind::Date,
                };
                if !fits {
                    problems.push(problem(
                        format!("{at}.bind"),
                        format!(
                            "a {} field cannot bind {binding:?} (title: text; author: person or text; tags: tags; review_by: date)",
                            field.kind.name()
                        ),
                    ));
                }
            }
            check_field(field, &at, true, &mut problems);
        }
    }
    if whole_record && !bindings.contains(&Binding::Title) {
        problems.push(problem(
            "sections",
            "one text field must have \"bind\": \"title\" so records have a title",
        ));
    }

    check_meeting(set, &mut problems);
    super::rules::check_rules(set, &mut problems);
    for (si, section) in set.sections.iter().enumerate() {
        for (fi, field) in section.fields.iter().enumerate() {
            if let Some(condition) = &field.unless
                && set.field(&condition.field).is_none()
            {
                problems.push(problem(
                    format!("sections[{si}].fields[{fi}].unless.field"),
                    format!(
                        "condition names field {:?}, which the set does not have",
                        condition.field
                    ),
                ));
            }
        }
    }
    problems
}

/// Meeting mode's targets must name fields that can take what it writes:
/// notes in a text or Markdown field of the same section, failure modes in
/// a text column of a list.
fn check_meeting(set: &QuestionSet, problems: &mut Vec<Problem>) {
    for (si, section) in set.sections.iter().enumerate() {
        let Some(notes) = &section.meeting_notes else {
            continue;
        };
        let at = format!("sections[{si}].meeting_notes");
        match section.fields.iter().find(|f| &f.id == notes) {
            None => problems.push(problem(
                at,
                format!(
                    "meeting_notes names {notes:?}, which is not a field of section {:?}",
                    section.id
                ),
            )),
            Some(field) if !matches!(field.kind, FieldKind::Markdown | FieldKind::Text) => problems
                .push(problem(
                    at,
                    format!(
                        "meeting_notes must be a text or markdown field; {notes:?} is {}",
                        field.kind.name()
                    ),
                )),
            Some(_) => {}
        }
    }
    let Some(target) = set.meeting.as_ref().and_then(|m| m.failure_modes.as_ref()) else {
        return;
    };
    let at = "meeting.failure_modes";
    match set.field(&target.field) {
        None => problems.push(problem(
            format!("{at}.field"),
            format!(
                "names field {:?}, which the set does not have",
                target.field
            ),
        )),
        Some(field) if field.kind != FieldKind::List => problems.push(problem(
            format!("{at}.field"),
            format!(
                "failure modes need a list field; {:?} is {}",
                field.id,
                field.kind.name()
            ),
        )),
        Some(field) => match field.column(&target.column) {
            None => problems.push(problem(
                format!("{at}.column"),
                format!("field {:?} has no column {:?}", field.id, target.column),
            )),
            Some(column) if column.kind != FieldKind::Text => problems.push(problem(
                format!("{at}.column"),
                format!(
                    "failure modes are one line of text; column {:?} is {}",
                    column.id,
                    column.kind.name()
                ),
            )),
            Some(_) => {}
        },
    }
}

fn check_field(field: &Field, at: &str, top_level: bool, problems: &mut Vec<Problem>) {
    check_id("field", &field.id, format!("{at}.id"), problems);
    if field.label.trim().is_empty() {
        problems.push(problem(format!("{at}.label"), "label must not be empty"));
    }
    let kind = field.kind;
    let wants_options = matches!(kind, FieldKind::Choice | FieldKind::Rating);
    if wants_options && field.options.is_empty() {
        problems.push(problem(
            format!("{at}.options"),
            format!("a {} field needs \"options\"", kind.name()),
        ));
    }
    if !wants_options && !field.options.is_empty() {
        problems.push(problem(
            format!("{at}.options"),
            format!(
                "\"options\" only applies to choice and rating, not {}",
                kind.name()
            ),
        ));
    }
    let mut values = HashSet::new();
    for (oi, option) in field.options.iter().enumerate() {
        if option.value.trim().is_empty() {
            problems.push(problem(
                format!("{at}.options[{oi}].value"),
                "option value must not be empty",
            ));
        }
        if !values.insert(option.value.as_str()) {
            problems.push(problem(
                format!("{at}.options[{oi}].value"),
                format!("duplicate option {:?}", option.value),
            ));
        }
    }
    if kind.is_table() {
        if !top_level {
            problems.push(problem(
                format!("{at}.kind"),
                "a table column cannot itself be a list or grid",
            ));
        }
        if field.columns.is_empty() {
            problems.push(problem(
                format!("{at}.columns"),
                format!("a {} field needs \"columns\"", kind.name()),
            ));
        }
        let mut column_ids = HashSet::new();
        for (ci, column) in field.columns.iter().enumerate() {
            let column_at = format!("{at}.columns[{ci}]");
            check_unique(
                &mut column_ids,
                "column",
                &column.id,
                format!("{column_at}.id"),
                problems,
            );
            if column.id == "row" {
                problems.push(problem(
                    format!("{column_at}.id"),
                    "column id \"row\" is reserved for grid rows",
                ));
            }
            if column.bind.is_some() {
                problems.push(problem(
                    format!("{column_at}.bind"),
                    "a column cannot bind a record property",
                ));
            }
            check_field(column, &column_at, false, problems);
        }
    } else if !field.columns.is_empty() {
        problems.push(problem(
            format!("{at}.columns"),
            format!(
                "\"columns\" only applies to list and grid, not {}",
                kind.name()
            ),
        ));
    }
    if kind == FieldKind::Grid && field.rows.is_empty() {
        problems.push(problem(format!("{at}.rows"), "a grid field needs \"rows\""));
    }
    if kind != FieldKind::Grid && !field.rows.is_empty() {
        problems.push(problem(
            format!("{at}.rows"),
            format!("\"rows\" only applies to grid, not {}", kind.name()),
        ));
    }
    let mut row_ids = HashSet::new();
    for (ri, row) in field.rows.iter().enumerate() {
        let path = format!("{at}.rows[{ri}].id");
        check_id("row", &row.id, path.clone(), problems);
        check_unique(&mut row_ids, "row", &row.id, path, problems);
    }
    if field.min_rows.is_some() && kind != FieldKind::List {
        problems.push(problem(
            format!("{at}.min_rows"),
            format!("\"min_rows\" only applies to list, not {}", kind.name()),
        ));
    }
}
