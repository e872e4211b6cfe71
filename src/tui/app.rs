//! The whole state of the TUI as plain data: which screen, the record list,
//! the open record, overlays and the status line.

use jiff::Timestamp;
use ratatui_textarea::TextArea;

use crate::check::{Verdict, check};
use crate::clock::Clock;
use crate::list_index::{Readiness, Summary, summaries};
use crate::questionnaire::SetCatalog;
use crate::store::{Store, StoreError};
use crate::tui::session::Session;
use crate::tui::theme::Theme;

/// How long the "changed on disk" dialog ignores keys after it appears.
pub const CONFLICT_ARM_DELAY: jiff::SignedDuration = jiff::SignedDuration::from_secs(1);

/// Smallest terminal the screens are laid out for.
pub const MIN_WIDTH: u16 = 60;
/// Smallest terminal height.
pub const MIN_HEIGHT: u16 = 15;

/// Which screen is showing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// The record list.
    Home,
    /// One section at a time.
    Wizard,
    /// Readiness, preview and export.
    Review,
    /// A design review: set-up, presenter screen, closing.
    Meeting,
}

/// A box drawn over the screen that takes the keys until closed.
#[derive(Debug)]
pub enum Overlay {
    /// Keys for the current screen, scrolled by this many lines.
    Help(u16),
    /// The export path prompt.
    Export(Box<TextArea<'static>>),
    /// Quitting would lose unsaved changes.
    ConfirmQuit(String),
    /// The file changed on disk while open.
    Conflict,
    /// Another process holds the record's lock.
    Locked(Box<Session>),
    /// Picking a new status; the highlighted choice.
    Status(usize),
    /// Asking before superseding the open record with a new one.
    ConfirmSupersede,
    /// Asking before deleting the named row of a list.
    ConfirmDeleteRow(String),
    /// Picking sides of a record's merge conflict, field by field.
    Resolve(Box<crate::tui::resolve::Picking>),
}

/// One line of the record list.
#[derive(Debug, Clone)]
pub struct HomeEntry {
    /// The record's summary (no answers: the list does not need them).
    pub record: Summary,
    /// Its readiness, if its set is installed.
    pub verdict: Option<Readiness>,
    /// Title, status, tags, author and id, lowercased once when the list
    /// loads: the filter runs on every keystroke over every entry.
    words: String,
    /// The tags, lowercased once, for `tag:NAME`.
    tags: Vec<String>,
}

impl HomeEntry {
    /// An entry for a record's summary.
    pub fn new(record: Summary) -> HomeEntry {
        let words = format!(
            "{} {} {} {} {}",
            record.title,
            record.status.name(),
            record.tags.join(" "),
            record.author,
            record.id
        )
        .to_lowercase();
        let tags = record.tags.iter().map(|t| t.to_lowercase()).collect();
        HomeEntry {
            verdict: record.verdict,
            record,
            words,
            tags,
        }
    }

    /// Whether the entry matches every word of a lowercased query.
    fn matches(&self, words: &[&str], today: jiff::civil::Date) -> bool {
        words.iter().all(|word| {
            if let Some(status) = word.strip_prefix("status:") {
                self.record.status.name().starts_with(status)
            } else if let Some(tag) = word.strip_prefix("tag:") {
                self.tags.iter().any(|t| t == tag)
            } else if *word == "is:overdue" {
                self.record.review_overdue(today)
            } else {
                self.words.contains(word)
            }
        })
    }
}

/// The record list and its filter.
#[derive(Debug)]
pub struct Home {
    /// Every record that loaded, newest change first.
    pub entries: Vec<HomeEntry>,
    /// Files that failed to load.
    pub problems: Vec<String>,
    /// Filter-as-you-type.
    pub filter: TextArea<'static>,
    /// Selected row among the filtered entries.
    pub selected: usize,
    /// Today, for review-by dates.
    pub today: jiff::civil::Date,
}

impl Home {
    /// The entries matching the filter. Words match title, status, tags,
    /// author or id; `status:NAME`, `tag:NAME` and `is:overdue` narrow
    /// further (the same filters as `preflight list`).
    pub fn visible(&self) -> Vec<&HomeEntry> {
        let query = self.filter.lines().join(" ").to_lowercase();
        let words: Vec<&str> = query.split_whitespace().collect();
        self.entries
            .iter()
            .filter(|entry| entry.matches(&words, self.today))
            .collect()
    }
}

/// The review screen's cursor.
#[derive(Debug, Default, Clone, Copy)]
pub struct ReviewState {
    /// Selected line among sections and gaps.
    pub selected: usize,
    /// Preview scroll offset.
    pub scroll: u16,
}

/// The kind of a status-line message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// Neutral information.
    Info,
    /// Something worked.
    Good,
    /// Something failed.
    Error,
}

