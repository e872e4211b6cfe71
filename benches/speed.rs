//! Benchmarks for issues 7 and 16 (speed at scale), with divan:
//! `cargo bench` runs them all, `cargo bench -- list` only the listing ones.
//! Library-level where a public API does the work; the commands on one
//! record, a fresh clone's `list` and `check` of every record run the built
//! binary as a process (what a user waits for). Figures and the machine
//! they ran on are in docs/benchmarks.md; the whole-process figures with
//! peak RSS (and the adrs side by side) come from `benches/whole-process.sh`.
//!
//! Stores are generated once, deterministically (seed 1), under
//! `target/tmp/stores/`; delete that folder after changing the generator.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use clap::Parser;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use divan::{Bencher, black_box};
use jiff::Timestamp;
use preflight::check::check;
use preflight::clock::FixedClock;
use preflight::export;
use preflight::list_index::{Summary, summaries};
use preflight::questionnaire::{DEFAULT_SET_ID, QuestionSet, SetCatalog};
use preflight::record::{Answer, Record};
use preflight::store::{Store, StoreOrigin};
use preflight::synth;
use preflight::tui::app::{App, Mode};
use preflight::tui::msg::Msg;
use preflight::tui::screens;
use preflight::tui::session::Session;
use preflight::tui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn main() {
    // The export benchmark runs the real command line, which reads question
    // sets from the config folder: point it at an empty one, never the
    // user's. SAFETY: no other thread exists yet.
    let config = std::env::temp_dir().join("preflight-bench-config");
    unsafe { std::env::set_var("PREFLIGHT_CONFIG_DIR", config) };
    divan::main();
}

fn catalog() -> &'static SetCatalog {
    static CATALOG: OnceLock<SetCatalog> = OnceLock::new();
    CATALOG.get_or_init(SetCatalog::built_in)
}

fn production() -> &'static QuestionSet {
    catalog().get(DEFAULT_SET_ID).expect("built-in set")
}

/// A generated store of `records` records (made on first use, then reused).
fn store(records: usize) -> Store {
    let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("stores")
        .join(format!("v{}-seed1-{records}", synth::VERSION));
    let store = Store::at(&root, StoreOrigin::Flag);
    if !root.join("records").is_dir() {
        let partial = root.with_extension("partial");
        let _ = std::fs::remove_dir_all(&partial);
        let temp = Store::at(&partial, StoreOrigin::Flag);
        synth::generate(&temp, production(), synth::Options { records, seed: 1 })
            .expect("generate store");
        std::fs::rename(&partial, &root).expect("move store into place");
    }
    store
}

/// The store sizes of issue 16's rows.
const SIZES: [usize; 3] = [100, 1_000, 10_000];

/// Opening the store and getting the rows `preflight list` prints (each
/// record's summary with its readiness) from the list index, as `list`
/// and the home screen do; the index is warm (built by the first run).
#[divan::bench(args = SIZES, sample_count = 20, sample_size = 1)]
fn list(bencher: Bencher, records: usize) {
    let root = store(records).root().to_path_buf();
    let _ = summaries(&Store::at(&root, StoreOrigin::Flag), catalog());
    bencher.bench(|| {
        let store = Store::at(&root, StoreOrigin::Flag);
        black_box(summaries(&store, catalog()).expect("list"))
    });
}

/// The same rows without the index: every record read and checked, as
/// `list` did before the index (and as a cold index costs, less its write).
#[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
fn list_without_index(bencher: Bencher, records: usize) {
    let root = store(records).root().to_path_buf();
    bencher.bench(|| {
        let store = Store::at(&root, StoreOrigin::Flag);
        let listing = store.list().expect("list");
        let rows: Vec<Summary> = listing
            .records
            .iter()
            .map(|r| Summary::of(r, catalog().get(&r.set.id)))
            .collect();
        black_box(rows)
    });
}

/// Loading one record (about 24 KB of JSON) by id.
#[divan::bench(sample_count = 200)]
fn load_one(bencher: Bencher) {
    let store = store(1_000);
    let id = store.ids().expect("ids")[500].clone();
    bencher.bench(|| black_box(store.load(&id).expect("load")));
}

/// `preflight check` over every record: load all, check each.
#[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
fn check_all(bencher: Bencher, records: usize) {
    let store = store(records);
    bencher.bench(|| {
        let listing = store.list().expect("list");
        let gaps: usize = listing
            .records
            .iter()
            .filter_map(|r| catalog().get(&r.set.id).map(|set| check(set, r)))
            .map(|v| v.gap_count())
            .sum();
        black_box(gaps)
    });
}

