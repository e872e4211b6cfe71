//! The record store: where it is, listing, loading and saving. This module
//! is the only code that writes files, and every write is atomic.

use std::ffi::OsString;
use std::fmt;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::record::{HANDLE_MIN, Record, RecordId, SCHEMA_VERSION, handle_length};

/// Environment variable that names the store folder.
pub const STORE_ENV: &str = "PREFLIGHT_STORE";

/// Name of the per-repository store folder made by `preflight init`.
pub const REPO_STORE_DIR: &str = ".preflight";

use crate::text_file::{MAX_FILE_BYTES, ReadError, json_message, megabytes, read_stored_text};

const RECORDS_DIR: &str = "records";
const QUESTIONNAIRES_DIR: &str = "questionnaires";

/// How the store was found, for messages such as `list`'s header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreOrigin {
    /// `--store DIR`.
    Flag,
    /// `PREFLIGHT_STORE`.
    Env,
    /// A `.preflight/` folder in the current directory or a parent.
    Repo,
    /// The platform data directory.
    DataDir,
}

impl fmt::Display for StoreOrigin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            StoreOrigin::Flag => "from --store",
            StoreOrigin::Env => "from PREFLIGHT_STORE",
            StoreOrigin::Repo => "repository store",
            StoreOrigin::DataDir => "personal store",
        })
    }
}

/// Everything that can go wrong with the store; each names the path involved.
#[derive(Debug)]
pub enum StoreError {
    /// A file-system call failed.
    Io {
        /// What we were doing.
        action: &'static str,
        /// The path involved.
        path: PathBuf,
        /// The OS error.
        source: io::Error,
    },
    /// The store path exists but is not a folder.
    NotADirectory(PathBuf),
    /// No data directory could be found for this user.
    NoDataDir,
    /// A record file is not valid record JSON.
    Corrupt {
        /// The file.
        path: PathBuf,
        /// 1-based line and column of the problem (0 when unknown).
        line: usize,
        /// Column.
        column: usize,
        /// The parser's message.
        message: String,
    },
    /// A record file holding merge conflict markers.
    Conflicted {
        /// The file.
        path: PathBuf,
        /// 1-based line of the first `<<<<<<<`.
        line: usize,
    },
    /// A record written by a newer preflight.
    NewerSchema {
        /// The file.
        path: PathBuf,
        /// Its schema version.
        found: u64,
    },
    /// The id inside a file does not match its file name.
    IdMismatch {
        /// The file.
        path: PathBuf,
        /// The id inside.
        id: String,
    },
    /// A record file larger than [`MAX_FILE_BYTES`].
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size in bytes (at least this many).
        size: u64,
    },
    /// The file to replace is read-only; it is left as it is.
    ReadOnly(PathBuf),
    /// The argument cannot be a record id.
    InvalidHandle(String),
    /// No record matches.
    NotFound {
        /// What the user typed.
        handle: String,
        /// The store searched.
        root: PathBuf,
    },
    /// More than one record matches.
    Ambiguous {
        /// What the user typed.
        handle: String,
        /// The matching ids.
        candidates: Vec<RecordId>,
    },
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::Io {
                action,
                path,
                source,
            } => write!(f, "cannot {action} {}: {source}", path.display()),
            StoreError::NotADirectory(path) => write!(
                f,
                "the store path {} is not a folder; point --store or PREFLIGHT_STORE at a folder",
                path.display()
            ),
            StoreError::NoDataDir => write!(
                f,
                "no data folder found for this user; set PREFLIGHT_STORE or run `preflight init`"
            ),
            StoreError::Corrupt {
                path,
                line,
                column,
                message,
            } => write!(
                f,
                "{}:{line}:{column}: not a valid record: {message} (the file was left untouched; fix or remove it)",
                path.display()
            ),
            StoreError::Conflicted { path, line } => write!(
                f,
                "unresolved merge conflict in {} (line {line}); pick field by field with `preflight resolve {}`",
                path.display(),
                path.display()
            ),
            StoreError::NewerSchema { path, found } => write!(
                f,
                "{}: written by a newer preflight (record schema {found}; this version reads up to {SCHEMA_VERSION}); upgrade preflight to open it",
                path.display()
            ),
            StoreError::IdMismatch { path, id } => write!(
                f,
                "{}: holds record id {id:?}, which does not match its file name; rename the file to {id}.json",
                path.display()
            ),
            StoreError::TooLarge { path, size } => write!(
                f,
                "{}: {} is larger than the {} a record file may be; it was not read and was left untouched (move it out of the store)",
                path.display(),
                megabytes(*size),
                megabytes(MAX_FILE_BYTES)
            ),
            StoreError::ReadOnly(path) => write!(
                f,
                "{} is read-only, so it was left as it is; make it writable (chmod u+w) or write somewhere else",
                path.display()
            ),
            StoreError::InvalidHandle(handle) => write!(
                f,
                "{handle:?} is not a record id: ids are letters and digits, as shown by `preflight list`"
            ),
            StoreError::NotFound { handle, root } => write!(
                f,
                "no record matches {handle:?} in {}; `preflight list` shows the ids",
                root.display()
            ),
            StoreError::Ambiguous { handle, candidates } => {
                let ids: Vec<&str> = candidates.iter().map(RecordId::as_str).collect();
                write!(
                    f,
                    "{handle:?} matches {} records ({}); type more characters",
                    candidates.len(),
                    ids.join(", ")
                )
            }
        }
    }
}

