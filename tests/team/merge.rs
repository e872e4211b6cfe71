//! One record changed on two branches: merged field by field by the
//! driver `preflight init` registers, or by `preflight resolve` in a clone
//! that never ran the set-up; same-field edits are picked by a person.

use preflight::record::{Answer, Record};

use super::{Clone, Team};
use crate::common::{assert_stderr_says, stderr, stdout};

/// A team of three where `ana` made one record everybody has pulled;
/// `set_up` says whether bo and cy ran `preflight init` in their clones.
fn shared_record(test: &str, set_up: bool) -> Option<(Team, [Clone; 3], String)> {
    let team = Team::new(test)?;
    let people = [
        team.clone_as("ana"),
        team.clone_as("bo"),
        team.clone_as("cy"),
    ];
    let id = people[0].new_record("Queue for exports");
    people[0].commit_all("Propose the export queue");
    people[0].push();
    for person in &people {
        if set_up {
            person.preflight_ok(&["init"]);
        }
        person.pull_clean();
    }
    Some((team, people, id))
}

/// ana changes the record (at 09:00) and pushes; bo changes it on his
/// own branch (at 10:00) and commits, not yet pulling.
fn edit_apart(
    ana: &Clone,
    bo: &Clone,
    id: &str,
    theirs: impl FnOnce(&mut Record),
    ours: impl FnOnce(&mut Record),
) {
    ana.edit(id, "2026-11-21T09:00:00Z", theirs);
    ana.commit_all("Ana's change");
    ana.pull_clean();
    ana.push();
    bo.edit(id, "2026-11-21T10:00:00Z", ours);
    bo.commit_all("Bo's change");
}

/// Both change the rollback answer: ana to "Flip the flag off" (and
/// `also` changes something else), bo to "Revert the deploy". Returns the
/// team (kept alive for the test), bo and the record's id.
fn rollback_conflict(
    test: &str,
    set_up: bool,
    also: impl FnOnce(&mut Record),
) -> Option<(Team, Clone, String)> {
    let (team, [ana, bo, _cy], id) = shared_record(test, set_up)?;
    edit_apart(
        &ana,
        &bo,
        &id,
        |r| {
            rollback("Flip the flag off")(r);
            also(r);
        },
        rollback("Revert the deploy"),
    );
    Some((team, bo, id))
}

fn answer(text: &str) -> Answer {
    Answer::Text(text.into())
}

fn retitle(record: &mut Record) {
    record.title = "Queue for all exports".into();
}

fn name_owner(record: &mut Record) {
    record
        .answers
        .insert("owner_primary".into(), answer("Payments on-call"));
}

/// Sets the rollback mechanism answer.
fn rollback(text: &'static str) -> impl FnOnce(&mut Record) {
    move |record| {
        record.answers.insert("mechanism".into(), answer(text));
    }
}

/// ana retitles, bo answers the owner question, on the same record: the
/// pull merges with no conflict and keeps both edits and the later stamp.
#[test]
fn different_fields_of_one_record_merge_with_the_driver() {
    let test = "different_fields_of_one_record_merge_with_the_driver";
    let Some((_team, [ana, bo, cy], id)) = shared_record(test, true) else {
        return;
    };
    edit_apart(&ana, &bo, &id, retitle, name_owner);
    bo.pull_clean();
    bo.push();
    cy.pull_clean();
    let record = cy.record(&id);
    assert_eq!(record["title"], "Queue for all exports");
    assert_eq!(record["answers"]["owner_primary"], "Payments on-call");
    assert_eq!(record["updated"], "2026-11-21T10:00:00Z");
    let shown = cy.preflight_ok(&["show", &id]);
    assert!(shown.contains("Queue for all exports"), "{shown}");
}

/// Without the set-up, git's line merge stops on the `updated` stamp both
/// saves rewrote; one `preflight resolve` merges the fields with nothing
/// to pick and marks the file resolved.
#[test]
fn different_fields_in_a_clone_without_the_driver_resolve_in_one_command() {
    let test = "different_fields_in_a_clone_without_the_driver_resolve_in_one_command";
    let Some((_team, [ana, bo, _cy], id)) = shared_record(test, false) else {
        return;
    };
    edit_apart(&ana, &bo, &id, retitle, name_owner);
    let pull = bo.pull();
    assert!(
        !pull.status.success(),
        "git's line merge conflicts on `updated`"
    );
    assert_eq!(bo.unmerged(), [bo.record_rel(&id)]);

    let out = bo.preflight_ok(&["resolve", &id]);
    assert!(out.contains("no field needed"), "{out}");
    assert!(bo.unmerged().is_empty(), "resolve ran git add");
    bo.git(&["commit", "--quiet", "--no-edit"]);
    let record = bo.record(&id);
    assert_eq!(record["title"], "Queue for all exports");
    assert_eq!(record["answers"]["owner_primary"], "Payments on-call");
}

