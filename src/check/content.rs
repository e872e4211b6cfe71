//! The rules a set declares, evaluated on a record: whether a field is
//! answered at all, and whether what is written is a real answer (not a
//! placeholder, not people noticing instead of a signal, not a 10x figure
//! that repeats today's). Every gap names its row and column and fills
//! the set's message and fix in with this record's words.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::BTreeMap;

use super::row_name::{first_line, rule_row_name};
use super::{Gap, GapKind};
use crate::questionnaire::{Condition, Field, FieldKind, QuestionSet, Rule, RuleCheck, Section};
use crate::questionnaire::{Phrases, normalize};
use crate::record::{Answer, GRID_ROW_KEY, Record, Row};

/// The phrase lists a set's rules read.
pub fn phrases(set: &QuestionSet) -> &Phrases {
    set.compiled.get(&set.phrases)
}

/// The text of a short answer, as the rules read it: borrowed when the
/// answer is text (copying every answer for every rule was a tenth of a
/// whole-store check).
fn text_of(answer: &Answer) -> Option<Cow<'_, str>> {
    match answer {
        Answer::Text(text) => Some(Cow::Borrowed(text)),
        Answer::Words(words) => Some(Cow::Owned(words.join(", "))),
        Answer::Flag(true) => Some(Cow::Borrowed("yes")),
        Answer::Flag(false) => Some(Cow::Borrowed("no")),
        Answer::Unknown { .. } | Answer::Rows(_) => None,
    }
}

/// Text that stands in for an answer without giving one: "TBD", "?",
/// "we will figure it out".
pub fn is_placeholder(phrases: &Phrases, text: &str) -> bool {
    !text.chars().any(char::is_alphanumeric) || phrases.is_placeholder_text(text)
}

/// The phrase lists as one record's check reads them: whether a text is a
/// placeholder is worked out once per text. A record's rules ask it of the
/// same answers again and again (about 155 times for a generated record,
/// of about 100 different texts), and each ask normalised the text's head:
/// that was a third of a whole-store check's instructions (callgrind).
pub struct Reader<'p> {
    /// The lists.
    phrases: &'p Phrases,
    /// The texts asked about so far, by length, with the answer.
    placeholders: RefCell<BTreeMap<usize, Vec<(String, bool)>>>,
}

impl<'p> Reader<'p> {
    /// A reader of `phrases` that knows no text yet.
    pub fn new(phrases: &'p Phrases) -> Reader<'p> {
        Reader {
            phrases,
            placeholders: RefCell::new(BTreeMap::new()),
        }
    }

    /// [`is_placeholder`], remembered.
    fn is_placeholder(&self, text: &str) -> bool {
        let known = self
            .placeholders
            .borrow()
            .get(&text.len())
            .and_then(|same_length| same_length.iter().find(|(t, _)| t == text))
            .map(|&(_, verdict)| verdict);
        if let Some(verdict) = known {
            return verdict;
        }
        let verdict = is_placeholder(self.phrases, text);
        self.placeholders
            .borrow_mut()
            .entry(text.len())
            .or_default()
            .push((text.to_string(), verdict));
        verdict
    }

    /// A placeholder, or a word that answers nothing where an answer is
    /// needed ("none", "n/a", "monitor it").
    fn is_empty_word(&self, text: &str) -> bool {
        self.is_placeholder(text) || self.phrases.is_whole("empty", text)
    }

    /// [`is_answered`], each text's placeholder verdict remembered.
    pub(super) fn is_answered(&self, answer: Option<&Answer>) -> bool {
        match answer {
            None => false,
            Some(a) if a.is_unknown() || a.is_empty() => false,
            Some(Answer::Text(text)) => !self.is_placeholder(text),
            Some(_) => true,
        }
    }

    /// Answered, and not an empty word.
    fn is_real(&self, answer: Option<&Answer>) -> bool {
        self.is_answered(answer)
            && answer
                .and_then(text_of)
                .is_none_or(|t| !self.is_empty_word(&t))
    }
}

/// Written, not Unknown, and not a placeholder.
pub fn is_answered(phrases: &Phrases, answer: Option<&Answer>) -> bool {
    match answer {
        None => false,
        Some(a) if a.is_unknown() || a.is_empty() => false,
        Some(Answer::Text(text)) => !is_placeholder(phrases, text),
        Some(_) => true,
    }
}

/// Contains a number or a figure word ("$600", "3 days", "half a day").
pub fn has_figure(phrases: &Phrases, text: &str) -> bool {
    text.chars().any(|c| c.is_ascii_digit()) || phrases.mentions("figure", text)
}

/// One answer a rule looks at: a field, or one cell of a table. Answers
/// are borrowed from the record (a bound field's is made on the spot), so
/// checking a big table copies nothing.
struct Target<'a> {
    field: &'a Field,
    column: Option<&'a Field>,
    row_index: Option<usize>,
    row: Option<&'a Row>,
    answer: Option<Cow<'a, Answer>>,
}

