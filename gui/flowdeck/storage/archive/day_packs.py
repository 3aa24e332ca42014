"""The completed days of one code and month, packed: since schema version 3 a complete
day is only here, whole (one blob per source, code and month), and `days` keeps the
days not complete yet. Version 2 kept every day as a row and the packs besides (their
nets and turnover, for the day matrix): 48 KB a code-year of daily data, 27 KB now;
a year of a code is 12 blobs to read instead of 250 rows. The price: the day matrix
reads 84 bytes a code-day where it read 44, opening a 500-code year ~35 ms instead of
~25-40 here (archive_bench's open_ms; goal <= 100).

A pack is an array of PACK_DTYPE records (84 bytes), sorted by day, then empty records
(info 0) up to SLOTS: made at its full size when its month's first day is saved and
filled in place, two to a 4 KB page (a pack that grew every day split pages and left
them part empty; a month with more than SLOTS days grows its pack).

A record's `info` holds the day of the month (bits 0-4), the flags (bits 5-12) and the
update time's second of the day (bits 13-29); then turnover, close, inflow[4] and
outflow[4]. NaN stands for unknown (None), as SQLite's NULL did in the rows (SQLite
stores a NaN as NULL: a NaN saved came back None there too). The nets are not stored:
a tier's net is inflow - outflow bit for bit, as every live source computes it (checked
at save); a tier whose inflow and outflow are unknown (Futu's DAY history) holds its net
in `inflow` and +0.0 in `outflow` (a flag), so that inflow - outflow is every tier's
net and the day matrix subtracts once. What fits neither (nets that are not inflow -
outflow; an update time other than "<the day> HH:MM:SS" or "") is a `day_extras` row
(EXTRAS), read by the same calls.
"""

from __future__ import annotations

import datetime as dt
import math
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from ...core.day_flow import DayFlow

PACK_DTYPE = np.dtype([("info", "<u4"), ("turnover", "<f8"), ("close", "<f8"),
                       ("inflow", "<f8", (4,)), ("outflow", "<f8", (4,))])
# 23 x 84 bytes and the row's key: two to a 4 KB page; no month has more weekdays.
SLOTS = 23

# Flags: bit t (0-3) set when tier t's inflow and outflow are unknown (`inflow` holds
# its net); EXTRAS when a day_extras row holds the nets and/or the update time.
EXTRAS = 0x10
_FLAG_SHIFT, _TIME_SHIFT = 5, 13
_TIME_EMPTY, _TIME_IN_EXTRAS = 0x1FFFE, 0x1FFFF


@dataclass(slots=True)
class Extras:
    """What a record could not hold: the update time (None: the record's) and the nets
    (None: inflow - outflow)."""
    update_time: str | None = None
    nets: tuple[float, float, float, float] | None = None


def day_key(day: dt.date) -> int:
    return day.year * 10000 + day.month * 100 + day.day


