//! `update`-level tests: navigation, unknown, rows, autosave, conflicts,
//! locks, review and export, all without a terminal.

use crossterm::event::KeyCode;

use super::Harness;
use crate::record::Answer;
use crate::tui::app::{Mode, Overlay};
use crate::tui::msg::Msg;

fn section_id(h: &Harness) -> String {
    let s = h.session();
    s.set.sections[s.section].id.clone()
}

fn focused_id(h: &Harness) -> String {
    h.session().focused().expect("focus").field.id.clone()
}

/// A new record with a title, on the first section.
fn started() -> Harness {
    let mut h = Harness::new();
    h.key(KeyCode::Enter); // empty store: Enter starts a record
    h.type_text("Move sessions to Redis");
    h
}

#[test]
fn enter_on_empty_store_starts_a_record_in_the_wizard() {
    let mut h = Harness::new();
    assert_eq!(h.app.mode, Mode::Home);
    h.key(KeyCode::Enter);
    assert_eq!(h.app.mode, Mode::Wizard);
    assert_eq!(section_id(&h), "change");
    assert_eq!(focused_id(&h), "title");
}

#[test]
fn nothing_is_written_until_the_record_has_content() {
    let mut h = Harness::new();
    h.key(KeyCode::Enter);
    h.wait(5);
    assert!(
        h.on_disk().is_none(),
        "an untouched new record must not be saved"
    );
}

#[test]
fn autosave_waits_for_a_pause_then_writes_what_was_typed() {
    let mut h = started();
    assert!(h.on_disk().is_none(), "saved before the debounce delay");
    h.wait(1);
    let json = h.on_disk().expect("saved after a second");
    assert_eq!(json["title"], "Move sessions to Redis");
    assert!(!h.session().save.dirty);
}

#[test]
fn section_change_saves_immediately() {
    let mut h = started();
    h.key(KeyCode::PageDown);
    assert_eq!(section_id(&h), "failure");
    assert_eq!(
        h.on_disk().expect("saved")["title"],
        "Move sessions to Redis"
    );
}

#[test]
fn tab_walks_fields_and_crosses_sections_both_ways() {
    let mut h = started();
    h.key(KeyCode::Tab);
    assert_eq!(focused_id(&h), "summary");
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab);
    assert_eq!(focused_id(&h), "tags");
    h.key(KeyCode::Tab);
    assert_eq!(section_id(&h), "failure");
    assert_eq!(focused_id(&h), "failure_modes");
    h.key(KeyCode::BackTab);
    assert_eq!(section_id(&h), "change");
    assert_eq!(
        focused_id(&h),
        "tags",
        "Shift-Tab at the first field lands on the last field"
    );
}

#[test]
fn enter_in_a_one_line_field_moves_on_but_makes_a_newline_in_markdown() {
    let mut h = started();
    h.key(KeyCode::Enter);
    assert_eq!(focused_id(&h), "summary");
    h.type_text("line one");
    h.type_answer(KeyCode::Enter, "line two");
    assert_eq!(focused_id(&h), "summary");
    let summary = h.session().set.field("summary").cloned().expect("field");
    assert_eq!(
        h.session().record.answer(&summary),
        Some(Answer::Text("line one\nline two".into()))
    );
}

#[test]
fn alt_arrows_and_page_keys_jump_sections_and_past_the_end_is_review() {
    let mut h = started();
    h.alt(KeyCode::Right);
    assert_eq!(section_id(&h), "failure");
    h.alt(KeyCode::Left);
    assert_eq!(section_id(&h), "change");
    let last = h.session().set.sections.len() - 1;
    for _ in 0..last {
        h.key(KeyCode::PageDown);
    }
    assert_eq!(section_id(&h), "complexity");
    h.key(KeyCode::PageDown);
    assert_eq!(h.app.mode, Mode::Review);
}

