//! Re-exports that skip unchanged pages (the export manifest in the
//! store's `.cache/exports/`):
//! whatever the cache skips, the folder must end up byte for byte what a
//! fresh export into an empty folder writes, and every page whose inputs or
//! file changed must be rendered again.
//!
//! Stamps of files changed in the last two seconds are never trusted, so
//! these tests wait that long once after making their store; `--verbose`
//! says how many files were rendered, which is how they see what was
//! skipped.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::thread::sleep;
use std::time::Duration;

use serde_json::{Value, json};

use super::publish::files;
use crate::common::{World, assert_stderr_says, stderr, stdout};

/// The export manifest the world's store keeps for output folder `out`
/// (one per folder, named by a hash of its path; found here by the folder
/// it names).
fn manifest(world: &World, out: &std::path::Path) -> std::path::PathBuf {
    let folder = fs::canonicalize(out).expect("out exists");
    let dir = world.store().join(".cache/exports");
    let found: Vec<_> = fs::read_dir(&dir)
        .expect("manifests folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .filter(|p| {
            fs::read_to_string(p)
                .ok()
                .and_then(|text| serde_json::from_str::<Value>(&text).ok())
                .is_some_and(|m| m["signature"]["folder"] == json!(folder.display().to_string()))
        })
        .collect();
    assert_eq!(
        found.len(),
        1,
        "one manifest for {}: {found:?}",
        out.display()
    );
    found[0].clone()
}

/// Long enough for every file written so far to leave the two-second
/// window in which its stamp is not trusted.
fn settle() {
    sleep(Duration::from_millis(2100));
}

/// A world with `records` generated records (links, meetings, 15 % of
/// them without a published name yet).
fn generated(records: u32, seed: u32) -> World {
    let world = World::new();
    let output = world
        .cmd()
        .args(["generate", "--records", &records.to_string()])
        .args(["--seed", &seed.to_string(), "--out"])
        .arg(world.store())
        .output()
        .expect("run generate");
    assert!(output.status.success(), "{}", stderr(&output));
    world
}

/// What one `export --all` run said.
struct Report {
    stdout: String,
    /// How many files it rendered, from `--verbose`.
    rendered: usize,
    /// Whether it was a full export (no usable manifest).
    full: bool,
}

impl Report {
    fn written(&self) -> usize {
        let line = self.stdout.lines().last().unwrap_or_default();
        let at = line.find(" file").expect("report line");
        let count = line[..at].rsplit(' ').next().unwrap_or_default();
        count.parse().expect("written count")
    }
}

fn export(world: &World, out: &Path, extra: &[&str]) -> Report {
    let output = world
        .cmd()
        .args(["--verbose", "export", "--all", "--out"])
        .arg(out)
        .args(extra)
        .output()
        .expect("run export");
    assert!(output.status.success(), "{}", stderr(&output));
    let err = stderr(&output);
    let line = err
        .lines()
        .find(|l| l.contains("rendered "))
        .unwrap_or_else(|| panic!("no rendered line in {err}"))
        .to_string();
    let after = &line[line.find("rendered ").expect("rendered") + "rendered ".len()..];
    let rendered = after
        .split(' ')
        .next()
        .and_then(|n| n.parse().ok())
        .expect("rendered count");
    Report {
        stdout: stdout(&output),
        rendered,
        full: line.starts_with("full export"),
    }
}

/// Exports into `out` until the folder is in its steady state: the first
/// export gives the records their published names, and once every file is
/// old enough to trust, a second one records every page; a third then
/// renders nothing.
fn steady(world: &World, out: &Path, extra: &[&str]) {
    export(world, out, extra);
    settle();
    export(world, out, extra);
    let third = export(world, out, extra);
    assert!(!third.full);
    assert_eq!(third.rendered, 0, "{}", third.stdout);
}

/// A fresh export of the store as it is now, into a new empty folder.
fn fresh(world: &World, name: &str, extra: &[&str]) -> BTreeMap<String, String> {
    let out = world.root().join(name);
    let report = export(world, &out, extra);
    let written = files(&out);
    // A folder exported to before (and deleted since) still has its
    // manifest in the store, but none of its pages: all are rendered.
    assert_eq!(
        report.rendered,
        written.len(),
        "an empty folder: every page rendered"
    );
    written
}

