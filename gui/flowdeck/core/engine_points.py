"""What the flow engine hands out per minute (core.engine.FlowEngine.process): the
points of a batch, for the intraday history, the sparklines and the price line."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True, slots=True)
class PointsOut:
    """One point per (symbol, trading minute) a batch touched, sorted by symbol then
    minute: the cumulative net inflow per Tier at the end of that minute, and the price
    of the minute's last trade (the detail chart's price line)."""
    symbols: np.ndarray  # int32 (k,)
    minutes: np.ndarray  # int32 (k,)
    cum_net: np.ndarray  # float64 (k, 4), columns in Tier order
    last_price: np.ndarray  # float64 (k,)

    @classmethod
    def empty(cls) -> PointsOut:
        return cls(np.zeros(0, np.int32), np.zeros(0, np.int32), np.zeros((0, 4)),
                   np.zeros(0))

    def with_prices(self) -> np.ndarray:
        """(k, 5): the cumulative nets, then the last price (what the points stores
        keep per point)."""
        return np.column_stack([self.cum_net, self.last_price])

    def __len__(self) -> int:
        return len(self.symbols)
