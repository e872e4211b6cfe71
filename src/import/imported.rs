//! The part of a record that came from another tool's decision record:
//! where it came from (so a second import recognises it) and its text,
//! kept whole, in the fields of the `imported` question set.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::record::Answer;

/// The tool whose record format a file follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceFormat {
    /// adr-tools and Michael Nygard's template: `# N. Title`, `Date:`,
    /// `## Status`, `## Context`, `## Decision`, `## Consequences`.
    Nygard,
    /// MADR 2.x (metadata as a bullet list), 3.x and 4.x (YAML front matter).
    Madr,
    /// log4brains: MADR with a bullet list of metadata and dated file names.
    Log4brains,
}

impl SourceFormat {
    /// Every format.
    pub const ALL: [SourceFormat; 3] = [
        SourceFormat::Nygard,
        SourceFormat::Madr,
        SourceFormat::Log4brains,
    ];

    /// The name used on the command line and in record files.
    pub fn name(self) -> &'static str {
        match self {
            SourceFormat::Nygard => "nygard",
            SourceFormat::Madr => "madr",
            SourceFormat::Log4brains => "log4brains",
        }
    }
}

impl fmt::Display for SourceFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What a record keeps of the file it was imported from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Imported {
    /// The format the file was read as.
    pub format: SourceFormat,
    /// The folder it was imported from, relative to the store's folder
    /// when it shares a parent with it (so every clone of a repository
    /// names it alike), `/`-separated.
    pub folder: String,
    /// The file's name inside that folder.
    pub file: String,
    /// The number the file gave the decision, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<u32>,
    /// The status as the file wrote it ("Superceded by [3. …](…)").
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub status: String,
    /// The decision's date as the file gave it; absent when it gave none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<jiff::civil::Date>,
    /// A hash of the file's bytes when last imported: a changed file is
    /// only taken in again with `--update`.
    pub hash: String,
    /// The file's YAML front matter, key by key, as JSON values.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub front_matter: BTreeMap<String, Value>,
    /// The file's prose by field id of the `imported` question set.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub answers: BTreeMap<String, Answer>,
    /// Keys written by a newer preflight, kept as they are.
    #[serde(flatten)]
    pub unknown_keys: BTreeMap<String, Value>,
}

impl Imported {
    /// "doc/adr/0002-use-postgres.md": the folder and file together.
    pub fn source_path(&self) -> String {
        if self.folder.is_empty() || self.folder == "." {
            self.file.clone()
        } else {
            format!("{}/{}", self.folder.trim_end_matches('/'), self.file)
        }
    }
}
