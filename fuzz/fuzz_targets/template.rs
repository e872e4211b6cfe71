//! `export --template`: any text through the template parser; a template
//! that parses is filled for the sample record (linked to another) and
//! must not panic.

#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use preflight::export::{Context, Layout, template::Template};
use preflight::record::{LinkKind, RecordId};
use preflight::store::parse_record;

#[path = "common.rs"]
mod common;

const SAMPLE: &str = include_str!("../../assets/sample-record.json");

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(template) = Template::parse(text) else {
        return;
    };
    let set = common::production();
    let _ = template.check(&set);
    let mut record = parse_record(SAMPLE, Path::new("sample.json")).expect("the sample loads");
    let mut other = record.clone();
    other.id = RecordId::parse("0th3r00000000000").expect("a valid id");
    other.title = "Other | <b>record</b>".into();
    record.add_link(LinkKind::Supersedes, &other.id);
    let records = [record.clone(), other];
    for folder in [None, Some(Layout::Default), Some(Layout::Adr)] {
        let ctx = Context {
            records: &records,
            folder,
        };
        let _ = template.render(&set, &record, &ctx);
    }
});
