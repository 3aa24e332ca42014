"""The completed days' nets and turnover of one code and month, packed: the rows the
day matrix is loaded from (a month of one code is one blob; a year of 500 codes is
6,000 blobs instead of 125,000 rows).

A pack is a sorted array of PACK_DTYPE records: day (yyyymmdd), the 4 tier nets,
turnover (NaN when unknown), then empty records (day 0) up to SLOTS. Only complete days
enter a pack. A pack is made at its full size on its month's first day and filled in
place: four fit a page, where packs that grew every day split pages in the middle of
the tree and left 40% of them empty (a month with more than SLOTS days grows its pack).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

import numpy as np

PACK_DTYPE = np.dtype([("day", "<i4"), ("net", "<f8", (4,)), ("turnover", "<f8")])
SLOTS = 22  # weekdays of most months; 22 x 44 bytes and its key: 4 to a 4 KB page


def pack_records(records: np.ndarray) -> bytes:
    out = np.zeros(max(SLOTS, len(records)), PACK_DTYPE)
    out[:len(records)] = np.sort(records, order="day")
    return out.tobytes()


def unpack(blob: bytes) -> np.ndarray:
    """The days of a pack (empty slots left out)."""
    recs = np.frombuffer(blob, PACK_DTYPE)
    return recs[recs["day"] != 0]


def merge_pack(old: bytes | None, new: np.ndarray) -> bytes:
    """`old` with the days of `new` put in (a day in both takes `new`'s numbers)."""
    if old is None:
        return pack_records(new)
    kept = unpack(old)
    kept = kept[~np.isin(kept["day"], new["day"])]
    return pack_records(np.concatenate([kept, new]))


def upsert_packs(db: sqlite3.Connection, source: int,
                 records: Iterable[tuple[int, np.ndarray]]) -> None:
    """Put each (code id, records) into its month packs, inside the caller's
    transaction."""
    by_key: dict[tuple[int, int], list[np.ndarray]] = {}
    for code, recs in records:
        for month in np.unique(recs["day"] // 100).tolist():
            by_key.setdefault((code, month), []).append(recs[recs["day"] // 100 == month])
    if not by_key:
        return
    old: dict[tuple[int, int], bytes] = {}
    for month in {m for _, m in by_key}:
        codes = [c for c, m in by_key if m == month]
        for i in range(0, len(codes), 500):
            chunk = codes[i:i + 500]
            marks = ",".join("?" * len(chunk))
            for code, blob in db.execute(
                    f"SELECT code, pack FROM day_packs WHERE source = ? AND month = ? "
                    f"AND code IN ({marks})", (source, month, *chunk)):
                old[(code, month)] = blob
    db.executemany("INSERT INTO day_packs (source, code, month, pack) VALUES (?, ?, ?, ?) "
                   "ON CONFLICT DO UPDATE SET pack = excluded.pack",
                   [(source, code, month,
                     merge_pack(old.get((code, month)), np.concatenate(parts)))
                    for (code, month), parts in sorted(by_key.items(),
                                                       key=lambda kv: kv[0][::-1])])

