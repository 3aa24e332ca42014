"""The pixels an X server shows."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

_QT_GRAB = ("import sys; from PySide6.QtGui import QGuiApplication; "
            "app = QGuiApplication([]); "
            "sys.exit(0 if app.primaryScreen().grabWindow(0).save(sys.argv[1]) else 1)")


def grab_screen(display: str, path: Path) -> None:
    """The X server's root window as a PNG, by Qt's xcb screen grab in a child process
    (it reads the server's pixels). One way everywhere: CI installs nothing else for it,
    so no test may pass here through a tool only this machine has."""
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
    subprocess.run([sys.executable, "-c", _QT_GRAB, str(path)], env=env, check=True,
                   timeout=30)
