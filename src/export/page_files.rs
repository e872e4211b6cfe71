//! The files of a folder export put in place: each page is written to a
//! temp file beside its name while pages are made (on every core), and all
//! are renamed over their names at the end, once every page was made, so a
//! reader (a site generator, a web server, `git add`) sees each page whole,
//! old or new, and an export that fails part way replaces nothing.
//!
//! Unlike [`crate::store::BatchWriter`] (records, which are the only copy
//! of someone's work), pages are not flushed to disk: they are derived from
//! the records, the next export makes any page a crash lost again, and the
//! export manifest never trusts a page whose stamp or bytes are not the ones
//! it recorded (a page emptied by a crash has another length). Flushing
//! cost `syncfs` on the whole file system, waiting for every other
//! program's writes as well.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::store::StoreError;

/// Pages waiting to be put in place.
#[derive(Debug, Default)]
pub struct PageFiles {
    pending: Vec<(tempfile::TempPath, PathBuf)>,
}

impl PageFiles {
    /// Writes `bytes` into a temp file beside `path` (closed at once, so
    /// 10,000 pages do not run out of file handles). `existing` is the
    /// metadata of the file at `path` now, if there is one: a read-only
    /// file is refused (its missing write bits are its owner's "leave this
    /// alone", and a rename would replace it regardless), and the page
    /// keeps the file's permissions; a new page gets an ordinary file's
    /// mode under the umask.
    pub fn add(
        &mut self,
        path: &Path,
        bytes: &[u8],
        existing: Option<&fs::Metadata>,
    ) -> Result<(), StoreError> {
        if existing.is_some_and(|meta| meta.permissions().readonly()) {
            return Err(StoreError::ReadOnly(path.to_path_buf()));
        }
        let dir = match path.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent,
            _ => Path::new("."),
        };
        let mut builder = tempfile::Builder::new();
        builder.prefix(".preflight-").suffix(".tmp");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(fs::Permissions::from_mode(0o666));
        }
        let mut temp = builder
            .tempfile_in(dir)
            .map_err(failed("create a temporary file in", dir))?;
        if let Some(meta) = existing {
            temp.as_file()
                .set_permissions(meta.permissions())
                .map_err(failed("set permissions on", path))?;
        }
        temp.write_all(bytes).map_err(failed("write", path))?;
        self.pending
            .push((temp.into_temp_path(), path.to_path_buf()));
        Ok(())
    }

    /// Takes over the pages waiting in `other` (filled on another thread).
    pub fn append(&mut self, other: PageFiles) {
        self.pending.extend(other.pending);
    }

    /// How many pages are waiting.
    pub fn len(&self) -> usize {
        self.pending.len()
    }

    /// Whether no page is waiting.
    pub fn is_empty(&self) -> bool {
        self.pending.is_empty()
    }

    /// Renames every page over its name. A failure stops there; the temp
    /// files not yet renamed are removed.
    pub fn commit(self) -> Result<(), StoreError> {
        for (temp, path) in self.pending {
            temp.persist(&path)
                .map_err(|err| failed("replace", &path)(err.error))?;
        }
        Ok(())
    }
}

fn failed<'a>(action: &'static str, path: &'a Path) -> impl FnOnce(io::Error) -> StoreError + 'a {
    move |source| StoreError::Io {
        action,
        path: path.to_path_buf(),
        source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .expect("read dir")
            .map(|entry| entry.expect("entry").file_name().to_string_lossy().into())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn pages_replace_nothing_until_committed_and_leave_no_temp_files() {
        let dir = tempfile::tempdir().expect("temp dir");
        let old = dir.path().join("old.md");
        fs::write(&old, "old page").expect("write");
        let meta = fs::metadata(&old).expect("meta");
        let mut pages = PageFiles::default();
        pages.add(&old, b"new page", Some(&meta)).expect("add");
        let mut other = PageFiles::default();
        other
            .add(&dir.path().join("new.md"), b"a new page", None)
            .expect("add");
        pages.append(other);
        assert_eq!(pages.len(), 2);
        assert_eq!(fs::read_to_string(&old).expect("read"), "old page");
        pages.commit().expect("commit");
        assert_eq!(fs::read_to_string(&old).expect("read"), "new page");
        assert_eq!(names(dir.path()), ["new.md", "old.md"]);

        // Dropped without a commit (an export that stopped): nothing
        // replaced, nothing left behind.
        let mut dropped = PageFiles::default();
        dropped.add(&old, b"never", None).expect("add");
        drop(dropped);
        assert_eq!(fs::read_to_string(&old).expect("read"), "new page");
        assert_eq!(names(dir.path()), ["new.md", "old.md"]);
    }

    #[test]
    fn a_read_only_page_is_refused_before_anything_is_written() {
        let dir = tempfile::tempdir().expect("temp dir");
        let page = dir.path().join("kept.md");
        fs::write(&page, "protected").expect("write");
        let mut permissions = fs::metadata(&page).expect("meta").permissions();
        permissions.set_readonly(true);
        fs::set_permissions(&page, permissions).expect("read-only");
        let meta = fs::metadata(&page).expect("meta");
        let mut pages = PageFiles::default();
        let err = pages.add(&page, b"replaced", Some(&meta));
        assert!(matches!(err, Err(StoreError::ReadOnly(_))), "{err:?}");
        assert!(pages.is_empty());
        assert_eq!(names(dir.path()), ["kept.md"]);
    }

    #[cfg(unix)]
    #[test]
    fn a_replaced_page_keeps_its_mode_and_a_new_one_gets_an_ordinary_one() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("temp dir");
        let reference = dir.path().join("reference");
        fs::File::create(&reference).expect("create");
        let ordinary = fs::metadata(&reference).expect("meta").permissions().mode() & 0o777;
        let existing = dir.path().join("existing.md");
        fs::write(&existing, "old").expect("write");
        fs::set_permissions(&existing, fs::Permissions::from_mode(0o640)).expect("chmod");
        let meta = fs::metadata(&existing).expect("meta");
        let fresh = dir.path().join("fresh.md");
        let mut pages = PageFiles::default();
        pages.add(&existing, b"new", Some(&meta)).expect("add");
        pages.add(&fresh, b"fresh", None).expect("add");
        pages.commit().expect("commit");
        let mode = |path: &Path| fs::metadata(path).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode(&existing), 0o640);
        assert_eq!(mode(&fresh), ordinary);
    }
}