impl std::error::Error for StoreError {}

fn io_error<'a>(action: &'static str, path: &'a Path) -> impl FnOnce(io::Error) -> StoreError + 'a {
    move |source| StoreError::Io {
        action,
        path: path.to_path_buf(),
        source,
    }
}

impl ReadError {
    /// The error as a [`StoreError`] about the record file `path`.
    fn for_record(self, path: &Path) -> StoreError {
        match self {
            ReadError::Io(source) => StoreError::Io {
                action: "read",
                path: path.to_path_buf(),
                source,
            },
            ReadError::TooLarge(size) => StoreError::TooLarge {
                path: path.to_path_buf(),
                size,
            },
            ReadError::NotUtf8 { line, column, byte } => StoreError::Corrupt {
                path: path.to_path_buf(),
                line,
                column,
                message: format!("byte 0x{byte:02X} is not UTF-8 text (records are UTF-8 JSON)"),
            },
        }
    }
}

/// What `Store::list` found: the records that loaded and the files that did not.
#[derive(Debug, Default)]
pub struct Listing {
    /// Loaded records, oldest first.
    pub records: Vec<Record>,
    /// Files that could not be loaded; they were not touched.
    pub problems: Vec<StoreError>,
    /// Ids of the files that could not be loaded.
    pub unloaded: Vec<RecordId>,
}

impl Listing {
    /// Prefix length that tells apart every record file, including those
    /// that failed to load: `resolve` matches against all of them.
    pub fn handle_length(&self) -> usize {
        file_handle_length(self.records.iter().map(|r| &r.id), &self.unloaded)
    }
}

/// Prefix length that tells apart every record file: those that loaded
/// (`loaded`) and those that did not (`unloaded`), as `resolve` matches
/// against all of them; at least [`HANDLE_MIN`].
pub fn file_handle_length<'a>(
    loaded: impl Iterator<Item = &'a RecordId>,
    unloaded: &'a [RecordId],
) -> usize {
    let ids: Vec<&RecordId> = loaded.chain(unloaded).collect();
    handle_length(&ids, HANDLE_MIN)
}

/// A folder of records (and optional team question sets).
#[derive(Debug, Clone)]
pub struct Store {
    root: PathBuf,
    origin: StoreOrigin,
}

impl Store {
    /// A store at a known folder.
    pub fn at(root: impl Into<PathBuf>, origin: StoreOrigin) -> Store {
        Store {
            root: root.into(),
            origin,
        }
    }

