//! Crash safety, tested by killing. A writer is SIGKILLed at a random
//! moment, over and over; after every kill each record file must parse and
//! be byte for byte one version its writer could have written (the one
//! before the interrupted save or the one after), and the folder must hold
//! nothing a reader could take for a record.
//!
//! Every version a writer writes is recognisable: the title carries a
//! version number and every answer (including a long text, so a torn write
//! cannot go unseen) is derived from it, so "a mix" is any byte that differs
//! from the version the title names.
//!
//! The library writer is this very test binary, run again as a child on
//! the `writer_child` test (an environment variable tells it where to
//! write). It saves in a tight loop through `Store::save` (the command
//! line's path) and `Store::save_checked` (the wizard's), so many kills land
//! inside a save. The real binary is killed too: the wizard in a pty while
//! it autosaves, and `export --all`.

use std::collections::BTreeMap;
use std::fs;
use std::io::{Read, Write};
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use jiff::{SignedDuration, Timestamp};
use serde_json::Value;

use preflight::questionnaire::QuestionSet;
use preflight::record::{Answer, Record, RecordId, Row};
use preflight::store::{SaveOutcome, Store, StoreOrigin, record_to_json};

use super::{Rng, report};
use crate::common::{World, complete_answers, copy_dir, production_set};
use crate::pty::{key, without};

/// Tells the `writer_child` test, run as a child process, which store to
/// write to (and that it should loop until killed).
const WRITER_ENV: &str = "PREFLIGHT_TEST_KILL_WRITER";
/// The id of a record the child creates before its loop (a first save).
const NEW_ID_ENV: &str = "PREFLIGHT_TEST_KILL_NEW_ID";
/// Which of the fixed records the child rewrites first (0, 1 or 2), so
/// kills land in saves of every size.
const FIRST_ENV: &str = "PREFLIGHT_TEST_KILL_FIRST";

/// The records the library writer keeps rewriting, with the size of their
/// long answer: small, about a real record, and big (a slower write, so
/// more kills land inside it).
const FIXED: [(&str, usize); 3] = [
    ("kt00000000000001", 400),
    ("kt00000000000002", 16_000),
    ("kt00000000000003", 64_000),
];
/// The long answer of records the child creates.
const NEW_SIZE: usize = 300;

/// Kill cycles of the library writer.
const LIBRARY_CYCLES: u64 = 300;
/// Kills land up to this long after the child starts (it starts in a few
/// milliseconds and then saves in a loop).
const LIBRARY_MAX_DELAY_US: u64 = 40_000;
/// Every this many cycles (and at the end) every record file in the store
/// is loaded and checked, not only those the last writer could touch.
const FULL_CHECK_EVERY: u64 = 50;

const TITLE_PREFIX: &str = "Kill test version ";

/// Version `n` of record `id`: every part of it follows from `n`.
fn version(set: &QuestionSet, id: &RecordId, n: u64, size: usize) -> Record {
    let created: Timestamp = "2026-11-01T08:00:00Z".parse().expect("time");
    let mut record = Record::new(id.clone(), &format!("{TITLE_PREFIX}{n}"), set, created);
    record.updated = created + SignedDuration::from_secs(i64::try_from(n).expect("small n"));
    record.tags = vec![format!("v{n}")];
    let mut long = String::with_capacity(size + 64);
    let mut line = 0;
    while long.len() < size {
        long.push_str(&format!(
            "Line {line} of version {n}: the same words, another number.\n"
        ));
        line += 1;
    }
    let severity = ["low", "medium", "high", "critical"][(n % 4) as usize];
    let row: Row = [
        ("component".to_string(), Answer::Text(format!("Part {n}"))),
        ("severity".to_string(), Answer::Text(severity.into())),
    ]
    .into_iter()
    .collect();
    for (field, answer) in [
        ("summary", Answer::Text(long)),
        ("failure_modes", Answer::Rows(vec![row])),
        ("debuggable_by_others", Answer::Flag(n.is_multiple_of(2))),
        ("consulted", Answer::Words(vec![format!("Person {n}")])),
        (
            "premortem",
            Answer::Unknown {
                note: Some(format!("Asked about version {n}")),
            },
        ),
    ] {
        record.answers.insert(field.to_string(), answer);
    }
    record
}

