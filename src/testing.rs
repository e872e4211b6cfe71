//! Helpers for the library's unit tests (compiled only for `cargo test`),
//! so each test module does not grow its own copy. The integration tests
//! in `tests/` cannot see this module; their helpers live in
//! `tests/common`. What both kinds of test need has its one home there and
//! is compiled in here by path: [`tools`] (skip or fail for a missing tool,
//! the markdownlint run) and [`outline`] (exported Markdown as a parser
//! sees it).

// The integration tests use parts the unit tests do not.
#[allow(dead_code)]
#[path = "../tests/common/tools.rs"]
pub mod tools;

#[allow(dead_code)]
#[path = "../tests/common/outline.rs"]
pub mod outline;

use jiff::Timestamp;

use crate::export::html;
use crate::questionnaire::{DEFAULT_SET_ID, QuestionSet, SetCatalog};

/// The built-in production set, as a new record uses it.
pub fn production() -> QuestionSet {
    SetCatalog::built_in()
        .get(DEFAULT_SET_ID)
        .cloned()
        .expect("the built-in production set loads")
}

/// A timestamp written as text (`2026-11-20T10:00:00Z`).
pub fn at(text: &str) -> Timestamp {
    text.parse().expect("a timestamp")
}
