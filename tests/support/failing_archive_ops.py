"""ArchiveOps that fail on purpose, through SQLite itself where it can: a full disk is
a real SQLITE_FULL (PRAGMA max_page_count held at the file's size), a file that may not
be written a real SQLITE_READONLY (PRAGMA query_only), a folder that cannot be made an
OSError(EACCES) from mkdir (tests run as root: permission bits prove nothing), and a
connect that waits for the test (the writer's thread is busy, the caller's is not)."""

from __future__ import annotations

import errno
import os
import sqlite3
import threading

from flowdeck.storage.archive import ArchiveOps

UNLIMITED_PAGES = 4294967294


class FaultyArchiveOps(ArchiveOps):
    """`fault` is None (all well), "full", "readonly" or "mkdir"; it may change at any
    time and applies to the connections already made."""

    def __init__(self, fault: str | None = None) -> None:
        self.connections: list[sqlite3.Connection] = []
        self._fault: str | None = None
        self.fault = fault

    @property
    def fault(self) -> str | None:
        return self._fault

    @fault.setter
    def fault(self, fault: str | None) -> None:
        self._fault = fault
        for db in list(self.connections):
            try:
                self._apply(db)
            except sqlite3.ProgrammingError:  # closed since
                self.connections.remove(db)

    def _apply(self, db: sqlite3.Connection) -> None:
        db.execute(f"PRAGMA max_page_count = {1 if self._fault == 'full' else UNLIMITED_PAGES}")
        db.execute(f"PRAGMA query_only = {int(self._fault == 'readonly')}")

    def mkdir(self, path):
        if self._fault == "mkdir":
            raise OSError(errno.EACCES, os.strerror(errno.EACCES), path)
        super().mkdir(path)

    def connect(self, path, timeout=5.0):
        db = super().connect(path, timeout)
        self.connections.append(db)
        self._apply(db)
        return db


class HeldConnectOps(ArchiveOps):
    """connect() waits until `release` is set (and says it started in `entered`)."""

    def __init__(self) -> None:
        self.entered, self.release = threading.Event(), threading.Event()

    def connect(self, path, timeout=5.0):
        self.entered.set()
        self.release.wait(30)
        return super().connect(path, timeout)
