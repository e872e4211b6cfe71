//! Terminal input on its own thread. crossterm's `poll` retries forever
//! once the terminal is gone (crossterm issue #793), so the main loop never
//! calls it: it waits on a channel with a timeout instead, which leaves it
//! free to notice a signal (SIGTERM, SIGHUP, SIGINT) and a vanished
//! terminal, save, and exit.

use std::io;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::thread;
use std::time::{Duration, Instant};

use crossterm::event::{self, Event};

/// How long the reader waits in one poll before checking whether to pause.
const READER_SLICE: Duration = Duration::from_millis(50);

/// What waiting for input produced.
pub enum TerminalInput {
    /// A terminal event.
    Event(Event),
    /// Nothing arrived before the timeout.
    Timeout,
    /// The terminal failed or went away.
    Closed,
}

/// The reader thread and the channel it feeds.
pub struct InputThread {
    events: Receiver<io::Result<Event>>,
    pause: Arc<AtomicBool>,
    paused: Arc<AtomicBool>,
    thread: thread::Thread,
}

impl InputThread {
    /// Starts reading terminal events.
    pub fn spawn() -> io::Result<InputThread> {
        let (sender, events) = mpsc::channel();
        let pause = Arc::new(AtomicBool::new(false));
        let paused = Arc::new(AtomicBool::new(false));
        let (pause_flag, paused_flag) = (Arc::clone(&pause), Arc::clone(&paused));
        let handle = thread::Builder::new()
            .name("preflight-input".into())
            .spawn(move || {
                loop {
                    if pause_flag.load(Ordering::Acquire) {
                        paused_flag.store(true, Ordering::Release);
                        thread::park_timeout(READER_SLICE);
                        continue;
                    }
                    paused_flag.store(false, Ordering::Release);
                    let next = match event::poll(READER_SLICE) {
                        Ok(false) => continue,
                        Ok(true) => event::read(),
                        Err(err) => Err(err),
                    };
                    let failed = next.is_err();
                    if sender.send(next).is_err() || failed {
                        return;
                    }
                }
            })?;
        Ok(InputThread {
            events,
            pause,
            paused,
            thread: handle.thread().clone(),
        })
    }

    /// Waits up to `timeout` for the next event.
    pub fn next(&self, timeout: Duration) -> TerminalInput {
        match self.events.recv_timeout(timeout) {
            Ok(Ok(event)) => TerminalInput::Event(event),
            Ok(Err(_)) => TerminalInput::Closed,
            Err(RecvTimeoutError::Timeout) => TerminalInput::Timeout,
            Err(RecvTimeoutError::Disconnected) => TerminalInput::Closed,
        }
    }

    /// Stops reading (so an external editor gets the keys) and waits, at
    /// most a second, until the reader is idle.
    pub fn pause(&self) {
        self.pause.store(true, Ordering::Release);
        let deadline = Instant::now() + Duration::from_secs(1);
        while !self.paused.load(Ordering::Acquire) && Instant::now() < deadline {
            thread::sleep(Duration::from_millis(5));
        }
    }

    /// Starts reading again.
    pub fn resume(&self) {
        self.paused.store(false, Ordering::Release);
        self.pause.store(false, Ordering::Release);
        self.thread.unpark();
    }
}
