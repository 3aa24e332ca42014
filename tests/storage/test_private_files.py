"""Private files: FlowDeck's files are created 0600 (an older 0644 one is tightened),
the log's rotated copies too."""

from __future__ import annotations

import logging
import stat
from pathlib import Path

from flowdeck.storage.atomic import atomic_write
from flowdeck.storage.private_files import PrivateRotatingFileHandler, private_file


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


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

