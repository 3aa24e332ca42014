"""The one table every RanksMarkets source answers `market_table` with (the simulator's
whole market, a replay's file, a gateway's /v1/market, futu://'s polled selection): a
core.ranking TableLike and core.rank_answer MarketTableLike that the Market view,
/v1/rank and `flowdeck rank` read the same way whatever made it.

Rows are in market order (MARKET_ORDER) then the source's order. `codes` is the same
list object from one table of the same codes to the next (core.ranking.Ranker keeps its
tie-break order while it is). Nothing in a table changes once its source hands it out:
a reader may keep it while the source moves on.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from ..core.records import SERIES_NAMES
from .base import ScopeFacts

# What a table covers, for the view to word: a whole simulated market, the codes of a
# replay's file, a gateway's whole market, the selection a source was told to poll, or
# the A-share lists East Money answers (eastmoney://: its top and bottom, then all).
Covers = Literal["simulated", "file", "gateway", "selection", "eastmoney"]


@dataclass(slots=True, eq=False)
class MarketTable:
    codes: list[str]
    values: np.ndarray       # (n, 12) float64, NUMERIC_KEYS order; NaN: no value yet
    market: np.ndarray       # (n,) int8 positions in MARKET_ORDER
    update_time: np.ndarray  # (n,) str ("" before the first trade)
    turnover: np.ndarray     # (n,) float64, NaN unknown
    last: np.ndarray         # (n,) NaN unknown or before the first trade
    prev_close: np.ndarray   # (n,) NaN unknown
    followed: np.ndarray     # (n,) bool: the window's own series is this row's curve
    covers: Covers
    # (first row, end, main net a minute (float32), minutes done) per market; empty
    # when the source sends no series (the followed rows draw the window's own).
    blocks: list[tuple[int, int, np.ndarray, int]] = field(default_factory=list)
    ages: np.ndarray | None = None   # (n,) seconds since each row's data (NaN never)
    scope: ScopeFacts | None = None  # what a selection holds (futu://: its words)
    # A source's own numbers over past days (eastmoney://: its 3/5/10-day fields): code
    # -> (len(own_days), 12) NUMERIC_KEYS order, NaN unknown; None: it has none. A
    # mapping, not an (n, days, 12) array: a table after a page copies 5,400 references,
    # not 1.5 MB (the Market view asks 4 times a second; eastmoney_market_bench).
    own_days: tuple[int, ...] = ()
    own_periods: Mapping[str, np.ndarray] | None = None

    def main_series(self, row: int) -> np.ndarray:
        """Row `row`'s cumulative main net at the end of each minute done (float32,
        NaN before its first trade): its sparkline. The current minute is
        `values[row, 0]`."""
        for first, end, series, done in self.blocks:
            if first <= row < end:
                return series[row - first, :done]
        raise IndexError(row)


class OwnPeriods:
    """A table's own numbers over `days` as a core.ranking_periods.PeriodSource: the
    Market view ranks by them when the flow history lacks the period (each number is
    the source's over the whole period: every day known, or none)."""

    def __init__(self, table: MarketTable, days: int) -> None:
        if table.own_periods is None or days not in table.own_days:
            raise ValueError(f"the table has no own {days}-day numbers")
        self.days = days
        self._by_code, self._k = table.own_periods, table.own_days.index(days)

    @staticmethod
    def of(table: object, days: int) -> OwnPeriods | None:
        """The table's own `days`-day numbers; None when it has none."""
        if not isinstance(table, MarketTable) or table.own_periods is None or \
                days not in table.own_days:
            return None
        return OwnPeriods(table, days)

    def window(self, columns, series: str,
               days: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        k, unknown = SERIES_NAMES.index(series), np.full((1, 12), np.nan)
        picked = np.array([self._by_code.get(c, unknown)[self._k] for c in columns.codes]
                          ).reshape(len(columns.codes), 12)
        net, ratio = picked[:, 2 * k], picked[:, 2 * k + 1]
        return net, ratio, np.where(np.isfinite(net), days, 0).astype(np.int32)

    def covered(self, days: int) -> int:
        return days
