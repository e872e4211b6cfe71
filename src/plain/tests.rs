//! Plain mode driven with in-memory input and output against a temp store.

use std::cell::RefCell;
use std::io::{self, BufRead, Cursor, Read, Write};
use std::path::PathBuf;
use std::rc::Rc;

use jiff::{SignedDuration, Timestamp};
use serde_json::{Value, json};
use tempfile::TempDir;

use super::text::{markdown_blocks, match_choice, wrap};
use super::{Options, PlainError, run_with};
use crate::clock::{Clock, ManualClock};
use crate::questionnaire::QuestionSet;
use crate::record::{Record, RecordId};
use crate::store::{Store, StoreOrigin};
use crate::testing::production;

const START: &str = "2026-11-20T10:00:00Z";
const ID: &str = "p1a1n000000000001";

/// A small set with one field of each kind plain mode treats differently.
fn mini_set() -> QuestionSet {
    serde_json::from_value(json!({
        "format": 1,
        "id": "mini",
        "name": "Mini",
        "version": "1.0.0",
        "sections": [
            {
                "id": "about",
                "title": "About",
                "prompt": "Say what it is.",
                "guidance": "Some **bold**, *slanted* and `code` words.\n\n- one\n- two",
                "fields": [
                    { "id": "title", "label": "Title", "kind": "text", "bind": "title", "required": true },
                    { "id": "when", "label": "When", "kind": "date", "help": "A day." },
                    { "id": "door", "label": "Door", "kind": "choice", "options": [
                        { "value": "two-way", "label": "Two-way door" },
                        { "value": "one-way", "label": "One-way door" },
                        { "value": "partly", "label": "Partly undone" },
                        { "value": "tbd", "label": "To be decided" }
                    ] },
                    { "id": "pager", "label": "Pager", "kind": "person", "required": true },
                    { "id": "ok", "label": "OK", "kind": "yesno" },
                    { "id": "notes", "label": "Notes", "kind": "markdown" }
                ]
            },
            {
                "id": "risks",
                "title": "What could go wrong?",
                "numbered": true,
                "fields": [
                    { "id": "risks", "label": "Risks", "kind": "list", "columns": [
                        { "id": "what", "label": "What", "kind": "text", "required": true },
                        { "id": "sev", "label": "Severity", "kind": "rating", "options": [
                            { "value": "low" }, { "value": "high" }
                        ] }
                    ] },
                    { "id": "cost", "label": "Cost", "kind": "grid",
                      "rows": [ { "id": "cpu", "label": "CPU" }, { "id": "people", "label": "People" } ],
                      "columns": [
                        { "id": "now", "label": "Now", "kind": "text" },
                        { "id": "later", "label": "Later", "kind": "text" }
                      ] }
                ]
            }
        ]
    }))
    .expect("mini set")
}

/// A temp store, a clock, and one set.
struct Bench {
    _dir: TempDir,
    store: Store,
    clock: ManualClock,
    set: QuestionSet,
}

impl Bench {
    fn new(set: QuestionSet) -> Bench {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::at(dir.path().join("store"), StoreOrigin::Env);
        let clock = ManualClock::new(START.parse::<Timestamp>().expect("time"));
        Bench {
            _dir: dir,
            store,
            clock,
            set,
        }
    }

    fn id(&self) -> RecordId {
        RecordId::parse(ID).expect("id")
    }

    fn fresh(&self) -> Record {
        Record::new(self.id(), "", &self.set, self.clock.now())
    }

    fn path(&self) -> PathBuf {
        self.store.record_path(&self.id())
    }

    fn saved(&self) -> Option<Record> {
        self.path()
            .exists()
            .then(|| self.store.load(&self.id()).expect("load"))
    }

    /// Runs plain mode on this bench's store, set and clock.
    fn run_on(
        &self,
        options: Options,
        record: Record,
        input: impl BufRead,
        out: impl Write,
    ) -> Result<Record, PlainError> {
        run_with(
            options,
            &self.store,
            &self.set,
            &self.clock,
            record,
            input,
            out,
        )
    }

