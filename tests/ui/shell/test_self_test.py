"""`flowdeck --self-test --png PATH` in a subprocess: exits 0, prints OK, writes the PNG,
and leaves the user's own config and state alone."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtGui import QImage

from flowdeck.ui.shell.self_test import image_array, ink_pixels

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.e2e
def test_self_test_prints_ok_and_writes_the_png(tmp_path) -> None:
    png = tmp_path / "shots" / "window.png"
    fake_home = tmp_path / "user"
    env = {k: v for k, v in os.environ.items() if k not in ("FLOWDECK_HOME", "QT_QPA_PLATFORM")}
    env.update(PYTHONPATH=str(REPO / "gui"), HOME=str(fake_home),
               XDG_CONFIG_HOME=str(fake_home / "config"),
               XDG_STATE_HOME=str(fake_home / "state"), XDG_DATA_HOME=str(fake_home / "data"),
               DISPLAY="")
    proc = subprocess.run([sys.executable, "-m", "flowdeck", "--self-test", "--png", str(png)],
                          env=env, cwd=REPO, capture_output=True, text=True, timeout=90)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.strip().splitlines()[-1] == "OK"
    # A channel's secret stored and read back: keyring's choice is "none" (conftest).
    assert "secrets: file (no keyring backend is available)" in proc.stdout.splitlines()
    image = QImage(str(png))
    assert not image.isNull() and image.width() >= 800 and image.height() >= 500
    assert ink_pixels(image_array(image)) > 10_000  # a real picture, not a blank
    # Nothing in the user's own folders: the self-test keeps to its temporary home.
    assert not fake_home.exists() or not any(p.is_file() for p in fake_home.rglob("*"))


def test_ink_pixels() -> None:
    cell = np.full((20, 60, 3), 255, np.uint8)
    assert ink_pixels(cell) == 0
    cell[10, 5:45] = (200, 30, 30)
    assert ink_pixels(cell) == 40
    assert ink_pixels(np.zeros((0, 0, 3), np.uint8)) == 0


def test_png_without_self_test_is_refused() -> None:
    from flowdeck.ui.shell.main import run
    assert run(["--png", "x.png"]) == 2


def test_bad_source_on_the_command_line_is_refused(capsys) -> None:
    from flowdeck.ui.shell.main import run
    assert run(["--source", "nosuch://x"]) == 2
    assert "unknown source" in capsys.readouterr().err


def test_check_window_names_what_is_missing(qtbot, flowdeck_home) -> None:
    from flowdeck.ui.shell.open_window import open_window
    from flowdeck.ui.shell.self_test import check_window

    window = open_window(None, None)  # built, never started: no data
    qtbot.addWidget(window)
    window.show()
    assert check_window(window, window.grab().toImage()) == ["the table has no rows"]
    window.store.set_codes(window.watchlists.codes())  # rows, but no data yet
    problems = check_window(window, window.grab().toImage())
    assert any("rows have numbers" in p for p in problems)
    assert any("detail chart has no data" in p for p in problems)
    window.close()
