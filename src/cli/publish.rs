//! `preflight export`: one record to standard output or a file, or every
//! record into a folder with an index. Published names and numbers are
//! assigned once and stored, so links keep working; re-exports rewrite only
//! what changed and never delete anything.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use super::Context;
use super::args::{ExportArgs, Format, LayoutArg};
use super::commands::set_for;
use super::output::{CliError, EXIT_ERROR, EXIT_OK, note, print, warn};
use super::page_cache::{self, Manifest, PageEntry, Signature};
use super::printer::{one_line, print_json_text};
use crate::export::index::IndexRow;
use crate::export::{self, Layout, template::Template};
use crate::list_index::{
    Summary, SummaryListing, set_fingerprint, summaries, summaries_and_records,
};
use crate::questionnaire::{QuestionSet, SetCatalog};
use crate::record::{Record, RecordId};
use crate::store::{
    BatchWriter, StoreError, check_output_path, create_dir, read_text, record_to_json, write_atomic,
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
        refuse_conflicted(ctx)?;
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
        None if args.format == Format::Json => print_json_text(&String::from_utf8_lossy(&bytes))?,
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
                    one_line(&other.title),
                    record.id,
                    one_line(&record.title),
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
                one_line(&other.title),
                record.id,
                one_line(&record.title),
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

/// What one `export --all` run did, whichever way its pages were found.
struct Run<'a> {
    dir: &'a Path,
    signature: Signature,
    layout: Layout,
    html: bool,
    front_matter: bool,
    /// Taken before any file is looked at: stamps newer than two seconds
    /// before it are not recorded.
    now: SystemTime,
    batch: BatchWriter,
    written: Vec<PathBuf>,
    unchanged: usize,
    rendered: usize,
    pages: usize,
    errors: usize,
    manifest: BTreeMap<String, PageEntry>,
    index: Option<PageEntry>,
}

impl Run<'_> {
    fn extension(&self) -> &'static str {
        if self.html { "html" } else { "md" }
    }

    fn file_name(&self, summary: &Summary) -> String {
        format!(
            "{}.{}",
            export::stem_of(
                self.layout,
                summary.slug.as_deref(),
                summary.number,
                &summary.title,
                &summary.id
            ),
            self.extension()
        )
    }

    /// Renders a page and queues it if it changed; records it under `key`.
    fn render(
        &mut self,
        set: &QuestionSet,
        record: &Record,
        linked: &[Record],
        key: Option<u64>,
    ) -> Result<(), CliError> {
        // A page shows only the records it links with (both ways), so it
        // is given only those, not the whole store.
        let context = export::Context {
            records: linked,
            folder: Some(self.layout),
        };
        let content = if self.html {
            export::html(set, record, &context, true)
        } else {
            export::markdown(set, record, &context, self.front_matter)
        };
        let path = self.dir.join(format!(
            "{}.{}",
            export::file_stem(self.layout, record),
            self.extension()
        ));
        self.rendered += 1;
        let written = page_cache::write_if_changed(
            &mut self.batch,
            &path,
            content.as_bytes(),
            key.unwrap_or_default(),
            self.now,
        )?;
        self.count(written.queued, path);
        if key.is_some() {
            self.manifest.insert(record.id.to_string(), written.entry);
        }
        Ok(())
    }

    fn count(&mut self, queued: bool, path: PathBuf) {
        if queued {
            self.written.push(path);
        } else {
            self.unchanged += 1;
        }
    }

    /// The index, from summaries: skipped if nothing it shows changed and
    /// its file is the one written last time.
    fn index(
        &mut self,
        catalog: &SetCatalog,
        summaries: &[Summary],
        last: Option<&PageEntry>,
    ) -> Result<(), CliError> {
        let file = format!("index.{}", self.extension());
        let path = self.dir.join(&file);
        let key = page_cache::index_key(&self.signature, &file, summaries);
        if let (Some(key), Some(last)) = (key, last)
            && last.key == key
            && last.file == file
            && let Some(stamp) = page_cache::still_there(&path, last, self.now)
        {
            self.unchanged += 1;
            self.index = Some(PageEntry {
                stamp,
                ..last.clone()
            });
            return Ok(());
        }
        self.rendered += 1;
        let all: Vec<IndexRow> = summaries.iter().map(IndexRow::of_summary).collect();
        // Listed: the records whose page could be made (their set is
        // installed), as the pages are.
        let rows: Vec<IndexRow> = summaries
            .iter()
            .zip(&all)
            .filter(|(summary, _)| catalog.get(&summary.set.id).is_some())
            .map(|(_, row)| row.clone())
            .collect();
        let content = if self.html {
            export::index_html_rows(&rows, &all, self.layout)
        } else {
            export::index_markdown_rows(&rows, &all, self.layout)
        };
        let written = page_cache::write_if_changed(
            &mut self.batch,
            &path,
            content.as_bytes(),
            key.unwrap_or_default(),
            self.now,
        )?;
        self.count(written.queued, path);
        if key.is_some() {
            self.index = Some(written.entry);
        }
        Ok(())
    }
}

