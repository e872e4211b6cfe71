//! Reads answers given as JSON (`preflight new --answers FILE`): an object
//! of field id → value, checked against the question set field by field.

use serde_json::Value;

use crate::check::is_placeholder;
use crate::questionnaire::Phrases;
use crate::questionnaire::{
    Field, FieldKind, QuestionSet, expected_shape, is_lenient, validate_answer,
};
use crate::record::{Answer, GRID_ROW_KEY, Record, Row, answer_from_json};

/// Converts one JSON value to an answer for `field`; `Ok(None)` is blank.
pub fn answer_for(field: &Field, value: &Value) -> Result<Option<Answer>, String> {
    // `null` and blank text leave the field blank whatever its kind, as an
    // empty text answer already did (a template with "" for a date or a
    // choice is not an error).
    if value.is_null() || value.as_str().is_some_and(|text| text.trim().is_empty()) {
        return Ok(None);
    }
    if let Value::Object(map) = value
        && map.contains_key("unknown")
    {
        return answer_from_json(value).map(Some);
    }
    let answer = match (field.kind, value) {
        (FieldKind::YesNo, Value::Bool(flag)) => Answer::Flag(*flag),
        (FieldKind::YesNo, Value::String(text)) => match text.trim().to_lowercase().as_str() {
            "yes" | "y" | "true" => Answer::Flag(true),
            "no" | "n" | "false" => Answer::Flag(false),
            // "Mostly — the runbook covers failover": kept whole, read as
            // yes (see `lenient_value`).
            _ => Answer::Text(text.clone()),
        },
        (FieldKind::Tags | FieldKind::People, Value::String(text)) => {
            Answer::Words(text.split(',').map(|w| w.trim().to_string()).collect())
        }
        (FieldKind::Tags | FieldKind::People, Value::Array(items)) => {
            let mut words = Vec::new();
            for item in items {
                match item.as_str() {
                    Some(word) => words.push(word.to_string()),
                    None => return Err(format!("expects {}", expected_shape(field.kind))),
                }
            }
            Answer::Words(words)
        }
        (FieldKind::List, Value::Array(items)) => {
            let mut rows = Vec::new();
            for (index, item) in items.iter().enumerate() {
                let Value::Object(cells) = item else {
                    return Err(format!(
                        "row {} must be an object of column id → value",
                        index + 1
                    ));
                };
                rows.push(row_from(field, cells).map_err(|e| format!("row {}: {e}", index + 1))?);
            }
            Answer::Rows(rows)
        }
        (FieldKind::Grid, Value::Object(by_row)) => {
            let mut rows = Vec::new();
            for (row_id, cells) in by_row {
                let Value::Object(cells) = cells else {
                    return Err(format!(
                        "row {row_id:?} must be an object of column id → value"
                    ));
                };
                let mut row = row_from(field, cells).map_err(|e| format!("row {row_id}: {e}"))?;
                row.insert(GRID_ROW_KEY.into(), Answer::Text(row_id.clone()));
                rows.push(row);
            }
            Answer::Rows(rows)
        }
        (FieldKind::Grid, Value::Array(items)) => {
            let mut rows = Vec::new();
            for (index, item) in items.iter().enumerate() {
                let Value::Object(cells) = item else {
                    return Err(format!("row {} must be an object", index + 1));
                };
                let row_id = cells
                    .get(GRID_ROW_KEY)
                    .and_then(Value::as_str)
                    .ok_or_else(|| {
                        format!("row {} needs \"row\": one of the grid's row ids", index + 1)
                    })?;
                let mut cells = cells.clone();
                cells.remove(GRID_ROW_KEY);
                let mut row = row_from(field, &cells).map_err(|e| format!("row {row_id}: {e}"))?;
                row.insert(GRID_ROW_KEY.into(), Answer::Text(row_id.to_string()));
                rows.push(row);
            }
            Answer::Rows(rows)
        }
        (kind, Value::String(text)) if !kind.is_table() && kind != FieldKind::YesNo => {
            Answer::Text(text.clone())
        }
        (kind, _) => return Err(format!("expects {}", expected_shape(kind))),
    };
    if let Err(problem) = validate_answer(field, &answer)
        && !kept_as_placeholder(field, &answer)
    {
        return Err(problem);
    }
    Ok(answer.normalized())
}

/// A bare placeholder ("TBD" for a runbook link, "?" for a date) is stored
/// as typed: the readiness check reports it as the gap it is, and nothing
/// the person wrote is lost. Anything else that does not fit is refused.
pub fn kept_as_placeholder(field: &Field, answer: &Answer) -> bool {
    static DEFAULTS: std::sync::LazyLock<Phrases> =
        std::sync::LazyLock::new(|| Phrases::build(&Default::default()));
    is_lenient(field.kind)
        && answer
            .as_text()
            .is_some_and(|text| !text.contains('\n') && is_placeholder(&DEFAULTS, text))
}

fn row_from(field: &Field, cells: &serde_json::Map<String, Value>) -> Result<Row, String> {
    let mut row = Row::new();
    for (column_id, cell) in cells {
        let column = field.column(column_id).ok_or_else(|| {
            let known: Vec<&str> = field.columns.iter().map(|c| c.id.as_str()).collect();
            format!("no column {column_id:?} (columns: {})", known.join(", "))
        })?;
        if let Some(answer) = answer_for(column, cell).map_err(|e| format!("{column_id}: {e}"))? {
            row.insert(column_id.clone(), answer);
        }
    }
    Ok(row)
}

/// Applies a JSON object of answers to a record. Every problem is returned,
/// each naming its field; nothing is applied when there is any.
pub fn apply_answers(
    set: &QuestionSet,
    record: &mut Record,
    json: &Value,
) -> Result<(), Vec<String>> {
    let Value::Object(map) = json else {
        return Err(vec![
            "answers must be a JSON object of field id → value".to_string(),
        ]);
    };
    let mut errors = Vec::new();
    let mut updates = Vec::new();
    for (id, value) in map {
        match set.field(id) {
            None => errors.push(format!(
                "field {id:?}: not in question set {:?}; its fields are: {}",
                set.id,
                set.fields()
                    .map(|(_, f)| f.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
            Some(field) => match answer_for(field, value) {
                Ok(answer) => updates.push((field, answer)),
                Err(err) => errors.push(format!("field {id:?}: {err}")),
            },
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    for (field, answer) in updates {
        record.set_answer(field, answer);
    }
    Ok(())
}
