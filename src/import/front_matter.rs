//! YAML front matter of an imported file (MADR 3.x and 4.x): split from the
//! body and read with yaml-rust2 into JSON values, key by key.

use std::collections::BTreeMap;

use serde_json::Value;
use yaml_rust2::{Yaml, YamlLoader};

/// A file split into its front matter (keys in file order) and its body.
#[derive(Debug, Default)]
pub struct Split<'a> {
    /// The front matter's keys and values, in the order written.
    pub keys: Vec<(String, Value)>,
    /// Whether the file had a front matter block at all.
    pub present: bool,
    /// The Markdown after the block.
    pub body: &'a str,
}

impl Split<'_> {
    /// The value of a key, matched case-insensitively.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.keys
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v)
    }
}

/// Splits `text` (LF line ends) into front matter and body. A file that
/// does not start with a `---` line has none; one whose block is not a YAML
/// mapping, or does not close, is an error that says which line.
pub fn split(text: &str) -> Result<Split<'_>, String> {
    let Some(rest) = text.strip_prefix("---\n") else {
        return Ok(Split {
            body: text,
            ..Split::default()
        });
    };
    let mut offset = 0;
    let mut end = None;
    for line in rest.split_inclusive('\n') {
        let bare = line.trim_end();
        if bare == "---" || bare == "..." {
            end = Some((offset, offset + line.len()));
            break;
        }
        offset += line.len();
    }
    let Some((yaml_end, body_start)) = end else {
        return Err(
            "the front matter starting on line 1 never ends: add a line with only `---` after it"
                .into(),
        );
    };
    let yaml = &rest[..yaml_end];
    let docs = YamlLoader::load_from_str(yaml).map_err(|err| {
        format!(
            "front matter, line {} column {}: {} (fix the YAML between the `---` lines)",
            err.marker().line() + 1,
            err.marker().col(),
            err.info()
        )
    })?;
    let keys = match docs.into_iter().next() {
        None | Some(Yaml::Null) => Vec::new(),
        Some(Yaml::Hash(hash)) => hash
            .into_iter()
            .map(|(key, value)| (scalar_text(&key), to_json(value)))
            .collect(),
        Some(_) => {
            return Err(
                "the front matter is not a list of `key: value` lines (a YAML mapping)".into(),
            );
        }
    };
    Ok(Split {
        keys,
        present: true,
        body: &rest[body_start..],
    })
}

/// A YAML value as JSON: numbers stay numbers when they fit, dates (which
/// YAML leaves as plain scalars) stay text.
fn to_json(yaml: Yaml) -> Value {
    match yaml {
        Yaml::String(text) => Value::String(text),
        Yaml::Integer(n) => Value::from(n),
        Yaml::Real(text) => text
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map_or(Value::String(text), Value::Number),
        Yaml::Boolean(b) => Value::Bool(b),
        Yaml::Array(items) => Value::Array(items.into_iter().map(to_json).collect()),
        Yaml::Hash(hash) => Value::Object(
            hash.into_iter()
                .map(|(k, v)| (scalar_text(&k), to_json(v)))
                .collect(),
        ),
        Yaml::Null | Yaml::BadValue | Yaml::Alias(_) => Value::Null,
    }
}

fn scalar_text(yaml: &Yaml) -> String {
    match yaml {
        Yaml::String(text) | Yaml::Real(text) => text.clone(),
        Yaml::Integer(n) => n.to_string(),
        Yaml::Boolean(b) => b.to_string(),
        _ => String::new(),
    }
}

/// A front matter value as text ("a, b" for a list), for one-line fields.
pub fn value_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.trim().to_string(),
        Value::Array(items) => items
            .iter()
            .map(value_text)
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .join(", "),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// A front matter value as a list of names or words: a YAML list item by
/// item, or one string split at commas.
pub fn value_list(value: &Value) -> Vec<String> {
    let items: Vec<String> = match value {
        Value::Array(items) => items.iter().map(value_text).collect(),
        other => value_text(other).split(',').map(str::to_string).collect(),
    };
    items
        .into_iter()
        .map(|i| i.trim().to_string())
        .filter(|i| !i.is_empty())
        .collect()
}

/// The front matter as a map for the record (file order is not kept).
pub fn to_map(keys: &[(String, Value)]) -> BTreeMap<String, Value> {
    keys.iter().cloned().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_dates_and_nesting_come_through() {
        let text = "---\nstatus: accepted\ndate: 2024-03-01\ndecision-makers:\n  - Ann Lee\n  - Bo\ninformed: [ops, \"#payments\"]\n---\n# Title\n";
        let split = split(text).expect("valid");
        assert!(split.present);
        assert_eq!(split.body, "# Title\n");
        assert_eq!(split.get("DATE"), Some(&Value::String("2024-03-01".into())));
        assert_eq!(
            value_list(split.get("decision-makers").expect("key")),
            ["Ann Lee", "Bo"]
        );
        assert_eq!(
            value_list(split.get("informed").expect("key")),
            ["ops", "#payments"]
        );
    }

    #[test]
    fn broken_yaml_names_the_line() {
        let err = split("---\nstatus: accepted\ndate: [2024\n---\nbody").expect_err("invalid");
        assert!(err.contains("front matter, line"), "{err}");
        let err = split("---\nstatus: accepted\n").expect_err("unclosed");
        assert!(err.contains("never ends"), "{err}");
        let err = split("---\n- a\n- b\n---\n").expect_err("not a mapping");
        assert!(err.contains("not a list of `key: value`"), "{err}");
    }

    #[test]
    fn no_front_matter_is_all_body() {
        let split = split("# T\n---\n").expect("fine");
        assert!(!split.present);
        assert_eq!(split.body, "# T\n---\n");
    }
}