#[test]
fn ctrl_t_marks_unknown_and_clearing_it_restores_the_typed_text() {
    let mut h = started();
    h.key(KeyCode::PageDown);
    h.key(KeyCode::PageDown); // owner
    h.type_text("Priya");
    let field = h
        .session()
        .set
        .field("owner_primary")
        .cloned()
        .expect("field");
    h.ctrl('t');
    assert_eq!(
        h.session().record.answer(&field),
        Some(Answer::Unknown {
            note: Some("Priya".into())
        }),
        "what was typed is kept as the unknown's note"
    );
    // Leave the section and come back: the editor is rebuilt from the record.
    h.key(KeyCode::PageDown);
    h.key(KeyCode::PageUp);
    assert_eq!(focused_id(&h), "owner_primary");
    h.ctrl('t');
    assert_eq!(
        h.session().record.answer(&field),
        Some(Answer::Text("Priya".into())),
        "clearing the mark brings the text back"
    );
    h.ctrl('t');
    h.type_text(" Shah");
    assert_eq!(
        h.session().record.answer(&field),
        Some(Answer::Text("Priya Shah".into())),
        "typing into an unknown field answers it"
    );
}

#[test]
fn unknown_is_saved_as_unknown_not_blank() {
    let mut h = started();
    h.key(KeyCode::PageDown);
    h.key(KeyCode::PageDown);
    h.key(KeyCode::Tab); // backup
    h.ctrl('t');
    h.wait(1);
    let json = h.on_disk().expect("saved");
    assert_eq!(json["answers"]["owner_backup"]["unknown"], true);
    assert!(
        json["answers"].get("owner_primary").is_none(),
        "blank stays absent"
    );
}

fn rows(h: &Harness, field: &str) -> Vec<crate::record::Row> {
    let f = h.session().set.field(field).cloned().expect("field");
    h.session()
        .record
        .answer(&f)
        .map(|a| a.rows().to_vec())
        .unwrap_or_default()
}

fn add_failure_mode(h: &mut Harness, component: &str, detection: &str) {
    h.key(KeyCode::Char('a'));
    assert!(h.session().row_editor.is_some(), "a opens the row editor");
    h.type_text(component);
    for _ in 0..6 {
        h.key(KeyCode::Tab);
    }
    h.type_text(detection);
    h.key(KeyCode::Esc);
    assert!(h.session().row_editor.is_none());
}

#[test]
fn rows_can_be_added_edited_reordered_and_deleted() {
    let mut h = started();
    h.key(KeyCode::PageDown);
    add_failure_mode(&mut h, "Redis primary", "miss-rate alert");
    add_failure_mode(&mut h, "Network", "synthetic check");
    let got = rows(&h, "failure_modes");
    assert_eq!(got.len(), 2);
    assert_eq!(got[0]["component"], Answer::Text("Redis primary".into()));
    assert_eq!(got[1]["detection"], Answer::Text("synthetic check".into()));

    // Edit the selected (second) row.
    h.type_answer(KeyCode::Enter, " partition");
    h.key(KeyCode::Esc);
    assert_eq!(
        rows(&h, "failure_modes")[1]["component"],
        Answer::Text("Network partition".into())
    );

    // Move it up.
    h.alt(KeyCode::Up);
    assert_eq!(
        rows(&h, "failure_modes")[0]["component"],
        Answer::Text("Network partition".into())
    );

    // Delete the selected (now first) row: asked first, then done.
    h.key(KeyCode::Char('d'));
    assert!(matches!(h.app.overlay, Some(Overlay::ConfirmDeleteRow(_))));
    h.key(KeyCode::Esc);
    assert_eq!(rows(&h, "failure_modes").len(), 2, "Esc keeps the row");
    h.key(KeyCode::Char('d'));
    h.key(KeyCode::Char('y'));
    let got = rows(&h, "failure_modes");
    assert_eq!(got.len(), 1);
    assert_eq!(got[0]["component"], Answer::Text("Redis primary".into()));
}