    /// Runs plain mode on a fresh record with `input` read through a
    /// [`Spy`]; returns the record and what the record file held each time
    /// a line was read.
    fn spy(&self, options: Options, input: &[&str]) -> (Record, Vec<Option<String>>) {
        let seen = Rc::new(RefCell::new(Vec::new()));
        let input = Spy::new(&lines(input), self.path(), &seen);
        let record = self
            .run_on(options, self.fresh(), input, &mut Vec::new())
            .expect("run");
        let seen = seen.borrow().clone();
        (record, seen)
    }

    /// Runs plain mode with echo on; returns the result and the output.
    fn drive(&self, record: Record, input: &str) -> (Result<Record, PlainError>, String) {
        let mut out = Vec::new();
        let result = self.run_on(
            Options { echo: true },
            record,
            Cursor::new(input.as_bytes().to_vec()),
            &mut out,
        );
        let text = String::from_utf8(out).expect("output is UTF-8");
        assert!(!text.contains('\u{1b}'), "an escape in the output:\n{text}");
        (result, text)
    }

    /// Runs and expects success.
    fn answer(&self, record: Record, input: &str) -> (Record, String) {
        let (result, out) = self.drive(record, input);
        match result {
            Ok(record) => (record, out),
            Err(err) => panic!("plain mode failed: {err}\n{out}"),
        }
    }

    /// [`Bench::answer`] on a fresh record, the input given line by line.
    fn answer_lines(&self, input: &[&str]) -> (Record, String) {
        self.answer(self.fresh(), &lines(input))
    }
}

/// Asserts the output says each of `parts`, showing the whole output if
/// one is missing.
fn assert_says(out: &str, parts: &[&str]) {
    for part in parts {
        assert!(out.contains(part), "{part:?} is missing from:\n{out}");
    }
}

fn answers(record: &Record) -> Value {
    serde_json::to_value(&record.answers).expect("answers as JSON")
}

fn lines(lines: &[&str]) -> String {
    let mut text = lines.join("\n");
    text.push('\n');
    text
}

#[test]
fn a_piped_session_creates_exactly_the_record_it_describes() {
    let bench = Bench::new(production());
    let input = lines(&[
        // The change
        "Move sessions to Redis",
        "Sessions move to a managed Redis.",
        "",
        "Login stops competing with *order writes*.",
        ".",
        "Priya Shah",
        "", // tags: skipped
        // Failure modes: two rows
        "y",
        "Redis primary",
        "failover",
        "users are logged out",
        "",
        "2",
        "low",
        "session_miss_rate alert",
        "",
        "yes",
        "Network",
        "",
        "",
        "",
        "? nobody has measured it",
        "",
        "",
        "retry",
        "n",
        "? nobody has tried one", // pre-mortem
        // Who owns this at 3 AM?
        "payments-oncall",
        "",
        "",
        "docs/runbooks/sessions.md",
        "",
        "no",
        "",
        // Cost grid: the compute row, then nothing
        "$60 a month",
        "$600 a month",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        // Rollback
        "two",
    ]);
    let (record, out) = bench.answer(bench.fresh(), &input);
    assert_eq!(record.title, "Move sessions to Redis");
    assert_eq!(record.author, "Priya Shah");
    assert!(record.tags.is_empty());
    assert_eq!(
        answers(&record),
        json!({
            "summary": "Sessions move to a managed Redis.\n\nLogin stops competing with *order writes*.",
            "failure_modes": [
                {
                    "component": "Redis primary",
                    "trigger": "failover",
                    "user_effect": "users are logged out",
                    "severity": "medium",
                    "likelihood": "low",
                    "detection": "session_miss_rate alert"
                },
                {
                    "component": "Network",
                    "severity": { "unknown": true, "note": "nobody has measured it" },
                    "mitigation": "retry"
                }
            ],
            "premortem": { "unknown": true, "note": "nobody has tried one" },
            "owner_primary": "payments-oncall",
            "runbook": "docs/runbooks/sessions.md",
            "debuggable_by_others": false,
            "cost_grid": [ { "row": "compute", "today": "$60 a month", "at_10x": "$600 a month" } ],
            "door": "two-way"
        })
    );
    assert_eq!(
        bench.saved().as_ref(),
        Some(&record),
        "the file is the record"
    );
    assert_says(
        &out,
        &[
            "End of input.",
            "Readiness: not ready",
            "Question 4, What's the rollback?",
        ],
    );
}

