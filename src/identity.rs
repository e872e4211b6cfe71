//! Who is doing something, from one place for every command, the wizard,
//! meetings and the status history: the `author` setting (config file or
//! `PREFLIGHT_AUTHOR`), else git's `user.name`, else the login name
//! (`$USER`, `$USERNAME` on Windows). A flag such as `--who` still wins
//! where a command offers one.

use crate::config::{Settings, Source};

/// The login name from the environment, if any.
pub fn login_name() -> Option<(String, &'static str)> {
    ["USER", "USERNAME"].into_iter().find_map(|var| {
        std::env::var(var)
            .ok()
            .map(|name| name.trim().to_string())
            .filter(|name| !name.is_empty())
            .map(|name| (name, var))
    })
}

/// The person running preflight, and where the name came from; empty
/// (with [`Source::Default`]) when none of the sources has one.
pub fn current(settings: &Settings) -> (String, Source) {
    let setting = settings.author();
    (setting.value, setting.source)
}

/// Who made a change: `flag` when given, else [`current`].
pub fn who(flag: Option<&str>, settings: &Settings) -> String {
    match flag.map(str::trim).filter(|f| !f.is_empty()) {
        Some(name) => name.to_string(),
        None => current(settings).0,
    }
}
