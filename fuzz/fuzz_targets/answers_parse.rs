//! `new --answers`: any JSON through the answers parser against the
//! production set. Answers it accepts must make a record that saves, loads,
//! checks and exports.

#![no_main]

use libfuzzer_sys::fuzz_target;
use preflight::answers_input::apply_answers;
use preflight::record::{Record, RecordId};

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Ok(json) = serde_json::from_slice::<serde_json::Value>(data) else {
        return;
    };
    let set = common::production();
    let id = RecordId::parse("f0zz000000000000").expect("a valid id");
    let now = "2026-11-20T10:00:00Z".parse().expect("a timestamp");
    let mut record = Record::new(id, "", &set, now);
    if apply_answers(&set, &mut record, &json).is_err() {
        return;
    }
    common::round_trip(&record);
    common::exercise(&set, &record);
});
