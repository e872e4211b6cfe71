//! A whole record typed through the wizard, and a record reopened and
//! changed: what is on disk is exactly what was typed.

use serde_json::{Value, json};

use super::{Term, assert_json_eq, assert_terminal_restored, key, without};
use crate::common::{World, answers_form, production_set};

/// The built-in set's version, as new records store it.
fn production_version() -> String {
    production_set().version
}

/// What `full_walk` types, as the record should store it (without `id`,
/// `created` and `updated`).
fn walked_record() -> Value {
    json!({
        "schema": 1,
        "title": "Move sessions to Redis",
        "status": "draft",
        "author": "Dana Ruiz",
        "tags": ["sessions", "redis"],
        "set": { "id": "production", "version": production_version() },
        "answers": {
            "summary": "Sessions move from Postgres to Redis.\nLogin stops competing with orders.",
            "failure_modes": [
                {
                    "component": "Redis primary",
                    "trigger": "Failover",
                    "user_effect": "Users are logged out",
                    "blast_radius": "Login only",
                    "severity": "high",
                    "likelihood": "medium",
                    "detection": "session_miss_rate alert",
                    "mitigation": "Users sign in again"
                },
                {
                    "component": "Postgres",
                    "trigger": "Connection limit",
                    "severity": "critical"
                }
            ],
            "owner_primary": "sessions-oncall",
            "owner_backup": "Ana Lima",
            "owner_escalation": { "unknown": true },
            "debuggable_by_others": true,
            "cost_grid": [
                {
                    "row": "compute",
                    "today": "$60 a month",
                    "at_10x": "$600 a month",
                    "breaks_first": "Memory at 4x"
                },
                {
                    "row": "developer_time",
                    "today": "2 days",
                    "at_10x": "2 weeks"
                }
            ],
            "door": "two-way",
            "mechanism": "Flip the sessions_backend flag",
            "trigger": "Login errors above 2% for 5 minutes",
            "decider": "The on-call engineer",
            "last_tested": "2026-10-02"
        }
    })
}

/// Types each answer in turn: `(keys, label, text)` moves with `keys`,
/// waits for the field's `label`, then types `text` (see
/// [`Term::type_answer`]).
fn fill(term: &mut Term, answers: &[(&str, &str, &str)]) {
    for (keys, label, text) in answers {
        term.type_answer(keys, label, text);
    }
}

/// Picks each choice in turn: `(keys, label, choice, picked)` moves with
/// `keys`, waits for the field's `label`, presses the choice's letter and
/// waits until `picked` shows it chosen.
fn pick(term: &mut Term, choices: &[(&str, &str, &str, &str)]) {
    for (keys, label, choice, picked) in choices {
        term.press(keys, label);
        term.press(choice, picked);
    }
}