/// The version number a record's title names.
fn version_of(record: &Record) -> Option<u64> {
    record.title.strip_prefix(TITLE_PREFIX)?.parse().ok()
}

fn id(text: &str) -> RecordId {
    RecordId::parse(text).expect("a valid id")
}

fn size_of(record: &RecordId) -> usize {
    FIXED
        .iter()
        .find(|(fixed, _)| *fixed == record.as_str())
        .map_or(NEW_SIZE, |(_, size)| *size)
}

/// The writer: creates `new` (if given), then rewrites the fixed records
/// round robin, each time with the next version, alternating the command
/// line's save and the wizard's checked save. After each save it prints
/// `saved ID N` (an acknowledgement the parent compares with the disk).
/// With a `limit` it stops there and checks each save reads back exactly.
fn write_versions(
    store: &Store,
    set: &QuestionSet,
    new: Option<&RecordId>,
    first: u64,
    limit: Option<u64>,
    acks: &mut dyn Write,
) -> Result<(), String> {
    let started = Instant::now();
    let saved = |acks: &mut dyn Write, record: &Record, n: u64| {
        let micros = started.elapsed().as_micros();
        writeln!(acks, "saved {} {n} {micros}", record.id).map_err(|e| format!("ack: {e}"))?;
        if limit.is_some() {
            let bytes = fs::read(store.record_path(&record.id)).map_err(|e| e.to_string())?;
            if bytes != record_to_json(record) {
                return Err(format!("{} does not read back as version {n}", record.id));
            }
        }
        Ok(())
    };
    if let Some(new) = new {
        let record = version(set, new, 1, NEW_SIZE);
        match store.save_checked(&record, None) {
            Ok(SaveOutcome::Saved(_)) => saved(acks, &record, 1)?,
            other => return Err(format!("first save of {new}: {other:?}")),
        }
    }
    for step in 0.. {
        if limit.is_some_and(|limit| step >= limit) {
            break;
        }
        let (fixed, size) = FIXED[((first + step) % 3) as usize];
        let fixed = id(fixed);
        let (current, content_hash) = store
            .load_with_content_hash(&fixed)
            .map_err(|e| format!("load before save: {e}"))?;
        let n = version_of(&current).ok_or_else(|| format!("{fixed}: no version in title"))? + 1;
        let next = version(set, &fixed, n, size);
        if step % 2 == 0 {
            store.save(&next).map_err(|e| e.to_string())?;
        } else {
            match store.save_checked(&next, Some(content_hash)) {
                Ok(SaveOutcome::Saved(_)) => {}
                other => return Err(format!("checked save of {fixed}: {other:?}")),
            }
        }
        saved(acks, &next, n)?;
    }
    Ok(())
}

/// Run as a normal test, the writer makes 30 saves and checks each reads
/// back exactly. Run by the kill test as a child (with `WRITER_ENV` set),
/// it writes into that store until it is killed.
#[test]
fn writer_child() {
    let set = production_set();
    match std::env::var_os(WRITER_ENV) {
        Some(dir) => {
            let store = Store::at(dir, StoreOrigin::Flag);
            let new = std::env::var(NEW_ID_ENV).ok().map(|s| id(&s));
            let first = std::env::var(FIRST_ENV)
                .ok()
                .and_then(|s| s.parse().ok())
                .unwrap_or(0);
            // Straight to the process's stdout (not the harness's capture),
            // line by line, so each acknowledgement reaches the parent; the
            // harness's own "test … " has no line end, so start a line.
            let mut out = std::io::stdout();
            let _ = writeln!(out);
            let result = write_versions(&store, &set, new.as_ref(), first, None, &mut out);
            panic!("the writer stopped before it was killed: {result:?}");
        }
        None => {
            let dir = tempfile::tempdir().expect("temp dir");
            let store = Store::at(dir.path(), StoreOrigin::Flag);
            for (fixed, size) in FIXED {
                store
                    .save(&version(&set, &id(fixed), 0, size))
                    .expect("save");
            }
            let mut acks = Vec::new();
            let new = id("kn00000000000000");
            write_versions(&store, &set, Some(&new), 0, Some(30), &mut acks).expect("30 saves");
            let text = String::from_utf8(acks).expect("text");
            assert_eq!(text.lines().count(), 31, "{text}");
            let last = text.lines().last().unwrap_or_default();
            assert!(last.starts_with("saved kt00000000000003 10 "), "{text}");
        }
    }
}