/// Every file a fresh export writes is in `out` with the same bytes; `out`
/// may hold more (pages of records since deleted or renamed are kept).
fn assert_same_as_fresh(world: &World, out: &Path, extra: &[&str]) {
    let fresh_name = format!("fresh-{}", world.root().read_dir().expect("root").count());
    let want = fresh(world, &fresh_name, extra);
    let have = files(out);
    assert!(!want.is_empty());
    for (name, text) in &want {
        assert_eq!(
            have.get(name),
            Some(text),
            "{name} differs from a fresh export"
        );
    }
    fs::remove_dir_all(world.root().join(fresh_name)).expect("remove fresh export");
}

fn record_ids(world: &World) -> Vec<String> {
    world
        .record_files()
        .iter()
        .filter_map(|name| name.strip_suffix(".json").map(str::to_string))
        .collect()
}

/// Each record's link targets.
fn links(world: &World) -> BTreeMap<String, Vec<String>> {
    record_ids(world)
        .into_iter()
        .map(|id| {
            let record = world.read_record(&id);
            let targets = record["links"]
                .as_array()
                .map(|list| {
                    list.iter()
                        .filter_map(|l| l["target"].as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default();
            (id, targets)
        })
        .collect()
}

/// A record's page: its stored published name, else one from its title.
fn page_of(world: &World, out: &Path, id: &str) -> PathBuf {
    let record = world.read_record(id);
    let slug = match record["slug"].as_str() {
        Some(slug) => slug.to_string(),
        None => preflight::export::slug_for(record["title"].as_str().expect("a title")),
    };
    out.join(format!("{slug}.md"))
}

#[test]
fn re_export_of_an_unchanged_store_renders_and_writes_nothing() {
    let world = generated(30, 3);
    let out = world.root().join("wiki");
    let first = export(&world, &out, &[]);
    assert!(first.full);
    assert_eq!(first.rendered, 31, "30 pages and the index");
    assert!(manifest(&world, &out).is_file());
    assert!(
        !fs::read_dir(&out).expect("out").any(|e| e
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .starts_with('.')),
        "nothing hidden in the published folder"
    );
    settle();
    // Records changed less than two seconds before the first export (just
    // generated, or just given their names) are rendered once more.
    let second = export(&world, &out, &[]);
    assert!(!second.full);
    assert_eq!(second.written(), 0, "{}", second.stdout);
    for _ in 0..2 {
        let again = export(&world, &out, &[]);
        assert!(!again.full, "{}", again.stdout);
        assert_eq!(again.rendered, 0, "{}", again.stdout);
        assert_eq!(again.written(), 0, "{}", again.stdout);
        assert!(again.stdout.contains("0 files written, 31 unchanged"));
    }
    assert_same_as_fresh(&world, &out, &[]);
}

#[test]
fn an_edited_record_renders_its_page_and_what_shows_it() {
    let world = generated(40, 5);
    let out = world.root().join("wiki");
    steady(&world, &out, &[]);

    // A record nothing links with: its page and the index only.
    let graph = links(&world);
    let alone = graph
        .iter()
        .find(|(id, targets)| {
            targets.is_empty() && !graph.values().any(|t| t.iter().any(|x| x == *id))
        })
        .map(|(id, _)| id.clone())
        .expect("a record without links");
    let status = world
        .cmd()
        .args(["status", &alone, "rejected"])
        .output()
        .expect("run status");
    assert!(status.status.success(), "{}", stderr(&status));
    let report = export(&world, &out, &[]);
    assert_eq!(
        report.rendered, 2,
        "its page and the index: {}",
        report.stdout
    );
    assert_eq!(report.written(), 2, "{}", report.stdout);
    assert_same_as_fresh(&world, &out, &[]);

    // A linked record's new title shows on the page that links to it.
    let (from, to) = graph
        .iter()
        .find_map(|(id, targets)| targets.first().map(|t| (id.clone(), t.clone())))
        .expect("a record with a link");
    let mut target = world.read_record(&to);
    target["title"] = json!("A title nobody used before");
    world.write_record(&target);
    let report = export(&world, &out, &[]);
    assert!(report.rendered >= 3, "{}", report.stdout);
    assert!(report.rendered < 41, "not everything: {}", report.stdout);
    let page = fs::read_to_string(page_of(&world, &out, &from)).expect("linking page");
    assert!(page.contains("A title nobody used before"), "{page}");
    assert_same_as_fresh(&world, &out, &[]);
}

#[test]
fn edited_deleted_or_copied_pages_are_made_right_again() {
    let world = generated(20, 7);
    let out = world.root().join("wiki");
    export(&world, &out, &[]);
    settle();
    export(&world, &out, &[]); // records the pages' stamps
    let ids = record_ids(&world);
    let edited = page_of(&world, &out, &ids[0]);
    let deleted = page_of(&world, &out, &ids[1]);
    let touched = page_of(&world, &out, &ids[2]);
    let mut text = fs::read_to_string(&edited).expect("page");
    // Same length, other bytes.
    let last = text.pop().expect("non-empty page");
    text.push(if last == 'x' { 'y' } else { 'x' });
    fs::write(&edited, &text).expect("edit page");
    fs::remove_file(&deleted).expect("delete page");
    let same = fs::read(&touched).expect("page");
    fs::write(&touched, &same).expect("rewrite page unchanged");
    fs::write(out.join("index.md"), "# Ours now\n").expect("edit index");

    let report = export(&world, &out, &[]);
    assert!(!report.full);
    assert_eq!(
        report.written(),
        3,
        "edited, deleted and index: {}",
        report.stdout
    );
    assert_eq!(
        report.rendered, 3,
        "the rewritten page is only read: {}",
        report.stdout
    );
    assert_same_as_fresh(&world, &out, &[]);
}

#[test]
fn a_bad_foreign_or_other_options_manifest_means_a_full_export() {
    let world = generated(12, 11);
    let out = world.root().join("wiki");
    export(&world, &out, &[]);
    // Numbers are given on the first adr export; done now so that those
    // records' files are old enough to trust below.
    export(&world, &world.root().join("numbered"), &["--layout", "adr"]);
    settle();

    fs::write(manifest(&world, &out), "{ not json").expect("corrupt manifest");
    let report = export(&world, &out, &[]);
    assert!(report.full);
    assert_eq!(report.rendered, 13);
    assert_same_as_fresh(&world, &out, &[]);

    let path = manifest(&world, &out);
    let mut old: Value = serde_json::from_str(&fs::read_to_string(&path).expect("manifest"))
        .expect("manifest is JSON");
    old["signature"]["build"] = json!("0.0.1");
    fs::write(&path, old.to_string()).expect("old manifest");
    assert!(export(&world, &out, &[]).full, "another version's manifest");
    assert!(!export(&world, &out, &[]).full);

    for options in [
        &["--layout", "adr"][..],
        &["--front-matter"],
        &["--format", "html"],
        &[],
    ] {
        let report = export(&world, &out, options);
        assert!(report.full, "{options:?} after other options");
        assert_same_as_fresh(&world, &out, options);
        let again = export(&world, &out, options);
        assert!(!again.full);
        assert_eq!(again.rendered, 0, "{options:?}: {}", again.stdout);
    }
}

#[test]
fn a_record_rewritten_with_the_same_size_and_times_is_rendered_again() {
    let world = generated(10, 13);
    let out = world.root().join("wiki");
    export(&world, &out, &[]);
    let id = record_ids(&world).remove(0);
    let path = world.record_path(&id);
    let text = fs::read_to_string(&path).expect("record");
    let title = world.read_record(&id)["title"]
        .as_str()
        .expect("title")
        .to_string();
    let mut swapped: Vec<char> = title.chars().collect();
    swapped.reverse();
    let swapped: String = swapped.into_iter().collect();
    assert_ne!(swapped, title, "a title that reads differently backwards");
    let modified = fs::metadata(&path)
        .and_then(|m| m.modified())
        .expect("mtime");
    settle();
    export(&world, &out, &[]);
    assert_eq!(export(&world, &out, &[]).rendered, 0);

    let edited = text.replacen(
        &format!("\"title\": {}", json!(title)),
        &format!("\"title\": {}", json!(swapped)),
        1,
    );
    assert_eq!(edited.len(), text.len());
    assert_ne!(edited, text);
    fs::write(&path, &edited).expect("rewrite record");
    fs::File::options()
        .write(true)
        .open(&path)
        .and_then(|file| file.set_modified(modified))
        .expect("set mtime back");
    settle(); // so the changed time, not the two-second window, decides
    let report = export(&world, &out, &[]);
    assert!(report.rendered >= 2, "{}", report.stdout);
    let page = fs::read_to_string(page_of(&world, &out, &id)).expect("page");
    assert!(page.contains(&swapped), "{page}");
    assert_same_as_fresh(&world, &out, &[]);
}

/// A small deterministic random source (no dependency for one test).
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) as usize) % n
    }
}

