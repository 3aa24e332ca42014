"""Intraday history: each code's cumulative net inflow per series, one point a minute.

Storage is one float32 array per market, shaped [rows, 6 series, session minutes], NaN
where a code has no point yet. A row is one code; rows of removed codes are reused, and
the array doubles when it runs out of rows.

Memory bound: 4 bytes x 6 series x session minutes per code, whatever the day brings:
HK 330 minutes = 7,920 B, US 390 = 9,360 B, SH/SZ 240 = 5,760 B a code; 5,000 US codes
= 46.8 MB. Because rows double, the allocation is at most twice the rows in use (at
least 16 rows per market once it has a code); `nbytes` reports what is allocated.

The series are gap-free: when a code's next point is minutes after its last one (a
quiet stock), the minutes between repeat the last value, since the cumulative flow did
not change in them. Before a code's first point they stay NaN.
"""

from __future__ import annotations

import itertools
from typing import Protocol

import numpy as np

from .codes import Market, parse_market
from .errors import invalid_param
from .markets import session_minutes
from .records import SERIES_NAMES

N_SERIES = len(SERIES_NAMES)
_MIN_ROWS = 16


def bytes_per_code(market: Market) -> int:
    """What one code's day costs: float32 x 6 series x the market's session minutes."""
    return 4 * N_SERIES * session_minutes(market)


def series_values(cum_net4: np.ndarray) -> np.ndarray:
    """(k, 4) cumulative net per Tier -> (k, 6) float32 in SERIES_NAMES order: main,
    retail, super, large, medium, small. main = super + large and retail = medium +
    small are summed in float64, then everything is cast once."""
    c = np.asarray(cum_net4, dtype=np.float64)
    out = np.empty((c.shape[0], N_SERIES), np.float32)
    out[:, 0] = c[:, 0] + c[:, 1]
    out[:, 1] = c[:, 2] + c[:, 3]
    out[:, 2:] = c
    return out


class PointsLike(Protocol):
    """feeds.base.MinutePoints, or anything shaped like it."""
    codes: list[str]
    minutes: np.ndarray  # int (k,)
    values: np.ndarray   # float (k, 6)


class _MarketStore:
    def __init__(self, minutes: int) -> None:
        self.minutes = minutes
        self.data = np.full((0, N_SERIES, minutes), np.nan, np.float32)
        self.last = np.full(0, -1, np.int32)    # last minute written per row
        self.version = np.zeros(0, np.int64)
        self.used = 0                           # rows ever handed out
        self.free: list[int] = []

    def take_row(self) -> int:
        if self.free:
            return self.free.pop()
        if self.used == len(self.last):
            cap = max(_MIN_ROWS, 2 * len(self.last))
            data = np.full((cap, N_SERIES, self.minutes), np.nan, np.float32)
            data[: self.used] = self.data[: self.used]
            self.data = data
            self.last = np.concatenate([self.last, np.full(cap - self.used, -1, np.int32)])
            self.version = np.concatenate([self.version, np.zeros(cap - self.used, np.int64)])
        self.used += 1
        return self.used - 1

    def blank(self, row: int) -> None:
        self.data[row] = np.nan
        self.last[row] = -1