/// What a kill test saw, printed at the end.
#[derive(Debug, Default)]
struct Tally {
    cycles: u64,
    kills: u64,
    /// Kills after which a new temp file was left: the kill landed between
    /// making the temp file and renaming it, inside a save.
    mid_write: u64,
    /// Saves known to have completed before a kill (acknowledged by the
    /// library writer; seen on disk for the binary).
    saves: u64,
    /// Record files read and compared after kills.
    files_checked: u64,
    failures: Vec<String>,
}

impl Tally {
    fn print(&self, what: &str, started: Instant) {
        report(&format!(
            "{what}: {} cycles, {} kills ({} inside a save, left a temp file), {} saves completed before kills, {} record files checked, {} failures, {:.1} s",
            self.cycles,
            self.kills,
            self.mid_write,
            self.saves,
            self.files_checked,
            self.failures.len(),
            started.elapsed().as_secs_f64()
        ));
    }

    fn assert_clean(&self) {
        assert!(
            self.failures.is_empty(),
            "{} failures:\n{}",
            self.failures.len(),
            self.failures.join("\n")
        );
    }
}

/// A file a killed save may leave behind: the store's temp files, named so
/// they can never be taken for a record (`.preflight-XXXXXX.tmp`).
fn is_temp(name: &str) -> bool {
    name.starts_with(".preflight-") && name.ends_with(".tmp")
}

/// Files in `records/` by kind: record files, temp files, lock files and
/// anything else (which is a failure).
#[derive(Debug, Default)]
struct Folder {
    records: Vec<String>,
    temps: usize,
    locks: usize,
    other: Vec<String>,
}

fn look_at(records: &Path) -> Folder {
    let mut folder = Folder::default();
    for entry in fs::read_dir(records).expect("read records/") {
        let name = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        if is_temp(&name) {
            folder.temps += 1;
        } else if name.starts_with('.') && name.ends_with(".lock") {
            folder.locks += 1;
        } else if name.ends_with(".json") {
            folder.records.push(name);
        } else {
            folder.other.push(name);
        }
    }
    folder.records.sort();
    folder
}

/// Reads a child's output to the end on a thread, so a full pipe never
/// stalls it.
fn drain(mut from: impl Read + Send + 'static) -> thread::JoinHandle<String> {
    thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = from.read_to_end(&mut bytes);
        String::from_utf8_lossy(&bytes).into_owned()
    })
}

/// The latest acknowledged version per record in a child's output.
fn acknowledged(output: &str) -> BTreeMap<String, u64> {
    let mut acks = BTreeMap::new();
    for line in output.lines() {
        let Some(at) = line.find("saved ") else {
            continue;
        };
        let mut words = line[at..].split_whitespace();
        if let (Some("saved"), Some(record), Some(n)) = (words.next(), words.next(), words.next())
            && let Ok(n) = n.parse::<u64>()
        {
            acks.insert(record.to_string(), n);
        }
    }
    acks
}

/// The stored bytes of each version, made once: building a big record and
/// its JSON in a debug build costs more than the kill cycle itself.
#[derive(Default)]
struct Versions(BTreeMap<(RecordId, u64), Vec<u8>>);

