//! preflight: walk a proposed change through four production questions and
//! keep the answers as a decision record.
//!
//! - [`questionnaire`]: question sets as data, loading and validation.
//! - [`record`]: records, answers (blank / unknown / value), ids.
//! - [`store`]: finding the store, listing, loading, atomic saving.
//! - [`list_index`]: record summaries for the list, cached in the store.
//! - [`link_view`]: the records one record is shown with (links both
//!   ways, shared numbers and names), without reading the store.
//! - [`numbering`]: published numbers and names, and finding two records
//!   that claim one.
//! - [`answers_input`]: answers given as JSON on the command line.
//! - [`merge`]: three-way merge of records field by field; the git merge
//!   driver and conflict resolution.
//! - [`meeting`]: design reviews held on a record: attendees, timers,
//!   captured items and the outcome.
//! - [`setup`]: setting up a clone of a repository that keeps its store in
//!   git (ignore rules, the merge driver, leftovers of killed saves).
//! - [`check`]: the readiness verdict per section, with fixes.
//! - [`doctor`]: store problems (duplicates, broken links, unreadable
//!   files) as data, and their safe repairs.
//! - [`export`]: Markdown, HTML and terminal text from one layout.
//! - [`clock`]: replaceable time.
//! - [`git`]: the one place that runs git.
//! - [`identity`]: who is doing something (author setting, git, login).
//! - [`import`]: bringing in adr-tools, MADR and log4brains folders.
//! - [`config`]: settings from defaults, the config file, the environment
//!   and flags, each with its source.
//! - [`plain`]: the line-by-line (accessible) mode.
//! - [`cli`]: the command line and its exit codes.
//! - [`tui`]: the interactive wizard, review and record list.
//! - [`version`]: which build is running, for derived files.
//! - [`plural`]: "1 record", "2 records" in messages.
//! - [`terminal_text`]: which characters may reach a terminal, and
//!   one-line fields kept to one line.
//! - [`text_file`]: reading a whole text file: size limit, UTF-8 with
//!   the position of a bad byte, only regular files from a store.
//! - [`safe_fs`]: no links followed, only regular files read, in a store
//!   someone else wrote.
//! - [`store_scan`]: links and special files in a store, as data.
//! - [`synth`]: synthetic stores for the benchmarks.
//! - `testing` (unit tests only): helpers the library's tests share.

pub mod answers_input;
pub mod check;
pub mod cli;
pub mod clock;
pub mod config;
pub mod doctor;
pub mod export;
pub mod git;
pub mod identity;
pub mod import;
pub mod link_view;
pub mod list_index;
pub mod meeting;
pub mod merge;
pub mod numbering;
pub mod plain;
pub mod plural;
pub mod questionnaire;
pub mod record;
pub mod safe_fs;
pub mod setup;
pub mod store;
pub mod store_scan;
pub mod synth;
pub mod terminal_text;
#[cfg(test)]
mod testing;
pub mod text_file;
pub mod tui;
pub mod version;
