"""What the detail dock shows of a day other than the live one: an archived code-day's
six series (from the archive's float64 tier minutes) and its inflow / outflow, and the
live day's bar in the Days view (so far today). No Qt."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from ...core.day_flow import DayFlow
from ...core.history import IntradayHistory, derive_series
from ...core.records import SERIES_NAMES, CapitalFlowDetail, ratio
from .day_reader import DayReader

N_SERIES = len(SERIES_NAMES)


def _known(values: tuple[float | None, ...]) -> np.ndarray:
    return np.array([math.nan if v is None else v for v in values], float)


@dataclass(frozen=True, slots=True)
class ArchivedDay:
    """One code-day read from the archive. `series` is (6, session minutes) float64 in
    SERIES_NAMES order (main and retail summed as the record sums them), None when the
    archive keeps no minutes for the day (a Futu DAY row, or pruned)."""
    flow: DayFlow
    series: np.ndarray | None

    @property
    def day(self) -> dt.date:
        return self.flow.day

    @property
    def inflow(self) -> np.ndarray:
        """Per tier; NaN where the source did not say (Futu's DAY rows)."""
        return _known(self.flow.inflow)

    @property
    def outflow(self) -> np.ndarray:
        return _known(self.flow.outflow)

    def last_minute(self) -> int:
        """The last minute with a value, -1 for none."""
        if self.series is None:
            return -1
        finite = np.flatnonzero(np.isfinite(self.series[0]))
        return int(finite[-1]) if len(finite) else -1


def read_archived_day(reader: DayReader, code: str, day: dt.date) -> ArchivedDay | None:
    """The code's archived `day`, None when the archive has no row for it."""
    flows = [f for f in reader.days(code, day, day) if f.day == day]
    if not flows:
        return None
    minutes = reader.minutes(code, day)
    series = None
    if minutes is not None:
        series = derive_series(np.asarray(minutes, np.float64).T)
    return ArchivedDay(flows[-1], series)


@dataclass(frozen=True, slots=True)
class LiveDay:
    """Today so far for the Days view's last bar: the market's day, the six series' nets
    (the history's last minute) and the turnover (the detail's; None before one)."""
    day: dt.date
    nets: np.ndarray
    turnover: float | None

    def net(self, series: int) -> float:
        return float(self.nets[series])

    def ratio(self, series: int) -> float | None:
        if self.turnover is None:
            return None
        return ratio(self.net(series), self.turnover)


def live_day_of(code: str, history: IntradayHistory,
                details: Mapping[str, CapitalFlowDetail]) -> LiveDay | None:
    """Today's bar for `code`, None before its first record (nothing to date it by)."""
    detail = details.get(code)
    if detail is None or len(detail.update_time) < 10:
        return None
    try:
        day = dt.date.fromisoformat(detail.update_time[:10])
    except ValueError:
        return None
    nets = np.zeros(N_SERIES)
    if code in history and history.last_minute(code) >= 0:
        column = history.series(code)[:, history.last_minute(code)]
        nets = np.nan_to_num(np.asarray(column, float))
    return LiveDay(day, nets, detail.turnover if detail.turnover > 0 else None)
