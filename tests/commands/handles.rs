//! Finding a record from what the user types: a full id, a unique prefix,
//! and the refusals (ambiguous, not found, not an id at all).

use std::fs;

use serde_json::Value;

use crate::common::{World, record_fixture, stderr, stdout};

/// Two ids that share a 15-character prefix, and one that does not.
fn world_with_fixtures() -> World {
    let world = World::new();
    world.write_record(&record_fixture("abcde00000000001", "First of a pair"));
    world.write_record(&record_fixture("abcde00000000002", "Second of a pair"));
    world.write_record(&record_fixture("xyz0000000000000", "Loner"));
    world
}

fn exported_id(world: &World, handle: &str) -> Result<String, (Option<i32>, String)> {
    let output = world
        .cmd()
        .args(["export", "--format", "json", handle])
        .output()
        .unwrap();
    if output.status.success() {
        let value: Value = serde_json::from_slice(&output.stdout).unwrap();
        Ok(value["id"].as_str().unwrap().to_string())
    } else {
        assert!(stdout(&output).is_empty());
        Err((output.status.code(), stderr(&output)))
    }
}

#[test]
fn a_full_id_or_a_unique_prefix_finds_the_record() {
    let world = world_with_fixtures();
    assert_eq!(
        exported_id(&world, "abcde00000000001").unwrap(),
        "abcde00000000001"
    );
    assert_eq!(
        exported_id(&world, "abcde00000000002").unwrap(),
        "abcde00000000002"
    );
    assert_eq!(exported_id(&world, "xy").unwrap(), "xyz0000000000000");
    assert_eq!(
        exported_id(&world, "XYZ00").unwrap(),
        "xyz0000000000000",
        "handles are case-insensitive"
    );
}

#[test]
fn an_ambiguous_prefix_is_an_error_naming_the_candidates() {
    let world = world_with_fixtures();
    for command in ["show", "export", "check"] {
        let output = world.cmd().args([command, "abcde"]).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{command}");
        let err = stderr(&output);
        assert!(err.contains("abcde00000000001"), "{command}: {err}");
        assert!(err.contains("abcde00000000002"), "{command}: {err}");
        assert!(!err.contains("xyz0000000000000"), "{command}: {err}");
    }
}

#[test]
fn no_match_is_an_error_naming_the_store() {
    let world = world_with_fixtures();
    let (code, err) = exported_id(&world, "qqqq").unwrap_err();
    assert_eq!(code, Some(2));
    assert!(err.contains("\"qqqq\""), "{err}");
    assert!(err.contains(&world.store().display().to_string()), "{err}");
}

#[test]
fn paths_are_not_record_ids_and_nothing_outside_the_store_is_read() {
    let world = world_with_fixtures();
    // Perfectly valid records just outside the records folder: if a handle
    // could name a path, `../deadbeef` or `../../deadbeef` would load them.
    let secret = serde_json::to_vec(&record_fixture("deadbeef", "SECRET OUTSIDE")).unwrap();
    fs::write(world.store().join("deadbeef.json"), &secret).unwrap();
    fs::write(world.root().join("deadbeef.json"), &secret).unwrap();
    for handle in [
        "../../etc/passwd",
        "../deadbeef",
        "../../deadbeef",
        "/etc/passwd",
        "abcde/../../deadbeef",
        "",
        "ab cd",
    ] {
        for command in ["show", "export"] {
            let output = world.cmd().args([command, handle]).output().unwrap();
            assert_eq!(output.status.code(), Some(2), "{command} {handle:?}");
            let err = stderr(&output);
            assert!(
                err.contains("not a record id"),
                "{command} {handle:?}: {err}"
            );
            assert!(stdout(&output).is_empty(), "{command} {handle:?}");
            assert!(!err.contains("SECRET"), "{command} {handle:?}: {err}");
            assert!(!err.contains("root:"), "{command} {handle:?}: {err}");
        }
    }
}
