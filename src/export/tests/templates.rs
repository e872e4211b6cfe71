//! Templates: every placeholder, escaping as in the default export, errors
//! that name the placeholder and its line, and the documented example.

use pulldown_cmark::HeadingLevel;

use super::*;
use crate::export::template::{Template, TemplateError};
use crate::export::{ExportContext, Layout, markdown};
use crate::testing::outline::{outline, section_h2};

fn error(text: &str) -> TemplateError {
    Template::parse(text).expect_err("a template error")
}

/// The template under "### A complete example" in docs/publishing.md.
pub fn documented_example() -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/publishing.md");
    let docs = std::fs::read_to_string(&path).expect("docs/publishing.md");
    let after = docs
        .split_once("### A complete example")
        .expect("an example section")
        .1;
    let block = after
        .split_once("```markdown\n")
        .expect("a markdown block")
        .1;
    block
        .split_once("\n```\n")
        .expect("the block's end")
        .0
        .to_string()
        + "\n"
}

#[test]
fn errors_name_the_placeholder_and_its_line() {
    let e = error("# {{title}}\n\nBy {{autor}} on {{date}}\n");
    assert_eq!((e.placeholder.as_str(), e.line), ("{{autor}}", 3));
    assert!(e.message.contains("unknown placeholder"), "{e}");
    assert!(e.message.contains("author"), "lists the known names: {e}");
    assert_eq!(
        e.to_string(),
        format!("template line 3: {{{{autor}}}}: {}", e.message)
    );

    let e = error("a\nb\n\n{{feild:summary}}");
    assert_eq!((e.placeholder.as_str(), e.line), ("{{feild:summary}}", 4));
    assert!(e.message.contains("\"feild\""), "{e}");

    let e = error("{{field:}}");
    assert_eq!((e.placeholder.as_str(), e.line), ("{{field:}}", 1));

    let e = error("ok {{title}}\n# {{title\n}}\n");
    assert_eq!((e.placeholder.as_str(), e.line), ("{{title", 2));
    assert!(e.message.contains("no closing }}"), "{e}");
    assert!(e.to_string().contains("line 2"), "{e}");

    let e = error("text {{");
    assert_eq!((e.placeholder.as_str(), e.line), ("{{", 1));

    let set = production();
    let e = Template::parse_for("# {{title}}\n\n{{section:rollbak}}\n", &set).unwrap_err();
    assert_eq!((e.placeholder.as_str(), e.line), ("{{section:rollbak}}", 3));
    assert!(e.message.contains("no section \"rollbak\""), "{e}");
    assert!(e.message.contains("rollback"), "lists the sections: {e}");

    let e = Template::parse_for("\n\n\n{{ field:sumary }}", &set).unwrap_err();
    assert_eq!((e.placeholder.as_str(), e.line), ("{{ field:sumary }}", 4));
    assert!(e.message.contains("no field \"sumary\""), "{e}");

    // Parsing alone cannot know the set; rendering an unchecked unknown id
    // shows the placeholder rather than dropping it.
    let template = Template::parse("{{field:nope}}").unwrap();
    let records = linked();
    let out = template.render(&set, find(&records, NEW), &ExportContext::single(&records));
    assert_eq!(out, "&#123;&#123;field:nope&#125;&#125;");
}

#[test]
fn four_braces_write_two_and_inserted_text_is_not_expanded() {
    let set = production();
    let mut record = answered(OLD, "{{id}} # [not](a link) | pipe");
    record.author = "{{title}}".into();
    let template = Template::parse("{{{{title}} {{ title }} by {{author}}\n").unwrap();
    let out = template.render(&set, &record, &ExportContext::single(&[]));
    assert_eq!(
        out,
        "{{title}} &#123;&#123;id&#125;&#125; &#35; &#91;not&#93;(a link) &#124; pipe by &#123;&#123;title&#125;&#125;\n"
    );
}

