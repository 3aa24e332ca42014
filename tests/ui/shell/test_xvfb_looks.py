"""The window in both languages and both themes, as a user starts it under a real X
server: `python -m flowdeck --config FILE` whose [display] sets language and theme, the
screen grabbed, and checked: the table's background is light or dark as asked, the
numbers and sparklines are drawn, and the menu bar speaks the language asked for.
FLOWDECK_SHOTS=DIR keeps the screenshots (the README and issue notes come from there)."""

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
MENUS = {"en": ["File", "View", "Alerts"], "zh_CN": ["文件", "视图", "提醒"],
         "zh_HK": ["檔案", "檢視", "提醒"]}


def luminance(pixels: np.ndarray) -> float:
    rgb = pixels.reshape(-1, 3).astype(float)
    return float(np.median(rgb @ np.array([0.2126, 0.7152, 0.0722])))


@pytest.mark.parametrize(("language", "theme"), [
    ("en", "light"), ("en", "dark"), ("zh_CN", "light"), ("zh_CN", "dark"), ("zh_HK", "dark"),
])
def test_language_and_theme_on_a_real_screen(tmp_path, language, theme) -> None:
    config = tmp_path / "flowdeck.toml"
    config.write_text(f'[display]\nlanguage = "{language}"\ntheme = "{theme}"\n',
                      encoding="utf-8")
    report, shot = tmp_path / "report.json", tmp_path / f"{language}-{theme}.png"
    with xvfb_with_tray(tray=False) as env:
        env = {**env, "FLOWDECK_HOME": str(tmp_path / "home"), "PYTHONPATH": str(REPO / "gui"),
               REPORT_ENV: str(report), "LANG": "C.UTF-8"}
        app = subprocess.Popen([sys.executable, "-m", "flowdeck", "--config", str(config),
                                "--source", "sim?seed=7"], env=env, cwd=REPO,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            where = wait_for_report(app, report)
            grab_screen(env["DISPLAY"], shot)
        finally:
            stop_process(app)
    keep = os.environ.get("FLOWDECK_SHOTS")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(keep) / shot.name)
    screen = image_array(QImage(str(shot)))
    assert where["menus"] == MENUS[language]
    x, y, w, h = where["table"]
    table = screen[y:y + h, x:x + w]
    if theme == "dark":
        assert luminance(table) < 80, luminance(table)
    else:
        assert luminance(table) > 180, luminance(table)
    cells = where["sparkline_cells"]
    painted = sum(ink_pixels(screen[cy + 1:cy + ch - 1, cx + 1:cx + cw - 1]) >= 4
                  for cx, cy, cw, ch in cells)
    assert cells and painted >= 0.8 * len(cells), f"{painted} of {len(cells)} painted"