#[test]
fn a_rating_cell_is_chosen_by_its_first_letter() {
    let mut h = started();
    h.key(KeyCode::PageDown);
    h.type_answer(KeyCode::Char('a'), "Redis");
    for _ in 0..4 {
        h.key(KeyCode::Tab);
    }
    h.key(KeyCode::Char('c')); // Critical
    h.key(KeyCode::Esc);
    assert_eq!(
        rows(&h, "failure_modes")[0]["severity"],
        Answer::Text("critical".into())
    );
}

#[test]
fn grid_rows_are_edited_in_place_and_stored_with_their_row_id() {
    let mut h = started();
    for _ in 0..3 {
        h.key(KeyCode::PageDown);
    }
    assert_eq!(section_id(&h), "cost");
    h.key(KeyCode::Down); // developer time
    h.type_answer(KeyCode::Enter, "2 weeks");
    h.type_answer(KeyCode::Tab, "half a day a month");
    h.key(KeyCode::Esc);
    let got = rows(&h, "cost_grid");
    assert_eq!(got.len(), 1, "only answered grid rows are stored");
    assert_eq!(got[0]["row"], Answer::Text("developer_time".into()));
    assert_eq!(got[0]["at_10x"], Answer::Text("half a day a month".into()));
    h.key(KeyCode::Char('d'));
    assert_eq!(
        rows(&h, "cost_grid").len(),
        1,
        "grid rows cannot be deleted"
    );
}

#[test]
fn terminate_saves_at_once_and_quits() {
    let mut h = started();
    h.send(Msg::Terminate);
    assert!(h.app.should_quit);
    assert_eq!(
        h.on_disk().expect("saved")["title"],
        "Move sessions to Redis"
    );
}

#[test]
fn ctrl_q_quits_after_saving() {
    let mut h = started();
    h.ctrl('q');
    assert!(h.app.should_quit);
    assert!(h.on_disk().is_some());
}

/// A saved record whose file someone else then rewrites with another title.
fn saved_then_changed_elsewhere() -> (Harness, std::path::PathBuf, String) {
    let mut h = started();
    h.wait(1);
    let path = h.app.store.record_path(&h.session().record.id);
    let theirs = std::fs::read_to_string(&path)
        .expect("saved")
        .replace("Move sessions to Redis", "Their title");
    std::fs::write(&path, &theirs).expect("write");
    (h, path, theirs)
}

#[test]
fn a_file_changed_on_disk_is_never_overwritten_silently() {
    let (mut h, path, theirs) = saved_then_changed_elsewhere();
    h.type_text(" now");
    h.wait(1);
    assert!(matches!(h.app.overlay, Some(Overlay::Conflict)));
    assert_eq!(
        std::fs::read_to_string(&path).expect("read"),
        theirs,
        "their file is untouched"
    );
    assert_eq!(
        h.session().record.title,
        "Move sessions to Redis now",
        "our text is kept"
    );
    // Letters typed as the dialog pops up are not choices.
    h.key(KeyCode::Char('k'));
    assert!(matches!(h.app.overlay, Some(Overlay::Conflict)));
    h.wait(1);
    h.key(KeyCode::Char('k'));
    assert!(h.app.overlay.is_none());
    assert_eq!(
        h.on_disk().expect("saved")["title"],
        "Move sessions to Redis now"
    );
}

#[test]
fn taking_theirs_reloads_the_file() {
    let (mut h, _, _) = saved_then_changed_elsewhere();
    h.type_text("!");
    h.wait(1);
    h.wait(1);
    h.key(KeyCode::Char('t'));
    assert_eq!(h.session().record.title, "Their title");
    assert!(!h.session().save.dirty);
}

