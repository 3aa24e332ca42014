"""The one interface every source implements, and the batch it yields.

A batch carries, for the codes that changed: their records, details, new per-minute
points, per-code errors (the other codes keep updating), and each market's state.
"""

from __future__ import annotations

import abc
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field

import numpy as np

from ..core.markets import MarketState
from ..core.records import CapitalFlowDetail, CapitalFlowRecord


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


class Feed(abc.ABC):
    """A source of batches. `name` is its URL; `simulated` marks synthetic data."""

    name: str = ""
    simulated: bool = False

    @abc.abstractmethod
    async def snapshot(self, codes: Sequence[str]) -> Batch:
        """The whole day so far for `codes` (records, details, every minute point)."""

    @abc.abstractmethod
    def updates(self, codes: Sequence[str]) -> AsyncIterator[Batch]:
        """Batches as the source changes, for `codes` only; runs until closed."""

    @abc.abstractmethod
    async def aclose(self) -> None:
        """Release the source; iterators from `updates` end."""

    async def __aenter__(self) -> Feed:
        return self

    async def __aexit__(self, *exc) -> None:
        await self.aclose()