impl Versions {
    fn bytes(&mut self, set: &QuestionSet, record: &RecordId, n: u64) -> &[u8] {
        self.0
            .entry((record.clone(), n))
            .or_insert_with(|| record_to_json(&version(set, record, n, size_of(record))))
    }
}

/// Checks one record file is byte for byte a version its writer could
/// have left (`allowed`: the one before an interrupted save, the one
/// after), and returns which. Bytes equal to a saved record mean the file
/// also parses; [`check_all`] loads every file as well.
fn check_version(
    store: &Store,
    set: &QuestionSet,
    versions: &mut Versions,
    record: &RecordId,
    allowed: std::ops::RangeInclusive<u64>,
) -> Result<u64, String> {
    let path = store.record_path(record);
    let bytes = fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    for n in allowed.clone() {
        if bytes == versions.bytes(set, record, n) {
            return Ok(n);
        }
    }
    let text = String::from_utf8_lossy(&bytes);
    let start: String = text.chars().take(200).collect();
    Err(format!(
        "{record} is none of versions {allowed:?}: {} bytes, starting {start:?}",
        bytes.len()
    ))
}

/// Loads every record in the store; each must be a whole version.
fn check_all(store: &Store, set: &QuestionSet, tally: &mut Tally, when: &str) {
    let listing = store.list().expect("list the store");
    for problem in &listing.problems {
        tally
            .failures
            .push(format!("{when}: a record does not load: {problem}"));
    }
    for record in &listing.records {
        tally.files_checked += 1;
        let bytes = fs::read(store.record_path(&record.id)).expect("read a record");
        let whole = version_of(record).map(|n| version(set, &record.id, n, size_of(&record.id)));
        if whole.is_none_or(|whole| record_to_json(&whole) != bytes) {
            tally.failures.push(format!(
                "{when}: {} is not a whole version ({:?})",
                record.id, record.title
            ));
        }
    }
}

