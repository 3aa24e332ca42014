"""Started from a terminal, the window says in one line that it is up and where its log
is; started with its output piped (a launcher, a desktop entry) it prints nothing."""

from __future__ import annotations

import os
import pty
import select
import signal
import subprocess
import sys
import time

import pytest

# A test that starts a process, a display server or real sockets and servers: the e2e tier.
pytestmark = pytest.mark.e2e

ARGS = [sys.executable, "-m", "flowdeck", "--source", "sim?speed=60&seed=1"]


def environment(tmp_path) -> dict[str, str]:
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path),
            "FLOWDECK_HOME": str(tmp_path / "home")}


def read_until(fd: int, needle: bytes, seconds: float) -> bytes:
    out, end = b"", time.monotonic() + seconds
    while needle not in out and time.monotonic() < end:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                out += os.read(fd, 4096)
            except OSError:  # the child closed the terminal
                break
    return out


def test_one_line_on_a_terminal(tmp_path) -> None:
    leader, follower = pty.openpty()
    child = subprocess.Popen(ARGS, stdin=subprocess.DEVNULL, stdout=follower,
                             stderr=subprocess.PIPE, env=environment(tmp_path))
    os.close(follower)
    try:
        out = read_until(leader, b"Ctrl+C", 60).decode()
    finally:
        child.send_signal(signal.SIGTERM)
        child.wait(30)
        os.close(leader)
    log = tmp_path / "home" / "state" / "flowdeck.log"
    assert out.strip() == (f"FlowDeck is running; its log is {log}. Ctrl+C here "
                           f"closes it."), out
    assert child.returncode == 0


def test_nothing_when_piped(tmp_path) -> None:
    child = subprocess.Popen(ARGS, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, env=environment(tmp_path))
    config = tmp_path / "home" / "config" / "flowdeck.toml"  # written just before the window
    end = time.monotonic() + 60
    while time.monotonic() < end and not config.exists():
        time.sleep(0.1)
    time.sleep(3.0)  # the terminal test's line comes well within this
    child.send_signal(signal.SIGTERM)
    out, _ = child.communicate(timeout=30)
    assert child.returncode == 0 and out == b""
