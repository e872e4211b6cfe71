//! `preflight show` and `preflight export` (Markdown and JSON, stdout and
//! `--out`).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use preflight::export::to_markdown;
use preflight::store::{parse_record, record_to_json};

use crate::common::{
    World, assert_stderr_says, file_names, production_set, sample_record, stderr, stdout,
};

const SAMPLE_ID: &str = "s3ss10nsr3d1s000";

fn world_with_sample() -> World {
    let world = World::new();
    world.write_record(&sample_record());
    world
}

/// The Markdown the library makes for the record file as stored.
fn library_markdown(world: &World, id: &str) -> String {
    let path = world.record_path(id);
    let record = parse_record(&fs::read_to_string(&path).unwrap(), &path).unwrap();
    to_markdown(&production_set(), &record)
}

/// `preflight export ARGS… --out OUT`.
fn export_out(world: &World, args: &[&str], out: &Path) -> Output {
    world
        .cmd()
        .arg("export")
        .args(args)
        .arg("--out")
        .arg(out)
        .output()
        .expect("run preflight export")
}

/// An empty `wiki/` folder in the world, to export into.
fn wiki(world: &World) -> PathBuf {
    let dir = world.root().join("wiki");
    fs::create_dir(&dir).expect("make wiki/");
    dir
}

#[test]
fn show_prints_the_record_as_readable_text() {
    let world = world_with_sample();
    let output = world.cmd().args(["show", "s3ss1"]).output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let out = stdout(&output);
    let record = sample_record();
    assert!(
        out.starts_with(&format!("{}\n", record["title"].as_str().unwrap())),
        "{out}"
    );
    assert!(out.contains("Dana Ruiz"), "{out}");
    let set = production_set();
    let questions = set.question_count();
    for (index, section) in set.sections.iter().enumerate() {
        let heading = match set.question_number(index) {
            Some(n) => format!("Question {n} of {questions} · {}", section.title),
            None => section.title.clone(),
        };
        assert!(out.contains(&heading), "{heading:?} missing from\n{out}");
    }
    assert!(
        out.contains("UNKNOWN (no synthetic check yet)"),
        "the sample's unknown detection is shown: {out}"
    );
    assert!(!out.contains("**"), "no Markdown syntax in show: {out}");
}

#[test]
fn export_writes_markdown_to_stdout() {
    let world = world_with_sample();
    let output = world.cmd().args(["export", SAMPLE_ID]).output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(stdout(&output), library_markdown(&world, SAMPLE_ID));
    assert!(stdout(&output).starts_with("# Move user sessions from Postgres to Redis\n"));
}

#[test]
fn export_json_round_trips_the_stored_file() {
    let world = world_with_sample();
    // Store it the way preflight writes records, then compare bytes.
    let path = world.record_path(SAMPLE_ID);
    let record = parse_record(&fs::read_to_string(&path).unwrap(), &path).unwrap();
    preflight::store::Store::at(world.store(), preflight::store::StoreOrigin::Flag)
        .save(&record)
        .unwrap();
    let stored = fs::read(&path).unwrap();

    let output = world
        .cmd()
        .args(["export", "--format", "json", SAMPLE_ID])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        String::from_utf8(stored).unwrap(),
        "export --format json must print the stored JSON exactly"
    );
    let reparsed = parse_record(&stdout(&output), Path::new("stdout")).unwrap();
    assert_eq!(reparsed, record);
}