#[test]
fn library_writer_survives_hundreds_of_kills() {
    let started = Instant::now();
    let world = World::new();
    let store = Store::at(world.store(), StoreOrigin::Env);
    let set = production_set();
    // The version on disk of each rewritten record, as last checked.
    let mut on_disk: BTreeMap<String, u64> = BTreeMap::new();
    for (fixed, size) in FIXED {
        store
            .save(&version(&set, &id(fixed), 0, size))
            .expect("seed");
        on_disk.insert(fixed.to_string(), 0);
    }
    // Every record file there should be, by name.
    let mut names: Vec<String> = on_disk.keys().map(|k| format!("{k}.json")).collect();
    let mut rng = Rng::seeded("library writer kill test");
    let mut tally = Tally::default();
    let mut temps = 0;
    let mut versions = Versions::default();
    let exe = std::env::current_exe().expect("this test binary");

    for cycle in 0..LIBRARY_CYCLES {
        tally.cycles += 1;
        let when = format!("cycle {cycle}");
        let new = format!("kn{cycle:014}");
        let mut command = Command::new(&exe);
        world.configure(&mut command);
        let mut child = command
            .args(["trust::crash::writer_child", "--exact", "--nocapture"])
            .args(["--test-threads", "1"])
            .env(WRITER_ENV, world.store())
            .env(NEW_ID_ENV, &new)
            .env(FIRST_ENV, (cycle % 3).to_string())
            .env("PREFLIGHT_STORE", world.store())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start the writer");
        let out = drain(child.stdout.take().expect("stdout"));
        let err = drain(child.stderr.take().expect("stderr"));
        // One kill in ten as soon as it starts; the rest spread over the
        // time it spends starting and saving.
        let delay = if rng.below(10) == 0 {
            0
        } else {
            rng.below(LIBRARY_MAX_DELAY_US)
        };
        thread::sleep(Duration::from_micros(delay));
        child.kill().expect("SIGKILL the writer");
        let status = child.wait().expect("wait for the writer");
        let (out, err) = (out.join().expect("stdout"), err.join().expect("stderr"));
        tally.kills += 1;
        if status.signal() != Some(9) {
            tally.failures.push(format!(
                "{when}: the writer ended on its own ({status}) before the kill:\n{err}"
            ));
            break;
        }
        let acks = acknowledged(&out);
        tally.saves += out.lines().filter(|l| l.contains("saved ")).count() as u64;

        // Names: the records there should be, temp files, nothing else.
        let folder = look_at(&store.records_dir());
        if folder.temps > temps {
            tally.mid_write += 1;
        }
        temps = folder.temps;
        if !folder.other.is_empty() || folder.locks > 0 {
            tally.failures.push(format!(
                "{when}: unexpected files in records/: {:?} ({} lock files)",
                folder.other, folder.locks
            ));
        }
        let new_file = format!("{new}.json");
        if folder.records.contains(&new_file) {
            names.push(new_file);
            names.sort();
            tally.files_checked += 1;
            if let Err(problem) = check_version(&store, &set, &mut versions, &id(&new), 1..=1) {
                tally.failures.push(format!("{when}: {problem}"));
            }
        } else if acks.contains_key(&new) {
            tally
                .failures
                .push(format!("{when}: {new} was acknowledged but is not on disk"));
        }
        if folder.records != names {
            tally.failures.push(format!(
                "{when}: record files {:?}, expected {names:?}",
                folder.records
            ));
        }
        // Contents: old or new, that is the last acknowledged version or
        // the one after it (saved, then killed before the acknowledgement).
        for (fixed, _) in FIXED {
            tally.files_checked += 1;
            let before = acks.get(fixed).or(on_disk.get(fixed)).copied().unwrap_or(0);
            match check_version(&store, &set, &mut versions, &id(fixed), before..=before + 1) {
                Ok(n) => {
                    on_disk.insert(fixed.to_string(), n);
                }
                Err(problem) => tally.failures.push(format!("{when}: {problem}")),
            }
        }
        if (cycle + 1) % FULL_CHECK_EVERY == 0 {
            check_all(&store, &set, &mut tally, &when);
        }
        if !tally.failures.is_empty() {
            break;
        }
    }
    check_all(&store, &set, &mut tally, "at the end");

    // The real binary agrees: every record listed, no problem reported.
    let output = world.cmd().args(["list", "--json"]).output().expect("list");
    let listed: Value = serde_json::from_slice(&output.stdout).expect("list --json");
    let count = listed.as_array().map_or(0, Vec::len);
    if !output.status.success() || !output.stderr.is_empty() || count != names.len() {
        tally.failures.push(format!(
            "`preflight list --json` listed {count} of {} records; stderr: {}",
            names.len(),
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    tally.print("library writer (Store::save / save_checked)", started);
    tally.assert_clean();
    assert_eq!(tally.kills, LIBRARY_CYCLES, "every cycle ended in a kill");
    assert!(
        tally.mid_write > 0 && tally.saves > 0,
        "kills should land both inside saves and between them: {tally:?}"
    );
}

/// Kill cycles of the wizard: half wait for the autosave timer (a second
/// after the last key), half press Ctrl-S after every key.
const WIZARD_CYCLES: u64 = 20;

fn read_json(path: &Path) -> Result<Value, String> {
    let text =
        fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: not JSON ({e}): {text:?}", path.display()))
}

/// The wizard, killed while it autosaves: the real binary edits a complete
/// record in a pty, types into the title (so each save writes a longer
/// title), and is SIGKILLed at a random moment around a save. The file must
/// then hold the record as it was plus some prefix of what was typed, with
/// every other answer untouched. Each cycle reopens the record, so it also
/// shows a lock left by a killed wizard never blocks the next one.
#[test]
fn wizard_autosave_survives_kills() {
    let started = Instant::now();
    let world = World::new();
    let id = world.seed(&complete_answers());
    let path = world.records().join(format!("{id}.json"));
    let seed = read_json(&path).expect("the seeded record");
    let rest = |record: &Value| without(record, &["title", "updated"]);
    let store = Store::at(world.store(), StoreOrigin::Env);
    let mut rng = Rng::seeded("wizard kill test");
    let mut tally = Tally::default();
    let (mut timer_new, mut timer_old, mut stale_locks) = (0, 0, 0);
    let mut temps = 0;
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyz0123456789";

    for cycle in 0..WIZARD_CYCLES {
        tally.cycles += 1;
        let when = format!("wizard cycle {cycle}");
        let before = match read_json(&path) {
            Ok(record) => record["title"].as_str().unwrap_or_default().to_string(),
            Err(problem) => {
                tally.failures.push(format!("{when}: {problem}"));
                break;
            }
        };
        if look_at(&world.records()).locks > 0 {
            stale_locks += 1;
        }
        // "✓ saved" is the state of a record opened for editing; a lock
        // left by the last kill would have shown "Record in use".
        let mut term = world.open_in_wizard(&id);
        if term.screen().contains("Record in use") {
            tally
                .failures
                .push(format!("{when}: a killed wizard's lock blocked the record"));
            break;
        }
        term.send(key::END);
        let typed: String = (0..rng.between(4, 12))
            .map(|_| char::from(ALPHABET[rng.below(ALPHABET.len() as u64) as usize]))
            .collect();
        let timer = cycle % 2 == 0;
        if timer {
            // Autosave runs a second after the last change; the kill comes
            // somewhere around it.
            term.send(&typed);
            term.wait_for("editing…");
            thread::sleep(Duration::from_millis(rng.between(700, 1400)));
        } else {
            for c in typed.chars() {
                term.send(&format!("{c}{}", key::CTRL_S));
                thread::sleep(Duration::from_micros(rng.below(4_000)));
            }
            thread::sleep(Duration::from_micros(rng.below(30_000)));
        }
        term.signal("KILL");
        let status = term.wait_exit();
        tally.kills += 1;
        if status.success() {
            tally.failures.push(format!(
                "{when}: the wizard exited 0 instead of being killed"
            ));
        }

        let folder = look_at(&world.records());
        if folder.temps > temps {
            tally.mid_write += 1;
        }
        temps = folder.temps;
        if folder.records != [format!("{id}.json")] || !folder.other.is_empty() {
            tally.failures.push(format!(
                "{when}: records/ holds {:?} and {:?}",
                folder.records, folder.other
            ));
        }
        let listing = store.list().expect("list");
        for problem in &listing.problems {
            tally.failures.push(format!("{when}: {problem}"));
        }
        tally.files_checked += 1;
        let after = match read_json(&path) {
            Ok(record) => record,
            Err(problem) => {
                tally.failures.push(format!("{when}: {problem}"));
                break;
            }
        };
        if rest(&after) != rest(&seed) {
            tally.failures.push(format!(
                "{when}: answers other than the title changed:\n{after:#}"
            ));
        }
        let title = after["title"].as_str().unwrap_or_default();
        let added = title.strip_prefix(before.as_str());
        if !added.is_some_and(|added| typed.starts_with(added)) {
            tally.failures.push(format!(
                "{when}: title {title:?} is not {before:?} plus a prefix of {typed:?}"
            ));
        }
        if timer {
            if title == before {
                timer_old += 1;
            } else {
                timer_new += 1;
            }
        }
        tally.saves += u64::from(title != before);
        if !tally.failures.is_empty() {
            break;
        }
    }
    tally.print("wizard autosave (real binary in a pty)", started);
    report(&format!(
        "wizard autosave: autosave-timer cycles killed after the save {timer_new}, before it {timer_old}; {stale_locks} cycles opened the record past a killed wizard's lock file"
    ));
    tally.assert_clean();
    assert!(
        stale_locks > 0,
        "a killed wizard leaves its lock file, and the next one opens anyway"
    );
}

/// Kill cycles of `export --all`.
const EXPORT_CYCLES: u64 = 20;

/// Every file in a folder by name, with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| {
                    let name = e.file_name().to_string_lossy().into_owned();
                    (name, fs::read(e.path()).unwrap_or_default())
                })
                .collect()
        })
        .unwrap_or_default()
}

