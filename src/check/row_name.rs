//! How readiness messages name a table row and quote what was written: a
//! grid row by its label, a list row by its first cell, cut short. The two
//! namings differ on purpose and each is pinned by a test below: gaps found
//! by checking a list's cells say "row 2 (Cache stampede)"; a set's rules
//! fill `{row}` with the first cell alone, its first line only.

use crate::questionnaire::{Field, FieldKind};
use crate::record::{Answer, Row};

/// Longest first cell a row name quotes, in characters.
const NAME_CHARS: usize = 40;

/// How a list row is named in messages: its number and first cell.
pub fn list_row_name(field: &Field, row: &Row, index: usize) -> String {
    match first_cell(field, row) {
        Some(text) => format!("row {} ({})", index + 1, shorten(text, NAME_CHARS)),
        None => format!("row {}", index + 1),
    }
}

/// How a rule's `{row}` names a row: its grid label, or its first cell
/// (its first line, shortened), or its number. Only made when a gap is
/// reported.
pub(super) fn rule_row_name(field: &Field, index: usize, row: Option<&Row>) -> String {
    if field.kind == FieldKind::Grid {
        return field
            .rows
            .get(index)
            .map(|r| r.label.clone())
            .unwrap_or_default();
    }
    match row.and_then(|row| first_cell(field, row)) {
        Some(text) => first_line(text, NAME_CHARS),
        None => format!("row {}", index + 1),
    }
}

/// The trimmed text of a row's first cell, unless that is blank.
fn first_cell<'a>(field: &Field, row: &'a Row) -> Option<&'a str> {
    field
        .columns
        .first()
        .and_then(|c| row.get(&c.id))
        .and_then(Answer::as_text)
        .map(str::trim)
        .filter(|t| !t.is_empty())
}

/// `text` in at most `max` characters: cut, ending in "…", when longer.
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        cut(text, max)
    }
}

/// The first line of `text` in at most `max` characters, ending in "…"
/// when it was cut or when more lines follow.
pub(super) fn first_line(text: &str, max: usize) -> String {
    let line = text.lines().next().unwrap_or_default().trim();
    if text.trim().contains('\n') {
        cut(line, max)
    } else {
        shorten(line, max)
    }
}

/// The first `max - 1` characters of `text` and "…".
fn cut(text: &str, max: usize) -> String {
    let kept: String = text.chars().take(max.saturating_sub(1)).collect();
    format!("{kept}…")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::questionnaire::QuestionSet;

    fn list_field() -> Field {
        let set: QuestionSet = serde_json::from_str(
            r#"{"format": 1, "id": "t", "name": "T", "version": "1", "sections": [
                {"id": "s", "title": "S", "fields": [
                    {"id": "risks", "label": "Risks", "kind": "list", "columns": [
                        {"id": "what", "label": "What", "kind": "markdown"}]}]}]}"#,
        )
        .expect("a set");
        set.sections[0].fields[0].clone()
    }

    fn row(first: &str) -> Row {
        Row::from([("what".to_string(), Answer::Text(first.to_string()))])
    }

    #[test]
    fn a_short_first_cell_names_the_row_whole() {
        let field = list_field();
        assert_eq!(
            list_row_name(&field, &row(" Cache stampede "), 1),
            "row 2 (Cache stampede)"
        );
        assert_eq!(
            rule_row_name(&field, 1, Some(&row(" Cache stampede "))),
            "Cache stampede"
        );
        assert_eq!(list_row_name(&field, &row("  "), 0), "row 1");
        assert_eq!(rule_row_name(&field, 0, Some(&row("  "))), "row 1");
        assert_eq!(rule_row_name(&field, 2, None), "row 3");
    }

    #[test]
    fn a_long_first_cell_is_cut_to_forty_characters_by_both() {
        let field = list_field();
        let long = "a".repeat(41);
        let cut = format!("{}…", "a".repeat(39));
        assert_eq!(
            list_row_name(&field, &row(&long), 0),
            format!("row 1 ({cut})")
        );
        assert_eq!(rule_row_name(&field, 0, Some(&row(&long))), cut);
        let exact = "b".repeat(40);
        assert_eq!(rule_row_name(&field, 0, Some(&row(&exact))), exact);
    }

    /// The difference the two copies of `shorten` hid: a list row's name
    /// keeps a multi-line first cell whole, a rule's `{row}` takes its
    /// first line and marks the rest with "…".
    #[test]
    fn a_multi_line_first_cell_is_kept_by_the_list_name_and_cut_by_the_rule_name() {
        let field = list_field();
        let cell = row("First line\nsecond line");
        assert_eq!(
            list_row_name(&field, &cell, 0),
            "row 1 (First line\nsecond line)"
        );
        assert_eq!(rule_row_name(&field, 0, Some(&cell)), "First line…");
    }

    #[test]
    fn a_quoted_value_keeps_its_first_line() {
        assert_eq!(first_line("  TBD  ", 60), "TBD");
        assert_eq!(first_line("TBD\nlater", 60), "TBD…");
        assert_eq!(
            first_line(&"c".repeat(61), 60),
            format!("{}…", "c".repeat(59))
        );
    }
}
