//! Deep and wide Markdown answers cost time and output in proportion to
//! their length: the shapes from the hostile-store report (16,000 `>`,
//! 32,000 `- `) as named tests, and a property over container markers
//! nested up to 32,000 deep, on one line or one level per line. Before the
//! depth cap (`export::depth`), 16,000 `>` made 384 MB of Markdown.

use proptest::prelude::*;
use proptest::test_runner::Config;

use super::{answered, production};
use crate::check::{GapKind, check};
use crate::export::depth::{MAX_NESTING, too_deep};
use crate::export::{ExportContext, html, markdown, text};
use crate::record::{Answer, Record};

/// A generous linear bound: every line may carry up to MAX_NESTING
/// prefixes of a few bytes, plus the rest of the document.
fn bound(answer: &str) -> usize {
    let lines = answer.lines().count().max(1);
    answer.len() * 4 + lines * MAX_NESTING * 8 + 200_000
}

fn with_premortem(answer: &str) -> Record {
    let set = production();
    let mut record = answered("d000000000000001", "Deep answer");
    let field = set.field("premortem").expect("premortem");
    record.set_answer(field, Some(Answer::Text(answer.to_string())));
    record
}

/// Exports `answer` every way and checks each output is linear in it, the
/// answer's text is all there, and the check reports a too-deep answer.
fn exports_linearly(answer: &str) -> Result<(), TestCaseError> {
    let set = production();
    let record = with_premortem(answer);
    let records = vec![record.clone()];
    let ctx = ExportContext::single(&records);
    let md = markdown(&set, &record, &ctx, false);
    prop_assert!(md.len() <= bound(answer), "{} bytes of Markdown", md.len());
    let page = html(&set, &record, &ctx, true);
    prop_assert!(
        page.len() <= bound(answer) * 2,
        "{} bytes of HTML",
        page.len()
    );
    let shown = text::render(&crate::export::document::build_with(
        &set, &record, &records,
    ));
    prop_assert!(
        shown.len() <= bound(answer),
        "{} bytes of text",
        shown.len()
    );
    let reported = check(&set, &record)
        .sections
        .iter()
        .flat_map(|s| &s.gaps)
        .any(|g| g.kind == GapKind::Nesting);
    prop_assert_eq!(reported, too_deep(answer));
    if too_deep(answer) {
        // Exported as text: every line of the answer is in the Markdown.
        for line in answer.lines().filter(|l| !l.trim().is_empty()).take(50) {
            prop_assert!(md.contains(line.trim_end()), "{:?} missing", line);
        }
    }
    Ok(())
}

#[test]
fn sixteen_thousand_quote_markers_export_in_linear_size() {
    exports_linearly(&">".repeat(16_000)).unwrap();
    exports_linearly(&("> ".repeat(16_000) + "deep")).unwrap();
}

#[test]
fn thirty_two_thousand_list_markers_export_in_linear_size() {
    exports_linearly(&("- ".repeat(32_000) + "deep")).unwrap();
}

#[test]
fn nesting_at_the_limit_is_still_markdown() {
    let answer = ">".repeat(MAX_NESTING) + " quoted";
    exports_linearly(&answer).unwrap();
    let record = with_premortem(&answer);
    let md = markdown(&production(), &record, &ExportContext::single(&[]), false);
    assert!(!md.contains("```text"), "{md}");
}

/// A shape: a container marker, how often, on one line or one per line.
fn shape() -> impl Strategy<Value = String> {
    let marker = prop::sample::select(vec![">", "> ", "- ", "* ", "+ ", "1. ", "> - ", "- > "]);
    (marker, 0usize..32_000, any::<bool>(), "[a-z ]{0,8}").prop_map(
        |(marker, count, per_line, tail)| {
            if per_line {
                // One more level per line, as an indented outline.
                let count = count.min(400);
                (0..count)
                    .map(|n| format!("{}{marker}{tail}\n", " ".repeat(n * 2)))
                    .collect()
            } else {
                marker.repeat(count) + &tail
            }
        },
    )
}

proptest! {
    #![proptest_config(Config {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(12),
        max_shrink_iters: 200,
        failure_persistence: None,
        ..Config::default()
    })]

    #[test]
    fn deep_and_wide_answers_export_in_linear_size(answer in shape()) {
        exports_linearly(&answer)?;
    }
}

/// Regression from the `export_deep` fuzz target (a "slow unit", 10–12 s
/// under the address sanitizer): an outline of 2,000 `* ` items, each
/// indented two spaces more than the last, is 4 MB of answer; its exports
/// stay linear in it (the time was the answer's size, not a blow-up).
#[test]
fn fuzz_slow_unit_an_outline_2000_levels_deep_exports_in_linear_size() {
    let outline: String = (0..2_000)
        .map(|n| format!("{}* x\n", " ".repeat(n * 2)))
        .collect();
    exports_linearly(&outline).unwrap();
}
