//! Opening a record with a merge conflict: the app shows each field both
//! branches changed and takes the pick.

use crossterm::event::KeyCode;

use super::Harness;
use crate::merge::markers::two_sided;
use crate::record::{Answer, Record, RecordId};
use crate::store::record_to_json;
use crate::testing::production;
use crate::tui::app::{Mode, Overlay};
use crate::tui::update::open_record;

/// A record file holding both branches' versions in conflict markers: the
/// title and the rollback mechanism differ.
pub(super) fn conflicted(h: &Harness) -> RecordId {
    let set = production();
    let id = RecordId::parse("c30kyj4e20sfth5m").expect("id");
    let now = super::START.parse().expect("time");
    let mut ours = Record::new(id.clone(), "Queue for exports", &set, now);
    ours.answers
        .insert("mechanism".into(), Answer::Text("Revert the deploy".into()));
    let mut theirs = ours.clone();
    theirs.title = "Queue for all exports".into();
    theirs.answers.insert(
        "mechanism".into(),
        Answer::Text("Turn the export_queue flag off".into()),
    );
    let text = |r: &Record| String::from_utf8(record_to_json(r)).expect("utf-8");
    let dir = h.app.store.records_dir();
    std::fs::create_dir_all(&dir).expect("records dir");
    std::fs::write(
        h.app.store.record_path(&id),
        two_sided(&text(&ours), &text(&theirs), "HEAD", "main"),
    )
    .expect("write");
    id
}

#[test]
fn a_conflicted_record_opens_on_the_pick_and_then_in_the_wizard() {
    let mut h = Harness::new();
    let id = conflicted(&h);
    open_record(&mut h.app, &id);
    let Some(Overlay::Resolve(picking)) = &h.app.overlay else {
        panic!("no pick shown: {:?}", h.app.status);
    };
    let fields: Vec<String> = picking
        .conflicted
        .merged
        .conflicts
        .iter()
        .map(|c| c.field())
        .collect();
    assert_eq!(fields, ["answers.mechanism", "title"]);
    super::snap_at("resolve_pick", &h, &[(80, 24), (60, 20)]);

    h.key(KeyCode::Char('x'));
    assert!(
        matches!(h.app.overlay, Some(Overlay::Resolve(_))),
        "other keys wait"
    );
    h.key(KeyCode::Char('o'));
    h.key(KeyCode::Char('t'));
    assert!(h.app.overlay.is_none());
    assert_eq!(h.app.mode, Mode::Wizard);
    let disk = h.on_disk().expect("the resolved record parses");
    assert_eq!(disk["answers"]["mechanism"], "Revert the deploy");
    assert_eq!(disk["title"], "Queue for all exports");
}

#[test]
fn esc_leaves_the_conflict_as_it_was() {
    let mut h = Harness::new();
    let id = conflicted(&h);
    let before = std::fs::read(h.app.store.record_path(&id)).expect("file");
    open_record(&mut h.app, &id);
    h.key(KeyCode::Esc);
    assert!(h.app.overlay.is_none());
    assert!(h.app.session.is_none());
    assert_eq!(
        std::fs::read(h.app.store.record_path(&id)).expect("file"),
        before
    );
    let said = h
        .app
        .status
        .as_ref()
        .map(|s| format!("{s:?}"))
        .unwrap_or_default();
    assert!(said.contains("preflight resolve"), "{said}");
}
