//! Turning user text into Markdown that cannot break the document: plain
//! text is escaped; Markdown answers are parsed and written back with
//! headings demoted, raw HTML made text, and bare links made autolinks.

use std::collections::{HashMap, HashSet};

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Parser, Tag, TagEnd};
use pulldown_cmark_to_cmark::{Options as WriteOptions, cmark_with_options};

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
    let flat: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let mut out = String::with_capacity(flat.len() + 8);
    for (index, word) in flat.trim().split(' ').enumerate() {
        if index > 0 {
            out.push(' ');
        }
        // Text may begin a line (a paragraph, a list item), where `- x` or
        // `1. x` would start a list.
        push_word(&mut out, word, guard_line_start && index == 0);
    }
    out.trim().to_string()
}

/// Escapes one line of plain text for the text of a link (`[…](…)`): as
/// [`inline_text`], but web links stay text, since a link inside a link's
/// text would end the outer link.
pub fn link_text(text: &str) -> String {
    let flat: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
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
    out.trim().to_string()
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
    let lower = word.get(..8).unwrap_or(word).to_ascii_lowercase();
    if !(lower.starts_with("https://") || lower.starts_with("http://")) {
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

/// A Markdown answer's text with line endings made `\n` and every other
/// control character (NUL, ESC, BEL, C1) made a space, as in one-line text:
/// they are invisible in a page and would reach a terminal through
/// `export` to standard output.
fn without_controls(source: &str) -> String {
    source
        .replace("\r\n", "\n")
        .chars()
        .map(|c| match c {
            '\r' => '\n',
            '\n' | '\t' => c,
            c if c.is_control() => ' ',
            c => c,
        })
        .collect()
}

/// `text` without the sentence punctuation that should not end a heading;
/// unchanged if nothing else would be left.
pub fn heading_text(text: &str) -> &str {
    let trimmed = text
        .trim_end_matches(['.', ',', ';', ':', '!', '。', '，', '；', '：', '！', ' '])
        .trim_end();
    if trimmed.is_empty() { text } else { trimmed }
}

/// Rewrites a user's Markdown answer so it stays inside its section: its
/// headings become levels `base+1`.. (at most 6) by rank, raw HTML becomes
/// text, code blocks are fenced with a language, bare links become
/// autolinks. The output is normalised Markdown with `-` lists and `_`
/// emphasis to match the rest of the document.
pub fn markdown_block(
    source: &str,
    base_level: usize,
    headings: &mut HeadingRegistry,
    context: &str,
) -> String {
    let parse_options = super::html::options();
    let source = without_controls(source);
    // Too deep to rewrite in linear time (see depth): literal text instead.
    if super::depth::too_deep(&source) {
        return super::depth::as_code_block(&source);
    }
    let events: Vec<Event> = Parser::new_ext(&source, parse_options).collect();

    let mut levels: Vec<HeadingLevel> = events
        .iter()
        .filter_map(|e| match e {
            Event::Start(Tag::Heading { level, .. }) => Some(*level),
            _ => None,
        })
        .collect();
    levels.sort();
    levels.dedup();
    let demote = |level: HeadingLevel| -> HeadingLevel {
        let rank = levels.iter().position(|l| *l == level).unwrap_or(0);
        heading_level(base_level + 1 + rank)
    };

    let mut out: Vec<Event> = Vec::with_capacity(events.len());
    let mut in_heading: Option<usize> = None;
    let mut link_depth = 0usize;
    let mut in_code = false;
    let mut image_alt_pending = false;
    for event in events {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                in_heading = Some(out.len());
                out.push(Event::Start(Tag::Heading {
                    level: demote(level),
                    id: None,
                    classes: Vec::new(),
                    attrs: Vec::new(),
                }));
            }
            Event::End(TagEnd::Heading(level)) => {
                if let Some(start) = in_heading.take() {
                    let text = plain_text(&out[start + 1..]);
                    let claimed = headings.claim(text.trim(), context);
                    out.truncate(start + 1);
                    out.push(Event::Text(CowStr::from(claimed)));
                }
                out.push(Event::End(TagEnd::Heading(demote(level))));
            }
            // Raw HTML is kept as visible text (the writer escapes its `<`).
            // Each line of an HTML block arrives as its own event; a soft
            // break between them keeps the lines apart.
            Event::Start(Tag::HtmlBlock) => out.push(Event::Start(Tag::Paragraph)),
            Event::End(TagEnd::HtmlBlock) => {
                if matches!(out.last(), Some(Event::SoftBreak)) {
                    out.pop();
                }
                out.push(Event::End(TagEnd::Paragraph));
            }
            Event::Html(html) => {
                out.push(Event::Text(CowStr::from(
                    html.trim_end_matches('\n').to_string(),
                )));
                if html.ends_with('\n') {
                    out.push(Event::SoftBreak);
                }
            }
            Event::InlineHtml(html) => {
                out.push(Event::Text(CowStr::from(html.to_string())));
            }
            // Two lists (or quotes) in a row would be written with different
            // markers or a blank quote line; merge them into one instead.
            Event::Start(Tag::List(_) | Tag::BlockQuote(_))
                if matches!(
                    (out.last(), &event),
                    (Some(Event::End(TagEnd::List(a))), Event::Start(Tag::List(b))) if *a == b.is_some()
                ) || matches!(
                    (out.last(), &event),
                    (
                        Some(Event::End(TagEnd::BlockQuote(_))),
                        Event::Start(Tag::BlockQuote(_))
                    )
                ) =>
            {
                out.pop();
            }
            // Lint rules expect ordered lists to count from 1.
            Event::Start(Tag::List(Some(_))) => out.push(Event::Start(Tag::List(Some(1)))),
            Event::Start(Tag::CodeBlock(kind)) => {
                in_code = true;
                let lang = match kind {
                    CodeBlockKind::Fenced(lang) if !lang.trim().is_empty() => lang,
                    _ => CowStr::from("text"),
                };
                out.push(Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(lang))));
            }
            Event::End(TagEnd::CodeBlock) => {
                in_code = false;
                // A fence left open at the end of the answer gives code
                // without a final newline, and the writer then leaves the
                // fence open too, swallowing the rest of the document.
                match out.last_mut() {
                    Some(Event::Text(text)) if !text.ends_with('\n') => {
                        *text = CowStr::from(format!("{text}\n"));
                    }
                    Some(Event::Start(Tag::CodeBlock(_))) => out.push(Event::Text("\n".into())),
                    _ => {}
                }
                out.push(Event::End(TagEnd::CodeBlock));
            }
            // Reference links are written inline: each answer would
            // otherwise bring its own definitions, which can clash.
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                link_depth += 1;
                out.push(Event::Start(Tag::Link {
                    link_type: inline_link_type(link_type),
                    dest_url,
                    title,
                    id,
                }));
            }
            Event::End(TagEnd::Link) => {
                link_depth = link_depth.saturating_sub(1);
                out.push(event);
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                image_alt_pending = true;
                link_depth += 1;
                out.push(Event::Start(Tag::Image {
                    link_type: inline_link_type(link_type),
                    dest_url,
                    title,
                    id,
                }));
            }
            Event::End(TagEnd::Image) => {
                if image_alt_pending {
                    out.push(Event::Text(CowStr::from("image")));
                }
                image_alt_pending = false;
                link_depth = link_depth.saturating_sub(1);
                out.push(event);
            }
            // Tabs (markdownlint MD010) become a space in text and four
            // spaces in code.
            Event::Text(text) if !in_code && link_depth == 0 => {
                image_alt_pending = false;
                push_text_with_links(&mut out, &text.replace('\t', " "));
            }
            Event::Text(text) if in_code && text.contains('\t') => {
                out.push(Event::Text(text.replace('\t', "    ").into()));
            }
            Event::Text(text) => {
                image_alt_pending = false;
                out.push(Event::Text(text));
            }
            Event::Code(code) if code.contains('\t') => {
                out.push(Event::Code(code.replace('\t', " ").into()));
            }
            other => out.push(other),
        }
    }

    let (out, pieces) = literal_events(out);
    let write_options = WriteOptions {
        list_token: '-',
        emphasis_token: '_',
        strong_token: "**",
        code_block_token: '`',
        code_block_token_count: 3,
        increment_ordered_list_bullets: true,
        ..WriteOptions::default()
    };
    let mut written = String::with_capacity(source.len() + 64);
    // A private-use character in the answer could pass for a placeholder.
    let has_markers = source.contains([PIECE_START, PIECE_END]);
    if has_markers
        || cmark_with_options(out.iter(), &mut written, parse_options, write_options).is_err()
    {
        // The writer only fails on events the parser never produces; fall
        // back to escaped plain text so nothing the user wrote is lost.
        return source
            .lines()
            .map(inline_text)
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join("\n\n");
    }
    tidy(&fill_pieces(&written, &pieces))
}

