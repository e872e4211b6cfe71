//! `preflight export`: one record to standard output or a file, or every
//! record into a folder with an index. Published names and numbers are
//! assigned once and stored, so links keep working; re-exports rewrite only
//! what changed and never delete anything.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use super::CommandContext;
use super::args::{Export, Format};
use super::commands::set_for;
use super::output::{CliError, EXIT_ERROR, EXIT_OK, note, print, warn};
use super::printer::print_json_text;
use crate::doctor;
use crate::export::index::IndexRow;
use crate::export::manifest::{self, PageEntry, Signature};
use crate::export::page_files::PageFiles;
use crate::export::prune::{self, Ledger};
use crate::export::{self, Layout, folder, template::Template};
use crate::list_index::{Summary, SummaryListing, summaries};
use crate::numbering::{self, Claim};
use crate::plural::plural;
use crate::questionnaire::SetCatalog;
use crate::record::RecordId;
use crate::store::{StoreError, check_output_path, create_dir, record_to_json, write_atomic};
use crate::text_file::read_text;

fn check_flags(args: &Export) -> Result<(), CliError> {
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
pub fn export(ctx: &CommandContext, args: &Export) -> Result<u8, CliError> {
    check_flags(args)?;
    if args.all {
        return export_all(ctx, args);
    }
    let Some(handle) = &args.id else {
        return Err(CliError::data("give a record id, or --all with --out DIR"));
    };
    let id = ctx.store.resolve(handle)?;
    let stored = ctx.store.load(&id)?;
    let layout = args.layout;
    let records = super::one_record::published_neighbours(ctx, &stored, layout == Layout::Adr)?;
    // Named as it is published (in memory: the stored file is untouched,
    // and `--format json` prints it as stored).
    let mut record = stored.clone();
    if let Some(named) = records.iter().find(|r| r.id == id) {
        record.slug.clone_from(&named.slug);
    }
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

/// What one `export --all` run did: the pages' outcomes, taken in store
/// order, and the index.
struct Run<'a> {
    dir: &'a Path,
    signature: Signature,
    options: folder::Options,
    /// `index` or `_index` (`--index-name`).
    index_stem: &'static str,
    /// Taken before any file is looked at: stamps newer than two seconds
    /// before it are not recorded.
    now: SystemTime,
    batch: PageFiles,
    written: Vec<PathBuf>,
    unchanged: usize,
    rendered: usize,
    pages: usize,
    errors: usize,
    manifest: BTreeMap<String, PageEntry>,
    index: Option<PageEntry>,
    /// Every file this export produced, written or already right.
    produced: Ledger,
}

impl Run<'_> {
    /// Takes in one record's page, as [`folder::Pages::publish`] left it.
    fn take(
        &mut self,
        ctx: &CommandContext,
        summary: &Summary,
        outcome: folder::Outcome,
    ) -> Result<(), CliError> {
        match outcome {
            folder::Outcome::NoSet => {
                warn(&missing_set(ctx, &summary.id, &summary.set.id));
                self.errors += 1;
                return Ok(());
            }
            folder::Outcome::Kept { entry, ledger } => {
                self.unchanged += 1;
                if let Some(hash) = ledger {
                    self.produced.insert(entry.file.clone(), hash);
                }
                self.manifest.insert(summary.id.to_string(), entry);
            }
            folder::Outcome::Rendered {
                path,
                entry,
                keyed,
                ledger,
                batch,
            } => {
                self.rendered += 1;
                self.produced.insert(entry.file.clone(), ledger);
                match batch {
                    Some(batch) => {
                        self.batch.append(batch);
                        self.written.push(path);
                    }
                    None => self.unchanged += 1,
                }
                if keyed {
                    self.manifest.insert(summary.id.to_string(), entry);
                }
            }
            folder::Outcome::Failed(err) => {
                // Changed since it was listed: reported, and the next
                // export tries again.
                warn(&format!("preflight: skipped {err}"));
                self.errors += 1;
            }
            folder::Outcome::Unwritable(err) => return Err(err.into()),
        }
        self.pages += 1;
        Ok(())
    }

    /// The index, from summaries: skipped if nothing it shows changed and
    /// its file is the one written last time.
    fn index(
        &mut self,
        catalog: &SetCatalog,
        summaries: &[Summary],
        last: Option<&PageEntry>,
        before: &Ledger,
    ) -> Result<(), CliError> {
        let file = format!("{}.{}", self.index_stem, self.options.extension());
        let path = self.dir.join(&file);
        let key = manifest::index_key(&self.signature, &file, summaries, |set| {
            catalog.get(set).is_some()
        });
        if let Some(last) = last
            && last.key == key
            && last.file == file
            && let Some(stamp) = manifest::still_there(&path, last, self.now)
        {
            self.unchanged += 1;
            let hash = before
                .get(&file)
                .copied()
                .or_else(|| std::fs::read(&path).ok().map(|bytes| prune::hash(&bytes)));
            if let Some(hash) = hash {
                self.produced.insert(file, hash);
            }
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
        let content = if self.options.html {
            export::index_html_rows(&rows, &all, self.options.layout)
        } else {
            export::index_markdown_rows(&rows, &all, self.options.layout)
        };
        let written =
            manifest::write_if_changed(&mut self.batch, &path, content.as_bytes(), key, self.now)?;
        self.produced.insert(file, written.ledger);
        if written.queued {
            self.written.push(path);
        } else {
            self.unchanged += 1;
        }
        self.index = Some(written.entry);
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

fn export_all(ctx: &CommandContext, args: &Export) -> Result<u8, CliError> {
    let Some(dir) = &args.out else {
        return Err(CliError::data(
            "--all needs --out DIR, the folder to write into",
        ));
    };
    let options = folder::Options {
        layout: args.layout,
        html: args.format == Format::Html,
        front_matter: args.front_matter,
    };
    // A folder made by this run has no pages to skip, whatever manifest
    // an earlier export into a folder of that name left.
    let existed = dir.is_dir();
    // (The context holds a clock that is not Sync: the store and sets are.)
    let (store, catalog) = (&ctx.store, &ctx.catalog);
    let read_manifest = || {
        let signature = options.signature(dir);
        let previous = manifest::read(store, dir, &signature);
        (signature, previous)
    };
    // Summaries, not records: each page loads its own record, so the store
    // is never held in memory. The manifest of a folder that is there
    // already is read meanwhile, on another core.
    let (listing, early) =
        rayon::join(|| summaries(store, catalog), || existed.then(read_manifest));
    let mut listing = listing?;
    name_summaries(&mut listing.summaries);
    // Before the folder is even made: nothing is published without a
    // conflicted record, or under a contested number or name.
    refuse_conflicted(&listing)?;
    refuse_clashes(ctx, &listing.summaries)?;
    prepare_dir(dir)?;
    let (signature, previous) = early.unwrap_or_else(read_manifest);
    let last = previous.manifest.as_ref().filter(|_| existed);
    for problem in &listing.problems {
        warn(&format!("preflight: skipped {problem}"));
    }
    let now = SystemTime::now();
    let outcomes = folder::Pages::new(
        &ctx.store,
        &ctx.catalog,
        dir,
        options,
        &signature,
        &listing,
        now,
    )
    .after(last, &previous.ledger)
    .publish();
    let mut run = Run {
        dir,
        options,
        index_stem: args.index_name.stem(),
        now,
        batch: PageFiles::default(),
        written: Vec::new(),
        unchanged: 0,
        rendered: 0,
        pages: 0,
        errors: 0,
        manifest: BTreeMap::new(),
        index: None,
        signature,
        produced: Ledger::new(),
    };
    for (summary, outcome) in listing.summaries.iter().zip(outcomes) {
        run.take(ctx, summary, outcome)?;
    }
    run.index(
        &ctx.catalog,
        &listing.summaries,
        last.and_then(|m| m.index.as_ref()),
        &previous.ledger,
    )?;
    let problems = listing.problems.len();
    let full = last.is_none();
    let Run {
        batch,
        written,
        unchanged,
        rendered,
        pages,
        errors,
        manifest: entries,
        index,
        signature,
        produced,
        ..
    } = run;
    let before = &previous.ledger;
    batch.commit()?;
    // Stale pages go only once every new page is in place; an export
    // stopped before this leaves them listed, for the next --prune.
    let mut report = String::new();
    for path in &written {
        report.push_str(&format!("wrote {}\n", path.display()));
    }
    let stale = prune::stale(dir, before, &produced)
        .into_iter()
        .filter(|(_, unchanged)| *unchanged)
        .count();
    let (ledger, pruned) = if args.prune {
        let pruned = prune::prune(dir, before, &produced);
        for path in &pruned.removed {
            report.push_str(&format!("removed {}\n", path.display()));
        }
        (produced, Some(pruned))
    } else {
        (prune::carry_over(dir, before, produced), None)
    };
    // Last, once every page is in place; not rewritten when it would say
    // what it says already (a re-export that found nothing to do).
    // Only a cache: a store that cannot be written to (a read-only
    // checkout) still exports, every page rendered each time.
    let unchanged_manifest = previous.says(&index, &entries, &ledger);
    if !unchanged_manifest
        && let Err(err) = manifest::write(&ctx.store, dir, &signature, index, entries, ledger)
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
        plural(pages),
        dir.display(),
        written.len(),
        plural(written.len()),
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
                        plural(stale),
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
        } else if unchanged_manifest {
            "re-export (nothing changed; manifest kept as it was)"
        } else {
            "re-export"
        };
        note(
            ctx.quiet,
            &format!(
                "{how}: rendered {rendered} of {} files; the rest match {}",
                pages + 1,
                manifest::path(&ctx.store, dir).display()
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
