"""Archive: the days of one source identity in an archive file (see schema.py).

Every read and write is for the identity the archive was opened with ("sim:seed=7",
"replay:/abs/file.csv", "futu:user=123", "gateway:<id>"): simulated, replayed and real
rows never mix. One Archive is one connection, used by one thread at a time; the window
reads through its own, the ArchiveWriter writes through another (WAL: readers do not
block the writer, nor the writer readers).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import numpy as np

from ...core.day_flow import DayFlow
from ...core.day_matrix import DayMatrix
from .closed_days import month_of, store_complete
from .day_packs import (
    EXTRAS,
    KEY_MONTHS,
    PackSet,
    day_key,
    day_of,
    days_of,
    extras_of,
    flags_of,
    pack_set,
    read_packs,
    unpack,
)
from .day_packs import flow_of as packed_flow_of
from .day_rows import ROW_COLUMNS, flow_of, kept, row_of
from .minute_codec import decode_many, decode_minutes, encode_many
from .minute_merge import merge_many
from .opening import open_database
from .ops import BUSY_TIMEOUT_S, ArchiveOps
from .pack_matrix import pack_arrays
from .problems import ArchiveError, ArchiveNotice

CODES_PER_TRANSACTION = 500
_IN_CHUNK = 500  # SQLite's host parameters per statement are bounded (32,766 here)

_UPSERT = (f"INSERT INTO days (source, code, {', '.join(ROW_COLUMNS)}) VALUES "
           f"({', '.join('?' * (len(ROW_COLUMNS) + 2))}) ON CONFLICT (source, day, code) "
           "DO UPDATE SET " + ", ".join(f"{c} = excluded.{c}" for c in ROW_COLUMNS[1:]))


def _chunks(items: Sequence, size: int = _IN_CHUNK) -> Iterator[Sequence]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


class Archive:
    def __init__(self, db: sqlite3.Connection, path: Path, identity: str,
                 notice: ArchiveNotice | None = None) -> None:
        self.db, self.path, self.identity, self.notice = db, path, identity, notice
        self._source: int | None = None
        self._code_ids: dict[str, int] = {}

    @classmethod
    def open(cls, path: str | Path, identity: str, *, ops: ArchiveOps | None = None,
             now: Callable[[], dt.datetime] = dt.datetime.now,
             busy_timeout_s: float = BUSY_TIMEOUT_S, repair: bool = True) -> Archive:
        """Open (or start) the archive at `path` for `identity`. `notice` is set when a
        corrupt or foreign file was moved aside (`repair`, the default). Raises
        ArchiveTooNew for a newer file, ArchiveError when it cannot be opened."""
        if not identity:
            raise ValueError("an archive is opened for a source identity")
        path = Path(path)
        db, notice = open_database(path, ops=ops, now=now, busy_timeout_s=busy_timeout_s,
                                   repair=repair)
        return cls(db, path, identity, notice)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- writing -----------------------------------------------------------------

    def save(self, days: Sequence[DayFlow]) -> int:
        """Insert or update these code-days, at most CODES_PER_TRANSACTION codes per
        transaction. A complete day stored is never replaced by an incomplete one; a
        day saved without minutes keeps the stored minute series. Returns the code-days
        written. Raises ArchiveError (what is committed stays: earlier transactions)."""
        merged: dict[tuple[str, dt.date], DayFlow] = {}
        for flow in days:
            merged[(flow.code, flow.day)] = kept(merged.get((flow.code, flow.day)), flow)
        by_code: dict[str, list[DayFlow]] = {}
        for flow in merged.values():
            by_code.setdefault(flow.code, []).append(flow)
        written = 0
        for codes in _chunks(list(by_code), CODES_PER_TRANSACTION):
            flows = [f for c in codes for f in by_code[c]]
            # Before the transaction: the lock is held shorter. Minutes to merge into
            # the stored series (the live day's saves) are encoded inside it.
            whole = [i for i, f in enumerate(flows)
                     if f.minutes is not None and not f.minutes_merge]
            blobs: list[bytes | None] = [None] * len(flows)
            for i, blob in zip(whole, encode_many([flows[i].minutes for i in whole]),
                               strict=True):
                blobs[i] = blob
            try:
                written += self._save_chunk(flows, blobs)
            except sqlite3.Error as e:
                raise ArchiveError("save the archive", self.path, e) from e
        return written

    def _save_chunk(self, flows: list[DayFlow], blobs: list[bytes | None]) -> int:
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        try:
            source = self._source_id(create=True)
            ids = self._ids_of(list({f.code for f in flows}), create=True)
            stored = self._packs_of(source, flows, ids)
            done = self._stored_complete(stored, flows, ids)
            blobs = self._merged_blobs(source, flows, ids, blobs)
            rows, series, closed, seen = [], [], [], {}
            for flow, blob in zip(flows, blobs, strict=True):
                code, key = ids[flow.code], day_key(flow.day)
                if flow.complete:
                    closed.append((code, flow.code, flow))
                elif (code, key) in done:
                    continue
                else:
                    rows.append((source, code, *row_of(flow)))
                if blob is not None:
                    series.append((source, code, key, blob))
                seen[key] = seen.get(key, 0) | flow.complete
            db.executemany(_UPSERT, rows)
            store_complete(db, source, closed, stored)
            db.executemany("INSERT OR REPLACE INTO minute_series (source, code, day, series) "
                           "VALUES (?, ?, ?, ?)", series)
            db.executemany("INSERT INTO source_days VALUES (?, ?, ?) ON CONFLICT DO UPDATE "
                           "SET closed = max(closed, excluded.closed)",
                           [(source, k, int(c)) for k, c in seen.items()])
            db.execute("COMMIT")
        except BaseException:
            self._rollback()
            raise
        return len(rows) + len(closed)

    def _packs_of(self, source: int, flows: list[DayFlow], ids: dict[str, int]) -> PackSet:
        """The stored packs of the code-months of `flows` (and of the months between)."""
        keys = [day_key(f.day) for f in flows]
        codes = sorted({ids[f.code] for f in flows})
        return pack_set(read_packs(self.db, source, codes, month_of(min(keys)),
                                   month_of(max(keys))))

    @staticmethod
    def _stored_complete(stored: PackSet, flows: list[DayFlow],
                         ids: dict[str, int]) -> set[tuple[int, int]]:
        """The (code id, day) of the flows not complete whose day is stored complete."""
        asked = [(ids[f.code], day_key(f.day)) for f in flows if not f.complete]
        if not asked:
            return set()
        wanted = np.array([c * KEY_MONTHS * 100 + d for c, d in asked], np.int64)
        hit = np.isin(wanted, stored.day_ids())
        return {pair for pair, h in zip(asked, hit.tolist(), strict=True) if h}

    def _merged_blobs(self, source: int, flows: list[DayFlow], ids: dict[str, int],
                      blobs: list[bytes | None]) -> list[bytes | None]:
        """`blobs` with, for the flows whose minutes merge into the stored series (the
        live day's saves), the stored series with the new minutes merged in
        (minute_merge.py): read with one query a day, decoded, merged and encoded
        all at once, not code by code."""
        merging = [i for i, f in enumerate(flows) if f.minutes is not None and f.minutes_merge]
        if not merging:
            return blobs
        stored: dict[tuple[int, int], bytes] = {}
        by_day: dict[int, list[int]] = {}
        for i in merging:
            by_day.setdefault(day_key(flows[i].day), []).append(ids[flows[i].code])
        for key, codes in by_day.items():
            marks = ",".join("?" * len(codes))
            for code, blob in self.db.execute(
                    f"SELECT code, series FROM minute_series WHERE source = ? AND day = ? "
                    f"AND code IN ({marks})", (source, key, *codes)):
                stored[(code, key)] = blob
        keys = [(ids[flows[i].code], day_key(flows[i].day)) for i in merging]
        found = [k for k in keys if k in stored]
        old = dict(zip(found, decode_many([stored[k] for k in found]), strict=True))
        merged = merge_many([old.get(k) for k in keys], [flows[i].minutes for i in merging],
                            [flows[i].complete for i in merging])
        out = list(blobs)
        for i, blob in zip(merging, encode_many(merged), strict=True):
            out[i] = blob
        return out

    def _rollback(self) -> None:
        self._source = None      # ids made in the rolled-back transaction are gone
        self._code_ids.clear()
        if self.db.in_transaction:
            try:
                self.db.execute("ROLLBACK")
            except sqlite3.Error:
                pass  # SQLite rolled back itself (a full disk may do that)

    def prune_minutes(self, keep_days: int | None) -> int:
        """Drop the minute series of days older than this identity's last `keep_days`
        trading days (None: keep all); the daily rows stay forever. Returns how many
        series went. The file does not shrink: SQLite reuses the freed pages."""
        source = self._source_id()
        if keep_days is None or source is None:
            return 0
        if keep_days < 1:
            raise ValueError("keep_days is a number of days, at least 1")
        row = self.db.execute("SELECT day FROM source_days WHERE source = ? ORDER BY day "
                              "DESC LIMIT 1 OFFSET ?", (source, keep_days - 1)).fetchone()
        if row is None:
            return 0
        try:
            gone = self.db.execute("DELETE FROM minute_series WHERE source = ? AND day < ?",
                                      (source, row[0]))
        except sqlite3.Error as e:
            raise ArchiveError("prune the archive", self.path, e) from e
        return gone.rowcount

    # --- reading -----------------------------------------------------------------

    def days(self, code: str, start: dt.date | None = None,
             end: dt.date | None = None) -> list[DayFlow]:
        """The code's stored days from `start` to `end` (inclusive), oldest first,
        without minutes."""
        source, ids = self._source_id(), self._ids_of([code])
        if source is None or code not in ids:
            return []
        lo = day_key(start) if start else 0
        hi = day_key(end) if end else 99991231
        # The days not complete: one seek a day (the rows are keyed by day, then code).
        columns = ", ".join(f"d.{c}" for c in ROW_COLUMNS)
        rows = self.db.execute(f"SELECT {columns} FROM source_days s JOIN "
                               "days d ON d.source = s.source AND d.day = s.day AND "
                               "d.code = ? WHERE s.source = ? AND s.day BETWEEN ? AND ? "
                               "ORDER BY s.day", (ids[code], source, lo, hi))
        out = {day_key(f.day): f for f in (flow_of(code, r) for r in rows)}
        out.update(self._complete_days(source, ids[code], code, lo, hi))
        return [out[k] for k in sorted(out)]

    def _complete_days(self, source: int, code_id: int, code: str, lo: int,
                       hi: int) -> dict[int, DayFlow]:
        packed = []
        for _, month, blob in read_packs(self.db, source, [code_id], month_of(lo),
                                         month_of(hi)):
            recs = unpack(blob)
            keys = month * 100 + days_of(recs)
            inside = (keys >= lo) & (keys <= hi)
            packed += [(month, int(k), r) for k, r in zip(keys[inside].tolist(),
                                                          recs[inside], strict=True)]
        extras = {}
        if any(flags_of(r) & EXTRAS for _, _, r in packed):
            extras = {day: extras_of(t, n) for day, t, n in self.db.execute(
                "SELECT day, update_time, nets FROM day_extras WHERE source = ? AND "
                "code = ? AND day BETWEEN ? AND ?", (source, code_id, lo, hi))}
        return {key: packed_flow_of(code, month, rec, extras.get(key))
                for month, key, rec in packed}

    def minutes(self, code: str, day: dt.date) -> np.ndarray | None:
        """The code-day's float64 (minutes, 4) cumulative series, None if not stored."""
        source, ids = self._source_id(), self._ids_of([code])
        if source is None or code not in ids:
            return None
        row = self.db.execute("SELECT series FROM minute_series WHERE source = ? AND "
                              "code = ? AND day = ?", (source, ids[code], day_key(day))
                              ).fetchone()
        return None if row is None else decode_minutes(row[0])

    def trading_days(self, last_n: int | None = None) -> list[dt.date]:
        """The days this identity has completed, oldest first (the last `last_n`)."""
        source = self._source_id()
        if source is None:
            return []
        rows = self.db.execute("SELECT day FROM source_days WHERE source = ? AND closed = 1 "
                               "ORDER BY day DESC LIMIT ?",
                               (source, -1 if last_n is None else last_n))
        return [day_of(r[0]) for r in reversed(rows.fetchall())]

    def market_days(self, market: str, last_n: int | None = None) -> list[dt.date]:
        """The completed days on which some code of `market` ("HK") has a complete
        row, oldest first (the last `last_n`): a market's own calendar as archived, as
        an upstream gateway tells a downstream one what it can backfill."""
        source = self._source_id()
        if source is None or last_n == 0:
            return []
        rows = self.db.execute("SELECT day FROM market_days WHERE source = ? AND market = ? "
                               "ORDER BY day DESC LIMIT ?",
                               (source, market, -1 if last_n is None else last_n))
        return [day_of(r[0]) for r in reversed(rows.fetchall())]

    def matrix(self, codes: Sequence[str], last_n_days: int | None = None) -> DayMatrix:
        """The completed days of `codes` over this identity's last `last_n_days` trading
        days (all when None), as a DayMatrix; a code-day not stored is NaN."""
        codes = list(dict.fromkeys(codes))
        days = self.trading_days(last_n_days)
        if not days:
            return DayMatrix.empty(codes)
        keys = np.array([day_key(d) for d in days], np.int64)
        source, ids = self._source_id(), self._ids_of(codes)
        row_of_id = {ids[c]: i for i, c in enumerate(codes) if c in ids}
        rows, months, blobs = [], [], []
        for code, month, blob in read_packs(self.db, source, sorted(row_of_id),
                                            month_of(int(keys[0])), 999912):
            rows.append(row_of_id[code])
            months.append(month)
            blobs.append(blob)
        net, turnover = pack_arrays(rows, months, blobs, keys, len(codes))
        if blobs:
            self._odd_nets(source, row_of_id, keys, net)
        return DayMatrix(codes, days, net, turnover)

    def _odd_nets(self, source: int, row_of_id: dict[int, int], keys: np.ndarray,
                  net: np.ndarray) -> None:
        """The nets that day_extras holds (not inflow - outflow), put in the matrix."""
        column = {k: j for j, k in enumerate(keys.tolist())}
        for code, day, nets in self.db.execute(
                "SELECT code, day, nets FROM day_extras WHERE source = ? AND day >= ? AND "
                "nets IS NOT NULL", (source, int(keys[0]))):
            if code in row_of_id and day in column:
                net[row_of_id[code], column[day]] = extras_of(None, nets).nets

    # --- ids ---------------------------------------------------------------------

    def _source_id(self, create: bool = False) -> int | None:
        if self._source is None:
            if create:
                self.db.execute("INSERT OR IGNORE INTO sources (identity) VALUES (?)",
                                (self.identity,))
            row = self.db.execute("SELECT id FROM sources WHERE identity = ?",
                                  (self.identity,)).fetchone()
            self._source = None if row is None else row[0]
        return self._source

    def _ids_of(self, codes: list[str], create: bool = False) -> dict[str, int]:
        known = self._code_ids
        missing = [c for c in codes if c not in known]
        if missing and create:
            self.db.executemany("INSERT OR IGNORE INTO codes (code) VALUES (?)",
                                [(c,) for c in missing])
        for part in _chunks(missing):
            known.update((c, i) for i, c in self.db.execute(
                f"SELECT id, code FROM codes WHERE code IN ({','.join('?' * len(part))})",
                part))
        return {c: known[c] for c in codes if c in known}
