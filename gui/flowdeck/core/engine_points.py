"""What the flow engine hands out (core.engine.FlowEngine.process): the points of a
batch per minute, for the intraday history, the sparklines and the price line; and,
when asked, its big trades (BigOut)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True, slots=True)
class BigOut:
    """The trades of a batch at or above their symbol's minimum value, in input order:
    positions into the batch's arrays (the caller has their times, prices and
    quantities), and what the engine decided for each."""
    index: np.ndarray  # intp (b,), ascending
    side: np.ndarray   # int8: 1 buy, -1 sell, 0 neutral
    tier: np.ndarray   # int8: core.records.Tier
    seq: np.ndarray    # int64: the trade's number in its symbol's day, from 1

    @classmethod
    def empty(cls) -> BigOut:
        return cls(np.zeros(0, np.intp), np.zeros(0, np.int8), np.zeros(0, np.int8),
                   np.zeros(0, np.int64))

    def __len__(self) -> int:
        return len(self.index)


@dataclass(frozen=True, slots=True)
class PointsOut:
    """One point per (symbol, trading minute) a batch touched, sorted by symbol then
    minute: the cumulative net inflow per Tier at the end of that minute, and the price
    of the minute's last trade (the detail chart's price line)."""
    symbols: np.ndarray  # int32 (k,)
    minutes: np.ndarray  # int32 (k,)
    cum_net: np.ndarray  # float64 (k, 4), columns in Tier order
    last_price: np.ndarray  # float64 (k,)
    big: BigOut | None = None  # the batch's big trades, when process() was asked

    @classmethod
    def empty(cls, big: bool = False) -> PointsOut:
        return cls(np.zeros(0, np.int32), np.zeros(0, np.int32), np.zeros((0, 4)),
                   np.zeros(0), BigOut.empty() if big else None)

    def with_prices(self) -> np.ndarray:
        """(k, 5): the cumulative nets, then the last price (what the points stores
        keep per point)."""
        return np.column_stack([self.cum_net, self.last_price])

    def __len__(self) -> int:
        return len(self.symbols)


def pick_big(limit: np.ndarray, value: np.ndarray, direction: np.ndarray, tier: np.ndarray,
             starts: np.ndarray, counted: np.ndarray, order: np.ndarray | None) -> BigOut:
    """The engine's big trades of a batch grouped by symbol: `limit` is each trade's
    minimum, `starts` where each symbol's group starts, `counted` how many trades each
    group's symbol counted before the batch, `order` the grouped positions' input
    positions (None: the same). Back in input order, numbered after `counted`."""
    pos = np.flatnonzero(value >= limit)
    group = np.searchsorted(starts, pos, side="right") - 1
    seq = counted[group] + (pos - starts[group]) + 1
    if order is None:
        return BigOut(pos, direction[pos], tier[pos], seq)
    index = order[pos]
    back = np.argsort(index)
    pos = pos[back]
    return BigOut(index[back], direction[pos], tier[pos], seq[back])
