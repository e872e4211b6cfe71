//! The fast path for plain Markdown answers ([`crate::export::plain_answer`])
//! writes exactly what the full rewrite writes, and is taken for the
//! answers it is meant for: generated answers (the benchmark corpus's
//! shapes), hand-picked near misses, and random lines of Markdown-ish text.

use proptest::prelude::*;
use proptest::test_runner::Config;

use crate::export::answer::{rewrite, without_controls};
use crate::export::escape::HeadingRegistry;
use crate::export::plain_answer;
use crate::synth::{Rng, markdown};

/// Both paths on `source` with the same registry state (a heading claimed
/// before, so repeats are told apart the same way); `None` when the fast
/// path declines. The registries must end up the same too.
fn both(source: &str) -> Option<(String, String)> {
    let source = without_controls(source);
    let registry = || {
        let mut registry = HeadingRegistry::default();
        registry.claim("Notes", "");
        registry
    };
    let mut fast_headings = registry();
    let fast = plain_answer::write(&source, 3, &mut fast_headings, "Mechanism")?;
    let mut slow_headings = registry();
    let slow = rewrite(&source, 3, &mut slow_headings, "Mechanism");
    // The next claim shows what each registry holds.
    for probe in ["Notes", "Steps", "Rollback"] {
        assert_eq!(
            fast_headings.claim(probe, "Mechanism"),
            slow_headings.claim(probe, "Mechanism"),
            "{source:?}"
        );
    }
    Some((fast, slow))
}

#[test]
fn generated_answers_take_the_fast_path_and_match_the_rewrite() {
    let mut rng = Rng::new(16);
    let mut fast = 0;
    let total = 400;
    for n in 0..total {
        let answer = markdown(&mut rng, 80 + n * 15);
        if let Some((fast_out, slow_out)) = both(&answer) {
            assert_eq!(fast_out, slow_out, "{answer:?}");
            fast += 1;
        }
    }
    // Every generated shape is plain, two lists in a row (one loose list)
    // among them.
    assert_eq!(fast, total, "only {fast} of {total} took the fast path");
}

#[test]
fn plain_shapes_take_the_fast_path() {
    for answer in [
        "One line.",
        "Two lines\nof one paragraph.",
        "First paragraph.\n\nSecond one, with (brackets), 50% and a/b: yes!",
        "- One item.\n- Two items.",
        "- One list.\n\n- Then another.",
        "- Tight a.\n- Tight b.\n\n- Loose c.\n\n\n- Loose d.\n- Loose e.\n\nAfter the list.",
        "Lead.\n\n- A.\n\n### Between\n\n- B.\n- C.",
        "Lead in:\n\n- Item.\n\nAfter the list.",
        "# Top\n\nText.\n\n## Under\n\nMore text.",
        "### Notes\n\nA repeated heading gets the field's label.",
        "```sh\nkubectl rollout undo deploy/web\n```",
        "```\nno label\n```",
        "Café déjà vu, naïve Straße.",
        "\n\nLeading and trailing blank lines.\n\n\n",
        "Line one\r\nline two\rline three",
    ] {
        let (fast, slow) = both(answer).unwrap_or_else(|| panic!("not fast: {answer:?}"));
        assert_eq!(fast, slow, "{answer:?}");
    }
}

#[test]
fn anything_else_takes_the_rewrite() {
    for answer in [
        "Trailing spaces  \nmake a break.",
        "1. A numbered list.",
        "2024. A year that starts a line.",
        "- Item\ncontinued lazily.",
        "- One list.\n\n- Then another\ncontinued lazily.",
        "Paragraph\n- then a list.",
        "Setext heading\n===",
        "Text with *emphasis*.",
        "Under_score and back`tick`.",
        "A link: https://example.com here.",
        "See www.example.com here.",
        "Mail ops@example.com now.",
        "Tab\tinside.",
        "    Indented code.",
        " Leading space.",
        "<b>html</b>",
        "A &amp; entity.",
        "#NoSpace heading",
        "####### Seven hashes",
        "### Heading\nthen text at once.",
        "```sh\nunclosed",
        "```sh\n```",
        "```sh\n`tick` inside\n```",
        "```{weird}\nx\n```",
        "A placeholder \u{a66e}0\u{a66d} lookalike.",
        "> A quote.",
        "| a | b |",
        "Line\n   \nwith a blank of spaces.",
    ] {
        assert!(both(answer).is_none(), "took the fast path: {answer:?}");
    }
}

/// Lines made of words, the punctuation the fast path allows, and the odd
/// character it does not, in the shapes it knows and some it does not.
fn line() -> impl Strategy<Value = String> {
    let word = prop::sample::select(vec![
        "alpha",
        "Beta",
        "x",
        "2024",
        "1.",
        "p99",
        "a/b",
        "(c)",
        "d:",
        "e!",
        "f?",
        "g,",
        "h;",
        "\"q\"",
        "it's",
        "50%",
        "+1",
        "-",
        "=",
        "www.",
        "http://x.y",
        "*",
        "_",
        "`",
        "#",
        "<",
        "&",
        "|",
        "[a]",
        "é",
        "\u{a66e}",
    ]);
    let lead = prop::sample::select(vec![
        "", "", "", "- ", "# ", "### ", "1. ", "  ", "    ", "> ", "```", "```sh", "```",
    ]);
    (lead, prop::collection::vec(word, 0..6), any::<bool>()).prop_map(|(lead, words, space)| {
        let mut line = format!("{lead}{}", words.join(" "));
        if space {
            line.push(' ');
        }
        line
    })
}

proptest! {
    #![proptest_config(Config {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(256),
        failure_persistence: None,
        ..Config::default()
    })]

    #[test]
    fn whenever_the_fast_path_is_taken_it_matches_the_rewrite(
        lines in prop::collection::vec(prop_oneof![line(), Just(String::new())], 0..12)
    ) {
        let answer = lines.join("\n");
        if let Some((fast, slow)) = both(&answer) {
            prop_assert_eq!(fast, slow, "{:?}", answer);
        }
    }
}