/// A field's answer, borrowed unless the field is bound to a record
/// property: what [`Record::answer`] gives, without copying the answer.
pub fn answer_of<'r>(record: &'r Record, field: &Field) -> Option<Cow<'r, Answer>> {
    if field.bind.is_some() {
        record.answer(field).map(Cow::Owned)
    } else {
        record.answers.get(&field.id).map(Cow::Borrowed)
    }
}

/// The rows of a table answer, in the order shown: a grid's rows in the
/// set's order (an unanswered one as an empty row), a list's as stored.
fn table_rows<'a>(field: &'a Field, answer: Option<&'a Answer>) -> Vec<(usize, &'a Row)> {
    static EMPTY: std::sync::LazyLock<Row> = std::sync::LazyLock::new(Row::new);
    let rows = answer.map(Answer::rows).unwrap_or_default();
    if field.kind == FieldKind::Grid {
        return field
            .rows
            .iter()
            .enumerate()
            .map(|(index, grid_row)| {
                let stored = rows.iter().find(|row| {
                    row.get(GRID_ROW_KEY).and_then(Answer::as_text) == Some(grid_row.id.as_str())
                });
                (index, stored.unwrap_or(&EMPTY))
            })
            .collect();
    }
    rows.iter().enumerate().collect()
}

fn row_condition_holds(rule: &Rule, row: &Row) -> bool {
    let Some(condition) = &rule.row_when else {
        return true;
    };
    row.get(&condition.column)
        .and_then(Answer::comparable)
        .is_some_and(|value| condition.equals.contains(&value))
}

/// The answers `rule` looks at in `field`: the field itself, or the named
/// columns of each row.
fn targets<'a>(rule: &Rule, field: &'a Field, answer: Option<&'a Answer>) -> Vec<Target<'a>> {
    let columns: Vec<&Field> = rule
        .column
        .iter()
        .chain(&rule.columns)
        .filter_map(|id| field.column(id))
        .collect();
    if !field.kind.is_table() {
        return vec![Target {
            field,
            column: None,
            row_index: None,
            row: None,
            answer: answer.map(Cow::Borrowed),
        }];
    }
    let columns = if columns.is_empty() {
        // A table-wide no_placeholder: every text-like column.
        field.columns.iter().filter(|c| text_like(c)).collect()
    } else {
        columns
    };
    let mut out = Vec::new();
    for (index, row) in table_rows(field, answer) {
        if !row_condition_holds(rule, row) {
            continue;
        }
        for column in &columns {
            out.push(Target {
                field,
                column: Some(column),
                row_index: Some(index),
                row: Some(row),
                answer: row.get(&column.id).map(Cow::Borrowed),
            });
        }
    }
    out
}

fn text_like(field: &Field) -> bool {
    matches!(
        field.kind,
        FieldKind::Text | FieldKind::Markdown | FieldKind::Url
    )
}

/// What a rule finds wrong with one target, if anything: the text to put
/// in `{value}` (or the missing columns for `{missing}`).
enum Finding {
    Value(String),
    Missing(Vec<String>),
}

