//! Where "now" comes from, replaceable so tests never depend on the wall clock.

use jiff::Timestamp;

/// Environment variable that fixes the clock (RFC 3339), for reproducible
/// output such as the samples in `assets/`.
pub const NOW_ENV: &str = "PREFLIGHT_NOW";

/// A source of the current time.
pub trait Clock {
    /// The current instant.
    fn now(&self) -> Timestamp;
}

/// The system clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Timestamp {
        Timestamp::now()
    }
}

/// A clock that always says the same instant (tests, `PREFLIGHT_NOW`).
#[derive(Debug, Clone, Copy)]
pub struct FixedClock(pub Timestamp);

impl Clock for FixedClock {
    fn now(&self) -> Timestamp {
        self.0
    }
}

/// The clock the command line uses: `PREFLIGHT_NOW` if set and valid, else
/// the system clock.
pub fn from_env(value: Option<&str>) -> Result<Box<dyn Clock>, String> {
    match value.filter(|v| !v.trim().is_empty()) {
        None => Ok(Box::new(SystemClock)),
        Some(text) => text
            .trim()
            .parse::<Timestamp>()
            .map(|t| Box::new(FixedClock(t)) as Box<dyn Clock>)
            .map_err(|err| format!("{NOW_ENV}={text:?} is not an RFC 3339 time: {err}")),
    }
}
