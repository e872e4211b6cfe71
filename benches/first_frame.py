#!/usr/bin/env python3
"""Time from starting `preflight` (the home screen, or with ARGS another
screen, e.g. `edit ID` for one record in the wizard) to its first frame, in a
pty of 120x40, and the process's peak RSS; used by benches/whole-process.sh.

Usage: first_frame.py BINARY STORE [RUNS [MARKER ARGS...]]
Prints the median, min and max milliseconds and the largest peak RSS.
The first frame is the first output that holds MARKER (default: the record
table's header, READINESS); preflight is then asked to quit with Ctrl-Q.
"""
import fcntl
import os
import pty
import select
import statistics
import struct
import sys
import termios
import time


def one_run(binary, store, marker=b"READINESS", args=()):
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        os.execv(binary, [binary, "--store", store, *args])
    seen = b""
    first = None
    deadline = start + 30
    while time.perf_counter() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
        if first is None and marker in seen:
            first = time.perf_counter() - start
            os.write(fd, b"\x11")  # Ctrl-Q
    # Drain the pty until the child closes it, then collect its peak RSS.
    while True:
        try:
            ready, _, _ = select.select([fd], [], [], 0.2)
            if ready and not os.read(fd, 65536):
                break
        except OSError:
            break
    _, _status, usage = os.wait4(pid, 0)
    os.close(fd)
    if first is None:
        sys.exit("no first frame seen: " + seen[-500:].decode("utf-8", "replace"))
    return first * 1000, usage.ru_maxrss


def main():
    binary, store = sys.argv[1], sys.argv[2]
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 10
    marker = sys.argv[4].encode() if len(sys.argv) > 4 else b"READINESS"
    args = sys.argv[5:]
    one_run(binary, store, marker, args)  # warm-up (also builds the list index)
    times, rss = [], []
    for _ in range(runs):
        ms, kb = one_run(binary, store, marker, args)
        times.append(ms)
        rss.append(kb)
    print(
        f"first frame: median {statistics.median(times):.1f} ms, "
        f"min {min(times):.1f} ms, max {max(times):.1f} ms over {runs} runs; "
        f"peak RSS {max(rss) / 1024:.1f} MB"
    )


if __name__ == "__main__":
    main()
