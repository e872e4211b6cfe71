//! HTML from our Markdown through pulldown-cmark, with any raw HTML turned
//! into text, so nothing a user typed can become a live tag.

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, html};

/// Parser options shared by every HTML rendering.
pub fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS
}

/// Renders Markdown to an HTML fragment; raw HTML is escaped, and links
/// whose scheme is not http, https or mailto lose their target.
pub fn fragment(markdown: &str) -> String {
    let events = Parser::new_ext(markdown, options()).map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        Event::Start(mut tag) => {
            // A link's and an image's target alike.
            if let Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. } = &mut tag {
                *dest_url = safe_url(std::mem::replace(dest_url, CowStr::Borrowed("")));
            }
            Event::Start(tag)
        }
        other => other,
    });
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events);
    out
}

fn safe_url(url: CowStr<'_>) -> CowStr<'_> {
    if super::literal::safe_url(&url) {
        url
    } else {
        CowStr::from("#")
    }
}