#[test]
fn a_failed_save_keeps_the_text_says_so_and_asks_before_quitting() {
    let mut h = started();
    h.wait(1);
    let records = h.app.store.records_dir();
    let moved = records.with_extension("moved");
    std::fs::rename(&records, &moved).expect("move records dir");
    std::fs::write(&records, b"not a folder").expect("block the path");
    h.type_text(" v2");
    h.wait(1);
    let session = h.session();
    assert!(session.save.error.is_some(), "the error is shown");
    assert!(session.save.dirty);
    assert_eq!(session.record.title, "Move sessions to Redis v2");
    h.ctrl('q');
    assert!(!h.app.should_quit, "quitting with unsaved text asks first");
    assert!(matches!(h.app.overlay, Some(Overlay::ConfirmQuit(_))));
    h.key(KeyCode::Char('n'));
    assert!(!h.app.should_quit);
    // The disk comes back; the retry saves.
    std::fs::remove_file(&records).expect("unblock");
    std::fs::rename(&moved, &records).expect("restore");
    h.wait(5);
    assert!(!h.session().save.dirty, "retried and saved");
    assert_eq!(
        h.on_disk().expect("saved")["title"],
        "Move sessions to Redis v2"
    );
}

#[test]
fn a_record_open_elsewhere_opens_read_only() {
    let mut first = started();
    first.wait(1);
    let id = first.session().record.id.clone();
    let mut second = Harness::new();
    second.app.store = first.app.store.clone();
    crate::tui::update::open_record(&mut second.app, &id);
    assert!(matches!(second.app.overlay, Some(Overlay::Locked(_))));
    second.key(KeyCode::Char('r'));
    assert!(second.session().read_only);
    second.type_text("xyz");
    second.wait(2);
    assert_eq!(second.session().record.title, "Move sessions to Redis");
    assert_eq!(
        first.on_disk().expect("file")["title"],
        "Move sessions to Redis"
    );
}

#[test]
fn review_jumps_to_a_gap_field() {
    let mut h = started();
    h.ctrl('g');
    assert_eq!(h.app.mode, Mode::Review);
    let entries = crate::tui::review::review_entries(&h.app);
    let verdict = h.app.verdict().expect("verdict");
    let target = entries
        .iter()
        .position(|(s, g)| g.is_some_and(|g| verdict.sections[*s].gaps[g].field == "owner_backup"))
        .expect("backup gap listed");
    for _ in 0..entries.len() {
        if h.app.review.selected == target {
            break;
        }
        h.key(KeyCode::Down);
    }
    assert_eq!(h.app.review.selected, target, "↓ reaches the backup gap");
    h.key(KeyCode::Enter);
    assert_eq!(h.app.mode, Mode::Wizard);
    assert_eq!(section_id(&h), "owner");
    assert_eq!(focused_id(&h), "owner_backup");
}

#[test]
fn review_opens_on_the_first_gap_and_down_goes_gap_to_gap() {
    let mut h = started();
    h.ctrl('g');
    let entries = crate::tui::review::review_entries(&h.app);
    let gaps: Vec<usize> = (0..entries.len())
        .filter(|i| entries[*i].1.is_some())
        .collect();
    assert!(
        gaps.len() > 3,
        "a fresh record has gaps in several sections"
    );
    assert_eq!(h.app.review.selected, gaps[0], "opens on the first gap");
    // Every ↓ / j lands on the next gap, never on a section line.
    for (press, want) in gaps.iter().enumerate().skip(1) {
        h.key(if press % 2 == 0 {
            KeyCode::Down
        } else {
            KeyCode::Char('j')
        });
        assert_eq!(h.app.review.selected, *want, "press {press}");
    }
    h.key(KeyCode::Down);
    assert_eq!(
        h.app.review.selected,
        *gaps.last().unwrap_or(&0),
        "stays on the last gap"
    );
    h.key(KeyCode::Char('k'));
    assert_eq!(
        h.app.review.selected,
        gaps[gaps.len() - 2],
        "k goes back a gap"
    );
}

