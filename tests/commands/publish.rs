//! Publishing a whole store: `export --all` writes one file per record and
//! an index, keeps names stable, reports what it wrote and deletes nothing.
//! The committed sample folder `assets/sample-wiki/` is the export of
//! `assets/sample-store/`; after a deliberate export change regenerate it
//! with
//!
//! ```text
//! UPDATE_ASSETS=1 cargo test --test cli publish
//! ```

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use crate::common::{World, repo_root};

/// Every file in a folder, by name.
pub fn files(dir: &Path) -> BTreeMap<String, String> {
    fs::read_dir(dir)
        .expect("read folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_file())
        .map(|p| {
            let name = p.file_name().expect("name").to_string_lossy().into_owned();
            (name, fs::read_to_string(&p).expect("read file"))
        })
        .collect()
}

/// A world whose store is a copy of the sample store.
pub(crate) fn sample_world() -> World {
    let world = World::new();
    fs::create_dir_all(world.records()).expect("records folder");
    for (name, text) in files(&repo_root().join("assets/sample-store/records")) {
        fs::write(world.records().join(name), text).expect("copy record");
    }
    world
}

pub(crate) fn export_all(world: &World, out: &Path, extra: &[&str]) -> String {
    let mut args = vec!["export", "--all", "--out"];
    let out_text = out.to_string_lossy().into_owned();
    args.push(&out_text);
    args.extend_from_slice(extra);
    world.run_ok(&args)
}

#[test]
fn the_sample_wiki_is_the_export_of_the_sample_store() {
    let world = sample_world();
    let out = world.root().join("wiki");
    export_all(&world, &out, &[]);
    export_all(&world, &out, &["--format", "html"]);
    let exported = files(&out);
    assert!(exported.contains_key("index.md") && exported.contains_key("index.html"));
    assert_eq!(
        exported.len(),
        2 + 2 * 3,
        "an md and an html file per record, plus both indexes"
    );
    let committed_dir = repo_root().join("assets/sample-wiki");
    if std::env::var("UPDATE_ASSETS").is_ok_and(|v| v == "1") {
        fs::create_dir_all(&committed_dir).expect("make assets/sample-wiki");
        for (name, text) in &exported {
            fs::write(committed_dir.join(name), text).expect("write sample");
        }
        return;
    }
    let committed = files(&committed_dir);
    assert_eq!(
        committed.keys().collect::<Vec<_>>(),
        exported.keys().collect::<Vec<_>>(),
        "run UPDATE_ASSETS=1 cargo test --test cli publish"
    );
    for (name, text) in &exported {
        assert_eq!(
            &committed[name], text,
            "{name} is stale: run UPDATE_ASSETS=1 cargo test --test cli publish"
        );
    }
    // Exporting the sample store must not change it: its names are stored.
    for (name, text) in files(&world.records()) {
        let original =
            fs::read_to_string(repo_root().join("assets/sample-store/records").join(&name))
                .expect("original");
        assert_eq!(text, original, "export --all rewrote {name}");
    }
}

#[test]
fn re_export_writes_only_what_changed_and_keeps_files_added_by_hand() {
    let world = sample_world();
    let out = world.root().join("wiki");
    let first = export_all(&world, &out, &[]);
    assert!(first.contains("4 files written, 0 unchanged"), "{first}");
    fs::write(out.join("README.md"), "# Our decisions\n").expect("hand-written file");
    let second = export_all(&world, &out, &[]);
    assert!(second.contains("0 files written, 4 unchanged"), "{second}");
    assert!(
        out.join("README.md").is_file(),
        "a file the user added is kept"
    );
}

/// `preflight status ID accepted`, which numbers and names the record.
pub fn accept(world: &World, id: &str) -> String {
    world.run_ok(&["status", id, "accepted"])
}

#[test]
fn names_stay_stable_after_acceptance_a_title_edit_and_a_new_record() {
    let world = World::new();
    let first = world.new_record("Use Redis for sessions");
    let said = accept(&world, &first);
    assert!(
        said.contains("is published as \"use-redis-for-sessions\""),
        "{said}"
    );
    let out = world.root().join("wiki");
    export_all(&world, &out, &[]);
    assert!(out.join("use-redis-for-sessions.md").is_file());

    // Edit the title on disk and add a record whose title collides: the
    // new one is published under a name of its own, without storing it.
    let mut record = world.read_record(&first);
    record["title"] = "Use Valkey for sessions".into();
    world.write_record(&record);
    let second = world.new_record("Use Redis for sessions");
    let report = export_all(&world, &out, &[]);
    let names: Vec<String> = files(&out).into_keys().collect();
    assert_eq!(
        names,
        [
            "index.md",
            "use-redis-for-sessions-2.md",
            "use-redis-for-sessions.md"
        ],
        "{report}"
    );
    let page = fs::read_to_string(out.join("use-redis-for-sessions.md")).expect("read");
    assert!(page.starts_with("# Use Valkey for sessions\n"), "{page}");
    assert!(world.read_record(&second).get("slug").is_none());
    // Accepting it stores the name it was published under.
    let said = accept(&world, &second);
    assert!(
        said.contains("is published as \"use-redis-for-sessions-2\""),
        "{said}"
    );
}

#[test]
fn adr_layout_numbers_only_accepted_records_and_export_never_writes_records() {
    let world = World::new();
    let a = world.new_record("First decision");
    let draft = world.new_record("Still a draft");
    accept(&world, &a);
    let out = world.root().join("adr");
    let before = files(&world.records());
    export_all(&world, &out, &["--layout", "adr"]);
    let after = files(&world.records());
    assert_eq!(before, after, "export --all changed a record file");
    let b = world.new_record("Second decision");
    accept(&world, &b);
    export_all(&world, &out, &["--layout", "adr"]);
    let names: Vec<String> = files(&out).into_keys().collect();
    assert_eq!(
        names,
        [
            "0000-still-a-draft.md",
            "0001-first-decision.md",
            "0002-second-decision.md",
            "index.md",
        ]
    );
    let first = fs::read_to_string(out.join("0001-first-decision.md")).expect("read");
    assert!(
        first.starts_with("# 1. First decision\n\nDate: 2026-11-20\n\n## Status\n\nAccepted\n"),
        "{first}"
    );
    let unnumbered = fs::read_to_string(out.join("0000-still-a-draft.md")).expect("read");
    assert!(unnumbered.starts_with("# Still a draft\n"), "{unnumbered}");
    assert_eq!(world.read_record(&a)["number"], 1);
    assert!(
        world.read_record(&draft).get("number").is_none(),
        "drafts never get a number"
    );
    assert!(
        world.read_record(&draft).get("slug").is_none(),
        "publishing stores nothing"
    );
}

#[test]
fn duplicate_numbers_from_two_clones_are_refused_before_writing() {
    let world = World::new();
    for title in ["From clone A", "From clone B"] {
        let id = world.new_record(title);
        let mut record = world.read_record(&id);
        record["number"] = 7.into();
        world.write_record(&record);
    }
    let out = world.root().join("adr");
    let output = world
        .cmd()
        .args(["export", "--all", "--layout", "adr", "--out"])
        .arg(&out)
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(2));
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(err.contains("both have number 7"), "{err}");
    assert!(!out.join("index.md").exists(), "nothing is written");
}

