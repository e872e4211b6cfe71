//! `preflight import`: folders written with adr-tools, MADR 2.x/3.x/4.x and
//! log4brains (fixtures in tests/fixtures/import, the Nygard one made by
//! adr-tools itself) become records; a second import changes nothing; the
//! folder is never written; and an adr-layout export reads back in
//! adr-tools.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{Value, json};

use crate::common::{
    NOW, World, assert_stdout_says, copy_dir, repo_root, skip_unless_ci, stderr, stdout,
};

/// A fixture folder copied to `work/doc/adr` in the world; returns its path.
fn copy_fixture(world: &World, name: &str) -> PathBuf {
    let to = world.work().join("doc/adr");
    copy_dir(&repo_root().join("tests/fixtures/import").join(name), &to);
    to
}

/// Every record in the store, by the file it was imported from.
fn records_by_file(world: &World) -> BTreeMap<String, Value> {
    let mut out = BTreeMap::new();
    for name in world.record_files() {
        let Some(id) = name.strip_suffix(".json") else {
            continue;
        };
        let record = world.read_record(id);
        let file = record["imported"]["file"]
            .as_str()
            .unwrap_or(id)
            .to_string();
        out.insert(file, record);
    }
    out
}

/// Every file under `dir` with its bytes.
fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(tree(&path));
        } else {
            out.insert(path.clone(), fs::read(&path).unwrap());
        }
    }
    out
}

