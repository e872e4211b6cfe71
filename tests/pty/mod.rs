//! End-to-end tests of the TUI: the real `preflight` binary runs in a
//! pseudo-terminal (portable-pty), and a vt100 parser keeps the screen it
//! draws so tests can wait for what a person would see.
//!
//! - `walk`: a whole record typed through the wizard, then reopened and
//!   changed; the JSON on disk is compared in full.
//! - `signals`: SIGTERM and SIGHUP mid-typing, and a panic, still save the
//!   record and give the terminal back.
//! - `terminal`: the terminal is restored on quit and on SIGTERM, no TTY is
//!   a usage error, a too-small terminal recovers on resize.
//! - `paste`: a 200 KB bracketed paste arrives whole.
//!
//! Every test gets its own temp folder and a clean environment (no real
//! home, store or config). The app redraws only after input, so tests wait
//! for a screen state after each logical step; the waits are failure
//! bounds, never speed assertions. A failed wait prints the screen.
//!
//! Unix only: the tests send signals with `kill`.

#![cfg(unix)]

mod meeting;
mod paste;
mod signals;
mod terminal;
mod walk;

use std::ffi::OsString;
use std::fs::File;
use std::io::{Read, Write};
use std::os::fd::BorrowedFd;
use std::process::Command;
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, ExitStatus, MasterPty, PtySize, native_pty_system};
use serde_json::Value;

use crate::common::{BIN, World};

/// How long a screen state may take to appear before the test fails.
pub const WAIT: Duration = Duration::from_secs(15);

/// How long the process may take to exit after it was asked to.
pub const EXIT_WAIT: Duration = Duration::from_secs(15);

/// A fixed clock for tests that must rule out autosave: with time standing
/// still, the 1 s autosave delay never passes, so whatever is on disk was
/// written by the exit path under test.
pub const FROZEN_NOW: &str = "2026-11-20T10:00:00Z";

/// How often waits look at the screen again.
const POLL: Duration = Duration::from_millis(20);

/// Writes up to this size fit in the terminal's input buffer at once, so
/// they never block.
const SMALL_WRITE: usize = 1024;

/// Key sequences as a terminal (xterm) sends them; the whole table, used
/// or not.
#[allow(dead_code)]
pub mod key {
    pub const TAB: &str = "\t";
    pub const SHIFT_TAB: &str = "\x1b[Z";
    pub const ENTER: &str = "\r";
    pub const ESC: &str = "\x1b";
    pub const BACKSPACE: &str = "\x7f";
    pub const PG_DN: &str = "\x1b[6~";
    pub const PG_UP: &str = "\x1b[5~";
    pub const UP: &str = "\x1b[A";
    pub const DOWN: &str = "\x1b[B";
    pub const RIGHT: &str = "\x1b[C";
    pub const LEFT: &str = "\x1b[D";
    pub const HOME: &str = "\x1b[H";
    pub const END: &str = "\x1b[F";
    pub const CTRL_Q: &str = "\x11";
    pub const CTRL_S: &str = "\x13";
    pub const CTRL_T: &str = "\x14";
    pub const F1: &str = "\x1bOP";
    pub const F2: &str = "\x1bOQ";
    pub const F12: &str = "\x1b[24~";
    pub const PASTE_START: &str = "\x1b[200~";
    pub const PASTE_END: &str = "\x1b[201~";
}

/// Terminal control sequences the tests look for in the raw output.
pub mod seq {
    pub const ALT_SCREEN_ON: &[u8] = b"\x1b[?1049h";
    pub const ALT_SCREEN_OFF: &[u8] = b"\x1b[?1049l";
    pub const PASTE_ON: &[u8] = b"\x1b[?2004h";
    pub const PASTE_OFF: &[u8] = b"\x1b[?2004l";
    pub const CURSOR_HIDE: &[u8] = b"\x1b[?25l";
    pub const CURSOR_SHOW: &[u8] = b"\x1b[?25h";
    /// The mouse-report modes crossterm switches on (press, drag, any
    /// motion, urxvt and SGR encodings), each as (on, off).
    pub const MOUSE_MODES: [(&[u8], &[u8]); 5] = [
        (b"\x1b[?1000h", b"\x1b[?1000l"),
        (b"\x1b[?1002h", b"\x1b[?1002l"),
        (b"\x1b[?1003h", b"\x1b[?1003l"),
        (b"\x1b[?1015h", b"\x1b[?1015l"),
        (b"\x1b[?1006h", b"\x1b[?1006l"),
    ];
}

