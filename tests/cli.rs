//! The preflight test suite: one integration-test binary (as in ripgrep), so
//! the binary is linked once and every test shares the helpers.
//!
//! - `common`: a private temporary world per test (store, config, home,
//!   XDG folders, a fixed clock) and a way to run the real binary in it.
//! - `commands`: the command line end to end (`init`, `new`, `list`, `show`,
//!   `export`, `check`, `sets`), exit codes and messages.
//! - `library`: the core API called directly (question-set validation,
//!   answers and records as JSON, the store, the Markdown export, the
//!   markdownlint check, the committed sample and the set-format README).
//! - `pty`: the TUI end to end in a pseudo-terminal.
//! - `team`: a team's git repository as the store: a bare origin, several
//!   clones, the real `git` binary; merges, conflicts and set-up per clone.
//! - `layers`: imports point down the layers of `docs/architecture.md`
//!   (the table of layers lives there).
//! - `trust`: crash safety by killing, two writers, terminal safety on panic
//!   and SIGHUP, and the schema fixtures under `tests/fixtures/`.
//!
//! Run with `cargo test`. After a deliberate change to the export, refresh
//! the committed sample with `UPDATE_ASSETS=1 cargo test --test cli sample`.
//! The markdownlint test needs `npm ci` first (it skips loudly without it,
//! and fails when `CI` is set).

mod common;

mod commands;
mod layers;
mod library;
mod pty;
mod robustness;
mod team;
mod trust;
