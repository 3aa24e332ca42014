"""DayKeeper: today's days of the followed codes into the archive as the day goes.

It listens to the LiveStore and hands DayFlows to a writer (storage's ArchiveWriter
saves them in its own thread: nothing here waits on SQLite):
- every `save_every_s` (a few minutes; `tick` is called with the time, e.g. by the
  heartbeat), the day so far of every code that traded since the last save;
- when a market closes, its codes' days, complete;
- at quit (`close`), everything not saved yet.

A day's numbers come from the store: a detail's float64 nets (inflow minus outflow per
tier, as the record computes them), turnover and in/outflows; a code with a record and
no detail gives its record's tier nets and nothing else (unknown, not 0). A save on
this thread only copies arrays: the DayFlows (5,000 at a close) are built where the
writer runs the builder it is handed (a 5,000-code save built here held the table's
thread ~0.4 s). Its minute series is float64 and exact, but the store's
history is float32 (for drawing), so the keeper keeps the batches' own float64 points,
only those since the last save: a save hands over the minutes since the previous one
(NaN elsewhere, `DayFlow.minutes_merge`) and the archive merges them into the series
it holds. Memory stays at a few minutes of points, not a second copy of the day.

A code whose day restarts (a new trading day) before its market was seen closing
loses the points since the last save of the old day (at most `save_every_s` of them;
its numbers up to that save are kept, incomplete, for a backfill to complete).
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from ..core.batch import MinutePoints
from ..core.day_flow import DayFlow, day_is_over
from ..core.markets import MARKET_ORDER, MarketState, session_minutes
from ..core.records import NUMERIC_KEYS, TIER_NAMES, CapitalFlowDetail
from .store import BATCH, CODES, Change, LiveStore

SAVE_EVERY_S = 300.0
_TIER_COLUMNS = [NUMERIC_KEYS.index(f"{t}_net_inflow") for t in TIER_NAMES]
_TIER_SERIES = slice(2, 6)  # MinutePoints values: main, retail, then the four tiers

log = logging.getLogger("flowdeck.live")


class DayKeeper:
    def __init__(self, store: LiveStore, submit: Callable[[list[DayFlow]], None], *,
                 save_every_s: float = SAVE_EVERY_S,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.store = store
        self.submit = submit
        self.save_every_s = float(save_every_s)
        self._clock = clock
        self._points: list[MinutePoints] = []   # float64 points since the last save
        self._touched: set[str] = set()          # codes with news since the last save
        self._last_save = clock()
        self._closed_seen: set[str] = set()      # markets whose close was saved
        self._clocks: dict[str, str] = {}         # market -> its local time, last said
        self.saves = 0
        store.add_listener(self._on_change)

    # --- listening -------------------------------------------------------------

    def _on_change(self, change: Change) -> None:
        if change.kind == CODES:
            return
        if change.kind != BATCH:
            if change.markets_changed:
                self._save_closed()
            return
        batch = change.batch
        for market, status in batch.markets.items():
            self._clocks[market] = status.local_time
        if change.restart:
            self._forget(change.restart)
        if len(batch.points):
            self._points.append(batch.points)
        if batch.columns is not None:
            self._touched.update(batch.columns.codes)
        self._touched.update(batch.records)
        if change.markets_changed:
            self._save_closed()

    def _forget(self, codes: frozenset[str]) -> None:
        """These codes' unsaved points go (handed over, or their old day ended)."""
        kept = []
        gone = np.asarray(sorted(codes))
        for points in self._points:
            if not points.codes:
                continue
            keep = np.flatnonzero(~np.isin(np.asarray(points.codes), gone))
            if len(keep) == len(points.codes):
                kept.append(points)
            elif len(keep):
                kept.append(MinutePoints([points.codes[i] for i in keep.tolist()],
                                         points.minutes[keep], points.values[keep]))
        self._points = kept

    # --- saving ----------------------------------------------------------------

    def tick(self, now: float | None = None) -> bool:
        """Save the day so far when `save_every_s` passed since the last save."""
        now = self._clock() if now is None else now
        if now - self._last_save < self.save_every_s:
            return False
        self.save()
        return True

    def save(self, codes: Sequence[str] | None = None) -> int:
        """Hand over the days of `codes` (default: every code with news since the last
        save); complete for codes whose day is over (core.day_flow.day_is_over: the
        market closed, or its clock on a later day). Returns how many. What this
        thread does is copy arrays; the DayFlows are built where `submit` runs the
        builder it is given (the ArchiveWriter's thread)."""
        self._last_save = self._clock()
        wanted = list(self._touched) if codes is None else list(codes)
        capture = self._capture(wanted, self._points)
        if codes is None or set(wanted) >= set(self.store.codes):
            self._touched.clear()
            self._points = []
        else:
            done = frozenset(wanted)
            self._touched.difference_update(done)
            self._forget(done)
        if capture.codes:
            self.submit(functools.partial(build_day_flows, capture))
            self.saves += 1
        return len(capture.codes)

    def close(self) -> int:
        """At quit: everything not handed over yet."""
        return self.save()

    def _save_closed(self) -> None:
        """Markets seen closing: their codes' days go now, complete."""
        markets = self.store.markets
        closed = {m for m, s in markets.items() if s == MarketState.CLOSED}
        newly = closed - self._closed_seen
        self._closed_seen = closed
        if not newly:
            return
        table = self.store.table
        codes = [c for c, m in zip(table.codes, table.market.tolist(), strict=True)
                 if MARKET_ORDER[m].value in newly]
        if codes:
            self.save(codes)

    # --- building --------------------------------------------------------------

    def day_flows(self, codes: Sequence[str]) -> list[DayFlow]:
        """The day so far of `codes` as the store shows it, with the float64 minutes
        since the last save (to merge); codes without a record yet are left out."""
        return build_day_flows(self._capture(list(codes), self._points))

    def _capture(self, codes: list[str], points: list[MinutePoints]) -> _Capture:
        """What building the days needs, copied now (the store goes on changing)."""
        store, table = self.store, self.store.table
        row_of = table.row_of
        pairs = [(c, r) for c in codes if (r := row_of(c)) is not None]
        rows = np.fromiter((r for _, r in pairs), np.intp, len(pairs))
        update_time = table.update_time[rows]
        has = update_time != ""
        kept = [c for (c, _), h in zip(pairs, has.tolist(), strict=True) if h]
        rows = rows[has]
        details = store.details
        markets = {m: (st, self._clocks.get(m, "")) for m, st in store.markets.items()}
        return _Capture(kept, table.values[rows].copy(), update_time[has].tolist(),
                        table.market[rows].copy(), markets,
                        [details.get(c) for c in kept], list(points))


