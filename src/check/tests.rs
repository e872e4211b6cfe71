//! The readiness check against the built-in set: each kind of gap, the rules
//! and their conditions, and the answers a hand-edited file may hold.

use std::path::Path;

use super::*;
use crate::questionnaire::{SetSource, parse_set};
use crate::record::{Answer, Row};
use crate::store::parse_record;
use crate::testing::production;

/// The committed sample: a complete, ready record.
fn sample() -> Record {
    parse_record(
        include_str!("../../assets/sample-record.json"),
        Path::new("assets/sample-record.json"),
    )
    .expect("the sample record loads")
}

fn text(value: &str) -> Answer {
    Answer::Text(value.to_string())
}

fn all_gaps(verdict: &Verdict) -> Vec<&Gap> {
    verdict.sections.iter().flat_map(|s| &s.gaps).collect()
}

/// Checks `record` and returns its only gap, failing if there is not
/// exactly one.
fn only_gap(set: &QuestionSet, record: &Record) -> Gap {
    let verdict = check(set, record);
    let gaps = all_gaps(&verdict);
    assert_eq!(gaps.len(), 1, "expected one gap, got {gaps:#?}");
    gaps[0].clone()
}

#[test]
fn the_sample_is_ready_with_one_verdict_per_section_in_order() {
    let set = production();
    let verdict = check(&set, &sample());
    assert!(verdict.ready(), "{:#?}", all_gaps(&verdict));
    assert_eq!(verdict.gap_count(), 0);
    let ids: Vec<&str> = verdict
        .sections
        .iter()
        .map(|s| s.section.as_str())
        .collect();
    let expected: Vec<&str> = set.sections.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, expected);
    assert!(verdict.section("owner").is_some_and(|s| s.ready));
    assert!(verdict.section("nope").is_none());
}

#[test]
fn a_blank_required_field_is_missing_with_the_sets_fix() {
    let set = production();
    let mut record = sample();
    record.answers.remove("owner_backup");
    let gap = only_gap(&set, &record);
    assert_eq!(gap.kind, GapKind::Missing);
    assert_eq!(gap.field, "owner_backup");
    assert_eq!(
        Some(gap.fix.as_str()),
        set.field("owner_backup").unwrap().fix.as_deref()
    );
    let verdict = check(&set, &record);
    assert!(!verdict.section("owner").unwrap().ready);
    assert!(verdict.section("failure").unwrap().ready);
}

#[test]
fn a_required_unknown_is_a_gap_that_keeps_its_note() {
    let set = production();
    let mut record = sample();
    record.answers.insert(
        "mechanism".into(),
        Answer::Unknown {
            note: Some("depends on the flag service".into()),
        },
    );
    let gap = only_gap(&set, &record);
    assert_eq!(gap.kind, GapKind::Unknown);
    assert!(
        gap.problem.contains("(depends on the flag service)"),
        "{}",
        gap.problem
    );
    assert!(gap.fix.starts_with("Find out"), "{}", gap.fix);
}

#[test]
fn an_optional_unknown_is_not_a_gap() {
    let set = production();
    let mut record = sample();
    record.answers.insert("premortem".into(), Answer::unknown());
    record
        .answers
        .insert("complexity_why".into(), Answer::unknown());
    assert!(check(&set, &record).ready());
}

#[test]
fn empty_values_in_a_hand_edited_file_count_as_blank() {
    let set = production();

    let mut record = sample();
    record.answers.insert("mechanism".into(), text("   "));
    let gap = only_gap(&set, &record);
    assert_eq!(
        (gap.kind, gap.field.as_str()),
        (GapKind::Missing, "mechanism")
    );

    // `[]` reads back as an empty word list; for a list field it is blank,
    // not an answer of the wrong shape.
    let mut record = sample();
    record
        .answers
        .insert("failure_modes".into(), Answer::Words(Vec::new()));
    let gap = only_gap(&set, &record);
    assert_eq!(
        (gap.kind, gap.field.as_str()),
        (GapKind::Missing, "failure_modes")
    );

    // An empty cell is a blank cell.
    let mut record = sample();
    let Some(Answer::Rows(rows)) = record.answers.get_mut("cost_grid") else {
        panic!("the sample has a cost grid");
    };
    rows[0].insert("at_10x".into(), text(""));
    let gap = only_gap(&set, &record);
    assert_eq!(gap.kind, GapKind::Missing);
    assert_eq!(gap.column.as_deref(), Some("at_10x"));
}

