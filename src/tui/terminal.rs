//! Entering and leaving full-screen mode. Leaving never fails loudly: when
//! the terminal is already gone, writing to it fails, and a panic there
//! (ratatui's `restore` prints with `eprintln!`, which panics on a closed
//! stderr) would abort the process before the record's lock is released.

use std::io::{self, stdout};
use std::sync::Once;

use crossterm::cursor::Show;
use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::DefaultTerminal;
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

static PANIC_HOOK: Once = Once::new();

/// Raw mode, alternate screen, bracketed paste (and mouse reports when
/// asked); a panic hook that leaves full-screen mode before the panic
/// message is printed.
pub fn enter(mouse: bool) -> io::Result<DefaultTerminal> {
    PANIC_HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            leave();
            previous(info);
        }));
    });
    resume(mouse)?;
    Terminal::new(CrosstermBackend::new(stdout()))
}

/// Re-enters full-screen mode after `leave` (around an external editor).
pub fn resume(mouse: bool) -> io::Result<()> {
    enable_raw_mode()?;
    execute!(stdout(), EnterAlternateScreen, EnableBracketedPaste)?;
    if mouse {
        execute!(stdout(), EnableMouseCapture)?;
    }
    Ok(())
}

/// Gives the terminal back as it was; errors are ignored because there is
/// nothing left to tell them to.
pub fn leave() {
    // Mouse reports are turned off whether or not they were on: a terminal
    // left reporting clicks is unusable. The cursor is shown here too, not
    // only when ratatui's `Terminal` is dropped: a panic hook or a signal
    // path may leave before that drop runs, and a shell with no cursor looks
    // hung.
    let _ = execute!(
        stdout(),
        DisableMouseCapture,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        Show
    );
    let _ = disable_raw_mode();
}
