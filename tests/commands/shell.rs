//! Shell integration and global conventions: completions, the man page,
//! `--version` (with `-v`), and `--quiet`.

use std::fs;

use crate::common::{World, assert_stdout_says, stderr, stdout};

const SUBCOMMANDS: [&str; 15] = [
    "init",
    "new",
    "edit",
    "list",
    "show",
    "export",
    "check",
    "sets",
    "status",
    "supersede",
    "link",
    "unlink",
    "config",
    "completions",
    "man",
];

#[test]
fn completions_for_every_shell_name_the_subcommands() {
    let world = World::new();
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let output = world.cmd().args(["completions", shell]).output().unwrap();
        assert!(output.status.success(), "{shell}: {}", stderr(&output));
        let script = stdout(&output);
        assert!(script.len() > 1000, "{shell}: {script}");
        for sub in SUBCOMMANDS {
            assert!(script.contains(sub), "{shell} completions lack {sub}");
        }
        for flag in ["no-config", "color", "quiet"] {
            assert!(script.contains(flag), "{shell} completions lack {flag}");
        }
    }
    let bash = stdout(&world.cmd().args(["completions", "bash"]).output().unwrap());
    assert!(bash.contains("complete -F _preflight"), "{bash}");
    world.run_exit(2, &["completions", "tcsh"]);
}

#[test]
fn completions_and_the_man_page_need_no_store_or_config() {
    let world = World::new();
    fs::write(world.config().join("config.toml"), "broken = = =").unwrap();
    for args in [&["completions", "fish"][..], &["man"]] {
        let output = world.bare_cmd().args(args).output().unwrap();
        assert!(output.status.success(), "{args:?}: {}", stderr(&output));
    }
    assert!(!world.store().exists());
}

#[test]
fn the_man_page_is_roff_with_every_command_and_setting() {
    let world = World::new();
    let output = world.cmd().arg("man").output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let page = stdout(&output);
    assert!(page.contains(".TH preflight 1"), "{page}");
    for section in [
        ".SH NAME",
        ".SH SYNOPSIS",
        ".SH OPTIONS",
        ".SH COMMANDS",
        ".SH CONFIGURATION",
        ".SH ENVIRONMENT",
        ".SH \"EXIT STATUS\"",
    ] {
        assert!(page.contains(section), "no {section}");
    }
    for sub in SUBCOMMANDS {
        assert!(
            page.contains(&format!(".SS \"preflight {sub}\"")),
            "the man page has no section for {sub}"
        );
    }
    assert!(page.contains(".SS \"preflight config show\""));
    for key in preflight::config::KEYS {
        assert!(page.contains(&key.replace('-', "\\-")), "no {key}");
    }
    assert!(page.contains("\\fB\\-\\-no\\-config\\fR"));
    assert!(!page.contains("preflight config help"));
}

#[test]
fn version_prints_name_and_version() {
    let world = World::new();
    let expected = format!("preflight {}\n", env!("CARGO_PKG_VERSION"));
    for flag in ["--version", "-V"] {
        let output = world.cmd().arg(flag).output().unwrap();
        assert!(output.status.success(), "{}", stderr(&output));
        assert_eq!(stdout(&output), expected);
    }
}

#[test]
fn verbose_version_adds_the_store_and_config_file() {
    let world = World::new();
    let output = world.cmd().args(["-v", "--version"]).output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], format!("preflight {}", env!("CARGO_PKG_VERSION")));
    assert_eq!(
        lines[1],
        format!("store: {} (from PREFLIGHT_STORE)", world.store().display())
    );
    let config = world.config().join("config.toml");
    assert_eq!(
        lines[2],
        format!(
            "config: {} (from PREFLIGHT_CONFIG_DIR; not found; defaults apply)",
            config.display()
        )
    );
    fs::write(&config, "theme = \"nope\"\n").unwrap();
    let output = world
        .cmd()
        .args(["--version", "--verbose"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert_stdout_says(&output, "has mistakes");
    let output = world
        .cmd()
        .args(["--version", "--verbose", "--store", "elsewhere"])
        .output()
        .unwrap();
    assert_stdout_says(&output, "elsewhere (from --store)");
}

#[test]
fn quiet_drops_informational_lines_but_not_data() {
    let world = World::new();
    let init = world.bare_cmd().args(["init", "--quiet"]).output().unwrap();
    assert!(init.status.success(), "{}", stderr(&init));
    assert_eq!(stdout(&init), "");
    assert!(world.work().join(".preflight/records").is_dir());
    let init = world.bare_cmd().arg("init").output().unwrap();
    assert!(stdout(&init).contains("already a preflight store"));

    // Data: the new id, list, show and export to stdout are still printed.
    let new = world
        .cmd()
        .args(["-q", "new", "--no-input", "--title", "Quiet one"])
        .output()
        .unwrap();
    let id = stdout(&new).trim().to_string();
    assert_eq!(id.len(), 16, "{}", stdout(&new));
    let other = world.new_record("Quiet two");
    for args in [
        vec!["list"],
        vec!["show", &id],
        vec!["export", &id],
        vec!["check", &id],
        vec!["sets"],
    ] {
        let output = world.cmd().arg("--quiet").args(&args).output().unwrap();
        assert!(!stdout(&output).is_empty(), "{args:?} printed nothing");
    }

    // Confirmations: gone with --quiet, there without.
    for args in [
        vec!["status", &id, "proposed"],
        vec!["status", &id, "proposed"],
        vec!["link", &id, "relates-to", &other],
        vec!["unlink", &id, "relates-to", &other],
        vec!["supersede", &other, "--by", &id],
    ] {
        let output = world.cmd().arg("--quiet").args(&args).output().unwrap();
        assert!(output.status.success(), "{args:?}: {}", stderr(&output));
        assert_eq!(stdout(&output), "", "{args:?}");
        assert_eq!(stderr(&output), "", "{args:?}");
    }
    let loud = world
        .cmd()
        .args(["status", &id, "accepted"])
        .output()
        .unwrap();
    assert_stdout_says(&loud, "is now accepted");

    // "wrote" lines of export, for one file and for --all.
    let file = world.root().join("one.md");
    let output = world
        .cmd()
        .args(["--quiet", "export", &id, "--out"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(stderr(&output), "");
    assert!(file.is_file());
    let output = world
        .cmd()
        .args(["export", &id, "--out"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(stderr(&output).contains("wrote"));
    let dir = world.root().join("wiki");
    let output = world
        .cmd()
        .args(["export", "--all", "-q", "--out"])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(stdout(&output), "");
    assert!(dir.join("index.md").is_file());

    // Errors are never quiet.
    let output = world.run_exit(2, &["--quiet", "show", "zzzzzz"]);
    assert!(!stderr(&output).is_empty());
}