#[test]
fn an_answer_that_does_not_fit_its_kind_is_invalid_and_not_reported_twice() {
    let set = production();
    let mut record = sample();
    record
        .answers
        .insert("last_tested".into(), text("last spring"));
    let gap = only_gap(&set, &record);
    assert_eq!(gap.kind, GapKind::Invalid);
    assert_eq!(gap.field, "last_tested");
    assert!(gap.problem.contains("YYYY-MM-DD"), "{}", gap.problem);
    // The rollback-tested rule on the same field stays quiet.
    assert_eq!(gap.rule, None);

    let mut record = sample();
    record.answers.insert("door".into(), text("revolving"));
    let gap = only_gap(&set, &record);
    assert_eq!((gap.kind, gap.field.as_str()), (GapKind::Invalid, "door"));
}

#[test]
fn team_words_and_placeholders_are_not_owners() {
    let set = production();
    for word in [
        "the team",
        "Team",
        "TBD",
        "tbd (maybe Sam)",
        "TODO: ask around",
        "we",
        "We.",
        "our team",
        "Platform team",
        "the SRE squad",
        "ops",
        "Someone",
        "N/A",
        "?",
    ] {
        let mut record = sample();
        record.answers.insert("owner_primary".into(), text(word));
        let gap = only_gap(&set, &record);
        assert_eq!(gap.kind, GapKind::Invalid, "{word:?}");
        assert_eq!(gap.field, "owner_primary", "{word:?}");
        assert!(gap.problem.contains("not a person or rotation"), "{word:?}");
    }
}

#[test]
fn people_and_rotations_are_owners_even_when_they_look_like_team_words() {
    let set = production();
    for name in [
        "Priya Shah",
        "payments-oncall rotation",
        "Todor Petrov",
        "Tbilisi on-call",
        "Wei Zhang",
        "Usman Ali",
        "Allison Becker",
        "Teamster Jones",
    ] {
        let mut record = sample();
        record.answers.insert("owner_primary".into(), text(name));
        let verdict = check(&set, &record);
        assert!(verdict.ready(), "{name:?}: {:#?}", all_gaps(&verdict));
    }
}

#[test]
fn a_people_list_with_a_team_word_is_invalid() {
    let set = production();
    let mut record = sample();
    record.answers.insert(
        "decision_makers".into(),
        Answer::Words(vec!["Priya Shah".into(), "the team".into()]),
    );
    let gap = only_gap(&set, &record);
    assert_eq!(
        (gap.kind, gap.field.as_str()),
        (GapKind::Invalid, "decision_makers")
    );
    assert!(gap.problem.contains("\"the team\""), "{}", gap.problem);
}

#[test]
fn required_cells_are_checked_per_row_with_row_and_column() {
    let set = production();
    let mut record = sample();
    let Some(Answer::Rows(rows)) = record.answers.get_mut("failure_modes") else {
        panic!("the sample has failure modes");
    };
    rows[1].remove("component");
    let gap = only_gap(&set, &record);
    assert_eq!(gap.kind, GapKind::Missing);
    assert_eq!(gap.field, "failure_modes");
    assert_eq!(gap.row, Some(1));
    assert_eq!(gap.column.as_deref(), Some("component"));
    assert!(gap.problem.contains("row 2"), "{}", gap.problem);
}

#[test]
fn a_blank_grid_is_one_gap_and_a_partial_grid_names_each_cell() {
    let set = production();
    let grid = set.field("cost_grid").unwrap();

    let mut record = sample();
    record.answers.remove("cost_grid");
    let gap = only_gap(&set, &record);
    assert_eq!((gap.kind, gap.row), (GapKind::Missing, None));
    assert!(
        gap.problem
            .contains(&format!("each of its {} rows", grid.rows.len())),
        "{}",
        gap.problem
    );

    // Only the compute row answered: every required cell of the other rows.
    let mut record = sample();
    let Some(Answer::Rows(rows)) = record.answers.get_mut("cost_grid") else {
        panic!("the sample has a cost grid");
    };
    rows.retain(|row| row.get("row") == Some(&text("compute")));
    let verdict = check(&set, &record);
    let gaps = all_gaps(&verdict);
    let required = grid.columns.iter().filter(|c| c.required).count();
    assert_eq!(gaps.len(), (grid.rows.len() - 1) * required, "{gaps:#?}");
    assert!(gaps.iter().all(|g| g.row.is_some_and(|r| r > 0)));
}

#[test]
fn min_rows_counts_rows() {
    let set: QuestionSet = parse_set(
        r#"{
            "format": 1, "id": "t", "name": "T", "version": "1",
            "sections": [{"id": "s", "title": "S", "fields": [
                {"id": "title", "label": "Title", "kind": "text", "bind": "title"},
                {"id": "risks", "label": "Risks", "kind": "list", "min_rows": 2,
                 "columns": [{"id": "what", "label": "What", "kind": "text"}]}
            ]}]
        }"#,
        SetSource::BuiltIn,
    )
    .unwrap();
    let mut record = Record::new(
        crate::record::RecordId::parse("m1nr0ws000000000").unwrap(),
        "Rows",
        &set,
        "2026-11-20T10:00:00Z".parse().unwrap(),
    );
    let row = |what: &str| -> Row { [("what".to_string(), text(what))].into_iter().collect() };
    record
        .answers
        .insert("risks".into(), Answer::Rows(vec![row("one")]));
    let gap = only_gap(&set, &record);
    assert_eq!(gap.kind, GapKind::Missing);
    assert!(
        gap.problem.contains("at least 2 rows; it has 1"),
        "{}",
        gap.problem
    );

    record
        .answers
        .insert("risks".into(), Answer::Rows(vec![row("one"), row("two")]));
    assert!(check(&set, &record).ready());
}