fn judge(
    reader: &Reader,
    rule: &Rule,
    target: &Target,
    row_cells: Option<&Row>,
) -> Option<Finding> {
    let phrases = reader.phrases;
    let answer = target.answer.as_deref();
    let text = answer.and_then(text_of);
    let value = || Finding::Value(text.as_deref().unwrap_or_default().to_string());
    match rule.check {
        RuleCheck::Answered | RuleCheck::AnyAnswered => (!reader.is_answered(answer)).then(value),
        RuleCheck::SomeRow => None, // whole-table; see `some_row`
        RuleCheck::RealAnswer => (!reader.is_real(answer)).then(value),
        RuleCheck::NoPlaceholder => text
            .as_deref()
            .filter(|t| !t.trim().is_empty() && reader.is_placeholder(t))
            .map(|_| value()),
        RuleCheck::Known => {
            let unknown = answer.is_some_and(Answer::is_unknown);
            let placeholder = text
                .as_deref()
                .is_some_and(|t| !t.trim().is_empty() && reader.is_placeholder(t));
            (unknown || placeholder).then(value)
        }
        RuleCheck::Signal => text
            .as_deref()
            .filter(|t| {
                !t.trim().is_empty()
                    && !reader.is_placeholder(t)
                    && phrases.mentions("noticing", t)
                    && !phrases.mentions("signal", t)
            })
            .map(|_| value()),
        // No signal and no number, and it reads as a feeling ("if things
        // look bad") or is a few words at most ("on-call's call").
        RuleCheck::Threshold => text
            .as_deref()
            .filter(|t| {
                !t.trim().is_empty()
                    && !reader.is_placeholder(t)
                    && !phrases.mentions("signal", t)
                    && !has_figure(phrases, t)
                    && (phrases.mentions("vague", t)
                        || phrases.mentions("noticing", t)
                        || t.split_whitespace().count() <= 4)
            })
            .map(|_| value()),
        RuleCheck::Figure => {
            let t = text.as_deref().filter(|t| !t.trim().is_empty())?;
            if reader.is_placeholder(t) {
                return None; // the placeholder rule says it better
            }
            let repeats = rule
                .differs_from
                .as_ref()
                .and_then(|other| row_cells?.get(other))
                .and_then(text_of)
                .is_some_and(|other| normalize(&other) == normalize(t));
            (repeats || !has_figure(phrases, t)).then(value)
        }
        RuleCheck::Specific => text
            .as_deref()
            .filter(|t| phrases.only_words_of("generic", t) && !has_figure(phrases, t))
            .map(|_| value()),
        RuleCheck::RowComplete => {
            let row = row_cells?;
            let missing: Vec<String> = rule
                .columns
                .iter()
                .filter_map(|id| target.field.column(id))
                .filter(|c| {
                    !reader.is_answered(row.get(&c.id))
                        && !row.get(&c.id).is_some_and(Answer::is_unknown)
                })
                .map(|c| c.label.clone())
                .collect();
            (!missing.is_empty()).then_some(Finding::Missing(missing))
        }
    }
}

fn fill(template: &str, target: &Target, finding: &Finding) -> String {
    let (value, missing) = match finding {
        Finding::Value(v) => (first_line(v, 60), String::new()),
        Finding::Missing(m) => (String::new(), m.join(", ")),
    };
    // A blank answer has no words to quote: drop the quotation.
    let template = if value.is_empty() {
        template
            .replace(" (\"{value}\")", "")
            .replace("\"{value}\"", "nothing")
    } else {
        template.to_string()
    };
    let row = target
        .row_index
        .map(|index| rule_row_name(target.field, index, target.row))
        .unwrap_or_default();
    template
        .replace("{row}", &row)
        .replace(
            "{column}",
            target.column.map(|c| c.label.as_str()).unwrap_or_default(),
        )
        .replace("{field}", &target.field.label)
        .replace("{value}", &value)
        .replace("{missing}", &missing)
}

/// Whether a condition on another field's answer holds.
pub fn condition_holds(set: &QuestionSet, condition: &Condition, record: &Record) -> bool {
    let Some(field) = set.field(&condition.field) else {
        return false;
    };
    record
        .answer(field)
        .and_then(|a| crate::questionnaire::understood(field, &a))
        .is_some_and(|value| condition.equals.contains(&value))
}

/// Whether a field applies to this record (its `unless` does not hold).
pub fn applies(set: &QuestionSet, field: &Field, record: &Record) -> bool {
    field
        .unless
        .as_ref()
        .is_none_or(|c| !condition_holds(set, c, record))
}

