//! Tests of the settings: layers in order, defaults, every kind of mistake
//! named with its position, key or variable.

use super::file::position;
use super::*;

fn load(text: &str, env: &[(&str, &str)], flags: &Flags) -> Result<Settings, ConfigError> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(FILE_NAME);
    std::fs::write(&path, text).unwrap();
    let env: Vec<(String, String)> = env
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    Settings::resolve(Some(path), flags, &|name| {
        env.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
    })
}

#[test]
fn keys_and_specs_agree() {
    let spec_keys: Vec<&str> = keys::SPECS.iter().map(|s| s.key).collect();
    assert_eq!(spec_keys, KEYS);
    // The file accepts exactly the theme names the program has.
    for name in ThemeName::ALL {
        let text = format!("theme = \"{}\"\n", name.name());
        let settings = load(&text, &[], &Flags::default()).unwrap();
        assert_eq!(settings.theme.value, name);
    }
}

#[test]
fn defaults_without_a_file() {
    let settings = load("", &[], &Flags::default()).unwrap();
    assert_eq!(settings.file_state, FileState::Read);
    assert_eq!(settings.default_set.value, "production");
    assert_eq!(settings.meeting_timebox_minutes.value, 10);
    assert_eq!(settings.editor.value, "vi");
    assert_eq!(settings.theme.value, ThemeName::Dark);
    assert!(settings.key_hints.value);
    assert!(!settings.mouse.value);
    assert!(!settings.plain.value);
    assert_eq!(settings.author_or(|| None).value, "");
    let git = settings.author_or(|| Some("Ada".into()));
    assert_eq!((git.value.as_str(), git.source), ("Ada", Source::Git));
}

#[test]
fn layers_in_order() {
    let text = "author = \"File Person\"\ntheme = \"light\"\nmeeting_timebox_minutes = 0x0f\n";
    let settings = load(text, &[], &Flags::default()).unwrap();
    let author = settings.author_or(|| Some("Git Person".into()));
    assert_eq!(author.value, "File Person");
    assert!(matches!(author.source, Source::File { line: 1, .. }));
    assert!(matches!(
        settings.theme.source,
        Source::File { line: 2, .. }
    ));
    assert_eq!(settings.meeting_timebox_minutes.value, 15);

    let env = [
        ("PREFLIGHT_AUTHOR", "Env Person"),
        ("PREFLIGHT_THEME", "none"),
    ];
    let settings = load(text, &env, &Flags::default()).unwrap();
    assert_eq!(settings.author().source, Source::Env("PREFLIGHT_AUTHOR"));
    assert_eq!(settings.theme.value, ThemeName::None);

    let flags = Flags {
        theme: Some(ThemeName::HighContrast),
        ..Flags::default()
    };
    let settings = load(text, &env, &flags).unwrap();
    assert_eq!(settings.theme.value, ThemeName::HighContrast);
    assert_eq!(settings.theme.source, Source::Flag("--theme"));
}

#[test]
fn no_color_beats_the_file_but_not_color_always() {
    let text = "theme = \"light\"\n";
    let settings = load(text, &[("NO_COLOR", "1")], &Flags::default()).unwrap();
    assert_eq!(settings.theme.value, ThemeName::None);
    assert_eq!(settings.theme.source, Source::Env("NO_COLOR"));
    assert!(!settings.color_enabled(true));
    let always = Flags {
        color: Some(ColorWhen::Always),
        ..Flags::default()
    };
    let settings = load(text, &[("NO_COLOR", "1")], &always).unwrap();
    assert_eq!(settings.theme.value, ThemeName::Light);
    assert!(settings.color_enabled(false));
}

#[test]
fn editor_falls_back_to_visual_then_editor_then_vi() {
    let settings = load(
        "",
        &[("EDITOR", "nano"), ("VISUAL", "code -w")],
        &Flags::default(),
    )
    .unwrap();
    assert_eq!(settings.editor.value, "code -w");
    assert_eq!(settings.editor.source, Source::Env("VISUAL"));
    let settings = load(
        "editor = \"hx\"",
        &[("VISUAL", "code -w")],
        &Flags::default(),
    )
    .unwrap();
    assert_eq!(settings.editor.value, "hx");
    let settings = load(
        "editor = \"hx\"",
        &[("PREFLIGHT_EDITOR", "emacs")],
        &Flags::default(),
    )
    .unwrap();
    assert_eq!(settings.editor.source, Source::Env("PREFLIGHT_EDITOR"));
}

