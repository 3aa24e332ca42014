"""The outbox: every firing bound for a channel beyond the tray, kept on disk until the
channel took it, so a crash, a restart or a receiver down for hours loses none. No Qt.

One row per (firing, channel), written BEFORE any channel is tried. Each firing gets a
dedupe key, the same on all its rows and every retry (it is also the payload's "key"):
delivery is at least once, so a receiver that sees a key twice may drop the repeat.
A row leaves the outbox when its channel took it (`delivered`), refused it for good
(`give_up`) or it grew older than the caller's limit (`expire`).

Why SQLite (stdlib sqlite3) and not an append-only log of our own: a firing batch is
ONE transaction (all its rows or none), "what is due for this channel, oldest first"
is an indexed query instead of a scan of the log, a delivered row is deleted rather
than tombstoned (no compaction to write), and WAL with synchronous=FULL makes each
commit durable (fsync) and survives kill -9 and power cuts with no file format of
ours to repair. The connection is made through an ArchiveOps, as the flow archive's
is, so tests fail the disk (SQLITE_FULL, read-only, a folder that cannot be made).
A file that is not a readable outbox is moved aside (never deleted) and a new one
started.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import time
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .archive.ops import ArchiveOps
from .archive.problems import ArchiveError
from .paths import data_dir

OUTBOX_NAME = "outbox.sqlite"
# "FDKO": tells our outbox from another program's SQLite file.
APPLICATION_ID = 0x46444B4F
_SCHEMA = """
CREATE TABLE IF NOT EXISTS outbox (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL,
    channel TEXT NOT NULL,
    payload TEXT NOT NULL,
    created REAL NOT NULL,
    due REAL NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS outbox_order ON outbox (channel, created);
CREATE INDEX IF NOT EXISTS outbox_created ON outbox (created);
CREATE TABLE IF NOT EXISTS attempts (
    channel TEXT NOT NULL,
    at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS attempts_at ON attempts (channel, at);
"""


class OutboxError(ArchiveError):
    """An outbox operation that failed ("Could not write to the outbox PATH: database
    or disk is full"); errno ENOSPC, EACCES or EBUSY as SQLite's code says."""


@dataclass(frozen=True, slots=True)
class OutboxRow:
    """One firing for one channel. `payload` carries the dedupe key as "key"."""
    id: int
    key: str
    channel: str
    payload: dict
    created: float
    due: float
    attempts: int
    last_error: str


def outbox_path(home: str | os.PathLike[str] | None = None) -> Path:
    """`outbox.sqlite` in the data folder (FLOWDECK_HOME or `home` overrides it)."""
    return data_dir(home) / OUTBOX_NAME


def new_key() -> str:
    return uuid.uuid4().hex


class Outbox:
    """See the module docstring. Used from one thread (the asyncio loop's)."""

    def __init__(self, path: str | os.PathLike[str], *, ops: ArchiveOps | None = None,
                 clock: Callable[[], float] = time.time,
                 keys: Callable[[], str] = new_key) -> None:
        self.path = Path(path)
        self.ops = ops or ArchiveOps()
        self.clock, self.keys = clock, keys
        self.moved_aside: Path | None = None  # where an unreadable file went at open
        self._db = self._open()

    # --- writing -----------------------------------------------------------------------

    def add(self, payloads: Sequence[Mapping[str, Any]], channels: Sequence[str],
            ) -> list[dict]:
        """One row per (payload, channel), in one transaction, durable when it returns;
        the payloads as written (each a copy with its new "key"). Raises OutboxError
        (nothing written)."""
        now = self.clock()
        out = [{**p, "key": self.keys()} for p in payloads]
        texts = [json.dumps(p, ensure_ascii=False, separators=(",", ":")) for p in out]
        rows = [(p["key"], c, text, now, now)
                for p, text in zip(out, texts, strict=True) for c in channels]
        if rows:
            self._write("write to", "INSERT INTO outbox (key, channel, payload, created, "
                        "due) VALUES (?, ?, ?, ?, ?)", rows)
        return out

    def attempted(self, channel: str, at: float, keep_s: float = 60.0) -> None:
        """A message went to `channel` at `at` (the rate counts it after a restart too);
        attempts older than `keep_s` are forgotten."""
        self._write("write to", "INSERT INTO attempts (channel, at) VALUES (?, ?)",
                    [(channel, at)], after=("DELETE FROM attempts WHERE channel = ? AND "
                                            "at < ?", (channel, at - keep_s)))

    def attempts_since(self, channel: str, since: float) -> list[float]:
        return [at for (at,) in self._query("SELECT at FROM attempts WHERE channel = ? AND "
                                            "at >= ? ORDER BY at", (channel, since))]

    def delivered(self, ids: Iterable[int]) -> None:
        """The channel took these rows: they leave the outbox."""
        self._delete(ids)

    def give_up(self, ids: Iterable[int]) -> None:
        """The channel refused these for good (a permanent error): they leave too."""
        self._delete(ids)

    def retry(self, ids: Iterable[int], next_at: float, error: str) -> None:
        """A failed attempt: due again at `next_at`, one attempt more, the error kept."""
        self._write("write to", "UPDATE outbox SET due = ?, attempts = attempts + 1, "
                    "last_error = ? WHERE id = ?", [(next_at, error, i) for i in ids])

    def due_now(self, channel: str, now: float) -> None:
        """Every row of `channel` waiting for a retry is due at `now` (the channel was
        edited: what failed may go now)."""
        self._write("write to", "UPDATE outbox SET due = ? WHERE channel = ? AND due > ?",
                    [(now, channel, now)])

    def expire(self, now: float, max_age: float) -> list[OutboxRow]:
        """Remove and return the rows written more than `max_age` seconds before `now`."""
        rows = self._rows("WHERE created < ? ORDER BY created, id", (now - max_age,))
        self._delete(r.id for r in rows)
        return rows

    def _delete(self, ids: Iterable[int]) -> None:
        self._write("write to", "DELETE FROM outbox WHERE id = ?", [(i,) for i in ids])

    def _write(self, doing: str, sql: str, rows: list[tuple],
               after: tuple[str, tuple] | None = None) -> None:
        if not rows:
            return
        db = self._db  # autocommit mode (ArchiveOps): the transaction is ours to open
        try:
            db.execute("BEGIN IMMEDIATE")
            try:
                db.executemany(sql, rows)
                if after is not None:
                    db.execute(*after)
                db.execute("COMMIT")  # all rows or none
            except BaseException:
                if db.in_transaction:
                    db.execute("ROLLBACK")
                raise
        except sqlite3.Error as exc:
            raise OutboxError(doing + " the outbox", self.path, exc) from exc

    # --- reading -----------------------------------------------------------------------

    def due(self, channel: str, now: float, limit: int = 100) -> list[OutboxRow]:
        """The channel's rows due at `now`, oldest first (by when they were written)."""
        return self._rows("WHERE channel = ? AND due <= ? ORDER BY created, id LIMIT ?",
                          (channel, now, limit))

    def head_due(self, channel: str) -> float | None:
        """When the channel's oldest row is due (None: it has none): a channel sends in
        the order firings came, so a row waiting for its retry holds the ones after it."""
        return self._one("SELECT due FROM outbox WHERE channel = ? ORDER BY created, id "
                         "LIMIT 1", (channel,))

    def pending(self, channel: str | None = None) -> int:
        if channel is None:
            return self._one("SELECT count(*) FROM outbox", ()) or 0
        return self._one("SELECT count(*) FROM outbox WHERE channel = ?", (channel,)) or 0

    def pending_by_channel(self) -> dict[str, int]:
        return dict(self._query("SELECT channel, count(*) FROM outbox GROUP BY channel", ()))

    def _rows(self, where: str, args: tuple) -> list[OutboxRow]:
        raw = self._query("SELECT id, key, channel, payload, created, due, attempts, "
                          "last_error FROM outbox " + where, args)
        return [OutboxRow(i, k, c, _payload(p), cr, d, a, e)
                for i, k, c, p, cr, d, a, e in raw]

    def _one(self, sql: str, args: tuple) -> Any:
        rows = self._query(sql, args)
        return rows[0][0] if rows else None

    def _query(self, sql: str, args: tuple) -> list[tuple]:
        try:
            return self._db.execute(sql, args).fetchall()
        except sqlite3.Error as exc:
            raise OutboxError("read the outbox", self.path, exc) from exc

    def close(self) -> None:
        self._db.close()

    # --- opening -----------------------------------------------------------------------

    def _open(self) -> sqlite3.Connection:
        try:
            self.ops.mkdir(str(self.path.parent))
        except OSError as exc:
            raise OutboxError("create the folder of the outbox", self.path, exc) from exc
        try:
            return self._connect()
        except _Unusable as bad:
            self.moved_aside = self._move_aside(str(bad))
        return self._connect()

    def _connect(self) -> sqlite3.Connection:
        try:
            db = self.ops.connect(str(self.path))
        except sqlite3.Error as exc:
            raise OutboxError("open the outbox", self.path, exc) from exc
        try:
            app = db.execute("PRAGMA application_id").fetchone()[0]
            tables = db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
            if app != APPLICATION_ID and (app != 0 or tables):
                raise _Unusable("foreign")
            db.execute("PRAGMA journal_mode = WAL")
            # FULL: a commit is on the disk (the WAL fsynced) before add() returns, so a
            # power cut after a firing was accepted cannot lose it.
            db.execute("PRAGMA synchronous = FULL")
            db.executescript(_SCHEMA)
            db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            return db
        except sqlite3.DatabaseError as exc:
            db.close()
            if isinstance(exc, sqlite3.OperationalError):  # locked, full, read-only
                raise OutboxError("open the outbox", self.path, exc) from exc
            raise _Unusable("corrupt") from exc
        except BaseException:
            db.close()
            raise

    def _move_aside(self, reason: str) -> Path:
        stamp = dt.datetime.fromtimestamp(self.clock()).strftime("%Y%m%d-%H%M%S")
        target = self.path.with_name(f"{self.path.name}.{reason}-{stamp}")
        n = 1
        while self.ops.exists(str(target)):
            n += 1
            target = self.path.with_name(f"{self.path.name}.{reason}-{stamp}-{n}")
        try:
            self.ops.replace(str(self.path), str(target))
            for suffix in ("-wal", "-shm"):  # a stale WAL applied to a new file corrupts it
                if self.ops.exists(f"{self.path}{suffix}"):
                    self.ops.replace(f"{self.path}{suffix}", f"{target}{suffix}")
        except OSError as exc:
            raise OutboxError("move aside the unreadable outbox", self.path, exc) from exc
        return target


class _Unusable(Exception):
    pass


def _payload(text: str) -> dict:
    try:
        value = json.loads(text)
    except ValueError:
        value = None
    return value if isinstance(value, dict) else {"type": "unreadable", "raw": text[:200]}
