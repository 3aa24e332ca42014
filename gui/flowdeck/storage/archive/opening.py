"""Opening an archive file: the folder, the connection, WAL, the schema brought up to
date; a file that is not a readable FlowDeck archive moved aside.

A corrupt file (not SQLite, or SQLite that cannot be read) or a foreign one (SQLite
without our application id and schema) is renamed to `NAME.corrupt-YYYYmmdd-HHMMSS`
(or `.foreign-`), with its -wal beside it (a stale WAL applied to the new file would
corrupt it), and a new archive is started; the ArchiveNotice says so. A file of a newer
schema version is refused (ArchiveTooNew) and left as it is. The check reads the
header, the application id and the schema version only: a full integrity check of a
multi-gigabyte archive would cost seconds at every start; damage found later shows as
an error of the read or write that met it.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from pathlib import Path

from .ops import BUSY_TIMEOUT_S, ArchiveOps
from .problems import ArchiveError, ArchiveNotice, ArchiveTooNew
from .schema import APPLICATION_ID, CURRENT_VERSION, file_version, migrate

SQLITE_MAGIC = b"SQLite format 3\x00"


class _Unusable(Exception):
    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason, self.detail = reason, detail


def open_database(path: Path, *, ops: ArchiveOps | None = None,
                  now: Callable[[], dt.datetime] = dt.datetime.now,
                  busy_timeout_s: float = BUSY_TIMEOUT_S, repair: bool = True,
                  ) -> tuple[sqlite3.Connection, ArchiveNotice | None]:
    """The connection to an up-to-date archive at `path`, and a notice when a bad file
    was moved aside (`repair`; otherwise ArchiveError). Raises ArchiveTooNew for a
    newer file, ArchiveError when the folder or file cannot be opened or written."""
    ops = ops or ArchiveOps()
    try:
        ops.mkdir(str(path.parent))
    except OSError as e:
        raise ArchiveError("create the folder of the archive", path, e) from e
    try:
        return _connect(path, ops, busy_timeout_s), None
    except _Unusable as bad:
        if not repair:
            raise ArchiveError("open the archive", path, ValueError(bad.detail)) from bad
        moved = _move_aside(path, bad.reason, ops, now())
        notice = ArchiveNotice(path, moved, bad.reason, bad.detail)
    try:
        return _connect(path, ops, busy_timeout_s), notice
    except _Unusable as bad:  # a new file that is unusable: not a file we can fix
        raise ArchiveError("open the archive", path, ValueError(bad.detail)) from bad


def _connect(path: Path, ops: ArchiveOps, busy_timeout_s: float) -> sqlite3.Connection:
    _check_header(path)
    try:
        db = ops.connect(str(path), busy_timeout_s)
    except sqlite3.Error as e:
        raise ArchiveError("open the archive", path, e) from e
    try:
        _check_ours(db)
        version = file_version(db)
        if version > CURRENT_VERSION:
            raise ArchiveTooNew(path, version, CURRENT_VERSION)
        db.execute("PRAGMA journal_mode = WAL")
        # WAL with synchronous NORMAL: a killed process loses no committed transaction;
        # a power cut may lose the last ones, never the file.
        db.execute("PRAGMA synchronous = NORMAL")
        migrate(db)
        return db
    except sqlite3.DatabaseError as e:
        db.close()
        if isinstance(e, sqlite3.OperationalError):  # locked, full, read-only
            raise ArchiveError("open the archive", path, e) from e
        raise _Unusable("corrupt", str(e)) from e
    except BaseException:
        db.close()
        raise


def _check_header(path: Path) -> None:
    try:
        with open(path, "rb") as f:
            head = f.read(len(SQLITE_MAGIC))
    except FileNotFoundError:
        return
    except OSError as e:
        raise ArchiveError("open the archive", path, e) from e
    if head and head != SQLITE_MAGIC:
        raise _Unusable("corrupt", "not an SQLite file")


def _check_ours(db: sqlite3.Connection) -> None:
    app = db.execute("PRAGMA application_id").fetchone()[0]
    if app == APPLICATION_ID:
        return
    tables = db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    if app != 0 or tables:
        raise _Unusable("foreign", "an SQLite file of another program")


def _move_aside(path: Path, reason: str, ops: ArchiveOps, when: dt.datetime) -> Path:
    stamp = when.strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.{reason}-{stamp}")
    n = 1
    while ops.exists(str(target)):
        n += 1
        target = path.with_name(f"{path.name}.{reason}-{stamp}-{n}")
    try:
        ops.replace(str(path), str(target))
        for suffix in ("-wal", "-shm"):
            side = f"{path}{suffix}"
            if ops.exists(side):
                if suffix == "-wal":
                    ops.replace(side, f"{target}{suffix}")
                else:
                    ops.unlink(side)
    except OSError as e:
        raise ArchiveError("move aside the unreadable archive", path, e) from e
    return target

