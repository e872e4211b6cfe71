//! Checks a set's rules for mistakes: every rule names fields and columns
//! the set has, and carries the keys its check needs and no others.

use super::model::{Field, QuestionSet, Rule, RuleCheck};
use super::validate::{Problem, problem};

/// Checks that read one answer (a field, or a column in every row).
fn reads_one_answer(check: RuleCheck) -> bool {
    !matches!(
        check,
        RuleCheck::SomeRow | RuleCheck::RowComplete | RuleCheck::AnyAnswered
    )
}

/// Every mistake in the rules of `set`, added to `problems`.
pub fn check_rules(set: &QuestionSet, problems: &mut Vec<Problem>) {
    for (si, section) in set.sections.iter().enumerate() {
        for (ri, rule) in section.rules.iter().enumerate() {
            let at = format!("sections[{si}].rules[{ri}]");
            check_rule(set, rule, &at, problems);
        }
    }
}

fn check_rule(set: &QuestionSet, rule: &Rule, at: &str, problems: &mut Vec<Problem>) {
    let name = rule.check.name();
    let field = if rule.field.is_empty() && rule.check == RuleCheck::NoPlaceholder {
        None // the whole section
    } else {
        match set.field(&rule.field) {
            Some(field) => Some(field),
            None => {
                problems.push(problem(
                    format!("{at}.field"),
                    format!(
                        "rule names field {:?}, which the set does not have",
                        rule.field
                    ),
                ));
                return;
            }
        }
    };
    let columns: Vec<&String> = rule.column.iter().chain(&rule.columns).collect();
    if let Some(field) = field {
        for column in &columns {
            if field.column(column).is_none() {
                problems.push(problem(
                    format!("{at}.column"),
                    format!("field {:?} has no column {column:?}", field.id),
                ));
            }
        }
        let needs_table = matches!(rule.check, RuleCheck::SomeRow | RuleCheck::RowComplete)
            || !columns.is_empty()
            || rule.row_when.is_some()
            || rule.differs_from.is_some();
        if needs_table && !field.kind.is_table() {
            problems.push(problem(
                format!("{at}.check"),
                format!(
                    "{name} with columns needs a list or grid field; {:?} is {}",
                    field.id,
                    field.kind.name()
                ),
            ));
        }
        check_table_keys(rule, field, at, problems);
    }
    match rule.check {
        RuleCheck::SomeRow if rule.column.is_none() => problems.push(problem(
            format!("{at}.column"),
            "a some_row rule needs \"column\"",
        )),
        RuleCheck::RowComplete if rule.columns.is_empty() => problems.push(problem(
            format!("{at}.columns"),
            "a row_complete rule needs \"columns\": the columns every row must have",
        )),
        RuleCheck::AnyAnswered if rule.or.is_empty() => problems.push(problem(
            format!("{at}.or"),
            "an any_answered rule needs \"or\": the other fields that would do",
        )),
        _ => {}
    }
    if !rule.or.is_empty() && rule.check != RuleCheck::AnyAnswered {
        problems.push(problem(
            format!("{at}.or"),
            format!("\"or\" is for any_answered rules, not {name}"),
        ));
    }
    if rule.differs_from.is_some() && rule.check != RuleCheck::Figure {
        problems.push(problem(
            format!("{at}.differs_from"),
            format!("\"differs_from\" is for figure rules, not {name}"),
        ));
    }
    if rule.row_when.is_some() && !reads_one_answer(rule.check) {
        problems.push(problem(
            format!("{at}.row_when"),
            format!("\"row_when\" does not apply to {name} rules"),
        ));
    }
    for id in rule.or.iter().chain(&rule.unless_answered) {
        if set.field(id).is_none() {
            problems.push(problem(
                at.to_string(),
                format!("rule names field {id:?}, which the set does not have"),
            ));
        }
    }
    for (key, condition) in [("when", &rule.when), ("unless", &rule.unless)] {
        if let Some(condition) = condition
            && set.field(&condition.field).is_none()
        {
            problems.push(problem(
                format!("{at}.{key}.field"),
                format!(
                    "condition names field {:?}, which the set does not have",
                    condition.field
                ),
            ));
        }
    }
}

/// `differs_from` and `row_when` name columns of the rule's table.
fn check_table_keys(rule: &Rule, field: &Field, at: &str, problems: &mut Vec<Problem>) {
    let named = [
        ("differs_from", rule.differs_from.as_ref()),
        ("row_when.column", rule.row_when.as_ref().map(|c| &c.column)),
    ];
    for (key, column) in named {
        if let Some(column) = column
            && field.kind.is_table()
            && field.column(column).is_none()
        {
            problems.push(problem(
                format!("{at}.{key}"),
                format!("field {:?} has no column {column:?}", field.id),
            ));
        }
    }
}
