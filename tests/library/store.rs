//! The store API: locating, resolving handles, listing, and atomic writes.

use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};

use preflight::record::RecordId;
use preflight::store::{Store, StoreError, StoreOrigin, write_atomic};

use crate::common::{file_names, record_fixture};

fn store_with(ids: &[&str]) -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::at(dir.path().join("store"), StoreOrigin::Flag);
    fs::create_dir_all(store.records_dir()).unwrap();
    for id in ids {
        let mut fixture = record_fixture(id, &format!("Record {id}"));
        // Different creation times, newest first on disk order.
        fixture["created"] = format!("2026-11-{:02}T08:00:00Z", 28 - id.len()).into();
        fs::write(
            store.records_dir().join(format!("{id}.json")),
            serde_json::to_vec_pretty(&fixture).unwrap(),
        )
        .unwrap();
    }
    (dir, store)
}

#[test]
fn resolve_finds_exact_ids_and_unique_prefixes() {
    let (_dir, store) = store_with(&["abcde", "abcdef0000", "abcdeg0000", "xyz0000000000000"]);
    let id = |s: &str| RecordId::parse(s).unwrap();
    assert_eq!(store.resolve("xyz").unwrap(), id("xyz0000000000000"));
    assert_eq!(store.resolve(" XyZ0 ").unwrap(), id("xyz0000000000000"));
    assert_eq!(store.resolve("abcdef").unwrap(), id("abcdef0000"));
    assert_eq!(
        store.resolve("abcde").unwrap(),
        id("abcde"),
        "an exact id wins over longer ids it prefixes"
    );
    match store.resolve("abcd") {
        Err(StoreError::Ambiguous { handle, candidates }) => {
            assert_eq!(handle, "abcd");
            assert_eq!(
                candidates,
                [id("abcde"), id("abcdef0000"), id("abcdeg0000")]
            );
        }
        other => panic!("expected ambiguous, got {other:?}"),
    }
    assert!(matches!(
        store.resolve("zzz"),
        Err(StoreError::NotFound { .. })
    ));
    for bad in ["../abcde", "abc/de", "", "a b"] {
        assert!(
            matches!(store.resolve(bad), Err(StoreError::InvalidHandle(_))),
            "{bad:?}"
        );
    }
}

#[test]
fn resolve_in_a_store_with_no_records_folder_finds_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::at(dir.path().join("never-made"), StoreOrigin::Flag);
    assert!(matches!(
        store.resolve("abc"),
        Err(StoreError::NotFound { .. })
    ));
    assert!(store.list().unwrap().records.is_empty());
}

#[test]
fn list_reports_bad_files_and_orders_records_oldest_first() {
    let (_dir, store) = store_with(&["aaaa", "bbbbbb", "cc"]);
    fs::write(store.records_dir().join("dddd.json"), "{ nope").unwrap();
    fs::write(store.records_dir().join("README.md"), "ignored").unwrap();
    fs::write(store.records_dir().join("Not An Id.json"), "ignored").unwrap();
    let listing = store.list().unwrap();
    let ids: Vec<&str> = listing.records.iter().map(|r| r.id.as_str()).collect();
    // Created 2026-11-22 (bbbbbb), -24 (aaaa), -26 (cc).
    assert_eq!(ids, ["bbbbbb", "aaaa", "cc"]);
    assert_eq!(listing.problems.len(), 1);
    let problem = listing.problems[0].to_string();
    assert!(problem.contains("dddd.json:1:"), "{problem}");
}

#[test]
fn locate_follows_flag_then_env_then_repo_then_data_dir() {
    let dir = tempfile::tempdir().unwrap();
    let cwd = dir.path().join("repo/sub/dir");
    fs::create_dir_all(&cwd).unwrap();
    let repo = dir.path().join("repo/.preflight");
    fs::create_dir_all(&repo).unwrap();
    let data = Some(dir.path().join("data"));
    let env = Some(OsString::from(dir.path().join("env")));

    let flag = Store::locate(Some(Path::new("flagged")), env.clone(), &cwd, data.clone()).unwrap();
    assert_eq!(flag.root(), cwd.join("flagged"));
    assert_eq!(flag.origin(), &StoreOrigin::Flag);

    let by_env = Store::locate(None, env.clone(), &cwd, data.clone()).unwrap();
    assert_eq!(by_env.root(), dir.path().join("env"));
    assert_eq!(by_env.origin(), &StoreOrigin::Env);

    let empty_env = Store::locate(None, Some(OsString::new()), &cwd, data.clone()).unwrap();
    assert_eq!(
        empty_env.origin(),
        &StoreOrigin::Repo,
        "an empty variable is unset"
    );
    assert_eq!(empty_env.root(), repo);

    let outside = dir.path().join("elsewhere");
    fs::create_dir_all(&outside).unwrap();
    if outside.ancestors().all(|d| !d.join(".preflight").is_dir()) {
        let personal = Store::locate(None, None, &outside, data.clone()).unwrap();
        assert_eq!(personal.origin(), &StoreOrigin::DataDir);
        assert_eq!(personal.root(), dir.path().join("data"));
        assert!(matches!(
            Store::locate(None, None, &outside, None),
            Err(StoreError::NoDataDir)
        ));
    }

    let file = dir.path().join("file");
    fs::write(&file, "x").unwrap();
    let err = Store::locate(Some(&file), None, &cwd, data).unwrap_err();
    assert!(matches!(&err, StoreError::NotADirectory(p) if p == &file));
    assert!(err.to_string().contains(&file.display().to_string()));
}

#[test]
fn write_atomic_leaves_no_temporary_files() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("record.json");
    write_atomic(&target, b"first").unwrap();
    assert_eq!(fs::read(&target).unwrap(), b"first");
    write_atomic(&target, &vec![b'x'; 1 << 20]).unwrap();
    assert_eq!(fs::read(&target).unwrap().len(), 1 << 20);
    write_atomic(&target, b"").unwrap();
    assert_eq!(fs::read(&target).unwrap(), b"");
    assert_eq!(file_names(dir.path()), ["record.json"]);

    // A write that fails (the target is a folder) cleans up after itself.
    let folder = dir.path().join("folder");
    fs::create_dir(&folder).unwrap();
    let err = write_atomic(&folder, b"data").unwrap_err();
    assert!(err.to_string().contains("folder"), "{err}");
    assert_eq!(file_names(dir.path()), ["folder", "record.json"]);
    assert!(file_names(&folder).is_empty());

    // A missing folder is an error naming it, and nothing is created.
    let missing: PathBuf = dir.path().join("missing/record.json");
    let err = write_atomic(&missing, b"data").unwrap_err();
    assert!(err.to_string().contains("missing"), "{err}");
    assert!(!dir.path().join("missing").exists());
}

#[cfg(unix)]
#[test]
fn write_atomic_keeps_the_mode_of_the_file_it_replaces() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("shared.md");
    fs::write(&target, "old").unwrap();
    fs::set_permissions(&target, fs::Permissions::from_mode(0o664)).unwrap();
    write_atomic(&target, b"new").unwrap();
    assert_eq!(
        fs::metadata(&target).unwrap().permissions().mode() & 0o777,
        0o664
    );
}

#[test]
fn init_is_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    let (store, existed) = Store::init(dir.path()).unwrap();
    assert!(!existed);
    assert_eq!(store.root(), dir.path().join(".preflight"));
    assert_eq!(store.origin(), &StoreOrigin::Repo);
    let (_, existed) = Store::init(dir.path()).unwrap();
    assert!(existed);
    assert_eq!(
        file_names(store.root()),
        ["README.md", "questionnaires", "records"]
    );
}
