"""The archive's tables, its versions, and one step from each version to the next.

`schema_version` holds one row, the version the file is at. `MIGRATIONS[n]` turns a
version-n file into version n + 1 (version 0: an empty file); opening runs the steps
from the file's version on, each in its own transaction with the new version number, so
a kill during a step leaves the version before it. A file of a newer version than
`CURRENT_VERSION` is refused (opening.py): nothing here knows its shape.

Keys: `source` and `code` are small integers (tables `sources`, `codes`), `day` is
yyyymmdd, `month` yyyymm. `source_days` lists the days a source has rows for (`closed`:
some of them complete). Version 2 added `day_packs` (per source, month and code, the
completed days' nets and turnover packed as core.day_matrix wants them), because
reading the day matrix row by row costs ~300 ms a 500-code year here (~10 ms from the
packs) and the window loads it at open. Version 3 keeps a complete day only in its pack,
whole (day_packs.py): `days` holds the days not complete yet, `day_extras` what a pack
record cannot hold, `market_days` the days each market has complete rows on. A year of
daily data was ~48 KB a code, rows and packs; it is ~27 KB.

A later change appends its step here and a test of a file of the version before to
tests/storage/archive/test_archive_schema.py.
"""

from __future__ import annotations

import math
import sqlite3
from collections.abc import Callable

import numpy as np

from .closed_days import store_complete
from .day_packs import PackSet
from .day_rows import ROW_COLUMNS, flow_of

# PRAGMA application_id: "FDKA" tells our archive from another program's SQLite file.
APPLICATION_ID = 0x46444B41

TIERS = ("super", "large", "medium", "small")
NET_COLUMNS = tuple(f"net_{t}" for t in TIERS)
IN_COLUMNS = tuple(f"in_{t}" for t in TIERS)
OUT_COLUMNS = tuple(f"out_{t}" for t in TIERS)
DAY_COLUMNS = ("source", "code", "day", "complete", "turnover", "close", "update_time",
               *NET_COLUMNS, *IN_COLUMNS, *OUT_COLUMNS)


def _v0_to_v1(db: sqlite3.Connection) -> None:
    """The daily rows and the minute series."""
    # The numbers have no declared type: a REAL column stores a whole float as an
    # integer, and -0.0 came back as 0.0; untyped, every float64 comes back bit for bit.
    reals = ", ".join((*NET_COLUMNS, *IN_COLUMNS, *OUT_COLUMNS))
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
    db.execute("INSERT INTO schema_version VALUES (0)")
    db.execute("CREATE TABLE sources (id INTEGER PRIMARY KEY, identity TEXT NOT NULL UNIQUE)")
    db.execute("CREATE TABLE codes (id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE)")
    # Keyed by day first: a day's closes append at the end of the tree (dense pages, no
    # second index); a code's days are found through source_days (one seek a day).
    db.execute("CREATE TABLE days (source INTEGER NOT NULL, code INTEGER NOT NULL, "
               "day INTEGER NOT NULL, complete INTEGER NOT NULL, turnover, close, "
               f"update_time TEXT NOT NULL, {reals}, "
               "PRIMARY KEY (source, day, code)) WITHOUT ROWID")
    db.execute("CREATE TABLE source_days (source INTEGER NOT NULL, day INTEGER NOT NULL, "
               "closed INTEGER NOT NULL, PRIMARY KEY (source, day)) WITHOUT ROWID")
    db.execute("CREATE TABLE minute_series (source INTEGER NOT NULL, code INTEGER NOT NULL, "
               "day INTEGER NOT NULL, series BLOB NOT NULL, "
               "PRIMARY KEY (source, day, code))")