/// Answer sizes for the wizard benchmarks: 100 KB and 1 MB.
const ANSWER_SIZES: [usize; 2] = [100_000, 1_000_000];

/// The wizard at 120x40 on `session`, its first frame drawn.
fn wizard_on(session: Session) -> (App, Terminal<TestBackend>) {
    app_on(session, (120, 40), |app| app.mode = Mode::Wizard)
}

/// The app on `session` at `size`, put in a mode by `open`, its first
/// frame drawn.
fn app_on(
    session: Session,
    (width, height): (u16, u16),
    open: impl FnOnce(&mut App),
) -> (App, Terminal<TestBackend>) {
    let dir = std::env::temp_dir().join("preflight-bench-empty-store");
    let clock = FixedClock("2026-11-20T10:00:00Z".parse::<Timestamp>().expect("time"));
    let mut app = App::new(
        Store::at(dir, StoreOrigin::Flag),
        catalog().clone(),
        Box::new(clock),
        Theme::new(true),
    );
    app.session = Some(session);
    app.size = (width, height);
    open(&mut app);
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
    // The first frame lays the text out; later frames reuse that layout.
    draw(&app, &mut terminal);
    (app, terminal)
}

/// Draws one frame of `app`.
fn draw(app: &App, terminal: &mut Terminal<TestBackend>) {
    terminal
        .draw(|frame| screens::render(app, frame))
        .expect("draw");
}

/// Benches one keystroke (`x`) in `app`: `update` with the key, then the
/// frame.
fn bench_keystroke(bencher: Bencher, (mut app, mut terminal): (App, Terminal<TestBackend>)) {
    let key = Msg::Key(KeyEvent::new(KeyCode::Char('x'), KeyModifiers::NONE));
    bencher.bench_local(|| {
        let _ = preflight::tui::update::update(&mut app, key.clone());
        draw(&app, &mut terminal);
    });
}

/// The wizard with the summary field focused and holding a Markdown answer
/// of `bytes` bytes (the cursor at its end).
fn wizard(bytes: usize) -> (App, Terminal<TestBackend>) {
    let set = production().clone();
    let mut record = synth::record_with_rows(&set, 9, 8);
    let mut rng = synth::Rng::new(bytes as u64);
    let field = set.field("summary").expect("summary field").clone();
    record.set_answer(&field, Some(Answer::Text(synth::markdown(&mut rng, bytes))));
    let mut session = Session::new(set, record, None);
    session.focus = session
        .editors
        .iter()
        .position(|e| e.field.id == "summary")
        .expect("summary editor");
    wizard_on(session)
}

/// Rendering one wizard frame with a big answer in the focused field.
#[divan::bench(args = ANSWER_SIZES, sample_count = 50)]
fn wizard_frame(bencher: Bencher, bytes: usize) {
    let (app, mut terminal) = wizard(bytes);
    bencher.bench_local(|| {
        draw(&app, &mut terminal);
    });
}

/// One keystroke in that field: `update` with the key, then the frame.
#[divan::bench(args = ANSWER_SIZES, sample_count = 50)]
fn keystroke(bencher: Bencher, bytes: usize) {
    bench_keystroke(bencher, wizard(bytes));
}

/// Rendering one frame of the review screen (readiness list with its gaps,
/// preview of the Markdown export) of a full generated record (every
/// question answered, 8 failure-mode rows), at 80x24 and 120x40.
#[divan::bench(args = ["80x24", "120x40"], sample_count = 50)]
fn review_frame(bencher: Bencher, size: &str) {
    let (width, height) = size.split_once('x').expect("WxH");
    let size = (
        width.parse().expect("width"),
        height.parse().expect("height"),
    );
    let set = production().clone();
    let record = synth::record_with_rows(&set, 9, 8);
    let (app, mut terminal) = app_on(
        Session::new(set, record, None),
        size,
        preflight::tui::review::open,
    );
    bencher.bench_local(|| {
        draw(&app, &mut terminal);
    });
}

/// A record with 200 failure-mode rows.
fn big_record() -> Record {
    synth::record_with_rows(production(), 11, 200)
}

