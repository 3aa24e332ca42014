"""Hostile files never stop the window (issue 17, item 5): a settings file nested too
deep, today's alert log entries a float cannot hold or with a list for a field, a torn
line of 300 KB: the window starts, says so in a banner, and moves the file aside or
skips the entry. A start that cannot go on says why on the terminal."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from flowdeck.storage import paths
from flowdeck.storage.alert_log import alert_log_path
from tests.support.waiting import wait_until
from tests.support.window import run_window

pytestmark = pytest.mark.timeout(120)

REPO = Path(__file__).resolve().parents[2]
FAST = "sim?speed=20&seed=7"


def today_entry(**changes) -> dict:
    good = {"type": "alert", "code": "HK.00700", "field": "main_net_inflow", "op": ">",
            "threshold": 5e7, "value": 6e7, "time": "2025-03-14 10:31:00", "note": "n",
            "scope": "all", "wall": time.time() - 5}
    return {**good, **changes}


def write_log(lines: list[bytes]) -> Path:
    path = alert_log_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"".join(line + b"\n" for line in lines))
    return path


def test_a_settings_file_nested_too_deep_is_moved_aside_and_the_window_starts(
        qloop, flowdeck_home) -> None:
    config = paths.config_path()
    config.parent.mkdir(parents=True)
    config.write_text("a = " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    seen = {}

    async def body(w):
        await wait_until(lambda: w.follower.applies >= 1, 30)
        seen["banner"] = w.banners.banner("config")

    run_window(qloop, body, source=FAST)
    assert seen["banner"] is not None and "nested too deep" in seen["banner"].text()
    assert config.with_name("flowdeck.toml.bak").exists()


def test_unreadable_alert_log_entries_are_skipped_and_the_window_starts(
        qloop, flowdeck_home) -> None:
    good = json.dumps(today_entry(note="kept")).encode()
    huge = json.dumps(today_entry()).replace("60000000.0", "9" * 400).encode()
    write_log([good, huge, json.dumps(today_entry(field=["x"])).encode(),
               b"{" * 300_000 + good])
    seen = {}

    async def body(w):
        await wait_until(lambda: w.follower.applies >= 1, 30)
        seen["rows"] = w.alerts.dock.model.rowCount()
        seen["banner"] = w.banners.banner("alertlog")

    started = time.perf_counter()
    run_window(qloop, body, source=FAST)
    assert time.perf_counter() - started < 60  # a 1 MB torn line left it dead for 60 s
    assert seen["rows"] == 1  # "kept"
    text = seen["banner"].text()
    assert "3 line(s)" in text and str(alert_log_path()) in text


def flowdeck(env_home: Path, *args: str, extra: str = "") -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    env.update(PYTHONPATH=str(REPO / "gui"), FLOWDECK_HOME=str(env_home),
               QT_QPA_PLATFORM="offscreen")
    code = extra + "import sys\nfrom flowdeck.launcher import main\nsys.exit(main(sys.argv[1:]))"
    return subprocess.run([sys.executable, "-c", code, *args], env=env, cwd=REPO,
                          capture_output=True, text=True, timeout=90)


@pytest.mark.e2e
def test_a_start_without_a_folder_for_its_log_says_why_on_the_terminal(tmp_path) -> None:
    home = tmp_path / "not-a-folder"
    home.write_text("")
    proc = flowdeck(home)
    assert proc.returncode == 1
    assert "flowdeck: the window could not start: NotADirectoryError" in proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.mark.e2e
def test_a_start_that_fails_says_why_on_the_terminal_and_where_the_details_are(
        tmp_path) -> None:
    # A failure nobody foresaw while the window is built (here injected).
    boom = ("import flowdeck.ui.shell.main as m\n"
            "def open_window(*a):\n    raise RuntimeError('no way')\n"
            "m.open_window = open_window\n")
    proc = flowdeck(tmp_path / "home", extra=boom)
    assert proc.returncode == 1
    log_file = tmp_path / "home" / "state" / "flowdeck.log"
    assert ("flowdeck: the window could not start: RuntimeError: no way. The details are "
            f"in {log_file}.") in proc.stderr
    assert "RuntimeError: no way" in log_file.read_text(encoding="utf-8")
