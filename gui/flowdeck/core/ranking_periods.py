"""Where a ranking's multi-day values come from: the archive's windows (core.multiday)
plus the live values, for the codes of the table. No second multi-day sum here: every
window is `multiday.archived_part` + `multiday_columns.MultiDayColumns`, which count
the trading days, skip holidays, mark gaps and take a live value only on its live day.

- MainPeriods: the provider the window and the alert engine already keep (main net
  and main ratio only, what the archive's part holds).
- SeriesPeriods: any of the six series (main, retail, super, large, medium, small):
  the part of each series is built from the day matrix with that series' nets where
  multiday reads the main net (tiers 0 and 1), once per day roll; each part is a few
  arrays of (codes x windows), the matrices are dropped once summed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Protocol

import numpy as np

from .batch import RecordColumns
from .codes import Market
from .day_matrix import DayMatrix
from .derived_fields import WINDOWS
from .errors import invalid_param
from .multiday import MultiDayNumbers, archived_part
from .multiday_columns import MultiDayColumns
from .records import NUMERIC_KEYS, SERIES_NAMES
from .trading_calendar import TradingCalendar

_MAIN = NUMERIC_KEYS.index("main_net_inflow")
#: The day matrix's tiers (super, large, medium, small) each series sums.
SERIES_TIERS: dict[str, tuple[int, ...]] = {
    "main": (0, 1), "retail": (2, 3), "super": (0,), "large": (1,), "medium": (2,),
    "small": (3,)}
# The 20-day window reaches 19 trading days back: about 27 calendar days, 40 around
# the Lunar New Year; the matrix's older days do not enter any window.
_WINDOW_SPAN = dt.timedelta(days=80)


class PeriodSource(Protocol):
    def window(self, columns: RecordColumns, series: str,
               days: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The `days`-day window of `series` for each code of `columns` (their live
        records): net, ratio (NaN unknown) and the known days (int32)."""
        ...


class NumbersProvider(Protocol):
    """A multi-day provider (multiday_columns.MultiDayColumns is one)."""

    def numbers(self, columns: RecordColumns) -> MultiDayNumbers: ...


def _pick(numbers: MultiDayNumbers, days: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    if days not in numbers.windows:
        windows = ", ".join(f"{n}d" for n in numbers.windows)
        raise invalid_param(f"period must be one of today, {windows}, got '{days}d'",
                            "rank.param", name="period", value=f"{days}d",
                            expected=f"one of today, {windows}")
    w = numbers.windows.index(days)
    return numbers.net[:, w], numbers.ratio[:, w], numbers.days[:, w]


class MainPeriods:
    """The main series' windows from the provider the window already keeps."""

    def __init__(self, provider: NumbersProvider) -> None:
        self.provider = provider

    def window(self, columns: RecordColumns, series: str,
               days: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        if series != "main":
            raise invalid_param(f"over {days} days only the main net and its ratio are "
                                f"archived here, not {series}", "rank.param", name="field",
                                value=f"{series}_net_inflow",
                                expected="main_net_inflow or main_net_inflow_ratio")
        return _pick(self.provider.numbers(columns), days)


def series_matrix(matrix: DayMatrix, series: str,
                  since: dt.date | None = None) -> DayMatrix:
    """The matrix with `series`' nets where multiday reads the main net (tier 0 its
    net, tier 1 zero, or the two tiers of main and retail), from `since` on."""
    start = 0 if since is None else int(np.searchsorted(
        np.asarray(matrix.days, dtype="datetime64[D]"), np.datetime64(since, "D")))
    tiers = SERIES_TIERS[series]
    part = matrix.net[:, start:]
    net = np.zeros(part.shape)
    net[:, :, :len(tiers)] = part[:, :, list(tiers)]
    return DayMatrix(matrix.codes, matrix.days[start:], net, matrix.turnover[:, start:])


class SeriesPeriods:
    """Every series' windows for `codes`: build it where the archive is read (at open
    and at each day roll), tell it the live turnovers (`note_turnover`, as the
    provider is told), ask it per ranking."""

    def __init__(self, matrix: DayMatrix, calendars: Mapping[Market, TradingCalendar],
                 live_days: Mapping[Market, dt.date], codes: Sequence[str] | None = None,
                 windows: tuple[int, ...] = WINDOWS) -> None:
        since = min(live_days.values()) - _WINDOW_SPAN if live_days else None
        self.providers = {
            s: MultiDayColumns(archived_part(series_matrix(matrix, s, since), calendars,
                                             live_days, codes, windows))
            for s in SERIES_NAMES}

    def note_turnover(self, codes: Sequence[str], turnover: Sequence[float]) -> None:
        for provider in self.providers.values():
            provider.note_turnover(codes, turnover)

    def window(self, columns: RecordColumns, series: str,
               days: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        if series != "main":
            # The provider reads the live value in the main net's column.
            values = columns.values.copy()
            values[:, _MAIN] = columns.values[:, NUMERIC_KEYS.index(f"{series}_net_inflow")]
            columns = RecordColumns(columns.codes, values, columns.update_times)
        return _pick(self.providers[series].numbers(columns), days)
