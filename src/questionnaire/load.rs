//! Finds and parses question sets: the built-in ones, the user's config dir
//! and the store's `questionnaires/` folder. A broken file is reported and
//! skipped; the other sets still load.

use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

use super::model::QuestionSet;
use super::validate::validate;
use crate::text_file::{ReadError, json_message, read_stored_text};

/// The default set, compiled in so the app works with no files installed.
pub const PRODUCTION_JSON: &str = include_str!("../../questionnaires/production.json");

/// The set that holds the text of imported decision records (context,
/// decision, consequences, options...), compiled in like the default set.
pub const IMPORTED_JSON: &str = include_str!("../../questionnaires/imported.json");

/// The set of imported text ([`IMPORTED_JSON`]), parsed once. It is
/// compiled in and a test parses it, so it cannot fail for a user.
pub fn imported_set() -> &'static QuestionSet {
    static SET: std::sync::OnceLock<QuestionSet> = std::sync::OnceLock::new();
    SET.get_or_init(|| {
        let set: QuestionSet = serde_json::from_str(IMPORTED_JSON)
            .expect("questionnaires/imported.json is a question set");
        let problems = super::validate::validate_part(&set);
        assert!(
            problems.is_empty(),
            "questionnaires/imported.json: {problems:?}"
        );
        set
    })
}

/// Id of the set new records use unless told otherwise.
pub const DEFAULT_SET_ID: &str = "production";

/// Where a set came from; later sources override earlier ones with the same id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SetSource {
    /// Compiled into the binary.
    BuiltIn,
    /// A file in the user's config dir or the store.
    File(PathBuf),
}

impl fmt::Display for SetSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SetSource::BuiltIn => f.write_str("built-in"),
            SetSource::File(path) => write!(f, "{}", path.display()),
        }
    }
}

/// A question-set file that could not be used, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetError {
    /// The file (or `built-in`).
    pub source: SetSource,
    /// 1-based line and column, when the JSON parser knows them.
    pub position: Option<(usize, usize)>,
    /// JSON path of the mistake, when validation found it.
    pub path: Option<String>,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for SetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.source)?;
        if let Some((line, column)) = self.position {
            write!(f, ":{line}:{column}")?;
        }
        if let Some(path) = &self.path {
            write!(f, " at {path}")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// A usable set and where it came from.
#[derive(Debug, Clone)]
pub struct LoadedSet {
    /// The set.
    pub set: QuestionSet,
    /// Its origin.
    pub source: SetSource,
}

/// Every usable set, plus the files that could not be used.
#[derive(Debug, Clone, Default)]
pub struct SetCatalog {
    /// Usable sets, one per id, sorted by id.
    pub sets: Vec<LoadedSet>,
    /// Problems found while loading; these sets are left out.
    pub problems: Vec<SetError>,
}

impl SetCatalog {
    /// Only the built-in sets.
    pub fn built_in() -> SetCatalog {
        let mut catalog = SetCatalog::default();
        match parse_set(PRODUCTION_JSON, SetSource::BuiltIn) {
            Ok(set) => catalog.insert(set, SetSource::BuiltIn),
            Err(errors) => catalog.problems.extend(errors),
        }
        catalog
    }

    /// Built-in sets, then each folder in order; a later set with the same id
    /// replaces an earlier one (so a team can adapt the default set).
    pub fn load(folders: &[PathBuf]) -> SetCatalog {
        let mut catalog = SetCatalog::built_in();
        for folder in folders {
            catalog.load_folder(folder);
        }
        catalog
    }

    fn load_folder(&mut self, folder: &Path) {
        let entries = match fs::read_dir(folder) {
            Ok(entries) => entries,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => return,
            Err(err) => {
                self.problems.push(SetError {
                    source: SetSource::File(folder.to_path_buf()),
                    position: None,
                    path: None,
                    message: format!("cannot read the folder: {err}"),
                });
                return;
            }
        };
        let mut files: Vec<PathBuf> = entries
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
            .collect();
        files.sort();
        let mut seen_here: Vec<(String, PathBuf)> = Vec::new();
        for file in files {
            let source = SetSource::File(file.clone());
            let text = match read_stored_text(&file) {
                Ok(text) => text,
                Err(ReadError::NotUtf8 { line, column, byte }) => {
                    self.problems.push(SetError {
                        source,
                        position: Some((line, column)),
                        path: None,
                        message: format!(
                            "byte 0x{byte:02X} is not UTF-8 text; save the file as UTF-8"
                        ),
                    });
                    continue;
                }
                Err(err) => {
                    self.problems.push(SetError {
                        source,
                        position: None,
                        path: None,
                        message: format!("cannot read the file: {err}"),
                    });
                    continue;
                }
            };
            match parse_set(&text, source.clone()) {
                Ok(set) => {
                    if let Some((_, first)) = seen_here.iter().find(|(id, _)| *id == set.id) {
                        self.problems.push(SetError {
                            source,
                            position: None,
                            path: Some("id".into()),
                            message: format!(
                                "duplicate set id {:?}: {} already defines it; rename one of them",
                                set.id,
                                first.display()
                            ),
                        });
                        continue;
                    }
                    seen_here.push((set.id.clone(), file.clone()));
                    self.insert(set, source);
                }
                Err(errors) => self.problems.extend(errors),
            }
        }
    }

    fn insert(&mut self, set: QuestionSet, source: SetSource) {
        self.sets.retain(|loaded| loaded.set.id != set.id);
        self.sets.push(LoadedSet { set, source });
        self.sets.sort_by(|a, b| a.set.id.cmp(&b.set.id));
    }

    /// The set with this id.
    pub fn get(&self, id: &str) -> Option<&QuestionSet> {
        self.sets
            .iter()
            .find(|loaded| loaded.set.id == id)
            .map(|loaded| &loaded.set)
    }
}

/// Parses and validates one set; every problem found is returned.
pub fn parse_set(text: &str, source: SetSource) -> Result<QuestionSet, Vec<SetError>> {
    // Some editors start UTF-8 files with a byte-order mark; JSON has none.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let set: QuestionSet = serde_json::from_str(text).map_err(|err| {
        vec![SetError {
            source: source.clone(),
            position: Some((err.line(), err.column())),
            path: None,
            message: json_message(&err),
        }]
    })?;
    let problems = validate(&set);
    if problems.is_empty() {
        Ok(set)
    } else {
        Err(problems
            .into_iter()
            .map(|p| SetError {
                source: source.clone(),
                position: None,
                path: Some(p.path),
                message: p.message,
            })
            .collect())
    }
}