    /// Finds the store, first match wins: `--store`, then `PREFLIGHT_STORE`,
    /// then `.preflight/` in `cwd` or a parent, then the data directory.
    pub fn locate(
        flag: Option<&Path>,
        env: Option<OsString>,
        cwd: &Path,
        data_dir: Option<PathBuf>,
    ) -> Result<Store, StoreError> {
        let store = if let Some(flag) = flag {
            Store::at(cwd.join(flag), StoreOrigin::Flag)
        } else if let Some(env) = env.filter(|v| !v.is_empty()) {
            Store::at(cwd.join(PathBuf::from(env)), StoreOrigin::Env)
        } else if let Some(repo) = find_repo_store(cwd) {
            Store::at(repo, StoreOrigin::Repo)
        } else {
            Store::at(data_dir.ok_or(StoreError::NoDataDir)?, StoreOrigin::DataDir)
        };
        if store.root.exists() && !store.root.is_dir() {
            return Err(StoreError::NotADirectory(store.root));
        }
        Ok(store)
    }

    /// Makes `DIR/.preflight/` with its folders and a README; returns the store.
    /// An existing store is left as it is.
    pub fn init(dir: &Path) -> Result<(Store, bool), StoreError> {
        let root = dir.join(REPO_STORE_DIR);
        if root.exists() && !root.is_dir() {
            return Err(StoreError::NotADirectory(root));
        }
        // A fresh clone has the store but not its empty folders (git keeps
        // no empty folders), so the store folder itself is the sign.
        let existed = root.is_dir();
        let store = Store::at(&root, StoreOrigin::Repo);
        for sub in [store.records_dir(), store.questionnaires_dir()] {
            fs::create_dir_all(&sub).map_err(io_error("create", &sub))?;
        }
        let readme = root.join("README.md");
        if !readme.exists() {
            write_atomic(&readme, STORE_README.as_bytes())?;
        }
        Ok((store, existed))
    }

    /// The store's folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// How the store was found.
    pub fn origin(&self) -> &StoreOrigin {
        &self.origin
    }

    /// Folder of record files.
    pub fn records_dir(&self) -> PathBuf {
        self.root.join(RECORDS_DIR)
    }

    /// Folder of the team's own question sets.
    pub fn questionnaires_dir(&self) -> PathBuf {
        self.root.join(QUESTIONNAIRES_DIR)
    }

    /// The file a record lives in.
    pub fn record_path(&self, id: &RecordId) -> PathBuf {
        self.records_dir().join(format!("{id}.json"))
    }

