//! Synthetic stores for benchmarks: realistic records made from a question
//! set and a seed, so the same seed always gives the same store.
//!
//! Every value is chosen by walking the set's fields by kind, so the records
//! answer whatever set is given (the wizard's rule: no field ids here). A
//! record answers every question, has 5 to 20 rows in each list, and a few
//! of its Markdown answers are long (a few KB). Some records supersede
//! earlier ones, some were reviewed in meetings, most have a stored
//! published name, and every record ever accepted has a number.

use jiff::{SignedDuration, Timestamp};

use crate::meeting::{Attendee, Decision, Item, ItemKind, Meeting, Outcome, Role};
use crate::questionnaire::{Binding, Field, FieldKind, QuestionSet};
use crate::record::{Answer, GRID_ROW_KEY, LinkKind, Record, RecordId, Row, Status};
use crate::store::{Store, StoreError};

/// Bumped whenever the generator's output changes, so cached benchmark
/// stores (named with it) are made again.
pub const VERSION: u32 = 4;

/// A small, fast, seedable generator (SplitMix64): no dependency, and the
/// sequence is fixed forever, which a benchmark corpus needs.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator for a seed.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            return 0;
        }
        (self.next_u64() % n as u64) as usize
    }

    /// A number in `low..=high`.
    pub fn between(&mut self, low: usize, high: usize) -> usize {
        low + self.below(high.saturating_sub(low) + 1)
    }

    /// True with probability `percent`/100.
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    /// One item of a non-empty slice.
    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const WORDS: &[&str] = &[
    "session",
    "cache",
    "queue",
    "primary",
    "replica",
    "latency",
    "timeout",
    "retry",
    "budget",
    "deploy",
    "rollback",
    "schema",
    "migration",
    "index",
    "shard",
    "region",
    "failover",
    "alert",
    "dashboard",
    "on-call",
    "runbook",
    "capacity",
    "throughput",
    "error",
    "rate",
    "limit",
    "backfill",
    "consumer",
    "producer",
    "partition",
    "lease",
    "lock",
    "quorum",
    "snapshot",
    "restore",
    "checksum",
    "feature",
    "flag",
    "canary",
    "traffic",
    "customer",
    "checkout",
    "payment",
    "login",
    "search",
    "upload",
    "report",
    "export",
    "billing",
    "invoice",
    "the",
    "a",
    "when",
    "after",
    "before",
    "every",
    "some",
    "most",
    "users",
    "requests",
    "writes",
    "reads",
    "within",
    "minutes",
    "seconds",
    "hours",
    "is",
    "are",
    "was",
    "stays",
    "drops",
    "grows",
    "fails",
    "recovers",
    "pages",
    "we",
    "they",
    "nobody",
    "only",
    "still",
    "again",
];

const PEOPLE: &[&str] = &[
    "Priya Shah",
    "Marco Bianchi",
    "Sam Okafor",
    "Dana Ruiz",
    "Lena Novak",
    "Kenji Sato",
    "Aisha Bello",
    "Tomás Silva",
    "Mei Lin",
    "Oskar Berg",
    "platform-oncall rotation",
    "payments-oncall rotation",
];

const TAGS: &[&str] = &[
    "sessions",
    "postgres",
    "redis",
    "queue",
    "payments",
    "search",
    "auth",
    "storage",
    "network",
    "billing",
    "mobile",
    "api",
    "batch",
    "observability",
    "security",
];

const TOPICS: &[&str] = &[
    "Move user sessions to Redis",
    "Send e-mail through a job queue",
    "Shard the orders table by region",
    "Replace the search cluster",
    "Cache product pages at the edge",
    "Split billing into its own service",
    "Rate-limit the public API per key",
    "Move file uploads to object storage",
    "Run nightly reports on a replica",
    "Adopt feature flags for checkout",
    "Retire the legacy login service",
    "Batch webhook deliveries",
];

/// A sentence of `words` words, capitalised, with a full stop.
fn sentence(rng: &mut Rng, words: usize) -> String {
    let mut out = String::new();
    for i in 0..words.max(1) {
        let word = rng.pick(WORDS);
        if i == 0 {
            let mut chars = word.chars();
            if let Some(first) = chars.next() {
                out.extend(first.to_uppercase());
                out.push_str(chars.as_str());
            }
        } else {
            out.push(' ');
            out.push_str(word);
        }
    }
    out.push('.');
    out
}

/// One line of text of about `words` words, without a full stop.
fn phrase(rng: &mut Rng, words: usize) -> String {
    let mut text = sentence(rng, words);
    text.pop();
    text
}

