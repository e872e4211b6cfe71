//! Checks a page as a renderer made it: the HTML is parsed as a browser
//! would (html5ever, through `scraper`), every element and attribute must
//! be on an allowlist, no link or image may point at anything but the web,
//! mail or a relative path, and the visible text is taken out so that it
//! can be compared with what the user typed.

use scraper::{ElementRef, Html, Node};

/// Elements a Markdown renderer may emit for our pages, with the
/// attributes each may carry. Heading ids come from tables of contents and
/// Goldmark; the alignment and width styles from tables (checked below).
const ALLOWED: &[(&str, &[&str])] = &[
    ("html", &[]),
    ("body", &[]),
    ("h1", &["id"]),
    ("h2", &["id"]),
    ("h3", &["id"]),
    ("h4", &["id"]),
    ("h5", &["id"]),
    ("h6", &["id"]),
    ("p", &[]),
    ("ul", &["class"]),
    ("ol", &["start", "type", "class"]),
    ("li", &[]),
    ("table", &[]),
    ("colgroup", &[]),
    ("col", &["style"]),
    ("thead", &[]),
    ("tbody", &[]),
    ("tr", &["class"]),
    ("th", &["style", "align"]),
    ("td", &["style", "align"]),
    ("a", &["href"]),
    ("strong", &[]),
    ("em", &[]),
    ("code", &["class"]),
    ("pre", &["class"]),
    ("blockquote", &[]),
    ("del", &[]),
    ("input", &["type", "disabled", "checked"]),
    ("hr", &[]),
    ("br", &[]),
    ("img", &["src", "alt"]),
];

/// One rendered page as a reader meets it.
pub(super) struct Reading {
    /// Everything unsafe; empty when the page is safe.
    pub problems: Vec<String>,
    /// As [`visible_text`] reads it.
    pub text: String,
    /// The text of each `<h1>`.
    pub h1: Vec<String>,
}

/// Parses `html` once for [`Reading`].
pub(super) fn read(html: &str) -> Reading {
    let parsed = Html::parse_fragment(html);
    let h1 = scraper::Selector::parse("h1").expect("a valid selector");
    Reading {
        problems: unsafe_in(&parsed),
        text: text_of(parsed.root_element()),
        h1: parsed.select(&h1).map(text_of).collect(),
    }
}

/// Everything unsafe in one rendered page; empty when it is safe.
pub(super) fn unsafe_parts(html: &str) -> Vec<String> {
    unsafe_in(&Html::parse_fragment(html))
}

fn unsafe_in(parsed: &Html) -> Vec<String> {
    let mut problems = Vec::new();
    for node in parsed.tree.nodes() {
        match node.value() {
            Node::Comment(comment) => problems.push(format!("a comment <!--{}-->", &**comment)),
            Node::ProcessingInstruction(_) | Node::Doctype(_) => {
                problems.push("markup that is not an element".to_string());
            }
            Node::Element(element) => {
                let name = element.name();
                let Some((_, attrs)) = ALLOWED.iter().find(|(n, _)| *n == name) else {
                    problems.push(format!("element <{name}>"));
                    continue;
                };
                for (attr, value) in element.attrs() {
                    if !attrs.contains(&attr) {
                        problems.push(format!("attribute {attr}={value:?} on <{name}>"));
                        continue;
                    }
                    let fine = match attr {
                        "href" | "src" => crate::export::literal::safe_url(value),
                        "style" => style_is_layout(value),
                        "class" => value
                            .chars()
                            .all(|c| c.is_alphanumeric() || "-_#.+ ".contains(c)),
                        // A checkbox, or pandoc's list numbering style.
                        "type" => {
                            (name == "input" && value == "checkbox")
                                || (name == "ol" && ["1", "a", "A", "i", "I"].contains(&value))
                        }
                        "align" => ["left", "right", "center"].contains(&value),
                        "start" => value.chars().all(|c| c.is_ascii_digit()),
                        _ => true,
                    };
                    if !fine {
                        problems.push(format!("{attr}={value:?} on <{name}>"));
                    }
                }
                if name == "input" && element.attr("disabled").is_none() {
                    problems.push("an enabled <input>".to_string());
                }
            }
            _ => {}
        }
    }
    problems
}

/// `text-align: left`, `width: 25%` and the like, nothing else.
fn style_is_layout(style: &str) -> bool {
    style
        .split(';')
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .all(|declaration| {
            let Some((property, value)) = declaration.split_once(':') else {
                return false;
            };
            let value = value.trim();
            match property.trim() {
                "text-align" => ["left", "right", "center"].contains(&value),
                "width" => value
                    .strip_suffix('%')
                    .is_some_and(|n| n.chars().all(|c| c.is_ascii_digit() || c == '.')),
                _ => false,
            }
        })
}

/// The text a reader sees, with every run of white space made one space.
/// A task-list checkbox reads as `[x]` or `[ ]`, as renderers without task
/// lists show it. Typographic quotes, dashes and ellipses (Hugo turns them
/// on by default) read as the ASCII the user typed.
pub(super) fn visible_text(html: &str) -> String {
    text_of(Html::parse_fragment(html).root_element())
}

fn text_of(element: ElementRef) -> String {
    let mut raw = String::new();
    walk(element, &mut raw);
    let plain = raw
        .replace(['\u{201c}', '\u{201d}'], "\"")
        .replace(['\u{2018}', '\u{2019}'], "'")
        .replace('\u{2014}', "---")
        .replace('\u{2013}', "--")
        .replace('\u{2026}', "...");
    plain.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn walk(element: ElementRef, out: &mut String) {
    for child in element.children() {
        match child.value() {
            Node::Text(text) => out.push_str(text),
            Node::Element(el) => {
                if el.name() == "input" {
                    out.push_str(if el.attr("checked").is_some() {
                        " [x] "
                    } else {
                        " [ ] "
                    });
                }
                let block = !matches!(
                    el.name(),
                    "a" | "strong" | "em" | "code" | "del" | "img" | "input" | "span"
                );
                if block {
                    out.push(' ');
                }
                if let Some(inner) = ElementRef::wrap(child) {
                    walk(inner, out);
                }
                if block {
                    out.push(' ');
                }
            }
            _ => {}
        }
    }
}

#[test]
fn the_checker_catches_live_markup_and_reads_text() {
    for bad in [
        "<p><img src=x onerror=alert(1)></p>",
        "<script>alert(1)</script>",
        "<p><a href=\"JaVaScRiPt:alert(1)\">x</a></p>",
        "<p><a href=\"java&#x09;script:alert(1)\">x</a></p>",
        "<h2 onfocus=\"alert(1)\" autofocus>t</h2>",
        "<p><img src=\"data:image/svg+xml,x\"></p>",
        "<table><tr><td style=\"background:url(x)\">x</td></tr></table>",
        "<p><input type=text></p>",
        "<!-- x -->",
    ] {
        assert!(!unsafe_parts(bad).is_empty(), "missed {bad:?}");
    }
    let good = "<h1 id=\"t\">T</h1><p>a &lt;b&gt; <a href=\"https://x.example\">l</a></p>\
                <ul><li><input type=\"checkbox\" disabled checked> done</li></ul>\
                <table><tr><th style=\"text-align: left;\">h</th></tr></table>";
    assert_eq!(unsafe_parts(good), Vec::<String>::new());
    assert_eq!(visible_text(good), "T a <b> l [x] done h");
    assert_eq!(read(good).h1, ["T"]);
}
