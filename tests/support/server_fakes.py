"""A scriptable feed for gateway tests, and helpers to run a gateway in-process.

FakeFeed's numbers are a function of (code, tick): tick t's record of a code has
main_net_inflow = 1000 * t + the code's index, so a test knows what "latest" is.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence

import numpy as np
from aiohttp.test_utils import TestClient, TestServer

from flowdeck.core.batch import Batch, MarketStatus, MinutePoints
from flowdeck.core.markets import MarketState
from flowdeck.core.records import CapitalFlowDetail, CapitalFlowRecord
from flowdeck.feeds.base import Feed
from flowdeck.server.app import build_app
from flowdeck.server.appkeys import HUB
from tests.support.waiting import run  # noqa: F401  (the server tests import it here)


def tick_record(code: str, tick: int) -> CapitalFlowRecord:
    base = 1000.0 * tick + (sum(map(ord, code)) % 997)
    return CapitalFlowRecord(code, f"2025-03-12 10:{tick // 60 % 60:02d}:{tick % 60:02d}",
                             main_net_inflow=base, super_net_inflow=base,
                             main_net_inflow_ratio=0.25, super_net_inflow_ratio=0.25)


def tick_detail(code: str, tick: int) -> CapitalFlowDetail:
    return CapitalFlowDetail(code, f"2025-03-12 10:00:{tick % 60:02d}", 4000.0 * (tick + 1),
                             tick, (1.0 * tick, 2.0, 3.0, 4.0), (0.5, 1.0, 1.5, 2.0))


def point_values(code: str, minute: int) -> list[float]:
    """main, retail, super, large, medium, small: tiers base + 2 .. base + 5, and main /
    retail their sums, as a feed sends them (the history keeps the tiers and derives
    main and retail)."""
    base = float(minute * 10 + (sum(map(ord, code)) % 7))
    tiers = [base + s for s in range(2, 6)]
    return [tiers[0] + tiers[1], tiers[2] + tiers[3], *tiers]


class FakeFeed(Feed):
    """Snapshot = ticks 0..tick (one minute point per tick); each update is the next
    tick for every code of the iterator. Codes in `failing` come back as per-code
    errors; `fail_snapshot` / `fail_updates`, when set, are raised. Its waits go through
    `sleep` (a test's virtual clock)."""

    def __init__(self, interval: float = 0.05, failing: Sequence[str] = (),
                 name: str = "fake://test?token=sekrit", minutes: int = 300,
                 points_per_tick: int = 1,
                 sleep: Callable[[float], Awaitable[object]] = asyncio.sleep) -> None:
        self.name = name
        self.sleep = sleep
        self.interval = interval
        self.failing = set(failing)
        self.minutes = minutes
        self.points_per_tick = points_per_tick
        self.tick = 0
        self.snapshot_calls: list[list[str]] = []
        self.updates_calls: list[list[str]] = []
        self.fail_snapshot: Exception | None = None
        self.fail_updates: Exception | None = None
        self.snapshot_delay = 0.0
        self.paused = False
        self.closed = False

    def _batch(self, codes: Sequence[str], ticks: range, snapshot: bool) -> Batch:
        batch = Batch(snapshot=snapshot)
        pc, pm, pv = [], [], []
        for code in sorted(codes):
            if code in self.failing:
                batch.errors[code] = (1016, f"{code} is not served by the fake")
                continue
            batch.records[code] = tick_record(code, self.tick)
            batch.details[code] = tick_detail(code, self.tick)
            for t in ticks:
                for k in range(self.points_per_tick):
                    minute = (t * self.points_per_tick + k) % self.minutes
                    pc.append(code)
                    pm.append(minute)
                    pv.append(point_values(code, t))
        if pc:
            batch.points = MinutePoints(pc, np.array(pm, np.int32), np.array(pv, np.float32))
        for m in sorted({c.partition(".")[0] for c in codes}):
            clock = f"2025-03-12 10:00:{self.tick % 60:02d}"
            batch.markets[m] = MarketStatus(MarketState.OPEN, clock)
        return batch

    async def snapshot(self, codes: Sequence[str]) -> Batch:
        self.snapshot_calls.append(list(codes))
        if self.snapshot_delay:
            await self.sleep(self.snapshot_delay)
        if self.fail_snapshot is not None:
            raise self.fail_snapshot
        return self._batch(codes, range(self.tick + 1), True)

    def updates(self, codes: Sequence[str]) -> AsyncIterator[Batch]:
        self.updates_calls.append(list(codes))
        return self._updates(list(codes))

    async def _updates(self, codes: list[str]) -> AsyncIterator[Batch]:
        while not self.closed:
            await self.sleep(self.interval)
            while self.paused:
                await self.sleep(0.01)
            if self.fail_updates is not None:
                raise self.fail_updates
            self.tick += 1
            yield self._batch(codes, range(self.tick, self.tick + 1), False)

    async def aclose(self) -> None:
        self.closed = True


SERVED_TOKEN = "test-token"


@contextlib.asynccontextmanager
async def served(feed: Feed, **options) -> AsyncIterator[TestClient]:
    """An in-process gateway over `feed` on a free 127.0.0.1 port, and a client of it;
    `client.app[HUB]` is its hub. The gateway always wants a token: without `token=`
    the client sends SERVED_TOKEN on every request; with one, the test says what it
    sends itself."""
    options.setdefault("backoff", (0.05, 0.2))
    headers = {}
    if "token" not in options:
        options["token"] = SERVED_TOKEN
        headers = {"Authorization": f"Bearer {SERVED_TOKEN}"}
    app = build_app(feed, **options)
    async with TestServer(app, host="127.0.0.1", port=0) as server, \
            TestClient(server, headers=headers) as client:
        yield client


def hub_of(client: TestClient):
    return client.app[HUB]
