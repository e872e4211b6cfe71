//! The terminal UI: owns the terminal for its whole life (raw mode,
//! alternate screen, bracketed paste) and gives it back on every exit path:
//! normal quit, error, panic, SIGTERM, SIGHUP and SIGINT. The loop draws a frame,
//! waits for an event or the next autosave deadline, and calls `update`.

pub mod app;
pub mod export_folder;
pub mod guidance;
mod input;
pub mod keymap;
pub mod meeting;
pub mod msg;
pub mod overlay;
pub(crate) mod preview;
pub mod resolve;
pub mod review;
pub mod screens;
pub mod session;
mod terminal;
pub mod theme;
pub mod update;
pub mod widgets;

#[cfg(test)]
mod tests;

use std::io::{self, IsTerminal, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use crossterm::event::{Event, KeyCode};
use ratatui::DefaultTerminal;

use crate::record::RecordId;
use app::{App, Tone};
use input::{InputThread, TerminalInput};
use msg::{Effect, Msg};

/// Test-only: when this environment variable is set, F12 makes the TUI
/// panic, so tests can prove a panic restores the terminal and keeps the
/// record. With the value `draw` the panic happens inside the next frame's
/// drawing instead of while handling the key. It is read once at start;
/// unset (as for every user), F12 does nothing special. The exit code after
/// a panic is 2, with a message saying whether the record was saved.
pub const TEST_PANIC_ENV: &str = "PREFLIGHT_TEST_PANIC";

/// Where the test-only F12 panic happens ([`TEST_PANIC_ENV`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TestPanic {
    /// F12 is an ordinary key.
    Off,
    /// While handling the key.
    Update,
    /// While drawing the frame after the key.
    Draw,
}

impl TestPanic {
    fn from_env() -> TestPanic {
        match std::env::var_os(TEST_PANIC_ENV) {
            None => TestPanic::Off,
            Some(value) if value == "draw" => TestPanic::Draw,
            Some(_) => TestPanic::Update,
        }
    }
}

/// Where the TUI starts.
#[derive(Debug, Clone)]
pub enum Start {
    /// The record list.
    Home,
    /// A new record, optionally with a title.
    New(Option<String>),
    /// An existing record.
    Edit(RecordId),
    /// Meeting mode on an existing record, or on a new one.
    Meet(Option<RecordId>),
}

/// Why the TUI could not run or ended badly.
#[derive(Debug)]
pub enum TuiError {
    /// Standard input or output is not a terminal.
    NoTerminal,
    /// The terminal failed.
    Io(io::Error),
    /// A bug; the record was saved if it could be.
    Panicked(String),
    /// The last changes could not be saved on the way out.
    NotSaved(String),
}

impl std::fmt::Display for TuiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TuiError::NoTerminal => write!(
                f,
                "the wizard needs an interactive terminal, and standard input or output is not one; use `preflight new --no-input --title …`, `preflight list`, `preflight export ID` or `preflight check` in scripts and CI"
            ),
            TuiError::Io(err) => write!(f, "terminal error: {err}"),
            TuiError::Panicked(note) => write!(f, "preflight hit a bug and stopped; {note}"),
            TuiError::NotSaved(problem) => write!(
                f,
                "your last changes could not be saved: {problem}; nothing else was lost"
            ),
        }
    }
}

