"""Alerts under a real X server, as a user starts FlowDeck: with a system tray (trayer
on Xvfb) the icon is shown and alerts fired by the simulator go to the tray notifier;
without one they go to banners in the window. The app reports what it did through the
FLOWDECK_WINDOW_REPORT hook once it has notified."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from flowdeck.ui.shell.window_report import REPORT_ENV
from tests.support.alert_window import grid_rules
from tests.support.xvfb_tray import stop_process, wait_for_report, xvfb_with_tray

REPO = Path(__file__).resolve().parents[2]
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("Xvfb") is None, reason="Xvfb is not installed"),
]
_TRAY_UP = ("import sys, time; from PySide6.QtWidgets import QApplication, QSystemTrayIcon; "
            "app = QApplication([]); end = time.monotonic() + 15\n"
            "while not QSystemTrayIcon.isSystemTrayAvailable() and time.monotonic() < end:\n"
            "    app.processEvents(); time.sleep(0.1)\n"
            "sys.exit(0 if QSystemTrayIcon.isSystemTrayAvailable() else 1)")


def run_flowdeck(env: dict, tmp_path: Path) -> dict:
    config = tmp_path / "flowdeck.toml"
    config.write_text('[source]\nurl = "sim?speed=600&seed=7"\n\n' + grid_rules(),
                      encoding="utf-8")
    report = tmp_path / "report.json"
    env = {**env, "FLOWDECK_HOME": str(tmp_path / "home"), "PYTHONPATH": str(REPO / "gui"),
           REPORT_ENV: str(report)}
    app = subprocess.Popen([sys.executable, "-m", "flowdeck", "--config", str(config)],
                           env=env, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           text=True)
    try:
        where = wait_for_report(app, report)
        app.terminate()  # SIGTERM quits for real, even with a tray
        assert app.wait(30) == 0, app.communicate()[1]
    finally:
        stop_process(app)
    return where["alerts"]


@pytest.mark.skipif(shutil.which("trayer") is None, reason="trayer is not installed")
def test_tray_icon_shown_and_alerts_notified_there(tmp_path) -> None:
    with xvfb_with_tray(tray=True) as env:
        # trayer takes the tray selection asynchronously: wait until Qt sees it.
        up = subprocess.run([sys.executable, "-c", _TRAY_UP], env=env, timeout=60)
        assert up.returncode == 0, "trayer's tray never became available"
        alerts = run_flowdeck(env, tmp_path)
    assert alerts["tray"] and alerts["tray_visible"]
    assert alerts["notifier"] == "tray"
    assert alerts["notified"] >= 1 and alerts["fired"] >= alerts["notified"]
    assert alerts["log_rows"] == alerts["fired"]
    assert not any(t.startswith("Alert: ") for t in alerts["banners"])


def test_without_a_tray_alerts_become_banners(tmp_path) -> None:
    with xvfb_with_tray(tray=False) as env:
        alerts = run_flowdeck(env, tmp_path)
    assert not alerts["tray"]
    assert alerts["notifier"] == "banner"
    assert alerts["notified"] >= 1
    assert any(t.startswith("Alert: ") for t in alerts["banners"])
