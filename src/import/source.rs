//! One decision record file read into what preflight keeps of it: title,
//! number, date, status and its history, people, tags, links by the words
//! the file used, and the prose by part. Format-specific knowledge (which
//! heading holds what, where each tool writes its metadata) lives here.

use std::collections::BTreeMap;

use jiff::civil::Date;
use serde_json::Value;

use super::front_matter::{self, Split};
use super::imported::SourceFormat;
use super::outline::{self, FoundLink};
use super::status::{compact_date, date_in, link_kind, status_in};
use crate::record::{LinkKind, Status};

/// Section headings (lowercase) and the `imported` field that holds their
/// text; `true` keeps the heading, for parts that gather several sections.
const PARTS: [(&str, &str, bool); 23] = [
    ("context", "context", false),
    ("context and problem statement", "context", false),
    ("problem statement", "context", false),
    ("background", "context", false),
    ("technical story", "story", false),
    ("decision drivers", "drivers", false),
    ("drivers", "drivers", false),
    ("considered options", "options", false),
    ("options", "options", false),
    ("decision", "decision", false),
    ("decision outcome", "decision", false),
    ("outcome", "decision", false),
    ("consequences", "consequences", false),
    ("positive consequences", "consequences", true),
    ("negative consequences", "consequences", true),
    ("confirmation", "confirmation", false),
    ("validation", "confirmation", false),
    ("pros and cons of the options", "pros_cons", false),
    ("pros and cons", "pros_cons", false),
    ("more information", "more", false),
    ("links", "more", false),
    ("references", "more", false),
    ("notes", "more", false),
];

/// The field that holds sections no other part takes, headings kept.
const OTHER: &str = "other";

/// Front matter and metadata-line keys for people, by the front matter key
/// the question set uses for them (MADR 4's names).
const PEOPLE: [(&str, &str); 4] = [
    ("deciders", "decision-makers"),
    ("decision-makers", "decision-makers"),
    ("consulted", "consulted"),
    ("informed", "informed"),
];

/// A link as the file wrote it, not yet tied to a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceLink {
    /// How the two relate.
    pub kind: LinkKind,
    /// True when the other record is the one that supersedes or amends.
    pub reverse: bool,
    /// The link's text ("3. Use Redis", "ADR-0005").
    pub text: String,
    /// Where it points, empty when the file names the record without a link.
    pub dest: String,
}

/// What one file says.
#[derive(Debug, Clone)]
pub struct SourceDoc {
    /// The file's name in its folder.
    pub file: String,
    /// How it was read.
    pub format: SourceFormat,
    /// Title, without the number.
    pub title: String,
    /// The number from the file name or the title.
    pub number: Option<u32>,
    /// The file name stem without its number, for the published name.
    pub slug: String,
    /// The decision's date, if the file gives one.
    pub date: Option<Date>,
    /// Where the decision stands now.
    pub status: Status,
    /// The status as written.
    pub status_text: String,
    /// Statuses the file names, in order, with a date when it gives one.
    pub history: Vec<(Status, Option<Date>)>,
    /// Links to other records.
    pub links: Vec<SourceLink>,
    /// People by front matter key (`decision-makers`, `consulted`, `informed`).
    pub people: Vec<(String, Vec<String>)>,
    /// Tags and categories.
    pub tags: Vec<String>,
    /// Prose by `imported` field id.
    pub parts: BTreeMap<String, String>,
    /// Sections no part takes (they are in the `other` part too), by
    /// heading: a heading that names a question's field answers it.
    pub unplaced: Vec<(String, String)>,
    /// The YAML front matter, key by key.
    pub front_matter: BTreeMap<String, Value>,
    /// Things the reader should know (no date, an unknown status...).
    pub warnings: Vec<String>,
    /// Hash of the file's bytes.
    pub hash: String,
}

