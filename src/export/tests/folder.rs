//! The pages of `export --all` ([`crate::export::folder`]) are the same
//! bytes however many threads make them, and the same as rendering each
//! record the serial way, with every record of the store loaded and in
//! view (which is how pages were made before they were made in parallel
//! from summaries).

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::path::Path;
use std::time::SystemTime;

use crate::export::folder::{Options, Outcome, Pages};
use crate::export::manifest::Manifest;
use crate::export::page_files::PageFiles;
use crate::export::prune::Ledger;
use crate::export::{Layout, file_stem};
use crate::list_index::{summaries, summaries_as_of};
use crate::numbering::{Claim, published_names};
use crate::questionnaire::SetCatalog;
use crate::store::{Store, StoreOrigin};
use crate::synth;

/// A generated store of `records` records.
fn generated(dir: &Path, records: usize) -> Store {
    let store = Store::at(dir, StoreOrigin::Flag);
    synth::generate(
        &store,
        &crate::testing::production(),
        synth::Options { records, seed: 16 },
    )
    .expect("generate");
    store
}

/// Names the summaries as `export --all` does (in memory).
fn name_summaries(summaries: &mut [crate::list_index::Summary]) {
    let claims: Vec<Claim> = summaries.iter().map(Claim::of_summary).collect();
    let names = published_names(&claims);
    for (summary, claim) in summaries.iter_mut().zip(&claims) {
        if !claim.name_stored {
            summary.slug = names.get(&claim.id).cloned();
        }
    }
}

/// Every page, by file name, made by the folder export on a pool of
/// `threads` threads and written into `out`.
fn parallel(
    store: &Store,
    catalog: &SetCatalog,
    options: Options,
    threads: usize,
    out: &Path,
) -> BTreeMap<String, Vec<u8>> {
    fs::create_dir_all(out).expect("out");
    let mut listing = summaries(store, catalog).expect("summaries");
    name_summaries(&mut listing.summaries);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("a thread pool");
    let outcomes = pool.install(|| {
        publish_against(
            store,
            catalog,
            out,
            options,
            &listing,
            None,
            SystemTime::now(),
        )
    });
    assert_eq!(outcomes.len(), listing.summaries.len());
    let mut batch = PageFiles::default();
    for outcome in outcomes {
        match outcome {
            Outcome::Rendered {
                batch: Some(written),
                ..
            } => batch.append(written),
            other => panic!("every page is new: {other:?}"),
        }
    }
    batch.commit().expect("commit");
    fs::read_dir(out)
        .expect("out")
        .map(|entry| {
            let path = entry.expect("entry").path();
            let name = path.file_name().expect("a name").to_string_lossy().into();
            (name, fs::read(&path).expect("page"))
        })
        .collect()
}

/// Every page rendered one by one from fully loaded records, each seeing
/// the whole store.
fn serial(store: &Store, catalog: &SetCatalog, options: Options) -> BTreeMap<String, Vec<u8>> {
    let mut records = store.list().expect("list").records;
    let claims: Vec<Claim> = records.iter().map(Claim::of_record).collect();
    let names: HashMap<_, _> = published_names(&claims);
    for (record, claim) in records.iter_mut().zip(&claims) {
        if !claim.name_stored {
            record.slug = names.get(&claim.id).cloned();
        }
    }
    records
        .iter()
        .map(|record| {
            let set = catalog.get(&record.set.id).expect("an installed set");
            let name = format!(
                "{}.{}",
                file_stem(options.layout, record),
                options.extension()
            );
            (name, options.render(set, record, &records).into_bytes())
        })
        .collect()
}

