//! A decision record: metadata, status, and the answers keyed by field id.
//! Blank (absent), explicit Unknown and a real answer are three states.

use std::collections::BTreeMap;
use std::fmt;

use jiff::Timestamp;
use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use crate::questionnaire::{Binding, Field, QuestionSet};

/// The record file format this build writes and the newest it reads.
pub const SCHEMA_VERSION: u32 = 1;

/// Where a decision stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Being written.
    Draft,
    /// Put forward for a decision.
    Proposed,
    /// Decided: go.
    Accepted,
    /// Decided: no.
    Rejected,
    /// Replaced by a later record.
    Superseded,
    /// No longer applies.
    Deprecated,
}

impl Status {
    /// Every status, in lifecycle order.
    pub const ALL: [Status; 6] = [
        Status::Draft,
        Status::Proposed,
        Status::Accepted,
        Status::Rejected,
        Status::Superseded,
        Status::Deprecated,
    ];

    /// The lowercase name used in files and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Proposed => "proposed",
            Status::Accepted => "accepted",
            Status::Rejected => "rejected",
            Status::Superseded => "superseded",
            Status::Deprecated => "deprecated",
        }
    }

    /// Capitalised, for documents.
    pub fn title(self) -> &'static str {
        match self {
            Status::Draft => "Draft",
            Status::Proposed => "Proposed",
            Status::Accepted => "Accepted",
            Status::Rejected => "Rejected",
            Status::Superseded => "Superseded",
            Status::Deprecated => "Deprecated",
        }
    }

    /// Parses a status name, case-insensitively.
    pub fn parse(text: &str) -> Option<Status> {
        let text = text.trim().to_ascii_lowercase();
        Status::ALL.into_iter().find(|s| s.name() == text)
    }
}