#[test]
fn sections_show_their_title_number_and_guidance_without_markdown() {
    let bench = Bench::new(mini_set());
    let (_, out) = bench.answer(bench.fresh(), "T\n");
    assert_says(
        &out,
        &[
            "\nAbout\nSay what it is.\n",
            "Guidance:\nSome bold, slanted and code words.\n\n- one\n- two\n",
        ],
    );
    let (_, out) = bench.answer_lines(&["T", "", "", "x", "", "", ""]);
    assert_says(
        &out,
        &[
            "\nQuestion 1 of 1: What could go wrong?\n",
            "\nPager (required)\n",
        ],
    );
}

#[test]
fn a_whole_mini_session_reads_as_a_transcript() {
    let bench = Bench::new(mini_set());
    let input = lines(&[
        "Queue", "", "one", "Sam", "y", "Line one", ".", "y", "disk", "h", "n", "1", "",
    ]);
    let (record, out) = bench.answer(bench.fresh(), &input);
    let path = bench.path().display().to_string();
    let expected = format!(
        "\
Plain mode: each question is asked as plain text.
New record {ID}
Question set: Mini 1.0.0.
How to answer, after the > prompt:
  Empty line: skip the field; an answer it has is kept.
  ? alone: mark the field unknown.
  ? and a note: unknown, with the note. For example: ? ask the DBA
  - alone: clear the answer the field has.
  A line holding only a dot (.) ends a multi-line answer.
  Tables ask \"Add a row? [y/N]\", then each column in turn.
Each answer is saved as soon as it is given.

About
Say what it is.

Guidance:
Some bold, slanted and code words.

- one
- two

Title (required)
> Queue
Saved to {path}.

When
A day.
Type a date as YYYY-MM-DD.
> 

Door
Choose one: type its number or the start of its name.
  1. Two-way door (two-way)
  2. One-way door (one-way)
  3. Partly undone (partly)
  4. To be decided (tbd)
> one

Pager (required)
> Sam

OK
Type yes or no.
> y

Notes
Several lines are fine; end with a line holding only a dot (.).
> Line one
.

Question 1 of 1: What could go wrong?

Risks
It has no rows yet.
Add a row? [y/N] y

Row 1, What (required)
> disk

Row 1, Severity
Choose one, lowest first: type its number or the start of its name.
  1. low
  2. high
> h
Add another row? [y/N] n

Cost
A table with 2 fixed rows: CPU, People. Each row's columns are asked in
turn.

CPU, Now
> 1

CPU, Later
> 

People, Now
> 

End of input.
Saved to {path}.
Readiness: ready, no gaps.
"
    );
    assert_eq!(out, expected);
    assert_eq!(
        answers(&record),
        json!({
            "door": "one-way",
            "pager": "Sam",
            "ok": true,
            "notes": "Line one",
            "risks": [ { "what": "disk", "sev": "high" } ],
            "cost": [ { "row": "cpu", "now": "1" } ]
        })
    );
}

#[test]
fn invalid_input_is_asked_again_and_then_accepted() {
    let bench = Bench::new(mini_set());
    let (record, out) = bench.answer_lines(&["T", "yesterday", "2026-10-02", "sideways", "partly"]);
    assert_says(
        &out,
        &[
            "> yesterday\nNot accepted: \"yesterday\" is not a date in the form YYYY-MM-DD.\n\
             Try again, or press Enter to skip.\n> 2026-10-02\n",
            "Not accepted: \"sideways\" is not one of the choices",
        ],
    );
    assert_eq!(
        answers(&record),
        json!({ "when": "2026-10-02", "door": "partly" })
    );
}

