//! Schema evolution, pinned by fixtures in `tests/fixtures/records/`.
//!
//! - `schema-N-*.json`: records as a released preflight with record schema
//!   N writes them. There must be at least one per released schema, and
//!   each must load and round-trip **byte for byte** (load, then save, gives
//!   the same bytes), so an accidental format change fails here first.
//!   Only schema 1 has been released; `schema-1-with-meeting.json` pins
//!   the meeting model added within it.
//! - `schema-1-newer-minor.json`: schema 1 as a newer minor release might
//!   write it, with keys this version does not know at the top level, in
//!   `set`, in a history entry and in a link. Every writer keeps them.
//! - `refused/schema-2.json`: a newer schema. Every command refuses it,
//!   naming the file, and nothing writes it.
//!
//! The policy behind this is in docs/robustness.md ("Schema
//! evolution").

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::Value;

use preflight::record::{RecordId, SCHEMA_VERSION};
use preflight::store::{Store, StoreOrigin, record_to_json};

use crate::common::{World, repo_root, stderr};

fn fixtures_dir() -> PathBuf {
    repo_root().join("tests/fixtures/records")
}

/// The released-schema fixtures: (file name, bytes).
fn fixtures() -> Vec<(String, Vec<u8>)> {
    let mut found: Vec<(String, Vec<u8>)> = fs::read_dir(fixtures_dir())
        .expect("tests/fixtures/records")
        .filter_map(Result::ok)
        .filter(|e| e.path().is_file())
        .map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            (name, fs::read(e.path()).expect("read fixture"))
        })
        .filter(|(name, _)| name.starts_with("schema-") && name.ends_with(".json"))
        .collect();
    found.sort();
    found
}

fn json(bytes: &[u8]) -> Value {
    serde_json::from_slice(bytes).expect("fixture JSON")
}

/// Copies fixtures into a store's records folder under their ids.
fn install(world: &World, files: &[(&str, &[u8])]) -> Vec<String> {
    fs::create_dir_all(world.records()).expect("records/");
    files
        .iter()
        .map(|(_, bytes)| {
            let id = json(bytes)["id"].as_str().expect("id").to_string();
            fs::write(world.record_path(&id), bytes).expect("install fixture");
            id
        })
        .collect()
}