    /// Ids of every record file, sorted, without reading the files.
    pub fn ids(&self) -> Result<Vec<RecordId>, StoreError> {
        let dir = self.records_dir();
        let entries = match fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(err) => return Err(io_error("read", &dir)(err)),
        };
        let mut ids: Vec<RecordId> = entries
            .filter_map(Result::ok)
            .filter_map(|entry| {
                let name = entry.file_name();
                let stem = name.to_str()?.strip_suffix(".json")?;
                RecordId::parse(stem)
            })
            .collect();
        ids.sort();
        Ok(ids)
    }

    /// Loads every record; a file that fails is reported, not fatal.
    pub fn list(&self) -> Result<Listing, StoreError> {
        let mut listing = Listing::default();
        for id in self.ids()? {
            match self.load(&id) {
                Ok(record) => listing.records.push(record),
                Err(err) => {
                    listing.problems.push(err);
                    listing.unloaded.push(id);
                }
            }
        }
        listing
            .records
            .sort_by(|a, b| a.created.cmp(&b.created).then_with(|| a.id.cmp(&b.id)));
        Ok(listing)
    }

    /// Loads one record by full id.
    pub fn load(&self, id: &RecordId) -> Result<Record, StoreError> {
        self.load_with_content_hash(id).map(|(record, _)| record)
    }

    /// Loads one record with the content hash of the very bytes parsed, so a
    /// later checked save notices any change made after this read.
    pub fn load_with_content_hash(&self, id: &RecordId) -> Result<(Record, u64), StoreError> {
        let path = self.record_path(id);
        let text = read_stored_text(&path).map_err(|err| err.for_record(&path))?;
        let content_hash = content_hash(text.as_bytes());
        let record = parse_record(&text, &path)?;
        if &record.id != id {
            return Err(StoreError::IdMismatch {
                path,
                id: record.id.to_string(),
            });
        }
        Ok((record, content_hash))
    }

    /// Finds the one record whose id starts with `handle`.
    pub fn resolve(&self, handle: &str) -> Result<RecordId, StoreError> {
        // Crockford base32 reads the look-alikes i, l and o as 1, 1 and 0.
        let wanted: String = handle
            .trim()
            .to_ascii_lowercase()
            .chars()
            .map(|c| match c {
                'i' | 'l' => '1',
                'o' => '0',
                other => other,
            })
            .collect();
        let Some(whole) = RecordId::parse(&wanted) else {
            return Err(StoreError::InvalidHandle(handle.to_string()));
        };
        // A whole id names its file: no need to list the folder (an exact
        // match wins over longer ids it starts, as below).
        if fs::symlink_metadata(self.record_path(&whole)).is_ok() {
            return Ok(whole);
        }
        let mut matches: Vec<RecordId> = self
            .ids()?
            .into_iter()
            .filter(|id| id.as_str().starts_with(&wanted))
            .collect();
        if let Some(exact) = matches.iter().find(|id| id.as_str() == wanted) {
            return Ok(exact.clone());
        }
        match matches.len() {
            0 => Err(StoreError::NotFound {
                handle: handle.to_string(),
                root: self.root.clone(),
            }),
            1 => Ok(matches.remove(0)),
            _ => Err(StoreError::Ambiguous {
                handle: handle.to_string(),
                candidates: matches,
            }),
        }
    }

    /// Writes many records, each atomically, flushed to disk together
    /// rather than one fsync per file (see [`BatchWriter`]); for generated
    /// stores and bulk changes. Makes the store folders if needed.
    pub fn save_all(&self, records: &[Record]) -> Result<(), StoreError> {
        self.make_records_dir()?;
        let mut batch = BatchWriter::default();
        for record in records {
            batch.add(&self.record_path(&record.id), &record_to_json(record))?;
        }
        batch.commit()
    }

    /// Makes the records folder if missing; a `records` that is a link is
    /// refused by name, so no save or lock lands outside the store.
    fn make_records_dir(&self) -> Result<PathBuf, StoreError> {
        crate::safe_fs::make_dir_within(&self.root, RECORDS_DIR)
            .map_err(io_error("create", &self.records_dir()))
    }

    /// Writes a derived file (an index) into the store folder `dir`,
    /// made with a `.gitignore` so such files are never committed. Readers
    /// see the old file or the new one, but it is not flushed to disk: a
    /// cache lost in a crash is rebuilt, and an fsync costs more than
    /// reading it saves.
    pub fn write_cache(&self, dir: &str, name: &str, bytes: &[u8]) -> Result<(), StoreError> {
        // Made without following links: a `.cache` linked to a folder
        // outside the store is refused, not written into.
        let dir = crate::safe_fs::make_dir_within(&self.root, dir)
            .map_err(io_error("create", &self.root.join(dir)))?;
        let ignore = dir.join(".gitignore");
        if !ignore.exists() {
            let temp = temp_beside(
                &ignore,
                b"# Derived files: rebuilt by preflight when missing.\n*\n",
            )?;
            temp.persist(&ignore)
                .map_err(|err| io_error("replace", &ignore)(err.error))?;
        }
        let path = dir.join(name);
        let temp = temp_beside(&path, bytes)?;
        temp.persist(&path)
            .map_err(|err| io_error("replace", &path)(err.error))?;
        Ok(())
    }

    /// Writes a record atomically, making the store folders if needed.
    pub fn save(&self, record: &Record) -> Result<PathBuf, StoreError> {
        self.make_records_dir()?;
        let path = self.record_path(&record.id);
        write_atomic(&path, &record_to_json(record))?;
        Ok(path)
    }
}

/// A content hash of a record file's bytes, to notice changes made by
/// someone else between our load and our save.
pub fn content_hash(bytes: &[u8]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::hash::DefaultHasher::new();
    bytes.hash(&mut hasher);
    hasher.finish()
}

/// What a checked save found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaveOutcome {
    /// Written; the new file's content hash.
    Saved(u64),
    /// The file changed on disk since `expected`; nothing was written.
    Conflict,
}

