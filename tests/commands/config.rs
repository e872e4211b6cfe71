//! The config file and the effective settings: precedence default < file <
//! environment < flag with the source of each value, mistakes in the file
//! reported with file, line, column and key (exit 2), and `--no-config`.

use std::fs;
use std::path::PathBuf;
use std::process::Output;

use serde_json::{Value, json};

use crate::common::{
    World, assert_stderr_says, assert_stdout_says, repo_root, stderr, stdout, team_set,
};

fn config_file(world: &World) -> PathBuf {
    world.config().join("config.toml")
}

fn write_config(world: &World, text: &str) -> PathBuf {
    let path = config_file(world);
    fs::write(&path, text).unwrap();
    path
}

/// `config show --json` with extra arguments and environment.
fn show(world: &World, args: &[&str], env: &[(&str, &str)]) -> Value {
    let mut cmd = world.cmd();
    cmd.args(args).args(["config", "show", "--json"]);
    for (name, value) in env {
        cmd.env(name, value);
    }
    let output = cmd.output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    serde_json::from_slice(&output.stdout).expect("config show --json is JSON")
}

fn setting<'a>(body: &'a Value, key: &str) -> &'a Value {
    &body["settings"][key]
}

fn file_source(world: &World, line: usize) -> Value {
    json!({ "kind": "file", "path": config_file(world), "line": line })
}

fn env_source(name: &str) -> Value {
    json!({ "kind": "env", "name": name })
}

#[test]
fn without_a_file_every_setting_is_its_default() {
    let world = World::new();
    let body = show(&world, &[], &[]);
    assert_eq!(
        body["file"],
        json!({ "path": config_file(&world), "state": "missing" })
    );
    let expected = json!({
        "author": "",
        "default_set": "production",
        "meeting_timebox_minutes": 10,
        "editor": "vi",
        "theme": "dark",
        "key_hints": true,
        "export_format": "md",
        "export_layout": "default",
        "export_dir": "",
        "mouse": false,
        "plain": false,
        "color": "auto",
    });
    for (key, value) in expected.as_object().unwrap() {
        assert_eq!(setting(&body, key)["value"], *value, "{key}");
        assert_eq!(
            setting(&body, key)["source"],
            json!({"kind": "default"}),
            "{key}"
        );
    }
    assert_eq!(
        body["settings"].as_object().unwrap().len(),
        expected.as_object().unwrap().len()
    );
}

#[test]
fn the_file_sets_values_and_show_names_its_lines() {
    let world = World::new();
    write_config(
        &world,
        "# my settings\nauthor = \"Ada Lovelace\"\ndefault_set = \"launch\"\nmeeting_timebox_minutes = 15\neditor = \"hx\"\ntheme = \"light\"\nkey_hints = false\nexport_format = \"html\"\nexport_layout = \"adr\"\nmouse = true\nplain = true\n",
    );
    let body = show(&world, &[], &[("VISUAL", "code -w")]);
    assert_eq!(body["file"]["state"], "read");
    let expected = [
        ("author", json!("Ada Lovelace"), 2),
        ("default_set", json!("launch"), 3),
        ("meeting_timebox_minutes", json!(15), 4),
        ("editor", json!("hx"), 5),
        ("theme", json!("light"), 6),
        ("key_hints", json!(false), 7),
        ("export_format", json!("html"), 8),
        ("export_layout", json!("adr"), 9),
        ("mouse", json!(true), 10),
        ("plain", json!(true), 11),
    ];
    for (key, value, line) in expected {
        assert_eq!(setting(&body, key)["value"], value, "{key}");
        assert_eq!(
            setting(&body, key)["source"],
            file_source(&world, line),
            "{key}"
        );
    }

    // The text form shows the same, one line per setting.
    let output = world.cmd().args(["config", "show"]).output().unwrap();
    let text = stdout(&output);
    assert!(
        text.starts_with(&format!(
            "Config file: {} (read)\n",
            config_file(&world).display()
        )),
        "{text}"
    );
    let theme = text.lines().find(|l| l.starts_with("theme ")).unwrap();
    assert!(theme.contains("\"light\""), "{theme}");
    assert!(
        theme.ends_with(&format!("file {}:6", config_file(&world).display())),
        "{theme}"
    );
}

