//! Nothing a user typed becomes live HTML. A corpus of XSS payloads goes
//! into every place user text reaches (title, text answer, table cell,
//! Markdown answer, tag, person, people, author, links to other records),
//! and the output is scanned tag by tag: only the elements and attributes
//! our renderer emits, no `on…` attribute, and no link or image target with
//! a scheme other than http, https or mailto.

use super::*;
use crate::export::{ExportContext, Layout, html, index_html};

/// Elements the Markdown renderer emits, with the attributes each may carry.
const FRAGMENT_TAGS: &[(&str, &[&str])] = &[
    ("h1", &[]),
    ("h2", &[]),
    ("h3", &[]),
    ("h4", &[]),
    ("h5", &[]),
    ("h6", &[]),
    ("p", &[]),
    ("ul", &[]),
    ("ol", &["start"]),
    ("li", &[]),
    ("table", &[]),
    ("thead", &[]),
    ("tbody", &[]),
    ("tr", &[]),
    ("th", &["style"]),
    ("td", &["style"]),
    ("a", &["href", "title"]),
    ("strong", &[]),
    ("em", &[]),
    ("code", &["class"]),
    ("pre", &[]),
    ("blockquote", &[]),
    ("del", &[]),
    ("input", &["type", "disabled", "checked"]),
    ("hr", &[]),
    ("br", &[]),
    ("img", &["src", "alt", "title"]),
];

/// The page around a standalone fragment.
const PAGE_TAGS: &[(&str, &[&str])] = &[
    ("html", &["lang"]),
    ("head", &[]),
    ("meta", &["charset", "name", "content", "http-equiv"]),
    ("title", &[]),
    ("style", &[]),
    ("body", &[]),
    ("main", &[]),
];

struct Tag {
    name: String,
    closing: bool,
    attributes: Vec<(String, Option<String>)>,
}

/// Splits HTML into tags. pulldown-cmark escapes every `<` in text, so each
/// `<` left in the output starts a tag; a `<` that does not start a
/// well-formed tag is itself a problem.
fn tags(html: &str) -> Result<Vec<Tag>, String> {
    let mut out = Vec::new();
    let bytes = html.as_bytes();
    let mut i = 0;
    while let Some(offset) = html[i..].find('<') {
        let start = i + offset;
        let mut j = start + 1;
        let closing = bytes.get(j) == Some(&b'/');
        if closing {
            j += 1;
        }
        let name_start = j;
        while j < bytes.len() && (bytes[j].is_ascii_alphanumeric() || bytes[j] == b'!') {
            j += 1;
        }
        let name = html[name_start..j].to_ascii_lowercase();
        if name.is_empty() {
            return Err(format!("a stray '<' at byte {start}"));
        }
        let mut attributes = Vec::new();
        loop {
            while j < bytes.len() && (bytes[j] as char).is_ascii_whitespace() {
                j += 1;
            }
            match bytes.get(j) {
                None => return Err(format!("unterminated <{name}")),
                Some(b'>') => {
                    j += 1;
                    break;
                }
                Some(b'/') if bytes.get(j + 1) == Some(&b'>') => {
                    j += 2;
                    break;
                }
                _ => {}
            }
            let attr_start = j;
            while j < bytes.len()
                && !(bytes[j] as char).is_ascii_whitespace()
                && !matches!(bytes[j], b'=' | b'>' | b'/')
            {
                j += 1;
            }
            let attr = html[attr_start..j].to_ascii_lowercase();
            if attr.is_empty() {
                // A lone '/' or a quote: not something we write.
                return Err(format!("malformed attribute in <{name}> at byte {j}"));
            }
            let value = if bytes.get(j) == Some(&b'=') {
                j += 1;
                match bytes.get(j) {
                    Some(&quote @ (b'"' | b'\'')) => {
                        let end = html[j + 1..]
                            .find(quote as char)
                            .ok_or_else(|| format!("unterminated {attr}= in <{name}>"))?;
                        let value = html[j + 1..j + 1 + end].to_string();
                        j += end + 2;
                        Some(value)
                    }
                    _ => {
                        let value_start = j;
                        while j < bytes.len()
                            && !(bytes[j] as char).is_ascii_whitespace()
                            && bytes[j] != b'>'
                        {
                            j += 1;
                        }
                        Some(html[value_start..j].to_string())
                    }
                }
            } else {
                None
            };
            attributes.push((attr, value));
        }
        out.push(Tag {
            name,
            closing,
            attributes,
        });
        i = j;
    }
    Ok(out)
}

