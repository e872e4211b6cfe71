//! The one readiness policy. A record is ready when its check finds no
//! blocking gap and, for a decision still in force, its review-by date has
//! not passed. `list`, `check`, `show`, the home screen and the exports all
//! ask here, so no two of them can disagree about the same record.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::Verdict;
use crate::record::{Record, Status};

/// Whether a decision is due to be looked at again on `today`: its
/// review-by date has passed and it is still in force (draft, proposed,
/// accepted). A rejected or superseded decision is never due.
pub fn review_overdue(status: Status, review_by: Option<Date>, today: Date) -> bool {
    let in_force = matches!(status, Status::Draft | Status::Proposed | Status::Accepted);
    in_force && review_by.is_some_and(|date| date < today)
}

/// What the check found in a record's answers, as counts: small enough to
/// cache in the list index, and free of dates, so it stays true until the
/// record or its set changes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Readiness {
    /// Gaps that keep the record from being ready.
    pub blockers: usize,
    /// Gaps the set marks advisory: reported, but the record can be ready.
    #[serde(default)]
    pub warnings: usize,
}

impl Readiness {
    /// The counts of a verdict.
    pub fn of(verdict: &Verdict) -> Readiness {
        let (blockers, warnings) =
            verdict
                .sections
                .iter()
                .flat_map(|s| &s.gaps)
                .fold((0, 0), |(b, w), gap| {
                    if gap.severity.blocks() {
                        (b + 1, w)
                    } else {
                        (b, w + 1)
                    }
                });
        Readiness { blockers, warnings }
    }

    /// Every gap, blocking or not.
    pub fn gap_count(&self) -> usize {
        self.blockers + self.warnings
    }

    /// The answers alone leave nothing blocking (the review date aside).
    pub fn answers_ready(&self) -> bool {
        self.blockers == 0
    }
}

/// A record's standing on one day: what its answers lack, and whether its
/// review is due. `readiness` is `None` when its set is not installed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Standing {
    /// The check's counts, when the record could be checked.
    pub readiness: Option<Readiness>,
    /// The review-by date has passed (see [`review_overdue`]).
    pub review_overdue: bool,
}

impl Standing {
    /// The standing of a record with this status and review date.
    pub fn new(
        readiness: Option<Readiness>,
        status: Status,
        review_by: Option<Date>,
        today: Date,
    ) -> Standing {
        Standing {
            readiness,
            review_overdue: review_overdue(status, review_by, today),
        }
    }

    /// The verdict: no blocking gap and no overdue review. A record that
    /// could not be checked is not ready.
    pub fn ready(&self) -> bool {
        self.readiness.is_some_and(|r| r.answers_ready()) && !self.review_overdue
    }

    /// How lists name it: "ready", "3 gaps", "review due", "no set".
    pub fn label(&self) -> String {
        match self.readiness {
            None => "no set".into(),
            Some(r) if !r.answers_ready() => super::gaps_label(r.blockers),
            Some(_) if self.review_overdue => "review due".into(),
            Some(_) => "ready".into(),
        }
    }
}

// The policy asked of a record. Written here rather than in record.rs so
// records (a lower layer) need not know the check (docs/architecture.md).
impl Record {
    /// Whether the review-by date has passed on `today`. Only decisions
    /// still in force (draft, proposed, accepted) are due for review.
    pub fn review_overdue(&self, today: Date) -> bool {
        review_overdue(self.status, self.review_by, today)
    }

    /// Its standing on `today` given its check's verdict (`None` when its
    /// set is not installed), by the one readiness policy.
    pub fn standing(&self, verdict: Option<&Verdict>, today: Date) -> Standing {
        Standing::new(
            verdict.map(Readiness::of),
            self.status,
            self.review_by,
            today,
        )
    }
}
