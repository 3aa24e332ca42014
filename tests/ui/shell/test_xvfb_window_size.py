"""The window's size on a real screen (Xvfb; the offscreen platform's 800x600 screen is
not one): on a 1366x768 laptop the first window fits the available area with its status
bar and dock buttons on screen; made as small as it goes, it is at most 940x600 (878x589
since issue 20 gave the detail dock the tiers' shares under the bars and the sector
toggle over the chart: +35 px, the bars keeping their 80) and still shows at least 10
full table rows; a window saved on a larger screen comes back inside
the smaller one. The app runs in a child process, as a user starts it (open_window)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.xvfb_tray import xvfb_with_tray

REPO = Path(__file__).resolve().parents[2]
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("Xvfb") is None, reason="Xvfb is not installed"),
]
LAPTOP = "1366x768x24"
# Shows the window as the app does, waits for data, reports where things are (global
# coordinates), then makes the window as small as it goes and reports the table again.
CHILD = r"""
import asyncio, json, sys
from pathlib import Path
import qasync
from PySide6.QtWidgets import QApplication, QPushButton
from flowdeck.ui.shell.open_window import open_window

def rect(widget):
    top_left = widget.mapToGlobal(widget.rect().topLeft())
    return [top_left.x(), top_left.y(), widget.width(), widget.height()]

async def main():
    w = open_window(Path(sys.argv[1]), "sim?seed=7")
    w.show()
    w.start()
    await asyncio.sleep(2.0)
    frame = w.frameGeometry()
    out = {"available": list(w.screen().availableGeometry().getRect()),
           "frame": [frame.x(), frame.y(), frame.width(), frame.height()],
           "status": rect(w.status), "badge_visible": w.status.badge.isVisible(),
           "badge": rect(w.status.badge),
           "buttons": [rect(b) for b in w.watchlist_dock.findChildren(QPushButton)],
           "chart": rect(w.detail_dock)}
    if sys.argv[2] == "smallest":
        w.resize(1, 1)  # Qt keeps it at its minimum size
        await asyncio.sleep(1.0)
        view = w.view
        out.update(size=[w.width(), w.height()],
                   minimum=[w.minimumSize().width(), w.minimumSize().height()],
                   viewport=view.viewport().height(),
                   row=view.verticalHeader().defaultSectionSize())
    print(json.dumps(out), flush=True)
    w.quit()
    await w.shutdown()

app = QApplication([])
app.setQuitOnLastWindowClosed(False)  # as flowdeck's app: the window's close ends main()
qasync.run(main())
"""


def run_window(env: dict, home: Path, mode: str) -> dict:
    env = {**env, "FLOWDECK_HOME": str(home), "PYTHONPATH": str(REPO / "gui")}
    done = subprocess.run([sys.executable, "-c", CHILD, str(home / "flowdeck.toml"), mode],
                          env=env, cwd=REPO, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def inside(rect: list[int], area: list[int]) -> bool:
    x, y, w, h = rect
    ax, ay, aw, ah = area
    return ax <= x and ay <= y and x + w <= ax + aw and y + h <= ay + ah


def test_first_window_fits_a_laptop_screen_and_shrinks_to_ten_rows(tmp_path) -> None:
    with xvfb_with_tray(tray=False, screen=LAPTOP) as env:
        seen = run_window(env, tmp_path / "home", "smallest")
    area = seen["available"]
    assert area[2:] == [1366, 768]
    assert inside(seen["frame"], area), seen
    assert inside(seen["status"], area) and seen["status"][3] > 0
    assert seen["badge_visible"] and inside(seen["badge"], area)
    assert seen["buttons"] and all(inside(b, area) for b in seen["buttons"])
    assert inside(seen["chart"], area)

    width, height = seen["minimum"]
    assert width <= 940 and height <= 600, seen["minimum"]
    assert seen["size"] == seen["minimum"]
    assert seen["viewport"] // seen["row"] >= 10, seen


def test_a_window_saved_on_a_larger_screen_comes_back_inside_a_smaller_one(tmp_path) -> None:
    home = tmp_path / "home"
    with xvfb_with_tray(tray=False, screen="1920x1080x24") as env:
        large = run_window(env, home, "show")
    assert large["frame"][2:] == [1440, 900]  # the first window where there is room
    assert (home / "state" / "window.ini").exists()
    with xvfb_with_tray(tray=False, screen=LAPTOP) as env:
        small = run_window(env, home, "show")
    assert inside(small["frame"], small["available"]), small
    assert inside(small["status"], small["available"])

