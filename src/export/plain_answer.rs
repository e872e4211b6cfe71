//! The fast path of [`super::answer::markdown_block`]: most answers are
//! paragraphs of plain text, lists of one-line items, headings and fenced
//! code, and for those the rewrite changes nothing but heading levels,
//! line breaks and fence labels. Such an answer is written straight from
//! its lines, byte for byte as the full rewrite writes it, without parsing
//! it and writing it back (that round trip was a quarter of the time of
//! `export --all`).
//!
//! "Plain" is strict: letters, digits, spaces and punctuation that no
//! renderer reads as markup anywhere in a line, and lines that start with
//! a letter, so nothing in the text needs escaping and no line can start
//! another kind of block. Any other character or shape (a numbered list,
//! a link, an indented line, a lazy continuation line) takes the full
//! rewrite.
//! A test holds the two paths to the same bytes on generated answers.

use pulldown_cmark::HeadingLevel;

use super::answer::{Demotion, PIECE_END, PIECE_START};
use super::escape::HeadingRegistry;

/// One block of a plain answer, borrowing its text.
#[derive(Debug)]
enum Block<'s> {
    /// Lines of one paragraph: written with hard breaks between them.
    Paragraph(Vec<&'s str>),
    /// The items of a `-` list, without their markers; `loose` when blank
    /// lines stand between some of them (two lists in a row are one), and
    /// its items are then written a blank line apart.
    List {
        /// The items.
        items: Vec<&'s str>,
        /// Whether the list is loose.
        loose: bool,
    },
    /// An ATX heading's level and text.
    Heading(HeadingLevel, &'s str),
    /// A fenced code block: its language label and lines.
    Code(&'s str, Vec<&'s str>),
}

/// The answer written as [`super::answer::rewrite`] would write it, if it
/// is plain (see the module notes); `None` otherwise, with `headings`
/// untouched.
pub(super) fn write(
    source: &str,
    base_level: usize,
    headings: &mut HeadingRegistry,
    context: &str,
) -> Option<String> {
    // A character that could pass for the rewrite's placeholders sends
    // the answer down the full rewrite, which writes it as escaped text.
    if source.contains([PIECE_START, PIECE_END]) {
        return None;
    }
    let blocks = blocks(source)?;
    let demotion = Demotion::new(
        blocks
            .iter()
            .filter_map(|block| match block {
                Block::Heading(level, _) => Some(*level),
                _ => None,
            })
            .collect(),
        base_level,
    );
    let mut out = String::with_capacity(source.len() + 64);
    for block in &blocks {
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        match block {
            Block::Paragraph(lines) => push_joined(&mut out, lines, "  \n"),
            Block::List { items, loose } => {
                for (index, item) in items.iter().enumerate() {
                    if index > 0 {
                        out.push_str(if *loose { "\n\n" } else { "\n" });
                    }
                    out.push_str("- ");
                    out.push_str(item);
                }
            }
            Block::Heading(level, text) => {
                let claimed = headings.claim(text, context);
                for _ in 0..demotion.level(*level) as usize {
                    out.push('#');
                }
                out.push(' ');
                super::literal::push_literal(&mut out, &claimed, false);
            }
            Block::Code(label, lines) => {
                out.push_str("```");
                out.push_str(if label.is_empty() { "text" } else { label });
                out.push('\n');
                push_joined(&mut out, lines, "\n");
                out.push_str("\n```");
            }
        }
    }
    Some(out)
}

fn push_joined(out: &mut String, lines: &[&str], separator: &str) {
    for (index, line) in lines.iter().enumerate() {
        if index > 0 {
            out.push_str(separator);
        }
        out.push_str(line);
    }
}

/// The answer's blocks, if every one is plain.
fn blocks(source: &str) -> Option<Vec<Block<'_>>> {
    let mut blocks: Vec<Block> = Vec::new();
    let mut lines = source.split('\n').peekable();
    while let Some(line) = lines.next() {
        if line.is_empty() {
            continue;
        }
        let block = if let Some(label) = line.strip_prefix("```") {
            code_block(label, &mut lines)?
        } else if line.starts_with('#') {
            let (level, text) = heading(line)?;
            Block::Heading(level, text)
        } else if line.starts_with("- ") {
            let mut items = vec![item(line)?];
            while let Some(next) = lines.next_if(|l| !l.is_empty()) {
                items.push(item(next)?);
            }
            // Two lists with only blank lines between are one loose list.
            if let Some(Block::List {
                items: before,
                loose,
            }) = blocks.last_mut()
            {
                before.extend(items);
                *loose = true;
                continue;
            }
            Block::List {
                items,
                loose: false,
            }
        } else {
            let mut paragraph = vec![paragraph_line(line)?];
            while let Some(next) = lines.next_if(|l| !l.is_empty()) {
                paragraph.push(paragraph_line(next)?);
            }
            Block::Paragraph(paragraph)
        };
        // A heading or code block ends at a blank line here, so every
        // block stands apart.
        if matches!(block, Block::Heading(..) | Block::Code(..))
            && lines.peek().is_some_and(|next| !next.is_empty())
        {
            return None;
        }
        blocks.push(block);
    }
    Some(blocks)
}