#[test]
fn full_walk_stores_exactly_what_was_typed() {
    let world = World::new();
    let mut term = world.spawn(&["new"]);

    // The change.
    term.start_record("Move sessions to Redis");
    term.press(key::ENTER, "▶ Summary");
    term.type_lines(&[
        "Sessions move from Postgres to Redis.",
        "Login stops competing with orders.",
    ]);
    fill(
        &mut term,
        &[
            (key::TAB, "▶ Author", "Dana Ruiz"),
            (key::ENTER, "▶ Tags", "sessions, redis"),
        ],
    );

    // What breaks: two failure modes through the row editor.
    term.press(key::PG_DN, "What breaks when this fails?");
    term.wait_for("No rows yet: press a to add one.");
    term.type_answer("a", "row 1 of 1", "Redis primary");
    term.wait_for("row 1 (Redis primary) of 1");
    fill(
        &mut term,
        &[
            (key::TAB, "▶ Trigger", "Failover"),
            (key::TAB, "▶ What users see", "Users are logged out"),
            (key::TAB, "▶ Blast radius", "Login only"),
        ],
    );
    pick(
        &mut term,
        &[
            (key::TAB, "▶ Severity", "h", "(•) High"),
            (key::TAB, "▶ Likelihood", "m", "(•) Medium"),
        ],
    );
    fill(
        &mut term,
        &[
            (key::TAB, "▶ Detection", "session_miss_rate alert"),
            (key::TAB, "▶ Mitigation", "Users sign in again"),
        ],
    );
    // Enter on the last column closes the row editor.
    term.press(key::ENTER, "F1 help  a add");

    fill(
        &mut term,
        &[
            ("a", "row 2 of 2", "Postgres"),
            (key::TAB, "▶ Trigger", "Connection limit"),
        ],
    );
    pick(
        &mut term,
        &[(&key::TAB.repeat(3), "▶ Severity", "c", "(•) Critical")],
    );
    term.press(key::ESC, "F1 help  a add");

    // Who owns it.
    term.press(key::PG_DN, "Who owns this at 3 AM?");
    term.type_line("sessions-oncall");
    term.type_answer(key::ENTER, "▶ Backup", "Ana Lima");
    term.press(key::TAB, "▶ Escalation");
    term.press(key::CTRL_T, "▶ Escalation [UNKNOWN]");
    // Runbook, observability (Markdown: Tab, not Enter), yes/no.
    pick(
        &mut term,
        &[(
            &key::TAB.repeat(3),
            "▶ Could someone who did not build it debug it?",
            "y",
            "(•) Yes",
        )],
    );

    // The cost grid: two rows.
    term.press(key::PG_DN, "What does this cost at 10x scale?");
    fill(
        &mut term,
        &[
            (
                key::ENTER,
                "Costs · Compute / infrastructure",
                "$60 a month",
            ),
            (key::TAB, "▶ At 10x", "$600 a month"),
            (key::TAB, "▶ What breaks first", "Memory at 4x"),
        ],
    );
    term.press(key::ENTER, "F1 help  Enter edit row");
    term.send(key::DOWN);
    fill(
        &mut term,
        &[
            (key::ENTER, "Costs · Developer time", "2 days"),
            (key::TAB, "▶ At 10x", "2 weeks"),
        ],
    );
    term.press(key::ESC, "F1 help  Enter edit row");

    // The rollback.
    term.press(key::PG_DN, "What's the rollback?");
    term.press("t", "(•) Two-way door");
    fill(
        &mut term,
        &[
            (key::TAB, "▶ Mechanism", "Flip the sessions_backend flag"),
            (
                key::ENTER,
                "▶ Trigger",
                "Login errors above 2% for 5 minutes",
            ),
            (key::ENTER, "▶ Who decides", "The on-call engineer"),
        ],
    );
    term.press(key::ENTER, "▶ Steps");
    term.press(key::TAB, "▶ Time to roll back");
    term.type_answer(key::TAB, "▶ Last tested", "2026-10-02");

    term.quit_cleanly();
    assert_terminal_restored(&term);

    let record = world.only_record();
    assert_json_eq(
        &without(&record, &["id", "created", "updated"]),
        &walked_record(),
    );
    let created = record["created"].as_str().expect("created");
    let updated = record["updated"].as_str().expect("updated");
    assert!(
        created.parse::<jiff::Timestamp>().is_ok() && updated >= created,
        "timestamps: created {created}, updated {updated}"
    );
}

/// The walked record in `--answers` form, to seed a store without the TUI.
fn walked_answers() -> Value {
    let mut answers = answers_form(&walked_record());
    // Grids are given as an object of row id → cells.
    let mut grid = serde_json::Map::new();
    for row in answers["cost_grid"].as_array().unwrap() {
        let mut cells = row.as_object().unwrap().clone();
        let id = cells.remove("row").unwrap();
        grid.insert(id.as_str().unwrap().to_string(), Value::Object(cells));
    }
    answers.insert("cost_grid".into(), Value::Object(grid));
    Value::Object(answers)
}

#[test]
fn reopen_by_short_handle_changes_only_the_edited_answer() {
    let world = World::new();
    let id = world.seed(&walked_answers());
    let before = world.only_record();
    assert_eq!(before["answers"]["owner_backup"], "Ana Lima");

    // At 80x24, the smallest usual terminal.
    let mut term = world.spawn_with(&["edit", &id[..6]], 80, 24, &[]);
    term.wait_for("› Move sessions to Redis");
    term.press(key::PG_DN, "What breaks when this fails?");
    term.press(key::PG_DN, "Who owns this at 3 AM?");
    term.press(key::TAB, "▶ Backup");
    term.wait_for("› Ana Lima");
    term.send(&key::BACKSPACE.repeat("Ana Lima".len()));
    term.wait_gone("Ana Lima");
    term.type_line("Sam Lee");

    term.quit_cleanly();

    let after = world.only_record();
    let mut expected = before.clone();
    expected["answers"]["owner_backup"] = json!("Sam Lee");
    expected["updated"] = after["updated"].clone();
    assert_json_eq(&after, &expected);
    assert!(
        after["updated"].as_str() >= before["updated"].as_str(),
        "updated moves forward: {} → {}",
        before["updated"],
        after["updated"]
    );
}
