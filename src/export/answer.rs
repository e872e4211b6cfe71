//! A user's Markdown answer rewritten so it stays inside its section and
//! shows the same in every renderer: its headings demoted below the
//! section's, raw HTML made text, code fenced with a language, bare links
//! made autolinks, and every piece of text written literally
//! ([`super::literal`]).
//!
//! Most answers are plain paragraphs, simple lists, headings and code
//! blocks; [`super::plain_answer`] writes those straight from the text.
//! Everything else is parsed, rewritten event by event ([`Rewriter`]),
//! and written back with pulldown-cmark-to-cmark.

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Parser, Tag, TagEnd};
use pulldown_cmark_to_cmark::{Options as WriteOptions, cmark_with_options};

use super::escape::{HeadingRegistry, inline_text};

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
    // Most answers hold no control character but newlines: used as they are.
    let clean = !source
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\t'));
    let source = if clean {
        std::borrow::Cow::Borrowed(source)
    } else {
        std::borrow::Cow::Owned(without_controls(source))
    };
    if let Some(written) = super::plain_answer::write(&source, base_level, headings, context) {
        return written;
    }
    rewrite(&source, base_level, headings, context)
}

/// [`markdown_block`] the long way, for any answer (its text already
/// without control characters): parsed, rewritten and written back.
pub(super) fn rewrite(
    source: &str,
    base_level: usize,
    headings: &mut HeadingRegistry,
    context: &str,
) -> String {
    // Too deep to rewrite in linear time (see depth): literal text instead.
    if super::depth::too_deep(source) {
        return super::depth::as_code_block(source);
    }
    let events: Vec<Event> = Parser::new_ext(source, super::html::options()).collect();
    let mut rewriter = Rewriter {
        out: Vec::with_capacity(events.len()),
        demotion: Demotion::of(&events, base_level),
        headings,
        context,
        heading_start: None,
        link_depth: 0,
        in_code: false,
        image_alt_pending: false,
    };
    for event in events {
        rewriter.push(event);
    }
    write(rewriter.out, source)
}

/// Where an answer's headings go: each level it uses, by rank, to the
/// levels below the section's (`base+1`.., at most 6).
pub(super) struct Demotion {
    levels: Vec<HeadingLevel>,
    base: usize,
}

impl Demotion {
    /// The demotion of the heading levels an answer uses (in any order,
    /// repeated or not) below `base`.
    pub(super) fn new(mut levels: Vec<HeadingLevel>, base: usize) -> Demotion {
        levels.sort();
        levels.dedup();
        Demotion { levels, base }
    }

    fn of(events: &[Event], base: usize) -> Demotion {
        let levels = events
            .iter()
            .filter_map(|e| match e {
                Event::Start(Tag::Heading { level, .. }) => Some(*level),
                _ => None,
            })
            .collect();
        Demotion::new(levels, base)
    }

    /// The level a heading of `level` in the answer is written at.
    pub(super) fn level(&self, level: HeadingLevel) -> HeadingLevel {
        let rank = self.levels.iter().position(|l| *l == level).unwrap_or(0);
        heading_level(self.base + 1 + rank)
    }
}

/// The rewrite of one answer's events, taken one at a time.
struct Rewriter<'a, 'h> {
    out: Vec<Event<'a>>,
    demotion: Demotion,
    headings: &'h mut HeadingRegistry,
    /// Told apart repeated headings with (the field's label).
    context: &'h str,
    /// Where the open heading's events start in `out`.
    heading_start: Option<usize>,
    /// How many links and images are open.
    link_depth: usize,
    in_code: bool,
    /// An image is open and has shown no text yet.
    image_alt_pending: bool,
}