/// The pty tests' ways to run the binary, on the same [`World`] as every
/// other test: the real clock (autosave must come due; a test that must
/// rule it out passes `PREFLIGHT_NOW`), a terminal type and a runtime
/// folder, and the world's store.
impl World {
    /// The whole environment the binary sees (it starts from nothing).
    pub fn pty_env(&self) -> Vec<(&'static str, OsString)> {
        let root = self.root();
        let mut env = self.env();
        env.extend([
            ("XDG_RUNTIME_DIR", root.join("xdg/runtime").into_os_string()),
            ("PREFLIGHT_STORE", self.store().into_os_string()),
            ("TERM", "xterm-256color".into()),
        ]);
        env
    }

    /// The binary as a plain process (no terminal) in the pty tests'
    /// environment: the real clock.
    pub fn live_command(&self) -> Command {
        let mut cmd = Command::new(BIN);
        cmd.env_clear()
            .envs(self.pty_env())
            .current_dir(self.work());
        cmd
    }

    /// Runs `preflight new --no-input --answers FILE` on the real clock;
    /// returns the new id.
    pub fn seed(&self, answers: &Value) -> String {
        self.new_with_answers_by(assert_cmd::Command::from_std(self.live_command()), answers)
    }

    /// Opens record `id` in the wizard (`preflight edit ID`) and waits
    /// until it has loaded.
    pub fn open_in_wizard(&self, id: &str) -> Term {
        let mut term = self.spawn(&["edit", id]);
        term.wait_for("✓ saved");
        term
    }

    /// Runs `preflight new` in a 100x30 pseudo-terminal with the clock
    /// frozen at [`FROZEN_NOW`] (autosave never comes due) and `env` on top.
    pub fn spawn_frozen_new(&self, env: &[(&str, &str)]) -> Term {
        let mut env = env.to_vec();
        env.push(("PREFLIGHT_NOW", FROZEN_NOW));
        self.spawn_with(&["new"], 100, 30, &env)
    }

    /// Runs the binary in a 100x30 pseudo-terminal.
    pub fn spawn(&self, args: &[&str]) -> Term {
        self.spawn_with(args, 100, 30, &[])
    }

    /// Runs the binary in a `cols` x `rows` pseudo-terminal with extra
    /// environment variables.
    pub fn spawn_with(&self, args: &[&str], cols: u16, rows: u16, env: &[(&str, &str)]) -> Term {
        let pair = native_pty_system()
            .openpty(size(cols, rows))
            .expect("open a pty");
        let mut cmd = CommandBuilder::new(BIN);
        cmd.args(args);
        cmd.env_clear();
        for (name, value) in self.pty_env() {
            cmd.env(name, value);
        }
        for (name, value) in env {
            cmd.env(name, value);
        }
        cmd.cwd(self.work());
        let child = pair.slave.spawn_command(cmd).expect("spawn preflight");
        // Only the child may hold the slave side: when it exits, reading the
        // master comes to an end, so the reader thread sees all output.
        drop(pair.slave);

        let shared = Arc::new(Mutex::new(Output {
            raw: Vec::new(),
            parser: vt100::Parser::new(rows, cols, 0),
            closed: false,
            hang_up: false,
        }));
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        // A plain duplicate of the master, not `take_writer()`: that writer
        // types a newline and Ctrl-D into the app when dropped.
        let fd = pair.master.as_raw_fd().expect("pty master fd");
        // SAFETY: `fd` is the master's descriptor, open while `pair.master`
        // lives; it is only duplicated here.
        let writer = unsafe { BorrowedFd::borrow_raw(fd) }
            .try_clone_to_owned()
            .map(File::from)
            .expect("duplicate the pty master");
        let sink = Arc::clone(&shared);
        thread::Builder::new()
            .name("pty-reader".into())
            .spawn(move || {
                let mut buf = [0u8; 16 * 1024];
                loop {
                    match reader.read(&mut buf) {
                        Ok(0) | Err(_) => break,
                        Ok(n) => {
                            let mut out = lock(&sink);
                            out.raw.extend_from_slice(&buf[..n]);
                            out.parser.process(&buf[..n]);
                            if out.hang_up {
                                break;
                            }
                        }
                    }
                }
                lock(&sink).closed = true;
            })
            .expect("start the reader thread");
        Term {
            child,
            master: Some(pair.master),
            writer: Some(writer),
            shared,
            status: None,
        }
    }
}