#[test]
fn two_invalid_answers_in_a_row_skip_the_field() {
    let bench = Bench::new(mini_set());
    let (record, out) = bench.answer_lines(&["T", "next week", "after the freeze", "two"]);
    assert!(
        out.contains(
            "> after the freeze\nNot accepted: \"after the freeze\" is not a date in the form YYYY-MM-DD.\n\
             Skipped When after 2 answers that were not accepted.\n\nDoor\n"
        ),
        "{out}"
    );
    assert_eq!(answers(&record), json!({ "door": "two-way" }));
}

/// Lenient input: a date or a choice followed by a note is kept whole, and
/// a bare placeholder is kept as typed (the check reports it) instead of
/// being refused.
#[test]
fn a_value_with_a_note_and_a_bare_placeholder_are_kept_as_typed() {
    let bench = Bench::new(mini_set());
    let (record, out) =
        bench.answer_lines(&["T", "2025-05-13 (in staging)", "two-way (behind the flag)"]);
    assert!(!out.contains("Not accepted"), "{out}");
    assert_eq!(
        answers(&record),
        json!({ "when": "2025-05-13 (in staging)", "door": "two-way (behind the flag)" })
    );
    let (record, out) = bench.answer_lines(&["T", "TBD", ""]);
    assert!(out.contains("Kept as typed"), "{out}");
    assert_eq!(answers(&record), json!({ "when": "TBD" }));
}

#[test]
fn choices_take_a_number_a_value_or_a_unique_start() {
    let set = mini_set();
    let door = set.field("door").expect("door");
    for (typed, value) in [
        ("1", "two-way"),
        ("3", "partly"),
        ("one-way", "one-way"),
        ("ONE-WAY DOOR", "one-way"),
        ("tw", "two-way"),
        ("  part ", "partly"),
    ] {
        assert_eq!(
            match_choice(door, typed).map(|o| o.value.as_str()),
            Ok(value),
            "{typed:?}"
        );
    }
    for typed in ["0", "5", "x", ""] {
        assert!(match_choice(door, typed).is_err(), "{typed:?}");
    }
    let err = match_choice(door, "t").map(|o| o.value.clone());
    assert!(err.is_err_and(|e| e.contains("could be")));
}

#[test]
fn a_team_word_for_a_person_is_kept_with_a_warning() {
    let bench = Bench::new(mini_set());
    let (record, out) = bench.answer_lines(&["T", "", "", "TBD"]);
    assert_eq!(answers(&record), json!({ "pager": "TBD" }));
    assert!(
        out.contains("Accepted, with a warning: Pager: \"TBD\" names a group"),
        "{out}"
    );
}

#[test]
fn unknown_takes_an_optional_note() {
    let bench = Bench::new(mini_set());
    let (record, out) = bench.answer_lines(&["T", "?", "?   ask ops  "]);
    assert_eq!(
        answers(&record),
        json!({ "when": { "unknown": true }, "door": { "unknown": true, "note": "ask ops" } })
    );
    assert!(out.contains("> ?\nMarked unknown.\n"), "{out}");
}

#[test]
fn the_end_of_input_inside_a_multi_line_answer_keeps_the_lines_read() {
    let bench = Bench::new(mini_set());
    let (record, out) = bench.answer(bench.fresh(), "T\n\n\n\n\nFirst line\n\nSecond line");
    assert_eq!(
        answers(&record),
        json!({ "notes": "First line\n\nSecond line" })
    );
    assert!(out.contains("End of input."), "{out}");
    assert_eq!(bench.saved().as_ref(), Some(&record));
}

#[test]
fn the_end_of_input_inside_a_list_row_keeps_the_cells_read() {
    let bench = Bench::new(mini_set());
    let (record, _) =
        bench.answer_lines(&["T", "", "", "", "", "", "y", "disk", "high", "y", "network"]);
    assert_eq!(
        answers(&record),
        json!({ "risks": [ { "what": "disk", "sev": "high" }, { "what": "network" } ] })
    );
    assert_eq!(bench.saved().as_ref(), Some(&record));
}

