//! Trust (issue 6, part A): what happens to records when things go wrong
//! outside preflight's control.
//!
//! - `crash`: writers killed with SIGKILL at random moments, hundreds of
//!   times (the library's save loop, the wizard's autosave in a pty, and
//!   `export --all`); every record file must afterwards hold one complete
//!   version, never a mix, and temp files are never taken for records.
//! - `two_writers`: two preflights on one record (wizard + wizard, wizard +
//!   `status` and the other writing commands, a change made on disk by
//!   something else), and a lock left by a killed wizard.
//! - `terminal`: a forced panic (in `update` and while drawing) and SIGHUP
//!   give back the whole terminal (alternate screen, raw mode, bracketed
//!   paste, mouse reports, cursor) and save what was typed.
//! - `schema`: a fixture record for every released schema version loads and
//!   round-trips byte for byte; keys from a newer minor version survive
//!   saves by every writer; a record from a newer schema is refused by name
//!   and never overwritten.
//!
//! The kill tests print their figures straight to the test process's
//! standard error (not through the test harness's capture), so CI logs show
//! them on success too. `PREFLIGHT_KILL_SEED` replays a delay schedule.

#[cfg(unix)]
mod crash;
mod schema;
#[cfg(unix)]
mod terminal;
#[cfg(unix)]
mod two_writers;

#[cfg(unix)]
use std::io::Write;
#[cfg(unix)]
use std::time::{SystemTime, UNIX_EPOCH};

/// Environment variable that fixes the kill tests' random seed.
#[cfg(unix)]
pub const SEED_ENV: &str = "PREFLIGHT_KILL_SEED";

/// A seeded generator to spread kill delays: the library's own
/// (`synth::Rng`, SplitMix64), seeded so a failing run can be replayed.
#[cfg(unix)]
pub struct Rng(preflight::synth::Rng);

#[cfg(unix)]
impl Rng {
    /// A generator seeded from `PREFLIGHT_KILL_SEED`, else from the clock;
    /// the seed is printed so a failing run can be replayed.
    pub fn seeded(test: &str) -> Rng {
        let seed = std::env::var(SEED_ENV)
            .ok()
            .and_then(|s| s.trim().parse().ok())
            .unwrap_or_else(|| {
                let nanos = SystemTime::now()
                    .duration_since(UNIX_EPOCH)
                    .map_or(0, |d| d.as_nanos() as u64);
                nanos ^ u64::from(std::process::id()).rotate_left(32)
            });
        report(&format!(
            "{test}: seed {seed} (replay with {SEED_ENV}={seed})"
        ));
        Rng(preflight::synth::Rng::new(seed))
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        assert!(n > 0, "a number below 0");
        self.0.next_u64() % n
    }

    /// A number in `low..high`.
    pub fn between(&mut self, low: u64, high: u64) -> u64 {
        low + self.below(high - low)
    }
}

/// Writes a line to the real standard error, past the test harness's
/// output capture, so figures show in CI logs of a passing run.
#[cfg(unix)]
pub fn report(line: &str) {
    let _ = writeln!(std::io::stderr(), "[trust] {line}");
}
