//! The import scanner behind the layer test: reads Rust source as tokens
//! (so paths in comments and strings do not count), follows every path that
//! starts with `crate::` or `super::` (including `use crate::{a, b::c}`
//! groups and fully qualified paths in code and macro arguments), and
//! reports each one that reaches a module in a higher layer.
//!
//! Test code is left out: an item under `#[cfg(test)]`, and a whole file
//! declared `#[cfg(test)] mod name;`. A test may build its input with a
//! higher layer (a check test parsing a record through the store); what
//! ships may not.

use std::collections::BTreeSet;

/// One layer: its name and the module paths in it (`record`,
/// `meeting::capture`). A path names a module and everything under it,
/// unless a longer path in the table claims a part of it.
pub struct Layer {
    pub name: &'static str,
    pub modules: &'static [&'static str],
    /// Why these modules sit here, for the picture in docs/architecture.md.
    pub holds: &'static str,
}

/// A Rust source file: its path under `src/` (`meeting/capture.rs`) and text.
pub struct Source {
    pub path: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    /// `::`
    Sep,
    Punct(char),
}

/// Splits Rust source into identifiers, `::` and single punctuation,
/// each with its 1-based line; comments, strings and character literals
/// are dropped.
fn tokens(text: &str) -> Vec<(Tok, usize)> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut line = 1;
    let mut i = 0;
    let at = |i: usize| chars.get(i).copied().unwrap_or('\0');
    while i < chars.len() {
        let c = chars[i];
        if c == '\n' {
            line += 1;
            i += 1;
        } else if c.is_whitespace() {
            i += 1;
        } else if c == '/' && at(i + 1) == '/' {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && at(i + 1) == '*' {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && at(i + 1) == '*' {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && at(i + 1) == '/' {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    if chars[i] == '\n' {
                        line += 1;
                    }
                    i += 1;
                }
            }
        } else if let Some(hashes) = raw_string_start(&chars, i) {
            // r"..", r#".."#, br#".."#: ends at a quote followed by as many #.
            i += chars[i..].iter().position(|&c| c == '"').unwrap_or(0) + 1;
            while i < chars.len() {
                if chars[i] == '"' && (1..=hashes).all(|k| at(i + k) == '#') {
                    i += hashes + 1;
                    break;
                }
                if chars[i] == '\n' {
                    line += 1;
                }
                i += 1;
            }
        } else if c == '"' || (c == 'b' && at(i + 1) == '"') {
            i += if c == 'b' { 2 } else { 1 };
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    i += 1;
                }
                if at(i) == '\n' {
                    line += 1;
                }
                i += 1;
            }
            i += 1;
        } else if c == '\'' {
            // A character literal ('x', '\n', '\u{1F600}') or a lifetime ('a).
            if at(i + 1) == '\\' {
                i += 2;
                while i < chars.len() && chars[i] != '\'' {
                    i += 1;
                }
                i += 1;
            } else if at(i + 2) == '\'' {
                i += 3;
            } else {
                i += 1;
            }
        } else if c.is_alphanumeric() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            // r#ident is the identifier itself.
            if word == "r" && at(i) == '#' && (at(i + 1).is_alphabetic() || at(i + 1) == '_') {
                continue;
            }
            out.push((Tok::Ident(word), line));
        } else if c == ':' && at(i + 1) == ':' {
            out.push((Tok::Sep, line));
            i += 2;
        } else {
            out.push((Tok::Punct(c), line));
            i += 1;
        }
    }
    out
}

/// The number of `#` of a raw string starting at `i`, if one does.
fn raw_string_start(chars: &[char], i: usize) -> Option<usize> {
    let mut j = i;
    if chars.get(j) == Some(&'b') {
        j += 1;
    }
    if chars.get(j) != Some(&'r') {
        return None;
    }
    // Not the tail of an identifier such as `bar"`.
    if i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_') {
        return None;
    }
    j += 1;
    let mut hashes = 0;
    while chars.get(j) == Some(&'#') {
        hashes += 1;
        j += 1;
    }
    (chars.get(j) == Some(&'"')).then_some(hashes)
}

/// The module path of a file under `src/`: `a/b.rs` and `a/b/mod.rs` are
/// `a::b`; `lib.rs` and `main.rs` are the crate root.
fn module_of(path: &str) -> Vec<String> {
    let path = path.trim_end_matches(".rs");
    let mut parts: Vec<String> = path.split('/').map(str::to_string).collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts
}