fn size(cols: u16, rows: u16) -> PtySize {
    PtySize {
        rows,
        cols,
        pixel_width: 0,
        pixel_height: 0,
    }
}

/// What the reader thread has seen.
struct Output {
    /// Every byte the program wrote.
    raw: Vec<u8>,
    /// The screen those bytes draw.
    parser: vt100::Parser,
    /// The reader hit the end (the program and its terminal are gone).
    closed: bool,
    /// The reader should stop and close its end of the terminal.
    hang_up: bool,
}

fn lock(shared: &Mutex<Output>) -> MutexGuard<'_, Output> {
    shared
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The program running in a pseudo-terminal. Dropping it kills the program
/// if it is still running, so a failed test leaves nothing behind.
pub struct Term {
    child: Box<dyn Child + Send + Sync>,
    master: Option<Box<dyn MasterPty + Send>>,
    writer: Option<File>,
    shared: Arc<Mutex<Output>>,
    status: Option<ExitStatus>,
}

impl Term {
    /// Sends bytes as typed keys (or a paste).
    pub fn send(&mut self, keys: &str) {
        let writer = self.writer.as_mut().expect("the terminal is open");
        if keys.len() <= SMALL_WRITE {
            writer.write_all(keys.as_bytes()).expect("write to the pty");
            return;
        }
        // A big write blocks until the program reads it all; from a thread,
        // so a program that stops reading fails the test instead of hanging it.
        let mut writer = writer.try_clone().expect("duplicate the pty master");
        let bytes = keys.as_bytes().to_vec();
        let sending = thread::spawn(move || writer.write_all(&bytes));
        let deadline = Instant::now() + WAIT;
        while !sending.is_finished() {
            assert!(
                Instant::now() < deadline,
                "preflight stopped reading input; screen:\n{}",
                self.screen()
            );
            thread::sleep(POLL);
        }
        sending
            .join()
            .expect("writer thread")
            .expect("write to the pty");
    }

    /// Types into a one-line field (or row editor cell) and waits until the
    /// field shows it (`› text`), so the next key cannot overtake it.
    pub fn type_line(&mut self, text: &str) {
        self.send(text);
        self.wait_for(&format!("› {text}"));
    }

    /// Sends `keys` and waits until `shown` is on screen: one step a
    /// person takes, and sees land before the next.
    pub fn press(&mut self, keys: &str, shown: &str) {
        self.send(keys);
        self.wait_for(shown);
    }

    /// Moves to a field with `keys`, waits for its `label` and types
    /// `text` into it, waiting until the field shows it.
    pub fn type_answer(&mut self, keys: &str, label: &str, text: &str) {
        self.press(keys, label);
        self.type_line(text);
    }

    /// Types `lines` into a multi-line field, Enter between them, and
    /// waits until the field shows each (`│line`).
    pub fn type_lines(&mut self, lines: &[&str]) {
        for (n, line) in lines.iter().enumerate() {
            if n > 0 {
                self.send(key::ENTER);
            }
            self.send(line);
        }
        for line in lines {
            self.wait_for(&format!("│{line}"));
        }
    }

    /// Waits for the new-record wizard and types the title.
    pub fn start_record(&mut self, title: &str) {
        self.wait_for("type a title to start");
        self.type_line(title);
    }

    /// Goes to the end of the focused field, types `text` and saves with
    /// Ctrl-S, waiting until `shown` says how the save went.
    pub fn append_and_save(&mut self, text: &str, shown: &str) {
        self.send(key::END);
        self.send(text);
        self.press(key::CTRL_S, shown);
    }

    /// Quits with Ctrl-Q; returns how the program exited.
    pub fn quit(&mut self) -> ExitStatus {
        self.send(key::CTRL_Q);
        self.wait_exit()
    }

