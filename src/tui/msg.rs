//! What can happen to the TUI, as data, and what `update` asks the event
//! loop to do that needs the terminal itself.

use crossterm::event::KeyEvent;

/// An input to `update`.
#[derive(Debug, Clone)]
pub enum Msg {
    /// A key press.
    Key(KeyEvent),
    /// Text pasted in one piece (bracketed paste).
    Paste(String),
    /// The terminal was resized; the next frame adapts.
    Resize(u16, u16),
    /// A mouse click or wheel turn (only when mouse support is on).
    Mouse(crossterm::event::MouseEvent),
    /// Time passed (autosave deadlines).
    Tick,
    /// SIGTERM, SIGHUP or SIGINT: save and leave.
    Terminate,
    /// The external editor finished with this text, or failed.
    EditorClosed(Result<String, String>),
}

/// Work for the event loop that needs the terminal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Suspend the TUI and edit this text in $VISUAL / $EDITOR.
    OpenEditor(String),
}