fn rule_applies(set: &QuestionSet, rule: &Rule, record: &Record, reader: &Reader) -> bool {
    if let Some(when) = &rule.when
        && !condition_holds(set, when, record)
    {
        return false;
    }
    if let Some(unless) = &rule.unless
        && condition_holds(set, unless, record)
    {
        return false;
    }
    !rule.unless_answered.iter().any(|id| {
        set.field(id)
            .is_some_and(|f| reader.is_answered(answer_of(record, f).as_deref()))
    })
}

fn rule_gap(rule: &Rule, target: &Target, finding: &Finding) -> Gap {
    Gap {
        kind: GapKind::Rule,
        field: target.field.id.clone(),
        row: target.row_index,
        column: target.column.map(|c| c.id.clone()).or_else(|| {
            // A whole-table rule still names the column it is about.
            (target.row_index.is_none())
                .then(|| rule.column.clone())
                .flatten()
        }),
        severity: rule.severity,
        rule: Some(rule.id.clone()),
        problem: fill(&rule.message, target, finding),
        fix: fill(&rule.fix, target, finding),
    }
}

/// The gaps one rule finds in a record, skipping any answer that already
/// has a gap of its own (`taken`); `reader` reads the set's phrase lists.
pub fn check_rule(
    set: &QuestionSet,
    section: &Section,
    rule: &Rule,
    record: &Record,
    taken: &[Gap],
    reader: &Reader,
) -> Vec<Gap> {
    if !rule_applies(set, rule, record, reader) {
        return Vec::new();
    }
    // A gap on the whole field (blank, unknown, invalid) covers every cell;
    // otherwise only a gap on the same row and column does.
    let already = |field: &str, row: Option<usize>, column: Option<&str>| {
        taken.iter().any(|g| {
            g.field == field
                && ((g.row.is_none() && g.column.is_none())
                    || (g.row == row && g.column.as_deref() == column))
        })
    };
    let fields: Vec<&Field> = if rule.field.is_empty() {
        section.fields.iter().collect()
    } else {
        set.field(&rule.field).into_iter().collect()
    };
    let mut gaps = Vec::new();
    for field in fields {
        if !applies(set, field, record) {
            continue;
        }
        if rule.field.is_empty() && !(text_like(field) || field.kind.is_table()) {
            continue;
        }
        let answer = answer_of(record, field);
        let answer = answer.as_deref();
        let whole = |answer| Target {
            field,
            column: None,
            row_index: None,
            row: None,
            answer,
        };
        match rule.check {
            RuleCheck::SomeRow => {
                if already(&field.id, None, None) {
                    continue;
                }
                let column = rule.column.as_deref().unwrap_or_default();
                let found = answer
                    .map(Answer::rows)
                    .unwrap_or_default()
                    .iter()
                    .any(|row| reader.is_answered(row.get(column)));
                if !found {
                    gaps.push(rule_gap(rule, &whole(None), &Finding::Value(String::new())));
                }
            }
            RuleCheck::AnyAnswered => {
                let others = rule.or.iter().filter_map(|id| set.field(id));
                let any = reader.is_answered(answer)
                    || others
                        .into_iter()
                        .any(|f| reader.is_answered(answer_of(record, f).as_deref()));
                if !any && !already(&field.id, None, None) {
                    gaps.push(rule_gap(rule, &whole(None), &Finding::Value(String::new())));
                }
            }
            RuleCheck::RowComplete => {
                for (index, row) in table_rows(field, answer) {
                    if already(&field.id, Some(index), None) {
                        continue;
                    }
                    let target = Target {
                        field,
                        column: None,
                        row_index: Some(index),
                        row: Some(row),
                        answer: None,
                    };
                    if let Some(finding) = judge(reader, rule, &target, Some(row)) {
                        gaps.push(rule_gap(rule, &target, &finding));
                    }
                }
            }
            _ => {
                for target in targets(rule, field, answer) {
                    let column = target.column.map(|c| c.id.as_str());
                    if already(&field.id, target.row_index, column)
                        || gaps.iter().any(|g: &Gap| {
                            g.row == target.row_index
                                && g.column.as_deref() == column
                                && g.field == field.id
                        })
                    {
                        continue;
                    }
                    if let Some(finding) = judge(reader, rule, &target, target.row) {
                        gaps.push(rule_gap(rule, &target, &finding));
                    }
                }
            }
        }
    }
    gaps
}
