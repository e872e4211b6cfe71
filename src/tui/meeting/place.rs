//! Where a running meeting is: the question on screen, kept in the store's
//! derived `.cache/` each time it changes, so a meeting resumed after
//! leaving (or after the process was killed) opens on that question rather
//! than on the question of the last captured item, or the first. A cache:
//! when it is missing (another machine, a fresh clone) the last item's
//! question is used, as before.

use crate::list_index::CACHE_DIR;
use crate::record::RecordId;
use crate::store::Store;
use crate::tui::app::App;

fn file_name(id: &RecordId) -> String {
    format!("meeting-at-{id}")
}

/// Remembers the question the open meeting is on.
pub(super) fn remember(app: &App) {
    let (Some(view), Some(session)) = (app.meeting.as_ref(), app.session.as_ref()) else {
        return;
    };
    let text = format!("{} {}\n", view.index, view.question);
    // A cache: when it cannot be written, resuming falls back to the last
    // item's question.
    let _ = app
        .store
        .write_cache(CACHE_DIR, &file_name(&session.record.id), text.as_bytes());
}

/// The question meeting `meeting` of record `id` was last on, if known.
pub(super) fn recall(store: &Store, id: &RecordId, meeting: usize) -> Option<usize> {
    let path = store.root().join(CACHE_DIR).join(file_name(id));
    let text = std::fs::read_to_string(path).ok()?;
    let (index, question) = text.trim().split_once(' ')?;
    (index.parse::<usize>().ok()? == meeting).then_some(())?;
    question.parse().ok()
}
