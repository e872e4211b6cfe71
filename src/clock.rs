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

/// A time as stored in records: whole seconds, so files stay readable and
/// diffs small.
pub fn to_second(time: Timestamp) -> Timestamp {
    Timestamp::from_second(time.as_second()).unwrap_or(time)
}

/// A clock that always says the same instant (tests, `PREFLIGHT_NOW`).
#[derive(Debug, Clone, Copy)]
pub struct FixedClock(pub Timestamp);

impl Clock for FixedClock {
    fn now(&self) -> Timestamp {
        self.0
    }
}

/// A clock tests move by hand; clones share the same time.
#[derive(Debug, Clone)]
pub struct ManualClock(std::rc::Rc<std::cell::Cell<Timestamp>>);

impl ManualClock {
    /// A clock stopped at `start`.
    pub fn new(start: Timestamp) -> ManualClock {
        ManualClock(std::rc::Rc::new(std::cell::Cell::new(start)))
    }

    /// Moves time forward.
    pub fn advance(&self, by: jiff::SignedDuration) {
        self.0.set(self.0.get() + by);
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Timestamp {
        self.0.get()
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
