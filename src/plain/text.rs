//! Words for plain mode: guidance Markdown as plain paragraphs, wrapping to
//! short lines, answers described in a line, and choices matched from what
//! was typed.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use unicode_width::UnicodeWidthStr;

use crate::questionnaire::{ChoiceOption, Field, FieldKind};
use crate::record::{Answer, Row};

/// One block of guidance text: a paragraph, or an item of a list (items
/// are printed without blank lines between them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// The text, without Markdown syntax; may hold newlines (code blocks,
    /// hard breaks).
    pub text: String,
    /// A list item, printed with a hanging indent.
    pub item: bool,
}

/// Guidance Markdown as plain blocks: emphasis and backticks dropped, links
/// followed by their address, list items marked with `-` or their number.
pub fn markdown_blocks(markdown: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut current = String::new();
    let mut item = false;
    let mut lists: Vec<Option<u64>> = Vec::new();
    let mut links: Vec<String> = Vec::new();
    let mut flush = |current: &mut String, item: &mut bool| {
        let text = current.trim();
        if !text.is_empty() {
            blocks.push(Block {
                text: text.to_string(),
                item: *item,
            });
        }
        current.clear();
        *item = false;
    };
    for event in Parser::new(markdown) {
        match event {
            Event::Text(text) | Event::Code(text) | Event::Html(text) | Event::InlineHtml(text) => {
                current.push_str(&text);
            }
            Event::InlineMath(text) | Event::DisplayMath(text) => current.push_str(&text),
            Event::SoftBreak => current.push(' '),
            Event::HardBreak => current.push('\n'),
            Event::TaskListMarker(done) => current.push_str(if done { "[x] " } else { "[ ] " }),
            Event::Start(Tag::List(start)) => {
                flush(&mut current, &mut item);
                lists.push(start);
            }
            Event::End(TagEnd::List(_)) => {
                flush(&mut current, &mut item);
                lists.pop();
            }
            Event::Start(Tag::Item) => {
                flush(&mut current, &mut item);
                item = true;
                match lists.last_mut() {
                    Some(Some(number)) => {
                        current.push_str(&format!("{number}. "));
                        *number += 1;
                    }
                    _ => current.push_str("- "),
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) => links.push(dest_url.to_string()),
            Event::End(TagEnd::Link) => {
                if let Some(url) = links.pop()
                    && !url.is_empty()
                    && !current.ends_with(url.as_str())
                {
                    current.push_str(&format!(" ({url})"));
                }
            }
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::CodeBlock
                | TagEnd::Item
                | TagEnd::BlockQuote(_),
            )
            | Event::Rule => flush(&mut current, &mut item),
            _ => {}
        }
    }
    flush(&mut current, &mut item);
    blocks
}

/// Wraps text to lines of at most `width` columns where there are spaces
/// to break at; lines after the first are indented by `hang` spaces.
/// Newlines in the text are kept.
pub fn wrap(text: &str, width: usize, hang: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let indent = " ".repeat(hang);
    for (number, source) in text.split('\n').enumerate() {
        let lead: String = source.chars().take_while(|c| *c == ' ').collect();
        let mut line = if number == 0 {
            lead
        } else {
            format!("{indent}{lead}")
        };
        let mut words = false;
        for word in source.split_whitespace() {
            if !words {
                line.push_str(word);
                words = true;
            } else if line.width() + 1 + word.width() <= width {
                line.push(' ');
                line.push_str(word);
            } else {
                lines.push(std::mem::take(&mut line));
                line = format!("{indent}{word}");
            }
        }
        lines.push(line);
    }
    lines
}

/// "yes" or "no".
fn yes_no(flag: bool) -> &'static str {
    if flag { "yes" } else { "no" }
}

/// An answer as lines of plain text: one line for most kinds, one per line
/// for Markdown, one per row for tables.
pub fn describe(field: &Field, answer: &Answer) -> Vec<String> {
    match answer {
        Answer::Unknown { note: None } => vec!["unknown".into()],
        Answer::Unknown { note: Some(note) } => vec![format!("unknown ({note})")],
        Answer::Text(text) => match field.kind {
            FieldKind::Choice | FieldKind::Rating => vec![
                field
                    .option(text.trim())
                    .map_or(text.as_str(), ChoiceOption::display)
                    .to_string(),
            ],
            _ => text.lines().map(str::to_string).collect(),
        },
        Answer::Flag(flag) => vec![yes_no(*flag).into()],
        Answer::Words(words) => vec![words.join(", ")],
        Answer::Rows(rows) => rows
            .iter()
            .enumerate()
            .map(|(index, row)| format!("Row {}: {}", index + 1, describe_row(field, row)))
            .collect(),
    }
}

/// The summary cells of a table row, as "Label: value; Label: value".
pub fn describe_row(field: &Field, row: &Row) -> String {
    let cells: Vec<String> = field
        .summary_columns()
        .into_iter()
        .filter_map(|column| {
            let cell = row.get(&column.id)?;
            Some(format!(
                "{}: {}",
                column.label,
                describe(column, cell).join(" / ")
            ))
        })
        .collect();
    if cells.is_empty() {
        "(no summary cells filled in)".into()
    } else {
        cells.join("; ")
    }
}

/// The option a typed answer names: its number, its value or label
/// (any case), or the start of exactly one label or value.
pub fn match_choice<'a>(field: &'a Field, typed: &str) -> Result<&'a ChoiceOption, String> {
    let typed = typed.trim();
    let lower = typed.to_lowercase();
    let options = &field.options;
    if let Some(option) = options
        .iter()
        .find(|o| o.value.to_lowercase() == lower || o.display().to_lowercase() == lower)
    {
        return Ok(option);
    }
    let count = options.len();
    if let Ok(number) = typed.parse::<usize>() {
        return number
            .checked_sub(1)
            .and_then(|index| options.get(index))
            .ok_or_else(|| format!("{number} is not a choice; type a number from 1 to {count}"));
    }
    let matches: Vec<&ChoiceOption> = options
        .iter()
        .filter(|o| {
            o.display().to_lowercase().starts_with(&lower)
                || o.value.to_lowercase().starts_with(&lower)
        })
        .collect();
    match matches.as_slice() {
        [one] => Ok(one),
        [] => Err(format!(
            "{typed:?} is not one of the choices; type a number from 1 to {count}"
        )),
        many => Err(format!(
            "{typed:?} could be {}; type more of it, or its number",
            many.iter()
                .map(|o| format!("{:?}", o.display()))
                .collect::<Vec<_>>()
                .join(" or ")
        )),
    }
}