/// Benches `render`, one export of `record` with the record as the whole
/// store (the context is made inside the timed part, as an export makes it).
fn bench_export<T>(
    bencher: Bencher,
    record: Record,
    render: impl Fn(&Record, &export::ExportContext<'_>) -> T + Sync,
) {
    let all = [record.clone()];
    bencher.bench(|| black_box(render(&record, &export::ExportContext::single(&all))));
}

/// Exporting that record to Markdown.
#[divan::bench(sample_count = 50)]
fn export_markdown(bencher: Bencher) {
    bench_export(bencher, big_record(), |record, context| {
        export::markdown(production(), record, context, false)
    });
}

/// Exporting that record to HTML (a standalone page).
#[divan::bench(sample_count = 50)]
fn export_html(bencher: Bencher) {
    bench_export(bencher, big_record(), |record, context| {
        export::html(production(), record, context, true)
    });
}

/// `preflight export --all --out OUT` of the store at `root`, run in this
/// process through the real command line.
fn export_all_into(root: &Path, out: &Path) -> u8 {
    let cli = preflight::cli::Cli::try_parse_from([
        "preflight".as_ref(),
        "--quiet".as_ref(),
        "--no-config".as_ref(),
        "--store".as_ref(),
        root.as_os_str(),
        "export".as_ref(),
        "--all".as_ref(),
        "--out".as_ref(),
        out.as_os_str(),
    ])
    .expect("arguments");
    preflight::cli::run(cli).expect("export --all")
}

/// `preflight export --all --out DIR` into an empty folder (the store's
/// records already have their published names: a warm-up export gave them).
#[divan::bench(args = SIZES, sample_count = 3, sample_size = 1)]
fn export_all(bencher: Bencher, records: usize) {
    let root = store(records).root().to_path_buf();
    let warm = tempfile::tempdir().expect("temp dir");
    export_all_into(&root, &warm.path().join("wiki"));
    bencher
        .with_inputs(|| tempfile::tempdir().expect("temp dir"))
        .bench_local_values(|dir| {
            export_all_into(&root, &dir.path().join("wiki"));
            dir
        });
}

/// `preflight export --all --out DIR` again into the folder of an earlier
/// export, nothing changed: the export manifest skips every page (after the
/// warm-up exports have recorded every page's stamp).
#[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
fn export_all_again(bencher: Bencher, records: usize) {
    let root = store(records).root().to_path_buf();
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("wiki");
    export_all_into(&root, &out);
    // Stamps younger than two seconds are not trusted: let them age.
    std::thread::sleep(std::time::Duration::from_millis(2100));
    export_all_into(&root, &out);
    bencher.bench_local(|| export_all_into(&root, &out));
}

/// The deep shapes of docs/robustness.md ("Deep nesting"): 16,000 `>` and
/// 32,000 `- ` as a Markdown answer.
fn deep_answer(shape: &str) -> String {
    match shape {
        "quotes_16000" => ">".repeat(16_000),
        _ => "- ".repeat(32_000) + "deep",
    }
}

/// Exporting a record whose pre-mortem is one of the deep shapes.
#[divan::bench(args = ["quotes_16000", "lists_32000"], sample_count = 10, sample_size = 1)]
fn export_deep_answer(bencher: Bencher, shape: &str) {
    let set = production();
    let mut record = big_record();
    let field = set.field("premortem").expect("premortem field").clone();
    record.set_answer(&field, Some(Answer::Text(deep_answer(shape))));
    bench_export(bencher, record, |record, context| {
        export::markdown(set, record, context, false)
    });
}

/// One keystroke in the wizard when every section's guidance is 30,000
/// nested `- `: `update` with the key, then the frame.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn keystroke_deep_guidance(bencher: Bencher) {
    let mut set = production().clone();
    for section in &mut set.sections {
        section.guidance = "- ".repeat(30_000) + "Ask who is paged.";
    }
    let record = synth::record_with_rows(&set, 9, 8);
    bench_keystroke(bencher, wizard_on(Session::new(set, record, None)));
}