/// Proof that this process is the one editing a record. The OS releases
/// the lock when the process dies, so a killed editor never blocks anyone.
#[derive(Debug)]
pub struct RecordLock {
    file: fs::File,
    path: PathBuf,
}

impl Drop for RecordLock {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.path);
        let _ = self.file.unlock();
    }
}

impl Store {
    /// The content hash of a record's file now, or `None` if it has none.
    pub fn current_content_hash(&self, id: &RecordId) -> Result<Option<u64>, StoreError> {
        let path = self.record_path(id);
        match crate::safe_fs::read_regular(&path, true) {
            Ok(bytes) => Ok(Some(content_hash(&bytes))),
            Err(err) if err.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(err) => Err(io_error("read", &path)(err)),
        }
    }

    /// Saves only if the file on disk is still the one we last saw
    /// (`expected`; `None` means "there should be no file yet").
    pub fn save_checked(
        &self,
        record: &Record,
        expected: Option<u64>,
    ) -> Result<SaveOutcome, StoreError> {
        if self.current_content_hash(&record.id)? != expected {
            return Ok(SaveOutcome::Conflict);
        }
        let bytes = record_to_json(record);
        self.make_records_dir()?;
        write_atomic(&self.record_path(&record.id), &bytes)?;
        Ok(SaveOutcome::Saved(content_hash(&bytes)))
    }

    /// Takes the edit lock on a record; `Ok(None)` when another process
    /// holds it.
    pub fn lock(&self, id: &RecordId) -> Result<Option<RecordLock>, StoreError> {
        let dir = self.make_records_dir()?;
        let path = dir.join(format!(".{id}.lock"));
        let file =
            crate::safe_fs::create_lock(&path).map_err(io_error("open the lock file", &path))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) => return Ok(None),
            Err(fs::TryLockError::Error(err)) => return Err(io_error("lock", &path)(err)),
        }
        // The holder deletes the lock file when it lets go; if that happened
        // between our open and our lock, we locked a file that no longer has
        // this name, so take the lock again on the current file.
        if !same_file(&file, &path) {
            drop(file);
            return self.lock(id);
        }
        Ok(Some(RecordLock { file, path }))
    }
}

#[cfg(unix)]
fn same_file(file: &fs::File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_file: &fs::File, _path: &Path) -> bool {
    true
}

/// Makes a folder (and its parents) for exports.
pub fn create_dir(dir: &Path) -> Result<(), StoreError> {
    fs::create_dir_all(dir).map_err(io_error("create", dir))
}

/// Refuses an output path that is a folder or whose folder does not exist,
/// saying which, before anything is written.
pub fn check_output_path(out: &Path) -> Result<(), String> {
    if out.is_dir() {
        return Err(format!(
            "{} is a folder; give a file name such as {}",
            out.display(),
            out.join("record.md").display()
        ));
    }
    if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty())
        && !parent.is_dir()
    {
        return Err(format!(
            "{}: the folder {} does not exist; create it first",
            out.display(),
            parent.display()
        ));
    }
    Ok(())
}

/// The bytes a record is stored as: pretty JSON in a fixed key order, with a
/// final newline, so records diff and merge well in git.
pub fn record_to_json(record: &Record) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(record).unwrap_or_else(|err| {
        // Serialising plain data to a Vec cannot fail; keep a trace if it does.
        format!("{{\"error\": {:?}}}", err.to_string()).into_bytes()
    });
    bytes.push(b'\n');
    bytes
}