/// Runs the TUI until the user quits.
pub fn run(mut app: App, start: Start) -> Result<(), TuiError> {
    if !io::stdin().is_terminal() || !io::stdout().is_terminal() {
        return Err(TuiError::NoTerminal);
    }
    let terminate = Arc::new(AtomicBool::new(false));
    // In raw mode Ctrl-C is a key, not a signal; SIGINT only comes from
    // outside (`kill -INT`, a supervising script), and by default it would
    // end the process with the terminal still raw and the typing unsaved.
    for signal in [
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGHUP,
        signal_hook::consts::SIGINT,
    ] {
        signal_hook::flag::register(signal, Arc::clone(&terminate)).map_err(TuiError::Io)?;
    }
    begin(&mut app, start);

    let mouse = app.mouse;
    let mut terminal = terminal::enter(mouse).map_err(TuiError::Io)?;
    if let Ok(size) = terminal.size() {
        app.size = (size.width, size.height);
    }
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        event_loop(&mut terminal, &mut app, &terminate)
    }));
    let final_save = update::emergency_save(&mut app);
    // Releases the record's lock before anything else can go wrong.
    drop(app);
    terminal::leave();
    if let update::FinalSave::SavedAsCopy(id) = &final_save {
        let _ = writeln!(
            io::stderr(),
            "preflight: the record changed on disk while you edited it, so your version was saved as a new record, {id}"
        );
    }
    match (outcome, final_save) {
        (Err(_), update::FinalSave::Failed(problem)) => Err(TuiError::Panicked(format!(
            "the last changes could not be saved: {problem}"
        ))),
        (Err(_), _) => Err(TuiError::Panicked(
            "your record was saved. Please report the message above.".into(),
        )),
        (Ok(_), update::FinalSave::Failed(problem)) => Err(TuiError::NotSaved(problem)),
        (Ok(Err(err)), _) => Err(TuiError::Io(err)),
        (Ok(Ok(())), _) => Ok(()),
    }
}

/// Opens the screen `start` asks for. The record list is read only when
/// it is shown: `App::without_home` skips it for a start on a record, so
/// `preflight edit ID` does not read the summaries of every record (183 ms
/// at 10,000 records against 12 ms at 100); leaving the record reads it,
/// and so does a start whose record could not be opened, which shows the
/// list with the reason.
pub(crate) fn begin(app: &mut App, start: Start) {
    let on_record = !matches!(start, Start::Home);
    match start {
        Start::Home => {}
        Start::New(title) => {
            update::new_record(app);
            let now = app.clock.now();
            if let (Some(title), Some(session)) = (title, app.session.as_mut()) {
                let binding = crate::questionnaire::Binding::Title;
                session.record.set_bound_text(&session.set, binding, &title);
                session.load_section(0);
                session.touch(now);
            }
        }
        Start::Edit(id) => update::open_record(app, &id),
        Start::Meet(id) => {
            match id {
                Some(id) => update::open_record(app, &id),
                None => update::new_record(app),
            }
            if app.session.is_some() {
                meeting::enter(app);
            }
        }
    }
    if on_record && app.session.is_none() {
        app.reload_home();
    }
}

/// How often the loop wakes without input, only to notice a signal and a
/// terminal that went away (neither arrives as an input event).
const SIGNAL_CHECK: Duration = Duration::from_millis(250);

fn event_loop(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    terminate: &AtomicBool,
) -> io::Result<()> {
    let test_panic = TestPanic::from_env();
    let mut panic_in_draw = false;
    let input = InputThread::spawn()?;
    let mut redraw = true;
    // What the last frame showed of the things a tick can change (a
    // countdown second, a dialog arming), so a tick redraws only then.
    let mut drawn = save_signature(app);
    loop {
        if app.should_quit {
            return Ok(());
        }
        if redraw {
            terminal.draw(|frame| {
                if panic_in_draw {
                    panic!("test panic while drawing, requested with F12 ({TEST_PANIC_ENV}=draw)");
                }
                screens::render(app, frame);
            })?;
            drawn = save_signature(app);
        }
        let timeout = next_timeout(app);
        let msg = match input.next(timeout) {
            TerminalInput::Event(Event::Key(key)) => {
                if key.code == KeyCode::F(12) {
                    match test_panic {
                        TestPanic::Off => {}
                        TestPanic::Update => {
                            panic!("test panic requested with F12 ({TEST_PANIC_ENV} is set)")
                        }
                        TestPanic::Draw => {
                            panic_in_draw = true;
                            redraw = true;
                            continue;
                        }
                    }
                }
                Msg::Key(key)
            }
            TerminalInput::Event(Event::Paste(text)) => Msg::Paste(text),
            TerminalInput::Event(Event::Resize(width, height)) => Msg::Resize(width, height),
            TerminalInput::Event(Event::Mouse(mouse)) => Msg::Mouse(mouse),
            TerminalInput::Event(_) => continue,
            TerminalInput::Timeout => Msg::Tick,
            // The terminal is gone (closed window, dropped ssh): save and go.
            TerminalInput::Closed => Msg::Terminate,
        };
        // A terminal can vanish without a SIGHUP reaching us (a parent shell
        // that does not pass it on); its size query then fails. A resize
        // can also go unreported: one made before the input thread has set
        // up its SIGWINCH handler (right after start) is never an event,
        // and the screen stayed "too small" until the next resize (seen in
        // tests/pty/terminal.rs about once in 16 runs under load). So each
        // tick compares the size and reports a change itself.
        let size = matches!(msg, Msg::Tick).then(crossterm::terminal::size);
        let msg = match size {
            _ if terminate.load(Ordering::Relaxed) => Msg::Terminate,
            Some(Err(_)) => Msg::Terminate,
            Some(Ok(size)) if size != app.size => Msg::Resize(size.0, size.1),
            _ => msg,
        };
        let is_tick = matches!(msg, Msg::Tick);
        let effect = update::update(app, msg);
        redraw = !is_tick || save_signature(app) != drawn;
        if let Some(Effect::OpenEditor(text)) = effect {
            input.pause();
            let result = edit_externally(terminal, &text, &app.editor, app.mouse);
            input.resume();
            update::update(app, Msg::EditorClosed(result));
            redraw = true;
        }
    }
}

