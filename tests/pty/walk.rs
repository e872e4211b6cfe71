//! A whole record typed through the wizard, and a record reopened and
//! changed: what is on disk is exactly what was typed.

use serde_json::{Value, json};

use super::{assert_json_eq, assert_terminal_restored, key, without};
use crate::common::{World, production_set};

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

#[test]
fn full_walk_stores_exactly_what_was_typed() {
    let world = World::new();
    let mut term = world.spawn(&["new"]);
    term.wait_for("type a title to start");

    // The change.
    term.type_line("Move sessions to Redis");
    term.send(key::ENTER);
    term.wait_for("▶ Summary");
    term.send("Sessions move from Postgres to Redis.");
    term.send(key::ENTER);
    term.send("Login stops competing with orders.");
    term.wait_for("│Sessions move from Postgres to Redis.");
    term.wait_for("│Login stops competing with orders.");
    term.send(key::TAB);
    term.wait_for("▶ Author");
    term.type_line("Dana Ruiz");
    term.send(key::ENTER);
    term.wait_for("▶ Tags");
    term.type_line("sessions, redis");

    // What breaks: two failure modes through the row editor.
    term.send(key::PG_DN);
    term.wait_for("What breaks when this fails?");
    term.wait_for("No rows yet: press a to add one.");
    term.send("a");
    term.wait_for("row 1 of 1");
    term.type_line("Redis primary");
    term.wait_for("row 1 (Redis primary) of 1");
    for (label, text) in [
        ("▶ Trigger", "Failover"),
        ("▶ What users see", "Users are logged out"),
        ("▶ Blast radius", "Login only"),
    ] {
        term.send(key::TAB);
        term.wait_for(label);
        term.type_line(text);
    }
    term.send(key::TAB);
    term.wait_for("▶ Severity");
    term.send("h");
    term.wait_for("(•) High");
    term.send(key::TAB);
    term.wait_for("▶ Likelihood");
    term.send("m");
    term.wait_for("(•) Medium");
    term.send(key::TAB);
    term.wait_for("▶ Detection");
    term.type_line("session_miss_rate alert");
    term.send(key::TAB);
    term.wait_for("▶ Mitigation");
    term.type_line("Users sign in again");
    // Enter on the last column closes the row editor.
    term.send(key::ENTER);
    term.wait_for("F1 help  a add");

    term.send("a");
    term.wait_for("row 2 of 2");
    term.type_line("Postgres");
    term.send(key::TAB);
    term.wait_for("▶ Trigger");
    term.type_line("Connection limit");
    term.send(&key::TAB.repeat(3));
    term.wait_for("▶ Severity");
    term.send("c");
    term.wait_for("(•) Critical");
    term.send(key::ESC);
    term.wait_for("F1 help  a add");

    // Who owns it.
    term.send(key::PG_DN);
    term.wait_for("Who owns this at 3 AM?");
    term.type_line("sessions-oncall");
    term.send(key::ENTER);
    term.wait_for("▶ Backup");
    term.type_line("Ana Lima");
    term.send(key::TAB);
    term.wait_for("▶ Escalation");
    term.send(key::CTRL_T);
    term.wait_for("▶ Escalation [UNKNOWN]");
    // Runbook, observability (Markdown: Tab, not Enter), yes/no.
    term.send(&key::TAB.repeat(3));
    term.wait_for("▶ Could someone who did not build it debug it?");
    term.send("y");
    term.wait_for("(•) Yes");

    // The cost grid: two rows.
    term.send(key::PG_DN);
    term.wait_for("What does this cost at 10x scale?");
    term.send(key::ENTER);
    term.wait_for("Costs · Compute / infrastructure");
    term.type_line("$60 a month");
    term.send(key::TAB);
    term.wait_for("▶ At 10x");
    term.type_line("$600 a month");
    term.send(key::TAB);
    term.wait_for("▶ What breaks first");
    term.type_line("Memory at 4x");
    term.send(key::ENTER);
    term.wait_for("F1 help  Enter edit row");
    term.send(key::DOWN);
    term.send(key::ENTER);
    term.wait_for("Costs · Developer time");
    term.type_line("2 days");
    term.send(key::TAB);
    term.wait_for("▶ At 10x");
    term.type_line("2 weeks");
    term.send(key::ESC);
    term.wait_for("F1 help  Enter edit row");

    // The rollback.
    term.send(key::PG_DN);
    term.wait_for("What's the rollback?");
    term.send("t");
    term.wait_for("(•) Two-way door");
    term.send(key::TAB);
    term.wait_for("▶ Mechanism");
    term.type_line("Flip the sessions_backend flag");
    term.send(key::ENTER);
    term.wait_for("▶ Trigger");
    term.type_line("Login errors above 2% for 5 minutes");
    term.send(key::ENTER);
    term.wait_for("▶ Who decides");
    term.type_line("The on-call engineer");
    term.send(key::ENTER);
    term.wait_for("▶ Steps");
    term.send(key::TAB);
    term.wait_for("▶ Time to roll back");
    term.send(key::TAB);
    term.wait_for("▶ Last tested");
    term.type_line("2026-10-02");

    term.send(key::CTRL_Q);
    let status = term.wait_exit();
    assert!(status.success(), "Ctrl-Q exits 0, got {status:?}");
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
    let record = walked_record();
    let mut answers = record["answers"].as_object().unwrap().clone();
    answers.insert("title".into(), record["title"].clone());
    answers.insert("author".into(), record["author"].clone());
    answers.insert("tags".into(), record["tags"].clone());
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
    term.send(key::PG_DN);
    term.wait_for("What breaks when this fails?");
    term.send(key::PG_DN);
    term.wait_for("Who owns this at 3 AM?");
    term.send(key::TAB);
    term.wait_for("▶ Backup");
    term.wait_for("› Ana Lima");
    term.send(&key::BACKSPACE.repeat("Ana Lima".len()));
    term.wait_gone("Ana Lima");
    term.type_line("Sam Lee");

    term.send(key::CTRL_Q);
    let status = term.wait_exit();
    assert!(status.success(), "Ctrl-Q exits 0, got {status:?}");

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