/// `export --all`, killed at random moments. The first export of a store
/// also stores each record's published name, so each killed export runs on
/// a fresh copy of a never-exported store: afterwards each record is as it
/// was or as a complete export leaves it, and each page written is whole.
#[test]
fn export_all_survives_kills() {
    let started = Instant::now();
    let world = World::new();
    let set = production_set();
    let base = world.root().join("base");
    let base_store = Store::at(&base, StoreOrigin::Flag);
    let created: Timestamp = "2026-11-01T08:00:00Z".parse().expect("time");
    for i in 0..12 {
        let record_id = id(&format!("ex{i:014}"));
        let mut record = Record::new(record_id, "", &set, created);
        let mut answers = complete_answers();
        answers["title"] = Value::String(format!("Decision number {i}"));
        preflight::answers_input::apply_answers(&set, &mut record, &answers).expect("answers");
        record.created = created + SignedDuration::from_mins(i);
        base_store.save(&record).expect("save");
    }
    let export = |store: &Path, out: &Path| {
        let mut command = Command::new(crate::common::BIN);
        world.configure(&mut command);
        command
            .arg("--store")
            .arg(store)
            .args(["export", "--all", "--out"])
            .arg(out)
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        command
    };
    // A complete export: the pages and the records as it leaves them.
    let reference_store = world.root().join("reference-store");
    let reference = world.root().join("reference");
    copy_dir(&base, &reference_store);
    let timer = Instant::now();
    let output = export(&reference_store, &reference)
        .output()
        .expect("export");
    let took = timer.elapsed();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let pages = snapshot(&reference);
    let before = snapshot(&base.join("records"));
    let after = snapshot(&reference_store.join("records"));
    assert_eq!(before, after, "export --all never changes a record");

    let mut rng = Rng::seeded("export kill test");
    let mut tally = Tally::default();
    let max_delay = u64::try_from(took.as_micros())
        .unwrap_or(u64::MAX)
        .max(1_000)
        * 3
        / 2;
    let mut pages_whole = 0;
    for cycle in 0..EXPORT_CYCLES {
        tally.cycles += 1;
        let when = format!("export cycle {cycle}");
        let store = world.root().join(format!("store-{cycle}"));
        let out = world.root().join(format!("out-{cycle}"));
        copy_dir(&base, &store);
        let mut child = export(&store, &out).spawn().expect("start export");
        thread::sleep(Duration::from_micros(rng.below(max_delay)));
        child.kill().expect("SIGKILL export");
        child.wait().expect("wait");
        tally.kills += 1;
        let mut mid_write = false;
        for (name, bytes) in snapshot(&store.join("records")) {
            if is_temp(&name) {
                mid_write = true;
                continue;
            }
            tally.files_checked += 1;
            if before.get(&name) != Some(&bytes) {
                tally.failures.push(format!(
                    "{when}: records/{name} changed: exporting must only read the store"
                ));
            }
        }
        let listing = Store::at(&store, StoreOrigin::Flag).list().expect("list");
        if !listing.problems.is_empty() || listing.records.len() != before.len() {
            tally.failures.push(format!(
                "{when}: {} records load, problems: {:?}",
                listing.records.len(),
                listing.problems
            ));
        }
        for (name, bytes) in snapshot(&out) {
            if is_temp(&name) {
                mid_write = true;
            } else if pages.get(&name) == Some(&bytes) {
                pages_whole += 1;
            } else {
                tally.failures.push(format!(
                    "{when}: {name} is not the page a full export writes"
                ));
            }
        }
        tally.mid_write += u64::from(mid_write);
        if !tally.failures.is_empty() {
            break;
        }
    }
    tally.print("export --all (real binary)", started);
    report(&format!(
        "export --all: a full export takes {:.0} ms; killed exports left {pages_whole} whole pages and every record as it was",
        took.as_secs_f64() * 1000.0
    ));
    tally.assert_clean();
}
