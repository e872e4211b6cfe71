//! `preflight export`: one record to standard output or a file, or every
//! record into a folder with an index. Published names and numbers are
//! assigned once and stored, so links keep working; re-exports rewrite only
//! what changed and never delete anything.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::Path;

use super::Context;
use super::args::{ExportArgs, Format, LayoutArg};
use super::commands::set_for;
use super::output::{CliError, EXIT_ERROR, EXIT_OK, note, print, warn};
use crate::check::check;
use crate::export::{self, IndexEntry, Layout, template::Template};
use crate::record::{Record, RecordId};
use crate::store::{
    BatchWriter, check_output_path, create_dir, read_text, record_to_json, write_atomic,
};

fn layout(arg: LayoutArg) -> Layout {
    match arg {
        LayoutArg::Default => Layout::Default,
        LayoutArg::Adr => Layout::Adr,
    }
}

fn check_flags(args: &ExportArgs) -> Result<(), CliError> {
    let bad = |message: &str| Err(CliError::data(message));
    if args.standalone && args.format != Format::Html {
        return bad("--standalone goes with --format html");
    }
    if args.front_matter && args.format != Format::Md {
        return bad("--front-matter goes with --format md");
    }
    if args.template.is_some() && args.format != Format::Md {
        return bad("--template makes Markdown; drop --format or use --format md");
    }
    if args.template.is_some() && args.all {
        return bad("--template works on one record at a time; leave out --all");
    }
    if args.all && args.format == Format::Json {
        return bad("--all writes Markdown or HTML; use --format md or html");
    }
    Ok(())
}

/// `preflight export`.
pub fn export(ctx: &Context, args: ExportArgs) -> Result<u8, CliError> {
    check_flags(&args)?;
    if args.all {
        return export_all(ctx, &args);
    }
    let Some(handle) = &args.id else {
        return Err(CliError::data("give a record id, or --all with --out DIR"));
    };
    let id = ctx.store.resolve(handle)?;
    let mut record = ctx.store.load(&id)?;
    let listing = ctx.store.list()?;
    let layout = layout(args.layout);
    if layout == Layout::Adr && record.number.is_none() {
        assign_numbers(ctx, std::slice::from_mut(&mut record), &listing.records)?;
    }
    let records: Vec<Record> = listing
        .records
        .into_iter()
        .map(|r| if r.id == record.id { record.clone() } else { r })
        .collect();
    let context = export::Context {
        records: &records,
        folder: (layout == Layout::Adr).then_some(Layout::Adr),
    };
    let bytes = match args.format {
        Format::Json => record_to_json(&record),
        Format::Md => {
            let set = set_for(ctx, &record)?;
            match &args.template {
                Some(path) => {
                    let text = read_text(path).map_err(|err| {
                        CliError::data(format!("cannot read template {}: {err}", path.display()))
                    })?;
                    let template = Template::parse_for(&text, set)
                        .map_err(|err| CliError::data(format!("{}: {err}", path.display())))?;
                    let mut out = String::new();
                    if args.front_matter {
                        out.push_str(&export::front_matter(set, &record));
                    }
                    out.push_str(&template.render(set, &record, &context));
                    out.into_bytes()
                }
                None => export::markdown(set, &record, &context, args.front_matter).into_bytes(),
            }
        }
        Format::Html => {
            export::html(set_for(ctx, &record)?, &record, &context, args.standalone).into_bytes()
        }
    };
    match &args.out {
        None => print(&String::from_utf8_lossy(&bytes))?,
        Some(out) => {
            check_output_path(out).map_err(|err| CliError::data(format!("--out {err}")))?;
            write_atomic(out, &bytes)?;
            note(ctx.quiet, &format!("wrote {}", out.display()));
        }
    }
    Ok(EXIT_OK)
}