/// Decodes the character references a browser would in an attribute.
fn decode(value: &str) -> String {
    let mut out = String::new();
    let mut rest = value;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest.find(';').filter(|e| *e < 12);
        let decoded = end.and_then(|end| {
            let entity = &rest[1..end];
            let c = match entity {
                "amp" => Some('&'),
                "quot" => Some('"'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "colon" => Some(':'),
                "tab" => Some('\t'),
                "newline" => Some('\n'),
                e if e.starts_with("#x") || e.starts_with("#X") => u32::from_str_radix(&e[2..], 16)
                    .ok()
                    .and_then(char::from_u32),
                e if e.starts_with('#') => e[1..].parse().ok().and_then(char::from_u32),
                _ => None,
            };
            c.map(|c| (c, end))
        });
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The scheme of a URL as a browser reads it (tabs, newlines and control
/// characters removed, case folded), if it has one.
fn scheme(url: &str) -> Option<String> {
    let cleaned: String = decode(url)
        .chars()
        .filter(|c| !c.is_control() && !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    let colon = cleaned.find(':')?;
    let path = cleaned.find(['/', '?', '#']).unwrap_or(usize::MAX);
    (colon < path).then(|| cleaned[..colon].to_string())
}

/// Everything wrong with a piece of HTML; empty when it is safe.
pub(super) fn problems(html: &str, page: bool) -> Vec<String> {
    let tags = match tags(html) {
        Ok(tags) => tags,
        Err(problem) => return vec![problem],
    };
    let mut problems = Vec::new();
    let allowed = |name: &str| {
        FRAGMENT_TAGS
            .iter()
            .chain(if page { PAGE_TAGS } else { &[] })
            .find(|(n, _)| *n == name)
            .map(|(_, attrs)| *attrs)
    };
    for (index, tag) in tags.iter().enumerate() {
        if tag.name == "!doctype" && page && index == 0 {
            continue;
        }
        let Some(attrs) = allowed(&tag.name) else {
            problems.push(format!("element <{}>", tag.name));
            continue;
        };
        if tag.closing {
            if !tag.attributes.is_empty() {
                problems.push(format!("attributes on </{}>", tag.name));
            }
            continue;
        }
        for (attr, value) in &tag.attributes {
            if attr.starts_with("on") {
                problems.push(format!("event attribute {attr} on <{}>", tag.name));
            }
            if !attrs.contains(&attr.as_str()) {
                problems.push(format!("attribute {attr} on <{}>", tag.name));
            }
            let value = value.as_deref().unwrap_or("");
            match attr.as_str() {
                "href" | "src" => {
                    if let Some(scheme) = scheme(value)
                        && !["http", "https", "mailto"].contains(&scheme.as_str())
                    {
                        problems.push(format!("{attr}={value:?} on <{}>", tag.name));
                    }
                }
                "style" if !value.starts_with("text-align: ") || value.contains(';') => {
                    problems.push(format!("style={value:?}"));
                }
                "type" if value != "checkbox" => problems.push(format!("type={value:?}")),
                "class" if !value.starts_with("language-") => {
                    problems.push(format!("class={value:?}"));
                }
                "http-equiv" if value != "Content-Security-Policy" => {
                    problems.push(format!("http-equiv={value:?}"));
                }
                _ => {}
            }
        }
        if tag.name == "input" && !tag.attributes.iter().any(|(a, _)| a == "disabled") {
            problems.push("an enabled <input>".to_string());
        }
    }
    if page {
        for once in ["title", "style", "main"] {
            let count = tags.iter().filter(|t| t.name == once && !t.closing).count();
            if count != 1 {
                problems.push(format!("{count} <{once}> elements"));
            }
        }
    }
    problems
}

#[test]
fn the_scanner_catches_what_it_must() {
    let bad = [
        "<script>alert(1)</script>",
        "<p onclick=\"alert(1)\">x</p>",
        "<img src=x onerror=alert(1)>",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<a href=\"JaVaScRiPt:alert(1)\">x</a>",
        "<a href=\"java&#x09;script:alert(1)\">x</a>",
        "<a href=\"java\tscript:alert(1)\">x</a>",
        "<a href=\"&#106;avascript:alert(1)\">x</a>",
        "<a href=\"javascript&colon;alert(1)\">x</a>",
        "<a href=\"data:text/html,x\">x</a>",
        "<img src=\"vbscript:x\">",
        "<iframe src=x></iframe>",
        "<svg onload=alert(1)>",
        "<style>*{}</style>",
        "<p style=\"background:url(x)\">",
        "<a href=x title='y' onmouseover='z'>",
        "<input type=\"text\">",
        "<!-- comment -->",
        "text < <b>",
        "<a href=\"x",
        "<p>fine</p><div>",
    ];
    for html in bad {
        assert!(!problems(html, false).is_empty(), "missed {html:?}");
    }
    let good = "<h1>T</h1>\n<p>a &lt;script&gt; <a href=\"https://x.example/?a=1&amp;b\" title=\"t\">l</a> \
                <a href=\"0001-x.html\">r</a> <a href=\"mailto:a@b.c\">m</a> <a href=\"#\">n</a></p>\n\
                <ul>\n<li><input disabled=\"\" type=\"checkbox\"/> t</li>\n</ul>\n\
                <table><thead><tr><th style=\"text-align: left\">h</th></tr></thead></table>\n\
                <pre><code class=\"language-rust\">x</code></pre><img src=\"d.png\" alt=\"a\" />";
    assert_eq!(problems(good, false), Vec::<String>::new());
    assert!(
        !problems(good, true).is_empty(),
        "a page needs its title and style"
    );
}

/// Payloads, each meant to become live HTML somewhere.
pub(super) fn payloads() -> Vec<String> {
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<svg onload=alert(1)>",
        "<svg><script>alert(1)</script></svg>",
        "[click](javascript:alert(1))",
        "[click](JAVASCRIPT:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        "[click](<java\tscript:alert(1)>)",
        "[click](java&#9;script:alert(1))",
        "[click](java&Tab;script:alert(1))",
        "[click](&#106;avascript:alert(1))",
        "[click](&#x6A;avascript:alert(1))",
        "[click](javascript&colon;alert(1))",
        "[click](\u{1}javascript:alert(1))",
        "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "[click](vbscript:msgbox(1))",
        "[click](file:///etc/passwd)",
        "<javascript:alert(1)>",
        "<JAVASCRIPT:alert(1)>",
        "<data:text/html,<script>alert(1)</script>>",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<a href=x onclick=alert(1)>x</a>",
        "<iframe src=\"javascript:alert(1)\"></iframe>",
        "<object data=\"x.swf\"></object><embed src=x>",
        "<style>body{display:none}</style>",
        "<div onmouseover=\"alert(1)\">hover</div>",
        "<details open ontoggle=alert(1)>",
        "\"><script>alert(1)</script>",
        "'><img src=x onerror=alert(1)>",
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "&#60;script&#62;alert(1)&#60;/script&#62;",
        "<scr<script>ipt>alert(1)</script>",
        "![x](x\" onerror=\"alert(1))",
        "![x](javascript:alert(1))",
        "![x\" onerror=\"alert(1)](https://example.com/x.png)",
        "[x](https://example.com \"t\\\" onmouseover=\\\"alert(1)\")",
        "[x]: javascript:alert(1)\n\n[x]",
        "<form action=\"javascript:alert(1)\"><button>x</button></form>",
        "<base href=\"javascript:alert(1)//\">",
        "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        "<!--><script>alert(1)</script>-->",
        "`<script>alert(1)</script>`",
        "```html\n<script>alert(1)</script>\n```",
        "```\"><script>alert(1)</script>\nx\n```",
        "- [ ] <input onfocus=alert(1) autofocus>",
        "| a | <b onclick=alert(1)> |\n|---|---|\n| <script> | x |",
        "<https://example.com/\"onmouseover=\"alert(1)>",
        "</title><script>alert(1)</script>",
        "</style><script>alert(1)</script>",
    ]
    .into_iter()
    .map(String::from)
    .collect()
}

/// A record with `payload` in every place user text goes, linked to a
/// record whose title is the payload too.
pub(super) fn poisoned(payload: &str) -> Vec<Record> {
    let set = production();
    let mut record = answered(OLD, "x");
    record.title = payload.to_string();
    record.author = payload.to_string();
    record.tags = vec![payload.to_string(), "plain".into()];
    record.number = Some(4);
    for id in ["mechanism", "owner_primary", "runbook", "trigger"] {
        record
            .answers
            .insert(id.into(), Answer::Text(payload.to_string()));
    }
    for id in ["summary", "premortem", "steps"] {
        record
            .answers
            .insert(id.into(), Answer::Text(payload.to_string()));
    }
    record.answers.insert(
        "decision_makers".into(),
        Answer::Words(vec![payload.to_string()]),
    );
    record.answers.insert(
        "owner_backup".into(),
        Answer::Unknown {
            note: Some(payload.to_string()),
        },
    );
    record.answers.insert(
        "failure_modes".into(),
        Answer::Rows(vec![
            [
                ("component".to_string(), Answer::Text(payload.to_string())),
                ("detection".to_string(), Answer::Text(payload.to_string())),
            ]
            .into_iter()
            .collect(),
        ]),
    );
    record.answers.insert(
        "orphan_from_an_old_set".into(),
        Answer::Text(payload.to_string()),
    );
    record.set_status(Status::Accepted, payload, at("2026-11-21T10:00:00Z"));
    record.meetings.push(meeting_with(payload));
    let mut other = answered(NEW, payload);
    other.add_link(crate::record::LinkKind::Supersedes, &id(OLD));
    assert!(set.field("mechanism").is_some());
    vec![record, other]
}

#[test]
fn xss_payloads_never_become_live_html() {
    let set = production();
    let payloads = payloads();
    assert!(payloads.len() >= 20);
    for payload in &payloads {
        let records = poisoned(payload);
        for ctx in every_place(&records) {
            let folder = ctx.folder;
            for record in &records {
                let fragment = html(&set, record, &ctx, false);
                let found = problems(&fragment, false);
                assert!(
                    found.is_empty(),
                    "{payload:?} ({folder:?}) in the fragment: {found:?}\n{fragment}"
                );
                let page = html(&set, record, &ctx, true);
                let found = problems(&page, true);
                assert!(
                    found.is_empty(),
                    "{payload:?} ({folder:?}) in the page: {found:?}\n{page}"
                );
                assert_eq!(
                    fragment.matches("<h1>").count(),
                    1,
                    "{payload:?}: one title heading"
                );
            }
        }
        let entries = checked_entries(&set, &records);
        for layout in [Layout::Default, Layout::Adr] {
            let ctx = ExportContext {
                records: &records,
                folder: Some(layout),
            };
            let page = index_html(&entries, &ctx, layout);
            let found = problems(&page, true);
            assert!(
                found.is_empty(),
                "{payload:?} in the index: {found:?}\n{page}"
            );
        }
    }
}

#[test]
fn the_page_title_is_escaped_text() {
    let set = production();
    let records = poisoned("</title><script>alert(1)</script> & \"q\"");
    let page = html(&set, &records[0], &ExportContext::single(&records), true);
    assert!(
        page.contains(
            "<title>&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot;</title>"
        ),
        "{page}"
    );
    assert!(
        page.starts_with("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">")
    );
    assert!(!page.contains("<script"), "{page}");
    assert!(!page.contains("<link"), "no external stylesheet");
}