class IntradayHistory:
    """Per code, per series (SERIES_NAMES), the day's cumulative net inflow a minute."""

    def __init__(self) -> None:
        self._stores: dict[Market, _MarketStore] = {}
        self._where: dict[str, tuple[_MarketStore, int]] = {}
        # One stamp for the whole history: a version never repeats, not even for a code
        # removed and added again, so a cache keyed on (code, version) cannot go stale.
        self._stamp = 0

    def _bump(self) -> int:
        self._stamp += 1
        return self._stamp

    def add(self, code: str, market: Market) -> None:
        """Start keeping `code` (idempotent). INVALID_PARAM if it is kept under another
        market."""
        market = parse_market(market)
        store = self._stores.get(market)
        if store is None:
            store = self._stores[market] = _MarketStore(session_minutes(market))
        held = self._where.get(code)
        if held is not None:
            if held[0] is not store:
                raise invalid_param(f"{code} is already kept under another market")
            return
        row = store.take_row()
        store.blank(row)
        store.version[row] = self._bump()
        self._where[code] = (store, row)

    def remove(self, code: str) -> None:
        """Forget `code` (no-op when unknown); its row is reused by a later add."""
        held = self._where.pop(code, None)
        if held is not None:
            store, row = held
            store.blank(row)
            store.free.append(row)

    def clear(self, code: str) -> None:
        """A new day for `code`: every point gone."""
        store, row = self._where[code]
        store.blank(row)
        store.version[row] = self._bump()

    def __contains__(self, code: object) -> bool:
        return code in self._where

    def __len__(self) -> int:
        return len(self._where)

    def codes(self) -> list[str]:
        return list(self._where)

    def series(self, code: str) -> np.ndarray:
        """(6, session minutes) float32, read-only; a view, valid until the next add."""
        store, row = self._where[code]
        view = store.data[row]
        view.flags.writeable = False
        return view

    def last_minute(self, code: str) -> int:
        """The last trading minute with a point, -1 when none."""
        store, row = self._where[code]
        return int(store.last[row])

    def version(self, code: str) -> int:
        """Grows whenever the code's series change (not necessarily by 1)."""
        store, row = self._where[code]
        return int(store.version[row])

    @property
    def nbytes(self) -> int:
        return sum(s.data.nbytes + s.last.nbytes + s.version.nbytes
                   for s in self._stores.values())

    def apply(self, points: PointsLike) -> None:
        """Write a batch of points (sorted by code then minute, as feeds send them; other
        orders work too). Unknown codes and minutes outside the session are ignored; a
        later point for the same code and minute wins."""
        codes = points.codes
        k = len(codes)
        if k == 0:
            return
        minutes = np.asarray(points.minutes).astype(np.intp, copy=False)
        values = np.asarray(points.values, dtype=np.float32)
        if minutes.shape != (k,) or values.shape != (k, N_SERIES):
            raise invalid_param("history: points need k codes, (k,) minutes, (k, 6) values")
        # Points come in runs of one code: look codes up once a run, not once a point.
        runs = [(code, len(list(group))) for code, group in itertools.groupby(codes)]
        lengths = np.fromiter((n for _, n in runs), np.intp, len(runs))
        held = [self._where.get(code) for code, _ in runs]
        regroup = len({code for code, _ in runs}) != len(runs)  # a code in two runs
        stores = {id(h[0]): h[0] for h in held if h is not None}
        for key, store in stores.items():
            run_rows = np.array([h[1] if h is not None and id(h[0]) == key else -1
                                 for h in held], np.intp)
            rows = np.repeat(run_rows, lengths)
            mine = (rows >= 0) & (minutes >= 0) & (minutes < store.minutes)
            if mine.any():
                self._apply_store(store, rows[mine], minutes[mine], values[mine], regroup)

    def _apply_store(self, store: _MarketStore, rows: np.ndarray, minutes: np.ndarray,
                     values: np.ndarray, regroup: bool) -> None:
        if regroup or ((minutes[1:] < minutes[:-1]) & (rows[1:] == rows[:-1])).any():
            order = np.argsort(rows * store.minutes + minutes, kind="stable")
            rows, minutes, values = rows[order], minutes[order], values[order]
        # One point per (row, minute): the last one given.
        keep = np.ones(len(rows), bool)
        keep[:-1] = (rows[1:] != rows[:-1]) | (minutes[1:] != minutes[:-1])
        rows, minutes, values = rows[keep], minutes[keep], values[keep]
        k = len(rows)
        first = np.ones(k, bool)
        first[1:] = rows[1:] != rows[:-1]

        # Forward-fill the minutes between a point and the one before it (in this batch,
        # or the row's last stored minute).
        prev = np.empty(k, np.intp)
        prev[1:] = minutes[:-1]
        prev[first] = store.last[rows[first]]
        gap = np.where(prev >= 0, minutes - prev - 1, 0)
        np.maximum(gap, 0, out=gap)
        total = int(gap.sum())
        if total:
            fill_from = np.empty((k, N_SERIES), np.float32)
            fill_from[1:] = values[:-1]
            had = first & (prev >= 0)
            fill_from[had] = store.data[rows[had], :, prev[had]]
            owner = np.repeat(np.arange(k), gap)
            step = np.arange(total) - np.repeat(np.cumsum(gap) - gap, gap)
            store.data[rows[owner], :, prev[owner] + 1 + step] = fill_from[owner]
        store.data[rows, :, minutes] = values

        last_of_row = np.ones(k, bool)
        last_of_row[:-1] = first[1:]
        end_rows = rows[last_of_row]
        store.last[end_rows] = np.maximum(store.last[end_rows], minutes[last_of_row])
        store.version[end_rows] = self._bump()
