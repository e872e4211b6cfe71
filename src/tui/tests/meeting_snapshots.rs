//! Snapshots of meeting mode: set-up, the presenter screen with its timer
//! in each state at 80x24 and 160x48 (and the small 60x20), capture and
//! closing.

use crossterm::event::KeyCode;

use super::meeting::{capture_action, meeting_started};
use super::{Harness, snap_at};

const PRESENTER_SIZES: &[(u16, u16)] = &[(80, 24), (120, 40), (160, 48), (60, 20)];

fn with_items() -> Harness {
    let mut h = meeting_started();
    for (key, text) in [
        ('p', "Retries could storm the mail provider"),
        ('f', "Queue fills when consumers lag"),
        ('o', "Who owns the dead-letter queue?"),
    ] {
        h.type_answer(KeyCode::Char(key), text);
        h.key(KeyCode::Enter);
        h.key(KeyCode::Esc);
    }
    capture_action(&mut h, "Load-test the consumers", 1, "2026-12-05");
    h
}

#[test]
fn meeting_setup() {
    let mut h = super::meeting::record_open();
    h.type_answer(KeyCode::F(5), "Sam Lee, decider");
    h.type_answer(KeyCode::Enter, "Dana Ito");
    snap_at("meeting_setup", &h, PRESENTER_SIZES);
}

#[test]
fn meeting_timer_plenty_of_time() {
    let mut h = with_items();
    h.wait(185);
    snap_at("meeting_timer_plenty", &h, PRESENTER_SIZES);
}

#[test]
fn meeting_timer_under_two_minutes() {
    let mut h = with_items();
    h.wait(8 * 60 + 30);
    snap_at("meeting_timer_warning", &h, PRESENTER_SIZES);
}

#[test]
fn meeting_timer_over_time() {
    let mut h = with_items();
    h.wait(11 * 60 + 5);
    snap_at("meeting_timer_over", &h, PRESENTER_SIZES);
}

#[test]
fn meeting_timer_paused() {
    let mut h = with_items();
    h.wait(65);
    h.key(KeyCode::Char(' '));
    snap_at("meeting_timer_paused", &h, &[(80, 24), (60, 20)]);
}

#[test]
fn meeting_capturing_an_action() {
    let mut h = with_items();
    h.type_answer(KeyCode::Char('a'), "Write the runbook");
    h.key(KeyCode::Tab);
    h.key(KeyCode::Right);
    snap_at(
        "meeting_capture_action",
        &h,
        &[(80, 24), (60, 20), (160, 48)],
    );
}

#[test]
fn meeting_closing() {
    let mut h = with_items();
    h.wait(600);
    h.key(KeyCode::Char('x'));
    h.key(KeyCode::Down);
    h.type_answer(KeyCode::Tab, "Load test passes");
    snap_at("meeting_closing", &h, &[(80, 24), (60, 20)]);
}