fn links(record: &Value) -> Vec<(String, String)> {
    record["links"]
        .as_array()
        .map(|links| {
            links
                .iter()
                .map(|l| {
                    (
                        l["kind"].as_str().unwrap().to_string(),
                        l["target"].as_str().unwrap().to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

fn lines_starting(text: &str, word: &str) -> usize {
    text.lines().filter(|l| l.starts_with(word)).count()
}

fn id(record: &Value) -> String {
    record["id"].as_str().unwrap().to_string()
}

fn part<'a>(record: &'a Value, field: &str) -> &'a str {
    record["imported"]["answers"][field].as_str().unwrap_or("")
}

#[test]
fn nygard_folder_keeps_numbers_titles_dates_statuses_links_and_text() {
    let world = World::new();
    copy_fixture(&world, "nygard");
    let out = world.run(&["import", "doc/adr"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        lines_starting(&stdout(&out), "created"),
        5,
        "{}",
        stdout(&out)
    );
    let records = records_by_file(&world);
    assert_eq!(records.len(), 5);

    let old = &records["0002-use-postgresql-for-orders.md"];
    assert_eq!(old["title"], "Use PostgreSQL for orders");
    assert_eq!(old["number"], 2);
    assert_eq!(old["slug"], "use-postgresql-for-orders");
    assert_eq!(old["created"], "2019-04-11T00:00:00Z");
    assert_eq!(
        old["status"], "superseded",
        "adr-tools' 'Superceded by' spelling"
    );
    assert_eq!(
        old["imported"]["status"],
        "Superceded by [4. Use Memcached for sessions](0004-use-memcached-for-sessions.md)"
    );
    assert_eq!(old["imported"]["folder"], "work/doc/adr");
    assert_eq!(old["imported"]["format"], "nygard");

    // Each link is stored once, on the record that supersedes or amends.
    let new = &records["0004-use-memcached-for-sessions.md"];
    assert_eq!(new["status"], "accepted");
    assert_eq!(links(new), [("supersedes".to_string(), id(old))]);
    assert!(links(old).is_empty());
    let amended = &records["0003-use-redis-for-sessions.md"];
    let amending = &records["0005-cache-warmup-on-deploy.md"];
    assert_eq!(links(amending), [("amends".to_string(), id(amended))]);
    assert!(links(amended).is_empty());
    // `show` reads the reverse side.
    let shown = stdout(&world.run(&["show", &id(old)]));
    assert!(
        shown.contains("Superseded by 4. Use Memcached for sessions"),
        "{shown}"
    );

    // Prose is kept whole, code blocks and all.
    assert_eq!(
        part(amended, "context"),
        "Session lookups are 90% of database reads. Logins slow down when the nightly billing job runs.\n\n```sh\n## this is a shell comment, not a heading\nredis-cli info stats\n```"
    );
    assert_eq!(
        part(amended, "decision"),
        "We will move sessions to a managed Redis with a 24-hour expiry."
    );
    assert!(part(old, "consequences").starts_with("- One database to back up"));

    // Nothing in the text answers the four questions: they stay blank, and
    // `check` lists what each past decision never considered.
    for record in records.values() {
        assert_eq!(record["answers"], json!({}), "{}", record["title"]);
    }
    let check = world.run(&["check", &id(new)]);
    assert_eq!(check.status.code(), Some(1), "{}", stderr(&check));
    let report = stdout(&check);
    assert!(report.contains("Failure modes"), "{report}");
    assert!(report.contains("Primary owner"), "{report}");
}

#[test]
fn a_second_import_changes_nothing_and_update_takes_changed_files_in() {
    let world = World::new();
    let dir = copy_fixture(&world, "nygard");
    assert!(world.run(&["import", "doc/adr"]).status.success());
    let before = tree(&world.records());

    let again = world.run(&["import", "doc/adr"]);
    assert!(again.status.success(), "{}", stderr(&again));
    assert_eq!(
        lines_starting(&stdout(&again), "unchanged"),
        5,
        "{}",
        stdout(&again)
    );
    assert!(stdout(&again).contains("0 created, 0 updated, 0 linked, 5 unchanged"));
    assert_eq!(tree(&world.records()), before, "a re-import wrote nothing");

    // Someone answers a question in preflight; then the file changes.
    let records = records_by_file(&world);
    let redis = id(&records["0003-use-redis-for-sessions.md"]);
    let mut record = world.read_record(&redis);
    record["answers"]["summary"] = json!("Typed in preflight.");
    // ...and `doctor --fix` gave it another number after a clash.
    record["number"] = json!(42);
    world.write_record(&record);
    let file = dir.join("0003-use-redis-for-sessions.md");
    let text = fs::read_to_string(&file).unwrap();
    fs::write(
        &file,
        text.replace("sign in again.", "sign in again, once."),
    )
    .unwrap();

    let changed = world.run(&["import", "doc/adr"]);
    assert!(changed.status.success(), "{}", stderr(&changed));
    assert_stdout_says(&changed, "add --update to take the changes in");
    let kept = world.read_record(&redis);
    assert!(part(&kept, "consequences").ends_with("sign in again."));

    let dry = world.run(&["import", "doc/adr", "--update", "--dry-run"]);
    assert_stdout_says(&dry, "would update");
    assert_eq!(world.read_record(&redis), kept, "--dry-run wrote nothing");

    let updated = world.run(&["import", "doc/adr", "--update"]);
    assert!(updated.status.success(), "{}", stderr(&updated));
    assert_stdout_says(&updated, "updated");
    let after = world.read_record(&redis);
    assert!(part(&after, "consequences").ends_with("sign in again, once."));
    assert_eq!(after["answers"]["summary"], "Typed in preflight.");
    assert_eq!(after["number"], 42, "a renumbered record keeps its number");
    assert_eq!(after["slug"], "use-redis-for-sessions");
    assert_eq!(after["id"], kept["id"]);
    assert_eq!(world.record_files().len(), 5, "updated in place, not added");
    let last = world.run(&["import", "doc/adr"]);
    assert_eq!(lines_starting(&stdout(&last), "unchanged"), 5);
}

#[test]
fn the_imported_folder_is_only_ever_read() {
    let world = World::new();
    let dir = copy_fixture(&world, "awkward");
    let before = tree(&dir);
    world.run(&["import", "doc/adr", "--dry-run"]);
    assert!(world.record_files().is_empty(), "--dry-run made records");
    world.run(&["import", "doc/adr"]);
    world.run(&["import", "doc/adr", "--update"]);
    world.run(&["export", "--all", "--layout", "adr", "--out", "out"]);
    assert_eq!(tree(&dir), before);
}

#[test]
fn awkward_files_import_and_the_bad_ones_are_named_with_the_reason() {
    let world = World::new();
    copy_fixture(&world, "awkward");
    let out = world.run(&["import", "doc/adr"]);
    assert_eq!(out.status.code(), Some(2), "a file failed: exit 2");
    let err = stderr(&out);
    for expected in [
        "doc/adr/0007-broken-front-matter.md: the front matter starting on line 1 never ends",
        "doc/adr/0008-not-utf8.md: line 1, column 9: byte 0xE9 is not UTF-8 text",
        "doc/adr/meeting-notes.md: not a decision record in a known format",
        "doc/adr/0001-missing-date.md: no date: the import date is used",
        "doc/adr/use-a-feature-flag-service.md: the file has no number: numbered 9",
        "3 files could not be imported",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in\n{err}");
    }
    assert_stdout_says(&out, "skipped README.md");
    let records = records_by_file(&world);
    assert_eq!(records.len(), 6, "the rest imported: {:?}", records.keys());

    assert_eq!(records["0001-missing-date.md"]["created"], NOW);
    assert!(records["0001-missing-date.md"]["imported"]["date"].is_null());

    let dated = &records["0002-status-with-date.md"];
    assert_eq!(dated["status"], "accepted");
    assert_eq!(
        dated["created"], "2021-03-04T00:00:00Z",
        "date from the status line"
    );

    let cron = &records["0003-status-with-link.md"];
    let reordered = &records["0004-headings-in-another-order.md"];
    assert_eq!(cron["status"], "superseded");
    assert_eq!(links(reordered), [("supersedes".to_string(), id(cron))]);
    // CRLF file, Status last and Decision before Context.
    assert_eq!(reordered["status"], "accepted");
    assert_eq!(reordered["created"], "2021-06-30T00:00:00Z");
    assert_eq!(
        part(reordered, "context"),
        "The utility host is a single point of failure."
    );
    assert!(!serde_json::to_string(reordered).unwrap().contains("\\r"));

    let flags = &records["use-a-feature-flag-service.md"];
    assert_eq!(
        flags["number"], 9,
        "after every number in the folder, failed files too"
    );
    assert_eq!(flags["status"], "proposed");
    assert_eq!(
        part(flags, "other"),
        "## Rollout plan\n\nStart with the checkout team."
    );

    let money = &records["0006-front-matter-with-lists.md"];
    assert_eq!(money["imported"]["format"], "madr");
    assert_eq!(
        money["answers"]["decision_makers"],
        json!(["Priya Shah", "Marco Bianchi"])
    );
    assert_eq!(money["answers"]["consulted"], json!(["DBA on call"]));
    assert_eq!(
        money["answers"]["informed"],
        json!(["#payments", "#support"])
    );
    assert_eq!(money["tags"], json!(["storage", "payments"]));
    assert!(
        part(money, "decision").contains("### Consequences\n\n* Good, because sums are exact.")
    );

    let again = world.run(&["import", "doc/adr"]);
    assert_eq!(again.status.code(), Some(2));
    assert!(stdout(&again).contains("0 created, 0 updated, 0 linked, 6 unchanged"));
}

#[test]
fn a_named_format_reads_what_detection_refuses() {
    let world = World::new();
    let dir = world.work().join("notes");
    fs::create_dir_all(&dir).unwrap();
    fs::write(
        dir.join("0001-offsite.md"),
        "# 1. Offsite notes\n\n## Lunch\n\nPizza.\n",
    )
    .unwrap();
    let out = world.run(&["import", "notes"]);
    assert_eq!(out.status.code(), Some(2));
    let out = world.run(&["import", "notes", "--format", "nygard"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let records = records_by_file(&world);
    assert_eq!(
        part(&records["0001-offsite.md"], "other"),
        "## Lunch\n\nPizza."
    );
    let missing = world.run(&["import", "no-such-folder"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr(&missing).contains("no-such-folder is not a folder"));
}

#[test]
fn madr_2_3_and_4_import_with_people_links_and_parts() {
    let world = World::new();
    copy_fixture(&world, "madr2");
    let out = world.run(&["import", "doc/adr"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let r = records_by_file(&world);
    let pg = &r["0001-use-postgresql.md"];
    let crdb = &r["0002-use-cockroachdb.md"];
    assert_eq!(
        r["0000-use-markdown-architectural-decision-records.md"]["number"],
        0
    );
    assert_eq!(pg["status"], "superseded");
    assert_eq!(
        pg["answers"]["decision_makers"],
        json!(["Ann Lee", "Bo Chen"])
    );
    assert_eq!(
        links(crdb),
        [("supersedes".to_string(), id(pg))],
        "said on both sides, stored once"
    );
    assert_eq!(
        links(pg),
        [("relates-to".to_string(), id(crdb))],
        "Refined by"
    );
    assert_eq!(
        part(pg, "story"),
        "[ORD-112](https://tracker.example.com/ORD-112)"
    );
    assert_eq!(
        part(pg, "drivers"),
        "* Team knows SQL\n* Managed offering available"
    );
    assert!(part(pg, "pros_cons").contains("### MongoDB\n\n* Good, because flexible schema"));
    assert!(part(pg, "decision").contains("### Negative Consequences\n\n* Vertical scaling only."));

    let world = World::new();
    copy_fixture(&world, "madr3");
    assert!(world.run(&["import", "doc/adr"]).status.success());
    let r = records_by_file(&world);
    let kafka = &r["0001-use-kafka-for-events.md"];
    let avro = &r["0002-use-avro-schemas.md"];
    assert_eq!(
        kafka["answers"]["decision_makers"],
        json!(["Dana Ruiz", "Sam Lee"])
    );
    assert_eq!(kafka["answers"]["informed"], json!(["Everyone in #eng"]));
    assert!(part(kafka, "confirmation").starts_with("A consumer-lag dashboard"));
    assert_eq!(avro["status"], "proposed");
    assert_eq!(avro["answers"]["decision_makers"], json!(["Dana Ruiz"]));
    assert!(
        avro["answers"].get("consulted").is_none(),
        "an empty list is blank"
    );
    assert_eq!(links(avro), [("relates-to".to_string(), id(kafka))]);

    let world = World::new();
    copy_fixture(&world, "madr4");
    assert!(world.run(&["import", "doc/adr"]).status.success());
    let r = records_by_file(&world);
    let zipkin = &r["0002-use-zipkin-as-backend.md"];
    let tempo = &r["0003-use-tempo-as-backend.md"];
    assert_eq!(
        zipkin["status"], "superseded",
        "\"superseded by ADR-0003\", no link"
    );
    assert_eq!(links(tempo), [("supersedes".to_string(), id(zipkin))]);
    // A heading that is exactly a question's field label answers it; the
    // text stays in the imported part too. Nothing else is answered.
    let premortem = "It is March and nobody can find a trace: the bucket's lifecycle rule deleted everything older than a day.";
    assert_eq!(tempo["answers"]["premortem"], premortem);
    assert_eq!(
        part(tempo, "other"),
        format!("## Pre-mortem\n\n{premortem}")
    );
    assert_eq!(
        tempo["answers"].as_object().map(|a| a.len()),
        Some(2),
        "pre-mortem and decision makers only: {}",
        tempo["answers"]
    );
    let otel = &r["0001-use-opentelemetry.md"];
    assert_eq!(otel["imported"]["front_matter"]["team"], "platform");
    assert!(part(otel, "decision").contains("### Confirmation"));
    assert_eq!(part(otel, "more"), "See the tracing guide on the wiki.");
}

#[test]
fn log4brains_folder_imports_with_its_dated_names() {
    let world = World::new();
    copy_fixture(&world, "log4brains");
    let out = world.run(&["import", "doc/adr"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_stdout_says(&out, "skipped index.md, template.md");
    let r = records_by_file(&world);
    assert_eq!(r.len(), 4);
    let old = &r["20201028-superseded-adr.md"];
    let new = &r["20201029-superseder.md"];
    assert_eq!(old["imported"]["format"], "log4brains");
    assert_eq!(old["status"], "superseded");
    assert_eq!(old["answers"]["decision_makers"], json!(["Thomas", "Ana"]));
    assert_eq!(links(new), [("supersedes".to_string(), id(old))]);
    assert_eq!(new["tags"], json!(["backend", "frontend"]));
    assert_eq!(
        new["slug"], "20201029-superseder",
        "log4brains links keep working"
    );
    assert_eq!(
        part(new, "story"),
        "[#42](https://github.com/example/app/issues/42)"
    );
    let undated = &r["20201030-adr-without-date.md"];
    assert_eq!(undated["status"], "draft");
    assert_eq!(
        undated["created"], "2020-10-30T00:00:00Z",
        "date from the file name"
    );
    assert!(undated.get("number").is_none(), "drafts are not numbered");
    assert_eq!(
        old["number"], 2,
        "unnumbered files are numbered in date order"
    );
}

#[test]
fn list_imported_shows_only_imported_records_and_their_files() {
    let world = World::new();
    world.new_record("Written in preflight");
    copy_fixture(&world, "nygard");
    assert!(world.run(&["import", "doc/adr"]).status.success());
    let all = stdout(&world.run(&["list"]));
    assert!(all.contains("Written in preflight"));
    let imported = stdout(&world.run(&["list", "--imported"]));
    assert!(!imported.contains("Written in preflight"), "{imported}");
    assert_eq!(
        imported.matches("[imported from work/doc/adr/").count(),
        5,
        "{imported}"
    );
    let json: Value =
        serde_json::from_str(&stdout(&world.run(&["list", "--imported", "--json"]))).unwrap();
    let files: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["imported_from"].as_str().unwrap())
        .collect();
    assert!(
        files.contains(&"work/doc/adr/0004-use-memcached-for-sessions.md"),
        "{files:?}"
    );
}

#[test]
fn madr_front_matter_keys_survive_an_export_with_front_matter() {
    use yaml_rust2::{Yaml, YamlLoader};
    for (folder, file, keys) in [
        (
            "madr3",
            "use-kafka-for-events.md",
            &["status", "date", "deciders", "consulted", "informed"][..],
        ),
        (
            "madr4",
            "use-opentelemetry.md",
            &[
                "status",
                "date",
                "decision-makers",
                "consulted",
                "informed",
                "team",
            ][..],
        ),
    ] {
        let world = World::new();
        copy_fixture(&world, folder);
        assert!(world.run(&["import", "doc/adr"]).status.success());
        let out = world.run(&["export", "--all", "--front-matter", "--out", "site"]);
        assert!(out.status.success(), "{}", stderr(&out));
        let text = fs::read_to_string(world.work().join("site").join(file)).unwrap();
        let yaml = text.split("---\n").nth(1).expect("front matter");
        let doc = &YamlLoader::load_from_str(yaml).unwrap()[0];
        for key in keys {
            assert!(
                !doc[*key].is_badvalue(),
                "{folder}: key {key} missing in\n{yaml}"
            );
        }
        assert_eq!(doc["status"], Yaml::String("accepted".into()));
        // The original's own subheadings sit one level under the part's
        // heading (markdownlint MD001), not two.
        assert!(!text.contains("\n#### "), "{text}");
        assert!(
            text.contains("## Context\n\n"),
            "the original text is exported:\n{text}"
        );
    }
}

/// The `adr` command from adr-tools, or a loud skip (a failure under CI).
fn adr_tools() -> Option<PathBuf> {
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join("adr"))
            .find(|path| path.is_file())
    });
    if found.is_none() {
        skip_unless_ci(
            "imported_nygard_folder_round_trips_through_adr_tools",
            "adr-tools is not installed (Debian: apt-get install adr-tools)",
        );
    }
    found
}

/// Runs `adr ARGS` with its decision folder set to `folder`.
fn adr(bin: &Path, folder: &Path, args: &[&str]) -> String {
    let cwd = tempfile::tempdir().unwrap();
    fs::write(cwd.path().join(".adr-dir"), folder.to_str().unwrap()).unwrap();
    let out = Command::new(bin)
        .args(args)
        .current_dir(cwd.path())
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .output()
        .expect("run adr");
    assert!(out.status.success(), "adr {args:?}: {}", stderr(&out));
    stdout(&out).replace(folder.to_str().unwrap(), "DIR")
}

/// A file's number-title line, Date line, status word and link lines, with
/// adr-tools' old spelling of "superseded" made current.
fn adr_facts(text: &str) -> (String, String, String, Vec<String>) {
    let text = text.replace("Superceded", "Superseded");
    let title = text.lines().next().unwrap_or_default().to_string();
    let date = text
        .lines()
        .find(|l| l.starts_with("Date: "))
        .unwrap_or_default()
        .to_string();
    let status = text.split("## Status\n\n").nth(1).unwrap_or_default();
    let status = status.split("\n## ").next().unwrap_or_default();
    let paragraphs: Vec<&str> = status.split("\n\n").map(str::trim).collect();
    let links: Vec<String> = paragraphs
        .iter()
        .filter(|p| p.contains("]("))
        .filter(|p| !p.starts_with("- "))
        .map(|p| p.to_string())
        .collect();
    let word = paragraphs.iter().find(|p| !p.contains("](")).map_or_else(
        || "Superseded".to_string(),
        |p| p.split_whitespace().next().unwrap_or_default().to_string(),
    );
    (title, date, word, links)
}

#[test]
fn imported_nygard_folder_round_trips_through_adr_tools() {
    let Some(bin) = adr_tools() else {
        return;
    };
    let world = World::new();
    let source = copy_fixture(&world, "nygard");
    assert!(world.run(&["import", "doc/adr"]).status.success());
    let records = tree(&world.records());
    let out = world.run(&["export", "--all", "--layout", "adr", "--out", "exported"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        tree(&world.records()),
        records,
        "the export assigned nothing"
    );
    let exported = world.work().join("exported");

    // adr-tools itself lists and indexes the export as it does the source.
    assert_eq!(
        adr(&bin, &exported, &["list"]),
        adr(&bin, &source, &["list"])
    );
    let toc = adr(&bin, &exported, &["generate", "toc"]);
    assert_eq!(toc, adr(&bin, &source, &["generate", "toc"]));
    assert!(toc.contains("* [4. Use Memcached for sessions](0004-use-memcached-for-sessions.md)"));
    assert_eq!(
        adr(&bin, &exported, &["generate", "graph"]),
        adr(&bin, &source, &["generate", "graph"]),
        "same titles, numbers and links as adr-tools reads them"
    );

    // Same numbers, titles, dates, statuses and links, file by file.
    for (path, bytes) in tree(&source) {
        let name = path.file_name().unwrap();
        let again = fs::read_to_string(exported.join(name)).unwrap();
        let (title, date, status, links) = adr_facts(&String::from_utf8(bytes).unwrap());
        let (title2, date2, status2, links2) = adr_facts(&again);
        assert_eq!((&title, &date), (&title2, &date2), "{name:?}");
        assert_eq!(status.to_lowercase(), status2.to_lowercase(), "{name:?}");
        assert_eq!(links, links2, "{name:?}");
    }
}
