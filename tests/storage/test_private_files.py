"""Private files and folders: FlowDeck's files are created 0600 (an older 0644 one is
tightened), the log's rotated copies too; a run folder that is a link, belongs to another
user or lets others write is refused, and the run folder falls back to the state folder.

Tests run as root, whom modes do not stop: an owner is faked through FileOps (lstat,
getuid), a mode is set for real and read back."""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

import pytest

from flowdeck.storage.atomic import FileOps, StorageError, atomic_write
from flowdeck.storage.private_files import (
    PrivateRotatingFileHandler,
    ensure_private_dir,
    private_file,
    run_dir,
)


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


class OwnedBy(FileOps):
    """Says `folder` belongs to `uid` (the real owner of everything else is kept)."""

    def __init__(self, folder: Path, uid: int) -> None:
        self.folder, self.uid = str(folder), uid

    def lstat(self, path: str) -> os.stat_result:
        info = super().lstat(path)
        if os.path.realpath(path) != os.path.realpath(self.folder):
            return info
        fields = list(info)
        fields[stat.ST_UID] = self.uid
        return os.stat_result(fields)


def test_atomic_write_creates_0600_and_tightens_an_old_0644_file(tmp_path) -> None:
    new = tmp_path / "flowdeck.toml"
    atomic_write(new, b"a = 1\n")
    assert mode_of(new) == 0o600
    old = tmp_path / "export.txt"
    old.write_bytes(b"old")
    old.chmod(0o644)
    atomic_write(old, b"new")
    assert mode_of(old) == 0o600 and old.read_bytes() == b"new"


def test_private_file_creates_0600_and_tightens(tmp_path) -> None:
    made = private_file(tmp_path / "sub" / "window.ini")
    assert mode_of(made) == 0o600 and mode_of(made.parent) == 0o700
    loose = tmp_path / "old.ini"
    loose.write_text("[General]\nx=1\n")
    loose.chmod(0o644)
    private_file(loose)
    assert mode_of(loose) == 0o600 and loose.read_text() == "[General]\nx=1\n"


def test_the_log_and_its_rotated_copies_are_0600(tmp_path) -> None:
    path = tmp_path / "flowdeck.log"
    (tmp_path / "flowdeck.log.2").write_text("older log of a former version\n")
    (tmp_path / "flowdeck.log.2").chmod(0o644)
    handler = PrivateRotatingFileHandler(path, maxBytes=200, backupCount=3, encoding="utf-8")
    handler.tighten_backups()
    logger = logging.getLogger("flowdeck.test.private_log")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        for n in range(20):
            logger.warning("line %d %s", n, "x" * 40)
    finally:
        logger.removeHandler(handler)
        handler.close()
    logs = sorted(tmp_path.glob("flowdeck.log*"))
    assert [p.name for p in logs] == ["flowdeck.log", "flowdeck.log.1", "flowdeck.log.2",
                                      "flowdeck.log.3"]
    assert {p.name: mode_of(p) for p in logs} == {p.name: 0o600 for p in logs}


def test_a_log_left_0644_is_tightened_when_opened(tmp_path) -> None:
    path = tmp_path / "flowdeck.log"
    path.write_text("old line\n")
    path.chmod(0o644)
    handler = PrivateRotatingFileHandler(path, encoding="utf-8")
    handler.close()
    assert mode_of(path) == 0o600


def test_a_private_run_folder_is_accepted_and_created_0700(tmp_path) -> None:
    folder = ensure_private_dir(tmp_path / "run")
    assert folder.is_dir() and mode_of(folder) == 0o700


def test_a_run_folder_of_another_user_is_refused(tmp_path) -> None:
    planted = tmp_path / "run"
    planted.mkdir(mode=0o700)
    with pytest.raises(StorageError) as info:
        ensure_private_dir(planted, OwnedBy(planted, 4242))
    assert "belongs to another user (uid 4242)" in str(info.value)
    assert str(planted) in str(info.value)


def test_a_run_folder_others_can_write_is_refused(tmp_path) -> None:
    planted = tmp_path / "run"
    planted.mkdir()
    planted.chmod(0o777)
    with pytest.raises(StorageError, match=r"other users can write to it \(mode 777\)"):
        ensure_private_dir(planted)


def test_a_run_folder_that_is_a_link_is_refused(tmp_path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    (tmp_path / "run").symlink_to(elsewhere)
    with pytest.raises(StorageError, match="symbolic link"):
        ensure_private_dir(tmp_path / "run")


def test_a_run_folder_inside_a_folder_of_another_user_is_refused(tmp_path) -> None:
    parent = tmp_path / "runtime-1000"
    parent.mkdir(mode=0o755)
    with pytest.raises(StorageError, match=r"its folder .* belongs to another user"):
        ensure_private_dir(parent / "flowdeck", OwnedBy(parent, 4242))


def test_the_run_folder_falls_back_to_the_state_folder(tmp_path, monkeypatch) -> None:
    runtime = tmp_path / "xdg-runtime"
    runtime.mkdir(mode=0o700)
    monkeypatch.delenv("FLOWDECK_HOME", raising=False)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    usual, note = run_dir()
    assert usual == runtime / "flowdeck" and note == ""
    chosen, note = run_dir(ops=OwnedBy(usual, 4242))
    assert chosen == tmp_path / "state" / "flowdeck" / "run"
    assert chosen.is_dir() and mode_of(chosen) == 0o700
    assert "belongs to another user (uid 4242)" in note and str(chosen) in note


def test_under_flowdeck_home_a_bad_run_folder_is_refused_not_replaced(tmp_path) -> None:
    home = tmp_path / "home"
    (home / "run").mkdir(parents=True)
    (home / "run").chmod(0o757)
    with pytest.raises(StorageError, match="other users can write"):
        run_dir(home)
