//! The Markdown export of deep and wide answers: a Markdown answer built
//! from container markers (`>`, list markers, indentation) repeated up to
//! 32,000 deep, on one line or one level per line (up to 400), beside many siblings,
//! around arbitrary text. Nothing may panic, the Markdown may hold no raw
//! HTML, and the Markdown and HTML must grow linearly with the answer: an
//! output quadratic in the depth (the bug `export::depth` fixed) fails.

#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use preflight::export::{self, Context};
use preflight::record::{Answer, Record, RecordId};

#[path = "common.rs"]
mod common;

const MARKERS: [&str; 10] = [">", "> ", "- ", "* ", "+ ", "1. ", "1) ", "> - ", "- > ", "  "];

#[derive(Debug, Arbitrary)]
struct Shape {
    /// Which marker opens each level.
    marker: u8,
    /// How many levels (taken modulo 32,001).
    depth: u16,
    /// One level per line (an indented outline) instead of one line.
    per_line: bool,
    /// Sibling items after the deep part (taken modulo 2,001).
    siblings: u16,
    /// Text inside the deepest level and in each sibling.
    text: String,
}

fn answer(shape: &Shape) -> String {
    let marker = MARKERS[usize::from(shape.marker) % MARKERS.len()];
    let depth = usize::from(shape.depth) % 32_001;
    let text: String = shape.text.chars().take(200).collect();
    let mut out = if shape.per_line {
        (0..depth.min(400))
            .map(|n| format!("{}{marker}{text}\n", " ".repeat(n * 2)))
            .collect()
    } else {
        marker.repeat(depth) + &text + "\n"
    };
    for _ in 0..usize::from(shape.siblings) % 2_001 {
        out.push_str(marker);
        out.push_str(&text);
        out.push('\n');
    }
    out
}

fuzz_target!(|shape: Shape| {
    let set = common::production();
    let answer = answer(&shape);
    let Some(id) = RecordId::parse("f000000000000001") else {
        return;
    };
    let now = "2026-11-20T10:00:00Z".parse().expect("a timestamp");
    let mut record = Record::new(id, "Deep and wide", &set, now);
    for field in ["premortem", "summary"] {
        if let Some(field) = set.field(field) {
            record.set_answer(field, Some(Answer::Text(answer.clone())));
        }
    }
    let records = std::slice::from_ref(&record);
    let markdown = export::markdown(&set, &record, &Context::single(records), false);
    // Two copies of the answer, each line with at most MAX_NESTING prefixes.
    let lines = answer.lines().count() + 1;
    let bound = 2 * (answer.len() * 4 + lines * export::depth::MAX_NESTING * 8) + 100_000;
    assert!(
        markdown.len() <= bound,
        "{} bytes of Markdown for a {}-byte answer",
        markdown.len(),
        answer.len()
    );
    if let Some(html) = common::raw_html(&markdown) {
        panic!("raw HTML {html:?} in the Markdown export");
    }
    let page = export::html(&set, &record, &Context::single(records), false);
    assert!(page.len() <= bound * 2, "{} bytes of HTML", page.len());
});