#[test]
fn every_placeholder_fills_from_the_record() {
    let set = production();
    let records = linked();
    let new = find(&records, NEW);
    let ctx = ExportContext {
        records: &records,
        folder: Some(Layout::Default),
    };
    let fill = |text: &str| {
        Template::parse_for(text, &set)
            .unwrap()
            .render(&set, new, &ctx)
    };
    assert_eq!(fill("{{title}}"), "New sessions: Redis &#91;v2&#93;");
    assert_eq!(fill("{{id}}"), NEW);
    assert_eq!(fill("{{number}}"), "9");
    assert_eq!(fill("{{status}}"), "Accepted");
    assert_eq!(fill("{{date}} {{updated}}"), "2026-11-20 2026-12-02");
    assert_eq!(fill("{{author}}"), "Dana Ruiz");
    assert_eq!(fill("{{tags}}"), "sessions, redis");
    assert_eq!(
        fill("{{readiness}}"),
        "0 of 4 questions ready; 6 gaps to close"
    );
    assert_eq!(fill("{{history}}"), "- Accepted on 2026-12-02 by Sam Lee");
    assert_eq!(
        fill("{{links}}"),
        format!(
            "- Supersedes [Old sessions](old-sessions.md)\n- Amends [Session cookie flags](session-cookie-flags.md)"
        )
    );
    assert_eq!(
        fill("{{meta}}"),
        markdown(&set, new, &ctx, true)
            .split("---\n\n")
            .nth(1)
            .unwrap()
            .split("\n\n")
            .next()
            .unwrap()
    );
    assert_eq!(
        fill("{{field:decision_makers}} / {{field:informed}} / {{field:title}}"),
        "Sam Lee, Dana Ruiz / _Not answered_ / New sessions: Redis &#91;v2&#93;"
    );
    let parsed = outline(&fill("## Context\n\n{{field:summary}}\n"));
    assert_eq!(parsed.level(HeadingLevel::H2), ["Context"]);
    assert_eq!(
        parsed.level(HeadingLevel::H3),
        ["Why"],
        "below the template's heading"
    );

    let parsed = outline(&fill("# T\n\n{{field:failure_modes}}\n"));
    let table = parsed.table("T");
    assert_eq!(table.header[0], "Component");
    assert_eq!(table.rows[0][0], "Redis primary");

    let parsed = outline(&fill("# T\n\n{{sections}}\n"));
    assert_eq!(parsed.level(HeadingLevel::H2), section_h2(&set));

    let parsed = outline(&fill("# T\n\n{{section:rollback}}\n\n{{gaps}}\n"));
    assert_eq!(parsed.level(HeadingLevel::H2), ["What's the rollback?"]);
    assert!(parsed.has_item("Mechanism: flip the session-store flag"));
    assert!(
        parsed.has_item("What's the rollback? 2 gaps"),
        "{:#?}",
        parsed.items
    );

    let mut unknown = new.clone();
    unknown.set_answer(set.field("steps").unwrap(), Some(Answer::unknown()));
    unknown.tags.clear();
    let template = Template::parse("{{field:steps}} {{field:premortem}} {{tags}}").unwrap();
    assert_eq!(
        template.render(&set, &unknown, &ctx),
        "**Unknown.** _Not answered._ _None_"
    );
}

#[test]
fn a_template_heading_is_not_repeated_by_an_inserted_one() {
    let set = production();
    let records = linked();
    let template = Template::parse("# {{title}}\n\n## Summary\n\n{{section:change}}\n").unwrap();
    let parsed =
        outline(&template.render(&set, find(&records, NEW), &ExportContext::single(&records)));
    let h3 = parsed.level(HeadingLevel::H3);
    assert!(h3.contains(&"Summary (The change)"), "{h3:?}");
}

#[test]
fn the_documented_example_renders_as_promised() {
    let set = production();
    let records = linked();
    let template = Template::parse_for(&documented_example(), &set).expect("the example parses");
    let out = template.render(
        &set,
        find(&records, NEW),
        &ExportContext {
            records: &records,
            folder: Some(Layout::Adr),
        },
    );
    let parsed = outline(&out);
    assert_eq!(
        parsed.level(HeadingLevel::H1),
        ["9. New sessions: Redis [v2]"]
    );
    assert_eq!(
        parsed.level(HeadingLevel::H2),
        [
            "Context",
            "Who decides",
            "What breaks",
            "What's the rollback?",
            "History",
            "Related decisions",
            "Open gaps"
        ]
    );
    assert!(parsed.has_item("Decision makers: Sam Lee, Dana Ruiz"));
    assert_eq!(parsed.table("What breaks").rows[0][0], "Redis primary");
    assert!(parsed.links.contains(&(
        "3. Old sessions".to_string(),
        "0003-old-sessions.md".to_string()
    )));
    assert!(parsed.html.is_empty());
}