/// Parses a record file's text, refusing newer schemas before anything else.
pub fn parse_record(text: &str, path: &Path) -> Result<Record, StoreError> {
    // Some editors start UTF-8 files with a byte-order mark; JSON has none.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // The common case in one pass: a record this version reads. Only a file
    // that does not parse as one is looked at again to say why (a newer
    // schema, no schema, the wrong shape, which field, or where the JSON
    // breaks); parsing every file twice made listing and exporting a big
    // store slower.
    if let Ok(record) = serde_json::from_str::<Record>(text) {
        if record.schema <= SCHEMA_VERSION {
            return Ok(record);
        }
        return Err(StoreError::NewerSchema {
            path: path.to_path_buf(),
            found: u64::from(record.schema),
        });
    }
    let corrupt_at = |line: usize, column: usize, message: String| StoreError::Corrupt {
        path: path.to_path_buf(),
        line,
        column,
        message,
    };
    let corrupt = |err: serde_json::Error| {
        let mut message = json_message(&err);
        if err.is_eof() {
            message.push_str("; the file ends too early, as if cut short");
        }
        corrupt_at(err.line(), err.column(), message)
    };
    if text.trim().is_empty() {
        return Err(corrupt_at(1, 1, "the file is empty".into()));
    }
    if let Some(line) = crate::merge::markers::first_marker_line(text)
        && crate::merge::markers::has_markers(text)
    {
        return Err(StoreError::Conflicted {
            path: path.to_path_buf(),
            line,
        });
    }
    let value: serde_json::Value = serde_json::from_str(text).map_err(corrupt)?;
    let shape = match &value {
        serde_json::Value::Object(_) => None,
        serde_json::Value::Array(_) => Some("an array"),
        serde_json::Value::String(_) => Some("a string"),
        serde_json::Value::Number(_) => Some("a number"),
        serde_json::Value::Bool(_) => Some("true or false"),
        serde_json::Value::Null => Some("null"),
    };
    if let Some(shape) = shape {
        return Err(corrupt_at(
            1,
            1,
            format!(
                "the file holds {shape}, not a record (a JSON object with a \"schema\" number)"
            ),
        ));
    }
    match value.get("schema").and_then(serde_json::Value::as_u64) {
        Some(found) if found > u64::from(SCHEMA_VERSION) => {
            return Err(StoreError::NewerSchema {
                path: path.to_path_buf(),
                found,
            });
        }
        Some(_) => {}
        None => {
            return Err(corrupt_at(
                1,
                1,
                "no \"schema\" number: this is not a preflight record".into(),
            ));
        }
    }
    // Parse the text again (not the Value) so errors keep their line
    // numbers, tracking the path so a wrong type names its field.
    let mut deserializer = serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize(&mut deserializer).map_err(|err| {
        let field = err.path().to_string();
        let err = err.into_inner();
        let position = (err.line(), err.column());
        let mut message = json_message(&err);
        if field != "." && !field.is_empty() {
            message = format!("field {field}: {message}");
        }
        corrupt_at(position.0, position.1, message)
    })
}

fn find_repo_store(cwd: &Path) -> Option<PathBuf> {
    cwd.ancestors()
        .map(|dir| dir.join(REPO_STORE_DIR))
        .find(|candidate| candidate.is_dir())
}

/// The folder a file is written in ("." for a bare name).
fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    }
}

/// A temp file beside `path` holding `bytes`, with the mode `path` has (or
/// an ordinary file's), not yet flushed to disk.
fn temp_beside(path: &Path, bytes: &[u8]) -> Result<tempfile::NamedTempFile, StoreError> {
    let dir = parent_dir(path);
    // A rename replaces a read-only file as easily as any other (and root
    // ignores permissions anyway): the missing write bits are the owner's
    // "leave this alone", so honour them before writing anything.
    if fs::metadata(path).is_ok_and(|m| m.permissions().readonly()) {
        return Err(StoreError::ReadOnly(path.to_path_buf()));
    }
    let mut builder = tempfile::Builder::new();
    builder.prefix(".preflight-").suffix(".tmp");
    // Temp files are private (0600) by default; the result should have the
    // mode the file already had, or an ordinary file's mode under the umask.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    let mut temp = builder
        .tempfile_in(dir)
        .map_err(io_error("create a temporary file in", dir))?;
    if let Ok(existing) = fs::metadata(path) {
        temp.as_file()
            .set_permissions(existing.permissions())
            .map_err(io_error("set permissions on", path))?;
    }
    temp.write_all(bytes).map_err(io_error("write", path))?;
    Ok(temp)
}