// Here rather than in meeting/: a record holds its meetings, so the
// meeting data does not know records (docs/architecture.md).
impl crate::meeting::Decision {
    /// The record status this outcome suggests; applied only when the
    /// facilitator confirms.
    pub fn status(self) -> Status {
        use crate::meeting::Decision;
        match self {
            Decision::Go | Decision::GoWithConditions => Status::Accepted,
            Decision::NotYet => Status::Proposed,
            Decision::No => Status::Rejected,
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One row of a list or grid answer: column id → answer. Grid rows also hold
/// their row id under `"row"`.
pub type Row = BTreeMap<String, Answer>;

/// Key that names a grid row inside a stored row.
pub const GRID_ROW_KEY: &str = "row";

/// An answer that is present: either a real value or an explicit Unknown.
/// A blank answer is simply absent.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    /// "We do not know yet", said on purpose, with an optional note.
    Unknown {
        /// Why it is unknown or who could find out.
        note: Option<String>,
    },
    /// Text of any text-like kind (text, markdown, choice, rating, person,
    /// date, url).
    Text(String),
    /// A yes/no answer.
    Flag(bool),
    /// A list of short words (tags).
    Words(Vec<String>),
    /// Rows of a list or grid.
    Rows(Vec<Row>),
}

impl Answer {
    /// An Unknown with no note.
    pub fn unknown() -> Answer {
        Answer::Unknown { note: None }
    }

    /// True for an explicit Unknown.
    pub fn is_unknown(&self) -> bool {
        matches!(self, Answer::Unknown { .. })
    }

    /// True when the value carries nothing (empty text, no rows), which the
    /// store treats as blank.
    pub fn is_empty(&self) -> bool {
        match self {
            Answer::Unknown { .. } | Answer::Flag(_) => false,
            Answer::Text(text) => text.trim().is_empty(),
            Answer::Words(words) => words.iter().all(|w| w.trim().is_empty()),
            Answer::Rows(rows) => rows.iter().all(row_is_empty),
        }
    }

    /// The text of a text-like answer.
    pub fn as_text(&self) -> Option<&str> {
        match self {
            Answer::Text(text) => Some(text),
            _ => None,
        }
    }

    /// The answer as a short comparable string, as rule conditions see it:
    /// text as is, yes/no as `yes`/`no`, words joined with commas.
    pub fn comparable(&self) -> Option<String> {
        match self {
            Answer::Text(text) => Some(text.trim().to_string()),
            Answer::Flag(true) => Some("yes".into()),
            Answer::Flag(false) => Some("no".into()),
            Answer::Words(words) => Some(words.join(", ")),
            Answer::Unknown { .. } | Answer::Rows(_) => None,
        }
    }

    /// Rows of a table answer.
    pub fn rows(&self) -> &[Row] {
        match self {
            Answer::Rows(rows) => rows,
            _ => &[],
        }
    }

    /// Trims away blank cells and blank rows so that stored data only holds
    /// what was said; `None` when nothing is left.
    pub fn normalized(self) -> Option<Answer> {
        let answer = match self {
            Answer::Words(words) => Answer::Words(
                words
                    .into_iter()
                    .map(|w| w.trim().to_string())
                    .filter(|w| !w.is_empty())
                    .collect(),
            ),
            Answer::Rows(rows) => Answer::Rows(
                rows.into_iter()
                    .map(|row| {
                        row.into_iter()
                            .filter_map(|(k, v)| v.normalized().map(|v| (k, v)))
                            .collect::<Row>()
                    })
                    .filter(|row| !row_is_empty(row))
                    .collect(),
            ),
            Answer::Unknown { note } => Answer::Unknown {
                note: note.filter(|n| !n.trim().is_empty()),
            },
            other => other,
        };
        (!answer.is_empty()).then_some(answer)
    }
}

/// A row is empty when no cell other than the grid row id holds anything.
pub fn row_is_empty(row: &Row) -> bool {
    row.iter()
        .all(|(key, value)| key == GRID_ROW_KEY || value.is_empty())
}

impl Serialize for Answer {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        answer_to_json(self).serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Answer {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Answer, D::Error> {
        let value = Value::deserialize(deserializer)?;
        answer_from_json(&value).map_err(D::Error::custom)
    }
}

/// The JSON form of an answer: a string, a bool, an array of strings, an
/// array of row objects, or `{"unknown": true, "note": "…"}`.
pub fn answer_to_json(answer: &Answer) -> Value {
    match answer {
        Answer::Unknown { note } => {
            let mut map = Map::new();
            map.insert("unknown".into(), Value::Bool(true));
            if let Some(note) = note {
                map.insert("note".into(), Value::String(note.clone()));
            }
            Value::Object(map)
        }
        Answer::Text(text) => Value::String(text.clone()),
        Answer::Flag(flag) => Value::Bool(*flag),
        Answer::Words(words) => Value::Array(words.iter().cloned().map(Value::String).collect()),
        Answer::Rows(rows) => Value::Array(
            rows.iter()
                .map(|row| {
                    Value::Object(
                        row.iter()
                            .map(|(k, v)| (k.clone(), answer_to_json(v)))
                            .collect(),
                    )
                })
                .collect(),
        ),
    }
}

/// Reads the JSON form written by [`answer_to_json`].
pub fn answer_from_json(value: &Value) -> Result<Answer, String> {
    match value {
        Value::String(text) => Ok(Answer::Text(text.clone())),
        Value::Bool(flag) => Ok(Answer::Flag(*flag)),
        Value::Object(map) => unknown_from_json(map),
        Value::Array(items) if items.iter().all(Value::is_string) => Ok(Answer::Words(
            items
                .iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect(),
        )),
        Value::Array(items) => {
            let mut rows = Vec::with_capacity(items.len());
            for (index, item) in items.iter().enumerate() {
                let Value::Object(cells) = item else {
                    return Err(format!("row {} is not an object", index + 1));
                };
                let mut row = Row::new();
                for (key, cell) in cells {
                    let cell = answer_from_json(cell)
                        .map_err(|e| format!("row {}, {key}: {e}", index + 1))?;
                    row.insert(key.clone(), cell);
                }
                rows.push(row);
            }
            Ok(Answer::Rows(rows))
        }
        Value::Null => Err("null is not an answer (leave the field out for blank)".into()),
        Value::Number(_) => Err("a number is not an answer; write it as text".into()),
    }
}

fn unknown_from_json(map: &Map<String, Value>) -> Result<Answer, String> {
    if map.get("unknown") != Some(&Value::Bool(true)) {
        return Err("an object answer must be {\"unknown\": true}".into());
    }
    let note = match map.get("note") {
        None | Some(Value::Null) => None,
        Some(Value::String(note)) => Some(note.clone()),
        Some(_) => return Err("\"note\" of an unknown answer must be text".into()),
    };
    if let Some(key) = map.keys().find(|k| *k != "unknown" && *k != "note") {
        return Err(format!("unexpected key {key:?} in an unknown answer"));
    }
    Ok(Answer::Unknown { note })
}

/// Which question set (and version) a record was answered against.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetRef {
    /// The set's id.
    pub id: String,
    /// The set's version at the time.
    pub version: String,
    /// Keys written by a newer preflight, kept as they are so saving here
    /// does not lose them.
    #[serde(flatten)]
    pub unknown_keys: BTreeMap<String, Value>,
}

/// A decision record as stored: one JSON file per record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// Record file format version.
    pub schema: u32,
    /// Random id, stable for the record's life; never reused.
    pub id: RecordId,
    /// Short title.
    pub title: String,
    /// Where the decision stands.
    pub status: Status,
    /// Who proposed it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub author: String,
    /// Words to find it by.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// The question set it was answered against.
    pub set: SetRef,
    /// When it was created.
    pub created: Timestamp,
    /// When it last changed.
    pub updated: Timestamp,
    /// Answers by field id; a missing key is a blank answer.
    #[serde(default)]
    pub answers: BTreeMap<String, Answer>,
    /// Position in the published sequence (`0007-…` in the adr layout),
    /// assigned once, when first accepted or first exported, and kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<u32>,
    /// The file name stem it is published under, assigned at first export
    /// and kept so wiki links survive title edits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slug: Option<String>,
    /// When to look at the decision again; `list` and `check` flag it after.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review_by: Option<jiff::civil::Date>,
    /// Status changes, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<StatusChange>,
    /// Links this record makes to others; reverse links are derived.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<Link>,
    /// Design reviews held on this record, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub meetings: Vec<crate::meeting::Meeting>,
    /// Where the decision came from when `preflight import` brought it in
    /// from another tool, and the original text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub imported: Option<crate::import::imported::Imported>,
    /// Keys written by a newer preflight, kept as they are.
    #[serde(flatten)]
    pub unknown_keys: BTreeMap<String, Value>,
}

impl Record {
    /// A new draft record for a set.
    pub fn new(id: RecordId, title: &str, set: &QuestionSet, now: Timestamp) -> Record {
        let now = crate::clock::to_second(now);
        Record {
            schema: SCHEMA_VERSION,
            id,
            title: title.trim().to_string(),
            status: Status::Draft,
            author: String::new(),
            tags: Vec::new(),
            set: SetRef {
                id: set.id.clone(),
                version: set.version.clone(),
                unknown_keys: BTreeMap::new(),
            },
            created: now,
            updated: now,
            answers: BTreeMap::new(),
            number: None,
            slug: None,
            review_by: None,
            history: Vec::new(),
            links: Vec::new(),
            meetings: Vec::new(),
            imported: None,
            unknown_keys: BTreeMap::new(),
        }
    }

