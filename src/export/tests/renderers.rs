//! The renderer matrix: the Markdown export as the wikis teams publish
//! with would show it. Each renderer turns the sample wiki and a page per
//! hostile payload (every XSS payload the HTML export is tested with, plus
//! Markdown-specific ones, in every place user text goes) into HTML; each
//! page must hold only allowlisted elements and attributes, no dangerous
//! link, and the same visible text as the reference reading
//! (pulldown-cmark, CommonMark): no stray backslash, no lost character.
//!
//! The renderers come from the project's files: Python-Markdown from
//! requirements-dev.txt (pip), markdown-it from package.json (npm ci),
//! cmark-gfm, hugo and pandoc from Debian (`.ci/run` installs them all).
//! A missing renderer skips its column loudly, except under CI, where the
//! test fails. Pages are rendered in batches, one process per renderer.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::markdown_safety::markdown_payloads;
use super::rendered::{read, visible_text};
use super::xss::{payloads, poisoned};
use super::*;
use crate::export::{ExportContext, Layout, index_markdown, markdown};
use crate::testing::tools::{repo_root, skip_unless_ci};

/// One Markdown page to render.
pub(super) struct Page {
    pub name: String,
    pub markdown: String,
    /// The title every renderer must show as the page's `<h1>`.
    pub title: Option<String>,
}

/// The renderers of the matrix.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Renderer {
    /// Python-Markdown with MkDocs' default extensions.
    MkDocs,
    /// Python-Markdown as MkDocs Material sites set it up.
    MkDocsMaterial,
    MarkdownIt,
    CmarkGfm,
    Hugo,
    Pandoc,
    /// pulldown-cmark with mdBook's options, raw HTML passed through.
    MdBook,
}

impl Renderer {
    pub const ALL: [Renderer; 7] = [
        Renderer::MkDocs,
        Renderer::MkDocsMaterial,
        Renderer::MarkdownIt,
        Renderer::CmarkGfm,
        Renderer::Hugo,
        Renderer::Pandoc,
        Renderer::MdBook,
    ];
}

