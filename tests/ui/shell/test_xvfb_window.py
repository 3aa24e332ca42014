"""The window as a user starts it, under a real X server: `python -m flowdeck --config
...` with DISPLAY set, the screen grabbed by Qt's xcb screen grab, and the pixels of the
sparkline cells and the SIMULATED badge checked. The app tells where those are on the
screen through the FLOWDECK_WINDOW_REPORT hook (a JSON file).

Xvfb picks a free display itself (-displayfd). Skipped only when Xvfb is missing."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtGui import QImage

from flowdeck.ui.shell.self_test import image_array, ink_pixels
from flowdeck.ui.shell.window_report import REPORT_ENV
from tests.support.screen import grab_screen
from tests.support.xvfb_tray import stop_process, wait_for_report, xvfb_with_tray

REPO = Path(__file__).resolve().parents[2]
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("Xvfb") is None, reason="Xvfb is not installed"),
]


@pytest.fixture
def xvfb():
    """A fresh Xvfb on a free display; yields the DISPLAY string."""
    with xvfb_with_tray(tray=False) as env:
        yield env["DISPLAY"]


def test_window_under_xvfb_draws_sparklines(xvfb, tmp_path) -> None:
    home = tmp_path / "home"
    report = tmp_path / "report.json"
    shot = tmp_path / "screen.png"
    env = {**os.environ, "DISPLAY": xvfb, "FLOWDECK_HOME": str(home),
           "QT_QPA_PLATFORM": "xcb", "PYTHONPATH": str(REPO / "gui"),
           REPORT_ENV: str(report)}
    app = subprocess.Popen([sys.executable, "-m", "flowdeck", "--config",
                            str(tmp_path / "flowdeck.toml"), "--source", "sim?seed=7"],
                           env=env, cwd=REPO, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True)
    try:
        where = wait_for_report(app, report)
        grab_screen(xvfb, shot)
        # SIGTERM (or Ctrl+C) closes the window as its close button does.
        app.terminate()
        assert app.wait(30) == 0, app.communicate()[1]
        assert (home / "state" / "window.ini").exists()  # the layout was saved
        assert not (home / "run" / "flowdeck.lock").exists()  # the lock released
    finally:
        stop_process(app)
    image = QImage(str(shot))
    assert (image.width(), image.height()) == (1440, 900)
    screen = image_array(image)
    assert where["rows"] == 20 and where["applies"] >= 3
    cells = where["sparkline_cells"]
    assert len(cells) >= 20, "too few sparkline cells in view"
    painted = sum(ink_pixels(screen[y + 1:y + h - 1, x + 1:x + w - 1]) >= 4
                  for x, y, w, h in cells)
    assert painted >= 0.8 * len(cells), f"{painted} of {len(cells)} sparkline cells painted"
    # The SIMULATED badge: white text on red.
    assert where["badge_visible"]
    x, y, w, h = where["badge"]
    badge = screen[y:y + h, x:x + w].reshape(-1, 3).astype(int)
    red = (badge[:, 0] > 150) & (badge[:, 1] < 90) & (badge[:, 2] < 90)
    assert red.mean() > 0.5
    assert np.unique(screen.reshape(-1, 3), axis=0).shape[0] > 50  # a real window, not blank
