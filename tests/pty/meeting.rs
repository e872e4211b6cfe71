//! A short design review run in the real binary: attendees, one captured
//! item of each kind, the next question, closing with an outcome; then the
//! record on disk and its Markdown export.

use pulldown_cmark::HeadingLevel;
use serde_json::json;

use super::{assert_terminal_restored, key};
use crate::common::{World, outline};

const F5: &str = "\x1b[15~";

/// Opens a capture line, types the item, saves it and closes the line,
/// waiting after each step (an Esc followed at once by a letter would
/// read as Alt+letter).
fn capture(term: &mut super::Term, kind: &str, label: &str, text: &str) {
    term.press(kind, &format!("New {label}"));
    term.send(text);
    term.press(key::ENTER, text);
    close_capture(term);
}

/// Closes the capture line and waits until it is gone.
fn close_capture(term: &mut super::Term) {
    term.send(key::ESC);
    term.wait_gone("Enter saves");
}

/// Adds an attendee on the set-up screen (`Name, role`) and waits until
/// the screen confirms it.
fn add_attendee(term: &mut super::Term, line: &str, added: &str) {
    term.send(line);
    term.press(key::ENTER, added);
}

#[test]
fn a_short_meeting_is_saved_in_the_record_and_exported() {
    let world = World::new();
    let id = world.seed(&json!({ "title": "Send e-mail through a job queue" }));
    let mut term = world.spawn(&["meet", &id]);
    term.wait_for("Meeting set-up");
    add_attendee(&mut term, "Sam Lee, decider", "Added Sam Lee (decider)");
    add_attendee(
        &mut term,
        "Dana Ito, consulted",
        "Added Dana Ito (consulted)",
    );
    term.press(F5, "QUESTION 1 OF 4");
    term.wait_for("TIME LEFT");

    capture(&mut term, "p", "point", "Retries could storm the provider");
    capture(
        &mut term,
        "f",
        "failure mode",
        "Queue fills when consumers lag",
    );
    capture(
        &mut term,
        "o",
        "open question",
        "Who owns the dead-letter queue?",
    );
    // An action: text, Tab, owner picked with →, Tab, due date.
    term.press("a", "New action");
    term.send("Load-test the consumers");
    term.send(key::TAB);
    term.press(key::RIGHT, "owner: ‹Sam Lee›");
    term.send(key::TAB);
    term.send("2026-12-05");
    term.press(key::ENTER, "due 2026-12-05)");
    close_capture(&mut term);
    // A concern: text, Tab, who raised it picked with → →.
    term.press("c", "New concern");
    term.send("We have never run a queue in production");
    term.send(key::TAB);
    term.send(key::RIGHT);
    term.press(key::RIGHT, "by: ‹Dana Ito›");
    term.press(key::ENTER, "(Dana Ito)");
    close_capture(&mut term);

    term.press("n", "QUESTION 2 OF 4");
    term.press("x", "Outcome (↑ ↓)");
    term.press(key::DOWN, "(•) Go with conditions");
    term.send(key::TAB);
    term.send("Load test passes");
    term.send(key::TAB);
    term.send(key::TAB);
    term.press(" ", "[x] Also set the status to accepted");
    term.press(key::ENTER, "Meeting closed: Go with conditions");
    let status = term.quit();
    assert!(status.success(), "exit status {status:?}");
    assert_terminal_restored(&term);

    let record = world.only_record();
    assert_eq!(record["status"], "accepted");
    assert_eq!(record["number"], 1);
    let meeting = &record["meetings"][0];
    assert_eq!(
        meeting["attendees"],
        json!([
            { "name": "Sam Lee", "role": "decider" },
            { "name": "Dana Ito", "role": "consulted" }
        ])
    );
    assert!(meeting["ended"].is_string(), "closed: {meeting}");
    let kinds: Vec<&str> = meeting["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["kind"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(
        kinds,
        ["point", "failure-mode", "question", "action", "concern"]
    );
    assert_eq!(meeting["items"][3]["owner"], "Sam Lee");
    assert_eq!(meeting["items"][3]["due"], "2026-12-05");
    assert_eq!(meeting["items"][4]["by"], "Dana Ito");
    assert_eq!(
        meeting["outcome"],
        json!({
            "decision": "go-with-conditions",
            "conditions": "Load test passes",
            "decided_by": ["Sam Lee"]
        })
    );
    // A point is the meeting's: the engineer's answer is left alone.
    assert_eq!(record["answers"]["premortem"], serde_json::Value::Null);
    assert_eq!(
        record["answers"]["failure_modes"][0]["component"],
        "Queue fills when consumers lag"
    );

    let export = world
        .live_command()
        .args(["export", &id])
        .output()
        .expect("run export");
    assert!(export.status.success());
    let markdown = String::from_utf8(export.stdout).expect("UTF-8");
    let parsed = outline(&markdown);
    let date = meeting["started"].as_str().expect("started")[..10].to_string();
    let review = format!("Design review on {date}");
    assert!(
        parsed.level(HeadingLevel::H2).contains(&review.as_str()),
        "{:?}",
        parsed.headings
    );
    let h3 = parsed.level(HeadingLevel::H3);
    for part in [
        "Time per question",
        "Open questions",
        "Action items",
        "Concerns and dissent",
        "Points raised",
    ] {
        assert!(h3.contains(&part), "no {part:?} in {h3:?}");
    }
    assert_eq!(
        parsed.tasks,
        [(
            false,
            "Load-test the consumers (Sam Lee, due 2026-12-05)".to_string()
        )]
    );
    assert!(parsed.has_item("Attendees: Sam Lee (decider), Dana Ito (consulted)"));
    assert!(parsed.has_item("Outcome: Go with conditions"));
    assert!(parsed.has_item("Load test passes"));
    assert!(parsed.has_item("Dana Ito: We have never run a queue in production"));
    assert!(parsed.has_item("Who owns the dead-letter queue? (on: What breaks when this fails?)"));
    assert!(parsed.has_item("Retries could storm the provider (on: What breaks when this fails?)"));
    let times = parsed.table("Time per question");
    assert_eq!(times.header, ["Question", "Timebox", "Used"]);
    assert_eq!(times.rows.len(), 4);
}
