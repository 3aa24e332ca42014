"""DayHistory: a front end's link to the archive of the source it follows.

One object per source identity (a new source opens a new one): it reads the archive
(the Days view, a past day, the multi-day windows), writes the live day through an
ArchiveWriter fed by a DayKeeper, and keeps the multi-day provider (MultiDayColumns)
that the table and the alert engine read. `open` and `refresh` touch SQLite: a front
end calls them in a worker thread; reads of one code (`days`, `minutes`) take a few
milliseconds and may run where they are needed. A lock keeps the reading connection
to one thread at a time.

"Today" per market (the multi-day windows' live day) follows the source's own clock:
the batches' market times, so a replay or the simulator, whose clocks are not the
wall clock's, count their own day; before any batch, the exchange's local time.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import numpy as np

from ..core.codes import Market
from ..core.day_flow import DayFlow
from ..core.day_matrix import DayMatrix
from ..core.markets import local_now, market_of
from ..core.multiday import archived_part
from ..core.multiday_columns import MultiDayColumns
from ..core.trading_calendar import WEEKDAYS, TradingCalendar, live_day
from ..storage.archive.archive import Archive
from ..storage.archive.ops import ArchiveOps
from ..storage.archive.writer import RETRY_AFTER_S, ArchiveWriter
from .day_keeper import SAVE_EVERY_S, DayKeeper
from .store import BATCH, Change, LiveStore

MATRIX_DAYS = 420  # enough for the 20-day windows and streaks (core.multiday)
log = logging.getLogger("flowdeck.live")


class DayHistory:
    def __init__(self, store: LiveStore, path: Path, identity: str, reader: Archive,
                 writer: ArchiveWriter, *, save_every_s: float = SAVE_EVERY_S,
                 calendars: Mapping[Market, TradingCalendar] | None = None) -> None:
        self.store, self.path, self.identity = store, path, identity
        self.reader, self.writer = reader, writer
        self.notice = reader.notice
        self.calendars = dict(calendars or {})
        self.keeper = DayKeeper(store, writer.submit, save_every_s=save_every_s)
        self.provider = MultiDayColumns(archived_part(
            reader.matrix([], 0), self.calendars, {}, codes=[]))
        self._lock = threading.Lock()
        self._local: dict[str, str] = {}      # market -> the source's latest local time
        self._live_days: dict[Market, dt.date] = {}
        self.on_day_roll: Callable[[], None] | None = None
        store.add_listener(self._on_change)

    @classmethod
    def open(cls, store: LiveStore, path: Path, identity: str, *,
             on_error: Callable[[Exception], None] | None = None,
             on_recovered: Callable[[], None] | None = None,
             save_every_s: float = SAVE_EVERY_S, keep_minutes_days: int = 0,
             ops: ArchiveOps | None = None, retry_after_s: float = RETRY_AFTER_S
             ) -> DayHistory:
        """Open (or start) the archive at `path` for `identity` (blocking: a worker
        thread). A corrupt or foreign file is moved aside: `notice` says so. Minute
        series older than `keep_minutes_days` trading days (0: none) are pruned in the
        writer's thread, in the background."""
        path.parent.mkdir(parents=True, exist_ok=True)
        reader = Archive.open(path, identity, ops=ops)
        writer = ArchiveWriter(path, identity, on_error=on_error, on_recovered=on_recovered,
                               ops=ops, retry_after_s=retry_after_s)
        if keep_minutes_days > 0:
            writer.prune_minutes(keep_minutes_days, timeout=0)
        return cls(store, path, identity, reader, writer, save_every_s=save_every_s)

    # --- reading (DayReader: the Days view, a past day, the history endpoint) ----------

    def days(self, code: str, start: dt.date | None = None,
             end: dt.date | None = None) -> list[DayFlow]:
        with self._lock:
            return self.reader.days(code, start, end)

    def minutes(self, code: str, day: dt.date) -> np.ndarray | None:
        with self._lock:
            return self.reader.minutes(code, day)

    def trading_days(self, last_n: int | None = None) -> list[dt.date]:
        """The days this source completed in the archive (the past-day calendar)."""
        with self._lock:
            return self.reader.trading_days(last_n)

    def matrix(self, codes: Sequence[str], last_n_days: int | None = None) -> DayMatrix:
        """The completed days of `codes` over the last `last_n_days` (a past day's
        multi-day windows; blocking: a worker thread)."""
        with self._lock:
            return self.reader.matrix(codes, last_n_days)

    def save(self, days: Sequence[DayFlow]) -> int:
        """Past days (a backfill's DaySink; blocking: a worker thread). The live day
        goes through the writer instead."""
        with self._lock:
            return self.reader.save(days)

    # --- the multi-day windows ---------------------------------------------------------

    def live_day(self, market: Market) -> dt.date:
        return market_live_day(market, self.calendars, self._local)

    def live_days(self, codes: Sequence[str]) -> dict[Market, dt.date]:
        return {m: self.live_day(m) for m in {market_of(c) for c in codes}}

    def refresh(self, codes: Sequence[str] | None = None) -> MultiDayColumns:
        """Read the completed days of `codes` (default: the followed ones) and give the
        provider its new archived part (blocking: a worker thread). At open, at a day
        roll, after a backfill, when the followed codes change."""
        codes = list(self.store.codes if codes is None else codes)
        live = self.live_days(codes)
        with self._lock:
            matrix = self.reader.matrix(codes, MATRIX_DAYS)
        self.provider.roll(archived_part(matrix, self.calendars, live, codes=codes))
        self._live_days = live
        return self.provider

    def _on_change(self, change: Change) -> None:
        if change.kind != BATCH or not change.batch.markets:
            return
        for market, status in change.batch.markets.items():
            self._local[market] = getattr(status, "local_time", "") or ""
        if not self._live_days or self.on_day_roll is None:
            return
        if any(self.live_day(m) != d for m, d in self._live_days.items()):
            self._live_days = {m: self.live_day(m) for m in self._live_days}
            self.on_day_roll()

    # --- ending ---------------------------------------------------------------------------

    def tick(self, now: float | None = None) -> bool:
        """The keeper's periodic save (the heartbeat calls it)."""
        return self.keeper.tick(now)

    def close(self, timeout: float = 10.0) -> bool:
        """Hand the day so far to the writer, let it save, close (blocking: a worker
        thread). False when something could not be saved in time."""
        self.keeper.close()
        ok = self.writer.close(timeout=timeout)
        with self._lock:
            self.reader.close()
        return ok


def read_multiday(path: Path, identity: str, codes: Sequence[str]) -> MultiDayColumns:
    """The multi-day provider of `codes` from an archive, read once (a front end that
    only reads, `flowdeck watch`; blocking: a worker thread). Today per market is the
    exchange's local day."""
    with Archive.open(path, identity, repair=False) as archive:
        matrix = archive.matrix(list(codes), MATRIX_DAYS)
    live = {m: market_live_day(m, {}, {}) for m in {market_of(c) for c in codes}}
    return MultiDayColumns(archived_part(matrix, {}, live, codes=list(codes)))


def market_live_day(market: Market, calendars: Mapping[Market, TradingCalendar],
                    clocks: Mapping[str, str]) -> dt.date:
    """`market`'s live trading day: by its clock as the source last said it (`clocks`:
    market value -> `YYYY-MM-DD HH:MM:SS`), else the exchange's local time; on its
    calendar (weekdays when none is known)."""
    local = clocks.get(market.value)
    when = (dt.datetime.strptime(local[:19], "%Y-%m-%d %H:%M:%S") if local
            else local_now(market))
    return live_day(calendars.get(market, WEEKDAYS), market, when)
