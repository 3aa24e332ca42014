"""Intraday history: each code's cumulative net inflow per series, one point a minute.

Storage is one array per market, shaped [rows, 4 tiers, session minutes] (super, large,
medium, small: TIER_NAMES), NaN where a code has no point yet. A row is one code; rows
of removed codes are reused, and the array doubles when it runs out of rows.

Two precisions: float32 (the default) for a window, which only draws the series, and
float64 for the gateway, whose API must hand out the engine's own numbers (a code's last
point equal to its record, main = super + large exactly as the record sums them).

main = super + large and retail = medium + small are not stored: they would add half
again for nothing a read cannot rebuild. Readers still get the six series
(SERIES_NAMES): `series` derives main and retail when read, with one vectorised add
in float64 (the record's sum of float64 tier nets, `CapitalFlowRecord.from_tier_values`).
In float64 the derived series are bit-equal to the feed's (`series_values`); in float32
the tiers are the feed's rounded once, and a derived main or retail is within one
float32 ulp when the two tiers have one sign, and where they nearly cancel within the
tiers' own float32 rounding (half an ulp of each, plus one of the sum). NaN (no point
yet) stays NaN.

Memory bound: 4 bytes (8 in float64) x 4 tiers x session minutes per code, whatever the
day brings: HK 330 minutes = 5,280 B (10,560), US 390 = 6,240 B (12,480), SH/SZ 240 =
3,840 B (7,680) a code; 5,000 US codes = 31.2 MB in float32 (46.8 MB with main and
retail stored). A window's compact storage (core/history_store.py) takes 2 bytes a
number, half of float32 (15.6 MB), its reads within 1/10,000 of each series' largest
value and its live minute as written. Because rows double, the allocation is at most
twice the rows in use (at least 16 rows per market once it has a code); `nbytes`
reports what is allocated.

The series are gap-free: when a code's next point is minutes after its last one (a
quiet stock), the minutes between repeat the last value, since the cumulative flow did
not change in them. Before a code's first point they stay NaN.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from typing import Protocol

import numpy as np
from numpy.typing import DTypeLike

from .codes import Market, parse_market
from .errors import invalid_param
from .gap_fill import gaps
from .history_store import CompactStore, PlainStore
from .markets import session_minutes
from .records import SERIES_NAMES, TIER_NAMES

N_SERIES = len(SERIES_NAMES)
N_TIERS = len(TIER_NAMES)  # what is stored: SERIES_NAMES[2:]
_GROUPS_KEPT = 100_000  # points of a batch whose code lookup is kept for the next batch


def bytes_per_code(market: Market, dtype: DTypeLike = np.float32) -> int:
    """What one code's day costs: `dtype` x 4 tiers x the market's session minutes (main
    and retail are derived when read, not stored)."""
    return np.dtype(dtype).itemsize * N_TIERS * session_minutes(market)


def series_values(cum_net4: np.ndarray) -> np.ndarray:
    """(k, 4) cumulative net per Tier -> (k, 6) float64 in SERIES_NAMES order: main,
    retail, super, large, medium, small. main = super + large and retail = medium +
    small summed in float64, as the record sums its tier nets."""
    c = np.asarray(cum_net4, dtype=np.float64)
    out = np.empty((c.shape[0], N_SERIES), np.float64)
    out[:, 0] = c[:, 0] + c[:, 1]
    out[:, 1] = c[:, 2] + c[:, 3]
    out[:, 2:] = c
    return out


def derive_series(tiers: np.ndarray) -> np.ndarray:
    """(..., 4 tiers, n) float32 or float64 -> (..., 6, n) of the same dtype in
    SERIES_NAMES order, a new array: the tiers copied, main = super + large and retail =
    medium + small summed in float64 and cast once. One add for both sums, NaN in -> NaN
    out."""
    t = np.asarray(tiers)
    if t.dtype != np.float64:
        t = t.astype(np.float32, copy=False)
    out = np.empty((*t.shape[:-2], N_SERIES, t.shape[-1]), t.dtype)
    out[..., 2:, :] = t
    # rows (super, medium) + (large, small) -> (main, retail)
    np.add(t[..., 0::2, :], t[..., 1::2, :], out=out[..., :2, :], dtype=np.float64)
    return out


class PointsLike(Protocol):
    """feeds.base.MinutePoints, or anything shaped like it."""
    codes: list[str]
    minutes: np.ndarray  # int (k,)
    values: np.ndarray   # float (k, 6)


class IntradayHistory:
    """Per code, per series (SERIES_NAMES), the day's cumulative net inflow a minute
    (stored per tier; main and retail derived when read, see the module doc). `dtype`:
    float32 (a window's drawing) or float64 (what the API hands out). `compact`: float32
    reads from 2 bytes a number (core/history_store.py's CompactStore: a window's, which
    only draws the series)."""

    def __init__(self, dtype: DTypeLike = np.float32, compact: bool = False) -> None:
        self.dtype = np.dtype(dtype)
        if self.dtype not in (np.float32, np.float64):
            raise invalid_param(f"history: float32 or float64, not {self.dtype}")
        if compact and self.dtype != np.float32:
            raise invalid_param("history: compact storage reads float32")
        self._kind = CompactStore if compact else PlainStore
        self._stores: dict[Market, PlainStore] = {}
        self._where: dict[str, tuple[PlainStore, int]] = {}
        # The same as one integer a code (store slot << 32 | row), for apply() to look
        # codes up with one C-level pass (map over dict.get) instead of a Python loop.
        self._key: dict[str, int] = {}
        self._slots: list[PlainStore] = []
        self._last_groups: tuple[list[str], list] | None = None  # see _groups()
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
        store = self._store(market)
        held = self._where.get(code)
        if held is not None:
            if held[0] is not store:
                raise invalid_param(f"{code} is already kept under another market")
            return
        row = store.take_row()
        store.blank(row)
        store.version[row] = self._bump()
        self._where[code] = (store, row)
        self._key[code] = (store.slot << 32) | row
        self._last_groups = None

    def _store(self, market: Market) -> PlainStore:
        store = self._stores.get(market)
        if store is None:
            store = self._stores[market] = self._kind(session_minutes(market), self.dtype)
            store.slot = len(self._slots)
            self._slots.append(store)
        return store

    def add_many(self, codes: Sequence[str], markets: Sequence[Market]) -> None:
        """`add` for many codes (a watchlist): each market's storage grows once, to fit
        them exactly, instead of doubling."""
        need: dict[Market, int] = {}
        todo = []
        for code, market in zip(codes, markets, strict=True):
            market = parse_market(market)
            if code not in self._where:
                todo.append((code, market))
                need[market] = need.get(market, 0) + 1
        taken: dict[Market, list[int]] = {}
        for market, k in need.items():
            store = self._store(market)
            store.reserve(store.used + max(k - len(store.free), 0))
            taken[market] = []
        for code, market in todo:
            if code in self._where:   # listed twice
                continue
            store = self._stores[market]
            row = store.take_row()
            taken[market].append(row)
            self._where[code] = (store, row)
            self._key[code] = (store.slot << 32) | row
        for market, rows in taken.items():   # one blank and one stamp per market
            store, rows = self._stores[market], np.asarray(rows, np.intp)
            store.blank(rows)
            store.version[rows] = self._stamp + 1 + np.arange(len(rows))
            self._stamp += len(rows)
        self._last_groups = None

    def remove(self, code: str) -> None:
        """Forget `code` (no-op when unknown); its row is reused by a later add."""
        held = self._where.pop(code, None)
        self._key.pop(code, None)
        self._last_groups = None
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
        """(6, session minutes) of `dtype` in SERIES_NAMES order, read-only: a snapshot (later
        points do not show in it), main and retail derived from the stored tiers."""
        store, row = self._where[code]
        out = derive_series(store.tiers(row))
        out.flags.writeable = False
        return out

    def series_row(self, code: str, series: int) -> np.ndarray:
        """(session minutes,) of `dtype`, one series (a SeriesTier / SERIES_NAMES index) of
        `series(code)` without deriving the other five; a new, writable array."""
        store, row = self._where[code]
        tiers = store.tiers(row)
        if series == 0 or series == 1:  # main = super + large, retail = medium + small
            a = 2 * series
            return np.add(tiers[a], tiers[a + 1], dtype=np.float64).astype(self.dtype,
                                                                           copy=False)
        if not 2 <= series < N_SERIES:
            raise IndexError(f"series {series} out of range")
        return tiers[series - 2].copy()

    def last_minute(self, code: str) -> int:
        """The last trading minute with a point, -1 when none."""
        store, row = self._where[code]
        return int(store.last[row])

    def version(self, code: str) -> int:
        """Grows whenever the code's series change (not necessarily by 1)."""
        store, row = self._where[code]
        return int(store.version[row])

    def series_groups(self, codes: Sequence[str],
                      wanted: Callable[[str, int], bool] | None = None,
                      ) -> list[tuple[list[str], np.ndarray, np.ndarray]]:
        """`series` and `version` of the kept `codes` (the others left out), of those
        `wanted(code, version)` says (all when None), grouped by market storage:
        (codes, versions (k,), series (k, 6, minutes)) a group, each in one gather and
        one derive (the table's sparklines read ~40 codes a repaint)."""
        where = self._where
        groups: dict[int, tuple[PlainStore, list[str], list[int], list[int]]] = {}
        for code in codes:
            held = where.get(code)
            if held is None:
                continue
            store, row = held
            version = int(store.version[row])
            if wanted is not None and not wanted(code, version):
                continue
            group = groups.get(store.slot)
            if group is None:
                group = groups[store.slot] = (store, [], [], [])
            group[1].append(code)
            group[2].append(row)
            group[3].append(version)
        return [(names, np.asarray(versions, np.int64),
                 derive_series(store.tiers(np.asarray(rows, np.intp))))
                for store, names, rows, versions in groups.values()]

    @property
    def nbytes(self) -> int:
        return sum(s.nbytes for s in self._stores.values())

    def apply(self, points: PointsLike) -> None:
        """Write a batch of points (sorted by code then minute, as feeds send them; other
        orders work too). Unknown codes and minutes outside the session are ignored; a
        later point for the same code and minute wins."""
        codes = points.codes
        k = len(codes)
        if k == 0:
            return
        minutes = np.asarray(points.minutes).astype(np.intp, copy=False)
        values = np.asarray(points.values)
        if minutes.shape != (k,) or values.shape != (k, N_SERIES):
            raise invalid_param("history: points need k codes, (k,) minutes, (k, 6) values")
        # Only the tiers are stored (main and retail are derived when read).
        values = values[:, 2:]
        for store, idx, rows, regroup, single in self._groups(codes):
            m = minutes[idx]
            ok = (m >= 0) & (m < store.minutes)
            if ok.all():
                v = values[idx]
                if store.keep_live(rows, m, v, single):
                    store.version[rows] = self._bump()
                    continue
                store.note_last(rows, m, v, single)
                v = store.encode(rows, v)
                if single:
                    self._apply_single(store, rows, m, v)
                else:
                    self._apply_store(store, rows, m, v, regroup)
            elif ok.any():
                rows, m, v = rows[ok], m[ok], values[idx[ok]]
                store.note_last(rows, m, v, False)
                self._apply_store(store, rows, m, store.encode(rows, v), regroup)

    def _groups(self, codes: list[str]) -> list[tuple[PlainStore, np.ndarray, np.ndarray,
                                                       bool, bool]]:
        """Per store: which points are its codes', their rows, whether a code's points
        are apart (to be regrouped), and whether each code has one point (the usual
        live batch). A source sends the same codes batch after
        batch: the answer for the last list is kept until the next add or remove."""
        if self._last_groups is not None and codes == self._last_groups[0]:
            return self._last_groups[1]
        k = len(codes)
        keys = np.fromiter(map(self._key.get, codes, itertools.repeat(-1, k)), np.int64, k)
        slots = np.where(keys >= 0, keys >> 32, -1)
        rows_all = (keys & 0xFFFF_FFFF).astype(np.intp)
        groups = []
        for store in self._slots:
            idx = np.flatnonzero(slots == store.slot)
            if not len(idx):
                continue
            rows = rows_all[idx]
            seen = np.zeros(len(store.last), bool)
            seen[rows] = True
            runs = 1 + int(np.count_nonzero(rows[1:] != rows[:-1]))
            distinct = int(np.count_nonzero(seen))
            groups.append((store, idx, rows, runs != distinct, distinct == len(rows)))
        if k <= _GROUPS_KEPT:
            self._last_groups = (list(codes), groups)
        return groups

    def _apply_single(self, store: PlainStore, rows: np.ndarray, minutes: np.ndarray,
                      values: np.ndarray) -> None:
        """_apply_store when each row has one point: nothing to sort or merge; gaps since
        a row's last minute are forward-filled."""
        prev = store.last[rows]
        gap = minutes - prev - 1
        gap[prev < 0] = 0
        np.maximum(gap, 0, out=gap)
        total = int(gap.sum())
        if total:
            owner = np.repeat(np.arange(len(rows)), gap)
            step = np.arange(total) - np.repeat(np.cumsum(gap) - gap, gap)
            store.data[rows[owner], :, prev[owner] + 1 + step] = \
                store.data[rows[owner], :, prev[owner]]
        store.data[rows, :, minutes] = values
        store.last[rows] = np.maximum(prev, minutes)
        store.version[rows] = self._bump()

    def _apply_store(self, store: PlainStore, rows: np.ndarray, minutes: np.ndarray,
                     values: np.ndarray, regroup: bool) -> None:
        if regroup or ((minutes[1:] < minutes[:-1]) & (rows[1:] == rows[:-1])).any():
            order = np.argsort(rows * store.minutes + minutes, kind="stable")
            rows, minutes, values = rows[order], minutes[order], values[order]
        # One point per (row, minute): the last one given.
        keep = np.ones(len(rows), bool)
        keep[:-1] = (rows[1:] != rows[:-1]) | (minutes[1:] != minutes[:-1])
        rows, minutes, values = rows[keep], minutes[keep], values[keep]
        k = len(rows)
        # Forward-fill the minutes between a point and the one before it (in this batch,
        # or the row's last stored minute).
        first, prev, owner, at = gaps(rows, minutes, store.last)
        if len(owner):
            fill_from = np.empty((k, N_TIERS), store.data.dtype)
            fill_from[1:] = values[:-1]
            had = first & (prev >= 0)
            fill_from[had] = store.data[rows[had], :, prev[had]]
            store.data[rows[owner], :, at] = fill_from[owner]
        store.data[rows, :, minutes] = values

        last_of_row = np.ones(k, bool)
        last_of_row[:-1] = first[1:]
        end_rows = rows[last_of_row]
        store.last[end_rows] = np.maximum(store.last[end_rows], minutes[last_of_row])
        store.version[end_rows] = self._bump()