impl<'a> Rewriter<'a, '_> {
    fn push(&mut self, event: Event<'a>) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => self.start_heading(level),
            Event::End(TagEnd::Heading(level)) => self.end_heading(level),
            // Raw HTML is kept as visible text (the writer escapes its `<`).
            Event::Start(Tag::HtmlBlock) => self.out.push(Event::Start(Tag::Paragraph)),
            Event::End(TagEnd::HtmlBlock) => self.end_html_block(),
            Event::Html(html) => self.html_line(&html),
            Event::InlineHtml(html) => self.out.push(Event::Text(html.to_string().into())),
            Event::Start(tag @ (Tag::List(_) | Tag::BlockQuote(_))) => self.start_container(tag),
            Event::Start(Tag::CodeBlock(kind)) => self.start_code(kind),
            Event::End(TagEnd::CodeBlock) => self.end_code(),
            Event::Start(tag @ (Tag::Link { .. } | Tag::Image { .. })) => self.start_link(tag),
            Event::End(TagEnd::Link) => {
                self.link_depth = self.link_depth.saturating_sub(1);
                self.out.push(Event::End(TagEnd::Link));
            }
            Event::End(TagEnd::Image) => self.end_image(),
            Event::Text(text) => self.text(text),
            // Tabs (markdownlint MD010) become a space in text and four
            // spaces in code.
            Event::Code(code) if code.contains('\t') => {
                self.out.push(Event::Code(code.replace('\t', " ").into()));
            }
            other => self.out.push(other),
        }
    }

    fn start_heading(&mut self, level: HeadingLevel) {
        self.heading_start = Some(self.out.len());
        self.out.push(Event::Start(Tag::Heading {
            level: self.demotion.level(level),
            id: None,
            classes: Vec::new(),
            attrs: Vec::new(),
        }));
    }

    /// A heading's text is claimed from the registry, so it is unique in
    /// the document.
    fn end_heading(&mut self, level: HeadingLevel) {
        if let Some(start) = self.heading_start.take() {
            let text = plain_text(&self.out[start + 1..]);
            let claimed = self.headings.claim(text.trim(), self.context);
            self.out.truncate(start + 1);
            self.out.push(Event::Text(CowStr::from(claimed)));
        }
        self.out
            .push(Event::End(TagEnd::Heading(self.demotion.level(level))));
    }

    /// Each line of an HTML block arrives as its own event; a soft break
    /// between them keeps the lines apart.
    fn html_line(&mut self, html: &str) {
        self.out.push(Event::Text(CowStr::from(
            html.trim_end_matches('\n').to_string(),
        )));
        if html.ends_with('\n') {
            self.out.push(Event::SoftBreak);
        }
    }

    fn end_html_block(&mut self) {
        if matches!(self.out.last(), Some(Event::SoftBreak)) {
            self.out.pop();
        }
        self.out.push(Event::End(TagEnd::Paragraph));
    }

    /// Two lists (or quotes) in a row would be written with different
    /// markers or a blank quote line: they are merged into one instead.
    /// Ordered lists count from 1, as lint rules expect.
    fn start_container(&mut self, tag: Tag<'a>) {
        let merges = match (self.out.last(), &tag) {
            (Some(Event::End(TagEnd::List(ordered))), Tag::List(start)) => {
                *ordered == start.is_some()
            }
            (Some(Event::End(TagEnd::BlockQuote(_))), Tag::BlockQuote(_)) => true,
            _ => false,
        };
        if merges {
            self.out.pop();
            return;
        }
        let tag = match tag {
            Tag::List(Some(_)) => Tag::List(Some(1)),
            other => other,
        };
        self.out.push(Event::Start(tag));
    }

    fn start_code(&mut self, kind: CodeBlockKind<'a>) {
        self.in_code = true;
        let lang = match kind {
            CodeBlockKind::Fenced(lang) if !lang.trim().is_empty() => lang,
            _ => CowStr::from("text"),
        };
        self.out
            .push(Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(lang))));
    }

    /// A fence left open at the end of the answer gives code without a
    /// final newline, and the writer then leaves the fence open too,
    /// swallowing the rest of the document: the newline is added.
    fn end_code(&mut self) {
        self.in_code = false;
        match self.out.last_mut() {
            Some(Event::Text(text)) if !text.ends_with('\n') => {
                *text = CowStr::from(format!("{text}\n"));
            }
            Some(Event::Start(Tag::CodeBlock(_))) => self.out.push(Event::Text("\n".into())),
            _ => {}
        }
        self.out.push(Event::End(TagEnd::CodeBlock));
    }

    /// Reference links and images are written inline: each answer would
    /// otherwise bring its own definitions, which can clash.
    fn start_link(&mut self, tag: Tag<'a>) {
        self.link_depth += 1;
        let tag = match tag {
            Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            } => Tag::Link {
                link_type: inline_link_type(link_type),
                dest_url,
                title,
                id,
            },
            Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            } => {
                self.image_alt_pending = true;
                Tag::Image {
                    link_type: inline_link_type(link_type),
                    dest_url,
                    title,
                    id,
                }
            }
            other => other,
        };
        self.out.push(Event::Start(tag));
    }

    /// An image without text gets some: "image".
    fn end_image(&mut self) {
        if self.image_alt_pending {
            self.out.push(Event::Text(CowStr::from("image")));
        }
        self.image_alt_pending = false;
        self.link_depth = self.link_depth.saturating_sub(1);
        self.out.push(Event::End(TagEnd::Image));
    }

    /// Text outside links and code has its bare links made links; tabs
    /// become a space in text and four spaces in code.
    fn text(&mut self, text: CowStr<'a>) {
        if !self.in_code && self.link_depth == 0 {
            self.image_alt_pending = false;
            push_text_with_links(&mut self.out, &text.replace('\t', " "));
        } else if self.in_code && text.contains('\t') {
            self.out
                .push(Event::Text(text.replace('\t', "    ").into()));
        } else {
            self.image_alt_pending = false;
            self.out.push(Event::Text(text));
        }
    }
}

/// How the rewritten events are written: `-` lists, `_` emphasis, fences
/// of three backticks, ordered lists counting up.
fn write_options() -> WriteOptions<'static> {
    WriteOptions {
        list_token: '-',
        emphasis_token: '_',
        strong_token: "**",
        code_block_token: '`',
        code_block_token_count: 3,
        increment_ordered_list_bullets: true,
        ..WriteOptions::default()
    }
}

/// Writes rewritten events back as Markdown, with every piece of text made
/// literal.
fn write(events: Vec<Event<'_>>, source: &str) -> String {
    let (out, pieces) = literal_events(events);
    let mut written = String::with_capacity(source.len() + 64);
    // A private-use character in the answer could pass for a placeholder.
    let has_markers = source.contains([PIECE_START, PIECE_END]);
    if has_markers
        || cmark_with_options(
            out.iter(),
            &mut written,
            super::html::options(),
            write_options(),
        )
        .is_err()
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

/// A Markdown answer's text with line endings made `\n` and every other
/// control character (NUL, ESC, BEL, C1) made a space, as in one-line text:
/// they are invisible in a page and would reach a terminal through
/// `export` to standard output.
pub(super) fn without_controls(source: &str) -> String {
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

/// Marks around the number of a piece of text in the writer's input. The
/// writer checks that what it writes parses back to the same events, so it
/// is handed placeholders, which it writes as they are, and the text made
/// literal goes in afterwards.
pub(super) const PIECE_START: char = '\u{a66e}';
pub(super) const PIECE_END: char = '\u{a66d}';

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