/// Marks around the number of a piece of text in the writer's input. The
/// writer checks that what it writes parses back to the same events, so it
/// is handed placeholders, which it writes as they are, and the text made
/// literal goes in afterwards.
const PIECE_START: char = '\u{a66e}';
const PIECE_END: char = '\u{a66d}';

fn fill_pieces(written: &str, pieces: &[String]) -> String {
    let mut out =
        String::with_capacity(written.len() + pieces.iter().map(String::len).sum::<usize>());
    let mut rest = written;
    while let Some(start) = rest.find(PIECE_START) {
        out.push_str(&rest[..start]);
        let after = &rest[start + PIECE_START.len_utf8()..];
        let Some(end) = after.find(PIECE_END) else {
            out.push_str(&rest[start..]);
            return out;
        };
        match after[..end]
            .parse::<usize>()
            .ok()
            .and_then(|i| pieces.get(i))
        {
            Some(piece) => out.push_str(piece),
            None => out.push_str(&rest[start..start + PIECE_START.len_utf8() + end]),
        }
        rest = &after[end + PIECE_END.len_utf8()..];
    }
    out.push_str(rest);
    out
}

/// The events of an answer made safe for every renderer: text becomes a
/// placeholder for its literal form ([`super::literal`]), links and
/// images to anything but the web, mail or a relative path lose their
/// target, link titles go (an attribute no renderer needs), and code fence
/// labels keep only the characters every renderer reads as a language.
fn literal_events(events: Vec<Event<'_>>) -> (Vec<Event<'_>>, Vec<String>) {
    let mut out: Vec<Event> = Vec::with_capacity(events.len());
    let mut pieces: Vec<String> = Vec::new();
    // Per open link: whether its start was kept (a link to a dangerous
    // target keeps only its text) and whether it is an autolink, whose
    // text is its target and must stay as typed.
    let mut links: Vec<(bool, bool)> = Vec::new();
    let mut in_code = false;
    for event in events {
        let line_start = matches!(
            out.last(),
            None | Some(
                Event::Start(Tag::Paragraph | Tag::Item | Tag::TableCell)
                    | Event::SoftBreak
                    | Event::HardBreak
            )
        );
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                in_code = true;
                let kind = match kind {
                    CodeBlockKind::Fenced(lang) => CodeBlockKind::Fenced(fence_label(&lang).into()),
                    other => other,
                };
                out.push(Event::Start(Tag::CodeBlock(kind)));
            }
            Event::End(TagEnd::CodeBlock) => {
                in_code = false;
                out.push(event);
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                id,
                ..
            }) => {
                let autolink = matches!(link_type, LinkType::Autolink | LinkType::Email);
                let keep = super::literal::safe_url(&dest_url);
                links.push((keep, autolink && keep));
                if keep {
                    out.push(Event::Start(Tag::Link {
                        link_type,
                        dest_url,
                        title: CowStr::from(""),
                        id,
                    }));
                }
            }
            Event::End(TagEnd::Link) => {
                if links.pop().is_none_or(|(keep, _)| keep) {
                    out.push(event);
                }
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                id,
                ..
            }) => {
                let dest_url = if super::literal::safe_url(&dest_url) {
                    dest_url
                } else {
                    CowStr::from("#")
                };
                out.push(Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title: CowStr::from(""),
                    id,
                }));
            }
            // Lines the user typed apart stay apart: a line break every
            // renderer honours (two trailing spaces; Python-Markdown reads
            // no backslash break) and markdownlint accepts (MD009).
            Event::SoftBreak if !in_code => out.push(Event::HardBreak),
            Event::Text(text) if !in_code && !links.last().is_some_and(|(_, auto)| *auto) => {
                // Spaces stay outside the placeholder: they decide, for the
                // writer as for a renderer, whether `_` or `*` next to the
                // text can emphasise.
                let core = text.trim_matches(' ');
                let lead = &text[..text.len() - text.trim_start_matches(' ').len()];
                let trail = &text[text.trim_end_matches(' ').len()..];
                let mut written = String::with_capacity(core.len() + 8);
                super::literal::push_literal(&mut written, core, line_start && lead.is_empty());
                let placeholder = if core.is_empty() {
                    text.to_string()
                } else {
                    format!("{lead}{PIECE_START}{}{PIECE_END}{trail}", pieces.len())
                };
                out.push(Event::Text(placeholder.into()));
                pieces.push(written);
            }
            other => out.push(other),
        }
    }
    (out, pieces)
}

