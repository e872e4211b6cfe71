//! What every target does with a record that loaded: export it every way
//! preflight can, check it, and hold the invariants a crash would break.

#![allow(dead_code)] // not every target uses every helper

use std::path::Path;

use preflight::check::check;
use preflight::export::{self, Context, IndexEntry, Layout, document, text};
use preflight::questionnaire::{QuestionSet, SetCatalog};
use preflight::record::Record;
use preflight::store::{parse_record, record_to_json};
use pulldown_cmark::{Event, Parser};

/// The built-in production set, parsed once per process (parsing it for
/// every input would take most of each run).
pub fn production() -> QuestionSet {
    static SET: std::sync::OnceLock<QuestionSet> = std::sync::OnceLock::new();
    SET.get_or_init(|| {
        SetCatalog::built_in()
            .get("production")
            .expect("the built-in set loads")
            .clone()
    })
    .clone()
}

/// Every export of `record`, the check, the index and the file stems.
/// Panics (a finding) if the default Markdown holds raw HTML from user
/// text: that is the one place escaping lives.
pub fn exercise(set: &QuestionSet, record: &Record) {
    let records = std::slice::from_ref(record);
    let verdict = check(set, record);
    let markdown = export::to_markdown(set, record);
    if let Some(html) = raw_html(&markdown) {
        panic!("raw HTML {html:?} in the Markdown export:\n{markdown}");
    }
    for layout in [Layout::Default, Layout::Adr] {
        let ctx = Context {
            records,
            folder: Some(layout),
        };
        let _ = export::markdown(set, record, &ctx, true);
        let _ = export::html(set, record, &ctx, true);
        let _ = export::file_stem(layout, record);
        let entries = [IndexEntry {
            record,
            verdict: Some(verdict.clone()),
        }];
        let _ = export::index_markdown(&entries, &ctx, layout);
        let _ = export::index_html(&entries, &ctx, layout);
    }
    let _ = export::html(set, record, &Context::single(records), false);
    let _ = text::render(&document::build_with(set, record, records));
}

/// The first raw HTML event in a piece of Markdown, if any.
pub fn raw_html(markdown: &str) -> Option<String> {
    Parser::new_ext(markdown, export::html::options()).find_map(|event| match event {
        Event::Html(html) | Event::InlineHtml(html) => Some(html.to_string()),
        _ => None,
    })
}

/// A record saved and loaded again is the same record.
pub fn round_trip(record: &Record) {
    let bytes = record_to_json(record);
    let text = String::from_utf8(bytes).expect("a saved record is UTF-8");
    match parse_record(&text, Path::new("saved.json")) {
        Ok(again) => assert_eq!(&again, record, "a saved record loads as itself:\n{text}"),
        Err(err) => panic!("a saved record does not load: {err}\n{text}"),
    }
}
