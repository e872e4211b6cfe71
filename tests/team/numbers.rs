//! Numbers, links and publishing across branches: two clones accepting at
//! once, a supersede beside an edit, a deletion beside a link, a fresh
//! clone publishing, and `--prune` after a renumber.

use std::fs;

use super::{Clone, Team};
use crate::common::{assert_stderr_says, assert_stdout_says, stderr, stdout};

/// `preflight status ID accepted` at `when` (who accepted first keeps a
/// contested number).
fn accept_at(person: &Clone, id: &str, when: &str) {
    let out = person
        .preflight()
        .env("PREFLIGHT_NOW", when)
        .args(["status", id, "accepted"])
        .output()
        .expect("run");
    assert!(out.status.success(), "{}", stderr(&out));
}

/// The file names in a folder, sorted.
fn names(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .map(|entries| {
            entries
                .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

#[test]
fn two_branches_accepting_at_once_never_publish_one_number_twice() {
    let Some(team) = Team::new("two_branches_accepting_at_once_never_publish_one_number_twice")
    else {
        return;
    };
    let (ana, cy) = (team.clone_as("ana"), team.clone_as("cy"));
    // Cy accepts a record first and publishes it alone.
    let first = cy.new_record("Cache pages at the edge");
    accept_at(&cy, &first, "2026-11-20T09:00:00Z");
    // Ana accepts another on her clone, later, without having pulled: both
    // are number 1.
    let second = ana.new_record("Queue exports");
    accept_at(&ana, &second, "2026-11-20T11:00:00Z");
    assert_eq!(cy.record(&first)["number"], 1);
    assert_eq!(ana.record(&second)["number"], 1);
    ana.commit_all("Accept: queue exports");
    ana.push();
    let site = cy.dir.join("site");
    cy.preflight_ok(&["export", "--all", "--layout", "adr", "--out", "site"]);
    assert_eq!(
        names(&site),
        ["0001-cache-pages-at-the-edge.md", "index.md"]
    );
    cy.commit_all("Accept: cache pages");
    cy.pull_clean();

    // After the clean merge every reader says so, and export refuses
    // before writing anything.
    let check = cy.run(&["check"]);
    assert_eq!(check.status.code(), Some(1));
    assert_stdout_says(&check, "both have number 1");
    let list = cy.run(&["list"]);
    assert_stderr_says(&list, "both have number 1");
    let fresh = cy.dir.join("fresh-site");
    let export = cy.run(&["export", "--all", "--layout", "adr", "--out", "fresh-site"]);
    assert_eq!(export.status.code(), Some(2), "{}", stderr(&export));
    assert_stderr_says(&export, "preflight doctor --fix");
    assert!(!fresh.exists(), "no folder is made for a refused export");
    let doctor = cy.run(&["doctor"]);
    assert_eq!(doctor.status.code(), Some(1));

    // One command repairs it: the record accepted later is renumbered.
    let fixed = cy.preflight_ok(&["doctor", "--fix"]);
    assert!(
        fixed.contains(&format!("{second} renumbered from 1 to 2")),
        "{fixed}"
    );
    assert_eq!(cy.record(&first)["number"], 1);
    assert_eq!(cy.record(&second)["number"], 2);

    // Re-publishing with --prune leaves exactly the right pages.
    let said = cy.preflight_ok(&[
        "export", "--all", "--layout", "adr", "--out", "site", "--prune",
    ]);
    assert_eq!(
        names(&site),
        [
            "0001-cache-pages-at-the-edge.md",
            "0002-queue-exports.md",
            "index.md"
        ],
        "{said}"
    );
    cy.commit_all("Renumber the record accepted second (preflight doctor --fix)");
    cy.push();

    // Ana pulls the repair; a fresh clone publishes without touching a
    // tracked file.
    ana.pull_clean();
    assert_eq!(ana.record(&second)["number"], 2);
    let dee = team.clone_as("dee");
    dee.preflight_ok(&["export", "--all", "--out", "public"]);
    dee.preflight_ok(&["export", "--all", "--layout", "adr", "--out", "adr"]);
    let status = dee.status();
    let outside: Vec<&str> = status
        .lines()
        .filter(|line| !line.starts_with("?? public/") && !line.starts_with("?? adr/"))
        .collect();
    assert_eq!(outside, Vec::<&str>::new(), "git status:\n{status}");
}

#[test]
fn prune_removes_the_page_of_a_renumbered_record_and_nothing_else() {
    let Some(team) = Team::new("prune_removes_the_page_of_a_renumbered_record_and_nothing_else")
    else {
        return;
    };
    let (ana, bo) = (team.clone_as("ana"), team.clone_as("bo"));
    let early = ana.new_record("Early decision");
    accept_at(&ana, &early, "2026-11-20T08:00:00Z");
    ana.commit_all("Accept early");
    ana.push();
    // Bo accepted his later but published it as number 1 before pulling.
    let late = bo.new_record("Late decision");
    accept_at(&bo, &late, "2026-11-20T12:00:00Z");
    bo.preflight_ok(&["export", "--all", "--layout", "adr", "--out", "site"]);
    let site = bo.dir.join("site");
    fs::write(site.join("README.md"), "Our decisions\n").expect("a page written by hand");
    assert_eq!(
        names(&site),
        ["0001-late-decision.md", "README.md", "index.md"]
    );
    bo.commit_all("Accept late");
    bo.pull_clean();
    bo.preflight_ok(&["doctor", "--fix"]);
    assert_eq!(bo.record(&late)["number"], 2);

    // Without --prune the stale page stays and the export says so.
    let kept = bo.run(&["export", "--all", "--layout", "adr", "--out", "site"]);
    assert!(kept.status.success(), "{}", stderr(&kept));
    assert_stderr_says(&kept, "add --prune");
    assert!(site.join("0001-late-decision.md").is_file());
    let pruned = bo.preflight_ok(&[
        "export", "--all", "--layout", "adr", "--out", "site", "--prune",
    ]);
    assert!(pruned.contains("removed"), "{pruned}");
    assert_eq!(
        names(&site),
        [
            "0001-early-decision.md",
            "0002-late-decision.md",
            "README.md",
            "index.md"
        ]
    );
}

#[test]
fn supersede_on_one_branch_while_the_other_edits_the_superseded_record() {
    let Some(team) =
        Team::new("supersede_on_one_branch_while_the_other_edits_the_superseded_record")
    else {
        return;
    };
    let (ana, bo, cy) = (
        team.clone_as("ana"),
        team.clone_as("bo"),
        team.clone_as("cy"),
    );
    let old = ana.new_record("Sessions in Postgres");
    accept_at(&ana, &old, "2026-11-20T08:00:00Z");
    ana.commit_all("Accept sessions in Postgres");
    ana.push();
    bo.pull_clean();
    cy.pull_clean();

    // Ana supersedes it; Bo, meanwhile, tags it.
    let new = ana.new_record("Sessions in Redis");
    ana.preflight_ok(&["supersede", &old, "--by", &new]);
    ana.commit_all("Supersede sessions in Postgres");
    ana.push();
    bo.edit(&old, "2026-11-20T10:00:00Z", |record| {
        record.tags.push("sessions".into());
    });
    bo.commit_all("Tag sessions");
    let merged = bo.pull();
    if !merged.status.success() {
        // The record merge driver is not set up in this clone: take both
        // sides as a person would, keeping Bo's edit of the old record.
        bo.git(&["checkout", "--theirs", "--", &bo.record_rel(&old)]);
        bo.edit(&old, "2026-11-20T10:00:00Z", |record| {
            if !record.tags.contains(&"sessions".to_string()) {
                record.tags.push("sessions".into());
            }
        });
        bo.commit_all("Merge");
    }
    assert!(bo.record(&new)["links"][0]["target"] == old.as_str());

    // Cy's merge kept her own copy of the old record, as it was before the
    // supersede: the status now contradicts the link.
    cy.edit(&old, "2026-11-20T10:00:00Z", |record| {
        record.tags.push("postgres".into());
    });
    cy.commit_all("Tag postgres");
    let merged = cy.pull();
    if !merged.status.success() {
        cy.git(&["checkout", "--ours", "--", &cy.record_rel(&old)]);
        cy.commit_all("Merge, keeping our copy");
    } else {
        cy.git(&["checkout", "HEAD~1", "--", &cy.record_rel(&old)]);
        cy.commit_all("Restore our copy of the old record");
    }
    assert_eq!(cy.record(&old)["status"], "accepted");
    let doctor = cy.run(&["doctor"]);
    assert_eq!(doctor.status.code(), Some(1));
    assert_stdout_says(
        &doctor,
        &format!("{old} is accepted but {new} supersedes it"),
    );
    let check = cy.run(&["check", &new]);
    assert_eq!(check.status.code(), Some(1));
    assert_stdout_says(&check, "supersedes it");
    let fixed = cy.preflight_ok(&["doctor", "--fix"]);
    assert!(
        fixed.contains(&format!("{old} marked superseded")),
        "{fixed}"
    );
    assert_eq!(cy.record(&old)["status"], "superseded");
    assert_eq!(cy.run(&["doctor"]).status.code(), Some(0));
}

#[test]
fn a_deletion_on_one_branch_while_another_links_to_the_record() {
    let Some(team) = Team::new("a_deletion_on_one_branch_while_another_links_to_the_record") else {
        return;
    };
    let (ana, bo) = (team.clone_as("ana"), team.clone_as("bo"));
    let doomed = ana.new_record("Try a CDN");
    ana.commit_all("Propose a CDN");
    ana.push();
    bo.pull_clean();

    ana.git(&["rm", "--quiet", &ana.record_rel(&doomed)]);
    ana.commit_all("Drop the CDN idea");
    ana.push();

    bo.branch("edge-cache");
    let linking = bo.new_record("Cache at the edge");
    bo.preflight_ok(&["link", &linking, "relates-to", &doomed]);
    bo.commit_all("Cache at the edge, after the CDN idea");
    bo.git(&["fetch", "--quiet", "origin"]);
    let merged = bo.merge("origin/main");
    assert!(merged.status.success(), "{}", stderr(&merged));
    assert!(!bo.record_path(&doomed).exists());

    let doctor = bo.run(&["doctor"]);
    assert_eq!(doctor.status.code(), Some(1));
    assert_stdout_says(
        &doctor,
        &format!("{linking} relates-to {doomed}, which is not in the store"),
    );
    // The pull request's gate says so too, on the file it changed.
    let gate = bo.run(&[
        "check",
        "--changed-since",
        "origin/main",
        "--format",
        "github",
    ]);
    assert_eq!(gate.status.code(), Some(1));
    let annotations = stdout(&gate);
    assert!(
        annotations.contains(&format!(
            "::error file={},line=1,title=store problem%3A missing-link::",
            bo.record_rel(&linking)
        )),
        "{annotations}"
    );
    bo.preflight_ok(&["unlink", &linking, "relates-to", &doomed]);
    assert_eq!(bo.run(&["doctor"]).status.code(), Some(0));
}
