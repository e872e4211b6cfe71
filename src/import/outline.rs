//! The shape of an imported Markdown file, read with pulldown-cmark: its
//! title, the text before the first section, the level-2 sections (each
//! kept as the exact source text), and the links written in a piece of text
//! with the words before each ("Superseded by [3. …](0003-….md)").

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// A file's title, preamble and sections.
#[derive(Debug, Default)]
pub struct Outline<'a> {
    /// The text of the first level-1 heading before any section.
    pub title: Option<String>,
    /// What comes between the title (or the start) and the first section.
    pub preamble: &'a str,
    /// Level-2 sections (and any later level-1 headings): heading text and
    /// the source text under it, up to the next such heading.
    pub sections: Vec<(String, &'a str)>,
}

/// Reads the outline of `text`. Headings inside code blocks or lists are
/// not headings here either, since pulldown-cmark decides what is one.
pub fn outline(text: &str) -> Outline<'_> {
    let mut heads: Vec<(HeadingLevel, String, usize, usize)> = Vec::new();
    let mut current: Option<(HeadingLevel, String, usize)> = None;
    for (event, range) in Parser::new_ext(text, Options::empty()).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, .. })
                if matches!(level, HeadingLevel::H1 | HeadingLevel::H2) =>
            {
                current = Some((level, String::new(), range.start));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, words, start)) = current.take() {
                    heads.push((level, words.trim().to_string(), start, range.end));
                }
            }
            Event::Text(words) | Event::Code(words) => {
                if let Some((_, text, _)) = current.as_mut() {
                    text.push_str(&words);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some((_, text, _)) = current.as_mut() {
                    text.push(' ');
                }
            }
            _ => {}
        }
    }
    let mut outline = Outline::default();
    let mut body_start = 0;
    let mut rest = heads.as_slice();
    if let Some(((HeadingLevel::H1, title, _, end), tail)) = rest.split_first() {
        outline.title = Some(title.clone());
        body_start = *end;
        rest = tail;
    }
    let first_section = rest.first().map_or(text.len(), |h| h.2);
    outline.preamble = text.get(body_start..first_section).unwrap_or_default();
    for (index, (_, heading, _, end)) in rest.iter().enumerate() {
        let stop = rest.get(index + 1).map_or(text.len(), |next| next.2);
        outline
            .sections
            .push((heading.clone(), text.get(*end..stop).unwrap_or_default()));
    }
    outline
}

/// A link found in text, with the words written before it in the same
/// paragraph or list item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundLink {
    /// The words before the link ("Superseded by").
    pub verb: String,
    /// The link's text ("3. Use Redis").
    pub text: String,
    /// Where it points ("0003-use-redis.md").
    pub dest: String,
}

/// Every link in `text` with the words before it.
pub fn links(text: &str) -> Vec<FoundLink> {
    let mut found = Vec::new();
    let mut before = String::new();
    let mut inside: Option<(String, String)> = None;
    for event in Parser::new_ext(text, Options::empty()) {
        match event {
            Event::Start(Tag::Paragraph | Tag::Item) | Event::End(TagEnd::Item) => before.clear(),
            Event::Start(Tag::Link { dest_url, .. }) => {
                inside = Some((String::new(), dest_url.to_string()));
            }
            Event::End(TagEnd::Link) => {
                if let Some((link_text, dest)) = inside.take() {
                    found.push(FoundLink {
                        verb: before.trim().to_string(),
                        text: link_text.trim().to_string(),
                        dest,
                    });
                    before.clear();
                }
            }
            Event::Text(words) | Event::Code(words) => match inside.as_mut() {
                Some((link_text, _)) => link_text.push_str(&words),
                None => before.push_str(&words),
            },
            Event::SoftBreak | Event::HardBreak => match inside.as_mut() {
                Some((link_text, _)) => link_text.push(' '),
                None => before.push(' '),
            },
            _ => {}
        }
    }
    found
}

/// The plain text of inline Markdown: link and emphasis marks dropped.
pub fn plain(text: &str) -> String {
    let mut out = String::new();
    for event in Parser::new_ext(text, Options::empty()) {
        match event {
            Event::Text(words) | Event::Code(words) => out.push_str(&words),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(TagEnd::Paragraph | TagEnd::Item) => out.push('\n'),
            _ => {}
        }
    }
    out.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_keep_their_source_text() {
        let text = "# 2. Use Redis\n\nDate: 2020-01-02\n\n## Status\n\nAccepted\n\n## Context\n\nSome *text*.\n\n```\n## not a heading\n```\n\n### Sub\n\nMore.\n";
        let outline = outline(text);
        assert_eq!(outline.title.as_deref(), Some("2. Use Redis"));
        assert_eq!(outline.preamble.trim(), "Date: 2020-01-02");
        let names: Vec<&str> = outline.sections.iter().map(|s| s.0.as_str()).collect();
        assert_eq!(names, ["Status", "Context"]);
        assert!(outline.sections[1].1.contains("## not a heading"));
        assert!(outline.sections[1].1.contains("### Sub\n\nMore."));
    }

    #[test]
    fn links_come_with_the_words_before_them() {
        let found = links(
            "Accepted\n\nSuperceded by [3. Use Redis](0003-use-redis.md)\n\n- Amends [ADR-1](0001-a.md)\n",
        );
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].verb, "Superceded by");
        assert_eq!(found[0].dest, "0003-use-redis.md");
        assert_eq!(found[1].verb, "Amends");
        assert_eq!(found[1].text, "ADR-1");
    }
}