#[test]
fn an_empty_list_row_is_not_added() {
    let bench = Bench::new(mini_set());
    let (record, out) = bench.answer_lines(&["T", "", "", "", "", "", "y", "", "", "n"]);
    assert_eq!(answers(&record), json!({}));
    assert_says(
        &out,
        &[
            "Row 1 was left empty, so it was not added.",
            "Add a row? [y/N] n\n",
        ],
    );
}

#[test]
fn input_ending_before_a_title_saves_nothing() {
    for input in ["", "\n", "   \n"] {
        let bench = Bench::new(mini_set());
        let (record, out) = bench.answer(bench.fresh(), input);
        assert!(record.title.is_empty());
        assert!(bench.saved().is_none(), "{input:?}");
        assert!(
            out.contains("Nothing was saved: the input ended before a title was given."),
            "{out}"
        );
        assert!(!out.contains("Readiness"), "{out}");
    }
}

#[test]
fn a_title_refused_twice_stops_without_saving() {
    let bench = Bench::new(mini_set());
    let (_, out) = bench.answer_lines(&["?", "-", "2026-01-01"]);
    assert_says(
        &out,
        &[
            "Not accepted: the title cannot be unknown; give a working title.\nTry again.\n",
            "Stopping: a record needs a title.",
        ],
    );
    assert!(!out.contains("\nWhen\n"), "no field after the title: {out}");
    assert!(bench.saved().is_none());
}

#[test]
fn answers_before_the_title_wait_for_it() {
    let mut set = mini_set();
    set.sections[0].fields.swap(0, 1); // the date comes before the title
    let bench = Bench::new(set);
    let (record, seen) = bench.spy(Options { echo: true }, &["2026-10-02", "T", "two"]);
    assert!(
        seen[0].is_none() && seen[1].is_none(),
        "nothing before the title"
    );
    assert!(seen[2].as_deref().is_some_and(|f| f.contains("2026-10-02")));
    assert_eq!(
        answers(&record),
        json!({ "when": "2026-10-02", "door": "two-way" })
    );
}

/// Input that notes the record file as it was each time a line is read.
struct Spy {
    lines: Vec<String>,
    buffer: Cursor<Vec<u8>>,
    path: PathBuf,
    seen: Rc<RefCell<Vec<Option<String>>>>,
}

impl Spy {
    fn new(input: &str, path: PathBuf, seen: &Rc<RefCell<Vec<Option<String>>>>) -> Spy {
        Spy {
            lines: input.lines().rev().map(|l| format!("{l}\n")).collect(),
            buffer: Cursor::new(Vec::new()),
            path,
            seen: Rc::clone(seen),
        }
    }
}