/// Both change the rollback answer: the merge stops on that one field;
/// `list` says which file and how to fix it and exits non-zero; resolve
/// names the field, shows both values and takes the person's pick, while
/// the other branch's different-field edit is kept.
#[test]
fn same_field_edits_are_picked_through_resolve_with_the_driver() {
    let test = "same_field_edits_are_picked_through_resolve_with_the_driver";
    let Some((_team, bo, id)) = rollback_conflict(test, true, retitle) else {
        return;
    };
    let pull = bo.pull();
    assert!(!pull.status.success());
    assert!(
        stderr(&pull).contains("preflight resolve"),
        "the driver says how to go on: {}",
        stderr(&pull)
    );
    let list = bo.run(&["list"]);
    assert_eq!(list.status.code(), Some(2));
    let err = stderr(&list);
    assert!(err.contains("unresolved merge conflict in"), "{err}");
    assert!(err.contains("preflight resolve"), "{err}");

    let out = bo.run_with_input("x\nt\n", &["resolve", &bo.record_rel(&id)]);
    let text = stdout(&out);
    assert!(out.status.success(), "{text}{}", stderr(&out));
    assert!(
        text.contains("answers.mechanism was changed on both branches"),
        "{text}"
    );
    assert!(text.contains("\"Revert the deploy\""), "{text}");
    assert!(text.contains("\"Flip the flag off\""), "{text}");
    assert!(text.contains("Type o for ours or t for theirs"), "{text}");
    bo.git(&["commit", "--quiet", "--no-edit"]);
    let record = bo.record(&id);
    assert_eq!(record["answers"]["mechanism"], "Flip the flag off");
    assert_eq!(record["title"], "Queue for all exports");
    assert_eq!(bo.run(&["list"]).status.code(), Some(0));
}

/// The same conflict in a clone that never ran `init`: git writes its own
/// markers; `resolve --take FIELD=ours` reads git's index and settles it.
#[test]
fn same_field_edits_are_picked_through_resolve_without_the_driver() {
    let test = "same_field_edits_are_picked_through_resolve_without_the_driver";
    let tag = |r: &mut Record| r.tags = vec!["queue".into()];
    let Some((_team, bo, id)) = rollback_conflict(test, false, tag) else {
        return;
    };
    assert!(!bo.pull().status.success());
    assert!(bo.record_text(&id).contains("<<<<<<<"), "git's own markers");

    let wrong = bo.run(&["resolve", &id, "--take", "answers.owner_primary=ours"]);
    assert_eq!(wrong.status.code(), Some(2));
    assert_stderr_says(&wrong, "answers.mechanism");

    bo.preflight_ok(&["resolve", &id, "--take", "answers.mechanism=ours"]);
    bo.git(&["commit", "--quiet", "--no-edit"]);
    let record = bo.record(&id);
    assert_eq!(record["answers"]["mechanism"], "Revert the deploy");
    assert_eq!(record["tags"], serde_json::json!(["queue"]));
}

/// ana proposes, bo rejects, on two branches: the merge keeps both
/// history entries (each with its person, from git's user.name) and the
/// later change's status.
#[test]
fn status_changes_on_two_branches_merge_with_both_history_entries() {
    let test = "status_changes_on_two_branches_merge_with_both_history_entries";
    let Some((_team, [ana, bo, cy], id)) = shared_record(test, true) else {
        return;
    };
    let out = ana.run_at("2026-11-21T09:00:00Z", &["status", &id, "proposed"]);
    assert!(out.status.success(), "{}", stderr(&out));
    ana.commit_all("Propose");
    ana.push();
    let out = bo.run_at("2026-11-21T10:00:00Z", &["status", &id, "rejected"]);
    assert!(out.status.success(), "{}", stderr(&out));
    bo.commit_all("Reject");
    bo.pull_clean();
    bo.push();
    cy.pull_clean();
    let record = cy.record(&id);
    assert_eq!(record["status"], "rejected");
    let history = record["history"].as_array().expect("history");
    let who: Vec<(&str, &str)> = history
        .iter()
        .map(|h| {
            (
                h["status"].as_str().unwrap_or(""),
                h["by"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(who, [("proposed", "ana"), ("rejected", "bo")]);
}

/// Someone commits a record with git's markers in it. Every other clone
/// hears about it: `list` names the file and the fix, lists the rest and
/// exits 2; `export --all` refuses before writing anything; `resolve` on
/// the committed file (no merge in progress) repairs it.
#[test]
fn conflict_markers_committed_by_mistake_are_loud_and_resolvable() {
    let test = "conflict_markers_committed_by_mistake_are_loud_and_resolvable";
    let Some((team, [ana, bo, cy], id)) = shared_record(test, false) else {
        return;
    };
    let other = cy.new_record("Drop the CDN");
    cy.commit_all("Another record");
    cy.push();
    edit_apart(
        &ana,
        &bo,
        &id,
        |r| r.title = "Ana's title".into(),
        |r| r.title = "Bo's title".into(),
    );
    assert!(!bo.pull().status.success());
    bo.commit_all("Merge (markers and all, by mistake)");
    bo.push();

    cy.pull_clean();
    let list = cy.run(&["list"]);
    assert_eq!(list.status.code(), Some(2));
    assert!(stdout(&list).contains("Drop the CDN"), "the rest is listed");
    let err = stderr(&list);
    assert!(
        err.contains(&format!(
            "unresolved merge conflict in {}",
            cy.record_path(&id).display()
        )),
        "{err}"
    );
    assert!(err.contains("preflight resolve"), "{err}");

    let wiki = team.root().join("wiki");
    let export = cy.run(&["export", "--all", "--out", &wiki.to_string_lossy()]);
    assert_eq!(export.status.code(), Some(2));
    assert_stderr_says(&export, "nothing was exported");
    assert!(!wiki.exists(), "not even the folder was made");

    let out = cy.run_with_input("t\n", &["resolve", &id]);
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    assert!(stdout(&out).contains("title was changed on both branches"));
    assert_eq!(cy.record(&id)["title"], "Ana's title");
    assert_eq!(cy.run(&["list"]).status.code(), Some(0));
    assert!(cy.preflight_ok(&["list"]).contains(&other[..5]));
}
