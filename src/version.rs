//! Which build of preflight is running, for derived files (the list index,
//! the export manifest) that must not be trusted across builds: readiness
//! rules and export layout live in code, and builds installed from git
//! between releases share a version number.

use std::sync::OnceLock;
use std::time::UNIX_EPOCH;

/// The package version plus the running executable's size and modified
/// time, so any rebuild counts as another build. Falls back to the version
/// alone when the executable cannot be looked at.
pub fn build_id() -> &'static str {
    static ID: OnceLock<String> = OnceLock::new();
    ID.get_or_init(|| {
        let version = env!("CARGO_PKG_VERSION");
        let stamp = std::env::current_exe()
            .and_then(std::fs::metadata)
            .ok()
            .and_then(|meta| {
                let modified = meta.modified().ok()?.duration_since(UNIX_EPOCH).ok()?;
                Some(format!("{}-{}", meta.len(), modified.as_nanos()))
            });
        match stamp {
            Some(stamp) => format!("{version}+{stamp}"),
            None => version.to_string(),
        }
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_build_id_starts_with_the_version_and_is_stable() {
        let id = super::build_id();
        assert!(id.starts_with(env!("CARGO_PKG_VERSION")), "{id}");
        assert!(id.contains('+'), "the test binary can be looked at: {id}");
        assert_eq!(super::build_id(), id);
    }
}