/// A record with merge conflict markers stops `export --all` before it
/// writes anything: an index published without it would hide it.
fn refuse_conflicted(ctx: &Context) -> Result<(), CliError> {
    let listing = summaries(&ctx.store, &ctx.catalog)?;
    let conflicted: Vec<String> = listing
        .problems
        .iter()
        .filter(|p| matches!(p, StoreError::Conflicted { .. }))
        .map(ToString::to_string)
        .collect();
    if conflicted.is_empty() {
        return Ok(());
    }
    Err(CliError::data(format!(
        "{}\nnothing was exported: resolve the conflict first, so no page or index is published without it",
        conflicted.join("\n")
    )))
}

fn export_all(ctx: &Context, args: &ExportArgs) -> Result<u8, CliError> {
    let Some(dir) = &args.out else {
        return Err(CliError::data(
            "--all needs --out DIR, the folder to write into",
        ));
    };
    prepare_dir(dir)?;
    let layout = layout(args.layout);
    let html = args.format == Format::Html;
    let signature = Signature::new(layout, html, args.front_matter, dir);
    let mut run = Run {
        dir,
        layout,
        html,
        front_matter: args.front_matter,
        now: SystemTime::now(),
        batch: BatchWriter::default(),
        written: Vec::new(),
        unchanged: 0,
        rendered: 0,
        pages: 0,
        errors: 0,
        manifest: BTreeMap::new(),
        index: None,
        signature,
    };
    // With a manifest from the same options and build, only pages whose
    // inputs changed are loaded and rendered; records that still need a
    // published name or number take the full way, which assigns them.
    let cached = match page_cache::read(&ctx.store, dir, &run.signature) {
        Some(manifest) => {
            let listing = summaries(&ctx.store, &ctx.catalog)?;
            publishable(&listing.summaries, layout).then_some((manifest, listing))
        }
        None => None,
    };
    let (full, problems) = match cached {
        Some((manifest, listing)) => {
            export_changed(ctx, &mut run, &manifest, &listing)?;
            (false, listing.problems.len())
        }
        None => (true, export_every(ctx, &mut run)?),
    };
    let Run {
        batch,
        written,
        unchanged,
        rendered,
        pages,
        errors,
        manifest,
        index,
        signature,
        ..
    } = run;
    batch.commit()?;
    // Last, once every page is in place.
    // Only a cache: a store that cannot be written to (a read-only
    // checkout) still exports, every page rendered each time.
    if let Err(err) = page_cache::write(&ctx.store, dir, &signature, index, manifest)
        && ctx.verbose
    {
        note(
            ctx.quiet,
            &format!(
                "could not keep the export manifest ({err}); the next export renders every page"
            ),
        );
    }
    let mut report = String::new();
    for path in &written {
        report.push_str(&format!("wrote {}\n", path.display()));
    }
    report.push_str(&format!(
        "{pages} record{} exported to {}: {} file{} written, {unchanged} unchanged.\n",
        if pages == 1 { "" } else { "s" },
        dir.display(),
        written.len(),
        if written.len() == 1 { "" } else { "s" },
    ));
    ctx.info(&report)?;
    if ctx.verbose {
        let how = if full {
            "full export (no usable manifest from an earlier export with these options)"
        } else {
            "re-export"
        };
        note(
            ctx.quiet,
            &format!(
                "{how}: rendered {rendered} of {} files; the rest match {}",
                pages + 1,
                page_cache::path(&ctx.store, dir).display()
            ),
        );
    }
    Ok(if errors > 0 || problems > 0 {
        EXIT_ERROR
    } else {
        EXIT_OK
    })
}

/// Whether every record already has what its page's name needs (a
/// published name, and a number in the adr layout) and no two share one:
/// otherwise the full export assigns or refuses, as it always did.
fn publishable(summaries: &[Summary], layout: Layout) -> bool {
    let mut stems = HashSet::new();
    let mut numbers = HashSet::new();
    summaries.iter().all(|s| {
        let stem = export::stem_of(
            Layout::Default,
            s.slug.as_deref(),
            s.number,
            &s.title,
            &s.id,
        );
        s.slug.is_some()
            && stem != "index"
            && stems.insert(stem)
            && (layout == Layout::Default || s.number.is_some_and(|n| numbers.insert(n)))
    })
}

/// The message for a record whose question set is not installed.
fn missing_set(ctx: &Context, id: &RecordId, set: &str) -> String {
    format!(
        "preflight: record {id} uses question set {set:?}, which is not installed; put its JSON file in {}",
        ctx.store.questionnaires_dir().display()
    )
}