#[test]
fn when_and_unless_conditions_decide_whether_a_rule_applies() {
    let set = production();

    // Nobody else could debug it and nothing says what is missing.
    let mut record = sample();
    record.answers.remove("debug_gaps");
    let gap = only_gap(&set, &record);
    assert_eq!(gap.rule.as_deref(), Some("owner-debug-gaps"));
    assert_eq!(gap.kind, GapKind::Rule);

    // "Could someone debug it?" unknown: the condition does not hold, the
    // unknown required answer is the gap.
    record
        .answers
        .insert("debuggable_by_others".into(), Answer::unknown());
    let gap = only_gap(&set, &record);
    assert_eq!(
        (gap.kind, gap.field.as_str()),
        (GapKind::Unknown, "debuggable_by_others")
    );

    // Someone else could: no rule.
    record
        .answers
        .insert("debuggable_by_others".into(), Answer::Flag(true));
    assert!(check(&set, &record).ready());

    // A one-way door needs a reason but no rollback test.
    let mut record = sample();
    record.answers.insert("door".into(), text("one-way"));
    record.answers.remove("last_tested");
    let gap = only_gap(&set, &record);
    assert_eq!(gap.rule.as_deref(), Some("one-way-reason"));
    record
        .answers
        .insert("one_way_reason".into(), text("The old tables are dropped."));
    assert!(check(&set, &record).ready());

    // A two-way door needs the test.
    record.answers.insert("door".into(), text("two-way"));
    let gap = only_gap(&set, &record);
    assert_eq!(gap.rule.as_deref(), Some("rollback-tested"));
}

#[test]
fn some_row_needs_a_real_answer_in_the_column() {
    let set = production();
    let mut record = sample();
    let Some(Answer::Rows(rows)) = record.answers.get_mut("failure_modes") else {
        panic!("the sample has failure modes");
    };
    for row in rows.iter_mut() {
        row.insert("detection".into(), Answer::unknown());
    }
    let gap = only_gap(&set, &record);
    assert_eq!(gap.rule.as_deref(), Some("failure-detection"));
    assert_eq!(gap.column.as_deref(), Some("detection"));

    let Some(Answer::Rows(rows)) = record.answers.get_mut("failure_modes") else {
        unreachable!()
    };
    rows[2].insert("detection".into(), text("synthetic login check"));
    assert!(check(&set, &record).ready());
}

#[test]
fn gaps_serialise_with_only_the_keys_that_apply() {
    let set = production();
    let mut record = sample();
    record.answers.remove("owner_backup");
    let gap = only_gap(&set, &record);
    let json = serde_json::to_value(&gap).unwrap();
    let keys: Vec<&str> = json
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, ["field", "fix", "kind", "problem", "severity"]);
    assert_eq!(json["severity"], "blocker");
    assert_eq!(json["kind"], "missing");
}

#[test]
fn a_rule_the_set_marks_as_a_warning_is_reported_but_does_not_block() {
    let mut set = production();
    for section in &mut set.sections {
        for rule in &mut section.rules {
            if rule.id == "owner-runbook" {
                rule.severity = Severity::Warning;
            }
        }
    }
    let mut record = sample();
    record.answers.remove("runbook");
    let gap = only_gap(&set, &record);
    assert_eq!(gap.rule.as_deref(), Some("owner-runbook"));
    assert_eq!(gap.severity, Severity::Warning);
    let verdict = check(&set, &record);
    assert!(verdict.ready(), "an advisory gap leaves the record ready");
    let counts = Readiness::of(&verdict);
    assert_eq!((counts.blockers, counts.warnings), (0, 1));
    // The built-in set keeps it a blocker.
    assert!(!check(&production(), &record).ready());
}

#[test]
fn a_failure_mode_captured_in_a_meeting_is_told_which_columns_it_needs() {
    let set = production();
    let mut record = sample();
    let Some(Answer::Rows(rows)) = record.answers.get_mut("failure_modes") else {
        panic!("the sample has failure modes");
    };
    let mut captured = Row::new();
    captured.insert("component".into(), text("Cookie domain change"));
    rows.push(captured);
    let gap = only_gap(&set, &record);
    assert_eq!(gap.rule.as_deref(), Some("failure-mode-complete"));
    assert_eq!(gap.row, Some(3));
    assert!(
        gap.problem.contains("\"Cookie domain change\""),
        "{}",
        gap.problem
    );
    assert!(gap.fix.contains("What users see, Severity"), "{}", gap.fix);
}