#[test]
fn problems_name_line_column_and_key() {
    let text = "theme = \"blue\"\nmouse = \"yes\"\ncolour = 1\nmeeting_timebox_minutes = 900\n";
    let err = load(text, &[], &Flags::default()).unwrap_err().message;
    let lines: Vec<&str> = err.lines().collect();
    assert!(lines[0].ends_with("has 4 mistakes:"), "{err}");
    assert!(
        lines[1].ends_with(
            ":1:9: key \"theme\": \"blue\" is not allowed; use one of: dark, light, high-contrast, none"
        ),
        "{err}"
    );
    assert!(
        lines[2].contains(":2:9: key \"mouse\": must be true or false without quotes"),
        "{err}"
    );
    assert!(lines[3].contains(":3:1: unknown key \"colour\""), "{err}");
    assert!(
        lines[4].contains(":4:27: key \"meeting_timebox_minutes\": 900 is out of range"),
        "{err}"
    );
    assert!(lines[5].contains("--no-config"));
}

#[test]
fn syntax_errors_name_the_position_and_line() {
    let err = load("author = \"Ada\"\ntheme = dark\n", &[], &Flags::default())
        .unwrap_err()
        .message;
    assert!(err.contains(":2:9: not valid TOML"), "{err}");
    assert!(err.contains("the line reads: theme = dark"), "{err}");
    let err = load("mouse = true\nmouse = false\n", &[], &Flags::default())
        .unwrap_err()
        .message;
    assert!(err.contains(":2:"), "{err}");
}

#[test]
fn no_config_skips_a_broken_file() {
    let flags = Flags {
        no_config: true,
        ..Flags::default()
    };
    let settings = load("this is not toml", &[], &flags).unwrap();
    assert_eq!(settings.file_state, FileState::Ignored);
}

#[test]
fn bad_environment_values_name_the_variable() {
    let err = load("", &[("PREFLIGHT_THEME", "blue")], &Flags::default()).unwrap_err();
    assert!(
        err.message
            .starts_with("PREFLIGHT_THEME=\"blue\": not allowed"),
        "{err}"
    );
    let settings = load("", &[("PREFLIGHT_PLAIN", "1")], &Flags::default()).unwrap();
    assert!(settings.plain.value);
    let settings = load(
        "plain = true",
        &[("PREFLIGHT_PLAIN", "0")],
        &Flags::default(),
    )
    .unwrap();
    assert!(!settings.plain.value);
}

#[test]
fn blank_environment_text_is_refused_not_replaced_later() {
    // Before, PREFLIGHT_EDITOR="  " became an empty editor that the wizard
    // silently swapped for vi, and PREFLIGHT_EXPORT_DIR="  " an empty
    // folder it swapped for the start folder.
    for var in [
        "PREFLIGHT_EDITOR",
        "PREFLIGHT_EXPORT_DIR",
        "PREFLIGHT_AUTHOR",
        "PREFLIGHT_SET",
    ] {
        let err = load("", &[(var, "  ")], &Flags::default()).unwrap_err();
        assert_eq!(
            err.message,
            format!("{var}=\"  \": must not be empty (unset the variable for the default)")
        );
    }
    let err = load("editor = \" \"\n", &[], &Flags::default()).unwrap_err();
    assert!(
        err.message.contains(
            ":1:10: key \"editor\": must not be empty (leave the key out for the default)"
        ),
        "{err}"
    );
}

#[test]
fn every_default_has_one_home() {
    let settings = Settings::default();
    assert_eq!(
        settings.meeting_timebox_minutes.value,
        crate::meeting::DEFAULT_TIMEBOX_MINUTES
    );
    assert_eq!(settings.editor.value, FALLBACK_EDITOR);
    assert_eq!(
        settings.default_set.value,
        crate::questionnaire::DEFAULT_SET_ID
    );
    // The man page's defaults are the values themselves.
    let docs: Vec<(&str, String)> = key_docs()
        .map(|(key, _, default, _)| (key, default))
        .collect();
    assert!(
        docs.contains(&("meeting_timebox_minutes", "10".to_string())),
        "{docs:?}"
    );
    assert!(docs.contains(&("theme", "dark".to_string())), "{docs:?}");
    assert!(
        docs.contains(&("editor", "$VISUAL, else $EDITOR, else vi".to_string())),
        "{docs:?}"
    );
}

#[test]
fn positions_count_characters() {
    assert_eq!(position("a\nbé = 1", 5), (2, 3));
    assert_eq!(position("", 0), (1, 1));
}