/// Markdown of at least `bytes` bytes, as people write answers: paragraphs
/// typed as one long line each (the wizard soft-wraps them), bullet lists,
/// the odd code block and heading.
pub fn markdown(rng: &mut Rng, bytes: usize) -> String {
    let mut out = String::new();
    while out.len() < bytes {
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        match rng.below(10) {
            0 => {
                out.push_str("### ");
                out.push_str(&phrase(rng, 4));
            }
            1 | 2 => {
                for i in 0..rng.between(2, 5) {
                    if i > 0 {
                        out.push('\n');
                    }
                    out.push_str("- ");
                    out.push_str(&{
                        let n = rng.between(5, 14);
                        sentence(rng, n)
                    });
                }
            }
            3 => {
                out.push_str("```sh\n");
                for _ in 0..rng.between(1, 4) {
                    out.push_str("kubectl rollout undo deploy/");
                    out.push_str(rng.pick(WORDS));
                    out.push('\n');
                }
                out.push_str("```");
            }
            _ => {
                for i in 0..rng.between(2, 7) {
                    if i > 0 {
                        out.push(' ');
                    }
                    out.push_str(&{
                        let n = rng.between(6, 18);
                        sentence(rng, n)
                    });
                }
            }
        }
    }
    out
}

/// Sizes of the long Markdown answers: a few per record, a few KB each.
const LONG_ANSWERS: usize = 3;

/// An answer for one field (or table column), chosen by its kind.
fn answer_for(rng: &mut Rng, field: &Field, long: bool, rows: usize) -> Answer {
    match field.kind {
        // Most one-line answers carry a figure, as real ones do ("p99
        // above 300 ms", "$600 a month"); the readiness rules look for it.
        FieldKind::Text => Answer::Text({
            let n = rng.between(2, 8);
            let mut text = phrase(rng, n);
            if rng.chance(95) {
                let unit = rng.pick(&["minutes", "ms", "%", "GB", "USD a month", "days"]);
                text.push_str(&format!(" above {} {unit}", rng.between(2, 900)));
            }
            text
        }),
        FieldKind::Markdown if long => Answer::Text({
            let n = rng.between(1_500, 6_000);
            markdown(rng, n)
        }),
        FieldKind::Markdown => Answer::Text({
            let n = rng.between(80, 600);
            markdown(rng, n)
        }),
        FieldKind::Choice | FieldKind::Rating => match field.options.len() {
            0 => Answer::Text(phrase(rng, 2)),
            n => Answer::Text(field.options[rng.below(n)].value.clone()),
        },
        FieldKind::Person => Answer::Text(rng.pick(PEOPLE).to_string()),
        FieldKind::Date => Answer::Text(format!(
            "20{:02}-{:02}-{:02}",
            rng.between(24, 27),
            rng.between(1, 12),
            rng.between(1, 28)
        )),
        FieldKind::Url => Answer::Text(format!(
            "https://wiki.example.com/runbooks/{}",
            rng.pick(WORDS)
        )),
        FieldKind::YesNo => Answer::Flag(rng.chance(70)),
        FieldKind::Tags => Answer::Words(
            (0..rng.between(1, 3))
                .map(|_| rng.pick(TAGS).to_string())
                .collect(),
        ),
        FieldKind::People => Answer::Words(
            (0..rng.between(1, 3))
                .map(|_| rng.pick(PEOPLE).to_string())
                .collect(),
        ),
        FieldKind::List => Answer::Rows(
            (0..rows)
                .map(|_| {
                    field
                        .columns
                        .iter()
                        .map(|c| (c.id.clone(), answer_for(rng, c, false, 0)))
                        .collect()
                })
                .collect(),
        ),
        FieldKind::Grid => Answer::Rows(
            field
                .rows
                .iter()
                .map(|grid_row| {
                    let mut row: Row = field
                        .columns
                        .iter()
                        .map(|c| (c.id.clone(), answer_for(rng, c, false, 0)))
                        .collect();
                    row.insert(GRID_ROW_KEY.into(), Answer::Text(grid_row.id.clone()));
                    row
                })
                .collect(),
        ),
    }
}

/// A deterministic record id from the generator.
fn record_id(rng: &mut Rng) -> RecordId {
    const ALPHABET: &[u8; 32] = b"0123456789abcdefghjkmnpqrstvwxyz";
    let text: String = (0..crate::record::ID_LENGTH)
        .map(|_| ALPHABET[rng.below(32)] as char)
        .collect();
    // Every character comes from the id alphabet: parsing cannot fail.
    RecordId::parse(&text).expect("generated ids use the id alphabet")
}