/// Reads one file's text (`name` is its file name). `forced` skips format
/// detection. The error says why the file is not a decision record.
pub fn parse(name: &str, raw: &str, forced: Option<SourceFormat>) -> Result<SourceDoc, String> {
    let hash = format!("{:016x}", crate::list_index::stable_hash(raw.as_bytes()));
    let text = raw
        .strip_prefix('\u{feff}')
        .unwrap_or(raw)
        .replace("\r\n", "\n")
        .replace('\r', "\n");
    if text.trim().is_empty() {
        return Err("the file is empty".into());
    }
    let split = front_matter::split(&text)?;
    let outline = outline::outline(split.body);
    let meta = metadata_lines(outline.preamble);
    let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
    let format = match forced {
        Some(format) => format,
        None => detect(stem, &split, &outline, &meta)?,
    };
    let mut warnings = Vec::new();

    let (file_number, slug) = number_prefix(stem);
    let heading = outline
        .title
        .clone()
        .or_else(|| split.get("title").map(front_matter::value_text))
        .filter(|t| !t.trim().is_empty())
        .ok_or("no title: the file has no `# Title` heading and no `title:` in front matter")?;
    let (title_number, title) = title_number(&heading);
    let number = match (file_number, title_number) {
        (Some(a), Some(b)) if a != b => {
            warnings.push(format!(
                "the file name says number {a} but the title says {b}; {a} is used"
            ));
            Some(a)
        }
        (a, b) => a.or(b),
    };

    let mut status_text = String::new();
    let mut parts: BTreeMap<String, String> = BTreeMap::new();
    let mut unplaced: Vec<(String, String)> = Vec::new();
    let intro = meta.rest.trim();
    if !intro.is_empty() {
        append(&mut parts, OTHER, None, intro);
    }
    for (heading, body) in &outline.sections {
        let key = heading.trim().trim_end_matches(':').trim().to_lowercase();
        let body = body.trim_matches('\n').trim_end();
        if key == "status" {
            status_text = body.to_string();
            continue;
        }
        if body.trim().is_empty() {
            continue;
        }
        match PARTS.iter().find(|(h, _, _)| *h == key) {
            Some((_, field, keep)) => {
                append(&mut parts, field, keep.then_some(heading.as_str()), body)
            }
            None => {
                append(&mut parts, OTHER, Some(heading.as_str()), body);
                unplaced.push((heading.trim().to_string(), body.to_string()));
            }
        }
    }
    if let Some(story) = meta.get("technical story") {
        append(&mut parts, "story", None, story);
    }
    if status_text.is_empty() {
        status_text = split
            .get("status")
            .map(front_matter::value_text)
            .or_else(|| meta.get("status").map(str::to_string))
            .unwrap_or_default();
    }

    let (history, mut links) = read_status(&status_text);
    if let Some(more) = parts.get("more") {
        links.extend(
            outline::links(more)
                .into_iter()
                .filter_map(|found| source_link(&found)),
        );
    }
    let status = match history.last() {
        Some((status, _)) => *status,
        None if links
            .iter()
            .any(|l| l.kind == LinkKind::Supersedes && l.reverse) =>
        {
            Status::Superseded
        }
        None => {
            if status_text.trim().is_empty() {
                warnings.push("no status: imported as proposed".into());
            } else {
                warnings.push(format!(
                    "status {:?} is not one preflight knows: imported as proposed (the original is kept)",
                    outline::plain(&status_text)
                ));
            }
            Status::Proposed
        }
    };

    let date = split
        .get("date")
        .map(front_matter::value_text)
        .or_else(|| meta.get("date").map(str::to_string))
        .and_then(|d| date_in(&d))
        .or_else(|| history.iter().find_map(|(_, d)| *d))
        .or_else(|| stem.split(['-', '_']).next().and_then(compact_date));
    if date.is_none() {
        warnings.push("no date: the import date is used".into());
    }

    let mut people = Vec::new();
    for (source_key, key) in PEOPLE {
        let names = split
            .get(source_key)
            .map(front_matter::value_list)
            .or_else(|| {
                meta.get(source_key)
                    .or_else(|| meta.get(&source_key.replace('-', " ")))
                    .map(|v| comma_list(v, false))
            })
            .unwrap_or_default();
        if !names.is_empty() && !people.iter().any(|(k, _): &(String, _)| k == key) {
            people.push((key.to_string(), names));
        }
    }
    let mut tags = Vec::new();
    for key in ["tags", "tag", "categories", "category"] {
        if let Some(value) = split.get(key) {
            tags.extend(front_matter::value_list(value));
        }
        if let Some(value) = meta.get(key) {
            tags.extend(comma_list(value, true));
        }
    }
    tags.dedup();

    Ok(SourceDoc {
        file: name.to_string(),
        format,
        title,
        number,
        slug: match format {
            // log4brains names files by date, and its links use that name.
            SourceFormat::Log4brains => stem.to_string(),
            _ => slug,
        },
        date,
        status,
        status_text: status_text.trim().to_string(),
        history,
        links,
        people,
        tags,
        parts,
        unplaced,
        front_matter: front_matter::to_map(&split.keys),
        warnings,
        hash,
    })
}

