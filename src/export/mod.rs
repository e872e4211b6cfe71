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

/// A file-name stem from a title: lowercase ASCII letters and digits joined
/// by single dashes, at most 60 characters; `record` when nothing is left
/// (a title of only emoji or CJK, say).
pub fn slug_for(title: &str) -> String {
    let mut slug = String::new();
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
        if slug.len() >= 60 {
            break;
        }
    }
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() {
        "record".to_string()
    } else {
        slug.to_string()
    }
}