def day_of(key: int) -> dt.date:
    return dt.date(key // 10000, key // 100 % 100, key % 100)


def _seconds(text: str, day: dt.date) -> int | None:
    """The second of the day of "<day> HH:MM:SS" (exactly that text), else None."""
    if text == "":
        return _TIME_EMPTY
    if len(text) != 19 or not text.startswith(day.isoformat() + " "):
        return None
    try:
        h, m, s = int(text[11:13]), int(text[14:16]), int(text[17:19])
    except ValueError:
        return None
    if not (0 <= h < 24 and 0 <= m < 60 and 0 <= s < 60):
        return None
    return h * 3600 + m * 60 + s if _time_text(day, h * 3600 + m * 60 + s) == text else None


def _time_text(day: dt.date, seconds: int) -> str:
    if seconds == _TIME_EMPTY:
        return ""
    h, rest = divmod(seconds, 3600)
    return f"{day.isoformat()} {h:02d}:{rest // 60:02d}:{rest % 60:02d}"


def records_of(flows: Sequence[DayFlow]) -> tuple[np.ndarray, list[Extras | None]]:
    """The complete days' records (PACK_DTYPE), and each one's extras if it needs any."""
    n = len(flows)
    recs = np.zeros(n, PACK_DTYPE)
    if not n:
        return recs, []
    # float64 arrays: None becomes NaN, a float stays bit for bit.
    inflow = np.array([f.inflow for f in flows], np.float64).reshape(n, 4)
    outflow = np.array([f.outflow for f in flows], np.float64).reshape(n, 4)
    nets = np.array([f.net for f in flows], np.float64).reshape(n, 4)
    nets_only = np.isnan(inflow) & np.isnan(outflow)
    derived = inflow - outflow
    same = (derived == nets) & (np.signbit(derived) == np.signbit(nets))
    odd_nets = (~(nets_only | same)).any(axis=1)
    recs["inflow"] = np.where(nets_only, nets, inflow)
    recs["outflow"] = np.where(nets_only, 0.0, outflow)
    recs["turnover"] = [f.turnover for f in flows]
    recs["close"] = [f.close for f in flows]
    seconds = [_seconds(f.update_time, f.day) for f in flows]
    odd_time = np.array([s is None for s in seconds])
    flags = (nets_only << np.arange(4)).sum(axis=1) | np.where(odd_nets | odd_time, EXTRAS, 0)
    time = np.array([_TIME_IN_EXTRAS if s is None else s for s in seconds], np.int64)
    dom = np.array([f.day.day for f in flows], np.int64)
    recs["info"] = dom | flags << _FLAG_SHIFT | time << _TIME_SHIFT
    extras: list[Extras | None] = [None] * n
    for i in np.flatnonzero(odd_nets | odd_time).tolist():
        extras[i] = Extras(flows[i].update_time if odd_time[i] else None,
                           tuple(nets[i].tolist()) if odd_nets[i] else None)  # type: ignore[arg-type]
    return recs, extras


def days_of(recs: np.ndarray) -> np.ndarray:
    """The day of the month of each record (0: an empty slot)."""
    return (recs["info"] & 31).astype(np.int64)


def flags_of(recs: np.ndarray) -> np.ndarray:
    return (recs["info"] >> _FLAG_SHIFT) & 0xFF


def nets_of(recs: np.ndarray) -> np.ndarray:
    """(n, 4) nets as stored (extras' nets aside): inflow - outflow."""
    return recs["inflow"] - recs["outflow"]


def _maybe(x: float) -> float | None:
    return None if math.isnan(x) else x


def flow_of(code: str, month: int, rec: np.void, extras: Extras | None) -> DayFlow:
    """The complete DayFlow of one record of the pack of `month` (yyyymm)."""
    info = int(rec["info"])
    day = day_of(month * 100 + (info & 31))
    flags = info >> _FLAG_SHIFT & 0xFF
    seconds = info >> _TIME_SHIFT
    inflow, outflow = rec["inflow"].tolist(), rec["outflow"].tolist()
    nets = [i - o for i, o in zip(inflow, outflow, strict=True)]
    for t in range(4):
        if flags >> t & 1:
            nets[t], inflow[t], outflow[t] = inflow[t], None, None
    inflow = [x if x is None else _maybe(x) for x in inflow]
    outflow = [x if x is None else _maybe(x) for x in outflow]
    extras = extras or Extras()
    update_time = (extras.update_time if seconds == _TIME_IN_EXTRAS
                   else _time_text(day, seconds))
    return DayFlow(code=code, day=day, net=extras.nets or tuple(nets),  # type: ignore[arg-type]
                   turnover=_maybe(float(rec["turnover"])), inflow=tuple(inflow),
                   outflow=tuple(outflow), close=_maybe(float(rec["close"])),
                   complete=True, update_time=update_time or "")


@dataclass(slots=True)
class PackSet:
    """Packs as stored: the used records of all of them, each with its pack's key
    (code id * KEY_MONTHS + yyyymm)."""
    recs: np.ndarray
    keys: np.ndarray  # int64, one per record

    @classmethod
    def empty(cls) -> PackSet:
        return cls(np.zeros(0, PACK_DTYPE), np.zeros(0, np.int64))

    def day_ids(self) -> np.ndarray:
        """code id * KEY_MONTHS * 100 + yyyymmdd of each record."""
        return self.keys * 100 + days_of(self.recs)


KEY_MONTHS = 1_000_000  # yyyymm < 10**6


def read_packs(db: sqlite3.Connection, source: int, codes: Sequence[int], first: int,
               last: int) -> Iterable[tuple[int, int, bytes]]:
    """(code id, month, blob) of the packs of `codes` from month `first` to `last`."""
    for i in range(0, len(codes), 500):
        part = codes[i:i + 500]
        yield from db.execute(
            f"SELECT code, month, pack FROM day_packs WHERE source = ? AND code IN "
            f"({','.join('?' * len(part))}) AND month BETWEEN ? AND ?",
            (source, *part, first, last))


def pack_set(packs: Iterable[tuple[int, int, bytes]]) -> PackSet:
    """The records of these (code id, month, blob) at once, empty slots left out."""
    keys, blobs = [], []
    for code, month, blob in packs:
        keys.append(code * KEY_MONTHS + month)
        blobs.append(blob)
    if not blobs:
        return PackSet.empty()
    recs = np.frombuffer(b"".join(blobs), PACK_DTYPE)
    per_blob = np.fromiter(map(len, blobs), np.intp, len(blobs)) // PACK_DTYPE.itemsize
    key = np.repeat(np.array(keys, np.int64), per_blob)
    used = days_of(recs) != 0
    return PackSet(recs[used], key[used])


def unpack(blob: bytes) -> np.ndarray:
    """The days of one pack (empty slots left out)."""
    recs = np.frombuffer(blob, PACK_DTYPE)
    return recs[days_of(recs) != 0]


def pack_blobs(packs: PackSet) -> list[tuple[int, int, bytes]]:
    """(code id, month, blob) of every pack of `packs` (one record a day in each):
    the records sorted by day, then empty ones up to SLOTS."""
    if not len(packs.recs):
        return []
    order = np.lexsort((days_of(packs.recs), packs.keys))
    recs, keys = packs.recs[order], packs.keys[order]
    firsts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    counts = np.diff(np.r_[firsts, len(keys)])
    group = np.repeat(np.arange(len(firsts)), counts)
    slot = np.arange(len(keys)) - firsts[group]
    out = np.zeros((len(firsts), max(SLOTS, int(counts.max()))), PACK_DTYPE)
    out[group, slot] = recs
    blobs = []
    for g, (key, count) in enumerate(zip(keys[firsts].tolist(), counts.tolist(), strict=True)):
        row = out[g] if count > SLOTS else out[g, :SLOTS]
        blobs.append((key // KEY_MONTHS, key % KEY_MONTHS, row.tobytes()))
    return blobs


def write_packs(db: sqlite3.Connection, source: int, packs: PackSet) -> None:
    """Insert or replace these packs, month by month (a new month's packs are appended
    in key order), inside the caller's transaction."""
    db.executemany("INSERT INTO day_packs (source, code, month, pack) VALUES (?, ?, ?, ?) "
                   "ON CONFLICT (source, code, month) DO UPDATE SET pack = excluded.pack",
                   [(source, code, month, blob) for code, month, blob in
                    sorted(pack_blobs(packs), key=lambda r: (r[1], r[0]))])


def extras_row(extras: Extras) -> tuple[str | None, bytes | None]:
    nets = None if extras.nets is None else np.array(extras.nets, "<f8").tobytes()
    return extras.update_time, nets


def extras_of(update_time: str | None, nets: bytes | None) -> Extras:
    return Extras(update_time, None if nets is None
                  else tuple(np.frombuffer(nets, "<f8").tolist()))  # type: ignore[arg-type]
