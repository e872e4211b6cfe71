//! How deeply a piece of Markdown nests, and a linear way out when it nests
//! too deeply. Every writer and renderer of nested Markdown repeats each
//! container's prefix on every line inside it (`> > > …`, list
//! indentation), so N nested containers cost O(N²) time and output: an
//! answer of 16,000 `>` made 384 MB of Markdown. Answers and guidance
//! deeper than [`MAX_NESTING`] are therefore shown as literal text (a code
//! block in exports, plain lines on screen), and the readiness check says
//! so. Measuring is one streaming pass of the Markdown parser, which is
//! linear for these shapes (docs/robustness.md).

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

/// The deepest nesting of block quotes and lists that is rendered as
/// Markdown. Real answers and guidance nest a handful of levels; 16 keeps
/// the worst output to 16 prefixes per line.
pub const MAX_NESTING: usize = 16;

/// How many block quotes and lists are open at the deepest point of
/// `markdown`; stops counting (and parsing) once past [`MAX_NESTING`].
pub fn nesting(markdown: &str) -> usize {
    let mut depth = 0usize;
    let mut deepest = 0usize;
    for event in Parser::new_ext(markdown, super::html::options()) {
        match event {
            Event::Start(Tag::BlockQuote(_) | Tag::List(_)) => {
                depth += 1;
                if depth > deepest {
                    deepest = depth;
                    if deepest > MAX_NESTING {
                        break;
                    }
                }
            }
            Event::End(TagEnd::BlockQuote(_) | TagEnd::List(_)) => {
                depth = depth.saturating_sub(1);
            }
            _ => {}
        }
    }
    deepest
}

/// Whether `markdown` nests deeper than [`MAX_NESTING`].
pub fn too_deep(markdown: &str) -> bool {
    nesting(markdown) > MAX_NESTING
}

/// `text` as a fenced code block whose fence no run of backticks in it can
/// close: literal text in every renderer, one line out per line in.
pub fn as_code_block(text: &str) -> String {
    let mut longest = 0usize;
    let mut run = 0usize;
    for c in text.chars() {
        if c == '`' {
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    let fence = "`".repeat(longest.max(2) + 1);
    let body = text.trim_end_matches('\n');
    format!("{fence}text\n{body}\n{fence}")
}

/// The sentence the readiness check and the screens use for an answer or
/// guidance that nests too deeply.
pub fn too_deep_note() -> String {
    format!(
        "it nests block quotes or lists more than {MAX_NESTING} levels deep, so it is shown as plain text"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_nesting_is_measured() {
        assert_eq!(nesting("plain"), 0);
        assert_eq!(nesting("> quote\n>\n> - item\n>   - inner"), 3);
        assert!(!too_deep(&"- a\n".repeat(100)));
    }

    #[test]
    fn the_hostile_shapes_are_too_deep() {
        for shape in [
            ">".repeat(16_000),
            "> ".repeat(16_000) + "x",
            "- ".repeat(32_000) + "x",
            (1..40)
                .map(|n| format!("{}- x\n", "  ".repeat(n)))
                .collect::<String>(),
        ] {
            assert!(too_deep(&shape), "{}", &shape[..40]);
        }
        // Exactly at the limit is still Markdown.
        assert!(!too_deep(&(">".repeat(MAX_NESTING) + " x")));
        assert!(too_deep(&(">".repeat(MAX_NESTING + 1) + " x")));
    }

    #[test]
    fn a_code_block_cannot_be_closed_by_the_text() {
        let block = as_code_block("a ``` b ```` c\n");
        assert!(block.starts_with("`````text\n"), "{block}");
        assert!(block.ends_with("\n`````"), "{block}");
    }
}
