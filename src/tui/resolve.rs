//! Picking sides of a record's merge conflict in the app: opening a record
//! git could not merge shows each field both branches changed, with both
//! values, and `o`/`t` keeps ours or theirs; after the last pick the record
//! is written (and marked resolved in git) and opens in the wizard. The
//! same steps as `preflight resolve`, through [`crate::merge::resolve`].

use crate::merge::Side;
use crate::merge::resolve::{self, Conflicted};
use crate::record::RecordId;
use crate::store::StoreError;
use crate::tui::app::{App, Overlay, Tone};
use crate::tui::keymap::Action;

/// The conflict being picked through, and which field is shown.
#[derive(Debug)]
pub struct Picking {
    /// The record's id, to open it once resolved.
    pub id: RecordId,
    /// The merged record and its conflicts.
    pub conflicted: Conflicted,
    /// The conflict on screen (index into the conflicts).
    pub at: usize,
}

/// A record would not load: a merge conflict starts the picking, any other
/// problem is said on the status line.
pub fn load_failed(app: &mut App, id: &RecordId, err: StoreError) {
    let StoreError::Conflicted { path, .. } = &err else {
        app.say(Tone::Error, err.to_string());
        return;
    };
    match resolve::open(path) {
        Ok(conflicted) if conflicted.merged.conflicts.is_empty() => finish(app, id, &conflicted),
        Ok(conflicted) => {
            app.overlay = Some(Overlay::Resolve(Box::new(Picking {
                id: id.clone(),
                conflicted,
                at: 0,
            })));
        }
        Err(reason) => app.say(Tone::Error, format!("{err} ({reason})")),
    }
}

/// `o` keeps ours, `t` theirs, Esc leaves the record conflicted (the keys
/// are declared in [`crate::tui::overlay::RESOLVE`]).
pub fn on_action(app: &mut App, mut picking: Box<Picking>, action: Option<Action>) {
    let side = match action {
        Some(Action::Ours) => Side::Ours,
        Some(Action::Theirs) => Side::Theirs,
        Some(Action::Close) => {
            app.say(
                Tone::Info,
                format!(
                    "Left unresolved; pick later here or with `preflight resolve {}`.",
                    picking.id
                ),
            );
            return;
        }
        _ => {
            app.overlay = Some(Overlay::Resolve(picking));
            return;
        }
    };
    resolve::pick(&mut picking.conflicted, picking.at, side);
    picking.at += 1;
    if picking.at < picking.conflicted.merged.conflicts.len() {
        app.overlay = Some(Overlay::Resolve(picking));
        return;
    }
    finish(app, &picking.id, &picking.conflicted);
}

/// Writes the resolved record and opens it.
fn finish(app: &mut App, id: &RecordId, conflicted: &Conflicted) {
    match resolve::finish(conflicted) {
        Ok(_) => {
            crate::tui::update::open_record(app, id);
            app.say(
                Tone::Good,
                "Merge conflict resolved: both branches' changes kept; commit the record.",
            );
        }
        Err(err) => app.say(Tone::Error, err),
    }
}
