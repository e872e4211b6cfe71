//! questionnaires/README.md documents the set format: its example set must
//! load, its `--answers` example must apply to it, and every key and kind
//! the code accepts must be documented.

use std::fs;
use std::path::PathBuf;

use serde::de::DeserializeOwned;
use serde_json::Value;

use preflight::answers_input::apply_answers;
use preflight::check::check;
use preflight::questionnaire::{
    ChoiceOption, ColumnRef, Condition, Field, FieldKind, GridRow, MeetingSpec, QuestionSet,
    RowCondition, Rule, RuleCheck, Section, SetSource, parse_set,
};
use preflight::record::{Record, RecordId};

use crate::common::repo_root;

fn readme_path() -> PathBuf {
    repo_root().join("questionnaires/README.md")
}

fn readme() -> String {
    fs::read_to_string(readme_path()).expect("questionnaires/README.md")
}

/// The contents of every fenced block with the given info string.
fn fenced_blocks(markdown: &str, info: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in markdown.lines() {
        match &mut current {
            None if line.trim() == format!("```{info}") => current = Some(String::new()),
            Some(_) if line.trim() == "```" => blocks.push(current.take().unwrap()),
            Some(block) => {
                block.push_str(line);
                block.push('\n');
            }
            None => {}
        }
    }
    assert!(current.is_none(), "an unclosed ```{info} block");
    blocks
}

fn example_set() -> QuestionSet {
    let blocks = fenced_blocks(&readme(), "json");
    let first = blocks
        .first()
        .expect("a ```json block with the example set");
    parse_set(first, SetSource::File(readme_path())).unwrap_or_else(|errors| {
        panic!(
            "the README's example set is invalid:\n{}",
            errors
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        )
    })
}

#[test]
fn the_example_set_parses_validates_and_uses_every_kind() {
    let set = example_set();
    let mut kinds: Vec<FieldKind> = Vec::new();
    for (_, field) in set.fields() {
        kinds.push(field.kind);
        kinds.extend(field.columns.iter().map(|c| c.kind));
    }
    for kind in FieldKind::ALL {
        assert!(
            kinds.contains(&kind),
            "the example set has no {} field",
            kind.name()
        );
    }
    let rules: Vec<_> = set.sections.iter().flat_map(|s| &s.rules).collect();
    assert!(rules.iter().any(|r| r.when.is_some()));
    assert!(rules.iter().any(|r| r.unless.is_some()));
}

#[test]
fn the_answers_example_applies_to_the_example_set_and_is_ready() {
    let set = example_set();
    let blocks = fenced_blocks(&readme(), "json");
    let answers: Value = serde_json::from_str(blocks.get(1).expect("a second ```json block"))
        .expect("the --answers example is JSON");
    let mut record = Record::new(
        RecordId::parse("r3adme0000000000").unwrap(),
        "",
        &set,
        "2026-11-20T10:00:00Z".parse().unwrap(),
    );
    apply_answers(&set, &mut record, &answers)
        .unwrap_or_else(|errors| panic!("the --answers example is refused: {errors:#?}"));
    assert_eq!(record.title, "Turn on saved carts for everyone");
    assert_eq!(record.tags, ["carts", "redis"]);
    let verdict = check(&set, &record);
    let gaps: Vec<&str> = verdict
        .sections
        .iter()
        .flat_map(|s| s.gaps.iter().map(|g| g.problem.as_str()))
        .collect();
    assert!(verdict.ready(), "the example answers have gaps: {gaps:#?}");
    assert_eq!(
        fenced_blocks(&readme(), "json").len(),
        2,
        "the tests read the first two json blocks; add others as ```text"
    );
}

/// Every rule check has an example in the README (a ```json rule block),
/// and each example is a valid rule of the README's example set.
#[test]
fn every_rule_check_has_an_example_that_the_example_set_accepts() {
    let examples = fenced_blocks(&readme(), "json rule");
    let mut shown: Vec<RuleCheck> = Vec::new();
    for example in &examples {
        let rule: Rule = serde_json::from_str(example)
            .unwrap_or_else(|e| panic!("a rule example does not parse ({e}):\n{example}"));
        shown.push(rule.check);
        let mut set = example_set();
        set.sections[0].rules.push(rule);
        let problems = preflight::questionnaire::validate(&set);
        assert!(problems.is_empty(), "{example}: {problems:#?}");
        // The rule runs on the README's own answers without panicking,
        // and on a record with nothing answered.
        let record = Record::new(
            RecordId::parse("r3adme0000000001").unwrap(),
            "x",
            &set,
            "2026-11-20T10:00:00Z".parse().unwrap(),
        );
        check(&set, &record);
    }
    for check in RuleCheck::ALL {
        assert!(
            shown.contains(&check),
            "no ```json rule example for {}",
            check.name()
        );
    }
}

/// The field names a type accepts, read from serde's own error for an
/// unknown key, so that a key added to the model without docs fails here.
fn accepted_keys<T: DeserializeOwned>() -> Vec<String> {
    let err = match serde_json::from_str::<T>(r#"{"no_such_key_for_the_test": 1}"#) {
        Ok(_) => panic!("an unknown key was accepted"),
        Err(err) => err.to_string(),
    };
    let (_, expected) = err
        .split_once("expected one of ")
        .or_else(|| err.split_once("expected "))
        .unwrap_or_else(|| panic!("unexpected error text: {err}"));
    expected
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

#[test]
fn every_key_and_kind_the_code_accepts_is_documented() {
    let text = readme();
    let groups = [
        ("set", accepted_keys::<QuestionSet>()),
        ("section", accepted_keys::<Section>()),
        ("field", accepted_keys::<Field>()),
        ("option", accepted_keys::<ChoiceOption>()),
        ("grid row", accepted_keys::<GridRow>()),
        ("rule", accepted_keys::<Rule>()),
        ("row condition", accepted_keys::<RowCondition>()),
        ("condition", accepted_keys::<Condition>()),
        ("meeting", accepted_keys::<MeetingSpec>()),
        ("meeting column", accepted_keys::<ColumnRef>()),
    ];
    for (what, keys) in groups {
        assert!(!keys.is_empty(), "{what}: no keys found");
        for key in keys {
            assert!(
                text.contains(&format!("`{key}`")) || text.contains(&format!("\"{key}\"")),
                "the {what} key {key:?} is not documented in questionnaires/README.md"
            );
        }
    }
    for kind in FieldKind::ALL {
        assert!(
            text.contains(&format!("| `{}` |", kind.name())),
            "kind {} has no row in the kinds table",
            kind.name()
        );
    }
    for check in RuleCheck::ALL {
        assert!(
            text.contains(&format!("`\"check\": \"{}\"`", check.name())),
            "the rule check {} is not documented",
            check.name()
        );
    }
    for binding in ["title", "author", "tags"] {
        assert!(text.contains(&format!("| `{binding}` |")), "bind {binding}");
    }
}