/// Everything the TUI knows.
pub struct App {
    /// The store in use.
    pub store: Store,
    /// Question sets.
    pub catalog: SetCatalog,
    /// Time source.
    pub clock: Box<dyn Clock>,
    /// Styles.
    pub theme: Theme,
    /// Current screen.
    pub mode: Mode,
    /// Record list state.
    pub home: Home,
    /// The open record.
    pub session: Option<Session>,
    /// Review state.
    pub review: ReviewState,
    /// The overlay taking keys, if any.
    pub overlay: Option<Overlay>,
    /// A message for the status line.
    pub status: Option<(Tone, String)>,
    /// Whether the guidance pane shows (on wide enough terminals).
    pub show_guidance: bool,
    /// Set when the app should stop.
    pub should_quit: bool,
    /// Default folder for exports.
    pub export_dir: std::path::PathBuf,
    /// Why that folder (shown under the export prompt).
    pub export_dir_origin: crate::tui::export_folder::Origin,
    /// Terminal size (columns, rows), for mouse hit-testing.
    pub size: (u16, u16),
    /// Report mouse clicks and wheel turns (off by default; config `mouse`).
    pub mouse: bool,
    /// Show the key-hint bar (config `key_hints`).
    pub key_hints: bool,
    /// The user chose to quit without saving what could not be saved.
    pub discard: bool,
    /// The question set new records use.
    pub default_set: String,
    /// Command for Ctrl-E (config `editor`, else $VISUAL, $EDITOR, vi).
    pub editor: String,
    /// Who is using the app (config `author`, else git's user.name, else
    /// the login name: see `crate::identity`): filled in as the author of
    /// new records and written into the status history; empty for none.
    pub default_author: String,
    /// The default author still being looked up (`git config user.name`
    /// runs in the background so the first frame does not wait for git);
    /// taken into `default_author` when a record is started.
    pub pending_author: Option<std::thread::JoinHandle<String>>,
    /// When the "changed on disk" dialog appeared: it takes keys only a
    /// moment later, so letters typed as it pops up are not taken as
    /// choices.
    pub conflict_since: Option<Timestamp>,
    /// Meeting mode's state while it is showing.
    pub meeting: Option<crate::tui::meeting::MeetingView>,
    /// Minutes each question gets in a new meeting (config
    /// `meeting_timebox_minutes`).
    pub meeting_timebox: u32,
}

impl App {
    /// Who is using the app (see `default_author`), waiting for the
    /// background git lookup the first time.
    pub fn who(&mut self) -> String {
        if let Some(lookup) = self.pending_author.take() {
            self.default_author = lookup.join().unwrap_or_default();
        }
        self.default_author.clone()
    }

    /// A new app on the home screen, its record list read.
    pub fn new(store: Store, catalog: SetCatalog, clock: Box<dyn Clock>, theme: Theme) -> App {
        let mut app = App::without_home(store, catalog, clock, theme);
        app.reload_home();
        app
    }

    /// A new app whose record list is not read yet: for a start on one
    /// record ([`crate::tui::Start::Edit`] and the like), where reading
    /// every record's summary would cost time that grows with the store
    /// before the first frame. Leaving the record reads the list.
    pub fn without_home(
        store: Store,
        catalog: SetCatalog,
        clock: Box<dyn Clock>,
        theme: Theme,
    ) -> App {
        let mut filter = TextArea::default();
        filter.set_cursor_line_style(ratatui::style::Style::default());
        filter.set_placeholder_text("filter: words, status:accepted, tag:db, is:overdue");
        App {
            store,
            catalog,
            clock,
            theme,
            mode: Mode::Home,
            home: Home {
                entries: Vec::new(),
                problems: Vec::new(),
                filter,
                selected: 0,
                today: jiff::civil::Date::default(),
            },
            session: None,
            review: ReviewState::default(),
            overlay: None,
            status: None,
            show_guidance: true,
            should_quit: false,
            export_dir: std::env::current_dir().unwrap_or_default(),
            export_dir_origin: crate::tui::export_folder::Origin::StartFolder,
            size: (80, 24),
            mouse: false,
            key_hints: true,
            discard: false,
            default_set: crate::questionnaire::DEFAULT_SET_ID.to_string(),
            editor: crate::config::FALLBACK_EDITOR.to_string(),
            default_author: String::new(),
            pending_author: None,
            conflict_since: None,
            meeting: None,
            meeting_timebox: crate::meeting::DEFAULT_TIMEBOX_MINUTES,
        }
    }

    /// The current time from the app's clock.
    pub fn now(&self) -> Timestamp {
        self.clock.now()
    }

    /// Re-reads the record list from the store.
    pub fn reload_home(&mut self) {
        self.home.today = self.now().to_zoned(jiff::tz::TimeZone::system()).date();
        // Summaries from the store's index, so opening a big store does not
        // read every record (see list_index).
        match summaries(&self.store, &self.catalog) {
            Ok(listing) => {
                let mut entries: Vec<HomeEntry> =
                    listing.summaries.into_iter().map(HomeEntry::new).collect();
                entries.sort_by(|a, b| {
                    let (a, b) = (&a.record, &b.record);
                    (b.updated, b.created, &a.title, &a.id)
                        .cmp(&(a.updated, a.created, &b.title, &b.id))
                });
                self.home.entries = entries;
                self.home.problems = listing.problems.iter().map(StoreError::to_string).collect();
            }
            Err(err) => {
                self.home.entries.clear();
                self.home.problems = vec![err.to_string()];
            }
        }
        let count = self.home.visible().len();
        self.home.selected = self.home.selected.min(count.saturating_sub(1));
    }

    /// Sets the status line.
    pub fn say(&mut self, tone: Tone, text: impl Into<String>) {
        self.status = Some((tone, text.into()));
    }

    /// Whether the "changed on disk" dialog takes keys yet.
    pub fn conflict_armed(&self) -> bool {
        self.conflict_since
            .is_some_and(|since| self.now().duration_since(since) >= CONFLICT_ARM_DELAY)
    }

    /// The verdict for the open record.
    pub fn verdict(&self) -> Option<Verdict> {
        self.session.as_ref().map(|s| check(&s.set, &s.record))
    }
}