@dataclass(slots=True)
class _Capture:
    codes: list[str]
    values: np.ndarray          # (k, 12) the records' numbers
    update_time: list[str]
    market: np.ndarray          # int8 (k,) MARKET_ORDER index
    markets: dict[str, tuple[MarketState, str]]  # market -> (state, local time) now
    details: list[CapitalFlowDetail | None]
    points: list[MinutePoints]  # float64 points since the last save (any codes)


def build_day_flows(c: _Capture) -> list[DayFlow]:
    """The captured codes' days (in whichever thread calls it)."""
    grids = _grids(c.points, c.codes, c.market)
    out = []
    for i, code in enumerate(c.codes):
        market = MARKET_ORDER[int(c.market[i])]
        detail = c.details[i]
        day_text = c.update_time[i][:10]
        day = dt.date.fromisoformat(day_text)
        complete = day_is_over(*c.markets.get(market.value, (None, "")), day_text)
        if detail is not None:
            net = tuple(float(a) - float(b)
                        for a, b in zip(detail.inflow, detail.outflow, strict=True))
            flow = DayFlow(code, day, net, float(detail.turnover), tuple(detail.inflow),
                           tuple(detail.outflow), complete=complete,
                           update_time=detail.update_time)
        else:
            net = tuple(float(c.values[i, k]) for k in _TIER_COLUMNS)
            flow = DayFlow(code, day, net, complete=complete,
                           update_time=c.update_time[i])
        grid = grids.get(code)
        if grid is not None:
            flow.minutes = grid
            flow.minutes_merge = True
        out.append(flow)
    return out


def _grids(points_list: list[MinutePoints], codes: list[str], market: np.ndarray
           ) -> dict[str, np.ndarray]:
    """Each of `codes`' points since the last save (later ones win) on a (session
    minutes, 4) float64 grid, NaN where no point came; codes without points left out.
    All codes at once, in numpy: a grid made code by code held the interpreter ~0.2 s
    of a 5,000-code save, time the window's thread waited for."""
    parts = [p for p in points_list if p.codes]
    if not parts or not codes:
        return {}
    names = np.asarray(codes)
    by_name = np.argsort(names)
    sorted_names = names[by_name]
    rows, minutes, values = [], [], []
    for points in parts:
        pnames = np.asarray(points.codes)
        pos = np.minimum(np.searchsorted(sorted_names, pnames), len(names) - 1)
        ok = sorted_names[pos] == pnames
        rows.append(by_name[pos[ok]])
        minutes.append(np.asarray(points.minutes)[ok])
        values.append(np.asarray(points.values, np.float64)[ok][:, _TIER_SERIES])
    row, minute, value = np.concatenate(rows), np.concatenate(minutes), np.concatenate(values)
    # The last point of each (code, minute): first in the reversed order.
    key = row.astype(np.int64) * 100_000 + minute
    _, first = np.unique(key[::-1], return_index=True)
    last = len(key) - 1 - first
    row, minute, value = row[last], minute[last], value[last]
    out: dict[str, np.ndarray] = {}
    for m in np.unique(market[row]).tolist():
        length = session_minutes(MARKET_ORDER[m])
        here = market[row] == m
        members = np.unique(row[here])   # a code whose points all fall outside: NaNs
        pick = here & (minute >= 0) & (minute < length)
        grid = np.full((len(members), length, 4), np.nan)
        grid[np.searchsorted(members, row[pick]), minute[pick]] = value[pick]
        for j, r in enumerate(members.tolist()):
            out[codes[r]] = grid[j]
    return out
