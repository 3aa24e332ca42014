"""One code's trading day as the archive keeps it: what every source can say about a
past day, and what today's live state becomes at the close.

A source knows more or less of a day. A live day (sim, replay, futu intraday) knows
everything: turnover, buy- and sell-initiated value per tier, the nets, the day's
per-minute cumulative net per tier. Futu's DAY history carries the nets only: the
inflows and outflows are unknown (None, never 0), and so is the turnover unless a day
K-line gave it. A ratio over a day whose turnover is unknown is unknown too (None, shown
as a dash), never a made-up number.

`minutes` is float64 (the engine's precision; the API answers from it exactly):
shaped (session minutes, 4 tiers) in TIER_NAMES order, cumulative, NaN before the
code's first trade of the day. main = super + large and retail = medium + small are
derived when read, as float64 sums, as CapitalFlowRecord.from_tier_values sums them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from .markets import MarketState
from .records import SERIES_NAMES, TIER_NAMES, ratio

Quad = tuple[float, float, float, float]
MaybeQuad = tuple[float | None, float | None, float | None, float | None]


@dataclass(slots=True, eq=False)
class DayFlow:
    code: str
    day: dt.date                # the market's trading day
    net: Quad                   # net inflow per tier (super, large, medium, small)
    turnover: float | None = None
    inflow: MaybeQuad = (None, None, None, None)   # buy-initiated value per tier
    outflow: MaybeQuad = (None, None, None, None)  # sell-initiated value per tier
    close: float | None = None  # the day's last price where known
    complete: bool = False      # True once the market closed on this day
    update_time: str = ""       # the last trade counted, as the record says it
    minutes: np.ndarray | None = None  # float64 (session minutes, 4), see above
    # True: `minutes` holds only the minutes since the last save (NaN elsewhere), and the
    # archive merges them into the series it holds (the live day's periodic saves).
    minutes_merge: bool = False

    def series_net(self, series: str) -> float:
        """The day's net of one of SERIES_NAMES: main and retail are float64 sums."""
        n = self.net
        if series == "main":
            return n[0] + n[1]
        if series == "retail":
            return n[2] + n[3]
        return n[TIER_NAMES.index(series)]

    def series_ratio(self, series: str) -> float | None:
        """Net over turnover, clipped like the live record's; None when the turnover is
        unknown."""
        if self.turnover is None:
            return None
        return ratio(self.series_net(series), self.turnover)

    def record_dict(self) -> dict:
        """The spec's 14 keys for this day (a ratio is None when the turnover is
        unknown)."""
        d: dict = {"code": self.code, "update_time": self.update_time}
        for s in SERIES_NAMES:
            d[f"{s}_net_inflow"] = self.series_net(s)
            d[f"{s}_net_inflow_ratio"] = self.series_ratio(s)
        return d


def day_is_over(state: MarketState | None, local_time: str, day: str) -> bool:
    """Whether a code's day `day` (YYYY-MM-DD) is over, as its market's state and clock
    (`YYYY-MM-DD HH:MM:SS`, "" unknown) say: the market is closed, or its clock is on a
    later date already (a start before the next open sees a pre-open market). The one
    rule of "complete" for every archive writer (the window's and the gateway's)."""
    if state is None:
        return False
    return state == MarketState.CLOSED or local_time[:10] > day