/// A fence of exactly three backticks with a plain label (or none), lines
/// that hold no backtick, tilde or tab and end in no space, and a closing
/// fence of exactly three backticks.
fn code_block<'s>(
    label: &'s str,
    lines: &mut std::iter::Peekable<std::str::Split<'s, char>>,
) -> Option<Block<'s>> {
    let label_ok = label
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "_#.+-".contains(c));
    if !label_ok {
        return None;
    }
    let mut code: Vec<&str> = Vec::new();
    loop {
        let line = lines.next()?;
        if line == "```" {
            break;
        }
        let plain_code =
            !line.trim().is_empty() && !line.ends_with(' ') && !line.contains(['`', '~', '\t']);
        if !plain_code {
            return None;
        }
        code.push(line);
    }
    (!code.is_empty()).then_some(Block::Code(label, code))
}

/// `#` to `######`, one space, and plain text.
fn heading(line: &str) -> Option<(HeadingLevel, &str)> {
    let hashes = line.bytes().take_while(|b| *b == b'#').count();
    let level = match hashes {
        1 => HeadingLevel::H1,
        2 => HeadingLevel::H2,
        3 => HeadingLevel::H3,
        4 => HeadingLevel::H4,
        5 => HeadingLevel::H5,
        6 => HeadingLevel::H6,
        _ => return None,
    };
    let text = line[hashes..].strip_prefix(' ')?;
    starts_plain(text).then_some((level, text))
}

/// `- ` and plain text.
fn item(line: &str) -> Option<&str> {
    let text = line.strip_prefix("- ")?;
    starts_plain(text).then_some(text)
}

fn paragraph_line(line: &str) -> Option<&str> {
    starts_plain(line).then_some(line)
}

/// The ASCII characters plain text may hold: letters, digits, and the
/// punctuation no renderer reads as markup anywhere in a line.
const PLAIN_ASCII: [bool; 256] = {
    let mut set =
        super::literal::byte_set(b" .,;'\"()/%?!-+=:0123456789abcdefghijklmnopqrstuvwxyz");
    let mut upper = b'A';
    while upper <= b'Z' {
        set[upper as usize] = true;
        upper += 1;
    }
    set
};

/// Text that starts with a letter, holds only letters, digits, spaces and
/// punctuation that is never markup, ends in no space, and holds nothing a
/// link is made from (`://`, `www.`).
fn starts_plain(text: &str) -> bool {
    text.chars().next().is_some_and(char::is_alphabetic)
        && !text.ends_with(' ')
        && text.chars().all(|c| {
            if c.is_ascii() {
                PLAIN_ASCII[c as usize]
            } else {
                c.is_alphanumeric()
            }
        })
        && !text.contains("://")
        && !text
            .as_bytes()
            .windows(4)
            .any(|w| w.eq_ignore_ascii_case(b"www."))
}
