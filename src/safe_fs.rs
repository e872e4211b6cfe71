//! Opening and creating files in a store someone else may have written
//! (it arrives by `git pull`): no symbolic link is followed where preflight
//! did not expect one, and only regular files are read, never waited on.
//!
//! - Locks are created with `O_NOFOLLOW`: a `records/.ID.lock` that is a
//!   link (even to a missing file) is refused by name, not created through.
//! - Derived folders (`.cache/`, `.cache/exports/`) are made one component
//!   at a time, and a component that is a link is refused by name, so a
//!   `.cache` linked to a folder outside the store gets nothing written.
//!   Temp files are created with `O_EXCL` (tempfile does), and renames
//!   replace a link rather than write through it.
//! - Record, question-set and cache files are opened with `O_NONBLOCK` and
//!   checked on the opened file (`fstat`, so nothing can be swapped in
//!   between a check and the open): a FIFO, a device such as `/dev/tty`, a
//!   socket or a folder is refused with what it is, never read or waited on.
//!
//! [`crate::store_scan`] reports such links and files as data.

use std::fs::{self, File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};

/// What a file system entry is, in words, when it is not a regular file.
pub fn kind_of(file_type: &fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if file_type.is_char_device() {
            return "a character device";
        }
        if file_type.is_block_device() {
            return "a block device";
        }
        if file_type.is_socket() {
            return "a socket";
        }
    }
    if file_type.is_symlink() {
        "a symbolic link"
    } else if file_type.is_dir() {
        "a folder"
    } else if file_type.is_file() {
        "a regular file"
    } else {
        "not a regular file"
    }
}

/// The error for a path that is not a regular file.
fn not_regular(what: &str) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidInput,
        format!("it is {what}, not a regular file"),
    )
}

/// The error for an entry of the wrong kind where preflight keeps one of
/// its own (`expected` says which): "PATH is a socket, not a lock file;
/// remove it and try again".
fn wrong_kind(path: &Path, file_type: &fs::FileType, expected: &str) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidInput,
        format!(
            "{} is {}, {expected}; remove it and try again",
            path.display(),
            kind_of(file_type)
        ),
    )
}

/// The error for a link met where none was expected.
pub fn link_refused(path: &Path) -> io::Error {
    let target = fs::read_link(path)
        .map(|t| format!(" (to {})", t.display()))
        .unwrap_or_default();
    io::Error::new(
        io::ErrorKind::InvalidInput,
        format!(
            "{} is a symbolic link{target}; preflight does not follow links it did not make. Remove it (it holds nothing of preflight's) and try again",
            path.display()
        ),
    )
}

/// Whether `err` is the OS refusing to follow a link (`O_NOFOLLOW`).
#[cfg(unix)]
fn is_link_loop(err: &io::Error) -> bool {
    err.raw_os_error() == Some(libc::ELOOP)
}

/// Opens a file for reading without ever blocking, and only if it is a
/// regular file: `follow` says whether a link to one is read through (a
/// record file linked to a file elsewhere is) or refused (a cache file).
pub fn open_regular(path: &Path, follow: bool) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        let nofollow = if follow { 0 } else { libc::O_NOFOLLOW };
        options.custom_flags(libc::O_NONBLOCK | nofollow);
    }
    #[cfg(not(unix))]
    if !follow && fs::symlink_metadata(path)?.file_type().is_symlink() {
        return Err(link_refused(path));
    }
    let file = match options.open(path) {
        Ok(file) => file,
        #[cfg(unix)]
        Err(err) if !follow && is_link_loop(&err) => return Err(link_refused(path)),
        Err(err) => return Err(err),
    };
    // Checked on the opened file: what was opened is what is read.
    let file_type = file.metadata()?.file_type();
    if !file_type.is_file() {
        return Err(not_regular(kind_of(&file_type)));
    }
    Ok(file)
}

