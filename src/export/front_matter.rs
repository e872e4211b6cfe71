//! YAML front matter for static-site generators and MADR 4: the record's
//! title, id, status, dates and tags, then every answer whose field names a
//! `front_matter` key in the question set (MADR's `decision-makers`,
//! `consulted`, `informed` in the production set).
//!
//! Every string is written double-quoted with escapes, so no title or
//! answer can end the block, start a comment, or turn into another type.

use crate::questionnaire::QuestionSet;
use crate::record::{Answer, Record};

/// Keys written for every record, before any the set declares.
pub const BUILT_IN_KEYS: [&str; 7] = ["title", "id", "status", "date", "updated", "number", "tags"];

/// The front matter block, `---` lines included, ending with a newline.
/// Answers that are blank or unknown are left out (the body shows them);
/// a key the set declares twice, or one that clashes with a built-in key,
/// is written once, first come first served.
pub fn render(set: &QuestionSet, record: &Record) -> String {
    let mut out = String::from("---\n");
    let mut push = |key: &str, value: String| {
        out.push_str(&yaml_key(key));
        out.push_str(": ");
        out.push_str(&value);
        out.push('\n');
    };
    push("title", quote(&record.title));
    push("id", quote(record.id.as_str()));
    push("status", quote(record.status.name()));
    push("date", record.created.strftime("%Y-%m-%d").to_string());
    push("updated", record.updated.strftime("%Y-%m-%d").to_string());
    if let Some(number) = record.number {
        push("number", number.to_string());
    }
    push("tags", list(&record.tags));

    let mut used: Vec<String> = BUILT_IN_KEYS.iter().map(|k| k.to_string()).collect();
    for (_, field) in set.fields() {
        let Some(key) = field.front_matter.as_deref().map(str::trim) else {
            continue;
        };
        if key.is_empty() || used.iter().any(|k| k == key) {
            continue;
        }
        let value = match record.answer(field) {
            Some(Answer::Text(text)) => quote(text.trim()),
            Some(Answer::Flag(flag)) => flag.to_string(),
            Some(Answer::Words(words)) => list(&words),
            // Blank, unknown and tables have no one-line value.
            None | Some(Answer::Unknown { .. }) | Some(Answer::Rows(_)) => continue,
        };
        used.push(key.to_string());
        push(key, value);
    }
    // An imported record keeps the keys of its original front matter
    // (MADR 3's `deciders`, a team's own keys) that nothing above wrote.
    if let Some(imported) = &record.imported {
        for (key, value) in &imported.front_matter {
            if key.trim().is_empty() || used.iter().any(|k| k.eq_ignore_ascii_case(key)) {
                continue;
            }
            let Some(value) = kept_value(value) else {
                continue;
            };
            used.push(key.clone());
            push(key, value);
        }
    }
    out.push_str("---\n");
    out
}

/// An original front matter value as YAML: text quoted, numbers and
/// yes/no as they were, lists of text as a flow list; nested maps and
/// lists of lists are left out, since nothing reads them back.
fn kept_value(value: &serde_json::Value) -> Option<String> {
    use serde_json::Value;
    match value {
        Value::String(text) => Some(quote(text)),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Array(items) => {
            let texts: Option<Vec<String>> = items
                .iter()
                .map(|item| match item {
                    Value::String(text) => Some(text.clone()),
                    Value::Number(n) => Some(n.to_string()),
                    Value::Bool(b) => Some(b.to_string()),
                    _ => None,
                })
                .collect();
            texts.map(|t| list(&t))
        }
        Value::Null | Value::Object(_) => None,
    }
}

/// A key as written: plain when it is a simple word, quoted otherwise.
fn yaml_key(key: &str) -> String {
    let simple = key.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if simple { key.to_string() } else { quote(key) }
}

/// A flow list of quoted strings: `["a", "b"]`, or `[]`.
fn list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|i| quote(i)).collect();
    format!("[{}]", quoted.join(", "))
}

/// A YAML double-quoted scalar holding exactly `text`: `"` and `\` are
/// escaped, and so is every character YAML does not allow as is or reads
/// as a line break (C0 and C1 controls, DEL, U+2028, U+2029, the BOM and
/// the non-characters U+FFFE and U+FFFF). `<`, `>`, `&` and braces are
/// written as `\x3c`-style escapes too.
pub fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\0' => out.push_str("\\0"),
            '\u{85}' => out.push_str("\\N"),
            '\u{2028}' => out.push_str("\\L"),
            '\u{2029}' => out.push_str("\\P"),
            c if (c as u32) < 0x20 || ('\u{7f}'..='\u{9f}').contains(&c) => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            // The same characters for every YAML reader, but no tag, entity,
            // attribute list or template tag for a Markdown renderer that
            // does not know front matter and reads the block as text.
            '<' | '>' | '&' | '{' | '}' => out.push_str(&format!("\\x{:02x}", c as u32)),
            '\u{feff}' | '\u{fffe}' | '\u{ffff}' => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::quote;

    #[test]
    fn quoting_escapes_what_yaml_reads_specially() {
        assert_eq!(quote(r#"a "b" \c"#), r#""a \"b\" \\c""#);
        assert_eq!(quote("one\ntwo\r\tx\u{7}"), r#""one\ntwo\r\tx\x07""#);
        assert_eq!(quote("\u{2028}\u{85}\u{feff}"), r#""\L\N\ufeff""#);
        assert_eq!(quote("emoji 🚀 数据"), "\"emoji 🚀 数据\"");
        assert_eq!(
            quote("<script> & {{< x >}}"),
            r#""\x3cscript\x3e \x26 \x7b\x7b\x3c x \x3e\x7d\x7d""#
        );
    }
}
