//! Where the store is: `--store` beats `PREFLIGHT_STORE`, which beats a
//! `.preflight/` folder in the current folder or a parent, which beats the
//! personal data folder.

use std::fs;
use std::path::{Path, PathBuf};

use crate::common::{World, stderr, stdout};

/// Runs `new` with `cmd` and returns the folder the record file landed in.
fn created_in(world: &World, mut cmd: assert_cmd::Command, candidates: &[PathBuf]) -> PathBuf {
    let output = cmd
        .args(["new", "--no-input", "--title", "Where does it go"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let id = stdout(&output).trim().to_string();
    let found: Vec<&PathBuf> = candidates
        .iter()
        .filter(|store| store.join("records").join(format!("{id}.json")).is_file())
        .collect();
    assert_eq!(
        found.len(),
        1,
        "record {id} should be in exactly one store of {candidates:?} (world {})",
        world.root().display()
    );
    found[0].clone()
}

/// The `Store:` line of `preflight list`.
fn list_header(mut cmd: assert_cmd::Command) -> String {
    let output = cmd.arg("list").output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    stdout(&output)
        .lines()
        .next()
        .unwrap_or_default()
        .to_string()
}

fn canonical(path: &Path) -> PathBuf {
    fs::canonicalize(path).expect("canonical path")
}

#[test]
fn repo_store_is_found_from_a_nested_subfolder() {
    let world = World::new();
    world.bare_cmd().arg("init").assert().success();
    let nested = world.work().join("services/auth/src");
    fs::create_dir_all(&nested).unwrap();
    let repo_store = canonical(&world.work().join(".preflight"));

    let mut cmd = world.bare_cmd();
    cmd.current_dir(&nested);
    let store = created_in(&world, cmd, std::slice::from_ref(&repo_store));
    assert_eq!(store, repo_store);

    let mut cmd = world.bare_cmd();
    cmd.current_dir(&nested);
    assert_eq!(
        list_header(cmd),
        format!("Store: {} (repository store)", repo_store.display())
    );
}

#[test]
fn env_store_beats_the_repo_store() {
    let world = World::new();
    world.bare_cmd().arg("init").assert().success();
    let repo_store = canonical(&world.work().join(".preflight"));
    let env_store = world.root().join("env-store");

    let mut cmd = world.bare_cmd();
    cmd.env("PREFLIGHT_STORE", &env_store);
    let store = created_in(&world, cmd, &[repo_store.clone(), env_store.clone()]);
    assert_eq!(store, env_store);

    let mut cmd = world.bare_cmd();
    cmd.env("PREFLIGHT_STORE", &env_store);
    assert_eq!(
        list_header(cmd),
        format!("Store: {} (from PREFLIGHT_STORE)", env_store.display())
    );
}

#[test]
fn store_flag_beats_the_env_store_and_the_repo_store() {
    let world = World::new();
    world.bare_cmd().arg("init").assert().success();
    let repo_store = canonical(&world.work().join(".preflight"));
    let env_store = world.root().join("env-store");
    let flag_store = world.root().join("flag-store");

    let mut cmd = world.bare_cmd();
    cmd.env("PREFLIGHT_STORE", &env_store)
        .arg("--store")
        .arg(&flag_store);
    let store = created_in(
        &world,
        cmd,
        &[repo_store, env_store.clone(), flag_store.clone()],
    );
    assert_eq!(store, flag_store);

    let mut cmd = world.bare_cmd();
    cmd.env("PREFLIGHT_STORE", &env_store)
        .arg("--store")
        .arg(&flag_store);
    assert_eq!(
        list_header(cmd),
        format!("Store: {} (from --store)", flag_store.display())
    );
}

#[test]
fn a_relative_store_flag_is_relative_to_the_current_folder() {
    let world = World::new();
    let mut cmd = world.bare_cmd();
    cmd.args(["--store", "rel-store"]);
    let expected = world.work().join("rel-store");
    let store = created_in(&world, cmd, std::slice::from_ref(&expected));
    assert_eq!(store, expected);
}

#[test]
fn without_flag_env_or_repo_store_the_personal_data_folder_is_used() {
    let world = World::new();
    if let Some(found) = world
        .work()
        .ancestors()
        .find(|dir| dir.join(".preflight").is_dir())
    {
        eprintln!(
            "SKIPPED: {} has a .preflight/ folder, which this machine's temp folder should not",
            found.display()
        );
        return;
    }
    let data = world.root().join("xdg/data/preflight");
    let store = created_in(&world, world.bare_cmd(), std::slice::from_ref(&data));
    assert_eq!(store, data);
    assert_eq!(
        list_header(world.bare_cmd()),
        format!("Store: {} (personal store)", data.display())
    );
}

#[test]
fn a_store_path_that_is_a_file_is_an_error_naming_it() {
    let world = World::new();
    let file = world.root().join("store-file");
    fs::write(&file, "I am a file").unwrap();

    let mut by_env = world.bare_cmd();
    by_env.env("PREFLIGHT_STORE", &file);
    let mut by_flag = world.bare_cmd();
    by_flag.arg("--store").arg(&file);

    for (how, mut cmd) in [("env", by_env), ("flag", by_flag)] {
        let output = cmd.arg("list").output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{how}");
        let err = stderr(&output);
        assert!(err.contains(&file.display().to_string()), "{how}: {err}");
        assert!(err.contains("not a folder"), "{how}: {err}");
        assert!(stdout(&output).is_empty(), "{how}");
    }
    assert_eq!(fs::read_to_string(&file).unwrap(), "I am a file");
}