/// The three versions a merge of one large record sees: `rows` failure
/// modes in the base; ours edits a cell near the top, adds a row and
/// changes the title; theirs edits a cell near the bottom, adds another row
/// and takes the record to proposed.
fn merge_sides(rows: usize) -> (serde_json::Value, serde_json::Value, serde_json::Value) {
    let base = synth::record_with_rows(production(), 11, rows);
    let mut ours = base.clone();
    let mut theirs = base.clone();
    let edit = |record: &mut Record, at: usize, text: &str| {
        if let Some(Answer::Rows(rows)) = record.answers.get_mut("failure_modes") {
            let at = at.min(rows.len().saturating_sub(1));
            if let Some(row) = rows.get_mut(at) {
                row.insert("trigger".into(), Answer::Text(text.into()));
            }
            let mut new = rows.first().cloned().unwrap_or_default();
            new.insert("component".into(), Answer::Text(format!("added: {text}")));
            rows.push(new);
        }
    };
    edit(&mut ours, 3, "ours");
    ours.title = "Retitled on our branch".into();
    edit(&mut theirs, rows - 3, "theirs");
    theirs.set_status(
        preflight::record::Status::Proposed,
        "bench",
        Timestamp::UNIX_EPOCH,
    );
    let json = |r: &Record| serde_json::to_value(r).expect("json");
    (json(&base), json(&ours), json(&theirs))
}

/// The merge driver's work on one record with `rows` failure modes, both
/// sides changed (the rows merged as sequences, no conflict).
#[divan::bench(args = [200, 2_000], sample_count = 20)]
fn merge_record(bencher: Bencher, rows: usize) {
    let (base, ours, theirs) = merge_sides(rows);
    bencher.bench(|| {
        let merged = preflight::merge::merge_json(Some(&base), &ours, &theirs);
        assert!(merged.conflicts.is_empty());
        black_box(merged)
    });
}

/// A git repository whose `.preflight/` holds a generated store of
/// `records` records, committed on `main`, and a branch `change` checked
/// out with one record edited and committed: what a pull request's CI job
/// sees. Made on first use, then reused.
fn repo_with_one_change(records: usize) -> PathBuf {
    let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("repos")
        .join(format!("v{}-seed1-{records}", synth::VERSION));
    if root.join(".git").is_dir() {
        return root;
    }
    let partial = root.with_extension("partial");
    let _ = std::fs::remove_dir_all(&partial);
    let store = Store::at(partial.join(".preflight"), StoreOrigin::Repo);
    synth::generate(&store, production(), synth::Options { records, seed: 1 })
        .expect("generate store");
    let git = |args: &[&str]| {
        let status = std::process::Command::new("git")
            .current_dir(&partial)
            .args([
                "-c",
                "user.name=bench",
                "-c",
                "user.email=bench@example.com",
            ])
            .args(["-c", "commit.gpgsign=false"])
            .args(args)
            .stdout(std::process::Stdio::null())
            .status()
            .expect("run git (the benchmark needs it)");
        assert!(status.success(), "git {args:?}");
    };
    git(&["init", "--quiet", "-b", "main"]);
    std::fs::write(partial.join(".gitignore"), ".preflight/.cache/\n").expect("ignore");
    git(&["add", "-A"]);
    git(&["commit", "--quiet", "-m", "store"]);
    git(&["switch", "--quiet", "-c", "change"]);
    let id = store.ids().expect("ids")[records / 2].clone();
    let mut record = store.load(&id).expect("load");
    record.title.push_str(" (revised)");
    store.save(&record).expect("save");
    git(&["commit", "--quiet", "-am", "revise one record"]);
    std::fs::rename(&partial, &root).expect("move repo into place");
    root
}

/// The built `preflight ARGS` run as a process in `dir` (as a user or CI
/// runs it), output discarded; its exit code (1: `check` found gaps).
fn preflight_process<S: AsRef<OsStr>>(dir: &Path, args: &[S]) -> Option<i32> {
    std::process::Command::new(env!("CARGO_BIN_EXE_preflight"))
        .current_dir(dir)
        .env_remove("PREFLIGHT_STORE")
        .env(
            "PREFLIGHT_CONFIG_DIR",
            std::env::temp_dir().join("preflight-bench-config"),
        )
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .expect("run preflight")
        .code()
}

/// `preflight check ARGS` run as a process in `repo`.
fn check_process(repo: &Path, args: &[&str]) -> Option<i32> {
    let args: Vec<&str> = std::iter::once("check")
        .chain(args.iter().copied())
        .collect();
    preflight_process(repo, &args)
}

/// `preflight --store STORE ARGS` as a process.
fn on_store(store: &Path, args: &[&str]) -> Option<i32> {
    let mut all: Vec<&OsStr> = vec!["--store".as_ref(), store.as_os_str()];
    all.extend(args.iter().map(|a| OsStr::new(*a)));
    preflight_process(store, &all)
}