#[test]
fn review_page_down_scrolls_the_preview_by_a_screen_and_stops_at_the_end() {
    let mut h = started();
    h.app.size = (80, 24);
    h.ctrl('g');
    h.key(KeyCode::PageDown);
    // 80x24 (two key bar lines): the preview box's inside is 16 lines; a
    // page keeps one.
    assert_eq!(h.app.review.scroll, 15);
    for _ in 0..50 {
        h.key(KeyCode::PageDown);
    }
    let last = h.app.review.scroll;
    assert!(
        last > 15 && last < 200,
        "stops at the last screen, got {last}"
    );
    h.key(KeyCode::PageUp);
    assert_eq!(h.app.review.scroll, last - 15);
}

#[test]
fn export_from_review_writes_markdown_to_the_default_path() {
    let mut h = started();
    h.ctrl('g');
    h.key(KeyCode::Char('e'));
    assert!(matches!(h.app.overlay, Some(Overlay::Export(_))));
    h.key(KeyCode::Enter);
    let path = h.dir.path().join("move-sessions-to-redis.md");
    let markdown = std::fs::read_to_string(&path).expect("exported");
    assert!(
        markdown.starts_with("# Move sessions to Redis\n"),
        "{markdown}"
    );
}

#[test]
fn export_offers_the_last_folder_used_then_the_setting_and_says_which() {
    use crate::tui::export_folder::{Origin, initial};
    let mut h = started();
    let start = h.dir.path().join("repo");
    let configured = h.dir.path().join("site");
    std::fs::create_dir_all(&configured).expect("folder");
    // Nothing exported yet: the setting wins over the start folder.
    let (dir, origin) = initial(&h.app.store, "../site", &start);
    assert_eq!((dir, origin), (start.join("../site"), Origin::Setting));
    assert_eq!(
        initial(&h.app.store, "", &start),
        (start.clone(), Origin::StartFolder)
    );
    // Export into another folder by editing the offered path.
    let wiki = h.dir.path().join("wiki");
    std::fs::create_dir_all(&wiki).expect("folder");
    h.app.export_dir = configured.clone();
    h.ctrl('g');
    h.key(KeyCode::Char('e'));
    let Some(Overlay::Export(prompt)) = &mut h.app.overlay else {
        panic!("export prompt");
    };
    let offered = prompt.lines().join("");
    assert_eq!(
        offered,
        configured
            .join("move-sessions-to-redis.md")
            .display()
            .to_string()
    );
    **prompt =
        ratatui_textarea::TextArea::new(vec![wiki.join("sessions.md").display().to_string()]);
    h.key(KeyCode::Enter);
    assert!(wiki.join("sessions.md").exists());
    // The next export, and the next run on this store, offer that folder.
    h.key(KeyCode::Char('e'));
    let screen = h.render(80, 24);
    assert!(screen.contains("your last export"), "{screen}");
    assert_eq!(
        initial(&h.app.store, "../site", &start),
        (wiki.clone(), Origin::LastUsed)
    );
}

#[test]
fn a_one_megabyte_paste_lands_in_the_field() {
    let mut h = started();
    h.key(KeyCode::Tab);
    let big = "word ".repeat(200_000) + "\nlast line";
    h.send(Msg::Paste(big.clone()));
    let summary = h.session().set.field("summary").cloned().expect("field");
    let answer = h.session().record.answer(&summary).expect("answered");
    assert_eq!(answer.as_text().map(str::len), Some(big.trim_end().len()));
    let _ = h.render(80, 24);
}

