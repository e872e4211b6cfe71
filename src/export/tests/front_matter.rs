//! Front matter parsed by a real YAML parser gives back exactly what was
//! put in, whatever the title, tags and people hold.

use yaml_rust2::{Yaml, YamlLoader};

use super::*;
use crate::export::{ExportContext, Layout, markdown};

/// The YAML between the `---` lines, parsed.
pub(super) fn front_matter_of(markdown: &str) -> Yaml {
    let rest = markdown
        .strip_prefix("---\n")
        .unwrap_or_else(|| panic!("no front matter: {markdown}"));
    let end = rest.find("\n---\n").expect("a closing ---");
    let mut docs = YamlLoader::load_from_str(&rest[..end + 1])
        .unwrap_or_else(|e| panic!("invalid YAML ({e}):\n{}", &rest[..end]));
    assert_eq!(docs.len(), 1);
    docs.remove(0)
}

fn strings(value: &Yaml) -> Vec<String> {
    value
        .as_vec()
        .unwrap_or_else(|| panic!("not a list: {value:?}"))
        .iter()
        .map(|v| v.as_str().expect("a string").to_string())
        .collect()
}

fn extra_hostile() -> Vec<String> {
    [
        "-",
        "- item",
        "[a, b]",
        "{a: b}",
        "&anchor value",
        "*alias",
        "!tag value",
        "%YAML 1.2",
        "@at",
        "'single",
        "\"",
        "\\",
        "\\\"",
        "multi\n\nline\n",
        "#",
        ": colon first",
        "trailing colon:",
        "a #not comment",
        "\u{0}nul and \u{1b}[31mescape",
        "\u{9f} c1 and \u{7f} del",
        "\u{fffe}\u{ffff} non-characters",
        "tab\tand\u{2029}paragraph",
        "true",
        "1e3",
        "0o17",
        ".nan",
        "<<",
        "|",
        ">",
    ]
    .into_iter()
    .map(String::from)
    .collect()
}

#[test]
fn hostile_values_round_trip_through_yaml() {
    let set = production();
    for line in hostile_lines().into_iter().chain(extra_hostile()) {
        let mut record = answered(OLD, "x");
        record.title = line.clone();
        record.tags = vec![line.clone(), "plain".into()];
        // Set directly, as a hand-edited file could, without trimming.
        record
            .answers
            .insert("decision_makers".into(), Answer::Words(vec![line.clone()]));
        record.answers.insert(
            "consulted".into(),
            Answer::Words(vec![line.clone(), "Ana".into()]),
        );
        record.set_answer(set.field("informed").unwrap(), Some(Answer::unknown()));
        let md = markdown(&set, &record, &ExportContext::single(&[]), true);
        let yaml = front_matter_of(&md);

        assert_eq!(yaml["title"].as_str(), Some(line.as_str()), "{line:?}");
        assert_eq!(strings(&yaml["tags"]), [line.as_str(), "plain"], "{line:?}");
        assert_eq!(
            strings(&yaml["decision-makers"]),
            [line.as_str()],
            "{line:?}"
        );
        assert_eq!(
            strings(&yaml["consulted"]),
            [line.as_str(), "Ana"],
            "{line:?}"
        );
        assert!(yaml["informed"].is_badvalue(), "unknown is left out");
        assert_eq!(yaml["id"].as_str(), Some(OLD));
        assert_eq!(yaml["status"].as_str(), Some("draft"));
        assert_eq!(yaml["date"].as_str(), Some("2026-11-20"));
        assert_eq!(yaml["updated"].as_str(), Some("2026-11-20"));
        assert!(yaml["number"].is_badvalue());
        let keys: Vec<&str> = yaml
            .as_hash()
            .unwrap()
            .keys()
            .map(|k| k.as_str().unwrap())
            .collect();
        assert_eq!(
            keys,
            [
                "title",
                "id",
                "status",
                "date",
                "updated",
                "tags",
                "decision-makers",
                "consulted"
            ],
            "{line:?}"
        );
    }
}

#[test]
fn keys_come_from_the_set_not_from_field_ids() {
    let mut set = production();
    // A team's own keys: a person, a yes/no, a key that needs quoting, and
    // one that clashes with a built-in key (skipped).
    for section in &mut set.sections {
        for field in &mut section.fields {
            match field.id.as_str() {
                "owner_primary" => field.front_matter = Some("on-call".into()),
                "debuggable_by_others" => field.front_matter = Some("debuggable".into()),
                "mechanism" => field.front_matter = Some("roll back: how".into()),
                "decider" => field.front_matter = Some("title".into()),
                "decision_makers" => field.front_matter = None,
                _ => {}
            }
        }
    }
    let records = linked();
    let mut record = find(&records, NEW).clone();
    record.set_answer(
        set.field("debuggable_by_others").unwrap(),
        Some(Answer::Flag(true)),
    );
    let md = markdown(
        &set,
        &record,
        &ExportContext {
            records: &records,
            folder: Some(Layout::Adr),
        },
        true,
    );
    let yaml = front_matter_of(&md);
    assert_eq!(yaml["title"].as_str(), Some("New sessions: Redis [v2]"));
    assert_eq!(yaml["on-call"].as_str(), Some("Sam Lee"));
    assert_eq!(yaml["debuggable"].as_bool(), Some(true));
    assert_eq!(
        yaml["roll back: how"].as_str(),
        Some("flip the session-store flag")
    );
    assert!(yaml["decision-makers"].is_badvalue());
    assert_eq!(strings(&yaml["consulted"]), ["DB guild: Ana"]);
    assert_eq!(yaml["status"].as_str(), Some("accepted"));
    assert_eq!(yaml["number"].as_i64(), Some(9));
    assert_eq!(yaml["updated"].as_str(), Some("2026-12-02"));
}