/// The record the one-record rows use: in every generated store (seed 1)
/// it supersedes one record and is superseded by another, so its page has
/// linked titles and a backlink. Another record if the generator changed.
fn one_id(store: &Store) -> String {
    let ids = store.ids().expect("ids");
    ids.iter()
        .find(|id| id.as_str() == "jkct830azw6k6sn4")
        .unwrap_or(&ids[ids.len() / 2])
        .as_str()
        .to_string()
}

/// `preflight COMMAND ID` as a process on the store of `records` records,
/// its list index warm.
fn one_record_process(bencher: Bencher, records: usize, command: &str) {
    let store = store(records);
    let id = one_id(&store);
    on_store(store.root(), &["list"]);
    bencher.bench(|| black_box(on_store(store.root(), &[command, &id])));
}

/// `preflight show ID`: one record as text, as a process.
#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
fn show_one(bencher: Bencher, records: usize) {
    one_record_process(bencher, records, "show");
}

/// `preflight export ID`: one record's Markdown page, as a process.
#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
fn export_one(bencher: Bencher, records: usize) {
    one_record_process(bencher, records, "export");
}

/// `preflight check ID`: one record's readiness, as a process.
#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
fn check_one(bencher: Bencher, records: usize) {
    one_record_process(bencher, records, "check");
}

/// `preflight status ID STATUS`, as a process, on a copy of the store (it
/// writes): each sample changes the status, alternating between two.
#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
fn status_one(bencher: Bencher, records: usize) {
    let source = store(records);
    let id = one_id(&source);
    let dir = tempfile::tempdir().expect("temp dir");
    let records_dir = dir.path().join("records");
    std::fs::create_dir(&records_dir).expect("records folder");
    for entry in std::fs::read_dir(source.root().join("records")).expect("records") {
        let entry = entry.expect("entry");
        std::fs::copy(entry.path(), records_dir.join(entry.file_name())).expect("copy");
    }
    // Let the copies' stamps age (younger ones are not indexed), then index.
    std::thread::sleep(std::time::Duration::from_millis(2100));
    on_store(dir.path(), &["list"]);
    let mut flip = false;
    bencher.bench_local(|| {
        flip = !flip;
        let status = if flip { "deprecated" } else { "superseded" };
        black_box(on_store(dir.path(), &["--quiet", "status", &id, status]))
    });
}

/// `preflight list` as a process on a fresh clone: no `.cache/` (no list
/// index), so every record is read; the index is removed before each sample.
#[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
fn list_fresh_clone(bencher: Bencher, records: usize) {
    let store = store(records);
    let cache = store.root().join(".cache").join("list-index.json");
    bencher
        .with_inputs(|| {
            let _ = std::fs::remove_file(&cache);
        })
        .bench_local_values(|()| black_box(on_store(store.root(), &["list"])));
}

/// The floor for a fresh clone's `list`: reading every record file's bytes
/// (what `cat records/*.json` does), in this process.
#[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
fn read_every_record_file(bencher: Bencher, records: usize) {
    let records_dir = store(records).root().join("records");
    bencher.bench(|| {
        let mut bytes = 0usize;
        for entry in std::fs::read_dir(&records_dir).expect("records") {
            bytes += std::fs::read(entry.expect("entry").path())
                .expect("read")
                .len();
        }
        black_box(bytes)
    });
}

/// `preflight check` of every record, as a process (exit 1: gaps found).
#[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
fn check_all_process(bencher: Bencher, records: usize) {
    let store = store(records);
    on_store(store.root(), &["list"]);
    bencher.bench(|| black_box(on_store(store.root(), &["check"])));
}

/// A pull request's gate: `preflight check --changed-since main` in a
/// 2,000-record repository where the branch changed one record. Reads the
/// one changed record, the list index (warm, as on a laptop or a cached CI
/// job) for store-wide problems, and asks git for the merge base and diff.
#[divan::bench(args = [2_000], sample_count = 10, sample_size = 1)]
fn check_changed_since(bencher: Bencher, records: usize) {
    let repo = repo_with_one_change(records);
    check_process(&repo, &["--changed-since", "main"]);
    bencher.bench(|| black_box(check_process(&repo, &["--changed-since", "main"])));
}

/// The same repository checked whole: `preflight check`, every record read
/// and checked (what a CI job had to run before `--changed-since`).
#[divan::bench(args = [2_000], sample_count = 10, sample_size = 1)]
fn check_whole_store(bencher: Bencher, records: usize) {
    let repo = repo_with_one_change(records);
    check_process(&repo, &[]);
    bencher.bench(|| black_box(check_process(&repo, &[])));
}
