//! `preflight export`: one record to standard output or a file, or every
//! record into a folder with an index. Published names and numbers are
//! assigned once and stored, so links keep working; re-exports rewrite only
//! what changed and never delete anything.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use super::CommandContext;
use super::args::{ExportArgs, Format};
use super::commands::set_for;
use super::output::{CliError, EXIT_ERROR, EXIT_OK, note, print, warn};
use super::page_cache::{self, Manifest, PageEntry, Signature};
use super::printer::print_json_text;
use super::prune::{self, Ledger};
use crate::doctor;
use crate::export::index::IndexRow;
use crate::export::{self, Layout, template::Template};
use crate::list_index::{
    Summary, SummaryListing, set_definition_hash, summaries, summaries_and_records,
};
use crate::numbering::{self, Claim};
use crate::questionnaire::{QuestionSet, SetCatalog};
use crate::record::{Record, RecordId};
use crate::store::{
    BatchWriter, StoreError, check_output_path, create_dir, record_to_json, write_atomic,
};
use crate::text_file::read_text;

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
pub fn export(ctx: &CommandContext, args: ExportArgs) -> Result<u8, CliError> {
    check_flags(&args)?;
    if args.all {
        return export_all(ctx, &args);
    }
    let Some(handle) = &args.id else {
        return Err(CliError::data("give a record id, or --all with --out DIR"));
    };
    let id = ctx.store.resolve(handle)?;
    let stored = ctx.store.load(&id)?;
    let mut records = ctx.store.list()?.records;
    name_records(&mut records);
    // Named as it is published (in memory: the stored file is untouched,
    // and `--format json` prints it as stored).
    let mut record = stored.clone();
    if let Some(named) = records.iter().find(|r| r.id == id) {
        record.slug.clone_from(&named.slug);
    }
    let layout = args.layout;
    let context = export::ExportContext {
        records: &records,
        folder: (layout == Layout::Adr).then_some(Layout::Adr),
    };
    let bytes = match args.format {
        Format::Json => record_to_json(&stored),
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
            // `--out docs/decisions/x.md` in a fresh repository: make the
            // folders, as `--all` does.
            if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
                make_folders(parent, out)?;
            }
            check_output_path(out).map_err(|err| CliError::data(format!("--out {err}")))?;
            write_atomic(out, &bytes)?;
            note(ctx.quiet, &format!("wrote {}", out.display()));
        }
    }
    Ok(EXIT_OK)
}

/// Gives each summary without a stored published name the one it is
/// published under ([`numbering::published_names`]), in memory only.
fn name_summaries(summaries: &mut [Summary]) {
    let claims: Vec<Claim> = summaries.iter().map(Claim::of_summary).collect();
    let names = numbering::published_names(&claims);
    for (summary, claim) in summaries.iter_mut().zip(&claims) {
        if !claim.name_stored {
            summary.slug = names.get(&claim.id).cloned();
        }
    }
}

/// [`name_summaries`] for loaded records.
fn name_records(records: &mut [Record]) {
    let claims: Vec<Claim> = records.iter().map(Claim::of_record).collect();
    let names = numbering::published_names(&claims);
    for (record, claim) in records.iter_mut().zip(&claims) {
        if !claim.name_stored {
            record.slug = names.get(&claim.id).cloned();
        }
    }
}

/// Refuses, before anything is written, to publish two records under one
/// number or one name (two clones numbered in parallel, a hand edit):
/// `preflight doctor --fix` repairs it.
fn refuse_clashes(ctx: &CommandContext, summaries: &[Summary]) -> Result<(), CliError> {
    let claims: Vec<Claim> = summaries.iter().map(Claim::of_summary).collect();
    let clashes = doctor::clash_findings(&claims);
    if clashes.is_empty() {
        return Ok(());
    }
    let mut message = String::from("nothing was exported:\n");
    for clash in &clashes {
        message.push_str(&format!("  {}\n", clash.message()));
    }
    message.push_str(&format!(
        "Fix: run `preflight doctor --fix` (it keeps each number and name with the record that had it first and says what it changed), then commit the changed files in {}",
        ctx.store.records_dir().display()
    ));
    Err(CliError::data(message))
}