/// The full export: every record loaded and rendered (as before the
/// manifest existed); returns how many record files did not load.
fn export_every(ctx: &Context, run: &mut Run) -> Result<usize, CliError> {
    let (mut listing, mut records) = summaries_and_records(&ctx.store, &ctx.catalog)?;
    for problem in &listing.problems {
        warn(&format!("preflight: skipped {problem}"));
    }
    assign_slugs(ctx, &mut records)?;
    if run.layout == Layout::Adr {
        let all = records.clone();
        assign_numbers(ctx, &mut records, &all)?;
    }
    // Names and numbers just assigned are in the records, not yet in the
    // summaries; those files were rewritten, so their stamps are dropped.
    let by_id: HashMap<&RecordId, &Record> = records.iter().map(|r| (&r.id, r)).collect();
    for summary in &mut listing.summaries {
        if let Some(record) = by_id.get(&summary.id)
            && (record.slug != summary.slug || record.number != summary.number)
        {
            summary.slug = record.slug.clone();
            summary.number = record.number;
            listing.stamps.remove(&summary.id);
        }
    }
    let keys = page_keys(ctx, run, &listing);
    let neighbours = linked_records(&records);
    for record in &records {
        let Some(set) = ctx.catalog.get(&record.set.id) else {
            warn(&missing_set(ctx, &record.id, &record.set.id));
            run.errors += 1;
            continue;
        };
        run.pages += 1;
        let linked: Vec<Record> = neighbours
            .get(&record.id)
            .map(|list| list.iter().map(|&i| records[i].clone()).collect())
            .unwrap_or_default();
        let key = keys.get(&record.id).copied().flatten();
        run.render(set, record, &linked, key)?;
    }
    run.index(&ctx.catalog, &listing.summaries, None)?;
    Ok(listing.problems.len())
}

/// Each record's page key (see [`page_cache::page_key`]); `None` for a
/// record that cannot be skipped next time.
fn page_keys<'a>(
    ctx: &Context,
    run: &Run,
    listing: &'a SummaryListing,
) -> HashMap<&'a RecordId, Option<u64>> {
    let graph = page_cache::neighbours(&listing.summaries);
    let summaries = &listing.summaries;
    let signature = page_cache::signature_hash(&run.signature);
    // Worked out once per set: hashing a set for every page was most of a
    // re-export's time.
    let mut fingerprints: HashMap<&str, Option<u64>> = HashMap::new();
    summaries
        .iter()
        .zip(&graph)
        .map(|(summary, linked)| {
            let set = *fingerprints
                .entry(summary.set.id.as_str())
                .or_insert_with(|| ctx.catalog.get(&summary.set.id).map(set_fingerprint));
            let key = signature.zip(set).and_then(|(signature, set)| {
                let linked: Vec<&Summary> = linked.iter().map(|&i| &summaries[i]).collect();
                page_cache::page_key(
                    signature,
                    &run.file_name(summary),
                    listing.stamps.get(&summary.id),
                    set,
                    summary,
                    &linked,
                )
            });
            (&summary.id, key)
        })
        .collect()
}

/// The re-export: a page is loaded and rendered only if its key changed
/// or its file is not the one written last time.
fn export_changed(
    ctx: &Context,
    run: &mut Run,
    manifest: &Manifest,
    listing: &SummaryListing,
) -> Result<(), CliError> {
    for problem in &listing.problems {
        warn(&format!("preflight: skipped {problem}"));
    }
    let summaries = &listing.summaries;
    let keys = page_keys(ctx, run, listing);
    let graph = page_cache::neighbours(summaries);
    for (summary, linked) in summaries.iter().zip(&graph) {
        let Some(set) = ctx.catalog.get(&summary.set.id) else {
            warn(&missing_set(ctx, &summary.id, &summary.set.id));
            run.errors += 1;
            continue;
        };
        run.pages += 1;
        let key = keys.get(&summary.id).copied().flatten();
        let file = run.file_name(summary);
        if let (Some(key), Some(last)) = (key, manifest.pages.get(summary.id.as_str()))
            && last.key == key
            && last.file == file
            && let Some(stamp) = page_cache::still_there(&run.dir.join(&file), last, run.now)
        {
            run.unchanged += 1;
            run.manifest.insert(
                summary.id.to_string(),
                PageEntry {
                    stamp,
                    ..last.clone()
                },
            );
            continue;
        }
        let loaded: Result<Vec<Record>, _> = std::iter::once(&summary.id)
            .chain(linked.iter().map(|&i| &summaries[i].id))
            .map(|id| ctx.store.load(id))
            .collect();
        let mut loaded = match loaded {
            Ok(loaded) => loaded,
            Err(err) => {
                // Changed since it was listed: reported, and the next
                // export tries again.
                warn(&format!("preflight: skipped {err}"));
                run.errors += 1;
                continue;
            }
        };
        let record = loaded.remove(0);
        run.render(set, &record, &loaded, key)?;
    }
    run.index(&ctx.catalog, summaries, manifest.index.as_ref())
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