/// Whether a command runs; a tool that cannot be started is missing.
fn runs(program: &str, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Why a renderer cannot run here, if it cannot.
fn missing(renderer: Renderer) -> Option<String> {
    let ok = match renderer {
        Renderer::MkDocs | Renderer::MkDocsMaterial => runs("python3", &["-c", "import markdown"]),
        Renderer::MarkdownIt => {
            runs("node", &["--version"])
                && repo_root()
                    .join("node_modules/markdown-it/package.json")
                    .is_file()
        }
        Renderer::CmarkGfm => runs("cmark-gfm", &["--version"]),
        Renderer::Hugo => runs("hugo", &["version"]),
        Renderer::Pandoc => runs("pandoc", &["--version"]),
        Renderer::MdBook => true,
    };
    let how = match renderer {
        Renderer::MkDocs | Renderer::MkDocsMaterial => {
            "python3 -m pip install -r requirements-dev.txt"
        }
        Renderer::MarkdownIt => "npm ci",
        Renderer::CmarkGfm => "apt-get install cmark-gfm",
        Renderer::Hugo => "apt-get install hugo",
        Renderer::Pandoc => "apt-get install pandoc",
        Renderer::MdBook => "",
    };
    (!ok).then(|| format!("{renderer:?} is not installed: run `{how}` (see .ci/run)"))
}

/// Whether the renderer can run; skips loudly when not, fails under CI.
pub(super) fn available(renderer: Renderer, test: &str) -> bool {
    let Some(message) = missing(renderer) else {
        return true;
    };
    skip_unless_ci(&format!("{test} for {renderer:?}"), &message);
    false
}

/// The body of a page: front matter is read by the site generator, not by
/// the Markdown renderer, so only Hugo (a whole site build) gets it.
fn body(markdown: &str) -> &str {
    match markdown.strip_prefix("---\n") {
        Some(rest) => rest
            .find("\n---\n")
            .map_or(markdown, |end| &rest[end + 5..]),
        None => markdown,
    }
}

const SPLIT: &str = "preflight-split-";

/// The pages as one document, separated by paragraphs no page can hold.
fn joined(pages: &[Page]) -> String {
    let mut out = String::new();
    for (index, page) in pages.iter().enumerate() {
        if index > 0 {
            out.push_str(&format!("\n\n{SPLIT}{index}\n\n"));
        }
        out.push_str(body(&page.markdown));
    }
    out.push('\n');
    out
}

/// The HTML of one batch cut back into pages.
fn split(html: &str, count: usize, renderer: Renderer) -> Vec<String> {
    let mut pages = Vec::with_capacity(count);
    let mut rest = html;
    for index in 1..count {
        let marker = format!("<p>{SPLIT}{index}</p>");
        let at = rest
            .find(&marker)
            .unwrap_or_else(|| panic!("{renderer:?} lost the separator before page {index}"));
        pages.push(rest[..at].to_string());
        rest = &rest[at + marker.len()..];
    }
    pages.push(rest.to_string());
    pages
}

fn run(command: &mut Command, renderer: Renderer) -> Vec<u8> {
    let output = command
        .output()
        .unwrap_or_else(|e| panic!("{renderer:?} did not start: {e}"));
    assert!(
        output.status.success(),
        "{renderer:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

/// Each page's HTML as `renderer` makes it.
pub(super) fn render(renderer: Renderer, pages: &[Page], dir: &Path) -> Vec<String> {
    if renderer == Renderer::Hugo {
        return hugo(pages, dir);
    }
    let input = dir.join(format!("{renderer:?}.md"));
    fs::write(&input, joined(pages)).expect("write the batch");
    let html = match renderer {
        Renderer::MkDocs | Renderer::MkDocsMaterial => {
            let extensions = if renderer == Renderer::MkDocs {
                "tables,toc,fenced_code"
            } else {
                "tables,toc,fenced_code,attr_list,md_in_html"
            };
            let script = "import sys, markdown\n\
                          src = open(sys.argv[1], encoding='utf-8').read()\n\
                          sys.stdout.write(markdown.markdown(src, extensions=sys.argv[2].split(',')))\n";
            run(
                Command::new("python3")
                    .args(["-c", script])
                    .arg(&input)
                    .arg(extensions),
                renderer,
            )
        }
        Renderer::MarkdownIt => {
            let script = "const md = require(process.argv[1])({ html: true });\n\
                          const src = require('fs').readFileSync(process.argv[2], 'utf8');\n\
                          process.stdout.write(md.render(src));\n";
            run(
                Command::new("node")
                    .args(["-e", script])
                    .arg(repo_root().join("node_modules/markdown-it"))
                    .arg(&input),
                renderer,
            )
        }
        Renderer::CmarkGfm => run(
            Command::new("cmark-gfm")
                .args(["--unsafe", "-e", "table", "-e", "strikethrough"])
                .args(["-e", "autolink", "-e", "tasklist"])
                .arg(&input),
            renderer,
        ),
        Renderer::Pandoc => run(
            Command::new("pandoc")
                .args(["-f", "gfm", "-t", "html5", "--no-highlight"])
                .arg(&input),
            renderer,
        ),
        Renderer::MdBook => {
            reference_or_mdbook(&fs::read_to_string(&input).expect("read"), true).into_bytes()
        }
        Renderer::Hugo => unreachable!("handled above"),
    };
    split(&String::from_utf8_lossy(&html), pages.len(), renderer)
}

/// pulldown-cmark's HTML: with mdBook's options and raw HTML passed through
/// (`mdbook`), or the CommonMark reference reading of the export.
pub(super) fn reference_or_mdbook(markdown: &str, mdbook: bool) -> String {
    use pulldown_cmark::{Options, Parser, html};
    let options = if mdbook {
        Options::ENABLE_TABLES
            | Options::ENABLE_FOOTNOTES
            | Options::ENABLE_STRIKETHROUGH
            | Options::ENABLE_TASKLISTS
            | Options::ENABLE_HEADING_ATTRIBUTES
    } else {
        crate::export::html::options()
    };
    let mut out = String::new();
    html::push_html(&mut out, Parser::new_ext(markdown, options));
    out
}

/// A real Hugo site, Goldmark with `unsafe = true` as many Hugo wikis set
/// it: one page per input, with its front matter; the layout shows the
/// title and tags from the front matter, then the content.
fn hugo(pages: &[Page], dir: &Path) -> Vec<String> {
    let site = dir.join("hugo");
    let content = site.join("content/p");
    let layouts = site.join("layouts/_default");
    fs::create_dir_all(&content).expect("content folder");
    fs::create_dir_all(&layouts).expect("layouts folder");
    fs::write(
        site.join("config.toml"),
        "baseURL = \"https://wiki.example/\"\n\
         disableKinds = [\"taxonomy\", \"term\", \"RSS\", \"sitemap\", \"robotsTXT\", \"404\"]\n\
         [markup.goldmark.renderer]\n\
         unsafe = true\n\
         [markup.highlight]\n\
         codeFences = false\n",
    )
    .expect("config");
    fs::write(
        layouts.join("single.html"),
        "{{ if .Params.id }}<p>{{ .Title }}</p>{{ range .Params.tags }}<p>{{ . }}</p>{{ end }}{{ end }}{{ .Content }}",
    )
    .expect("layout");
    fs::write(layouts.join("list.html"), "").expect("layout");
    for (index, page) in pages.iter().enumerate() {
        fs::write(content.join(format!("d{index}.md")), &page.markdown).expect("page");
    }
    run(
        Command::new("hugo")
            .args(["--quiet", "--source"])
            .arg(&site)
            .arg("--destination")
            .arg(site.join("public")),
        Renderer::Hugo,
    );
    (0..pages.len())
        .map(|index| {
            fs::read_to_string(site.join(format!("public/p/d{index}/index.html")))
                .unwrap_or_else(|e| panic!("Hugo wrote no page for d{index}: {e}"))
        })
        .collect()
}

/// The text a reader should see: the reference reading of the page, after
/// the title and tags a site shows from the front matter.
fn expected_text(page: &Page, renderer: Renderer) -> String {
    let mut text = String::new();
    if renderer == Renderer::Hugo && page.markdown.starts_with("---\n") {
        let yaml = page.markdown["---\n".len()..page.markdown.len() - body(&page.markdown).len()]
            .trim_end_matches("---\n");
        let docs = yaml_rust2::YamlLoader::load_from_str(yaml).expect("front matter is YAML");
        text.push_str(docs[0]["title"].as_str().unwrap_or_default());
        for tag in docs[0]["tags"]
            .as_vec()
            .map(Vec::as_slice)
            .unwrap_or_default()
        {
            text.push(' ');
            text.push_str(tag.as_str().unwrap_or_default());
        }
        text.push(' ');
    }
    text.push_str(&visible_text(&reference_or_mdbook(
        body(&page.markdown),
        false,
    )));
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Everything wrong with the pages as `renderer` shows them. `expected`
/// holds the reference text of each page (see [`expected_text`]).
pub(super) fn problems(
    renderer: Renderer,
    pages: &[Page],
    expected: &[String],
    dir: &Path,
) -> Vec<String> {
    let rendered = render(renderer, pages, dir);
    let mut problems = Vec::new();
    for ((page, html), reference) in pages.iter().zip(&rendered).zip(expected) {
        let reading = read(html);
        for problem in reading.problems {
            problems.push(format!("{renderer:?} {}: {problem}", page.name));
        }
        let hugo_front = renderer == Renderer::Hugo && page.markdown.starts_with("---\n");
        let expected = if hugo_front {
            expected_text(page, renderer)
        } else {
            reference.clone()
        };
        if reading.text != expected {
            let at = reading
                .text
                .chars()
                .zip(expected.chars())
                .take_while(|(a, b)| a == b)
                .count();
            let from = at.saturating_sub(40);
            problems.push(format!(
                "{renderer:?} {}: the text differs at character {at}:\n  shows    {:?}\n  expected {:?}",
                page.name,
                reading.text.chars().skip(from).take(100).collect::<String>(),
                expected.chars().skip(from).take(100).collect::<String>(),
            ));
        }
        if let Some(title) = &page.title {
            // Control characters are written as spaces (they are invisible).
            let want = title
                .replace(|c: char| c.is_control(), " ")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            if reading.h1.first() != Some(&want) {
                problems.push(format!(
                    "{renderer:?} {}: the title shows as {:?}, typed {want:?}",
                    page.name, reading.h1
                ));
            }
        }
    }
    problems
}

/// The reference text of each page, for [`problems`].
pub(super) fn expected_texts(pages: &[Page]) -> Vec<String> {
    pages
        .iter()
        .map(|page| expected_text(page, Renderer::MdBook))
        .collect()
}

/// The sample wiki as committed (a test keeps it the export of the sample
/// store) and the sample record.
fn sample_pages() -> Vec<Page> {
    let mut pages = Vec::new();
    let mut files: Vec<PathBuf> = fs::read_dir(repo_root().join("assets/sample-wiki"))
        .expect("the sample wiki")
        .map(|e| e.expect("an entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.push(repo_root().join("assets/sample-record.md"));
    files.sort();
    for path in files {
        pages.push(Page {
            name: path.display().to_string(),
            markdown: fs::read_to_string(&path).expect("a sample page"),
            title: None,
        });
    }
    pages
}

/// Where user text goes in a hostile page; each payload fills all of them.
pub(super) const POSITIONS: &[&str] = &[
    "title",
    "author",
    "tags",
    "one-line answers",
    "Markdown answers",
    "people",
    "unknown note",
    "table cells",
    "answer of a removed field",
    "status change note",
    "meeting agenda, attendees, items, owners, conditions, deciders",
    "link text and target (a linked record's title)",
    "front matter (title, tags, people)",
    "index (title, tags)",
];

/// A page per payload, record, layout and front matter, and the indexes.
fn hostile_pages() -> (Vec<Page>, usize) {
    let set = production();
    let all: Vec<String> = payloads().into_iter().chain(markdown_payloads()).collect();
    let mut pages = Vec::new();
    for (n, payload) in all.iter().enumerate() {
        let records = poisoned(payload);
        for (folder, tag) in [
            (None, "single"),
            (Some(Layout::Default), "default"),
            (Some(Layout::Adr), "adr"),
        ] {
            let ctx = ExportContext {
                records: &records,
                folder,
            };
            for (r, record) in records.iter().enumerate() {
                let title = (folder != Some(Layout::Adr) && r == 0)
                    .then(|| crate::export::escape::heading_text(payload.trim()).to_string());
                pages.push(Page {
                    name: format!("payload {n} {payload:?}, record {r}, {tag}"),
                    markdown: markdown(&set, record, &ctx, false),
                    title,
                });
            }
        }
        let ctx = ExportContext {
            records: &records,
            folder: Some(Layout::Default),
        };
        pages.push(Page {
            name: format!("payload {n} {payload:?}, front matter"),
            markdown: markdown(&set, &records[0], &ctx, true),
            title: None,
        });
        let entries = checked_entries(&set, &records);
        for layout in [Layout::Default, Layout::Adr] {
            let ctx = ExportContext {
                records: &records,
                folder: Some(layout),
            };
            pages.push(Page {
                name: format!("payload {n} {payload:?}, index {layout:?}"),
                markdown: index_markdown(&entries, &ctx, layout),
                title: None,
            });
        }
    }
    (pages, all.len())
}

#[test]
fn every_renderer_shows_the_export_safely_and_exactly() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let (hostile, payload_count) = hostile_pages();
    let samples = sample_pages();
    let (sample_count, hostile_count) = (samples.len(), hostile.len());
    let mut report = Vec::new();
    let mut all_problems = Vec::new();
    let pages: Vec<Page> = samples.into_iter().chain(hostile).collect();
    let expected = expected_texts(&pages);
    for renderer in Renderer::ALL {
        if !available(
            renderer,
            "every_renderer_shows_the_export_safely_and_exactly",
        ) {
            continue;
        }
        let work = dir.path().join(format!("{renderer:?}"));
        fs::create_dir_all(&work).expect("a work folder");
        let found = problems(renderer, &pages, &expected, &work);
        report.push(format!(
            "{renderer:?}: {} pages ({} sample, {} hostile: {payload_count} payloads x {} positions), {} problems",
            pages.len(),
            sample_count,
            hostile_count,
            POSITIONS.len(),
            found.len()
        ));
        all_problems.extend(found);
    }
    eprintln!("renderer matrix:\n  {}", report.join("\n  "));
    if let Some(path) = std::env::var_os("PREFLIGHT_MATRIX_PROBLEMS") {
        fs::write(path, all_problems.join("\n")).expect("write the problems");
    }
    assert!(
        all_problems.is_empty(),
        "{} problems; the first ones:\n{}",
        all_problems.len(),
        all_problems
            .iter()
            .take(12)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn the_matrix_catches_a_live_img_and_a_stray_backslash() {
    // A deliberately broken export: the backslash escapes preflight wrote
    // before, which Python-Markdown does not honour.
    let broken = Page {
        name: "broken export".into(),
        markdown: "# Plan \\#2\n\nCosts \\$0 extra, \\<img src=x onerror=alert(1)>\n".into(),
        title: Some("Plan #2".into()),
    };
    // Whatever the renderer, a live tag is caught: mdBook passes raw HTML.
    let dir = tempfile::tempdir().expect("a temp dir");
    let live = Page {
        name: "raw html".into(),
        markdown: "Costs <img src=x onerror=alert(1)>\n".into(),
        title: None,
    };
    let expected = expected_texts(std::slice::from_ref(&live));
    let found = problems(Renderer::MdBook, &[live], &expected, dir.path());
    assert!(
        found
            .iter()
            .any(|p| p.contains("element <img>") || p.contains("onerror")),
        "{found:?}"
    );
    if !available(
        Renderer::MkDocs,
        "the_matrix_catches_a_live_img_and_a_stray_backslash",
    ) {
        return;
    }
    let expected = expected_texts(std::slice::from_ref(&broken));
    let found = problems(Renderer::MkDocs, &[broken], &expected, dir.path());
    assert!(
        found.iter().any(|p| p.contains("onerror")),
        "live <img onerror>: {found:?}"
    );
    assert!(
        found
            .iter()
            .any(|p| p.contains("the text differs") && p.contains("\\$0")),
        "stray backslash: {found:?}"
    );
}

#[test]
fn every_renderer_keeps_typed_lines_apart() {
    // Issue 15, item 5: two lines typed in a multi-line answer stayed one
    // paragraph line in the export.
    let set = production();
    let mut record = answered(OLD, "Lines");
    let summary = set.field("summary").expect("the summary field");
    record.set_answer(
        summary,
        Some(crate::record::Answer::Text(
            "first line\nsecond line\n\n- item one\n  item one, line two\n\n> quoted\n> again"
                .into(),
        )),
    );
    let page = Page {
        name: "lines".into(),
        markdown: markdown(&set, &record, &ExportContext::single(&[]), false),
        title: None,
    };
    let dir = tempfile::tempdir().expect("a temp dir");
    for renderer in Renderer::ALL {
        if !available(renderer, "every_renderer_keeps_typed_lines_apart") {
            continue;
        }
        let work = dir.path().join(format!("{renderer:?}"));
        fs::create_dir_all(&work).expect("a work folder");
        let html = render(renderer, std::slice::from_ref(&page), &work).remove(0);
        let compact: String = html.split_whitespace().collect::<Vec<_>>().join(" ");
        for (before, after) in [
            ("first line", "second line"),
            ("item one", "item one, line two"),
            ("quoted", "again"),
        ] {
            let between = compact
                .split_once(before)
                .and_then(|(_, rest)| rest.split_once(after))
                .map(|(between, _)| between.to_string())
                .unwrap_or_default();
            assert!(
                between.contains("<br"),
                "{renderer:?} runs {before:?} into {after:?}: {between:?}\n{html}"
            );
        }
    }
}
