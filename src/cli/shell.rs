//! Shell integration: `preflight completions SHELL`, `preflight man`, and
//! `preflight --version` (with `-v`: the store and config file in use). The
//! completions and the man page are generated from the same clap
//! definitions as the parser, so they cannot drift from it.

use std::ffi::OsString;

use clap::CommandFactory;
use clap_complete::Shell;

use super::args::Cli;
use super::output::{CliError, EXIT_OK, print};
use crate::config;
use crate::store::{STORE_ENV, Store};

/// `preflight completions SHELL`.
pub fn completions(shell: Shell) -> Result<u8, CliError> {
    let mut command = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut command, "preflight", &mut out);
    print(&String::from_utf8_lossy(&out))?;
    Ok(EXIT_OK)
}

/// `preflight --version`, and with `-v` the store and config file (and how
/// each was found), which is what a bug report needs.
pub fn version(cli: &Cli) -> Result<u8, CliError> {
    let mut out = format!("preflight {}\n", env!("CARGO_PKG_VERSION"));
    if cli.verbose {
        let store = std::env::current_dir()
            .map_err(|err| err.to_string())
            .and_then(|cwd| {
                let env: Option<OsString> = std::env::var_os(STORE_ENV);
                Store::locate(cli.store.as_deref(), env, &cwd, super::default_data_dir())
                    .map_err(|err| err.to_string())
            });
        match store {
            Ok(store) => out.push_str(&format!(
                "store: {} ({})\n",
                store.root().display(),
                store.origin()
            )),
            Err(err) => out.push_str(&format!("store: none ({err})\n")),
        }
        match super::config_file() {
            None => {
                out.push_str("config: none (no config folder: set PREFLIGHT_CONFIG_DIR, or HOME)\n")
            }
            Some(path) => {
                let state = match super::load_settings(cli) {
                    Ok(settings) => settings.file_state.describe(),
                    Err(_) => "has mistakes; `preflight config show` lists them",
                };
                let how = if std::env::var_os(super::CONFIG_ENV).is_some_and(|v| !v.is_empty()) {
                    "from PREFLIGHT_CONFIG_DIR"
                } else {
                    "platform config folder"
                };
                out.push_str(&format!("config: {} ({how}; {state})\n", path.display()));
            }
        }
    }
    print(&out)?;
    Ok(EXIT_OK)
}

/// Escapes text for roff: backslashes, and a dot or quote starting a line;
/// `code` in backticks becomes bold.
fn roff(text: &str) -> String {
    let mut out = String::new();
    for (n, line) in text.lines().enumerate() {
        if n > 0 {
            out.push('\n');
        }
        let line = line.replace('\\', "\\e");
        if line.starts_with(['.', '\'']) {
            out.push_str("\\&");
        }
        let mut bold = false;
        for c in line.chars() {
            if c == '`' {
                out.push_str(if bold { "\\fR" } else { "\\fB" });
                bold = !bold;
            } else {
                out.push(c);
            }
        }
        if bold {
            out.push_str("\\fR");
        }
    }
    out
}

/// Option names for roff: hyphens as `\-` so they copy and search right.
fn roff_option(text: &str) -> String {
    text.replace('\\', "\\e").replace('-', "\\-")
}

/// One argument as a `.TP` paragraph: `\fB--name\fR \fIVALUE\fR` and its help.
fn render_arg(arg: &clap::Arg, out: &mut String) {
    let value_names: Vec<String> = arg
        .get_value_names()
        .map(|names| names.iter().map(|n| n.to_string()).collect())
        .unwrap_or_else(|| vec![arg.get_id().as_str().to_uppercase()]);
    let takes_value = arg.get_num_args().is_some_and(|n| n.takes_values());
    let mut head = String::new();
    if arg.is_positional() {
        head.push_str(&format!("\\fI{}\\fR", roff_option(&value_names.join(" "))));
    } else {
        let mut names = Vec::new();
        if let Some(short) = arg.get_short() {
            names.push(format!("\\fB\\-{short}\\fR"));
        }
        if let Some(long) = arg.get_long() {
            names.push(format!("\\fB\\-\\-{}\\fR", roff_option(long)));
        }
        head.push_str(&names.join(", "));
        if takes_value {
            head.push_str(&format!(" \\fI{}\\fR", roff_option(&value_names.join(" "))));
        }
    }
    out.push_str(&format!(".TP\n{head}\n"));
    if let Some(help) = arg.get_long_help().or_else(|| arg.get_help()) {
        out.push_str(&roff(&help.to_string()));
        out.push('\n');
    }
    let values: Vec<String> = arg
        .get_possible_values()
        .iter()
        .filter(|v| !v.is_hide_set())
        .map(|v| v.get_name().to_string())
        .collect();
    if takes_value && !values.is_empty() && !arg.is_positional() {
        out.push_str(&format!(".br\nValues: {}.\n", roff(&values.join(", "))));
    }
}