    /// The answer to a top-level field, reading bound fields from metadata.
    pub fn answer(&self, field: &Field) -> Option<Answer> {
        let bound = match field.bind {
            Some(Binding::Title) => Some(Answer::Text(self.title.clone())),
            Some(Binding::Author) => Some(Answer::Text(self.author.clone())),
            Some(Binding::Tags) => Some(Answer::Words(self.tags.clone())),
            Some(Binding::ReviewBy) => self.review_by.map(|d| Answer::Text(d.to_string())),
            None => None,
        };
        match bound.and_then(Answer::normalized) {
            Some(answer) => Some(answer),
            None => self.answers.get(&field.id).cloned(),
        }
    }

    /// Sets (or with `None`, clears) the answer to a top-level field,
    /// writing bound fields to metadata. Empty values are stored as blank.
    pub fn set_answer(&mut self, field: &Field, answer: Option<Answer>) {
        let answer = answer.and_then(Answer::normalized);
        if let Some(binding) = field.bind {
            let (text, words) = match &answer {
                Some(Answer::Text(text)) => (text.trim().to_string(), Vec::new()),
                Some(Answer::Words(words)) => (String::new(), words.clone()),
                _ => (String::new(), Vec::new()),
            };
            match binding {
                Binding::Title => self.title = text.clone(),
                Binding::Author => self.author = text.clone(),
                Binding::Tags => self.tags = words,
                Binding::ReviewBy => self.review_by = text.parse().ok(),
            }
            let unparsed_date =
                binding == Binding::ReviewBy && !text.is_empty() && self.review_by.is_none();
            if answer.as_ref().is_some_and(Answer::is_unknown) {
                if let Some(unknown) = answer.clone() {
                    self.answers.insert(field.id.clone(), unknown);
                }
            } else if unparsed_date {
                // Not a date yet: keep the text as typed so nothing is lost;
                // the check reports it.
                self.answers.insert(field.id.clone(), Answer::Text(text));
            } else {
                self.answers.remove(&field.id);
            }
            return;
        }
        match answer {
            Some(answer) => {
                self.answers.insert(field.id.clone(), answer);
            }
            None => {
                self.answers.remove(&field.id);
            }
        }
    }