fn fixture(name: &str) -> Vec<u8> {
    fs::read(fixtures_dir().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn every_released_schema_has_a_fixture() {
    let fixtures = fixtures();
    for version in 1..=SCHEMA_VERSION {
        assert!(
            fixtures
                .iter()
                .any(|(name, _)| name.starts_with(&format!("schema-{version}-"))),
            "no fixture for record schema {version}: add tests/fixtures/records/schema-{version}-*.json written by the release that introduced it"
        );
    }
    for (name, bytes) in &fixtures {
        let version = json(bytes)["schema"].as_u64().expect("schema number");
        assert!(
            name.starts_with(&format!("schema-{version}-")),
            "{name} holds schema {version}; its name must say so"
        );
        assert!(
            version <= u64::from(SCHEMA_VERSION),
            "{name}: unreleased schemas belong in refused/"
        );
    }
}

#[test]
fn every_fixture_loads_and_round_trips_byte_for_byte() {
    let fixtures = fixtures();
    assert!(fixtures.len() >= 3, "{fixtures:?}");
    for (name, bytes) in &fixtures {
        let world = World::new();
        let id = install(&world, &[(name, bytes)]).remove(0);
        let store = Store::at(world.store(), StoreOrigin::Env);
        let id = RecordId::parse(&id).expect("id");
        let record = store
            .load(&id)
            .unwrap_or_else(|e| panic!("{name} does not load: {e}"));
        assert_eq!(
            String::from_utf8_lossy(&record_to_json(&record)),
            String::from_utf8_lossy(bytes),
            "{name}: what this version writes differs from the fixture"
        );
        store.save(&record).expect("save");
        assert_eq!(
            &fs::read(world.record_path(id.as_str())).expect("read"),
            bytes,
            "{name}: saving what was loaded changes nothing"
        );
        assert_eq!(store.load(&id).expect("load again"), record);
    }
}

/// Whatever the layout (key order, indentation), a record loads to the same
/// value and is written back in the one canonical form.
#[test]
fn fixtures_in_any_layout_load_to_the_same_record() {
    for (name, bytes) in fixtures() {
        // serde_json's own maps sort keys: a different order and no
        // indentation at all.
        let compact = serde_json::to_vec(&json(&bytes)).expect("JSON");
        assert_ne!(compact, bytes);
        let world = World::new();
        let id = install(&world, &[(&name, &compact)]).remove(0);
        let store = Store::at(world.store(), StoreOrigin::Env);
        let record = store
            .load(&RecordId::parse(&id).expect("id"))
            .unwrap_or_else(|e| panic!("{name}, compact: {e}"));
        assert_eq!(
            String::from_utf8_lossy(&record_to_json(&record)),
            String::from_utf8_lossy(&bytes),
            "{name}: compact form"
        );
    }
}

#[test]
fn every_fixture_is_usable_through_the_binary() {
    let world = World::new();
    let fixtures = fixtures();
    let files: Vec<(&str, &[u8])> = fixtures
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    let ids = install(&world, &files);
    let list = world.cmd().args(["list", "--json"]).output().expect("list");
    assert!(
        list.status.success() && list.stderr.is_empty(),
        "{}",
        stderr(&list)
    );
    let listed: Value = serde_json::from_slice(&list.stdout).expect("JSON");
    assert_eq!(listed.as_array().map(Vec::len), Some(ids.len()));
    for id in &ids {
        for args in [vec!["show", id.as_str()], vec!["export", id.as_str()]] {
            let output = world.cmd().args(&args).output().expect("run");
            assert!(
                output.status.success() && output.stderr.is_empty(),
                "{args:?}: {}",
                stderr(&output)
            );
        }
    }
}

/// The keys of the newer-minor fixture that this version does not know,
/// as (where, value) pairs.
fn unknown_keys(record: &Value) -> Vec<(String, Value)> {
    vec![
        ("approvals".into(), record["approvals"].clone()),
        ("x_custom".into(), record["x_custom"].clone()),
        ("set.checksum".into(), record["set"]["checksum"].clone()),
        (
            "history[0].reason".into(),
            record["history"][0]["reason"].clone(),
        ),
        ("links[0].note".into(), record["links"][0]["note"].clone()),
        (
            "meetings[0].recording".into(),
            record["meetings"][0]["recording"].clone(),
        ),
        (
            "meetings[0].attendees[0].pronouns".into(),
            record["meetings"][0]["attendees"][0]["pronouns"].clone(),
        ),
        (
            "meetings[0].questions[0].skipped".into(),
            record["meetings"][0]["questions"][0]["skipped"].clone(),
        ),
        (
            "meetings[0].items[0].ticket".into(),
            record["meetings"][0]["items"][0]["ticket"].clone(),
        ),
        (
            "meetings[0].outcome.vote".into(),
            record["meetings"][0]["outcome"]["vote"].clone(),
        ),
    ]
}

#[test]
fn keys_from_a_newer_minor_version_survive_every_command_that_writes() {
    let newer = fixture("schema-1-newer-minor.json");
    let minimal = fixture("schema-1-minimal.json");
    let world = World::new();
    let ids = install(
        &world,
        &[("newer", newer.as_slice()), ("minimal", minimal.as_slice())],
    );
    let (id, other) = (&ids[0], &ids[1]);
    let expected = unknown_keys(&json(&newer));
    assert!(expected.iter().all(|(_, v)| !v.is_null()), "{expected:?}");
    let out = world.root().join("wiki");
    let out = out.to_str().expect("utf-8");
    // Publishing only reads: the file stays byte for byte.
    let before = fs::read(world.record_path(id)).expect("read");
    let output: Output = world
        .cmd()
        .args(["export", "--all", "--out", out])
        .output()
        .expect("run");
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(before, fs::read(world.record_path(id)).expect("read"));
    let writers: [Vec<&str>; 4] = [
        vec!["status", id, "accepted"],
        vec!["link", id, "amends", other],
        vec!["unlink", id, "amends", other],
        vec!["supersede", other, "--by", id],
    ];
    for args in writers {
        let before = fs::read(world.record_path(id)).expect("read");
        let output: Output = world.cmd().args(&args).output().expect("run");
        assert!(output.status.success(), "{args:?}: {}", stderr(&output));
        let after = fs::read(world.record_path(id)).expect("read");
        assert_ne!(before, after, "{args:?} rewrote the record");
        assert_eq!(
            unknown_keys(&json(&after)),
            expected,
            "{args:?} kept every unknown key"
        );
    }
    let record = world.read_record(id);
    assert_eq!(record["status"], "accepted");
    assert!(record["slug"].is_string(), "export stored a name");
    assert_eq!(record["links"][0]["note"], "same migration");
    assert_eq!(record["links"][1]["kind"], "supersedes");
}

/// The same through the wizard: typing and saving keeps unknown keys.
#[cfg(unix)]
#[test]
fn keys_from_a_newer_minor_version_survive_the_wizard() {
    let newer = fixture("schema-1-newer-minor.json");
    let world = World::new();
    fs::create_dir_all(world.records()).expect("records/");
    let id = json(&newer)["id"].as_str().expect("id").to_string();
    let path = world.records().join(format!("{id}.json"));
    fs::write(&path, &newer).expect("install");
    let mut term = world.open_in_wizard(&id);
    term.append_and_save(", edited", "Saved.");
    assert!(term.quit().success());
    let saved = json(&fs::read(&path).expect("read"));
    assert_eq!(
        saved["title"],
        "Written by a newer preflight that added keys, edited"
    );
    assert_eq!(unknown_keys(&saved), unknown_keys(&json(&newer)));
}

/// The fixture's message, as every command must give it.
fn refused_message(path: &Path) -> String {
    format!(
        "{}: written by a newer preflight (record schema 2; this version reads up to {SCHEMA_VERSION}); upgrade preflight to open it",
        path.display()
    )
}

#[test]
fn a_newer_schema_is_refused_by_name_and_never_written() {
    let future = fixture("refused/schema-2.json");
    let minimal = fixture("schema-1-minimal.json");
    let world = World::new();
    let ids = install(
        &world,
        &[
            ("future", future.as_slice()),
            ("minimal", minimal.as_slice()),
        ],
    );
    let (id, other) = (&ids[0], &ids[1]);
    let path = world.record_path(id);
    let message = refused_message(&path);
    let out = world.root().join("wiki");
    let out = out.to_str().expect("utf-8");
    for args in [
        vec!["show", id],
        vec!["check", id],
        vec!["export", id],
        vec!["edit", id],
        vec!["edit", "--plain", id],
        vec!["status", id, "accepted"],
        vec!["link", id, "relates-to", other],
        vec!["link", other, "relates-to", id],
        vec!["supersede", id, "--by", other],
        vec!["supersede", other, "--by", id],
    ] {
        let output = world.cmd().args(&args).output().expect("run");
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(&message), "{args:?} names the file: {err}");
    }
    // Listing and exporting everything go on without it, and say so.
    for args in [vec!["list"], vec!["export", "--all", "--out", out]] {
        let output = world.cmd().args(&args).output().expect("run");
        assert!(
            stderr(&output).contains(&message),
            "{args:?}: {}",
            stderr(&output)
        );
    }
    assert!(
        !fs::read_dir(out)
            .expect("wiki/")
            .filter_map(Result::ok)
            .any(|e| e.file_name().to_string_lossy().contains("format-changed")),
        "no page for a record that cannot be read"
    );
    assert_eq!(fs::read(&path).expect("read"), future, "never rewritten");
    let mut expected = [format!("{id}.json"), format!("{other}.json")];
    expected.sort();
    assert_eq!(
        world.record_files(),
        expected,
        "no copy, temp or lock file left"
    );
}

/// Answer shapes are closed in schema 1: an unknown-answer object with a
/// key this version does not know is refused (naming the file and key), not
/// loaded with the key dropped, so a save can never lose it.
#[test]
fn an_answer_shape_this_version_does_not_know_is_refused_not_truncated() {
    let mut record = json(&fixture("schema-1-minimal.json"));
    record["answers"]["premortem"] =
        serde_json::json!({"unknown": true, "note": "later", "asked": "Priya"});
    let bytes = serde_json::to_vec_pretty(&record).expect("JSON");
    let world = World::new();
    let id = install(&world, &[("shape", bytes.as_slice())]).remove(0);
    let output = world
        .cmd()
        .args(["status", &id, "proposed"])
        .output()
        .expect("run");
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{err}");
    assert!(
        err.contains(&world.record_path(&id).display().to_string()),
        "{err}"
    );
    assert!(
        err.contains("unexpected key \"asked\" in an unknown answer"),
        "{err}"
    );
    assert_eq!(fs::read(world.record_path(&id)).expect("read"), bytes);
}
