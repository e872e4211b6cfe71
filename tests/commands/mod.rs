//! The command line end to end: each test runs the real binary in its own
//! temporary world (see `common`).

mod actions;
mod check;
mod check_ci;
mod config;
mod corrupt;
mod doctor;
mod exit_codes;
mod export;
mod export_cache;
mod handles;
mod hugo;
mod import;
mod init;
mod json;
mod lifecycle;
mod list;
mod location;
mod new;
mod one_record;
mod pipe;
mod plain;
pub(crate) mod publish;
mod sets;
mod shell;
