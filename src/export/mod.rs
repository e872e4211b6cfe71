//! Exports of a record: a laid-out document, then Markdown (the one
//! rendering of structure), HTML from that Markdown, and terminal text.

pub mod document;
pub mod escape;
pub mod html;
pub mod markdown;
pub mod text;

use crate::questionnaire::QuestionSet;
use crate::record::Record;

/// The record as Markdown.
pub fn to_markdown(set: &QuestionSet, record: &Record) -> String {
    markdown::render(&document::build(set, record))
}