#[test]
fn out_must_be_a_folder_for_all() {
    let world = World::new();
    world.new_record("One");
    let file = world.root().join("taken.md");
    fs::write(&file, "x").expect("write");
    let output = world
        .cmd()
        .args(["export", "--all", "--out"])
        .arg(&file)
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(fs::read_to_string(&file).expect("read"), "x");
}

#[test]
fn two_records_published_under_one_name_are_refused_before_writing() {
    let world = World::new();
    for title in ["First", "Second"] {
        let id = world.new_record(title);
        let mut record = world.read_record(&id);
        record["slug"] = "same-name".into();
        world.write_record(&record);
    }
    let out = world.root().join("wiki");
    let output = world
        .cmd()
        .args(["export", "--all", "--out"])
        .arg(&out)
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(2));
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(err.contains("both published as \"same-name\""), "{err}");
    assert!(!out.join("same-name.md").exists(), "nothing is written");
}

#[test]
fn accepting_reads_a_hand_edited_number_not_the_list_index() {
    // Accepting numbers a record from the list index; an entry whose file
    // changed since (here a number edited by hand, the file dated back an
    // hour so only its stamp differs) must be read again, never trusted.
    let world = World::new();
    let first = world.new_record("Use Redis for sessions");
    accept(&world, &first);
    assert_eq!(world.read_record(&first)["number"], 1);
    world.run_ok(&["list"]);
    let mut record = world.read_record(&first);
    record["number"] = 7.into();
    let path = world.write_record(&record);
    let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    fs::File::options()
        .write(true)
        .open(&path)
        .and_then(|file| file.set_modified(hour_ago))
        .expect("date the file back");
    let second = world.new_record("Queue exports");
    let said = accept(&world, &second);
    assert_eq!(world.read_record(&second)["number"], 8, "{said}");
}