def _v1_to_v2(db: sqlite3.Connection) -> None:
    """The day matrix's packs, built from the completed rows already there."""
    # A rowid table (a WITHOUT ROWID row over ~1,000 bytes spills to an overflow page
    # of its own), keyed by month first: a new month's packs append at the end and are
    # then updated in place at their full size (22 slots).
    db.execute("CREATE TABLE day_packs (source INTEGER NOT NULL, month INTEGER NOT NULL, "
               "code INTEGER NOT NULL, pack BLOB NOT NULL, UNIQUE (source, month, code))")
    v2 = np.dtype([("day", "<i4"), ("net", "<f8", (4,)), ("turnover", "<f8")])
    groups: dict[tuple[int, int, int], list] = {}
    for source, code, *row in db.execute(f"SELECT source, code, {', '.join(ROW_COLUMNS)} "
                                         "FROM days WHERE complete = 1"):
        flow = flow_of("", tuple(row))
        turnover = math.nan if flow.turnover is None else flow.turnover
        groups.setdefault((source, row[0] // 100, code), []).append(
            (row[0], flow.net, turnover))
    packs = []
    for key, recs in sorted(groups.items(), key=lambda kv: (kv[0][1], kv[0][2])):
        pack = np.zeros(max(22, len(recs)), v2)
        pack[:len(recs)] = sorted(recs, key=lambda r: r[0])
        packs.append((*key, pack.tobytes()))
    db.executemany("INSERT INTO day_packs (source, month, code, pack) VALUES (?, ?, ?, ?)",
                   packs)


def _v2_to_v3(db: sqlite3.Connection) -> None:
    """Complete days only in their packs, whole: the packs made again from the
    complete rows (the truth in version 2), then those rows deleted."""
    # Found by code, then month (a code's months are one range of the index: the day
    # matrix's codes and a code's days seek them); the rows go in rowid order, a new
    # month's packs appended, so they fill their pages two to a page (day_packs.SLOTS).
    db.execute("DROP TABLE day_packs")
    db.execute("CREATE TABLE day_packs (source INTEGER NOT NULL, code INTEGER NOT NULL, "
               "month INTEGER NOT NULL, pack BLOB NOT NULL, UNIQUE (source, code, month))")
    db.execute("CREATE TABLE day_extras (source INTEGER NOT NULL, code INTEGER NOT NULL, "
               "day INTEGER NOT NULL, update_time TEXT, nets BLOB, "
               "PRIMARY KEY (source, code, day)) WITHOUT ROWID")
    db.execute("CREATE TABLE market_days (source INTEGER NOT NULL, market TEXT NOT NULL, "
               "day INTEGER NOT NULL, PRIMARY KEY (source, market, day)) WITHOUT ROWID")
    # A month at a time: a large archive's rows are never all in memory as DayFlows.
    columns = ", ".join(f"d.{c}" for c in ROW_COLUMNS)
    for source, month in db.execute("SELECT DISTINCT source, day / 100 FROM days "
                                    "WHERE complete = 1").fetchall():
        rows = db.execute(f"SELECT d.code, c.code, {columns} FROM days d JOIN codes c ON "
                          "c.id = d.code WHERE d.source = ? AND d.day BETWEEN ? AND ? AND "
                          "d.complete = 1", (source, month * 100, month * 100 + 99)).fetchall()
        store_complete(db, source, [(code, text, flow_of(text, tuple(row)))
                                    for code, text, *row in rows], PackSet.empty())


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_v0_to_v1, _v1_to_v2,
                                                          _v2_to_v3]
CURRENT_VERSION = len(MIGRATIONS)


def file_version(db: sqlite3.Connection) -> int:
    """The version the file is at; 0 for an empty file."""
    if not db.execute("SELECT 1 FROM sqlite_master WHERE name = 'schema_version'").fetchone():
        return 0
    row = db.execute("SELECT version FROM schema_version").fetchone()
    if row is None or not isinstance(row[0], int):
        raise sqlite3.DatabaseError("schema_version holds no version")
    return row[0]


def migrate(db: sqlite3.Connection, upto: int = CURRENT_VERSION) -> int:
    """Run the steps from the file's version to `upto`, one transaction each; returns
    the version reached. `db` is in autocommit mode (isolation_level=None)."""
    version = file_version(db)
    while version < upto:
        db.execute("BEGIN IMMEDIATE")
        try:
            # Read again under the write lock: another connection (the window's writer,
            # a second process) may have run the step while this one waited for it.
            version = file_version(db)
            if version < upto:
                MIGRATIONS[version](db)
                version += 1
                db.execute("UPDATE schema_version SET version = ?", (version,))
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
    return version
