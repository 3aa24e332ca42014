"""One instance per user: a second start signals the first (raise) and gives up; a real
second `python -m flowdeck` exits at once while the first holds the lock."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from flowdeck.storage import paths
from flowdeck.ui.single_instance import LOCK_FILE_NAME, SingleInstance, notify_running

REPO = Path(__file__).resolve().parents[2]


def test_second_instance_signals_the_first(qtbot, tmp_path) -> None:
    first = SingleInstance(tmp_path / "run")
    assert first.acquire() and first.primary
    assert (tmp_path / "run" / LOCK_FILE_NAME).exists()
    second = SingleInstance(tmp_path / "run")
    with qtbot.waitSignal(first.raise_requested, timeout=3000):
        assert not second.acquire()
    assert not second.primary
    first.release()
    third = SingleInstance(tmp_path / "run")
    assert third.acquire()  # the lock is free again
    third.release()


def test_separate_homes_are_separate_instances(tmp_path) -> None:
    a, b = SingleInstance(tmp_path / "a"), SingleInstance(tmp_path / "b")
    try:
        assert a.acquire() and b.acquire()
        assert a.name != b.name
    finally:
        a.release()
        b.release()


def test_nobody_listening(tmp_path) -> None:
    assert not notify_running("flowdeck-test-nobody-listens-here")


def test_second_flowdeck_process_raises_the_first_and_exits(qtbot, flowdeck_home) -> None:
    first = SingleInstance(paths.runtime_dir())
    assert first.acquire()
    try:
        env = {**os.environ, "FLOWDECK_HOME": str(flowdeck_home),
               "PYTHONPATH": str(REPO / "gui"), "QT_QPA_PLATFORM": "offscreen"}
        with qtbot.waitSignal(first.raise_requested, timeout=20000):
            proc = subprocess.Popen([sys.executable, "-m", "flowdeck"], env=env, cwd=REPO,
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            # Let the event loop run while the child knocks.
            qtbot.waitUntil(lambda: proc.poll() is not None, timeout=20000)
        out, err = proc.communicate(timeout=10)
        assert proc.returncode == 0, err
        assert "already running" in out
    finally:
        first.release()