/// Subcommands worth a section: not hidden, and not clap's `help`.
fn visible(command: &clap::Command) -> bool {
    !command.is_hide_set() && command.get_name() != "help"
}

/// A subcommand (and its own subcommands) as `.SS` sections.
fn render_command(command: &clap::Command, path: &str, out: &mut String) {
    let name = format!("{path} {}", command.get_name());
    out.push_str(&format!(".SS \"{name}\"\n"));
    if let Some(about) = command.get_long_about().or_else(|| command.get_about()) {
        out.push_str(&roff(&about.to_string()));
        out.push('\n');
    }
    let args: Vec<&clap::Arg> = command
        .get_arguments()
        .filter(|a| !a.is_global_set() && !a.is_hide_set() && a.get_id() != "help")
        .collect();
    for arg in args {
        render_arg(arg, out);
    }
    for sub in command.get_subcommands().filter(|s| visible(s)) {
        render_command(sub, &name, out);
    }
}

const EXIT_STATUS: &[(&str, &str)] = &[
    ("0", "Success; for `check`, every record checked is ready."),
    ("1", "`check` found gaps."),
    (
        "2",
        "Usage or data error: bad arguments, unreadable or invalid files (records, question sets, the config file), no terminal for the wizard.",
    ),
    (
        "70",
        "preflight hit a bug (an internal error); the message asks you to report it.",
    ),
];

const ENVIRONMENT: &[(&str, &str)] = &[
    (
        "PREFLIGHT_STORE",
        "The store folder, unless --store is given.",
    ),
    (
        "PREFLIGHT_CONFIG_DIR",
        "The config folder: config.toml and personal question sets in questionnaires/.",
    ),
    (
        "NO_COLOR",
        "No colours (the theme becomes none) unless --color always or --theme is given.",
    ),
    (
        "VISUAL, EDITOR",
        "The editor for Ctrl-E when neither PREFLIGHT_EDITOR nor the editor setting names one.",
    ),
    (
        "PREFLIGHT_NOW",
        "Fixes the clock (RFC 3339), for reproducible output.",
    ),
];

/// `preflight man`: one page with every command, the configuration keys,
/// the environment and the exit status.
pub fn man() -> Result<u8, CliError> {
    let mut command = Cli::command();
    command.build();
    let man = clap_mangen::Man::new(command.clone());
    let mut head = Vec::new();
    let rendered = man
        .render_title(&mut head)
        .and_then(|()| man.render_name_section(&mut head))
        .and_then(|()| man.render_synopsis_section(&mut head))
        .and_then(|()| man.render_description_section(&mut head))
        .and_then(|()| man.render_options_section(&mut head));
    rendered.map_err(|err| CliError::data(format!("cannot render the man page: {err}")))?;
    let mut out = String::from_utf8_lossy(&head).into_owned();

    out.push_str(".SH COMMANDS\n");
    for sub in command.get_subcommands().filter(|s| visible(s)) {
        render_command(sub, "preflight", &mut out);
    }

    out.push_str(".SH CONFIGURATION\n");
    out.push_str(&roff(
        "Settings come from built-in defaults, then the file `config.toml` in the config folder (`preflight config path` prints it), then environment variables, then command-line flags; the last one given wins. `preflight config show` prints each effective value and where it came from. A mistake in the file is an error naming its line, column and key; --no-config ignores the file.",
    ));
    out.push('\n');
    for (key, env, default, help) in config::key_docs() {
        out.push_str(&format!(
            ".TP\n\\fB{}\\fR (env \\fB{}\\fR; default: {})\n{}\n",
            roff_option(key),
            roff_option(env),
            roff(&default),
            roff(help)
        ));
    }

    out.push_str(".SH ENVIRONMENT\n");
    for (name, meaning) in ENVIRONMENT {
        out.push_str(&format!(".TP\n\\fB{name}\\fR\n{}\n", roff(meaning)));
    }
    out.push_str(".PP\n");
    out.push_str(&roff(
        "The environment variable of each setting is listed under CONFIGURATION.",
    ));
    out.push('\n');

    out.push_str(".SH \"EXIT STATUS\"\n");
    for (code, meaning) in EXIT_STATUS {
        out.push_str(&format!(".TP\n{code}\n{}\n", roff(meaning)));
    }

    let mut tail = Vec::new();
    man.render_version_section(&mut tail)
        .map_err(|err| CliError::data(format!("cannot render the man page: {err}")))?;
    out.push_str(&String::from_utf8_lossy(&tail));
    print(&out)?;
    Ok(EXIT_OK)
}