    /// Puts a title or author that comes from outside the fields (`--title`,
    /// `--author`, the author setting, "Replace: …" on supersede, the
    /// meeting's title) on the record: through the set's field bound to it
    /// when the set has one, so the answer and the record agree; else on the
    /// record's own title or author, so a set that does not ask for it still
    /// gets it. Every front door (CLI, plain mode, wizard) calls this, so
    /// they cannot disagree. `Tags` and `ReviewBy` are not text and have no
    /// such fallback: without their field nothing changes.
    pub fn set_bound_text(&mut self, set: &QuestionSet, binding: Binding, value: &str) {
        match set.bound_field(binding) {
            Some(field) => self.set_answer(field, Some(Answer::Text(value.to_string()))),
            None => match binding {
                Binding::Title => self.title = value.trim().to_string(),
                Binding::Author => self.author = value.trim().to_string(),
                Binding::Tags | Binding::ReviewBy => {}
            },
        }
    }

    /// Answers whose field id the given set does not have (from an older
    /// version of the set, or hand edits). Exports still show them.
    pub fn orphan_answers<'a>(&'a self, set: &QuestionSet) -> Vec<(&'a str, &'a Answer)> {
        self.answers
            .iter()
            .filter(|(id, _)| set.field(id).is_none())
            .map(|(id, answer)| (id.as_str(), answer))
            .collect()
    }
}

/// One status change: what it became, when, and who made it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusChange {
    /// The new status.
    pub status: Status,
    /// When.
    pub date: Timestamp,
    /// Who made the change.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub by: String,
    /// Keys written by a newer preflight, kept as they are so saving here
    /// does not lose them.
    #[serde(flatten)]
    pub unknown_keys: BTreeMap<String, Value>,
}

/// How one record relates to another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LinkKind {
    /// This record replaces the target (which becomes superseded).
    Supersedes,
    /// This record changes part of the target.
    Amends,
    /// Related, no precedence.
    RelatesTo,
}

impl LinkKind {
    /// Every kind.
    pub const ALL: [LinkKind; 3] = [LinkKind::Supersedes, LinkKind::Amends, LinkKind::RelatesTo];

    /// The name used on the command line and in files.
    pub fn name(self) -> &'static str {
        match self {
            LinkKind::Supersedes => "supersedes",
            LinkKind::Amends => "amends",
            LinkKind::RelatesTo => "relates-to",
        }
    }

    /// How the link reads from this record ("Supersedes").
    pub fn forward_label(self) -> &'static str {
        match self {
            LinkKind::Supersedes => "Supersedes",
            LinkKind::Amends => "Amends",
            LinkKind::RelatesTo => "Relates to",
        }
    }

    /// How the link reads from the target's side ("Superseded by").
    pub fn reverse_label(self) -> &'static str {
        match self {
            LinkKind::Supersedes => "Superseded by",
            LinkKind::Amends => "Amended by",
            LinkKind::RelatesTo => "Relates to",
        }
    }

    /// Parses a kind name.
    pub fn parse(text: &str) -> Option<LinkKind> {
        let text = text.trim().to_ascii_lowercase().replace('_', "-");
        LinkKind::ALL.into_iter().find(|k| k.name() == text)
    }
}

/// A link from this record to another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    /// How they relate.
    pub kind: LinkKind,
    /// The other record.
    pub target: RecordId,
    /// Keys written by a newer preflight, kept as they are so saving here
    /// does not lose them.
    #[serde(flatten)]
    pub unknown_keys: BTreeMap<String, Value>,
}

impl Record {
    /// Changes the status and records who did it and when; a no-op if the
    /// status is already this one.
    pub fn set_status(&mut self, status: Status, by: &str, now: Timestamp) -> bool {
        if self.status == status {
            return false;
        }
        let now = crate::clock::to_second(now);
        self.status = status;
        self.history.push(StatusChange {
            status,
            date: now,
            by: by.trim().to_string(),
            unknown_keys: BTreeMap::new(),
        });
        self.updated = now;
        true
    }