/// What one `export --all` run did, whichever way its pages were found.
struct Run<'a> {
    dir: &'a Path,
    signature: Signature,
    layout: Layout,
    html: bool,
    front_matter: bool,
    /// `index` or `_index` (`--index-name`).
    index_stem: &'static str,
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
    /// What an earlier export wrote into the folder (see [`prune`]).
    before: Ledger,
    /// Every file this export produced, written or already right.
    produced: Ledger,
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
        let context = export::ExportContext {
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
        let written = self.write(&path, content.as_bytes(), key)?;
        if key.is_some() {
            self.manifest.insert(record.id.to_string(), written.entry);
        }
        Ok(())
    }

    /// Queues a page unless the file already holds it, and notes it as
    /// produced by this export.
    fn write(
        &mut self,
        path: &Path,
        content: &[u8],
        key: Option<u64>,
    ) -> Result<page_cache::Written, CliError> {
        let written = page_cache::write_if_changed(
            &mut self.batch,
            path,
            content,
            key.unwrap_or_default(),
            self.now,
        )?;
        self.produced
            .insert(written.entry.file.clone(), prune::hash(content));
        self.count(written.queued, path.to_path_buf());
        Ok(written)
    }

    /// Notes a page skipped because it is still the one written last time.
    fn keep(&mut self, entry: PageEntry) -> PageEntry {
        self.unchanged += 1;
        let hash = self.before.get(&entry.file).copied().or_else(|| {
            // A manifest from before the ledger existed: the file was just
            // found to be the page written, so its bytes are.
            std::fs::read(self.dir.join(&entry.file))
                .ok()
                .map(|bytes| prune::hash(&bytes))
        });
        if let Some(hash) = hash {
            self.produced.insert(entry.file.clone(), hash);
        }
        entry
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
        let file = format!("{}.{}", self.index_stem, self.extension());
        let path = self.dir.join(&file);
        let key = page_cache::index_key(&self.signature, &file, summaries);
        if let (Some(key), Some(last)) = (key, last)
            && last.key == key
            && last.file == file
            && let Some(stamp) = page_cache::still_there(&path, last, self.now)
        {
            let entry = self.keep(PageEntry {
                stamp,
                ..last.clone()
            });
            self.index = Some(entry);
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
        let written = self.write(&path, content.as_bytes(), key)?;
        if key.is_some() {
            self.index = Some(written.entry);
        }
        Ok(())
    }
}