impl Read for Spy {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(buf.len());
        buf[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl BufRead for Spy {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.buffer.position() as usize >= self.buffer.get_ref().len() {
            let file = std::fs::read_to_string(&self.path).ok();
            self.seen.borrow_mut().push(file);
            self.buffer = Cursor::new(self.lines.pop().unwrap_or_default().into_bytes());
        }
        self.buffer.fill_buf()
    }

    fn consume(&mut self, amount: usize) {
        self.buffer.consume(amount);
    }
}

#[test]
fn each_answer_is_saved_before_the_next_is_read() {
    let bench = Bench::new(mini_set());
    let (_, seen) = bench.spy(Options::default(), &["T", "2026-10-02", "two"]);
    assert!(seen[0].is_none());
    assert!(
        seen[1]
            .as_deref()
            .is_some_and(|f| f.contains("\"title\": \"T\""))
    );
    assert!(seen[2].as_deref().is_some_and(|f| f.contains("2026-10-02")));
    assert!(seen[3].as_deref().is_some_and(|f| f.contains("two-way")));
}

#[test]
fn editing_keeps_answers_on_empty_lines_and_clears_them_with_a_dash() {
    let bench = Bench::new(mini_set());
    let (first, _) = bench.answer_lines(&[
        "Queue",
        "2026-10-02",
        "1",
        "Sam",
        "no",
        "Old notes",
        ".",
        "y",
        "disk",
        "low",
        "n",
        "1",
        "2",
        "3",
        "4",
    ]);
    bench.clock.advance(SignedDuration::from_hours(1));
    let (edited, out) = bench.answer(
        first.clone(),
        &lines(&[
            "",      // title kept
            "-",     // date cleared
            "",      // door kept
            "Priya", // pager changed
            "",      // yes/no kept
            "",      // notes kept
            "n",     // no more risks
            "",      // cpu now kept
            "-",     // cpu later cleared
        ]),
    );
    assert_says(
        &out,
        &[
            "Editing record",
            "Current answer: 2026-10-02\n> -\nCleared.\n",
            "Current answer: Two-way door\n",
            "Current answer: no\n",
            "Current answer: Old notes\n",
            "It has 1 row:\n  Row 1: What: disk; Severity: low\n",
        ],
    );
    assert_eq!(edited.title, "Queue");
    assert_eq!(
        answers(&edited),
        json!({
            "door": "two-way",
            "pager": "Priya",
            "ok": false,
            "notes": "Old notes",
            "risks": [ { "what": "disk", "sev": "low" } ],
            "cost": [ { "row": "cpu", "now": "1" }, { "row": "people", "now": "3", "later": "4" } ]
        })
    );
    assert_eq!(edited.created, first.created);
    assert_eq!(
        edited.updated,
        "2026-11-20T11:00:00Z".parse::<Timestamp>().unwrap()
    );
    assert_eq!(bench.saved().as_ref(), Some(&edited));
}

#[test]
fn an_edit_that_changes_nothing_does_not_save() {
    let bench = Bench::new(mini_set());
    let (first, _) = bench.answer(bench.fresh(), "Queue\n");
    bench.clock.advance(SignedDuration::from_hours(1));
    let (same, out) = bench.answer(first.clone(), "\n\n\n");
    assert_eq!(same, first);
    assert_eq!(bench.saved().as_ref(), Some(&first));
    assert!(
        out.contains("Nothing changed; the record is still at"),
        "{out}"
    );
}

#[test]
fn the_title_cannot_be_cleared_when_editing() {
    let bench = Bench::new(mini_set());
    let (first, _) = bench.answer(bench.fresh(), "Queue\n");
    let (edited, out) = bench.answer(first, "-\nNew name\n");
    assert!(
        out.contains("Not accepted: the title cannot be cleared"),
        "{out}"
    );
    assert_eq!(edited.title, "New name");
}

#[test]
fn a_list_can_be_cleared_or_marked_unknown() {
    let bench = Bench::new(mini_set());
    let skip_to_risks = ["", "", "", "", "", ""];
    let mut input = vec!["T"];
    input.extend(skip_to_risks.iter().skip(1));
    input.extend(["y", "disk", "", "n"]);
    let (first, _) = bench.answer_lines(&input);
    assert_eq!(answers(&first), json!({ "risks": [ { "what": "disk" } ] }));
    let mut input = skip_to_risks.to_vec();
    input.extend(["-", "n"]);
    let (cleared, out) = bench.answer(first.clone(), &lines(&input));
    assert_says(
        &out,
        &[
            "Add another row? [y/N] -\nCleared.\n",
            "\nAdd a row? [y/N] n\n",
        ],
    );
    assert_eq!(answers(&cleared), json!({}));
    let mut input = skip_to_risks.to_vec();
    input.push("? ask QA");
    let (unknown, _) = bench.answer(first, &lines(&input));
    assert_eq!(
        answers(&unknown),
        json!({ "risks": { "unknown": true, "note": "ask QA" } })
    );
}

#[test]
fn escape_sequences_never_reach_the_output() {
    let mut set = mini_set();
    set.sections[0].guidance = "Be \u{1b}[31mred\u{1b}[0m and \u{9b}2J gone.".into();
    set.sections[0].fields[1].help = "Bell \u{7} and\rreturn.".into();
    let bench = Bench::new(set);
    let mut record = bench.fresh();
    record.title = "Old \u{1b}]0;title\u{7}".into();
    let (result, out) = bench.drive(
        record,
        &lines(&[
            "\u{1b}[A\u{1b}[Dnew",
            "New title",
            "",
            "",
            "",
            "",
            "\u{1b}[Bnotes",
            ".",
        ]),
    );
    let record = result.expect("run");
    assert!(!out.bytes().any(|b| b == 0x1b), "{out}");
    assert!(!out.contains('\u{9b}') && !out.contains('\r') && !out.contains('\u{7}'));
    assert!(
        out.contains("Not accepted: the line held control characters"),
        "{out}"
    );
    assert_eq!(record.title, "New title");
    assert_eq!(answers(&record)["notes"], "[Bnotes");
}

#[test]
fn crlf_input_and_a_missing_last_newline_are_read_as_lines() {
    let bench = Bench::new(mini_set());
    let (record, _) = bench.answer(bench.fresh(), "\u{feff}Queue\r\n2026-10-02\r\ntwo");
    assert_eq!(record.title, "Queue");
    assert_eq!(
        answers(&record),
        json!({ "when": "2026-10-02", "door": "two-way" })
    );
}

/// Output that is closed, as when the reader of a pipe went away.
struct Closed;

impl Write for Closed {
    fn write(&mut self, _: &[u8]) -> io::Result<usize> {
        Err(io::Error::from(io::ErrorKind::BrokenPipe))
    }