/// Writes `bytes` to `path` so that readers see the old file or the new one,
/// never a mix: a temp file in the same folder, fsync, rename, fsync folder.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    let temp = temp_beside(path, bytes)?;
    temp.as_file().sync_all().map_err(io_error("flush", path))?;
    temp.persist(path)
        .map_err(|err| io_error("replace", path)(err.error))?;
    sync_dir(parent_dir(path));
    Ok(())
}

/// Many atomic writes with one flush to disk: each file goes to a temp file
/// beside it, `commit` flushes them all at once and then renames each into
/// place, so every file is still the old one or the new one, never a mix,
/// and no new name points at unflushed data. One fsync per file costs about
/// 7 ms on our machine, which made `export --all` of 10,000 records take
/// over a minute (docs/benchmarks.md). Dropped without `commit`, nothing is
/// replaced and the temp files are removed.
#[derive(Debug, Default)]
pub struct BatchWriter {
    pending: Vec<(tempfile::TempPath, PathBuf)>,
}

impl BatchWriter {
    /// Writes `bytes` into a temp file beside `path` (closed at once, so a
    /// large batch does not run out of file handles).
    pub fn add(&mut self, path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
        let temp = temp_beside(path, bytes)?;
        self.pending
            .push((temp.into_temp_path(), path.to_path_buf()));
        Ok(())
    }

    /// Takes over the files waiting in `other`, so batches filled on
    /// several threads are put in place with one flush.
    pub fn append(&mut self, other: BatchWriter) {
        self.pending.extend(other.pending);
    }

    /// How many files are waiting.
    pub fn len(&self) -> usize {
        self.pending.len()
    }

    /// Whether nothing is waiting.
    pub fn is_empty(&self) -> bool {
        self.pending.is_empty()
    }

    /// Flushes every temp file to disk, then renames each into place and
    /// flushes the folders.
    pub fn commit(self) -> Result<(), StoreError> {
        let mut dirs: Vec<PathBuf> = self
            .pending
            .iter()
            .map(|(_, path)| parent_dir(path).to_path_buf())
            .collect();
        dirs.sort();
        dirs.dedup();
        flush_all(&self.pending, &dirs)?;
        for (temp, path) in self.pending {
            temp.persist(&path)
                .map_err(|err| io_error("replace", &path)(err.error))?;
        }
        for dir in &dirs {
            sync_dir(dir);
        }
        Ok(())
    }
}

/// Makes the temp files' data durable: on Linux one `syncfs` per file
/// system (the folders), elsewhere an fsync per file.
#[cfg(target_os = "linux")]
fn flush_all(
    _pending: &[(tempfile::TempPath, PathBuf)],
    dirs: &[PathBuf],
) -> Result<(), StoreError> {
    for dir in dirs {
        let handle = fs::File::open(dir).map_err(io_error("open", dir))?;
        rustix::fs::syncfs(&handle).map_err(|err| io_error("flush", dir)(err.into()))?;
    }
    Ok(())
}

#[cfg(not(target_os = "linux"))]
fn flush_all(
    pending: &[(tempfile::TempPath, PathBuf)],
    _dirs: &[PathBuf],
) -> Result<(), StoreError> {
    for (temp, path) in pending {
        fs::OpenOptions::new()
            .write(true)
            .open(temp)
            .and_then(|file| file.sync_all())
            .map_err(io_error("flush", path))?;
    }
    Ok(())
}

#[cfg(unix)]
fn sync_dir(dir: &Path) {
    // Makes the rename itself durable; a failure here cannot lose data that
    // the rename already made visible, so it is not reported.
    if let Ok(handle) = fs::File::open(dir) {
        let _ = handle.sync_all();
    }
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path) {}

const STORE_README: &str = "# Decision records\n\nThis folder holds this repository's production decision records, made with\npreflight. Each record answers four\nquestions about a proposed change: what breaks when it fails, who owns it at\n3 AM, what it costs at 10x, and what the rollback is.\n\n- `records/`: one JSON file per record. Edit them with `preflight`, not by hand.\n- `questionnaires/`: the team's own question sets, if any.\n\nRun `preflight list` to see the records and `preflight export ID` to read one.\n";