#[test]
fn author_precedence_is_default_then_file_then_env_then_flag() {
    let world = World::new();
    let author_of = |id: &str| world.read_record(id)["author"].clone();

    // Default: no git on PATH in the test world, so empty.
    let id = world.new_record("No author");
    assert_eq!(author_of(&id), Value::Null);

    write_config(&world, "author = \"File Person\"\n");
    assert_eq!(
        setting(&show(&world, &[], &[]), "author")["source"],
        file_source(&world, 1)
    );
    let id = world.new_record("From the file");
    assert_eq!(author_of(&id), "File Person");

    let env = [("PREFLIGHT_AUTHOR", "Env Person")];
    let body = show(&world, &[], &env);
    assert_eq!(setting(&body, "author")["value"], "Env Person");
    assert_eq!(
        setting(&body, "author")["source"],
        env_source("PREFLIGHT_AUTHOR")
    );
    let output = world
        .cmd()
        .env("PREFLIGHT_AUTHOR", "Env Person")
        .args(["new", "--no-input", "--title", "From the env"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(author_of(stdout(&output).trim()), "Env Person");

    let output = world
        .cmd()
        .env("PREFLIGHT_AUTHOR", "Env Person")
        .args(["new", "--no-input", "--title", "From the flag"])
        .args(["--author", "Flag Person"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(author_of(stdout(&output).trim()), "Flag Person");

    // An author given in --answers beats the setting (it is an answer).
    let answers = world.root().join("answers.json");
    fs::write(
        &answers,
        r#"{"title": "Answered", "author": "Answer Person"}"#,
    )
    .unwrap();
    let output = world
        .cmd()
        .args(["new", "--no-input", "--answers"])
        .arg(&answers)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(author_of(stdout(&output).trim()), "Answer Person");
}

#[test]
fn the_author_defaults_to_git_user_name() {
    let world = World::new();
    let Some(path) = std::env::var_os("PATH") else {
        return;
    };
    let gitconfig = world.root().join("gitconfig");
    fs::write(&gitconfig, "[user]\n\tname = Git Person\n").unwrap();
    let git_env = |cmd: &mut assert_cmd::Command| {
        cmd.env("PATH", &path)
            .env("GIT_CONFIG_GLOBAL", &gitconfig)
            .env("GIT_CONFIG_NOSYSTEM", "1");
    };
    let mut cmd = world.cmd();
    git_env(&mut cmd);
    let output = cmd.args(["config", "show", "--json"]).output().unwrap();
    let body: Value = serde_json::from_slice(&output.stdout).unwrap();
    if setting(&body, "author")["source"]["kind"] == "default" {
        eprintln!("skipped: git is not installed");
        return;
    }
    assert_eq!(
        setting(&body, "author"),
        &json!({"value": "Git Person", "source": {"kind": "git"}})
    );
    let mut cmd = world.cmd();
    git_env(&mut cmd);
    let output = cmd
        .args(["new", "--no-input", "--title", "Git authored"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        world.read_record(stdout(&output).trim())["author"],
        "Git Person"
    );

    // The config file beats git.
    write_config(&world, "author = \"File Person\"\n");
    let mut cmd = world.cmd();
    git_env(&mut cmd);
    let output = cmd.args(["config", "show", "--json"]).output().unwrap();
    let body: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(setting(&body, "author")["value"], "File Person");
}

#[test]
fn theme_precedence_is_default_then_file_then_env_then_flag() {
    let world = World::new();
    let theme = |body: &Value| setting(body, "theme").clone();
    assert_eq!(
        theme(&show(&world, &[], &[])),
        json!({"value": "dark", "source": {"kind": "default"}})
    );
    write_config(&world, "\n\ntheme = \"light\"\n");
    assert_eq!(
        theme(&show(&world, &[], &[])),
        json!({"value": "light", "source": file_source(&world, 3)})
    );
    let env = [("PREFLIGHT_THEME", "high-contrast")];
    assert_eq!(
        theme(&show(&world, &[], &env)),
        json!({"value": "high-contrast", "source": env_source("PREFLIGHT_THEME")})
    );
    assert_eq!(
        theme(&show(&world, &["--theme", "none"], &env)),
        json!({"value": "none", "source": {"kind": "flag", "name": "--theme"}})
    );

    // NO_COLOR outranks the file and PREFLIGHT_THEME...
    let no_color = [("PREFLIGHT_THEME", "high-contrast"), ("NO_COLOR", "1")];
    assert_eq!(
        theme(&show(&world, &[], &no_color)),
        json!({"value": "none", "source": env_source("NO_COLOR")})
    );
    // ...but not an explicit flag.
    assert_eq!(
        theme(&show(&world, &["--theme", "dark"], &no_color))["value"],
        "dark"
    );
    assert_eq!(
        theme(&show(&world, &["--color", "always"], &no_color)),
        json!({"value": "high-contrast", "source": env_source("PREFLIGHT_THEME")})
    );
}

#[test]
fn default_set_precedence_is_default_then_file_then_env_then_flag() {
    let world = World::new();
    fs::create_dir_all(world.store_sets()).unwrap();
    for id in ["launch", "incident"] {
        fs::write(
            world.store_sets().join(format!("{id}.json")),
            serde_json::to_vec_pretty(&team_set(id)).unwrap(),
        )
        .unwrap();
    }
    let set_of = |extra_env: &[(&str, &str)], args: &[&str]| -> String {
        let mut cmd = world.cmd();
        for (name, value) in extra_env {
            cmd.env(name, value);
        }
        let output = cmd
            .args(["new", "--no-input", "--title", "Which set?"])
            .args(args)
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", stderr(&output));
        let id = stdout(&output).trim().to_string();
        world.read_record(&id)["set"]["id"]
            .as_str()
            .unwrap()
            .to_string()
    };

    assert_eq!(set_of(&[], &[]), "production");
    write_config(&world, "default_set = \"launch\"\n");
    assert_eq!(set_of(&[], &[]), "launch");
    assert_eq!(
        setting(&show(&world, &[], &[]), "default_set")["source"],
        file_source(&world, 1)
    );
    let env = [("PREFLIGHT_SET", "incident")];
    assert_eq!(set_of(&env, &[]), "incident");
    assert_eq!(
        setting(&show(&world, &[], &env), "default_set"),
        &json!({"value": "incident", "source": env_source("PREFLIGHT_SET")})
    );
    assert_eq!(set_of(&env, &["--set", "production"]), "production");

    // A set the setting names but nobody installed: the error says where
    // the name came from.
    write_config(&world, "default_set = \"nosuch\"\n");
    let output = world.run_exit(2, &["new", "--no-input", "--title", "Lost"]);
    let err = stderr(&output);
    assert!(err.contains("no question set \"nosuch\""), "{err}");
    assert!(
        err.contains(&format!("{}:1", config_file(&world).display())),
        "{err}"
    );
}

#[test]
fn export_format_and_layout_come_from_the_settings_unless_flagged() {
    let world = World::new();
    let id = world.new_record("Exported as configured");
    write_config(&world, "export_format = \"html\"\n");
    let output = world.cmd().args(["export", &id]).output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert_stdout_says(&output, "<h1");
    let output = world
        .cmd()
        .args(["export", &id, "--format", "md"])
        .output()
        .unwrap();
    assert!(stdout(&output).starts_with("# "), "{}", stdout(&output));

    write_config(&world, "export_layout = \"adr\"\n");
    let output = world.cmd().args(["export", &id]).output().unwrap();
    // The adr layout's shape; a draft has no number to show.
    assert!(
        stdout(&output).starts_with("# Exported as configured\n\nDate: "),
        "{}",
        stdout(&output)
    );
}

/// Runs `list` with a config file; returns the output.
fn list_with(world: &World, text: &str) -> Output {
    write_config(world, text);
    world.cmd().arg("list").output().unwrap()
}

/// Asserts exit 2 with `FILE:LINE:COLUMN` and every piece of `parts` in stderr,
/// and that `--no-config` then works.
fn assert_config_error(world: &World, output: &Output, at: &str, parts: &[&str]) {
    assert_eq!(output.status.code(), Some(2), "{}", stderr(output));
    assert!(output.stdout.is_empty());
    let err = stderr(output);
    let place = format!("{}:{at}:", config_file(world).display());
    assert!(err.contains(&place), "expected {place} in: {err}");
    for part in parts {
        assert!(err.contains(part), "expected {part:?} in: {err}");
    }
    assert!(err.contains("--no-config"), "{err}");
    let ignored = world.cmd().args(["--no-config", "list"]).output().unwrap();
    assert!(ignored.status.success(), "{}", stderr(&ignored));
    let body = show(world, &["--no-config"], &[]);
    assert_eq!(body["file"]["state"], "ignored");
    assert_eq!(setting(&body, "theme")["source"]["kind"], "default");
}

#[test]
fn an_unknown_key_is_an_error_naming_file_line_and_key() {
    let world = World::new();
    let output = list_with(&world, "author = \"Ada\"\n\ncolour = \"blue\"\n");
    assert_config_error(&world, &output, "3:1", &["unknown key \"colour\"", "theme"]);
}

#[test]
fn a_wrong_type_is_an_error_naming_file_line_and_key() {
    let world = World::new();
    let output = list_with(&world, "mouse = \"yes\"\n");
    assert_config_error(&world, &output, "1:9", &["key \"mouse\"", "true or false"]);
    let output = list_with(&world, "meeting_timebox_minutes = \"ten\"\n");
    assert_config_error(
        &world,
        &output,
        "1:27",
        &["key \"meeting_timebox_minutes\"", "whole minutes"],
    );
}

#[test]
fn a_bad_enum_value_is_an_error_naming_file_line_key_and_choices() {
    let world = World::new();
    let output = list_with(&world, "# colours\ntheme = \"blue\"\n");
    assert_config_error(
        &world,
        &output,
        "2:9",
        &[
            "key \"theme\"",
            "\"blue\"",
            "dark, light, high-contrast, none",
        ],
    );
    let output = list_with(&world, "export_layout = \"madr\"\n");
    assert_config_error(
        &world,
        &output,
        "1:17",
        &["key \"export_layout\"", "default, adr"],
    );
}

#[test]
fn a_toml_syntax_error_names_file_line_and_the_line() {
    let world = World::new();
    let output = list_with(&world, "author = \"Ada\"\ntheme = light\n");
    assert_config_error(&world, &output, "2:9", &["not valid TOML", "theme = light"]);
}

#[test]
fn several_mistakes_are_all_listed() {
    let world = World::new();
    let output = list_with(&world, "mouse = 1\nplain = \"no\"\nfoo = 2\n");
    assert_config_error(
        &world,
        &output,
        "1:9",
        &["3 mistakes", "config.toml:2:9", "config.toml:3:1"],
    );
}

#[test]
fn config_path_works_even_with_a_broken_file() {
    let world = World::new();
    write_config(&world, "this is not = = toml");
    let output = world.cmd().args(["config", "path"]).output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        format!("{}\n", config_file(&world).display())
    );
    // But showing the settings needs the file to be right.
    world.run_exit(2, &["config", "show"]);
}

#[test]
fn a_bad_environment_value_names_the_variable() {
    let world = World::new();
    let output = world
        .cmd()
        .env("PREFLIGHT_THEME", "blue")
        .arg("list")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_stderr_says(&output, "PREFLIGHT_THEME=\"blue\"");
}

#[test]
fn color_always_styles_config_show_and_never_does_not() {
    let world = World::new();
    let run = |args: &[&str], env: &[(&str, &str)]| {
        let mut cmd = world.cmd();
        for (name, value) in env {
            cmd.env(name, value);
        }
        stdout(&cmd.args(args).args(["config", "show"]).output().unwrap())
    };
    let always = run(&["--color", "always"], &[]);
    assert!(always.contains("\x1b["), "{always:?}");
    let never = run(&["--color", "never"], &[]);
    assert!(!never.contains('\x1b'), "{never:?}");
    // auto into a pipe: no colour.
    assert!(!run(&[], &[]).contains('\x1b'));
    // always beats NO_COLOR.
    assert!(run(&["--color", "always"], &[("NO_COLOR", "1")]).contains("\x1b["));

    let body = show(&world, &["--color", "never"], &[]);
    assert_eq!(
        setting(&body, "color"),
        &json!({"value": "never", "source": {"kind": "flag", "name": "--color"}})
    );
    world.run_exit(2, &["--color", "sometimes", "list"]);
}

#[test]
fn the_editor_setting_beats_visual_and_editor() {
    let world = World::new();
    let editor = |env: &[(&str, &str)]| setting(&show(&world, &[], env), "editor").clone();
    assert_eq!(
        editor(&[("EDITOR", "nano")]),
        json!({"value": "nano", "source": env_source("EDITOR")})
    );
    assert_eq!(
        editor(&[("EDITOR", "nano"), ("VISUAL", "code --wait")])["value"],
        "code --wait"
    );
    write_config(&world, "editor = \"hx\"\n");
    assert_eq!(editor(&[("VISUAL", "code --wait")])["value"], "hx");
    assert_eq!(
        editor(&[("PREFLIGHT_EDITOR", "emacs")]),
        json!({"value": "emacs", "source": env_source("PREFLIGHT_EDITOR")})
    );
}

#[test]
fn the_readme_documents_every_key_and_its_variable() {
    let readme = fs::read_to_string(repo_root().join("README.md")).unwrap();
    let section = readme
        .split("## Configuration")
        .nth(1)
        .expect("README has a Configuration section");
    for key in preflight::config::KEYS {
        let env = preflight::config::env_var(key).unwrap();
        let row = section
            .lines()
            .find(|l| l.starts_with(&format!("| `{key}` |")))
            .unwrap_or_else(|| panic!("README has no row for {key}"));
        assert!(row.contains(&format!("`{env}`")), "{key}: {row}");
    }
    assert!(readme.contains("## JSON output"));
}

#[test]
fn plain_in_the_file_makes_new_plain_and_the_variable_can_turn_it_off() {
    let world = World::new();
    write_config(&world, "plain = true\nauthor = \"File Person\"\n");
    let output = world
        .cmd()
        .arg("new")
        .write_stdin("From the file\n")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stdout(&output).starts_with("Plain mode"),
        "{}",
        stdout(&output)
    );
    let files = world.record_files();
    assert_eq!(files.len(), 1, "{files:?}");
    let record = world.read_record(files[0].trim_end_matches(".json"));
    assert_eq!(record["title"], "From the file");
    assert_eq!(record["author"], "File Person");

    // PREFLIGHT_PLAIN=0 outranks the file: the wizard, which needs a terminal.
    let output = world
        .cmd()
        .env("PREFLIGHT_PLAIN", "0")
        .arg("new")
        .write_stdin("Not asked\n")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", stdout(&output));
    assert_eq!(world.record_files().len(), 1);
}
