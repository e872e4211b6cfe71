//! Where output goes and where the store is: `--out` at a folder, under a
//! file, at a read-only file; a store path that is a file; a
//! records folder that is a file; a symlinked store. Each refusal names the
//! path, exits 2 and writes nothing anywhere.

use std::fs;
use std::path::Path;

use super::tree;
use crate::common::{World, stderr, stdout};

fn make_read_only(path: &Path) {
    let mut permissions = fs::metadata(path).unwrap().permissions();
    permissions.set_readonly(true);
    fs::set_permissions(path, permissions).unwrap();
}

/// Runs preflight; expects exit 2, `message` and the path in stderr, and
/// no file changed anywhere in the world.
fn refused(world: &World, args: &[&str], path: &Path, message: &str) {
    let before = tree(world.root());
    let output = world.cmd().args(args).output().unwrap();
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{args:?}: {err}");
    assert!(err.contains(&path.display().to_string()), "{args:?}: {err}");
    assert!(err.contains(message), "{args:?}: {message:?} in {err}");
    assert!(stdout(&output).is_empty(), "{args:?}");
    assert_eq!(tree(world.root()), before, "{args:?} wrote something");
}

#[test]
fn out_at_a_folder_a_missing_folder_or_a_read_only_file_is_refused() {
    let world = World::new();
    let id = world.new_record("Exported");
    let folder = world.root().join("folder");
    fs::create_dir(&folder).unwrap();
    fs::write(folder.join("keep.md"), "keep").unwrap();
    let f = folder.display().to_string();
    refused(
        &world,
        &["export", &id, "--out", &f],
        &folder,
        "is a folder",
    );

    // Missing folders are made (see commands::export); a file standing
    // where one must go is refused by name.
    let blocked = folder.join("keep.md/deeper/record.md");
    let b = blocked.display().to_string();
    refused(
        &world,
        &["export", &id, "--out", &b],
        &folder.join("keep.md"),
        "is a file, not a folder",
    );

    let frozen = world.root().join("frozen.md");
    fs::write(&frozen, "an earlier export, kept on purpose\n").unwrap();
    make_read_only(&frozen);
    let r = frozen.display().to_string();
    // Root may write anything, so the check is on the file's own mode.
    for format in ["md", "html", "json"] {
        refused(
            &world,
            &["export", &id, "--format", format, "--out", &r],
            &frozen,
            "is read-only, so it was left as it is",
        );
    }
    assert_eq!(
        fs::read_to_string(&frozen).unwrap(),
        "an earlier export, kept on purpose\n"
    );
}

#[test]
fn export_all_refuses_a_file_a_blocked_parent_and_a_read_only_page() {
    let world = World::new();
    world.new_record("First");
    let file = world.root().join("a-file");
    fs::write(&file, "not a folder").unwrap();
    let f = file.display().to_string();
    refused(
        &world,
        &["export", "--all", "--out", &f],
        &file,
        "is a file",
    );

    let blocker = world.root().join("blocker.md");
    fs::write(&blocker, "a file, not a folder\n").unwrap();
    let blocked = blocker.join("wiki");
    let b = blocked.display().to_string();
    refused(
        &world,
        &["export", "--all", "--out", &b],
        &blocker,
        "is a file, not a folder",
    );

    // A page someone protected in an existing wiki folder stays as it is.
    let wiki = world.root().join("wiki");
    let w = wiki.display().to_string();
    world
        .cmd()
        .args(["export", "--all", "--out", &w])
        .assert()
        .success();
    let index = wiki.join("index.md");
    fs::write(&index, "hand-written index\n").unwrap();
    make_read_only(&index);
    refused(
        &world,
        &["export", "--all", "--out", &w],
        &index,
        "is read-only",
    );
    assert_eq!(fs::read_to_string(&index).unwrap(), "hand-written index\n");
}

#[test]
fn a_store_path_that_is_a_file_is_refused_however_it_is_given() {
    let world = World::new();
    let file = world.root().join("store-file");
    fs::write(&file, "I am a file").unwrap();
    let before = tree(world.root());
    let message = "is not a folder; point --store or PREFLIGHT_STORE at a folder";
    for args in [vec!["list"], vec!["new", "--no-input", "--title", "x"]] {
        let output = world
            .bare_cmd()
            .arg("--store")
            .arg(&file)
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let err = stderr(&output);
        assert!(
            err.contains(&file.display().to_string()) && err.contains(message),
            "{err}"
        );

        let output = world
            .bare_cmd()
            .env("PREFLIGHT_STORE", &file)
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(stderr(&output).contains(message));
    }
    // `init` where .preflight is a file.
    fs::write(world.work().join(".preflight"), "a file").unwrap();
    let output = world.bare_cmd().arg("init").output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains(".preflight is not a folder"));
    fs::remove_file(world.work().join(".preflight")).unwrap();
    assert_eq!(tree(world.root()), before, "nothing was written");
}

#[test]
fn a_records_folder_that_is_a_file_is_named() {
    let world = World::new();
    fs::create_dir_all(world.store()).unwrap();
    fs::write(world.records(), "a file where the folder goes").unwrap();
    let records = world.records();
    refused(&world, &["list"], &records, "cannot read");
    refused(
        &world,
        &["new", "--no-input", "--title", "x"],
        &records,
        "cannot create",
    );
}

#[cfg(unix)]
#[test]
fn a_symlinked_store_is_used_in_place_and_stays_a_link() {
    let world = World::new();
    let real = world.root().join("real-store");
    fs::create_dir(&real).unwrap();
    std::os::unix::fs::symlink(&real, world.store()).unwrap();

    let id = world.new_record("Through a link");
    world
        .cmd()
        .args(["status", &id, "accepted"])
        .assert()
        .success();
    assert!(real.join("records").join(format!("{id}.json")).is_file());
    assert!(
        fs::symlink_metadata(world.store())
            .unwrap()
            .file_type()
            .is_symlink()
    );
    let output = world.cmd().arg("list").output().unwrap();
    assert!(stdout(&output).contains("Through a link"));

    // A symlinked record file is read through, and a save replaces the
    // link with a file in the store: the link's target is never written.
    let outside = world.root().join("outside.json");
    let linked = "5ymb0000000000aa";
    let text = serde_json::to_string(&crate::common::record_fixture(linked, "Linked")).unwrap();
    fs::write(&outside, &text).unwrap();
    std::os::unix::fs::symlink(
        &outside,
        real.join("records").join(format!("{linked}.json")),
    )
    .unwrap();
    world
        .cmd()
        .args(["status", linked, "proposed"])
        .assert()
        .success();
    assert_eq!(
        fs::read_to_string(&outside).unwrap(),
        text,
        "the target is untouched"
    );
    let saved = real.join("records").join(format!("{linked}.json"));
    assert!(
        !fs::symlink_metadata(&saved)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(fs::read_to_string(&saved).unwrap().contains("proposed"));
}