#[test]
fn cached_re_exports_after_random_edits_match_fresh_exports() {
    let world = generated(50, 17);
    let out = world.root().join("wiki");
    let adr = world.root().join("adr");
    export(&world, &adr, &["--layout", "adr"]);
    steady(&world, &out, &[]);
    export(&world, &adr, &["--layout", "adr"]);
    assert_eq!(export(&world, &adr, &["--layout", "adr"]).rendered, 0);
    let mut random = Lcg(42);
    for round in 0..4 {
        let ids = record_ids(&world);
        for _ in 0..4 {
            let id = &ids[random.below(ids.len())];
            let other = ids[random.below(ids.len())].clone();
            let mut record = world.read_record(id);
            match random.below(7) {
                0 => record["title"] = json!(format!("Round {round} title for {other}")),
                1 => {
                    record["status"] = json!(["accepted", "rejected", "proposed"][random.below(3)])
                }
                2 => {
                    let kind = ["supersedes", "relates-to"][random.below(2)];
                    let mut list = record["links"].as_array().cloned().unwrap_or_default();
                    list.push(json!({ "kind": kind, "target": other }));
                    record["links"] = Value::Array(list);
                }
                3 => record["links"] = json!([]),
                4 => record["tags"] = json!([format!("round-{round}")]),
                5 => record["answers"]["mechanism"] = json!(format!("Flip the flag {round}")),
                _ => {
                    fs::remove_file(world.record_path(id)).expect("delete record");
                    continue;
                }
            }
            world.write_record(&record);
        }
        let report = export(&world, &out, &[]);
        assert!(!report.full, "round {round}: {}", report.stdout);
        assert!(report.rendered < 40, "round {round}: {}", report.stdout);
        assert_same_as_fresh(&world, &out, &[]);
        let report = export(&world, &adr, &["--layout", "adr"]);
        assert!(report.rendered < 40, "round {round}: {}", report.stdout);
        assert_same_as_fresh(&world, &adr, &["--layout", "adr"]);
    }
}

