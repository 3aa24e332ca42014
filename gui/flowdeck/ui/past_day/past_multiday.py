"""The multi-day columns as of a past day's close: the 3/5/10/20-day main nets and
ratios and the main inflow streak as they stood when that day closed. The live table's
rules, by the live table's computation (core.multiday): the past day plays the live
day's part and the archived trading days before it the history, so a window with
fewer archived days than asked is marked (`3/5`) and a streak stops at a gap, as live.

The archive's matrix holds its last N trading days; a past day k days back needs k
more, then the days after it are cut off (nothing after that close may count)."""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Mapping, Sequence

from ...core.codes import Market
from ...core.day_matrix import DayMatrix
from ...core.markets import market_of
from ...core.multiday import archived_part
from ...core.multiday_columns import MultiDayColumns
from ...core.trading_calendar import WEEKDAYS, TradingCalendar, live_day
from ...live.day_history import MATRIX_DAYS
from ..detail.day_reader import HistoryReader

# The end of a day in any market's clock: after every session's close.
_DAY_END = dt.time(23, 59, 59)


def matrix_until(matrix: DayMatrix, day: dt.date) -> DayMatrix:
    """`matrix` without the days after `day`."""
    keep = bisect.bisect_right(matrix.days, day)
    return DayMatrix(matrix.codes, matrix.days[:keep], matrix.net[:, :keep],
                     matrix.turnover[:, :keep])


def days_as_of(calendars: Mapping[Market, TradingCalendar], codes: Sequence[str],
               day: dt.date) -> dict[Market, dt.date]:
    """Each market's "today" at `day`'s close: `day` where it traded, else its last
    trading day before (a market's holiday is not a gap)."""
    when = dt.datetime.combine(day, _DAY_END)
    return {m: live_day(calendars.get(m, WEEKDAYS), m, when)
            for m in {market_of(c) for c in codes}}


def multiday_as_of(reader: HistoryReader, codes: Sequence[str],
                   day: dt.date) -> MultiDayColumns:
    """The provider of `codes`' multi-day numbers as of `day`'s close (blocking: a
    worker thread). The past table's records (that day's) are its live values."""
    codes = list(codes)
    archived = reader.trading_days()
    later = len(archived) - bisect.bisect_right(archived, day)
    matrix = matrix_until(reader.matrix(codes, later + MATRIX_DAYS), day)
    part = archived_part(matrix, reader.calendars, days_as_of(reader.calendars, codes, day),
                         codes=codes)
    return MultiDayColumns(part)