/// What a tick can change on screen: the save state and the meeting
/// countdown; the frame is redrawn after a tick only when this changes.
fn save_signature(app: &App) -> (bool, bool, bool, bool, Option<i64>) {
    let (dirty, error, conflict) = app.session.as_ref().map_or((false, false, false), |s| {
        (s.save.dirty, s.save.error.is_some(), s.save.conflict)
    });
    (
        dirty,
        error,
        conflict,
        app.conflict_armed(),
        meeting::shown_seconds(app),
    )
}

fn next_timeout(app: &App) -> Duration {
    let deadline = app.session.as_ref().and_then(|s| s.next_deadline());
    match deadline {
        Some(deadline) => {
            let wait = deadline.duration_since(app.clock.now());
            let wait = Duration::try_from(wait).unwrap_or(Duration::ZERO);
            wait.min(SIGNAL_CHECK)
        }
        None => SIGNAL_CHECK,
    }
}

/// Suspends the TUI, edits `text` with the configured editor command, and
/// brings the TUI back.
fn edit_externally(
    terminal: &mut DefaultTerminal,
    text: &str,
    editor: &str,
    mouse: bool,
) -> Result<String, String> {
    let mut file = tempfile::Builder::new()
        .prefix("preflight-answer-")
        .suffix(".md")
        .tempfile()
        .map_err(|err| format!("cannot make a temporary file: {err}"))?;
    file.write_all(text.as_bytes())
        .and_then(|()| file.flush())
        .map_err(|err| format!("cannot write the temporary file: {err}"))?;
    let mut words = editor.split_whitespace();
    let program = words
        .next()
        .unwrap_or(crate::config::FALLBACK_EDITOR)
        .to_string();
    let args: Vec<String> = words.map(str::to_string).collect();

    terminal::leave();
    let status = std::process::Command::new(&program)
        .args(&args)
        .arg(file.path())
        .status();
    let resumed = terminal::resume(mouse).and_then(|()| terminal.clear());
    if let Err(err) = resumed {
        return Err(format!("could not restore the screen: {err}"));
    }
    match status {
        Ok(status) if status.success() => std::fs::read_to_string(file.path())
            .map_err(|err| format!("cannot read the edited text: {err}")),
        Ok(status) => Err(format!(
            "{program} exited with {status}; the answer was not changed"
        )),
        Err(err) => Err(format!(
            "cannot start {program:?}: {err} (set $VISUAL or $EDITOR)"
        )),
    }
}

/// Tells the user where things stand when the TUI starts on a problem.
pub fn startup_notice(app: &mut App) {
    if let Some(problem) = app.home.problems.first().cloned() {
        app.say(Tone::Error, problem);
    }
}
