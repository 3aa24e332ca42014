"""One instance per user: a second start signals the first (raise) and gives up; a real
second `python -m flowdeck` exits at once while the first holds the lock. The run folder
must be private: another user's, or one others can write, is refused (or left for the
state folder's `run` when it is the usual one)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from flowdeck.storage import paths
from flowdeck.storage.atomic import FileOps, StorageError
from flowdeck.ui.shell.single_instance import LOCK_FILE_NAME, SingleInstance, notify_running

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


@pytest.mark.e2e
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


class RunFolderOwnedBy(FileOps):
    """Reports `folder` as another user's: tests run as root, whom modes do not stop."""

    def __init__(self, folder: Path, uid: int) -> None:
        self.folder, self.uid = os.path.realpath(folder), uid

    def lstat(self, path: str) -> os.stat_result:
        info = super().lstat(path)
        if os.path.realpath(path) != self.folder:
            return info
        fields = list(info)
        fields[stat.ST_UID] = self.uid
        return os.stat_result(fields)


def test_a_run_folder_of_another_user_is_refused(tmp_path) -> None:
    planted = tmp_path / "run"
    planted.mkdir(mode=0o700)
    instance = SingleInstance(planted, ops=RunFolderOwnedBy(planted, 4242))
    with pytest.raises(StorageError, match=r"belongs to another user \(uid 4242\)"):
        instance.acquire()
    assert not instance.primary and not (planted / LOCK_FILE_NAME).exists()


def test_a_run_folder_others_can_write_is_refused(tmp_path) -> None:
    planted = tmp_path / "run"
    planted.mkdir()
    planted.chmod(0o777)
    with pytest.raises(StorageError, match="other users can write to it"):
        SingleInstance(planted).acquire()
    assert not (planted / LOCK_FILE_NAME).exists()


def test_a_planted_run_folder_is_left_for_a_private_one(qtbot, tmp_path, monkeypatch) -> None:
    runtime = tmp_path / "xdg-runtime"
    runtime.mkdir(mode=0o700)
    monkeypatch.delenv("FLOWDECK_HOME", raising=False)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    (runtime / "flowdeck").mkdir()
    (runtime / "flowdeck").chmod(0o777)  # as another user would leave it for us
    instance = SingleInstance()
    try:
        assert instance.acquire()
        assert instance.run_dir == tmp_path / "state" / "flowdeck" / "run"
        assert "other users can write to it" in instance.note
        assert not (runtime / "flowdeck" / LOCK_FILE_NAME).exists()
    finally:
        instance.release()


@pytest.mark.e2e
def test_flowdeck_with_a_run_folder_others_can_write_says_why_and_exits(flowdeck_home) -> None:
    (flowdeck_home / "run").mkdir(parents=True)
    (flowdeck_home / "run").chmod(0o777)
    env = {**os.environ, "FLOWDECK_HOME": str(flowdeck_home),
           "PYTHONPATH": str(REPO / "gui"), "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.run([sys.executable, "-m", "flowdeck"], env=env, cwd=REPO,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1
    assert str(flowdeck_home / "run") in proc.stderr
    assert "other users can write to it" in proc.stderr