/// A record with merge conflict markers stops `export --all` before it
/// writes anything: an index published without it would hide it.
fn refuse_conflicted(listing: &SummaryListing) -> Result<(), CliError> {
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

/// How `export --all` finds its pages: with a manifest from the same
/// options and build, only pages whose inputs changed are loaded and
/// rendered; otherwise every record is.
enum Pages {
    Changed(Manifest, SummaryListing),
    Every(SummaryListing, Vec<Record>),
}

fn export_all(ctx: &CommandContext, args: &ExportArgs) -> Result<u8, CliError> {
    let Some(dir) = &args.out else {
        return Err(CliError::data(
            "--all needs --out DIR, the folder to write into",
        ));
    };
    let layout = args.layout;
    let html = args.format == Format::Html;
    let manifest = dir
        .is_dir()
        .then(|| Signature::new(layout, html, args.front_matter, dir))
        .and_then(|signature| page_cache::read(&ctx.store, dir, &signature));
    let pages = match manifest {
        Some(manifest) => {
            let mut listing = summaries(&ctx.store, &ctx.catalog)?;
            name_summaries(&mut listing.summaries);
            Pages::Changed(manifest, listing)
        }
        None => {
            let (mut listing, mut records) = summaries_and_records(&ctx.store, &ctx.catalog)?;
            name_summaries(&mut listing.summaries);
            name_records(&mut records);
            Pages::Every(listing, records)
        }
    };
    // Before the folder is even made: nothing is published without a
    // conflicted record, or under a contested number or name.
    let listing = match &pages {
        Pages::Changed(_, listing) | Pages::Every(listing, _) => listing,
    };
    refuse_conflicted(listing)?;
    refuse_clashes(ctx, &listing.summaries)?;
    prepare_dir(dir)?;
    let mut run = Run {
        dir,
        layout,
        html,
        front_matter: args.front_matter,
        index_stem: args.index_name.stem(),
        now: SystemTime::now(),
        batch: BatchWriter::default(),
        written: Vec::new(),
        unchanged: 0,
        rendered: 0,
        pages: 0,
        errors: 0,
        manifest: BTreeMap::new(),
        index: None,
        signature: Signature::new(layout, html, args.front_matter, dir),
        before: page_cache::read_ledger(&ctx.store, dir),
        produced: Ledger::new(),
    };
    let (full, problems) = match pages {
        Pages::Changed(manifest, listing) => {
            export_changed(ctx, &mut run, &manifest, &listing)?;
            (false, listing.problems.len())
        }
        Pages::Every(listing, records) => (true, export_every(ctx, &mut run, listing, records)?),
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
        before,
        produced,
        ..
    } = run;
    batch.commit()?;
    // Stale pages go only once every new page is in place; an export
    // stopped before this leaves them listed, for the next --prune.
    let mut report = String::new();
    for path in &written {
        report.push_str(&format!("wrote {}\n", path.display()));
    }
    let stale = prune::stale(dir, &before, &produced)
        .into_iter()
        .filter(|(_, unchanged)| *unchanged)
        .count();
    let (ledger, pruned) = if args.prune {
        let pruned = prune::prune(dir, &before, &produced);
        for path in &pruned.removed {
            report.push_str(&format!("removed {}\n", path.display()));
        }
        (produced, Some(pruned))
    } else {
        (prune::carry_over(dir, &before, &produced), None)
    };
    // Last, once every page is in place.
    // Only a cache: a store that cannot be written to (a read-only
    // checkout) still exports, every page rendered each time.
    if let Err(err) = page_cache::write(&ctx.store, dir, &signature, index, manifest, ledger)
        && ctx.verbose
    {
        note(
            ctx.quiet,
            &format!(
                "could not keep the export manifest ({err}); the next export renders every page"
            ),
        );
    }
    report.push_str(&format!(
        "{pages} record{} exported to {}: {} file{} written, {unchanged} unchanged.\n",
        if pages == 1 { "" } else { "s" },
        dir.display(),
        written.len(),
        if written.len() == 1 { "" } else { "s" },
    ));
    ctx.info(&report)?;
    let mut failed = false;
    match &pruned {
        Some(pruned) => {
            for path in &pruned.kept {
                warn(&format!(
                    "preflight: kept {}: it is no longer exported, but it changed since preflight wrote it; delete it yourself if it should go",
                    path.display()
                ));
            }
            for (path, err) in &pruned.failed {
                warn(&format!(
                    "preflight: could not remove {}: {err}",
                    path.display()
                ));
                failed = true;
            }
        }
        None => {
            if stale > 0 {
                note(
                    ctx.quiet,
                    &format!(
                        "{stale} page{} written by an earlier export {} no longer exported (records renumbered, renamed or deleted); add --prune to remove {}",
                        if stale == 1 { "" } else { "s" },
                        if stale == 1 { "is" } else { "are" },
                        if stale == 1 { "it" } else { "them" },
                    ),
                );
            }
        }
    }
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
    Ok(if errors > 0 || problems > 0 || failed {
        EXIT_ERROR
    } else {
        EXIT_OK
    })
}

/// The message for a record whose question set is not installed.
fn missing_set(ctx: &CommandContext, id: &RecordId, set: &str) -> String {
    format!(
        "preflight: record {id} uses question set {set:?}, which is not installed; put its JSON file in {}",
        ctx.store.questionnaires_dir().display()
    )
}

/// The full export: every record loaded and rendered (as before the
/// manifest existed); returns how many record files did not load.
fn export_every(
    ctx: &CommandContext,
    run: &mut Run,
    listing: SummaryListing,
    records: Vec<Record>,
) -> Result<usize, CliError> {
    for problem in &listing.problems {
        warn(&format!("preflight: skipped {problem}"));
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
    ctx: &CommandContext,
    run: &Run,
    listing: &'a SummaryListing,
) -> HashMap<&'a RecordId, Option<u64>> {
    let graph = page_cache::neighbours(&listing.summaries);
    let summaries = &listing.summaries;
    let signature = page_cache::signature_hash(&run.signature);
    // Worked out once per set: hashing a set for every page was most of a
    // re-export's time.
    let mut set_hashes: HashMap<&str, Option<u64>> = HashMap::new();
    summaries
        .iter()
        .zip(&graph)
        .map(|(summary, linked)| {
            let set = *set_hashes
                .entry(summary.set.id.as_str())
                .or_insert_with(|| ctx.catalog.get(&summary.set.id).map(set_definition_hash));
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
    ctx: &CommandContext,
    run: &mut Run,
    manifest: &Manifest,
    listing: &SummaryListing,
) -> Result<(), CliError> {
    for problem in &listing.problems {
        warn(&format!("preflight: skipped {problem}"));
    }
    let summaries = &listing.summaries;
    let keys = page_keys(ctx, run, listing);
    let names: HashMap<&RecordId, &Option<String>> =
        summaries.iter().map(|s| (&s.id, &s.slug)).collect();
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
            let entry = run.keep(PageEntry {
                stamp,
                ..last.clone()
            });
            run.manifest.insert(summary.id.to_string(), entry);
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
        // Named as the summaries were (names made from titles are not
        // stored in the files).
        for record in &mut loaded {
            if let Some(slug) = names.get(&record.id) {
                record.slug.clone_from(slug);
            }
        }
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

/// Makes the output folder and any missing parents; refuses a file.
fn prepare_dir(dir: &Path) -> Result<(), CliError> {
    if dir.exists() && !dir.is_dir() {
        return Err(CliError::data(format!(
            "--out {} is a file; --all writes a folder of files",
            dir.display()
        )));
    }
    make_folders(dir, dir)
}

/// Makes `folder` and its missing parents for `--out out`; a file where a
/// folder must go is refused by name, before anything is written.
fn make_folders(folder: &Path, out: &Path) -> Result<(), CliError> {
    if folder.is_dir() {
        return Ok(());
    }
    if let Some(file) = folder.ancestors().find(|a| a.exists() && !a.is_dir()) {
        return Err(CliError::data(format!(
            "--out {}: {} is a file, not a folder",
            out.display(),
            file.display()
        )));
    }
    Ok(create_dir(folder)?)
}