/// Reads a whole regular file (see [`open_regular`]).
pub fn read_regular(path: &Path, follow: bool) -> io::Result<Vec<u8>> {
    use std::io::Read;
    let mut bytes = Vec::new();
    open_regular(path, follow)?.read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Opens (creating it if missing) a lock file for writing, never through a
/// link: a link at `path`, even a dangling one, is refused by name.
pub fn create_lock(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.create(true).truncate(false).write(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    #[cfg(not(unix))]
    if fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(link_refused(path));
    }
    let file = match options.open(path) {
        Ok(file) => file,
        #[cfg(unix)]
        Err(err) if is_link_loop(&err) => return Err(link_refused(path)),
        Err(err) => return Err(err),
    };
    let file_type = file.metadata()?.file_type();
    if !file_type.is_file() {
        return Err(wrong_kind(path, &file_type, "not a lock file"));
    }
    Ok(file)
}

/// Makes the folder `relative` (such as `.cache/exports`) inside `root`,
/// one component at a time, refusing any component that is a link or not a
/// folder. `root` itself (made if missing) may be a link (a symlinked
/// store is used in place); nothing below it may be.
pub fn make_dir_within(root: &Path, relative: &str) -> io::Result<PathBuf> {
    fs::create_dir_all(root)?;
    let mut dir = root.to_path_buf();
    for part in relative.split('/').filter(|p| !p.is_empty()) {
        dir.push(part);
        match fs::create_dir(&dir) {
            Ok(()) => continue,
            Err(err) if err.kind() == io::ErrorKind::AlreadyExists => {}
            Err(err) => return Err(err),
        }
        let file_type = fs::symlink_metadata(&dir)?.file_type();
        if file_type.is_symlink() {
            return Err(link_refused(&dir));
        }
        if !file_type.is_dir() {
            return Err(wrong_kind(
                &dir,
                &file_type,
                "where preflight keeps a folder",
            ));
        }
    }
    Ok(dir)
}

/// Checks that no folder of `relative` inside `root` that exists is a link
/// (or anything but a folder), without making any: for reading or
/// removing a derived file, which must not happen through a `.cache`
/// linked elsewhere either.
pub fn check_within(root: &Path, relative: &str) -> io::Result<()> {
    let mut dir = root.to_path_buf();
    for part in relative.split('/').filter(|p| !p.is_empty()) {
        dir.push(part);
        match fs::symlink_metadata(&dir) {
            Ok(meta) if meta.file_type().is_symlink() => return Err(link_refused(&dir)),
            Ok(meta) if !meta.is_dir() => return Err(not_regular(kind_of(&meta.file_type()))),
            Ok(_) => {}
            Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(()),
            Err(err) => return Err(err),
        }
    }
    Ok(())
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_fifo_is_refused_at_once_not_waited_on() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("x.json");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !made.is_ok_and(|s| s.success()) {
            assert!(std::env::var_os("CI").is_none(), "mkfifo is missing in CI");
            eprintln!("SKIPPED: mkfifo not available");
            return;
        }
        let err = open_regular(&fifo, true).err().map(|e| e.to_string());
        assert_eq!(
            err.as_deref(),
            Some("it is a named pipe (FIFO), not a regular file")
        );
    }

    #[test]
    fn a_lock_that_is_a_dangling_link_is_refused_and_nothing_is_created() {
        let dir = tempfile::tempdir().unwrap();
        let outside = dir.path().join("outside-file");
        let lock = dir.path().join(".x.lock");
        std::os::unix::fs::symlink(&outside, &lock).unwrap();
        let err = create_lock(&lock)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("is a symbolic link"), "{err}");
        assert!(!outside.exists());
    }

    #[test]
    fn a_linked_component_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let elsewhere = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(elsewhere.path(), dir.path().join(".cache")).unwrap();
        let err = make_dir_within(dir.path(), ".cache/exports")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains(".cache is a symbolic link"), "{err}");
        assert!(!elsewhere.path().join("exports").exists());
    }
}