/// Gives each record without a number the next free one, oldest first, and
/// saves it. Refuses duplicate numbers (two clones numbered in parallel).
fn assign_numbers(ctx: &Context, targets: &mut [Record], all: &[Record]) -> Result<(), CliError> {
    let mut seen: Vec<(u32, &Record)> = Vec::new();
    for record in all {
        if let Some(n) = record.number {
            if let Some((_, other)) = seen.iter().find(|(m, r)| *m == n && r.id != record.id) {
                return Err(CliError::data(format!(
                    "records {} ({}) and {} ({}) both have number {n}, probably numbered in two clones; set \"number\" in one of their files in {} to a free number",
                    other.id,
                    other.title,
                    record.id,
                    record.title,
                    ctx.store.records_dir().display()
                )));
            }
            seen.push((n, record));
        }
    }
    let mut next = seen.iter().map(|(n, _)| *n).max().unwrap_or(0);
    let mut order: Vec<usize> = (0..targets.len())
        .filter(|&i| targets[i].number.is_none())
        .collect();
    order.sort_by(|&a, &b| {
        (targets[a].created, &targets[a].id).cmp(&(targets[b].created, &targets[b].id))
    });
    for i in order {
        next += 1;
        targets[i].number = Some(next);
        persist_assignment(ctx, &targets[i])?;
    }
    Ok(())
}

/// Gives each record without a published name one from its title, unique
/// in the store, and saves it.
fn assign_slugs(ctx: &Context, records: &mut [Record]) -> Result<(), CliError> {
    // Two records with one stored name (a merge of two clones, a hand edit)
    // would overwrite each other's page: refuse before writing anything.
    let mut owners: Vec<(String, &Record)> = Vec::new();
    for record in records.iter().filter(|r| r.slug.is_some()) {
        let stem = export::file_stem(export::Layout::Default, record);
        if stem == "index" {
            return Err(CliError::data(format!(
                "record {} is published as \"index\", which the index page uses; change \"slug\" in {}",
                record.id,
                ctx.store.record_path(&record.id).display()
            )));
        }
        if let Some((_, other)) = owners.iter().find(|(s, _)| *s == stem) {
            return Err(CliError::data(format!(
                "records {} ({}) and {} ({}) are both published as {stem:?}; change \"slug\" in one of their files in {}",
                other.id,
                other.title,
                record.id,
                record.title,
                ctx.store.records_dir().display()
            )));
        }
        owners.push((stem, record));
    }
    let mut taken: HashSet<String> = owners.into_iter().map(|(stem, _)| stem).collect();
    for record in records.iter_mut().filter(|r| r.slug.is_none()) {
        let base = export::slug_for(&record.title);
        let mut slug = base.clone();
        let mut n = 2;
        while taken.contains(&slug) || slug == "index" {
            slug = format!("{base}-{n}");
            n += 1;
        }
        taken.insert(slug.clone());
        record.slug = Some(slug);
        persist_assignment(ctx, record)?;
    }
    Ok(())
}

/// Saves a published name or number under the record's lock; a record open
/// in the wizard keeps its in-memory assignment for this export only.
fn persist_assignment(ctx: &Context, record: &Record) -> Result<(), CliError> {
    match ctx.store.lock(&record.id)? {
        Some(_lock) => {
            let mut stored = ctx.store.load(&record.id)?;
            stored.slug = record.slug.clone().or(stored.slug);
            stored.number = record.number.or(stored.number);
            ctx.store.save(&stored)?;
        }
        None => warn(&format!(
            "warning: {} is open in another preflight; its published name is not stored yet and may change on the next export",
            record.id
        )),
    }
    Ok(())
}

/// Queues a file to write only if its content changed; true when queued.
fn write_if_changed(batch: &mut BatchWriter, path: &Path, bytes: &[u8]) -> Result<bool, CliError> {
    if fs::read(path).is_ok_and(|existing| existing == bytes) {
        return Ok(false);
    }
    batch.add(path, bytes)?;
    Ok(true)
}

