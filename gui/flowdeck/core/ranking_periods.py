"""Where a ranking's multi-day values come from: the archive's windows (core.multiday)
plus the live values, for the codes of the table. No second multi-day sum here: every
window is `multiday.archived_part` + `multiday_columns.MultiDayColumns`, which count
the trading days, skip holidays, mark gaps and take a live value only on its live day.

- SeriesPeriods: any of the six series (main, retail, super, large, medium, small):
  the part of each series is built from the day matrix with that series' nets where
  multiday reads the main net (tiers 0 and 1), once per day roll and when a ranking
  first asks for that series; each part is a few arrays of (codes x windows).
- ArchivedOnly: over a whole market, only the codes with a past day archived.
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
from .records import NUMERIC_KEYS
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


def _pick(numbers: MultiDayNumbers, days: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    if days not in numbers.windows:
        windows = ", ".join(f"{n}d" for n in numbers.windows)
        raise invalid_param(f"period must be one of today, {windows}, got '{days}d'",
                            "rank.param", name="period", value=f"{days}d",
                            expected=f"one of today, {windows}")
    w = numbers.windows.index(days)
    return numbers.net[:, w], numbers.ratio[:, w], numbers.days[:, w]


def series_matrix(matrix: DayMatrix, series: str,
                  since: dt.date | None = None) -> DayMatrix:
    """The matrix with `series`' nets where multiday reads the main net (tier 0 its
    net, tier 1 zero, or the two tiers of main and retail), from `since` on."""
    part = _since(matrix, since)
    tiers = SERIES_TIERS[series]
    net = np.zeros(part.net.shape)
    net[:, :, :len(tiers)] = part.net[:, :, list(tiers)]
    return DayMatrix(part.codes, part.days, net, part.turnover)


def _since(matrix: DayMatrix, since: dt.date | None) -> DayMatrix:
    start = 0 if since is None else int(np.searchsorted(
        np.asarray(matrix.days, dtype="datetime64[D]"), np.datetime64(since, "D")))
    return DayMatrix(matrix.codes, matrix.days[start:], matrix.net[:, start:],
                     matrix.turnover[:, start:])


class SeriesPeriods:
    """Every series' windows for `codes`: build it where the archive is read (at open
    and at each day roll), tell it the live turnovers (`note_turnover`, as the
    provider is told), ask it per ranking. A series' part is built when first asked
    (~40 ms for 12,000 codes each: a ranking by one field needs one of the six)."""

    def __init__(self, matrix: DayMatrix, calendars: Mapping[Market, TradingCalendar],
                 live_days: Mapping[Market, dt.date], codes: Sequence[str] | None = None,
                 windows: tuple[int, ...] = WINDOWS) -> None:
        since = min(live_days.values()) - _WINDOW_SPAN if live_days else None
        self.codes = list(matrix.codes if codes is None else codes)
        self.live_days = dict(live_days)
        self._args = (calendars, self.live_days, self.codes, windows)
        self._matrix: DayMatrix | None = _since(matrix, since)
        self.providers: dict[str, MultiDayColumns] = {}
        self._row = {c: i for i, c in enumerate(self.codes)}
        self._turnover = np.full(len(self.codes), np.nan)

    def provider(self, series: str) -> MultiDayColumns:
        """`series`' provider, built from the matrix on first use."""
        built = self.providers.get(series)
        if built is None:
            assert self._matrix is not None, "every part is built once build_all ran"
            part = archived_part(series_matrix(self._matrix, series), *self._args)
            built = self.providers[series] = MultiDayColumns(part)
            built.note_turnover(self.codes, self._turnover)
        return built

    def build_all(self) -> None:
        """Every series' part now (a worker thread's job: a ranking then builds none),
        and the day matrix let go (its days are all in the parts: ~19 MB for 11,700
        codes of 40 days)."""
        for series in SERIES_TIERS:
            self.provider(series)
        self._matrix = None

    def note_turnover(self, codes: Sequence[str], turnover: Sequence[float]) -> None:
        for provider in self.providers.values():
            provider.note_turnover(codes, turnover)
        if isinstance(codes, list) and codes == self.codes:  # a whole table's: at once
            self._turnover[:] = np.asarray(turnover, np.float64)
            return
        get = self._row.get
        pairs = [(get(c), t) for c, t in zip(codes, turnover, strict=True)]
        rows = [r for r, _ in pairs if r is not None]
        self._turnover[rows] = [t for r, t in pairs if r is not None]

    def numbers(self, columns: RecordColumns, series: str) -> MultiDayNumbers:
        """`series`' windows of `columns` (their live records)."""
        if series != "main":
            # The provider reads the live value in the main net's column.
            values = columns.values.copy()
            values[:, _MAIN] = columns.values[:, NUMERIC_KEYS.index(f"{series}_net_inflow")]
            columns = RecordColumns(columns.codes, values, columns.update_times)
        return self.provider(series).numbers(columns)

    def window(self, columns: RecordColumns, series: str,
               days: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        return _pick(self.numbers(columns, series), days)


class ArchivedOnly:
    """`periods`' windows, unknown (NaN: never ranked) where no past day is known:
    over a whole market the archive holds the days of the codes followed, not the
    market's, and ranking the rest's today beside 5-day sums (or as `1/5`, thousands
    of them) would pass today off as a period."""

    def __init__(self, periods: PeriodSource) -> None:
        self.periods = periods

    def window(self, columns: RecordColumns, series: str,
               days: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        net, ratio, known = self.periods.window(columns, series, days)
        past = past_days(columns, known) > 0
        return np.where(past, net, np.nan), np.where(past, ratio, np.nan), known


def past_days(columns: RecordColumns, known: np.ndarray) -> np.ndarray:
    """Of each window's `known` days, those before today (today's own value aside)."""
    return known - np.isfinite(columns.values[:, 0]).astype(known.dtype)