/// A path a file uses, made absolute, and the line it is on.
struct Use {
    path: Vec<String>,
    line: usize,
}

/// What one file says: the paths it uses outside test code, and the
/// child modules it declares under `#[cfg(test)]`.
struct Scanned {
    uses: Vec<Use>,
    test_children: Vec<Vec<String>>,
}

fn scan(module: &[String], text: &str) -> Scanned {
    let toks = tokens(text);
    let mut uses = Vec::new();
    let mut test_children = Vec::new();
    // Inline `mod name { .. }` blocks: (name, brace depth inside it).
    let mut inline: Vec<(String, usize)> = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    let ident = |i: usize| match toks.get(i) {
        Some((Tok::Ident(word), _)) => Some(word.as_str()),
        _ => None,
    };
    let punct = |i: usize, c: char| matches!(toks.get(i), Some((Tok::Punct(p), _)) if *p == c);
    let sep = |i: usize| matches!(toks.get(i), Some((Tok::Sep, _)));
    while i < toks.len() {
        let here: Vec<String> = module
            .iter()
            .cloned()
            .chain(inline.iter().map(|(name, _)| name.clone()))
            .collect();
        if is_cfg_test(&toks, i) {
            // Skip the attribute, any further attributes, then the item.
            let mut j = i;
            while punct(j, '#') {
                j = skip_group(&toks, j + 1);
            }
            let mut item = j;
            while matches!(ident(item), Some("pub" | "crate")) || punct(item, '(') {
                item = if punct(item, '(') {
                    skip_group(&toks, item)
                } else {
                    item + 1
                };
            }
            if ident(item) == Some("mod") && punct(item + 2, ';') {
                let mut child = here.clone();
                child.push(ident(item + 1).unwrap_or_default().to_string());
                test_children.push(child);
            }
            i = skip_item(&toks, j);
            continue;
        }
        match &toks[i].0 {
            Tok::Punct('{') => {
                depth += 1;
                if ident(i.wrapping_sub(2)) == Some("mod") {
                    let name = ident(i - 1).unwrap_or_default().to_string();
                    inline.push((name, depth));
                }
                i += 1;
            }
            Tok::Punct('}') => {
                if inline.last().is_some_and(|(_, d)| *d == depth) {
                    inline.pop();
                }
                depth = depth.saturating_sub(1);
                i += 1;
            }
            Tok::Ident(word)
                if (word == "crate" || word == "super")
                    && sep(i + 1)
                    && !sep(i.wrapping_sub(1))
                    && !punct(i.wrapping_sub(1), '$') =>
            {
                let line = toks[i].1;
                let mut base: Vec<String> = if word == "crate" {
                    i += 2;
                    Vec::new()
                } else {
                    let mut base = here.clone();
                    while ident(i) == Some("super") && sep(i + 1) {
                        base.pop();
                        i += 2;
                    }
                    base
                };
                let mut found = Vec::new();
                i = path_tree(&toks, i, &mut base, &mut found);
                uses.extend(found.into_iter().map(|path| Use { path, line }));
            }
            _ => i += 1,
        }
    }
    Scanned {
        uses,
        test_children,
    }
}

/// Reads a path or use tree starting at `i` below `prefix` (`a::b`,
/// `{a, b::{c, d}}`, `*`), pushes every full path into `out`, and returns
/// the index after it.
fn path_tree(
    toks: &[(Tok, usize)],
    mut i: usize,
    prefix: &mut Vec<String>,
    out: &mut Vec<Vec<String>>,
) -> usize {
    let start_len = prefix.len();
    loop {
        match toks.get(i).map(|t| &t.0) {
            Some(Tok::Ident(word)) => {
                if word != "self" {
                    prefix.push(word.clone());
                }
                i += 1;
                if matches!(toks.get(i), Some((Tok::Sep, _))) {
                    i += 1;
                    continue;
                }
                out.push(prefix.clone());
                break;
            }
            Some(Tok::Punct('{')) => {
                i += 1;
                while i < toks.len() && !matches!(toks[i].0, Tok::Punct('}')) {
                    if matches!(toks[i].0, Tok::Punct(',')) {
                        i += 1;
                        continue;
                    }
                    let before = i;
                    i = path_tree(toks, i, prefix, out);
                    if i == before {
                        i += 1;
                    }
                }
                i += 1;
                break;
            }
            _ => {
                // `*`, or a path ending in `::<T>`: the prefix is what is used.
                out.push(prefix.clone());
                break;
            }
        }
    }
    prefix.truncate(start_len);
    i
}