    fn flush(&mut self) -> io::Result<()> {
        Err(io::Error::from(io::ErrorKind::BrokenPipe))
    }
}

#[test]
fn a_closed_output_stops_quietly() {
    let bench = Bench::new(mini_set());
    let result = bench.run_on(
        Options::for_stdin(),
        bench.fresh(),
        Cursor::new(b"T\n".to_vec()),
        Closed,
    );
    assert!(
        matches!(result, Err(PlainError::ClosedOutput)),
        "{result:?}"
    );
    assert!(bench.saved().is_none());
}

#[test]
fn run_reads_a_whole_production_record_with_short_lines() {
    let bench = Bench::new(production());
    let mut out = Vec::new();
    let record = bench
        .run_on(
            Options::for_stdin(),
            bench.fresh(),
            Cursor::new(b"A title\n".to_vec()),
            &mut out,
        )
        .expect("run");
    assert_eq!(record.title, "A title");
    let out = String::from_utf8(out).expect("UTF-8");
    assert!(!out.contains('\u{1b}'));
    let path = bench.path().display().to_string();
    for line in out.lines().filter(|line| !line.contains(&path)) {
        assert!(line.chars().count() <= 72, "long line: {line:?}");
    }
}

#[test]
fn markdown_guidance_becomes_plain_blocks() {
    let blocks: Vec<(String, bool)> = markdown_blocks(
        "**Covers:** the `problem`.\n\n1. first [link](https://x.example)\n2. second\n\n> quoted *words*",
    )
    .into_iter()
    .map(|b| (b.text, b.item))
    .collect();
    assert_eq!(
        blocks,
        vec![
            ("Covers: the problem.".to_string(), false),
            ("1. first link (https://x.example)".to_string(), true),
            ("2. second".to_string(), true),
            ("quoted words".to_string(), false),
        ]
    );
}

#[test]
fn wrapping_breaks_at_spaces_and_hangs_the_rest() {
    assert_eq!(
        wrap("- one two three four", 10, 2),
        vec!["- one two", "  three", "  four"]
    );
    assert_eq!(wrap("  1. Low", 72, 5), vec!["  1. Low"]);
    assert_eq!(
        wrap("unbreakable-word-here", 5, 0),
        vec!["unbreakable-word-here"]
    );
}
