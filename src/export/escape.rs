//! Turning user text into Markdown that cannot break the document: plain
//! text is escaped, and headings are kept unique. Markdown answers are
//! rewritten in [`super::answer`].

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

pub use super::answer::markdown_block;

/// Escapes one line of plain text for any inline context (heading, list
/// item, table cell): Markdown metacharacters become character references
/// (see [`super::literal`]),
/// newlines and control characters become spaces, and `http(s)://` links
/// become `<…>` autolinks.
pub fn inline_text(text: &str) -> String {
    inline_at(text, true)
}

/// As [`inline_text`], for the text of a heading, where `1. x` or `- x`
/// after the `#`s starts no list and needs no guarding.
pub fn heading_inline(text: &str) -> String {
    inline_at(text, false)
}

fn inline_at(text: &str, guard_line_start: bool) -> String {
    let flat = flattened(text);
    let mut out = String::with_capacity(flat.len() + 8);
    for (index, word) in flat.trim().split(' ').enumerate() {
        if index > 0 {
            out.push(' ');
        }
        // Text may begin a line (a paragraph, a list item), where `- x` or
        // `1. x` would start a list.
        push_word(&mut out, word, guard_line_start && index == 0);
    }
    trimmed(out)
}

/// `text` with control characters (newlines among them) as spaces;
/// borrowed when it has none, as most text has not.
fn flattened(text: &str) -> Cow<'_, str> {
    if text.chars().any(char::is_control) {
        Cow::Owned(
            text.chars()
                .map(|c| if c.is_control() { ' ' } else { c })
                .collect(),
        )
    } else {
        Cow::Borrowed(text)
    }
}

/// `out` without surrounding whitespace, reusing it when it has none.
fn trimmed(out: String) -> String {
    if out.trim().len() == out.len() {
        out
    } else {
        out.trim().to_string()
    }
}

/// Escapes one line of plain text for the text of a link (`[…](…)`): as
/// [`inline_text`], but web links stay text, since a link inside a link's
/// text would end the outer link.
pub fn link_text(text: &str) -> String {
    let flat = flattened(text);
    // JavaScript tools (markdownlint among them) count a byte-order mark as
    // a space; at the ends of a link's text it would read as padding.
    let flat = flat.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    let mut out = String::with_capacity(flat.len() + 8);
    for (index, word) in flat.split(' ').enumerate() {
        if index > 0 {
            out.push(' ');
        }
        // `https&#58;//` reads as `https://` but is no bare link to a linter.
        let mut parts = word.split("://");
        if let Some(first) = parts.next() {
            push_escaped(&mut out, first);
        }
        for part in parts {
            out.push_str("&#58;//");
            push_escaped(&mut out, part);
        }
    }
    trimmed(out)
}

fn push_word(out: &mut String, word: &str, line_start: bool) {
    // Punctuation a link is wrapped in, as in `<https://…>` or `(https://…)`.
    let start = word.find(char::is_alphanumeric).unwrap_or(word.len());
    let (lead, rest) = word.split_at(start);
    if let Some((link, after)) = split_link(rest) {
        super::literal::push_literal(out, lead, line_start);
        out.push('<');
        // A `|` would still split a table cell inside `<…>`; `%7C` is the
        // same link.
        out.push_str(&link.replace('|', "%7C"));
        out.push('>');
        push_escaped(out, after);
    } else {
        super::literal::push_literal(out, word, line_start);
    }
}

/// A word that starts with a web link: the link and the punctuation after it.
fn split_link(word: &str) -> Option<(&str, &str)> {
    let starts = |scheme: &str| {
        word.as_bytes()
            .get(..scheme.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(scheme.as_bytes()))
    };
    if !(starts("https://") || starts("http://")) {
        return None;
    }
    let end = word
        .trim_end_matches(['.', ',', ';', ':', '!', '?', ')', ']', '>', '\'', '"'])
        .len();
    let (link, rest) = word.split_at(end);
    // Braces would reach Hugo and Liquid inside the autolink.
    let autolink_safe =
        !link.contains(['<', '>', '`', '\\', '{', '}']) && link.len() > "https://".len() - 1;
    autolink_safe.then_some((link, rest))
}

