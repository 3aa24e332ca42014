"""A real X server with (or without) a system tray, for tests of the tray icon under
xcb: Xvfb, and trayer (a small GTK panel that owns the XEmbed tray selection) on it.

    with xvfb_with_tray() as env:
        subprocess.run([sys.executable, "-c", program], env=env)

The yielded environment is os.environ with DISPLAY and QT_QPA_PLATFORM=xcb set, and
without the session bus: Qt prefers a D-Bus StatusNotifier tray when one answers, and
the host's must not decide what these tests see.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

SCREEN = "1440x900x24"
TRAYER_ARGS = ("--edge", "bottom", "--align", "right", "--widthtype", "request",
               "--height", "32", "--expand", "false", "--SetDockType", "true",
               "--SetPartialStrut", "false")


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def _start_xvfb(display: int | None, screen: str = SCREEN) -> tuple[subprocess.Popen, int]:
    """Xvfb on `display`, or on a free number it picks itself (-displayfd: no race with
    other servers starting at the same time); returns once it accepts clients."""
    read_fd, write_fd = os.pipe()
    args = ["Xvfb", *([f":{display}"] if display is not None else []),
            "-displayfd", str(write_fd), "-screen", "0", screen, "-nolisten", "tcp"]
    proc = subprocess.Popen(args, pass_fds=(write_fd,), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    os.close(write_fd)
    with os.fdopen(read_fd) as pipe:
        number = pipe.readline().strip()  # written when the server is ready
    if not number:
        _stop(proc)
        raise RuntimeError(f"Xvfb did not start (exit code {proc.returncode})")
    return proc, int(number)


@contextmanager
def xvfb_with_tray(display: int | None = None, tray: bool = True,
                   screen: str = SCREEN) -> Iterator[dict[str, str]]:
    """Xvfb (`:display`, or a free one; `screen` WxHxDEPTH), then trayer when `tray` and it
    is installed; yields the environment for a child process; stops both on exit. trayer
    takes the tray selection a moment after it starts: poll
    QSystemTrayIcon.isSystemTrayAvailable()."""
    with ExitStack() as stack:
        xvfb, number = _start_xvfb(display, screen)
        stack.callback(_stop, xvfb)
        env = {k: v for k, v in os.environ.items()
               if k not in ("DBUS_SESSION_BUS_ADDRESS", "WAYLAND_DISPLAY")}
        env.update(DISPLAY=f":{number}", QT_QPA_PLATFORM="xcb")
        if tray and shutil.which("trayer"):
            panel = subprocess.Popen(["trayer", *TRAYER_ARGS], env=env,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            stack.callback(_stop, panel)
            time.sleep(0.2)
            if panel.poll() is not None:
                raise RuntimeError(f"trayer exited at once with {panel.returncode}")
        yield env


def wait_for_report(app: subprocess.Popen, report: Path, timeout: float = 60.0) -> dict:
    """The JSON the app writes to `report` (FLOWDECK_WINDOW_REPORT) once it has drawn;
    fails the test when the app exits first or writes nothing in time."""
    import json

    import pytest

    end = time.monotonic() + timeout
    while not report.exists():
        if app.poll() is not None:
            pytest.fail(f"flowdeck exited with {app.returncode}: {app.communicate()[1]}")
        if time.monotonic() > end:
            pytest.fail(f"flowdeck wrote no report within {timeout:.0f} s")
        time.sleep(0.2)
    time.sleep(0.1)  # the writer may still be flushing
    return json.loads(report.read_text(encoding="utf-8"))


def stop_process(proc: subprocess.Popen) -> None:
    """Terminate, then kill if it does not go."""
    _stop(proc)