    /// Quits with Ctrl-Q and asserts the exit was clean (status 0).
    pub fn quit_cleanly(&mut self) {
        let status = self.quit();
        assert!(status.success(), "Ctrl-Q exits 0, got {status:?}");
    }

    /// The screen as text, rows joined with newlines.
    pub fn screen(&self) -> String {
        lock(&self.shared).parser.screen().contents()
    }

    /// Every byte the program has written so far.
    pub fn output(&self) -> Vec<u8> {
        lock(&self.shared).raw.clone()
    }

    /// Waits until `text` is on screen.
    pub fn wait_for(&mut self, text: &str) {
        self.wait_for_within(text, WAIT);
    }

    /// Waits until `text` is on screen, failing after `timeout`.
    pub fn wait_for_within(&mut self, text: &str, timeout: Duration) {
        self.wait_until(&format!("{text:?} on screen"), timeout, |screen| {
            screen.contains(text)
        });
    }

    /// Waits until `text` is no longer on screen.
    pub fn wait_gone(&mut self, text: &str) {
        self.wait_until(&format!("{text:?} gone"), WAIT, |screen| {
            !screen.contains(text)
        });
    }

    /// Waits until the screen passes `check`.
    pub fn wait_until(&mut self, what: &str, timeout: Duration, check: impl Fn(&str) -> bool) {
        let deadline = Instant::now() + timeout;
        loop {
            let screen = self.screen();
            if check(&screen) {
                return;
            }
            if self.exited() && lock(&self.shared).closed {
                let screen = self.screen();
                if check(&screen) {
                    return;
                }
                panic!(
                    "waiting for {what}: preflight exited ({:?}); screen:\n{screen}",
                    self.status
                );
            }
            if Instant::now() >= deadline {
                panic!("waited {timeout:?} for {what}; screen:\n{screen}");
            }
            thread::sleep(POLL);
        }
    }

    /// Whether the program has exited (remembering how).
    fn exited(&mut self) -> bool {
        if self.status.is_none()
            && let Ok(Some(status)) = self.child.try_wait()
        {
            self.status = Some(status);
        }
        self.status.is_some()
    }

    /// The child's process id.
    pub fn pid(&self) -> u32 {
        self.child.process_id().expect("child has a pid")
    }

    /// Sends a signal (`TERM`, `HUP`, …) to the program with `kill`.
    pub fn signal(&self, name: &str) {
        let status = Command::new("kill")
            .arg(format!("-{name}"))
            .arg(self.pid().to_string())
            .status()
            .expect("run kill");
        assert!(status.success(), "kill -{name} failed: {status}");
    }

    /// Resizes the terminal (the screen model first, so the redraw that
    /// follows SIGWINCH lands on a screen of the new size).
    pub fn resize(&mut self, cols: u16, rows: u16) {
        lock(&self.shared).parser.screen_mut().set_size(rows, cols);
        self.master()
            .resize(size(cols, rows))
            .expect("resize the pty");
    }

    /// Whether the terminal is in raw mode (no line editing, no echo), as
    /// the program left it; `None` where the pty cannot tell.
    pub fn raw_mode(&self) -> Option<bool> {
        let termios = self.master().get_termios()?;
        // Debug shows the flags by name, e.g. `LocalFlags(ECHOKE | ECHO | …)`;
        // reading names keeps nix out of the dev-dependencies.
        let flags = format!("{:?}", termios.local_flags);
        let set = |name: &str| {
            flags
                .split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
                .any(|word| word == name)
        };
        Some(!set("ICANON") && !set("ECHO"))
    }

    fn master(&self) -> &dyn MasterPty {
        self.master.as_deref().expect("the terminal is open")
    }

    /// Closes the terminal, as when its window is closed or an SSH
    /// connection drops: the kernel sends SIGHUP and the terminal stops
    /// taking input and output.
    pub fn hang_up(&mut self, redraw_key: &str) {
        // The reader thread holds a copy of the master; it lets go after
        // the next output, which `redraw_key` provokes.
        lock(&self.shared).hang_up = true;
        self.send(redraw_key);
        let deadline = Instant::now() + WAIT;
        while !lock(&self.shared).closed {
            assert!(
                Instant::now() < deadline,
                "no output after {redraw_key:?}; screen:\n{}",
                self.screen()
            );
            thread::sleep(POLL);
        }
        self.writer.take();
        self.master.take();
    }

