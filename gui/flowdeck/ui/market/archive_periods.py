"""The Market view's periods (3 to 20 days) from the window's flow history
(live.DayHistory): core.market_periods over the codes the view ranks, any of the 12
fields, stocks and sectors, summed as /v1/rank and `flowdeck rank` sum them (only the
codes with a past day archived rank; `covered` says a short archive).

Reading 40 archived days of 12,000 codes takes ~0.3 s and each series' windows ~40 ms,
so a code list's periods are built in a worker thread, all six series at once (a field
or the Sectors tab picked later costs the GUI thread no build), and kept: one set at a
time, the ranked code list's, built again when the code list, a market's live day or
the archive (a refresh: open, day roll, backfill) changes. Until the first set is in,
`find` says the view is reading; after a refresh the view ranks over the kept set
until the new one is in. Qt-free: the models ask on the GUI thread, `on_ready` tells
them once a set is in.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import sqlite3
from collections.abc import Callable, Sequence
from typing import Protocol

import numpy as np

from ...core.codes import Market
from ...core.day_matrix import DayMatrix
from ...core.errors import FlowDeckError
from ...core.market_periods import (
    MATRIX_DAYS,
    MarketPeriods,
    MarketTableLike,
    PeriodTable,
    TablePeriods,
    periods_key,
)
from ...core.trading_calendar import TradingCalendar

log = logging.getLogger(__name__)

#: Why a period is not ranked (the view words each): no archive open, its days being
#: read, no day before today archived for the codes ranked.
CLOSED, READING, NO_DAYS, FAILED = "closed", "reading", "no_days", "failed"


class PastDayReader(Protocol):
    """What is read of the archive (live.DayHistory is one)."""
    calendars: dict[Market, TradingCalendar]

    def matrix(self, codes: Sequence[str], last_n_days: int | None = None) -> DayMatrix: ...


class RankedRows(Protocol):
    """The rows the view ranks (rank_rows.StoreRows or MarketRows)."""
    whole: bool
    table: object

    def turnover(self) -> np.ndarray: ...


def period_input(rows: RankedRows) -> MarketTableLike:
    """The ranked rows as a whole-market table with today's turnover (a source's
    table has it; the followed codes' comes from the store's details)."""
    if rows.whole:
        return rows.table  # type: ignore[return-value]
    table = rows.table
    return PeriodTable(table.codes, table.values, table.market,  # type: ignore[attr-defined]
                       table.update_time, rows.turnover())  # type: ignore[attr-defined]


class ArchivePeriods:
    def __init__(self, on_ready: Callable[[], None] = lambda: None) -> None:
        self.on_ready = on_ready
        self.history: PastDayReader | None = None
        self.builds = 0  # sets built so far (tests, the bench)
        self._generation = 0  # the archive's refreshes
        self._kept: tuple[tuple, MarketPeriods] | None = None
        self._building: tuple | None = None
        self._task: asyncio.Future | None = None
        # The last read that failed (its stamp) and why: said until the next refresh.
        self._failed: tuple | None = None
        self.failure = ""

    def set_history(self, history: PastDayReader | None) -> None:
        """The archive opened (None: closed, or none for this source)."""
        self.stop()
        self.history, self._kept, self._failed = history, None, None
        self._generation += 1

    def refreshed(self, *_args: object) -> None:
        """The archive's days changed: build again at the next ranking."""
        self._generation += 1

    def find(self, rows: RankedRows, market: str, period: str,
             days: int) -> tuple[TablePeriods | None, str]:
        """The periods of `rows`, or None and why (CLOSED, READING, NO_DAYS, FAILED:
        `failure` says how the read failed; read again after the archive's next
        refresh or for other codes)."""
        if self.history is None:
            return None, CLOSED
        table = period_input(rows)
        live, key = periods_key(table)
        stamp = (self._generation, key)
        if self._failed == stamp:
            return None, FAILED
        kept = self._kept
        if (kept is None or kept[0] != stamp) and self._building != stamp:
            self._build(table.codes, live, stamp)
        if kept is None or kept[0][1] != key:
            return None, READING
        periods = kept[1].of(table)
        try:
            periods.check(market, period, days)
        except FlowDeckError:
            return None, NO_DAYS
        return periods, ""

    def _build(self, codes: list[str], live: dict[Market, dt.date], stamp: tuple) -> None:
        self.stop()
        self._building = stamp
        self._task = asyncio.ensure_future(self._read(self.history, codes, live, stamp))

    async def _read(self, history: PastDayReader, codes: list[str],
                    live: dict[Market, dt.date], stamp: tuple) -> None:
        try:
            periods = await asyncio.to_thread(_periods_of, history, codes, live)
        except (OSError, sqlite3.Error, FlowDeckError) as exc:  # tried at the next refresh
            log.warning("the flow history's periods cannot be read: %s", exc)
            if self._building == stamp and self.history is history:
                self._building, self._failed, self.failure = None, stamp, str(exc)
                self.on_ready()  # the view says so instead of "Reading…"
            return
        if self._building != stamp or self.history is not history:
            return
        self._building, self._kept = None, (stamp, periods)
        self.builds += 1
        self.on_ready()

    def stop(self) -> None:
        """Drop a read under way (another archive, the window closing)."""
        if self._task is not None:
            self._task.cancel()
            self._task = None
        self._building = None


def _periods_of(history: PastDayReader, codes: list[str],
                live: dict[Market, dt.date]) -> MarketPeriods:
    periods = MarketPeriods(history.matrix(codes, MATRIX_DAYS), codes, live,
                            history.calendars)
    periods.series.build_all()
    return periods
