//! Two writers on one record: the second is told and never silently wins.
//!
//! Between preflights the guard is the record's edit lock (an OS advisory
//! lock on `records/.ID.lock`, taken with `File::try_lock`): the wizard holds
//! it while a record is open, every writing command takes it. The kernel
//! drops it when its process dies, so a killed wizard leaves at most an
//! unlocked file behind, which blocks nobody. Against writers that are not
//! preflight (an editor, `git pull`), the wizard compares the file with the
//! content hash of what it last read or wrote before every save.

use std::fs;
use std::path::PathBuf;
use std::process::Output;

use serde_json::{Value, json};

use crate::common::{World, stderr};
use crate::pty::key;

fn lock_path(world: &World, id: &str) -> PathBuf {
    world.records().join(format!(".{id}.lock"))
}

fn run(world: &World, args: &[&str]) -> Output {
    world
        .live_command()
        .args(args)
        .output()
        .expect("run preflight")
}

#[test]
fn a_second_wizard_is_told_and_can_only_read() {
    let world = World::new();
    let id = world.seed(&json!({"title": "Shared record", "summary": "Written once"}));
    let mut first = world.open_in_wizard(&id);

    let mut second = world.spawn(&["edit", &id]);
    second.wait_for("Record in use");
    second.wait_for("\"Shared record\" is open in another preflight.");
    second.wait_for("Editing it here too would overwrite one of you.");
    second.press(key::ENTER, "READ-ONLY");
    // Typing and Ctrl-S in the read-only copy change nothing on disk.
    let untouched = fs::read(world.record_path(&id)).expect("read");
    second.send("typed in the second");
    second.send(key::CTRL_S);

    first.append_and_save(" (edited)", "Saved.");
    let saved = fs::read(world.record_path(&id)).expect("read");
    assert_ne!(saved, untouched, "the first wizard saves");
    assert_eq!(world.read_record(&id)["title"], "Shared record (edited)");

    // The second leaves without writing its stale copy over the first's.
    assert!(second.quit().success(), "the read-only wizard quits");
    assert_eq!(
        fs::read(world.record_path(&id)).expect("read"),
        saved,
        "the read-only wizard never wrote"
    );
    assert!(first.quit().success());
    assert_eq!(
        world.record_files(),
        [format!("{id}.json")],
        "the lock file goes with the wizard that held it"
    );
}

#[test]
fn writing_commands_refuse_while_a_wizard_holds_the_record() {
    let world = World::new();
    let id = world.seed(&json!({"title": "Held by the wizard"}));
    let other = world.seed(&json!({"title": "Another record"}));
    let mut wizard = world.open_in_wizard(&id);
    let before = fs::read(world.record_path(&id)).expect("read");

    for args in [
        vec!["status", &id, "accepted"],
        vec!["link", &id, "relates-to", &other],
        vec!["unlink", &id, "relates-to", &other],
        vec!["supersede", &id, "--by", &other],
        vec!["edit", "--plain", &id],
    ] {
        let output = run(&world, &args);
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.contains(&format!("record {id} is open in another preflight")),
            "{args:?} says why: {err}"
        );
        assert!(err.contains("close it there first"), "{args:?}: {err}");
    }
    // Exporting still works: it only reads, so it never needs the lock.
    let out = world.root().join("wiki");
    let output = run(
        &world,
        &["export", "--all", "--out", out.to_str().expect("utf-8")],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        fs::read(world.record_path(&id)).expect("read"),
        before,
        "nothing wrote the held record"
    );

    assert!(wizard.quit().success());
    let output = run(&world, &["status", &id, "accepted"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(world.read_record(&id)["status"], "accepted");
}

#[test]
fn a_killed_wizard_does_not_block_the_record() {
    let world = World::new();
    let id = world.seed(&json!({"title": "Killed while open"}));
    let mut wizard = world.open_in_wizard(&id);
    wizard.append_and_save(" and saved", "Saved.");
    wizard.signal("KILL");
    assert!(!wizard.wait_exit().success(), "SIGKILL ends it");
    assert!(
        lock_path(&world, &id).exists(),
        "a killed wizard cannot remove its lock file"
    );

    // The kernel released the lock with the process: the first attempt
    // works, with no waiting and no "remove the lock file" step.
    let output = run(&world, &["status", &id, "proposed"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let record = world.read_record(&id);
    assert_eq!(record["status"], "proposed");
    assert_eq!(record["title"], "Killed while open and saved");
    assert!(
        !lock_path(&world, &id).exists(),
        "the next holder removes the old lock file when it lets go"
    );

    // And a new wizard opens it for editing, not read-only.
    let mut again = world.open_in_wizard(&id);
    assert!(!again.screen().contains("Record in use"));
    assert!(again.quit().success());
}

#[test]
fn a_change_made_on_disk_while_editing_is_never_overwritten_silently() {
    let world = World::new();
    let id = world.seed(&json!({"title": "Edited twice", "summary": "Original"}));
    let mut wizard = world.open_in_wizard(&id);

    // Something that is not preflight (an editor, `git pull`) rewrites the
    // file without the lock.
    let mut theirs = world.read_record(&id);
    theirs["answers"]["summary"] = json!("Changed in another editor");
    let their_bytes = serde_json::to_vec_pretty(&theirs).expect("JSON");
    fs::write(world.record_path(&id), &their_bytes).expect("write");

    wizard.append_and_save(" mine", "The record changed on disk");
    wizard.wait_for("Autosave is paused so nothing is overwritten.");
    wizard.wait_for("CHANGED ON DISK");
    assert_eq!(
        fs::read(world.record_path(&id)).expect("read"),
        their_bytes,
        "their version is still on disk"
    );

    // Keep both: mine becomes a new record beside theirs (the dialog takes
    // keys a moment after it appears).
    wizard.wait_for("Choose:");
    wizard.press("c", "Saved your version as a new record.");
    assert!(wizard.quit().success());
    assert_eq!(
        fs::read(world.record_path(&id)).expect("read"),
        their_bytes,
        "their version was never overwritten"
    );
    let files: Vec<String> = world
        .record_files()
        .into_iter()
        .filter(|f| f.ends_with(".json") && *f != format!("{id}.json"))
        .collect();
    assert_eq!(files.len(), 1, "one copy: {files:?}");
    let copy: Value =
        serde_json::from_str(&fs::read_to_string(world.records().join(&files[0])).expect("read"))
            .expect("JSON");
    assert_eq!(copy["title"], "Edited twice mine (copy)");
    assert_eq!(copy["answers"]["summary"], "Original");
}
