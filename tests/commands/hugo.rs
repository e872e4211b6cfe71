//! A real Hugo build of `export --all --front-matter --index-name _index`:
//! every record becomes a page and the index the section's list page
//! (an `index.md` would make the folder a leaf bundle and hide the other
//! pages), and Hugo shortcodes and Liquid typed into a record show as text
//! instead of running (an unknown shortcode would fail the whole build).
//!
//! Hugo comes from Debian (`.ci/run` installs it). Without it the test
//! skips loudly, except under CI, where it fails.

use std::fs;
use std::process::Command;

use super::publish::{export_all, sample_world};
use crate::common::skip_unless_ci;

fn hugo_available() -> bool {
    if Command::new("hugo")
        .arg("version")
        .output()
        .is_ok_and(|o| o.status.success())
    {
        return true;
    }
    skip_unless_ci(
        "a_hugo_site_builds_every_record_and_shows_shortcodes_as_text",
        "hugo is not installed: run `apt-get install hugo` (see .ci/run)",
    );
    false
}

#[test]
fn a_hugo_site_builds_every_record_and_shows_shortcodes_as_text() {
    if !hugo_available() {
        return;
    }
    let world = sample_world();
    let output = world.new_titled(
        "Shortcodes {{< gist a b >}}",
        r#"{"summary": "Embed {{< gist attacker 1 >}} and {{% unknown-shortcode %}}, or {{ site.Title }} {% include x.html %}"}"#,
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );

    let site = world.root().join("site");
    let content = site.join("content/decisions");
    export_all(
        &world,
        &content,
        &["--front-matter", "--index-name", "_index"],
    );
    assert!(content.join("_index.md").is_file());
    assert!(!content.join("index.md").exists());
    fs::write(
        site.join("config.toml"),
        "baseURL = \"https://wiki.example/\"\n\
         disableKinds = [\"taxonomy\", \"term\", \"RSS\", \"sitemap\", \"robotsTXT\", \"404\"]\n\
         [markup.goldmark.renderer]\n\
         unsafe = true\n",
    )
    .unwrap();
    let layouts = site.join("layouts/_default");
    fs::create_dir_all(&layouts).unwrap();
    fs::write(
        layouts.join("single.html"),
        "<h1>{{ .Title }}</h1>{{ .Content }}",
    )
    .unwrap();
    fs::write(
        layouts.join("list.html"),
        "{{ .Content }}{{ range .Pages }}<p>{{ .Title }}</p>{{ end }}",
    )
    .unwrap();
    let output = Command::new("hugo")
        .args(["--quiet", "--source"])
        .arg(&site)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "hugo failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );

    let public = site.join("public/decisions");
    let mut pages = 0;
    for entry in fs::read_dir(&content).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        let Some(stem) = name.strip_suffix(".md") else {
            continue;
        };
        if stem == "_index" {
            continue;
        }
        let page = public.join(stem).join("index.html");
        assert!(page.is_file(), "no page for {name}");
        pages += 1;
    }
    assert_eq!(pages, 4, "the three sample records and the new one");
    let list = fs::read_to_string(public.join("index.html")).expect("the section page");
    assert!(list.contains("<table>"), "the index table: {list}");

    let page = fs::read_to_string(public.join("shortcodes-gist-a-b/index.html"))
        .or_else(|_| {
            fs::read_dir(&public)
                .unwrap()
                .map(|e| e.unwrap().path().join("index.html"))
                .find(|p| fs::read_to_string(p).is_ok_and(|t| t.contains("attacker")))
                .map(fs::read_to_string)
                .expect("the page of the new record")
        })
        .unwrap();
    assert!(!page.contains("<script"), "{page}");
    assert!(!page.contains("gist.github"), "{page}");
    for shown in [
        "{{&lt; gist attacker 1 &gt;}}",
        "{{% unknown-shortcode %}}",
        "{{ site.Title }}",
        "{% include x.html %}",
    ] {
        assert!(page.contains(shown), "{shown:?} shows as text: {page}");
    }
}