/// Whether `#[cfg(test)]` starts at `i`.
fn is_cfg_test(toks: &[(Tok, usize)], i: usize) -> bool {
    let want = [
        Tok::Punct('#'),
        Tok::Punct('['),
        Tok::Ident("cfg".into()),
        Tok::Punct('('),
        Tok::Ident("test".into()),
        Tok::Punct(')'),
        Tok::Punct(']'),
    ];
    want.iter()
        .enumerate()
        .all(|(k, tok)| toks.get(i + k).map(|t| &t.0) == Some(tok))
}

/// The index after the bracketed group (`[..]`, `(..)`, `{..}`) at `i`.
fn skip_group(toks: &[(Tok, usize)], i: usize) -> usize {
    let mut depth = 0i32;
    let mut j = i;
    while j < toks.len() {
        match toks[j].0 {
            Tok::Punct('[' | '(' | '{') => depth += 1,
            Tok::Punct(']' | ')' | '}') => {
                depth -= 1;
                if depth == 0 {
                    return j + 1;
                }
            }
            _ => {}
        }
        j += 1;
    }
    j
}

/// The index after the item starting at `i`: after its `;` or its body.
fn skip_item(toks: &[(Tok, usize)], i: usize) -> usize {
    let mut j = i;
    while j < toks.len() {
        match toks[j].0 {
            Tok::Punct(';') => return j + 1,
            Tok::Punct('{') => return skip_group(toks, j),
            Tok::Punct('(' | '[') => j = skip_group(toks, j),
            _ => j += 1,
        }
    }
    j
}

/// The layer of a module path (longest path in the table that is a prefix
/// of it) as (index, table path), or None when the table does not know it.
pub fn layer_of(layers: &[Layer], path: &[String]) -> Option<(usize, &'static str)> {
    let mut best: Option<(usize, &'static str, usize)> = None;
    for (index, layer) in layers.iter().enumerate() {
        for module in layer.modules {
            let parts: Vec<&str> = module.split("::").collect();
            let matches = parts.len() <= path.len() && parts.iter().zip(path).all(|(a, b)| a == b);
            if matches && best.is_none_or(|(_, _, len)| parts.len() > len) {
                best = Some((index, module, parts.len()));
            }
        }
    }
    best.map(|(index, module, _)| (index, module))
}

/// Every import that points up, as `src/FILE:LINE: ...` lines, plus every
/// file whose module the table does not place. Empty when the layering holds.
pub fn violations(layers: &[Layer], sources: &[Source]) -> Vec<String> {
    let scanned: Vec<(Vec<String>, Scanned)> = sources
        .iter()
        .map(|source| {
            let module = module_of(&source.path);
            let found = scan(&module, &source.text);
            (module, found)
        })
        .collect();
    let test_only: BTreeSet<Vec<String>> = scanned
        .iter()
        .flat_map(|(_, s)| s.test_children.iter().cloned())
        .collect();
    let mut problems = Vec::new();
    for (source, (module, found)) in sources.iter().zip(&scanned) {
        if module.is_empty() || test_only.iter().any(|t| module.starts_with(t)) {
            continue;
        }
        let Some((from, from_module)) = layer_of(layers, module) else {
            problems.push(format!(
                "src/{}: the module {} is in no layer; add it to the table in tests/layers/mod.rs",
                source.path,
                module.join("::")
            ));
            continue;
        };
        for used in &found.uses {
            if used.path.is_empty() || used.path.starts_with(module) {
                continue;
            }
            match layer_of(layers, &used.path) {
                Some((to, to_module)) if to > from => problems.push(format!(
                    "src/{}:{}: {from_module} ({}) uses crate::{}, in {to_module} ({}), a higher layer",
                    source.path,
                    used.line,
                    layers[from].name,
                    used.path.join("::"),
                    layers[to].name
                )),
                Some(_) => {}
                None => problems.push(format!(
                    "src/{}:{}: crate::{} is in no layer; add its module to the table in tests/layers/mod.rs",
                    source.path,
                    used.line,
                    used.path.join("::")
                )),
            }
        }
    }
    problems
}
