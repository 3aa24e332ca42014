"""Periods over a whole market's table from an archive (issue 20): what /v1/rank,
/v1/sectors and `flowdeck rank` rank over 3 to 20 trading days. The sums are
ranking_periods.SeriesPeriods' (core.multiday's rules: trading days counted, gaps
marked, today's live value taken on its live day only); this module fits them to a
table of the whole market:

- Each market's live day is the source's own: the latest update time among its rows
  (the simulator's and a replay's clocks are not the wall clock's); the exchange's
  local date when no row has traded yet.
- Only the codes with a past day archived rank (ranking_periods.ArchivedOnly): an
  archive holds the days of the codes a front end followed, not the market's.
- `covered`: how many of the period's days the answer covers, today and the past days
  that some code of the table has archived in the window: `4` of `5` says the
  archive is a day short, which the rows alone do not tell.
- `table`: the period's table for sectors: each series' net and ratio over the window
  and the turnover summed over its known days, so a sector's ratio is its members'
  summed nets over their summed turnovers, as today's is.

One caller at a time per MarketPeriods (a lock: a gateway makes its answers in worker
threads, and a provider keeps the last code list it was asked for).
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from .batch import RecordColumns
from .codes import Market
from .day_matrix import DayMatrix
from .errors import source_failed
from .markets import MARKET_ORDER, local_now
from .ranking import TableLike
from .ranking_periods import ArchivedOnly, SeriesPeriods, past_days
from .records import SERIES_NAMES
from .trading_calendar import TradingCalendar

#: Archived trading days read for the windows: a 20-day window reaches 19 days back;
#: the rest is room for days a code is missing.
MATRIX_DAYS = 40


class MarketTableLike(TableLike, Protocol):
    """A whole market's table with each row's turnover today (core.rank_answer's)."""
    turnover: np.ndarray


def table_live_days(table: MarketTableLike) -> dict[Market, dt.date]:
    """Each market of `table`'s live day by the source's clock (its rows' latest
    update time), else the exchange's local date."""
    out = {}
    for position in np.unique(table.market).tolist():
        market = MARKET_ORDER[position]
        times = table.update_time[table.market == position]
        # max() of a list: numpy has no maximum of a fixed-width str array ("<U19")
        latest = str(max(times.tolist())) if len(times) else ""
        out[market] = (dt.date.fromisoformat(latest[:10]) if latest
                       else local_now(market).date())
    return out


def periods_key(table: MarketTableLike) -> tuple[dict[Market, dt.date], tuple]:
    """`table`'s live days, and what a kept set of its periods holds for: those days and
    its code list (a source keeps the list object while its codes stay the same, and
    the kept set holds the list, so its id is not another list's meanwhile)."""
    live = table_live_days(table)
    return live, (tuple(sorted((m.value, d) for m, d in live.items())), id(table.codes))


@dataclass(slots=True, eq=False)
class PeriodTable:
    """A table (core.ranking.TableLike) whose numbers are a period's: each series' net
    and ratio over the window (NaN for a code without a past day archived), and the
    turnover of the window's known days."""
    codes: list[str]
    values: np.ndarray
    market: np.ndarray
    update_time: np.ndarray
    turnover: np.ndarray


class MarketPeriods:
    """The windows of a table's codes from `matrix` (their archived days). Build it in
    a worker thread (~40 ms a series for 12,000 codes, on first use); ask `of(table)`
    for each table of the same codes."""

    def __init__(self, matrix: DayMatrix, codes: list[str],
                 live_days: Mapping[Market, dt.date],
                 calendars: Mapping[Market, TradingCalendar] | None = None) -> None:
        self.codes = codes
        self.live_days = dict(live_days)
        self.series = SeriesPeriods(matrix, calendars or {}, live_days, codes)
        self.lock = threading.Lock()
        self._noted: object = None

    def of(self, table: MarketTableLike) -> TablePeriods:
        """The periods of `table` (of this object's codes), its turnover as today's."""
        if table.codes is not self.codes and table.codes != self.codes:
            raise ValueError("these periods were built for another code list")
        return TablePeriods(self, table)

    def note(self, table: MarketTableLike) -> None:
        if self._noted is not table:
            self.series.note_turnover(table.codes, table.turnover)
            self._noted = table


class TablePeriods:
    """One table's windows (a ranking_periods.PeriodSource)."""

    def __init__(self, periods: MarketPeriods, table: MarketTableLike) -> None:
        self.periods, self.table = periods, table

    def window(self, columns: RecordColumns, series: str,
               days: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        with self.periods.lock:
            self.periods.note(self.table)
            return ArchivedOnly(self.periods.series).window(columns, series, days)

    def covered(self, days: int) -> int:
        """Of the `days`-day window, today and the past days some code has archived."""
        with self.periods.lock:
            part = self.periods.series.provider("main").part
            past = part.days[:-1, part.windows.index(days)]
        return 1 + (int(past.max()) if len(past) else 0)

    def check(self, market: str, period: str, days: int) -> int:
        """`covered`, or 1016 when the archive holds no past day of the window."""
        covered = self.covered(days)
        if covered < 2:
            raise source_failed(
                f"no day before today of {market}'s codes is archived for this source: "
                f"{period} needs the flow history (the days of the codes followed, or "
                "a backfill)", "rank.no_days", market=market, period=period)
        return covered

    def period_table(self, days: int, series: Sequence[str] = SERIES_NAMES) -> PeriodTable:
        """The table's numbers over the `days`-day window (sectors): of `series` and
        main (a sector's known members and turnover), the other series NaN (a view
        ranking one field sums one series, not six: ~4 ms each at 11,700 codes)."""
        table = self.table
        columns = RecordColumns(table.codes, table.values, list(table.update_time))
        values = np.full(table.values.shape, np.nan)
        turnover = np.full(len(table.codes), np.nan)
        with self.periods.lock:
            self.periods.note(table)
            for k, name in enumerate(SERIES_NAMES):
                if name != "main" and name not in series:
                    continue
                numbers = self.periods.series.numbers(columns, name)
                w = numbers.windows.index(days)
                past = past_days(columns, numbers.days[:, w]) > 0
                values[:, 2 * k] = np.where(past, numbers.net[:, w], np.nan)
                values[:, 2 * k + 1] = np.where(past, numbers.ratio[:, w], np.nan)
                if name == "main" and numbers.turnover is not None:
                    turnover = np.where(past, numbers.turnover[:, w], np.nan)
        return PeriodTable(table.codes, values, table.market, table.update_time, turnover)