/// One realistic record answering every field of `set`, created at
/// `created`. `failure_rows` sets the row count of every list (5 to 20 in a
/// generated store).
pub fn record(set: &QuestionSet, rng: &mut Rng, created: Timestamp, failure_rows: usize) -> Record {
    let id = record_id(rng);
    let topic = rng.pick(TOPICS);
    let mut record = Record::new(id, topic, set, created);
    let markdown_fields: Vec<&str> = set
        .fields()
        .filter(|(_, f)| f.kind == FieldKind::Markdown)
        .map(|(_, f)| f.id.as_str())
        .collect();
    let mut long: Vec<&str> = Vec::new();
    for _ in 0..LONG_ANSWERS.min(markdown_fields.len()) {
        long.push(markdown_fields[rng.below(markdown_fields.len())]);
    }
    for (_, field) in set.fields() {
        let answer = match field.bind {
            Some(Binding::Title) => Answer::Text(format!("{topic} ({})", phrase(rng, 3))),
            Some(Binding::ReviewBy) => Answer::Text(format!(
                "20{:02}-{:02}-{:02}",
                rng.between(25, 28),
                rng.between(1, 12),
                rng.between(1, 28)
            )),
            _ => answer_for(rng, field, long.contains(&field.id.as_str()), failure_rows),
        };
        record.set_answer(field, Some(answer));
    }
    record
}

/// A design review held on `record` after `start`: attendees, time per
/// question, captured items and a decision.
fn meeting(rng: &mut Rng, set: &QuestionSet, start: Timestamp, actions: &mut u32) -> Meeting {
    let sections: Vec<String> = set
        .sections
        .iter()
        .filter(|s| s.numbered)
        .map(|s| s.id.clone())
        .collect();
    let mut meeting = Meeting::start(start, &sections, 10);
    meeting.agenda = phrase(rng, 8);
    for (i, name) in PEOPLE.iter().take(rng.between(3, 6)).enumerate() {
        meeting.attendees.push(Attendee {
            name: (*name).to_string(),
            role: if i == 0 {
                Role::Decider
            } else {
                Role::ALL[rng.below(Role::ALL.len())]
            },
            unknown_keys: Default::default(),
        });
    }
    let mut used = 0;
    for question in &mut meeting.questions {
        question.used_seconds = rng.between(120, 900) as u64;
        used += question.used_seconds;
    }
    for i in 0..rng.between(3, 10) {
        let kind = ItemKind::ALL[rng.below(ItemKind::ALL.len())];
        let action = kind == ItemKind::Action;
        meeting.items.push(Item {
            kind,
            section: sections
                .get(rng.below(sections.len()))
                .cloned()
                .unwrap_or_default(),
            text: sentence(rng, 9),
            owner: if action {
                rng.pick(PEOPLE).to_string()
            } else {
                String::new()
            },
            due: None,
            by: rng.pick(PEOPLE).to_string(),
            done: action && rng.chance(50),
            field: None,
            // Actions are numbered within their record, as captured.
            number: action.then(|| {
                *actions += 1;
                *actions
            }),
            at: start + SignedDuration::from_mins(2 * i as i64 + 1),
            unknown_keys: Default::default(),
        });
    }
    meeting.ended = Some(start + SignedDuration::from_secs(used as i64 + 300));
    meeting.outcome = Some(Outcome {
        decision: Decision::ALL[rng.below(Decision::ALL.len())],
        conditions: if rng.chance(40) {
            sentence(rng, 10)
        } else {
            String::new()
        },
        decided_by: vec![PEOPLE[0].to_string()],
        unknown_keys: Default::default(),
    });
    meeting
}

/// What [`generate`] makes.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// How many records.
    pub records: usize,
    /// The seed: the same seed gives the same records.
    pub seed: u64,
}

