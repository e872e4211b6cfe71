//! The phrase lists content rules read ("TBD", "customers would complain",
//! "alert"): English defaults from `questionnaires/phrases.json`, plus the
//! words a set adds under `"phrases"`, compiled once per set so checking
//! 10,000 records matches each cell in one pass per list.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::OnceLock;

use aho_corasick::AhoCorasick;

/// The built-in lists, as JSON: list name → phrases.
pub const DEFAULT_PHRASES_JSON: &str = include_str!("../../questionnaires/phrases.json");

/// Texts longer than this (in bytes) are never a whole-answer placeholder;
/// long Markdown answers skip the normalising work.
const LONGEST_WHOLE: usize = 80;

/// One list, ready to match in three ways.
#[derive(Debug, Default)]
struct List {
    /// Normalised phrases, for "the whole answer is one of these".
    whole: HashSet<String>,
    /// Normalised phrases, for "the answer starts with one of these".
    starts: Vec<String>,
    /// Phrases padded with spaces, for "the answer mentions one of these"
    /// on word boundaries.
    mentions: Option<AhoCorasick>,
    /// Bytes in the longest phrase: a longer text is never the whole
    /// phrase, and only this much of a text can start with one.
    longest: usize,
}

/// Every phrase list of a set, compiled.
#[derive(Debug, Default)]
pub struct Phrases {
    lists: HashMap<String, List>,
}

/// Lowercase words separated by single spaces: punctuation, symbols and
/// typographic quotes do not change what a phrase matches ("N/A", "n/a"
/// and "n a" are the same; "we’d" is "we'd").
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = true;
    for c in text.chars() {
        let c = match c {
            '\u{2019}' | '\u{2018}' | '`' | '\u{b4}' => '\'',
            c => c,
        };
        if c.is_ascii_alphanumeric() || c == '\'' {
            out.push(c.to_ascii_lowercase());
            space = false;
        } else if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
            space = false;
        } else if !space {
            out.push(' ');
            space = true;
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

impl Phrases {
    /// The built-in lists with `extra` added (a list the defaults do not
    /// have is new). Phrases that normalise to nothing are dropped.
    pub fn build(extra: &BTreeMap<String, Vec<String>>) -> Phrases {
        // The built-in file is part of the build and checked by a test.
        let mut words: BTreeMap<String, Vec<String>> =
            serde_json::from_str(DEFAULT_PHRASES_JSON).unwrap_or_default();
        for (name, added) in extra {
            words
                .entry(name.clone())
                .or_default()
                .extend(added.iter().cloned());
        }
        let lists = words
            .into_iter()
            .map(|(name, phrases)| {
                let normalized: Vec<String> = phrases
                    .iter()
                    .map(|p| normalize(p))
                    .filter(|p| !p.is_empty())
                    .collect();
                let padded: Vec<String> = normalized.iter().map(|p| format!(" {p} ")).collect();
                let list = List {
                    longest: normalized.iter().map(String::len).max().unwrap_or(0),
                    whole: normalized.iter().cloned().collect(),
                    mentions: AhoCorasick::new(&padded).ok(),
                    starts: normalized,
                };
                (name, list)
            })
            .collect();
        Phrases { lists }
    }

    /// Whether the whole text, normalised, is one of the list's phrases.
    pub fn is_whole(&self, list: &str, text: &str) -> bool {
        if text.len() > LONGEST_WHOLE {
            return false;
        }
        self.lists
            .get(list)
            .is_some_and(|l| l.whole.contains(&normalize(text)))
    }

    /// Whether the text starts with one of the list's phrases as whole
    /// words ("TBD: ask Sam" starts with "tbd"; "Todor" does not).
    pub fn starts_with(&self, list: &str, text: &str) -> bool {
        let Some(l) = self.lists.get(list) else {
            return false;
        };
        let head: String = text.chars().take(LONGEST_WHOLE).collect();
        let head = normalize(&head);
        l.starts.iter().any(|p| {
            head.strip_prefix(p.as_str())
                .is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
        })
    }

    /// Whether the text mentions one of the list's phrases, on word
    /// boundaries ("notice" is not found in "noticeable").
    pub fn mentions(&self, list: &str, text: &str) -> bool {
        let Some(matcher) = self.lists.get(list).and_then(|l| l.mentions.as_ref()) else {
            return false;
        };
        let mut padded = String::with_capacity(text.len() + 2);
        padded.push(' ');
        padded.push_str(&normalize(text));
        padded.push(' ');
        matcher.is_match(&padded)
    }

    /// Whether the text is a placeholder by the `placeholder` (whole
    /// answer) and `placeholder_start` lists. Only the head of the text is
    /// normalised, once: checking a long answer costs no more than a short
    /// one.
    pub fn is_placeholder_text(&self, text: &str) -> bool {
        let (Some(whole), Some(starts)) = (
            self.lists.get("placeholder"),
            self.lists.get("placeholder_start"),
        ) else {
            return false;
        };
        // Punctuation and spaces shrink when normalised: allow for them.
        let reach = whole.longest.max(starts.longest) * 2 + 8;
        let head: &str = match text.char_indices().nth(reach) {
            Some((end, _)) => &text[..end],
            None => text,
        };
        let head = normalize(head);
        let is_whole = text.len() < reach && whole.whole.contains(&head);
        is_whole
            || starts.starts.iter().any(|p| {
                head.strip_prefix(p.as_str())
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
            })
    }

    /// Whether every word of the text is in the list (as one-word
    /// phrases): "Revert the deploy" is all generic words.
    pub fn only_words_of(&self, list: &str, text: &str) -> bool {
        let Some(l) = self.lists.get(list) else {
            return false;
        };
        let normalized = normalize(text);
        !normalized.is_empty() && normalized.split(' ').all(|w| l.whole.contains(w))
    }
}

/// A set's compiled phrase lists, built on first use and kept with the set.
/// It is derived data: cloning a set starts a fresh cache, and two sets
/// compare equal whatever their caches hold.
#[derive(Default)]
pub struct PhraseCache(OnceLock<Phrases>);

impl PhraseCache {
    /// The compiled lists for `extra` (the set's own `phrases`), built
    /// once.
    pub fn get(&self, extra: &BTreeMap<String, Vec<String>>) -> &Phrases {
        self.0.get_or_init(|| Phrases::build(extra))
    }
}

impl Clone for PhraseCache {
    fn clone(&self) -> PhraseCache {
        PhraseCache::default()
    }
}

impl PartialEq for PhraseCache {
    fn eq(&self, _other: &PhraseCache) -> bool {
        true
    }
}

impl std::fmt::Debug for PhraseCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PhraseCache")
    }
}