/// Says which format a file is in, or why it is not a decision record.
fn detect(
    stem: &str,
    split: &Split,
    outline: &outline::Outline,
    meta: &MetaLines,
) -> Result<SourceFormat, String> {
    let headings: Vec<String> = outline
        .sections
        .iter()
        .map(|(h, _)| h.trim().to_lowercase())
        .collect();
    let has = |name: &str| headings.iter().any(|h| h == name);
    let dated_name = stem
        .split(['-', '_'])
        .next()
        .and_then(compact_date)
        .is_some();
    if split.present {
        return Ok(SourceFormat::Madr);
    }
    if meta.get("status").is_some() || meta.get("deciders").is_some() {
        return Ok(if dated_name || meta.get("tags").is_some() {
            SourceFormat::Log4brains
        } else {
            SourceFormat::Madr
        });
    }
    if has("status") || meta.get("date").is_some() {
        return Ok(SourceFormat::Nygard);
    }
    if has("context and problem statement") || has("decision outcome") {
        return Ok(if dated_name {
            SourceFormat::Log4brains
        } else {
            SourceFormat::Madr
        });
    }
    if has("context") && has("decision") {
        return Ok(SourceFormat::Nygard);
    }
    Err("not a decision record in a known format: no front matter, no `Status:` line and no `## Status`, `## Context` or `## Context and Problem Statement` section (give --format to read it anyway)".into())
}

/// The preamble's `Key: value` lines (`Date: …` in adr-tools, `* Status: …`
/// in MADR 2 and log4brains) and the rest of its text.
#[derive(Debug, Default)]
struct MetaLines {
    keys: Vec<(String, String)>,
    rest: String,
}

