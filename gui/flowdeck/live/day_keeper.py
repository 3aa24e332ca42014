"""DayKeeper: today's days of the followed codes into the archive as the day goes.

It listens to the LiveStore and hands DayFlows to a writer (storage's ArchiveWriter
saves them in its own thread: nothing here waits on SQLite):
- every `save_every_s` (a few minutes; `tick` is called with the time, e.g. by the
  heartbeat), the day so far of every code that traded since the last save;
- when a market closes, its codes' days, complete;
- at quit (`close`), everything not saved yet.

A day's numbers come from the store (archive_days.day_flows_of: the details' float64
nets, turnover and in/outflows). Its minute series is float64 and exact, but the store's
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
import logging
import time
from collections.abc import Callable, Sequence

import numpy as np

from ..core.batch import MinutePoints
from ..core.day_flow import DayFlow
from ..core.markets import MARKET_ORDER, MarketState, session_minutes
from .archive_days import day_flows_of
from .store import BATCH, CODES, Change, LiveStore

SAVE_EVERY_S = 300.0
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
        """A new day began for these codes: their old day's unsaved points go."""
        kept = []
        for points in self._points:
            keep = [i for i, c in enumerate(points.codes) if c not in codes]
            if len(keep) == len(points.codes):
                kept.append(points)
            elif keep:
                idx = np.asarray(keep, np.intp)
                kept.append(MinutePoints([points.codes[i] for i in keep],
                                         points.minutes[idx], points.values[idx]))
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
        save); complete for codes whose market is closed. Returns how many."""
        self._last_save = self._clock()
        wanted = list(self._touched) if codes is None else list(codes)
        flows = self.day_flows(wanted)
        if codes is None:
            self._touched.clear()
            self._points = []
        else:
            done = set(wanted)
            self._touched.difference_update(done)
            self._forget(frozenset(done))
        if flows:
            self.submit(flows)
            self.saves += 1
        return len(flows)

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
        store, table = self.store, self.store.table
        groups: dict[tuple[dt.date, bool], list[str]] = {}
        for code in codes:
            r = table.row_of(code)
            update_time = table.update_time[r] if r is not None else ""
            if not update_time:
                continue
            market = MARKET_ORDER[table.market[r]].value
            complete = store.markets.get(market) == MarketState.CLOSED
            groups.setdefault((dt.date.fromisoformat(update_time[:10]), complete),
                              []).append(code)
        series = self._series(set(codes))
        out = []
        for (day, complete), group in groups.items():
            for flow in day_flows_of(store, group, day, complete):
                got = series.get(flow.code)
                if got is not None:
                    length = session_minutes(MARKET_ORDER[table.market[table.row_of(flow.code)]])
                    flow.minutes = _merged_minutes(got, length)
                    flow.minutes_merge = True
                out.append(flow)
        return out

    def _series(self, codes: set[str]) -> dict[str, list[tuple[np.ndarray, np.ndarray]]]:
        out: dict[str, list[tuple[np.ndarray, np.ndarray]]] = {}
        for points in self._points:
            pcodes = points.codes
            start = 0
            n = len(pcodes)
            while start < n:  # sorted by code: one run per code
                code = pcodes[start]
                end = start + 1
                while end < n and pcodes[end] == code:
                    end += 1
                if code in codes:
                    out.setdefault(code, []).append(
                        (points.minutes[start:end],
                         np.asarray(points.values[start:end, _TIER_SERIES], np.float64)))
                start = end
        return out


def _merged_minutes(parts: list[tuple[np.ndarray, np.ndarray]], length: int) -> np.ndarray:
    """The points of a code (later ones win) on a (length, 4) float64 grid, NaN where
    no point came since the last save."""
    grid = np.full((length, 4), np.nan)
    for minutes, values in parts:
        ok = (minutes >= 0) & (minutes < length)
        grid[minutes[ok]] = values[ok]
    return grid