fn push_escaped(out: &mut String, text: &str) {
    super::literal::push_literal(out, text, false);
}

/// Headings already used in a document, so that repeated ones can be told
/// apart (Markdown linters and wiki anchors want them unique).
#[derive(Debug, Default)]
pub struct HeadingRegistry {
    used: HashSet<String>,
    /// Per heading text, the number to try next, so that many repeats of
    /// one heading do not each count up from 2 again.
    next: HashMap<String, usize>,
}

impl HeadingRegistry {
    /// Returns `text` if unused, otherwise `text (context)`, then numbered.
    /// Trailing `.`, `,`, `;`, `:` and `!` are dropped: headings are titles,
    /// not sentences (markdownlint MD026).
    pub fn claim(&mut self, text: &str, context: &str) -> String {
        let text = heading_text(text);
        let mut candidate = text.to_string();
        if self.used.contains(&candidate.to_lowercase()) && !context.is_empty() {
            candidate = format!("{text} ({context})");
        }
        if self.used.contains(&candidate.to_lowercase()) {
            let key = text.to_lowercase();
            let mut n = self.next.get(&key).copied().unwrap_or(2);
            loop {
                candidate = format!("{text} ({n})");
                n += 1;
                if !self.used.contains(&candidate.to_lowercase()) {
                    break;
                }
            }
            self.next.insert(key, n);
        }
        self.used.insert(candidate.to_lowercase());
        candidate
    }
}

/// `text` without the sentence punctuation that should not end a heading;
/// unchanged if nothing else would be left.
pub fn heading_text(text: &str) -> &str {
    let trimmed = text
        .trim_end_matches(['.', ',', ';', ':', '!', '。', '，', '；', '：', '！', ' '])
        .trim_end();
    if trimmed.is_empty() { text } else { trimmed }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_text_escapes_structure_characters() {
        assert_eq!(
            inline_text("# not | a <b>heading</b>"),
            "&#35; not &#124; a &lt;b&gt;heading&lt;/b&gt;"
        );
        assert_eq!(
            inline_text("`code` and *stars* _under_"),
            "&#96;code&#96; and &#42;stars&#42; &#95;under&#95;"
        );
        assert_eq!(inline_text("line one\nline two"), "line one line two");
    }

    #[test]
    fn inline_text_turns_bare_links_into_autolinks() {
        assert_eq!(
            inline_text("see https://example.com/a_b. Then"),
            "see <https://example.com/a_b>. Then"
        );
        assert_eq!(inline_text("www.example.com"), "www&#46;example.com");
        assert_eq!(inline_text("ops@example.com"), "ops&#64;example.com");
    }

    #[test]
    fn headings_in_answers_are_demoted_below_the_field_heading() {
        let mut registry = HeadingRegistry::default();
        let out = markdown_block("# Big\n\ntext\n\n## Smaller", 3, &mut registry, "Summary");
        assert!(out.contains("#### Big"), "{out}");
        assert!(out.contains("##### Smaller"), "{out}");
    }

    #[test]
    fn raw_html_in_answers_becomes_text() {
        let mut registry = HeadingRegistry::default();
        let out = markdown_block(
            "<script>alert(1)</script>\n\nhi <b>x</b>",
            3,
            &mut registry,
            "",
        );
        let html = crate::export::html::fragment(&out);
        assert!(!html.contains("<script>"), "{html}");
        assert!(!html.contains("<b>"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
    }

    #[test]
    fn unclosed_fence_is_closed_and_labelled() {
        let mut registry = HeadingRegistry::default();
        let out = markdown_block("```\ncode here", 3, &mut registry, "");
        assert!(out.starts_with("```text"), "{out}");
        assert!(out.trim_end().ends_with("```"), "{out}");
    }

    #[test]
    fn duplicate_headings_get_context() {
        let mut registry = HeadingRegistry::default();
        assert_eq!(registry.claim("Notes", "Cost"), "Notes");
        assert_eq!(registry.claim("Notes", "Cost"), "Notes (Cost)");
        assert_eq!(registry.claim("Notes", "Cost"), "Notes (2)");
    }
}