#[test]
fn pages_are_the_same_bytes_serially_and_on_every_thread_count() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = generated(&dir.path().join("store"), 120);
    let catalog = SetCatalog::built_in();
    for (name, options) in [
        (
            "md",
            Options {
                layout: Layout::Default,
                html: false,
                front_matter: false,
            },
        ),
        (
            "adr",
            Options {
                layout: Layout::Adr,
                html: false,
                front_matter: true,
            },
        ),
        (
            "html",
            Options {
                layout: Layout::Default,
                html: true,
                front_matter: false,
            },
        ),
    ] {
        let want = serial(&store, &catalog, options);
        assert_eq!(want.len(), 120, "{name}: one page per record");
        for threads in [1, 4] {
            let out = dir.path().join(format!("{name}-{threads}"));
            let have = parallel(&store, &catalog, options, threads, &out);
            assert_eq!(
                have.keys().collect::<Vec<_>>(),
                want.keys().collect::<Vec<_>>(),
                "{name} on {threads} threads: the same files"
            );
            for (file, bytes) in &want {
                assert!(
                    have[file] == *bytes,
                    "{name} on {threads} threads: {file} differs"
                );
            }
        }
    }
}

/// Markdown pages in the default layout.
const MARKDOWN: Options = Options {
    layout: Layout::Default,
    html: false,
    front_matter: false,
};

/// The pages of `listing`'s records against `last`, as a manifest keeps
/// them: each record's outcome by id.
fn publish_against(
    store: &Store,
    catalog: &SetCatalog,
    out: &Path,
    options: Options,
    listing: &crate::list_index::SummaryListing,
    last: Option<&Manifest>,
    now: SystemTime,
) -> Vec<Outcome> {
    let signature = options.signature(out);
    Pages::new(store, catalog, out, options, &signature, listing, now)
        .after(last, &Ledger::new())
        .publish()
}

/// A record rewritten after the listing but before its page is made (a
/// racing writer): the page shows what the file holds when it is loaded,
/// and the key recorded for it is the listing's, so the next export, which
/// lists the new file, does not take the page for unchanged.
#[test]
fn a_record_changed_after_the_listing_is_never_kept_on_a_stale_key() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = generated(&dir.path().join("store"), 12);
    let catalog = SetCatalog::built_in();
    let out = dir.path().join("out");
    fs::create_dir_all(&out).expect("out");
    // Files are trusted once two seconds old; this run looks from later.
    let later = SystemTime::now() + std::time::Duration::from_secs(5);
    let mut listing = summaries_as_of(&store, &catalog, later).expect("summaries");
    name_summaries(&mut listing.summaries);
    // One nothing links with, so its new title changes no other page.
    let racing = listing
        .summaries
        .iter()
        .find(|s| {
            s.links.is_empty()
                && !listing
                    .summaries
                    .iter()
                    .any(|o| o.links.iter().any(|l| l.target == s.id))
        })
        .expect("a record without links")
        .id
        .clone();
    assert!(listing.stamps.contains_key(&racing), "a trusted stamp");
    // The writer: a new title on disk, after the listing.
    let mut record = store.load(&racing).expect("load");
    record.title = "Renamed while exporting".into();
    store.save(&record).expect("save");

    let first = publish_against(&store, &catalog, &out, MARKDOWN, &listing, None, later);
    let mut manifest = Manifest::default();
    let mut batch = PageFiles::default();
    for (summary, outcome) in listing.summaries.iter().zip(first) {
        let Outcome::Rendered {
            entry,
            batch: written,
            ..
        } = outcome
        else {
            panic!("every page is new");
        };
        manifest.pages.insert(summary.id.to_string(), entry);
        if let Some(written) = written {
            batch.append(written);
        }
    }
    batch.commit().expect("commit");
    let page = fs::read_dir(&out)
        .expect("out")
        .map(|e| fs::read_to_string(e.expect("entry").path()).expect("page"))
        .find(|text| text.contains(racing.as_str()))
        .expect("the racing record's page");
    assert!(page.contains("Renamed while exporting"), "{page}");

    // Next run: the new file's stamp makes a new key; the rest are kept.
    let later = SystemTime::now() + std::time::Duration::from_secs(10);
    let mut listing = summaries_as_of(&store, &catalog, later).expect("summaries");
    name_summaries(&mut listing.summaries);
    let second = publish_against(
        &store,
        &catalog,
        &out,
        MARKDOWN,
        &listing,
        Some(&manifest),
        later,
    );
    for (summary, outcome) in listing.summaries.iter().zip(&second) {
        match outcome {
            Outcome::Rendered { .. } if summary.id == racing => {}
            Outcome::Kept { .. } if summary.id != racing => {}
            other => panic!("{}: {other:?}", summary.id),
        }
    }
}
