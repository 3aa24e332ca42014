"""Periods over a whole market: the archive holds the days of the codes the user
followed, not the market's. A code ranks over 3 to 20 days only when the archive has
at least one of its past days; the rest of the market has today alone, and ranking it
beside 5-day sums (or as `1/5`, thousands of them) would pass today off as a period.
The view says how many codes that leaves (ranking.known)."""

from __future__ import annotations

import numpy as np

from ...core.batch import RecordColumns
from ...core.ranking_periods import PeriodSource


class ArchivedOnly:
    """`periods`' windows, unknown (NaN: never ranked) where no past day is known."""

    def __init__(self, periods: PeriodSource) -> None:
        self.periods = periods

    def window(self, columns: RecordColumns, series: str,
               days: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        net, ratio, known = self.periods.window(columns, series, days)
        live = np.isfinite(columns.values[:, 0]).astype(known.dtype)
        past = known - live > 0  # a known day beyond today's own value
        return np.where(past, net, np.nan), np.where(past, ratio, np.nan), known
