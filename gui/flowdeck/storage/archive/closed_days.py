"""Complete days into their month packs (day_packs.py), inside the caller's
transaction: the packs merged with what they held, the extras a record needs (and those
a replaced record needed no more gone), the day's row of `days` from before the close
deleted (a complete day is only in its pack), and the market's day noted in
`market_days` (which days a market has complete rows on, for Archive.market_days).
Used by Archive.save and by the migration to schema version 3. Numpy over all the
packs of a save at once: a close of 5,000 codes is 5,000 packs to merge."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

import numpy as np

from ...core.day_flow import DayFlow
from .day_packs import (
    EXTRAS,
    KEY_MONTHS,
    PackSet,
    day_key,
    extras_row,
    flags_of,
    records_of,
    write_packs,
)


def month_of(key: int) -> int:
    return key // 100


def store_complete(db: sqlite3.Connection, source: int,
                   flows: Sequence[tuple[int, str, DayFlow]], stored: PackSet) -> None:
    """Put these complete (code id, code, DayFlow), one per code-day, into their packs;
    `stored` holds at least the stored packs of their code-months."""
    if not flows:
        return
    recs, extras = records_of([f for _, _, f in flows])
    days = np.array([day_key(f.day) for _, _, f in flows], np.int64)
    codes = np.array([c for c, _, _ in flows], np.int64)
    keys = codes * KEY_MONTHS + days // 100
    day_ids = codes * KEY_MONTHS * 100 + days
    old_ids = stored.day_ids()
    replaced = np.isin(old_ids, day_ids)
    # The stored days of the packs touched, but those saved again: kept as they were.
    kept = np.isin(stored.keys, keys) & ~replaced
    write_packs(db, source, PackSet(np.concatenate([stored.recs[kept], recs]),
                                    np.concatenate([stored.keys[kept], keys])))
    had_extras = set(old_ids[replaced & ((flags_of(stored.recs) & EXTRAS) != 0)].tolist())
    put, gone = [], []
    for (code, _, flow), day_id, extra in zip(flows, day_ids.tolist(), extras, strict=True):
        if extra is not None:
            put.append((source, code, day_key(flow.day), *extras_row(extra)))
        elif day_id in had_extras:
            gone.append((source, code, day_key(flow.day)))
    db.executemany("INSERT OR REPLACE INTO day_extras (source, code, day, update_time, nets) "
                   "VALUES (?, ?, ?, ?, ?)", put)
    db.executemany("DELETE FROM day_extras WHERE source = ? AND code = ? AND day = ?", gone)
    db.executemany("DELETE FROM days WHERE source = ? AND day = ? AND code = ?",
                   zip([source] * len(flows), days.tolist(), codes.tolist(), strict=True))
    markets = {(text.split(".", 1)[0], day) for (_, text, _), day in
               zip(flows, days.tolist(), strict=True)}
    db.executemany("INSERT OR IGNORE INTO market_days (source, market, day) VALUES (?, ?, ?)",
                   [(source, m, d) for m, d in sorted(markets)])