#[test]
fn a_one_way_door_is_not_asked_for_a_rollback_mechanism() {
    let set = production();
    let mut record = sample();
    record.answers.insert("door".into(), text("one-way"));
    record.answers.insert(
        "one_way_reason".into(),
        text("The old format cannot be written again once readers move on."),
    );
    for id in ["mechanism", "trigger", "decider", "duration", "last_tested"] {
        record.answers.remove(id);
    }
    let verdict = check(&set, &record);
    assert!(verdict.ready(), "{:#?}", all_gaps(&verdict));
    // A two-way door still needs them.
    record.answers.insert("door".into(), text("two-way"));
    assert!(!check(&set, &record).ready());
}

#[test]
fn specific_answers_with_scary_words_pass_and_vague_ones_are_flagged_with_the_row() {
    let set = production();
    let mut record = sample();
    record.answers.insert(
        "mechanism".into(),
        text("revert via the feature flag `x_enabled`, 2 minutes, tested 2026-10-01"),
    );
    let Some(Answer::Rows(rows)) = record.answers.get_mut("failure_modes") else {
        panic!("the sample has failure modes");
    };
    rows[0].insert(
        "detection".into(),
        text("alert fires when users see 5xx above 1%"),
    );
    rows[1].insert("detection".into(), text("Unknown-kid alert"));
    assert!(
        check(&set, &record).ready(),
        "{:#?}",
        all_gaps(&check(&set, &record))
    );

    let Some(Answer::Rows(rows)) = record.answers.get_mut("failure_modes") else {
        unreachable!()
    };
    rows[1].insert("detection".into(), text("Customers would complain"));
    let gap = only_gap(&set, &record);
    assert_eq!(gap.rule.as_deref(), Some("failure-detection-signal"));
    assert_eq!(
        (gap.row, gap.column.as_deref()),
        (Some(1), Some("detection"))
    );
    assert!(gap.problem.contains("\"Redis memory\""), "{}", gap.problem);
    assert!(gap.fix.contains("\"Redis memory\""), "{}", gap.fix);
}

/// The cheap look before the Markdown parser never clears an answer that
/// nests too deeply: text it lets through has at most MAX_NESTING marks,
/// and the parser agrees it is not too deep.
#[test]
fn the_mark_count_never_clears_deep_nesting() {
    use crate::export::depth::{MAX_NESTING, too_deep};
    let deep = MAX_NESTING + 1;
    let cases = [
        "> ".repeat(deep) + "quoted",
        "- ".repeat(deep) + "listed",
        "1. ".repeat(deep) + "numbered",
        "2) ".repeat(deep) + "numbered",
        "* ".repeat(deep) + "starred",
        "+ ".repeat(deep) + "plussed",
        (0..deep)
            .map(|level| format!("{}- item\n", "  ".repeat(level)))
            .collect::<String>(),
        ">- ".repeat(deep / 2 + 1),
        "> ".repeat(MAX_NESTING) + "just deep enough",
        "- ".repeat(MAX_NESTING) + "just deep enough",
        "plain text, with a hyphen-ated word and 3.5 figures.".into(),
        String::new(),
    ];
    for text in &cases {
        if too_deep(text) {
            assert!(may_nest_too_deeply(text), "{text:?} nests too deeply");
        }
        if !may_nest_too_deeply(text) {
            assert!(!too_deep(text), "{text:?} was cleared");
        }
    }
    assert!(too_deep(&cases[0]) && too_deep(&cases[1]) && too_deep(&cases[2]));
    assert!(!may_nest_too_deeply(&cases[8]) && !too_deep(&cases[8]));
    assert!(!may_nest_too_deeply(&cases[10]));
}

/// A text asked about many times is judged as when asked once, and texts
/// of the same length are told apart.
#[test]
fn the_reader_remembers_each_text_apart() {
    let set = production();
    let reader = content::Reader::new(content::phrases(&set));
    for _ in 0..3 {
        assert!(reader_is_placeholder(&reader, "TBD"));
        assert!(!reader_is_placeholder(&reader, "ABC"));
        assert!(reader_is_placeholder(&reader, "???"));
        assert!(!reader_is_placeholder(&reader, "Roll back the deploy"));
    }
}

fn reader_is_placeholder(reader: &content::Reader, text: &str) -> bool {
    let answer = Answer::Text(text.into());
    let direct = !is_answered(content::phrases(&production()), Some(&answer));
    assert_eq!(reader.is_answered(Some(&answer)), !direct, "{text}");
    direct
}