#[test]
fn external_editor_result_replaces_the_answer() {
    let mut h = started();
    h.key(KeyCode::Tab);
    let effect = crate::tui::update::update(
        &mut h.app,
        Msg::Key(crossterm::event::KeyEvent::new(
            KeyCode::Char('e'),
            crossterm::event::KeyModifiers::CONTROL,
        )),
    );
    assert_eq!(
        effect,
        Some(crate::tui::msg::Effect::OpenEditor(String::new()))
    );
    h.send(Msg::EditorClosed(Ok("From the editor\n".into())));
    let summary = h.session().set.field("summary").cloned().expect("field");
    assert_eq!(
        h.session().record.answer(&summary),
        Some(Answer::Text("From the editor".into()))
    );
    // An editor that writes CRLF line ends.
    h.send(Msg::EditorClosed(Ok("Two\r\nlines\r\n".into())));
    assert_eq!(
        h.session().record.answer(&summary),
        Some(Answer::Text("Two\nlines".into()))
    );
}

#[test]
fn ctrl_e_in_a_one_line_field_stays_end_of_line() {
    let mut h = started();
    let effect = crate::tui::update::update(
        &mut h.app,
        Msg::Key(crossterm::event::KeyEvent::new(
            KeyCode::Char('e'),
            crossterm::event::KeyModifiers::CONTROL,
        )),
    );
    assert_eq!(effect, None);
}

#[test]
fn home_filter_narrows_the_list() {
    let mut h = started();
    h.key(KeyCode::Esc);
    assert_eq!(h.app.mode, Mode::Home);
    h.ctrl('n');
    h.type_text("Add a queue");
    h.key(KeyCode::Esc);
    assert_eq!(h.app.home.entries.len(), 2);
    h.type_text("queue");
    let visible = h.app.home.visible();
    assert_eq!(visible.len(), 1);
    assert_eq!(visible[0].record.title, "Add a queue");
}

#[test]
fn review_changes_status_with_history_and_a_number_on_acceptance() {
    let mut h = started();
    h.ctrl('g');
    h.key(KeyCode::Char('s'));
    assert!(matches!(h.app.overlay, Some(Overlay::Status(0))));
    h.key(KeyCode::Down);
    h.key(KeyCode::Down); // accepted
    h.key(KeyCode::Enter);
    let json = h.on_disk().expect("saved");
    assert_eq!(json["status"], "accepted");
    assert_eq!(json["history"][0]["status"], "accepted");
    assert_eq!(json["history"][0]["date"], super::START);
    assert_eq!(json["number"], 1);
    // Named on acceptance too (the CLI and the wizard share numbering).
    assert!(json["slug"].is_string(), "{json}");
    let said = h
        .app
        .status
        .as_ref()
        .map(|(_, text)| text.clone())
        .unwrap_or_default();
    assert!(said.contains("number 1"), "{said}");
}

#[test]
fn supersede_from_review_links_a_new_record_to_the_old() {
    let mut h = started();
    h.wait(1);
    let old_id = h.session().record.id.clone();
    h.ctrl('g');
    h.key(KeyCode::Char('n'));
    assert!(matches!(h.app.overlay, Some(Overlay::ConfirmSupersede)));
    h.key(KeyCode::Char('y'));
    assert_eq!(h.app.mode, Mode::Wizard);
    let new = &h.session().record;
    assert_ne!(new.id, old_id);
    assert_eq!(new.title, "Replace: Move sessions to Redis");
    assert_eq!(new.links[0].kind, crate::record::LinkKind::Supersedes);
    assert_eq!(new.links[0].target, old_id);
    h.wait(1);
    let old = h.app.store.load(&old_id).expect("old record");
    assert_eq!(old.status, crate::record::Status::Superseded);
    assert!(h.on_disk().is_some(), "the new record is saved");
}

#[test]
fn home_filter_understands_status_tag_and_overdue() {
    let mut h = started();
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab);
    h.type_answer(KeyCode::Tab, "db");
    h.key(KeyCode::Esc);
    h.ctrl('n');
    h.type_text("Old decision");
    for _ in 0..5 {
        h.key(KeyCode::PageDown);
    }
    assert_eq!(section_id(&h), "decision");
    for _ in 0..3 {
        h.key(KeyCode::Tab);
    }
    h.type_text("2026-01-01");
    h.type_answer(KeyCode::Esc, "tag:db");
    assert_eq!(h.app.home.visible().len(), 1);
    assert_eq!(
        h.app.home.visible()[0].record.title,
        "Move sessions to Redis"
    );
    h.type_answer(KeyCode::Esc, "is:overdue");
    assert_eq!(h.app.home.visible().len(), 1);
    assert_eq!(h.app.home.visible()[0].record.title, "Old decision");
    h.type_answer(KeyCode::Esc, "status:draft");
    assert_eq!(h.app.home.visible().len(), 2);
}