/// The records of a synthetic store, oldest first: spread over about three
/// years, mostly accepted, one in ten superseded by a later record (linked
/// both ways as `supersede` does), most already published (slug, number).
pub fn records(set: &QuestionSet, options: Options) -> Vec<Record> {
    let mut rng = Rng::new(options.seed);
    // A fixed start, not the clock: the corpus must not depend on today.
    let start: Timestamp = "2023-01-02T09:00:00Z"
        .parse()
        .unwrap_or(Timestamp::UNIX_EPOCH);
    let span = SignedDuration::from_hours(24 * 365 * 3);
    let step = span / i32::try_from(options.records.max(1)).unwrap_or(i32::MAX);
    let mut out: Vec<Record> = Vec::with_capacity(options.records);
    for i in 0..options.records {
        let created = start + step * i32::try_from(i).unwrap_or(i32::MAX);
        let rows = rng.between(5, 20);
        let mut record = record(set, &mut rng, created, rows);
        let decided = created + SignedDuration::from_hours(rng.between(2, 24 * 20) as i64);
        let person = rng.pick(PEOPLE);
        record.set_status(
            Status::Proposed,
            person,
            created + SignedDuration::from_hours(1),
        );
        match rng.below(10) {
            0 => {}
            1 => {
                record.set_status(Status::Rejected, person, decided);
            }
            _ => {
                record.set_status(Status::Accepted, person, decided);
            }
        }
        // Three in ten were reviewed in a meeting (the odd one twice).
        if rng.chance(30) {
            let mut actions = 0;
            for _ in 0..rng.between(1, 2) {
                let start = created + SignedDuration::from_hours(rng.between(1, 24 * 7) as i64);
                record
                    .meetings
                    .push(meeting(&mut rng, set, start, &mut actions));
            }
        }
        if rng.chance(85) {
            record.slug = Some(format!(
                "{}-{}",
                crate::export::slug_for(&record.title),
                i + 1
            ));
        }
        // Numbered on acceptance; drafts never are.
        if record.history.iter().any(|c| c.status == Status::Accepted) {
            record.number = Some(u32::try_from(i + 1).unwrap_or(u32::MAX));
        }
        // One in ten supersedes an accepted record from a little earlier.
        if i > 10 && rng.chance(10) {
            let old = i - rng.between(1, 10);
            if out[old].status == Status::Accepted {
                let when = record.updated;
                out[old].set_status(Status::Superseded, person, when);
                out[old].updated = out[old].updated.max(when);
                let target = out[old].id.clone();
                record.add_link(LinkKind::Supersedes, &target);
            }
        }
        out.push(record);
    }
    out
}

/// Writes a synthetic store into `store` (which should be empty); returns
/// how many records were written.
pub fn generate(store: &Store, set: &QuestionSet, options: Options) -> Result<usize, StoreError> {
    let records = records(set, options);
    store.save_all(&records)?;
    Ok(records.len())
}

/// A record whose one list field has `rows` rows (the export benchmark's
/// 200-row record).
pub fn record_with_rows(set: &QuestionSet, seed: u64, rows: usize) -> Record {
    let mut rng = Rng::new(seed);
    let created: Timestamp = "2025-06-02T09:00:00Z"
        .parse()
        .unwrap_or(Timestamp::UNIX_EPOCH);
    record(set, &mut rng, created, rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::production;

    #[test]
    fn the_same_seed_gives_the_same_records() {
        let set = production();
        let options = Options {
            records: 30,
            seed: 7,
        };
        assert_eq!(records(&set, options), records(&set, options));
        let other = records(&set, Options { seed: 8, ..options });
        assert_ne!(records(&set, options)[0].id, other[0].id);
    }

    #[test]
    fn records_answer_every_question_and_pass_validation() {
        let set = production();
        for record in records(
            &set,
            Options {
                records: 40,
                seed: 1,
            },
        ) {
            for (_, field) in set.fields() {
                let answer = record.answer(field);
                let answer = answer.unwrap_or_else(|| panic!("{} is blank", field.id));
                crate::questionnaire::validate_answer(field, &answer)
                    .unwrap_or_else(|e| panic!("{}: {e}", field.id));
                if field.kind == FieldKind::List {
                    assert!((5..=20).contains(&answer.rows().len()), "{}", field.id);
                }
            }
        }
    }

    #[test]
    fn a_store_mixes_statuses_links_and_long_answers() {
        let set = production();
        let all = records(
            &set,
            Options {
                records: 200,
                seed: 3,
            },
        );
        assert!(all.iter().any(|r| r.status == Status::Superseded));
        assert!(all.iter().any(|r| !r.links.is_empty()));
        assert!(all.iter().any(|r| r.slug.is_none()));
        let longest = all
            .iter()
            .flat_map(|r| r.answers.values())
            .filter_map(Answer::as_text)
            .map(str::len)
            .max()
            .unwrap_or(0);
        assert!(longest >= 2_000, "longest answer {longest}");
        let mut slugs: Vec<&String> = all.iter().filter_map(|r| r.slug.as_ref()).collect();
        slugs.sort();
        slugs.dedup();
        assert_eq!(slugs.len(), all.iter().filter(|r| r.slug.is_some()).count());
    }

    #[test]
    fn markdown_reaches_the_size_asked_for() {
        let mut rng = Rng::new(5);
        let text = markdown(&mut rng, 100_000);
        assert!(text.len() >= 100_000 && text.len() < 101_000);
        assert!(text.contains("\n\n"));
    }
}