fn export_all(ctx: &Context, args: &ExportArgs) -> Result<u8, CliError> {
    let Some(dir) = &args.out else {
        return Err(CliError::data(
            "--all needs --out DIR, the folder to write into",
        ));
    };
    prepare_dir(dir)?;
    let listing = ctx.store.list()?;
    for problem in &listing.problems {
        warn(&format!("preflight: skipped {problem}"));
    }
    let layout = layout(args.layout);
    let mut records = listing.records;
    assign_slugs(ctx, &mut records)?;
    if layout == Layout::Adr {
        let all = records.clone();
        assign_numbers(ctx, &mut records, &all)?;
    }
    let (extension, html) = match args.format {
        Format::Html => ("html", true),
        _ => ("md", false),
    };
    let context = export::Context {
        records: &records,
        folder: Some(layout),
    };
    let neighbours = linked_records(&records);
    // Every page is written atomically, and all are flushed to disk at once
    // at the end: one fsync per page made 10,000 pages take minutes.
    let mut batch = BatchWriter::default();
    let mut written = Vec::new();
    let mut unchanged = 0usize;
    let mut entries = Vec::new();
    let mut errors = 0usize;
    for record in &records {
        let set = match set_for(ctx, record) {
            Ok(set) => set,
            Err(err) => {
                warn(&format!("preflight: {}", err.message));
                errors += 1;
                continue;
            }
        };
        // A page shows only the records it links with (both ways), so it
        // is given only those, not the whole store.
        let linked: Vec<Record> = neighbours
            .get(&record.id)
            .map(|list| list.iter().map(|&i| records[i].clone()).collect())
            .unwrap_or_default();
        let page_context = export::Context {
            records: &linked,
            ..context
        };
        let content = if html {
            export::html(set, record, &page_context, true)
        } else {
            export::markdown(set, record, &page_context, args.front_matter)
        };
        let path = dir.join(format!("{}.{extension}", export::file_stem(layout, record)));
        if write_if_changed(&mut batch, &path, content.as_bytes())? {
            written.push(path);
        } else {
            unchanged += 1;
        }
        entries.push(IndexEntry {
            record,
            verdict: Some(check(set, record)),
        });
    }
    let index = if html {
        export::index_html(&entries, &context, layout)
    } else {
        export::index_markdown(&entries, &context, layout)
    };
    let index_path = dir.join(format!("index.{extension}"));
    if write_if_changed(&mut batch, &index_path, index.as_bytes())? {
        written.push(index_path);
    } else {
        unchanged += 1;
    }
    batch.commit()?;
    let mut report = String::new();
    for path in &written {
        report.push_str(&format!("wrote {}\n", path.display()));
    }
    report.push_str(&format!(
        "{} record{} exported to {}: {} file{} written, {unchanged} unchanged.\n",
        entries.len(),
        if entries.len() == 1 { "" } else { "s" },
        dir.display(),
        written.len(),
        if written.len() == 1 { "" } else { "s" },
    ));
    ctx.info(&report)?;
    Ok(if errors > 0 || !listing.problems.is_empty() {
        EXIT_ERROR
    } else {
        EXIT_OK
    })
}

/// For each record, the positions of the other records it links to or that
/// link to it, in store order (the order its page lists reverse links in).
/// Found once for the whole export: each page searching every record made
/// exporting 10,000 records quadratic (40 s).
fn linked_records(records: &[Record]) -> HashMap<&RecordId, Vec<usize>> {
    let position: HashMap<&RecordId, usize> = records
        .iter()
        .enumerate()
        .map(|(i, r)| (&r.id, i))
        .collect();
    let mut linked: HashMap<&RecordId, Vec<usize>> = HashMap::new();
    for (i, record) in records.iter().enumerate() {
        for link in &record.links {
            if let Some(&target) = position.get(&link.target) {
                linked.entry(&record.id).or_default().push(target);
                linked.entry(&link.target).or_default().push(i);
            }
        }
    }
    for list in linked.values_mut() {
        list.sort_unstable();
        list.dedup();
    }
    linked
}

/// Makes the output folder if its parent exists; refuses a file.
fn prepare_dir(dir: &Path) -> Result<(), CliError> {
    if dir.exists() && !dir.is_dir() {
        return Err(CliError::data(format!(
            "--out {} is a file; --all writes a folder of files",
            dir.display()
        )));
    }
    if let Some(parent) = dir.parent().filter(|p| !p.as_os_str().is_empty())
        && !parent.is_dir()
    {
        return Err(CliError::data(format!(
            "--out {}: the folder {} does not exist; create it first",
            dir.display(),
            parent.display()
        )));
    }
    Ok(create_dir(dir)?)
}