/// The manifest's stamp and bytes, to see whether it was written again.
fn manifest_state(world: &World, out: &Path) -> (std::time::SystemTime, Vec<u8>) {
    let path = manifest(world, out);
    let modified = fs::metadata(&path)
        .and_then(|m| m.modified())
        .expect("manifest mtime");
    (modified, fs::read(&path).expect("manifest"))
}

#[test]
fn a_re_export_that_finds_nothing_to_do_leaves_the_manifest_alone_and_still_sees_hand_edits() {
    let world = generated(15, 19);
    let out = world.root().join("wiki");
    steady(&world, &out, &[]);
    let before = manifest_state(&world, &out);
    let output = world
        .cmd()
        .args(["--verbose", "export", "--all", "--out"])
        .arg(&out)
        .output()
        .expect("run export");
    assert!(output.status.success(), "{}", stderr(&output));
    assert_stderr_says(&output, "nothing changed; manifest kept as it was");
    assert_eq!(manifest_state(&world, &out), before, "not rewritten");

    // The manifest that was kept still catches a page edited by hand.
    let ids = record_ids(&world);
    let page = page_of(&world, &out, &ids[0]);
    fs::write(&page, "# Edited by hand\n").expect("edit page");
    let report = export(&world, &out, &[]);
    assert!(!report.full);
    assert_eq!(report.rendered, 1, "{}", report.stdout);
    assert_eq!(report.written(), 1, "{}", report.stdout);
    assert_ne!(manifest_state(&world, &out).1, before.1, "rewritten now");
    assert_same_as_fresh(&world, &out, &[]);
}

#[test]
fn a_manifest_copied_from_another_folder_is_not_trusted() {
    let world = generated(10, 23);
    let first = world.root().join("first");
    let second = world.root().join("second");
    steady(&world, &first, &[]);
    steady(&world, &second, &[]);
    // The first folder's manifest in place of the second's: it names
    // another folder, so the second is exported in full.
    let theirs = manifest(&world, &first);
    let ours = manifest(&world, &second);
    fs::copy(&theirs, &ours).expect("copy manifest");
    fs::write(second.join("index.md"), "# Not the index\n").expect("edit index");
    let report = export(&world, &second, &[]);
    assert!(report.full, "{}", report.stdout);
    assert_eq!(report.rendered, 11);
    assert_same_as_fresh(&world, &second, &[]);
}
