//! `preflight init`.

use std::fs;

use predicates::str::contains;

use crate::common::{World, stderr};

#[test]
fn init_makes_a_store_with_readme_records_and_questionnaires() {
    let world = World::new();
    world
        .bare_cmd()
        .arg("init")
        .assert()
        .success()
        .stdout(contains("Made"))
        .stdout(contains(".preflight"));

    let store = world.work().join(".preflight");
    assert!(store.join("records").is_dir(), "records/ missing");
    assert!(
        store.join("questionnaires").is_dir(),
        "questionnaires/ missing"
    );
    let readme = fs::read_to_string(store.join("README.md")).expect("README.md");
    assert!(readme.starts_with("# "), "README has no title:\n{readme}");
    assert!(readme.contains("records/"), "{readme}");
    assert!(readme.contains("preflight list"), "{readme}");
}

#[test]
fn init_twice_says_it_is_already_a_store_and_keeps_the_readme() {
    let world = World::new();
    world.bare_cmd().arg("init").assert().success();
    let readme = world.work().join(".preflight/README.md");
    fs::write(&readme, "# Our records\n\nEdited by the team.\n").unwrap();

    world
        .bare_cmd()
        .arg("init")
        .assert()
        .success()
        .stdout(contains("already a preflight store"));
    assert_eq!(
        fs::read_to_string(&readme).unwrap(),
        "# Our records\n\nEdited by the team.\n",
        "a second init must not overwrite the team's README"
    );
}

#[test]
fn init_refuses_when_dot_preflight_is_a_file() {
    let world = World::new();
    let file = world.work().join(".preflight");
    fs::write(&file, "not a folder").unwrap();
    let output = world.bare_cmd().arg("init").output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(err.contains(".preflight"), "{err}");
    assert!(err.contains("not a folder"), "{err}");
    assert_eq!(fs::read_to_string(&file).unwrap(), "not a folder");
}

#[test]
fn records_made_after_init_land_in_the_new_store() {
    let world = World::new();
    world.bare_cmd().arg("init").assert().success();
    let output = world
        .bare_cmd()
        .args(["new", "--no-input", "--title", "Add a read replica"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let id = String::from_utf8(output.stdout).unwrap().trim().to_string();
    assert!(
        world
            .work()
            .join(".preflight/records")
            .join(format!("{id}.json"))
            .is_file()
    );
}

/// With `PREFLIGHT_STORE` set, `init` does not promise that records made
/// here stay here: it says the variable wins, and `list` indeed uses it.
#[test]
fn init_says_that_preflight_store_wins_over_the_new_folder() {
    let world = World::new();
    let output = world.cmd().arg("init").output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let out = crate::common::stdout(&output);
    assert!(out.contains("PREFLIGHT_STORE is set"), "{out}");
    assert!(out.contains(&world.store().display().to_string()), "{out}");
    assert!(!out.contains("are kept there"), "{out}");
    let list = world.cmd().arg("list").output().unwrap();
    assert!(
        crate::common::stdout(&list).contains(&world.store().display().to_string()),
        "list uses the PREFLIGHT_STORE store"
    );
}

/// Outside a git repository `init` still makes the store and its ignore
/// rules, and says why no merge driver was registered.
#[test]
fn init_outside_git_writes_ignore_rules_and_explains_the_missing_driver() {
    let world = World::new();
    let output = world.bare_cmd().arg("init").output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let out = crate::common::stdout(&output);
    assert!(out.contains("not in a git repository"), "{out}");
    let ignore = fs::read_to_string(world.work().join(".preflight/.gitignore")).unwrap();
    for rule in [".cache/", ".preflight-*.tmp", ".*.lock"] {
        assert!(ignore.lines().any(|l| l == rule), "{rule} in {ignore}");
    }
}
