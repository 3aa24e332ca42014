"""What a source delivers: a batch of records, details, minute points, per-code errors
and market states. Plain data (numpy, no asyncio), shared by feeds, the gateway, the
client and the window.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .markets import MarketState
from .records import CapitalFlowDetail, CapitalFlowRecord


@dataclass(slots=True)
class MinutePoints:
    """New per-minute points: point j is `codes[j]` at trading minute `minutes[j]`, with
    the cumulative net inflow per series (main, retail, super, large, medium, small) at
    the end of that minute in `values[j]`. Sorted by code, then minute."""
    codes: list[str]
    minutes: np.ndarray  # int32 (k,)
    values: np.ndarray   # float32 (k, 6)

    @classmethod
    def empty(cls) -> MinutePoints:
        return cls([], np.zeros(0, np.int32), np.zeros((0, 6), np.float32))

    def __len__(self) -> int:
        return len(self.codes)


@dataclass(slots=True)
class MarketStatus:
    state: MarketState
    local_time: str  # the market's clock, `YYYY-MM-DD HH:MM:SS` exchange time


@dataclass(slots=True)
class Batch:
    records: dict[str, CapitalFlowRecord] = field(default_factory=dict)
    details: dict[str, CapitalFlowDetail] = field(default_factory=dict)
    points: MinutePoints = field(default_factory=MinutePoints.empty)
    errors: dict[str, tuple[int, str]] = field(default_factory=dict)
    markets: dict[str, MarketStatus] = field(default_factory=dict)  # keyed by Market value
    snapshot: bool = False  # True when `points` holds each code's whole day so far