/// A fence's language as Python-Markdown reads one (`[\w#.+-]`), or `text`.
fn fence_label(lang: &str) -> String {
    let label: String = lang
        .trim()
        .chars()
        .take_while(|c| c.is_alphanumeric() || "_#.+-".contains(*c))
        .collect();
    if label.is_empty() {
        "text".to_string()
    } else {
        label
    }
}

fn inline_link_type(link_type: LinkType) -> LinkType {
    match link_type {
        LinkType::Reference
        | LinkType::ReferenceUnknown
        | LinkType::Collapsed
        | LinkType::CollapsedUnknown
        | LinkType::Shortcut
        | LinkType::ShortcutUnknown => LinkType::Inline,
        other => other,
    }
}

fn heading_level(level: usize) -> HeadingLevel {
    match level {
        0 | 1 => HeadingLevel::H1,
        2 => HeadingLevel::H2,
        3 => HeadingLevel::H3,
        4 => HeadingLevel::H4,
        5 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

fn plain_text(events: &[Event]) -> String {
    events
        .iter()
        .filter_map(|e| match e {
            Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
            Event::SoftBreak | Event::HardBreak => Some(" "),
            _ => None,
        })
        .collect()
}

fn push_text_with_links<'a>(out: &mut Vec<Event<'a>>, text: &str) {
    let mut rest = text;
    while let Some(start) = find_link_start(rest) {
        let (before, from_link) = rest.split_at(start);
        let end = from_link
            .find(|c: char| c.is_whitespace() || c == '<' || c == '>' || c == '`')
            .unwrap_or(from_link.len());
        let candidate = &from_link[..end];
        let link = candidate.trim_end_matches(['.', ',', ';', ':', '!', '?', ')', '\'', '"']);
        push_plain(out, before);
        out.push(Event::Start(Tag::Link {
            link_type: LinkType::Autolink,
            dest_url: CowStr::from(link.to_string()),
            title: CowStr::from(""),
            id: CowStr::from(""),
        }));
        out.push(Event::Text(CowStr::from(link.to_string())));
        out.push(Event::End(TagEnd::Link));
        rest = &from_link[link.len()..];
    }
    push_plain(out, rest);
}

/// Text of an answer with `www.` addresses and e-mail addresses made links,
/// as GitHub would show them anyway (markdownlint MD034: no bare links).
fn push_plain<'a>(out: &mut Vec<Event<'a>>, text: &str) {
    // Most text holds no address at all: skip the word-by-word scan.
    let lower_www = |t: &str| {
        t.as_bytes()
            .windows(4)
            .any(|w| w.eq_ignore_ascii_case(b"www."))
    };
    if !text.contains('@') && !lower_www(text) {
        if !text.is_empty() {
            out.push(Event::Text(CowStr::from(text.to_string())));
        }
        return;
    }
    let mut pending = String::new();
    for piece in text.split_inclusive(char::is_whitespace) {
        let word = piece.trim_end_matches(char::is_whitespace);
        let Some((lead, link, after, is_www)) = bare_address(word) else {
            pending.push_str(piece);
            continue;
        };
        pending.push_str(lead);
        if !pending.is_empty() {
            out.push(Event::Text(CowStr::from(std::mem::take(&mut pending))));
        }
        let (link_type, dest_url) = if is_www {
            (LinkType::Inline, format!("http://{link}"))
        } else {
            (LinkType::Email, link.to_string())
        };
        out.push(Event::Start(Tag::Link {
            link_type,
            dest_url: CowStr::from(dest_url),
            title: CowStr::from(""),
            id: CowStr::from(""),
        }));
        out.push(Event::Text(CowStr::from(link.to_string())));
        out.push(Event::End(TagEnd::Link));
        pending.push_str(after);
        pending.push_str(&piece[word.len()..]);
    }
    if !pending.is_empty() {
        out.push(Event::Text(CowStr::from(pending)));
    }
}

