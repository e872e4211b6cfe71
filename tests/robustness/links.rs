//! Links and special files inside a store someone else committed: a lock
//! or `.cache` that is a link gets nothing written through it, and a record
//! file that is a FIFO or a link to a device is skipped with a message,
//! never waited on.

#![cfg(unix)]

use std::fs;
use std::os::unix::fs::symlink;
use std::time::Duration;

use crate::common::{World, assert_stdout_says, record_fixture, stderr, stdout};

const ID: &str = "11nk000000000001";
const OTHER: &str = "11nk000000000002";

/// Long enough for a slow shared machine, short enough that a command
/// waiting on a FIFO fails the test instead of hanging the run.
const PATIENCE: Duration = Duration::from_secs(60);

fn world_with_record() -> World {
    let world = World::new();
    world.write_record(&record_fixture(ID, "Real record"));
    world
}

/// Every file under `dir`, for "nothing was written there".
fn files_under(dir: &std::path::Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).into_iter().flatten().flatten() {
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                stack.push(entry.path());
            }
            out.push(entry.path().display().to_string());
        }
    }
    out.sort();
    out
}

#[test]
fn a_lock_file_that_is_a_link_outside_the_store_is_refused_by_name() {
    let world = world_with_record();
    let outside = world.root().join("outside");
    fs::create_dir(&outside).unwrap();
    let target = outside.join("created-through-the-lock");
    let lock = world.records().join(format!(".{ID}.lock"));
    symlink(&target, &lock).unwrap();
    let before = fs::read(world.record_path(ID)).unwrap();

    let output = world
        .cmd()
        .args(["status", ID, "proposed"])
        .timeout(PATIENCE)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let message = stderr(&output);
    assert!(
        message.contains(&format!(".{ID}.lock is a symbolic link")),
        "{message}"
    );
    assert!(!target.exists(), "the lock was created through the link");
    assert_eq!(fs::read(world.record_path(ID)).unwrap(), before);
}

#[test]
fn a_cache_folder_linked_outside_the_store_gets_nothing_written() {
    let world = world_with_record();
    world.write_record(&record_fixture(OTHER, "Second record"));
    let outside = world.root().join("outside");
    fs::create_dir(&outside).unwrap();
    fs::create_dir_all(world.store()).unwrap();
    symlink(&outside, world.store().join(".cache")).unwrap();
    let site = world.root().join("site");

    for args in [
        vec!["list".to_string()],
        vec!["list".to_string()],
        vec![
            "export".to_string(),
            "--all".to_string(),
            "--out".to_string(),
            site.display().to_string(),
        ],
    ] {
        let output = world.cmd().args(&args).timeout(PATIENCE).output().unwrap();
        assert_eq!(
            output.status.code(),
            Some(0),
            "{args:?}: {}",
            stderr(&output)
        );
        if args[0] == "list" {
            assert_stdout_says(&output, "Second record");
        }
    }
    assert_eq!(
        files_under(&outside),
        Vec::<String>::new(),
        "written outside the store"
    );
    assert!(
        files_under(&site).len() >= 2,
        "the pages were written to --out"
    );
    assert!(
        fs::symlink_metadata(world.store().join(".cache"))
            .unwrap()
            .file_type()
            .is_symlink(),
        "the link was left as it is"
    );
}

#[test]
fn a_record_file_that_is_a_fifo_is_skipped_not_waited_on() {
    let world = world_with_record();
    let fifo = world.record_path(OTHER);
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        assert!(std::env::var_os("CI").is_none(), "mkfifo is missing in CI");
        eprintln!("SKIPPED: mkfifo is not available");
        return;
    }
    for args in [
        vec!["list"],
        vec!["check"],
        vec!["show", OTHER],
        vec!["actions"],
    ] {
        let output = world.cmd().args(&args).timeout(PATIENCE).output().unwrap();
        let message = stderr(&output);
        assert!(
            message.contains(&format!("{OTHER}.json")) && message.contains("named pipe (FIFO)"),
            "{args:?}: {message}"
        );
        assert_ne!(output.status.code(), None, "{args:?} was killed waiting");
    }
    let listed = world.cmd().arg("list").timeout(PATIENCE).output().unwrap();
    assert_stdout_says(&listed, "Real record");
}

#[test]
fn a_record_file_linked_to_a_device_is_skipped_not_read() {
    let world = world_with_record();
    for (n, device) in ["/dev/tty", "/dev/zero"].iter().enumerate() {
        let id = format!("11nk00000000001{n}");
        symlink(device, world.record_path(&id)).unwrap();
        let output = world.cmd().arg("list").timeout(PATIENCE).output().unwrap();
        let message = stderr(&output);
        assert!(
            message.contains(&format!("{id}.json")),
            "{device}: {message}"
        );
        // /dev/tty cannot even be opened without a controlling terminal;
        // /dev/zero can, and was read to the 16 MB limit before.
        if *device == "/dev/zero" {
            assert!(message.contains("it is a character device"), "{message}");
        }
        assert!(
            stdout(&output).contains("Real record"),
            "{device}: {}",
            stdout(&output)
        );
        fs::remove_file(world.record_path(&id)).unwrap();
    }
}

#[test]
fn doctor_reports_links_and_special_files_in_the_store() {
    let world = world_with_record();
    let outside = world.root().join("outside");
    fs::create_dir(&outside).unwrap();
    symlink(&outside, world.store().join(".cache")).unwrap();
    symlink(
        world.root().join("missing"),
        world.records().join(format!(".{ID}.lock")),
    )
    .unwrap();
    let fifo = world.records().join("notes.fifo");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    let fifo_made = made.is_ok_and(|s| s.success());

    let output = world
        .cmd()
        .args(["doctor"])
        .timeout(PATIENCE)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.contains(".cache is a symbolic link to"), "{text}");
    assert!(
        text.contains(&format!(".{ID}.lock is a symbolic link to")),
        "{text}"
    );
    if fifo_made {
        assert!(text.contains("notes.fifo is a named pipe (FIFO)"), "{text}");
    }

    let output = world
        .cmd()
        .args(["doctor", "--json"])
        .timeout(PATIENCE)
        .output()
        .unwrap();
    let body: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let kinds: Vec<&str> = body["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["kind"].as_str())
        .collect();
    assert_eq!(kinds.iter().filter(|k| **k == "link").count(), 2, "{body}");
    assert_eq!(
        files_under(&outside),
        Vec::<String>::new(),
        "doctor wrote outside"
    );
}
