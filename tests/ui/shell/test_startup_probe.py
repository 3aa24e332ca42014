"""FLOWDECK_STARTUP_PROBE: the real program writes when its table first painted rows with
numbers (what tests/bench/startup_bench.py measures), and keeps running."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

# A test that starts a process, a display server or real sockets and servers: the e2e tier.
pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]


def test_the_window_stamps_its_first_painted_data_and_carries_on(tmp_path):
    probe = tmp_path / "probe.json"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", FLOWDECK_HOME=str(tmp_path / "home"),
               FLOWDECK_STARTUP_PROBE=str(probe), PYTHONPATH=str(ROOT / "gui"))
    started = time.time()
    proc = subprocess.Popen([sys.executable, "-m", "flowdeck"], env=env, cwd=tmp_path,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while not probe.exists() and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)
        assert probe.exists(), "no probe written"
        stamp = json.loads(probe.read_text())
        assert stamp["pid"] == proc.pid
        assert started < stamp["first_data_painted"] < time.time()
        time.sleep(0.5)
        assert proc.poll() is None, "the window stopped after the probe"
    finally:
        proc.send_signal(signal.SIGTERM)
        _out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err


def test_without_the_variable_nothing_is_installed(qapp):
    from flowdeck.ui.shell.startup_probe import PROBE_ENV, install_startup_probe

    assert PROBE_ENV not in os.environ
    assert install_startup_probe(object()) is None