    /// Waits for the program to exit and for its last output to be read;
    /// returns how it exited.
    pub fn wait_exit(&mut self) -> ExitStatus {
        let deadline = Instant::now() + EXIT_WAIT;
        let status = loop {
            if self.exited() {
                break self.status.clone().expect("exit status");
            }
            if Instant::now() >= deadline {
                panic!(
                    "preflight did not exit within {EXIT_WAIT:?}; screen:\n{}",
                    self.screen()
                );
            }
            thread::sleep(POLL);
        };
        while !lock(&self.shared).closed {
            if Instant::now() >= deadline {
                panic!("preflight exited but its terminal output did not end");
            }
            thread::sleep(POLL);
        }
        status
    }
}

impl Drop for Term {
    fn drop(&mut self) {
        if !self.exited() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
        // The reader thread ends on its own once the child is gone.
    }
}

/// The position of the last `needle` in `haystack`.
pub fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

/// Asserts the program gave the terminal back (call after it exited): it
/// entered the alternate screen and, after the last time it did, left it;
/// bracketed paste, mouse reports and a hidden cursor were each undone
/// after the last time they were set; raw mode is off. The screen model
/// (vt100) must agree.
pub fn assert_terminal_restored(term: &Term) {
    assert_output_restores(&term.output());
    if let Some(raw) = term.raw_mode() {
        assert!(!raw, "raw mode is switched off again");
    }
    let out = lock(&term.shared);
    let screen = out.parser.screen();
    assert!(!screen.alternate_screen(), "the normal screen is shown");
    assert!(!screen.bracketed_paste(), "bracketed paste is off");
    assert!(!screen.hide_cursor(), "the cursor is shown");
    assert_eq!(
        screen.mouse_protocol_mode(),
        vt100::MouseProtocolMode::None,
        "mouse reports are off"
    );
}

/// The escape-sequence part of [`assert_terminal_restored`].
pub fn assert_output_restores(output: &[u8]) {
    let shown = String::from_utf8_lossy(&output[output.len().saturating_sub(400)..]);
    let alt_on = rfind(output, seq::ALT_SCREEN_ON)
        .unwrap_or_else(|| panic!("never entered the alternate screen; output ends:\n{shown:?}"));
    assert!(
        rfind(&output[alt_on..], seq::ALT_SCREEN_OFF).is_some(),
        "did not leave the alternate screen after entering it; output ends:\n{shown:?}"
    );
    let paste_on = rfind(output, seq::PASTE_ON)
        .unwrap_or_else(|| panic!("never enabled bracketed paste; output ends:\n{shown:?}"));
    assert!(
        rfind(&output[paste_on..], seq::PASTE_OFF).is_some(),
        "did not disable bracketed paste after enabling it; output ends:\n{shown:?}"
    );
    if let Some(hidden) = rfind(output, seq::CURSOR_HIDE) {
        assert!(
            rfind(&output[hidden..], seq::CURSOR_SHOW).is_some(),
            "did not show the cursor after hiding it; output ends:\n{shown:?}"
        );
    }
    for (on, off) in seq::MOUSE_MODES {
        if let Some(at) = rfind(output, on) {
            assert!(
                rfind(&output[at..], off).is_some(),
                "did not switch mouse mode {:?} off after switching it on; output ends:\n{shown:?}",
                String::from_utf8_lossy(on)
            );
        }
    }
}

/// Asserts two JSON values are equal, printing both in full if not.
pub fn assert_json_eq(actual: &Value, expected: &Value) {
    if actual != expected {
        panic!(
            "JSON differs\n--- actual ---\n{}\n--- expected ---\n{}",
            serde_json::to_string_pretty(actual).unwrap(),
            serde_json::to_string_pretty(expected).unwrap()
        );
    }
}

/// The record without the fields a test cannot know in advance.
pub fn without(record: &Value, keys: &[&str]) -> Value {
    let mut record = record.clone();
    let map = record.as_object_mut().expect("record is an object");
    for key in keys {
        map.remove(*key);
    }
    record
}