/// A word holding a `www.` address or an e-mail address: the punctuation
/// before it, the address, the punctuation after it, and whether it is a
/// `www.` address.
fn bare_address(word: &str) -> Option<(&str, &str, &str, bool)> {
    let start = word.find(char::is_alphanumeric)?;
    let (lead, rest) = word.split_at(start);
    let end = rest
        .trim_end_matches(['.', ',', ';', ':', '!', '?', ')', ']', '>', '\'', '"'])
        .len();
    let (core, after) = rest.split_at(end);
    let domain_ok = |domain: &str| {
        domain.contains('.')
            && domain.split('.').all(|part| {
                !part.is_empty() && part.chars().all(|c| c.is_alphanumeric() || c == '-')
            })
    };
    let www = core.len() > 4
        && core
            .get(..4)
            .is_some_and(|w| w.eq_ignore_ascii_case("www."))
        && core
            .chars()
            .all(|c| !c.is_whitespace() && !"<>`\\".contains(c));
    let email = match core.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && local
                    .chars()
                    .all(|c| c.is_alphanumeric() || ".+_-".contains(c))
                && domain_ok(domain)
        }
        None => false,
    };
    (www || email).then_some((lead, core, after, www))
}

fn find_link_start(text: &str) -> Option<usize> {
    // Every link this looks for has "://"; most text has none.
    if !text.contains("://") {
        return None;
    }
    let lower = text.to_ascii_lowercase();
    [lower.find("https://"), lower.find("http://")]
        .into_iter()
        .flatten()
        .filter(|&i| {
            let after = &text[i..];
            let scheme = if after.to_ascii_lowercase().starts_with("https://") {
                8
            } else {
                7
            };
            after.len() > scheme && !after[scheme..].starts_with(char::is_whitespace)
        })
        .min()
}

