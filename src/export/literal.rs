//! User text written so that every Markdown renderer teams publish with
//! shows it literally: CommonMark ones (GitHub's cmark-gfm, Goldmark,
//! markdown-it, pulldown-cmark), Python-Markdown (MkDocs) and pandoc.
//!
//! Backslash escapes are not enough: Python-Markdown honours `\` only
//! before ``\`*_{}[]()>#+-.!``, so `\<img …>` stays a live tag there and
//! `\$`, `\~`, `\|` show their backslash. Character references (`&lt;`,
//! `&#42;`) mean the same character in all of them, so every character
//! that could start markup is written as one. Braces are written the same
//! way, which keeps attribute lists (`{: onclick=… }`), Hugo shortcodes
//! (`{{< … >}}`) and Liquid (`{{ … }}`, `{% … %}`) from ever seeing their
//! delimiters.

/// Appends `text` to `out` so that it shows exactly as typed. With
/// `line_start`, the text begins a line, where `-`, `+`, `=`, `:` and a
/// number followed by `.` or `)` would start a list, heading underline or
/// definition.
pub fn push_literal(out: &mut String, text: &str, line_start: bool) {
    // Most text has nothing to escape: copied as it is, without looking at
    // it char by char (this runs for every word of every page).
    if !needs_escaping(text, line_start) {
        out.push_str(text);
        return;
    }
    let chars: Vec<char> = text.chars().collect();
    let list_number_end = if line_start {
        let digits = chars.iter().take_while(|c| c.is_ascii_digit()).count();
        (digits > 0 && matches!(chars.get(digits), Some('.' | ')'))).then_some(digits)
    } else {
        None
    };
    for (index, &c) in chars.iter().enumerate() {
        let previous = index.checked_sub(1).and_then(|i| chars.get(i));
        let next = chars.get(index + 1);
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' | '`' | '*' | '[' | ']' | '#' | '|' | '~' | '^' | '$' | '@' | '{' | '}' => {
                push_reference(out, c);
            }
            // An underscore between letters or digits never emphasises
            // (CommonMark, Python-Markdown, pandoc): `job_queue` stays
            // readable.
            '_' if !(previous.is_some_and(|p| p.is_alphanumeric())
                && next.is_some_and(|n| n.is_alphanumeric())) =>
            {
                push_reference(out, c);
            }
            '-' | '+' | '=' | ':' if line_start && index == 0 => push_reference(out, c),
            '.' | ')' if list_number_end == Some(index) => push_reference(out, c),
            // "www." starts an autolink literal on GitHub; a reference
            // for the dot stops it (every renderer honours `&#46;`).
            '.' if index >= 3
                && chars[index - 3..index]
                    .iter()
                    .all(|w| w.eq_ignore_ascii_case(&'w')) =>
            {
                push_reference(out, c)
            }
            _ => out.push(c),
        }
    }
}

/// Whether [`push_literal`] would write `text` other than as it is: it
/// holds a character that is escaped anywhere (all ASCII, so bytes can be
/// scanned), an `_`, a `www.`, or at a line start begins with a character
/// that is escaped there or a digit (a list number). Errs on the side of
/// `true`: the full walk then decides.
fn needs_escaping(text: &str, line_start: bool) -> bool {
    let bytes = text.as_bytes();
    if line_start
        && bytes
            .first()
            .is_some_and(|b| b.is_ascii_digit() || b"-+=:".contains(b))
    {
        return true;
    }
    bytes.iter().any(|&b| ESCAPED[usize::from(b)])
        || bytes
            .windows(4)
            .any(|w| w[3] == b'.' && w[..3].iter().all(|c| c.eq_ignore_ascii_case(&b'w')))
}

/// The bytes [`push_literal`] may escape anywhere in a line, as a table
/// (a search of a list per byte was a tenth of an export's time).
const ESCAPED: [bool; 256] = byte_set(b"<>&\\`*[]#|~^$@{}_");

/// A table of the bytes in `bytes`.
pub(super) const fn byte_set(bytes: &[u8]) -> [bool; 256] {
    let mut set = [false; 256];
    let mut index = 0;
    while index < bytes.len() {
        set[bytes[index] as usize] = true;
        index += 1;
    }
    set
}

/// `text` as [`push_literal`] writes it, not at the start of a line.
pub fn literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    push_literal(&mut out, text, false);
    out
}

fn push_reference(out: &mut String, c: char) {
    out.push_str("&#");
    out.push_str(&u32::from(c).to_string());
    out.push(';');
}

/// Whether a link target is one a reader may follow: a relative link, a
/// fragment, or `http:`, `https:` or `mailto:`. Anything else with a scheme
/// (`javascript:`, `vbscript:`, `data:`, `file:` in any case, padded or
/// with control characters inside) is not.
pub fn safe_url(url: &str) -> bool {
    let lower: String = url
        .chars()
        .filter(|c| !c.is_control() && !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    let scheme_end = lower.find(':');
    let path_end = lower.find(['/', '?', '#']);
    let has_scheme = match (scheme_end, path_end) {
        (Some(colon), Some(slash)) => colon < slash,
        (Some(_), None) => true,
        _ => false,
    };
    let allowed = ["http:", "https:", "mailto:"]
        .iter()
        .any(|s| lower.starts_with(s));
    !has_scheme || allowed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_starts_become_references_not_backslashes() {
        assert_eq!(
            literal("<img src=x onerror=alert(1)> & co"),
            "&lt;img src=x onerror=alert(1)&gt; &amp; co"
        );
        assert_eq!(literal(r"\$0 extra ~2 h"), "&#92;&#36;0 extra &#126;2 h");
        assert_eq!(literal("{: onfocus=x }"), "&#123;: onfocus=x &#125;");
        assert_eq!(literal("job_queue _x_"), "job_queue &#95;x&#95;");
    }

    #[test]
    fn line_starts_are_guarded_only_at_a_line_start() {
        let mut out = String::new();
        push_literal(&mut out, "1986. A year", true);
        assert_eq!(out, "1986&#46; A year");
        assert_eq!(literal("1986. A year"), "1986. A year");
        let mut out = String::new();
        push_literal(&mut out, "- not a list", true);
        assert_eq!(out, "&#45; not a list");
    }

    #[test]
    fn only_web_and_mail_schemes_are_safe() {
        for bad in [
            "javascript:alert(1)",
            "JAVASCRIPT:x",
            " java\tscript:x",
            "data:text/html,x",
            "vbscript:x",
            "file:///etc/passwd",
        ] {
            assert!(!safe_url(bad), "{bad}");
        }
        for good in [
            "https://x.example",
            "mailto:a@b.c",
            "0001-x.md",
            "#a",
            "a/b:c",
        ] {
            assert!(safe_url(good), "{good}");
        }
    }
}
