//! The per-question countdown: time used is stored in the meeting, the
//! running stretch is counted from an injected clock reading, so the timer
//! never depends on the wall clock in tests.

use jiff::Timestamp;

use super::Meeting;

/// Seconds left at which the countdown changes to its warning style.
pub const WARNING_SECONDS: u64 = 120;

/// Seconds "extend" adds to the current question's timebox.
pub const EXTEND_SECONDS: u64 = 5 * 60;

/// How the countdown should look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimerState {
    /// More than two minutes left.
    Plenty,
    /// Two minutes or less left.
    Warning,
    /// Over time; still counting.
    Over,
}

/// A running or paused countdown on one question of a meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Timer {
    /// When the running stretch began; `None` while paused.
    pub running_since: Option<Timestamp>,
}

impl Timer {
    /// Whether the timer is counting.
    pub fn is_running(&self) -> bool {
        self.running_since.is_some()
    }

    /// Seconds used on the question at `now`: what is stored plus the
    /// running stretch.
    pub fn used(&self, meeting: &Meeting, question: usize, now: Timestamp) -> u64 {
        let stored = meeting
            .questions
            .get(question)
            .map_or(0, |q| q.used_seconds);
        stored + self.running_seconds(now)
    }

    fn running_seconds(&self, now: Timestamp) -> u64 {
        self.running_since.map_or(0, |since| {
            u64::try_from(now.as_second() - since.as_second()).unwrap_or(0)
        })
    }

    /// Seconds left (negative when over) at `now`.
    pub fn left(&self, meeting: &Meeting, question: usize, now: Timestamp) -> i64 {
        let timebox = meeting
            .questions
            .get(question)
            .map_or(0, |q| q.timebox_seconds);
        let used = self.used(meeting, question, now);
        i64::try_from(timebox).unwrap_or(i64::MAX) - i64::try_from(used).unwrap_or(i64::MAX)
    }

    /// The countdown's look at `now`.
    pub fn state(&self, meeting: &Meeting, question: usize, now: Timestamp) -> TimerState {
        let left = self.left(meeting, question, now);
        if left < 0 {
            TimerState::Over
        } else if left <= WARNING_SECONDS as i64 {
            TimerState::Warning
        } else {
            TimerState::Plenty
        }
    }

    /// Moves the running stretch into the stored time (whole seconds only,
    /// so nothing is counted twice), keeping the timer running. Called
    /// before every save and question change.
    pub fn flush(&mut self, meeting: &mut Meeting, question: usize, now: Timestamp) {
        let Some(since) = self.running_since else {
            return;
        };
        let seconds = self.running_seconds(now);
        if let Some(q) = meeting.questions.get_mut(question) {
            q.used_seconds += seconds;
        }
        self.running_since = Some(since + jiff::SignedDuration::from_secs(seconds as i64));
    }

    /// Starts counting at `now` (no-op when running).
    pub fn start(&mut self, now: Timestamp) {
        if self.running_since.is_none() {
            self.running_since = Some(now);
        }
    }

    /// Stops counting, keeping the time used.
    pub fn pause(&mut self, meeting: &mut Meeting, question: usize, now: Timestamp) {
        self.flush(meeting, question, now);
        self.running_since = None;
    }
}

/// Adds five minutes to a question's timebox.
pub fn extend(meeting: &mut Meeting, question: usize) {
    if let Some(q) = meeting.questions.get_mut(question) {
        q.timebox_seconds += EXTEND_SECONDS;
    }
}

/// The countdown as text: `7:30`, or `+1:05` once over.
pub fn countdown_text(left: i64) -> String {
    if left < 0 {
        format!("+{}", super::clock_text(left.unsigned_abs()))
    } else {
        super::clock_text(left.unsigned_abs())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::at;

    fn meeting() -> Meeting {
        Meeting::start(at("2026-11-28T10:00:00Z"), &["a".into(), "b".into()], 10)
    }

    #[test]
    fn counts_only_while_running_and_changes_state_at_two_minutes_and_zero() {
        let mut m = meeting();
        let mut timer = Timer::default();
        assert_eq!(timer.used(&m, 0, at("2026-11-28T10:05:00Z")), 0);
        timer.start(at("2026-11-28T10:00:00Z"));
        for (now, state) in [
            ("2026-11-28T10:07:59Z", TimerState::Plenty),
            ("2026-11-28T10:08:00Z", TimerState::Warning),
            ("2026-11-28T10:10:00Z", TimerState::Warning),
            ("2026-11-28T10:10:01Z", TimerState::Over),
        ] {
            assert_eq!(timer.state(&m, 0, at(now)), state, "at {now}");
        }
        timer.pause(&mut m, 0, at("2026-11-28T10:11:05Z"));
        assert_eq!(m.questions[0].used_seconds, 665);
        assert_eq!(timer.used(&m, 0, at("2026-11-28T12:00:00Z")), 665);
        assert_eq!(
            countdown_text(timer.left(&m, 0, at("2026-11-28T12:00:00Z"))),
            "+1:05"
        );
    }

    #[test]
    fn flushing_twice_never_counts_a_second_twice() {
        let mut m = meeting();
        let mut timer = Timer::default();
        timer.start(at("2026-11-28T10:00:00Z"));
        timer.flush(&mut m, 0, at("2026-11-28T10:00:30Z"));
        timer.flush(&mut m, 0, at("2026-11-28T10:00:30Z"));
        timer.flush(&mut m, 0, at("2026-11-28T10:01:00Z"));
        assert_eq!(m.questions[0].used_seconds, 60);
        assert_eq!(timer.used(&m, 0, at("2026-11-28T10:01:10Z")), 70);
    }

    #[test]
    fn extending_adds_five_minutes_to_that_question_only() {
        let mut m = meeting();
        extend(&mut m, 1);
        assert_eq!(m.questions[0].timebox_seconds, 600);
        assert_eq!(m.questions[1].timebox_seconds, 900);
    }
}
