"""The archive's tables, its versions, and one step from each version to the next.

`schema_version` holds one row, the version the file is at. `MIGRATIONS[n]` turns a
version-n file into version n + 1 (version 0: an empty file); opening runs the steps
from the file's version on, each in its own transaction with the new version number, so
a kill during a step leaves the version before it. A file of a newer version than
`CURRENT_VERSION` is refused (opening.py): nothing here knows its shape.

Keys: `source` and `code` are small integers (tables `sources`, `codes`), `day` is
yyyymmdd, `month` yyyymm. The `days` rows are the truth; `source_days` lists the days
a source has rows for (`closed`: some of them complete). Version 2 added `day_packs`
(per source, month and code, the completed days' nets and turnover packed as
core.day_matrix wants them, written in the same transaction as the rows), because
reading the day matrix row by row costs ~300 ms a 500-code year here (~10 ms from the
packs) and the window loads it at open.

A later change appends its step here and a test of a file of the version before to
tests/storage/archive/test_archive_schema.py.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from .day_packs import upsert_packs
from .day_rows import ROW_COLUMNS, flow_of, pack_records_of

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
    # then updated in place at their full size (day_packs.SLOTS).
    db.execute("CREATE TABLE day_packs (source INTEGER NOT NULL, month INTEGER NOT NULL, "
               "code INTEGER NOT NULL, pack BLOB NOT NULL, UNIQUE (source, month, code))")
    groups: dict[tuple[int, int], list] = {}
    for source, code, *row in db.execute(f"SELECT source, code, {', '.join(ROW_COLUMNS)} "
                                         "FROM days WHERE complete = 1"):
        groups.setdefault((source, code), []).append(flow_of("", tuple(row)))
    for (source, code), flows in groups.items():
        upsert_packs(db, source, [(code, pack_records_of(flows))])


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_v0_to_v1, _v1_to_v2]
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
            MIGRATIONS[version](db)
            version += 1
            db.execute("UPDATE schema_version SET version = ?", (version,))
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
    return version
