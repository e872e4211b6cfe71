//! Tests of the TUI without a terminal: `update` on messages, and snapshots
//! of every screen drawn on a `TestBackend`.

mod cut_words;
mod guidance;
mod imported;
mod meeting;
mod meeting_snapshots;
mod overlay_keys;
mod resolve;
mod snapshots;
mod start;
mod updates;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use jiff::{SignedDuration, Timestamp};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tempfile::TempDir;

use crate::clock::ManualClock;
use crate::questionnaire::SetCatalog;
use crate::store::{Store, StoreOrigin};
use crate::tui::app::App;
use crate::tui::msg::Msg;
use crate::tui::screens;
use crate::tui::theme::Theme;
use crate::tui::update::update;

/// An app on a fresh temp store, with a clock the test controls.
pub struct Harness {
    pub app: App,
    pub clock: ManualClock,
    pub dir: TempDir,
}

pub const START: &str = "2026-11-20T10:00:00Z";

impl Harness {
    pub fn new() -> Harness {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::at(dir.path().join("store"), StoreOrigin::Env);
        let clock = ManualClock::new(START.parse::<Timestamp>().expect("time"));
        let mut app = App::new(
            store,
            SetCatalog::built_in(),
            Box::new(clock.clone()),
            Theme::new(false),
        );
        app.export_dir = dir.path().to_path_buf();
        Harness { app, clock, dir }
    }

    pub fn send(&mut self, msg: Msg) {
        let _ = update(&mut self.app, msg);
    }

    pub fn key(&mut self, code: KeyCode) {
        self.send(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
    }

    pub fn ctrl(&mut self, c: char) {
        self.send(Msg::Key(KeyEvent::new(
            KeyCode::Char(c),
            KeyModifiers::CONTROL,
        )));
    }

    pub fn alt(&mut self, code: KeyCode) {
        self.send(Msg::Key(KeyEvent::new(code, KeyModifiers::ALT)));
    }

    pub fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            self.key(KeyCode::Char(c));
        }
    }

    /// Presses `code` (to move to a field or open one) and types `text`
    /// into what it focused.
    pub fn type_answer(&mut self, code: KeyCode, text: &str) {
        self.key(code);
        self.type_text(text);
    }

    /// Lets time pass and delivers a tick, as the event loop does.
    pub fn wait(&mut self, seconds: i64) {
        self.clock.advance(SignedDuration::from_secs(seconds));
        self.send(Msg::Tick);
    }

    pub fn render(&self, width: u16, height: u16) -> String {
        let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
        terminal
            .draw(|frame| screens::render(&self.app, frame))
            .expect("draw");
        format!("{}", terminal.backend())
    }

    pub fn session(&self) -> &crate::tui::session::Session {
        self.app.session.as_ref().expect("a record is open")
    }

    /// Reads a record file from the store as JSON.
    pub fn on_disk(&self) -> Option<serde_json::Value> {
        let session = self.app.session.as_ref()?;
        let path = self.app.store.record_path(&session.record.id);
        let text = std::fs::read_to_string(path).ok()?;
        serde_json::from_str(&text).ok()
    }
}

/// Snapshots the screen at each size as `NAME_WxH`, with temp paths and
/// record ids filtered out.
pub fn snap_at(name: &str, h: &Harness, sizes: &[(u16, u16)]) {
    for &(width, height) in sizes {
        let screen = h.render(width, height);
        insta::with_settings!({
            filters => vec![
                (r"/tmp/\.tmp[A-Za-z0-9]+", "[TMP]"),
                (r"\b[0-9a-hjkmnp-tv-z]{16}\b", "[ID]"),
            ],
            prepend_module_to_snapshot => false,
        }, {
            insta::assert_snapshot!(format!("{name}_{width}x{height}"), screen);
        });
    }
}

/// The README's key tables are generated from the keymaps; run with
/// `UPDATE_README=1 cargo test readme_key_table` to refresh them.
#[test]
fn readme_key_table_matches_the_keymaps() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let readme = std::fs::read_to_string(&path).expect("README.md");
    let (start, end) = ("<!-- keys:start -->\n", "\n<!-- keys:end -->");
    let from = readme.find(start).expect("README has a keys:start marker") + start.len();
    let to = readme.find(end).expect("README has a keys:end marker");
    let generated = format!("\n{}\n", crate::tui::keymap::markdown_tables());
    if std::env::var_os("UPDATE_README").is_some() {
        let updated = format!("{}{}{}", &readme[..from], generated, &readme[to..]);
        std::fs::write(&path, updated).expect("write README.md");
        return;
    }
    assert_eq!(
        readme[from..to],
        generated,
        "README key table is stale: run UPDATE_README=1 cargo test readme_key_table"
    );
}