#[test]
fn export_out_writes_the_file_and_nothing_else() {
    let world = world_with_sample();
    let out_dir = wiki(&world);
    let out = out_dir.join("sessions.md");

    let output = export_out(&world, &[SAMPLE_ID], &out);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stdout(&output).is_empty(), "nothing on stdout with --out");
    assert!(stderr(&output).contains(&out.display().to_string()));
    assert_eq!(
        fs::read_to_string(&out).unwrap(),
        library_markdown(&world, SAMPLE_ID)
    );
    assert_eq!(
        file_names(&out_dir),
        ["sessions.md"],
        "no temporary files left behind"
    );

    // Overwriting replaces the content completely.
    fs::write(
        &out,
        "old content that is much longer than nothing ".repeat(500),
    )
    .unwrap();
    let output = export_out(&world, &[SAMPLE_ID, "--format", "json"], &out);
    assert!(output.status.success(), "{}", stderr(&output));
    let path = world.record_path(SAMPLE_ID);
    let record = parse_record(&fs::read_to_string(&path).unwrap(), &path).unwrap();
    assert_eq!(
        fs::read_to_string(&out).unwrap(),
        String::from_utf8(record_to_json(&record)).unwrap()
    );
    assert_eq!(file_names(&out_dir), ["sessions.md"]);
}

#[cfg(unix)]
#[test]
fn export_out_files_get_ordinary_permissions() {
    use std::os::unix::fs::PermissionsExt;

    let world = world_with_sample();
    let dir = wiki(&world);
    // What a plain file create gives under this process's umask, which the
    // child inherits.
    let reference = dir.join("reference");
    fs::File::create(&reference).unwrap();
    let ordinary = fs::metadata(&reference).unwrap().permissions().mode() & 0o777;

    let fresh = dir.join("fresh.md");
    let output = export_out(&world, &[SAMPLE_ID], &fresh);
    assert!(output.status.success(), "{}", stderr(&output));
    let mode = fs::metadata(&fresh).unwrap().permissions().mode() & 0o777;
    assert_eq!(
        mode, ordinary,
        "a new export is {mode:o}, not {ordinary:o} like any new file"
    );

    let existing = dir.join("existing.md");
    fs::write(&existing, "old").unwrap();
    fs::set_permissions(&existing, fs::Permissions::from_mode(0o640)).unwrap();
    let output = export_out(&world, &[SAMPLE_ID], &existing);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        fs::metadata(&existing).unwrap().permissions().mode() & 0o777,
        0o640,
        "replacing a file keeps its mode"
    );
}

#[test]
fn export_out_to_a_folder_is_an_error() {
    let world = world_with_sample();
    let dir = wiki(&world);
    let output = export_out(&world, &[SAMPLE_ID], &dir);
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(err.contains(&dir.display().to_string()), "{err}");
    assert!(err.contains("is a folder"), "{err}");
    assert!(
        file_names(&dir).is_empty(),
        "nothing written into the folder"
    );
}

#[test]
fn export_out_creates_missing_folders() {
    // The README's own `export 3kq9x --out docs/decisions/job-queue.md`
    // in a repository without docs/ yet.
    let world = world_with_sample();
    let out = world.root().join("docs/decisions/record.md");
    let output = export_out(&world, &[SAMPLE_ID], &out);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let written = std::fs::read_to_string(&out).expect("the file is written");
    assert!(written.starts_with("# "), "{written}");

    let folder = world.root().join("site/content/decisions");
    let output = export_out(&world, &["--all"], &folder);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(folder.join("index.md").is_file());
}

#[test]
fn export_of_a_record_whose_set_is_missing_says_which_set() {
    let world = World::new();
    let mut record = crate::common::record_fixture("qqqq000000000000", "Orphaned");
    record["set"]["id"] = "retired-set".into();
    world.write_record(&record);
    let output = world.run_exit(2, &["export", "qqqq000000000000"]);
    assert_stderr_says(&output, "\"retired-set\"");
    // JSON export does not need the set.
    world
        .cmd()
        .args(["export", "--format", "json", "qqqq000000000000"])
        .assert()
        .success();
}

#[test]
fn help_says_export_writes_markdown_html_or_json() {
    let world = World::new();
    let output = world.cmd().arg("--help").output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    let help = String::from_utf8_lossy(&output.stdout);
    let line = help
        .lines()
        .find(|l| l.trim_start().starts_with("export"))
        .unwrap_or_else(|| panic!("no export line in:\n{help}"));
    assert!(line.contains("Markdown (default), HTML or JSON"), "{line}");
}