impl MetaLines {
    fn get(&self, key: &str) -> Option<&str> {
        self.keys
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

const META_KEYS: [&str; 10] = [
    "status",
    "date",
    "deciders",
    "decision-makers",
    "decision makers",
    "consulted",
    "informed",
    "tags",
    "categories",
    "technical story",
];

fn metadata_lines(preamble: &str) -> MetaLines {
    let mut meta = MetaLines::default();
    for line in preamble.lines() {
        let bare = line.trim().trim_start_matches(['-', '*', '+']).trim_start();
        let parsed = bare.split_once(':').and_then(|(key, value)| {
            let key = key.trim().trim_matches(['*', '_']).trim().to_lowercase();
            let value = value.trim().trim_start_matches(['*', '_']).trim();
            META_KEYS
                .contains(&key.as_str())
                .then(|| (key, without_comments(value)))
        });
        match parsed {
            Some((key, value)) => meta.keys.push((key, value)),
            None => {
                meta.rest.push_str(line);
                meta.rest.push('\n');
            }
        }
    }
    meta
}

/// Text without `<!-- … -->` comments (MADR marks optional lines with them).
fn without_comments(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("<!--") {
        out.push_str(&rest[..start]);
        rest = rest[start..]
            .find("-->")
            .map_or("", |end| &rest[start + end + 3..]);
    }
    out.push_str(rest);
    out.trim().to_string()
}

/// Names or tags from one line: commas, and for tags also spaces, part them.
fn comma_list(value: &str, spaces_too: bool) -> Vec<String> {
    value
        .split(|c: char| c == ',' || (spaces_too && c.is_whitespace()))
        .map(|v| v.trim().trim_start_matches('#').to_string())
        .filter(|v| !v.is_empty())
        .collect()
}

/// Statuses and links from a status text: each line either names a status
/// (with a date, perhaps), or relates this record to another.
fn read_status(text: &str) -> (Vec<(Status, Option<Date>)>, Vec<SourceLink>) {
    let mut history: Vec<(Status, Option<Date>)> = Vec::new();
    let mut links = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let found = outline::links(line);
        let said = match found.first() {
            Some(first) => first.verb.clone(),
            None => outline::plain(line),
        };
        let mut line_links: Vec<SourceLink> = found.iter().filter_map(source_link).collect();
        if found.is_empty()
            && let Some(link) = bare_reference(&said)
        {
            line_links.push(link);
        }
        // A line that links says a status only when it is superseded by
        // the other record ("Supersedes [2. …]" leaves this one as it was).
        let status = if line_links.is_empty() {
            status_in(&said)
        } else {
            line_links
                .iter()
                .any(|l| l.kind == LinkKind::Supersedes && l.reverse)
                .then_some(Status::Superseded)
        };
        if let Some(status) = status {
            let date = date_in(&said);
            if history.last().map(|(s, _)| *s) != Some(status) {
                history.push((status, date));
            }
        }
        links.extend(line_links);
    }
    (history, links)
}

fn source_link(found: &FoundLink) -> Option<SourceLink> {
    let (kind, reverse) = link_kind(&found.verb)?;
    Some(SourceLink {
        kind,
        reverse,
        text: found.text.clone(),
        dest: found.dest.clone(),
    })
}

/// "Superseded by ADR-0123": a relation naming a record without a link.
fn bare_reference(line: &str) -> Option<SourceLink> {
    let words: Vec<&str> = line.split_whitespace().collect();
    for take in (1..=3).rev() {
        if words.len() <= take {
            continue;
        }
        let verb = words[..take].join(" ");
        let target = words[take..].join(" ");
        if let Some((kind, reverse)) = link_kind(&verb)
            && target.chars().any(|c| c.is_ascii_digit())
        {
            return Some(SourceLink {
                kind,
                reverse,
                text: target,
                dest: String::new(),
            });
        }
    }
    None
}

/// Adds a section's text to a part; a second section in the same part (or
/// one whose heading matters) keeps its heading.
fn append(parts: &mut BTreeMap<String, String>, field: &str, heading: Option<&str>, body: &str) {
    let entry = parts.entry(field.to_string()).or_default();
    if !entry.is_empty() {
        entry.push_str("\n\n");
    }
    if let Some(heading) = heading {
        entry.push_str(&format!("## {heading}\n\n"));
    }
    entry.push_str(body);
}

/// `0007-use-redis` → (7, "use-redis"); a stem without a number is its own
/// slug. Eight digits are a date (log4brains), not a number.
pub fn number_prefix(stem: &str) -> (Option<u32>, String) {
    let digits = stem.bytes().take_while(u8::is_ascii_digit).count();
    let rest = &stem[digits..];
    if (1..=6).contains(&digits) && (rest.starts_with('-') || rest.starts_with('_')) {
        let slug = rest[1..].to_string();
        (stem[..digits].parse().ok(), slug)
    } else {
        (None, stem.to_string())
    }
}

/// `7. Use Redis`, `ADR-0007: Use Redis`, `ADR 7 - Use Redis` → (7, "Use Redis").
fn title_number(heading: &str) -> (Option<u32>, String) {
    let trimmed = heading.trim();
    let lower = trimmed.to_ascii_lowercase();
    let after_adr = lower
        .strip_prefix("adr")
        .map(|rest| rest.trim_start_matches(['-', ' ', '#']))
        .filter(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
        .map(|rest| trimmed.len() - rest.len());
    let start = after_adr.unwrap_or(0);
    let digits = trimmed[start..]
        .bytes()
        .take_while(u8::is_ascii_digit)
        .count();
    if digits == 0 || digits > 6 {
        return (None, trimmed.to_string());
    }
    let rest = &trimmed[start + digits..];
    let separated = rest.starts_with(['.', ':', ' ', '-', '–']);
    let title = rest.trim_start_matches(['.', ':', ' ', '-', '–']).trim();
    if !separated || title.is_empty() || (after_adr.is_none() && !rest.starts_with('.')) {
        return (None, trimmed.to_string());
    }
    (
        trimmed[start..start + digits].parse().ok(),
        title.to_string(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_from_titles_and_names() {
        assert_eq!(
            title_number("12. Use Redis"),
            (Some(12), "Use Redis".into())
        );
        assert_eq!(
            title_number("ADR-0007: Use Redis"),
            (Some(7), "Use Redis".into())
        );
        assert_eq!(
            title_number("ADR 7 - Use Redis"),
            (Some(7), "Use Redis".into())
        );
        assert_eq!(title_number("2024 plans"), (None, "2024 plans".into()));
        assert_eq!(title_number("3 tier"), (None, "3 tier".into()));
        assert_eq!(
            number_prefix("0003-use-redis"),
            (Some(3), "use-redis".into())
        );
        assert_eq!(
            number_prefix("20201029-superseder"),
            (None, "20201029-superseder".into())
        );
        assert_eq!(number_prefix("use-redis"), (None, "use-redis".into()));
    }

    #[test]
    fn metadata_lines_with_markup_and_comments() {
        let meta = metadata_lines(
            "\n* Status: accepted <!-- optional -->\n- **Deciders:** Ann, Bo\nSome intro.\n",
        );
        assert_eq!(meta.get("status"), Some("accepted"));
        assert_eq!(meta.get("deciders"), Some("Ann, Bo"));
        assert_eq!(meta.rest.trim(), "Some intro.");
    }
}