    /// This record's answers under a new id, as a new draft: its own
    /// published name, number, history and links stay with the original,
    /// so the two never collide in an export.
    pub fn copy_as(&self, id: RecordId, now: Timestamp) -> Record {
        let now = crate::clock::to_second(now);
        Record {
            id,
            title: format!("{} (copy)", self.title),
            status: Status::Draft,
            created: now,
            updated: now,
            number: None,
            slug: None,
            history: Vec::new(),
            links: Vec::new(),
            // The copy is not the file it came from: a re-import must
            // still find exactly one record for that file.
            imported: None,
            ..self.clone()
        }
    }

    /// Adds a link unless it is already there (a stored link with keys
    /// from a newer preflight is still the same link).
    pub fn add_link(&mut self, kind: LinkKind, target: &RecordId) -> bool {
        if self
            .links
            .iter()
            .any(|l| l.kind == kind && &l.target == target)
        {
            return false;
        }
        self.links.push(Link {
            kind,
            target: target.clone(),
            unknown_keys: BTreeMap::new(),
        });
        true
    }
}

/// Records that `new` replaces `old`: `old` becomes superseded (its history
/// says who and when) and `new` gets a `supersedes` link to it. The one
/// definition of superseding, for the command line and the wizard.
pub fn supersede(old: &mut Record, new: &mut Record, by: &str, now: Timestamp) {
    old.set_status(Status::Superseded, by, now);
    if new.add_link(LinkKind::Supersedes, &old.id) {
        new.updated = crate::clock::to_second(now);
    }
}

/// Links seen from a record: its own, and those other records make to it
/// (shown with the reverse label).
pub fn links_of<'a>(record: &'a Record, all: &'a [Record]) -> Vec<(&'static str, &'a RecordId)> {
    let mut out: Vec<(&'static str, &RecordId)> = record
        .links
        .iter()
        .map(|l| (l.kind.forward_label(), &l.target))
        .collect();
    for other in all.iter().filter(|r| r.id != record.id) {
        for link in other.links.iter().filter(|l| l.target == record.id) {
            out.push((link.kind.reverse_label(), &other.id));
        }
    }
    out
}

/// A record id: lowercase Crockford base32, random, so two people creating
/// records in separate clones never collide.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct RecordId(String);

/// The characters ids are made of (Crockford base32, lowercase).
const ID_ALPHABET: &[u8; 32] = b"0123456789abcdefghjkmnpqrstvwxyz";

/// Length of a generated id: 16 characters, 80 random bits.
pub const ID_LENGTH: usize = 16;

impl RecordId {
    /// A fresh random id.
    pub fn generate() -> Result<RecordId, getrandom::Error> {
        let mut bytes = [0u8; ID_LENGTH];
        getrandom::fill(&mut bytes)?;
        Ok(RecordId(
            bytes
                .iter()
                .map(|b| ID_ALPHABET[usize::from(b & 31)] as char)
                .collect(),
        ))
    }

    /// Accepts an id only if it is made of id characters, so an id can never
    /// name a path outside the store.
    pub fn parse(text: &str) -> Option<RecordId> {
        // Crockford base32 without i, l, o, u; a match, not a search of
        // the alphabet, since listing a store parses every id.
        let is_id_char = |b: u8| matches!(b, b'0'..=b'9' | b'a'..=b'h' | b'j' | b'k' | b'm' | b'n' | b'p'..=b't' | b'v'..=b'z');
        let ok = !text.is_empty() && text.len() <= 64 && text.bytes().all(is_id_char);
        ok.then(|| RecordId(text.to_string()))
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for RecordId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for RecordId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<RecordId, D::Error> {
        let text = String::deserialize(deserializer)?;
        RecordId::parse(&text).ok_or_else(|| {
            D::Error::custom(format!(
                "record id {text:?} must be lowercase letters and digits (Crockford base32)"
            ))
        })
    }
}

/// Shortest prefix length (at least `min`) that tells every id in the list
/// apart; the same length is used for all, so handles line up in lists.
pub fn handle_length(ids: &[&RecordId], min: usize) -> usize {
    let mut sorted: Vec<&str> = ids.iter().map(|id| id.as_str()).collect();
    sorted.sort_unstable();
    let mut length = min;
    for pair in sorted.windows(2) {
        let common = pair[0]
            .bytes()
            .zip(pair[1].bytes())
            .take_while(|(a, b)| a == b)
            .count();
        length = length.max(common + 1);
    }
    length
}

/// The shortest handle a user types; lists show at least this many characters.
pub const HANDLE_MIN: usize = 5;