/// Trailing spaces off every line (except Markdown hard breaks), no runs of
/// blank lines, no leading or trailing blank lines.
fn tidy(markdown: &str) -> String {
    let mut lines: Vec<&str> = Vec::new();
    let mut blank_run = 0;
    // Backticks of the open top-level code fence, if any.
    let mut fence: Option<usize> = None;
    for line in markdown.lines() {
        let ticks = line.bytes().take_while(|b| *b == b'`').count();
        let line = match fence {
            Some(open) => {
                if ticks >= open && line[ticks..].trim().is_empty() {
                    fence = None;
                }
                line
            }
            None if ticks >= 3 => {
                fence = Some(ticks);
                line
            }
            // The writer starts quotes with " > "; a heading in a quote must
            // start its line (markdownlint MD023).
            None => line
                .strip_prefix(' ')
                .filter(|l| l.starts_with('>'))
                .unwrap_or(line),
        };
        let trimmed = line.trim_end();
        // A hard line break outside code keeps its two spaces.
        let only_spaces_after = line.trim_end_matches(' ').len() == trimmed.len();
        let trimmed = if fence.is_none()
            && !trimmed.is_empty()
            && only_spaces_after
            && line.ends_with("  ")
        {
            &line[..trimmed.len() + 2]
        } else {
            trimmed
        };
        if trimmed.is_empty() {
            blank_run += 1;
            if blank_run > 1 {
                continue;
            }
            lines.push("");
        } else {
            blank_run = 0;
            lines.push(trimmed);
        }
    }
    while lines.first() == Some(&"") {
        lines.remove(0);
    }
    while lines.last() == Some(&"") {
        lines.pop();
    }
    lines.join("\n")
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
