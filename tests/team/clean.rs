//! What a clone commits is records and nothing else: after `preflight
//! init`, ordinary use, a killed export or a killed save leave `git status`
//! showing only the changes a person meant to make.

use std::fs;
use std::time::{Duration, SystemTime};

use super::Team;

/// Status lines, ignoring those for `allowed` paths.
fn status_without(status: &str, allowed: &str) -> Vec<String> {
    status
        .lines()
        .filter(|line| !line[3..].starts_with(allowed))
        .map(str::to_string)
        .collect()
}

/// A clone set up with `init` uses preflight as a person would (new, list,
/// show, check, status, export to a folder outside the repository): git
/// sees the one new record and nothing else (no cache, no lock, no temp
/// file); once committed the status is clean.
#[test]
fn a_set_up_clone_shows_only_records_in_git_status_after_ordinary_use() {
    let test = "a_set_up_clone_shows_only_records_in_git_status_after_ordinary_use";
    let Some(team) = Team::new(test) else { return };
    let ana = team.clone_as("ana");
    let init = ana.preflight_ok(&["init"]);
    // The clone has the store but not its empty folders (git keeps none).
    assert!(init.contains("is already a preflight store"), "{init}");
    assert!(init.contains("merge driver: registered"), "{init}");
    assert!(init.contains("ignore rules"), "{init}");
    let again = ana.preflight_ok(&["init"]);
    assert!(
        again.contains("merge driver: already registered"),
        "{again}"
    );
    assert!(
        ana.status().is_empty(),
        "init twice changes nothing tracked: {}",
        ana.status()
    );

    let id = ana.new_record("Queue for exports");
    ana.preflight_ok(&["list"]);
    ana.preflight_ok(&["show", &id]);
    let _ = ana.run(&["check"]);
    ana.preflight_ok(&["status", &id, "proposed"]);
    let wiki = team.root().join("wiki");
    ana.preflight_ok(&["export", "--all", "--out", &wiki.to_string_lossy()]);
    assert_eq!(
        ana.status().trim(),
        format!("?? {}", ana.record_rel(&id)),
        "only the new record"
    );
    ana.commit_all("Propose the queue");
    assert_eq!(ana.status(), "");
}

/// Leftovers of killed saves (a temp file, a lock) are ignored by git; the
/// next `init` removes the temp file once it is old and the lock nobody
/// holds, keeps a fresh temp file (a save may be writing it), and says so.
#[test]
fn leftovers_of_killed_saves_are_ignored_and_init_cleans_old_ones() {
    let test = "leftovers_of_killed_saves_are_ignored_and_init_cleans_old_ones";
    let Some(team) = Team::new(test) else { return };
    let ana = team.clone_as("ana");
    ana.preflight_ok(&["init"]);
    let id = ana.new_record("Queue for exports");
    ana.commit_all("Propose");
    let records = ana.store().join("records");
    let old = records.join(".preflight-AbC123.tmp");
    let fresh = records.join(".preflight-XyZ789.tmp");
    let lock = records.join(format!(".{id}.lock"));
    for file in [&old, &fresh, &lock] {
        fs::write(file, "half a record").expect("leftover");
    }
    let hour_ago = SystemTime::now() - Duration::from_secs(3600);
    fs::File::options()
        .write(true)
        .open(&old)
        .and_then(|f| f.set_modified(hour_ago))
        .expect("age the temp file");
    assert_eq!(ana.status(), "", "git ignores temp files and locks");

    let out = ana.preflight_ok(&["init"]);
    assert!(
        out.contains("removed leftovers of interrupted saves: 1 temp file, 1 stale lock"),
        "{out}"
    );
    assert!(!old.exists() && !lock.exists());
    assert!(fresh.exists(), "a temp file that may be in use is kept");
}

/// An export of a few hundred records is SIGKILLed part-way: `git status`
/// shows the output folder and nothing else (records are not touched, no
/// temp file or lock is left where git would see it).
#[test]
fn a_killed_export_leaves_git_status_showing_only_the_output_folder() {
    let test = "a_killed_export_leaves_git_status_showing_only_the_output_folder";
    let Some(team) = Team::new(test) else { return };
    let ana = team.clone_as("ana");
    ana.preflight_ok(&["init"]);
    ana.preflight_ok(&["generate", "--records", "300", "--out", ".preflight"]);
    // Published names are given at the first export (and committed), so
    // the killed one below has nothing of its own to assign.
    let first = team.root().join("first-wiki");
    ana.preflight_ok(&["export", "--all", "--out", &first.to_string_lossy()]);
    ana.commit_all("Three hundred records");
    assert_eq!(ana.status(), "");

    for wait in [50, 150, 400] {
        let mut child = ana
            .preflight_std()
            .args(["export", "--all", "--out", "wiki"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("start export");
        std::thread::sleep(Duration::from_millis(wait));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        let left = status_without(&ana.status(), "wiki/");
        assert!(left.is_empty(), "after a kill at {wait} ms: {left:?}");
    }
}
