//! Question-set files: any bytes through parsing and validation. A set that
//! validates must drive the check and every export of an empty record and
//! of one with its title answered.

#![no_main]

use libfuzzer_sys::fuzz_target;
use preflight::questionnaire::{Binding, SetSource, parse_set};
use preflight::record::{Answer, Record, RecordId};

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(set) = parse_set(text, SetSource::BuiltIn) else {
        return;
    };
    let id = RecordId::parse("f0zz000000000000").expect("a valid id");
    let now = "2026-11-20T10:00:00Z".parse().expect("a timestamp");
    let mut record = Record::new(id, "Fuzzed set", &set, now);
    common::exercise(&set, &record);
    if let Some(field) = set.bound_field(Binding::Title) {
        record.set_answer(field, Some(Answer::Text("A title".into())));
    }
    for (_, field) in set.fields() {
        if field.bind.is_none() {
            record.set_answer(field, Some(Answer::unknown()));
        }
    }
    common::exercise(&set, &record);
    common::round_trip(&record);
});