#[test]
fn a_click_focuses_the_field_under_the_pointer_and_the_wheel_moves_focus() {
    use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
    let mut h = started();
    h.send(Msg::Resize(80, 24));
    let screen = h.render(80, 24);
    let row = screen
        .lines()
        .position(|line| line.contains("Author *"))
        .expect("author label on screen") as u16;
    let click = |kind, row| {
        Msg::Mouse(MouseEvent {
            kind,
            column: 10,
            row,
            modifiers: crossterm::event::KeyModifiers::NONE,
        })
    };
    h.send(click(MouseEventKind::Down(MouseButton::Left), row));
    assert_eq!(focused_id(&h), "author");
    h.send(click(MouseEventKind::ScrollDown, row));
    assert_eq!(focused_id(&h), "tags");
    h.send(click(MouseEventKind::ScrollUp, row));
    assert_eq!(focused_id(&h), "author");
}

#[test]
fn the_title_cannot_be_marked_unknown() {
    let mut h = started();
    h.ctrl('t');
    assert_eq!(h.session().record.title, "Move sessions to Redis");
    assert!(
        h.app
            .status
            .as_ref()
            .is_some_and(|(_, text)| text.contains("title"))
    );
}

#[test]
fn editing_one_cell_leaves_cells_the_editor_cannot_show_alone() {
    let mut h = started();
    h.key(KeyCode::PageDown);
    // A row whose rating is not one of today's options (an older set).
    let field = h
        .session()
        .set
        .field("failure_modes")
        .cloned()
        .expect("field");
    let row = crate::record::Row::from([
        ("component".to_string(), Answer::Text("redis".into())),
        ("likelihood".to_string(), Answer::Text("sometimes".into())),
    ]);
    let now = h.app.now();
    let session = h.app.session.as_mut().expect("session");
    session
        .record
        .set_answer(&field, Some(Answer::Rows(vec![row])));
    session.load_section(1);
    session.touch(now);
    h.type_answer(KeyCode::Enter, "x");
    h.key(KeyCode::Esc);
    let stored = rows(&h, "failure_modes");
    assert_eq!(stored[0]["component"], Answer::Text("redisx".into()));
    assert_eq!(stored[0]["likelihood"], Answer::Text("sometimes".into()));
}

#[test]
fn new_records_start_with_the_configured_author() {
    let mut h = Harness::new();
    h.app.default_author = "Dana Ruiz".into();
    h.key(KeyCode::Enter);
    assert_eq!(h.session().record.author, "Dana Ruiz");
    h.wait(2);
    assert!(
        h.on_disk().is_none(),
        "a prefilled author alone is not saved as a record"
    );
}

/// The wizard and `new --no-input`/`--plain` put the author on the record
/// through one function (`Record::set_bound_text`). Before, the wizard's
/// copy dropped the author when the set had no field bound to it, while
/// the command line kept it on the record.
#[test]
fn a_set_without_an_author_field_still_gets_the_author_on_the_record() {
    let mut h = Harness::new();
    for loaded in &mut h.app.catalog.sets {
        for section in &mut loaded.set.sections {
            for field in &mut section.fields {
                if field.bind == Some(crate::questionnaire::Binding::Author) {
                    field.bind = None;
                }
            }
        }
    }
    h.app.default_author = "Dana Ruiz".into();
    h.key(KeyCode::Enter);
    assert_eq!(h.session().record.author, "Dana Ruiz");
}
