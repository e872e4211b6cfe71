//! Text made safe for a terminal: the one definition of which characters
//! from a record, a question set or a cache may reach a terminal, and how
//! a one-line field is kept to one line.
//!
//! Everything in a store may have been written by someone else (a
//! teammate's commit, another tool, an attacker with commit access), so
//! nothing read from disk is trusted to be free of ESC, CSI, OSC 52
//! (clipboard writes), OSC 8 (links), BEL, BS, DEL or C1 bytes. The command
//! line prints only through `cli::printer`, which uses these functions.

use std::borrow::Cow;

/// The character shown in place of anything a terminal would act on.
pub const REPLACEMENT: char = '\u{fffd}';

/// Characters that end a line on some terminal or viewer: newline, CR,
/// vertical tab, form feed, NEL (U+0085) and the Unicode line and
/// paragraph separators.
fn breaks_line(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{0b}' | '\u{0c}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// Text of several lines made safe: every control character (C0, DEL and
/// C1, which hold ESC, CSI and OSC) except newline and tab becomes U+FFFD;
/// carriage returns are dropped so no line can be overwritten in place.
pub fn block(text: &str) -> Cow<'_, str> {
    if !text
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .filter(|&c| c != '\r')
            .map(|c| {
                if c.is_control() && c != '\n' && c != '\t' {
                    REPLACEMENT
                } else {
                    c
                }
            })
            .collect(),
    )
}

/// A field that is one line by definition (a title, an owner, an action
/// item, a section title) made safe and kept to one line: a line break of
/// any kind becomes U+FFFD, so a title read from disk cannot print a forged
/// row; a tab becomes a space, so it cannot push a column about; every
/// other control character becomes U+FFFD as in [`block`].
pub fn one_line(text: &str) -> Cow<'_, str> {
    if !text
        .chars()
        .any(|c| c.is_control() || c == '\u{2028}' || c == '\u{2029}')
    {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| match c {
                '\t' => ' ',
                c if breaks_line(c) || c.is_control() => REPLACEMENT,
                c => c,
            })
            .collect(),
    )
}

/// JSON text (as serde_json writes it) with DEL and the C1 controls
/// escaped as `\u00XX` too. serde_json escapes only U+0000–U+001F, which
/// JSON requires; DEL and C1 are legal in JSON strings but a terminal acts
/// on them (U+009B is CSI). Outside strings JSON holds no such character,
/// so escaping them wherever they are keeps the JSON valid and its values
/// unchanged.
pub fn json(text: &str) -> Cow<'_, str> {
    let escaped = |c: char| ('\u{7f}'..='\u{9f}').contains(&c);
    if !text.chars().any(escaped) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if escaped(c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_keeps_lines_and_tabs_and_replaces_every_other_control() {
        let hostile = "a\x1b[31mb\x07c\x00d\x08e\x7ff\u{9b}g\u{85}h\r\ni\tj";
        assert_eq!(
            block(hostile),
            "a\u{fffd}[31mb\u{fffd}c\u{fffd}d\u{fffd}e\u{fffd}f\u{fffd}g\u{fffd}h\ni\tj"
        );
        assert!(matches!(block("plain\ttext\n"), Cow::Borrowed(_)));
    }

    #[test]
    fn one_line_never_holds_a_line_break() {
        for brk in [
            "\n", "\r", "\u{0b}", "\u{0c}", "\u{85}", "\u{2028}", "\u{2029}",
        ] {
            let text = format!("Title{brk}zzzzz  accepted  Ready  2026-11-30  Fake");
            let safe = one_line(&text);
            assert!(
                !safe.contains(breaks_line),
                "{brk:?} left a break: {safe:?}"
            );
            assert!(safe.starts_with("Title\u{fffd}"), "{safe:?}");
        }
        assert_eq!(one_line("a\tb"), "a b");
        assert_eq!(one_line("café ☕ עברית"), "café ☕ עברית");
    }

    #[test]
    fn json_escapes_del_and_c1_and_stays_the_same_value() {
        let value = serde_json::json!({"t": "a\u{7f}b\u{9b}c\u{85}d\u{1b}e"});
        let text = serde_json::to_string(&value).unwrap_or_default();
        let safe = json(&text);
        assert!(!safe.chars().any(char::is_control), "{safe}");
        assert!(
            safe.contains("\\u007f") && safe.contains("\\u009b"),
            "{safe}"
        );
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap_or_default();
        assert_eq!(back, value);
    }
}
