//! Record files: any bytes through the store's parser. A record that loads
//! must save and load as itself, check, and export without panicking.

#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(record) = preflight::store::parse_record(text, Path::new("fuzz.json")) else {
        return;
    };
    common::round_trip(&record);
    common::exercise(&common::production(), &record);
});
