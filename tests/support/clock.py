"""Virtual time for asyncio code that takes an injected clock and sleep: nothing waits
real time, and every wait ends in a known order."""

from __future__ import annotations

import asyncio
import heapq
import itertools

SETTLE_TURNS = 50  # loop turns that let every woken task run until it waits again


class VirtualClock:
    """`clock()` is the time; `await clock.sleep(s)` returns once `advance` has moved
    the time past it. `advance(s)` wakes the sleepers in time order, letting the loop
    settle after each, and ends at now + s."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start
        self._sleepers: list[tuple[float, int, asyncio.Future]] = []
        self._seq = itertools.count()

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        if seconds <= 0:
            await asyncio.sleep(0)
            return
        future = asyncio.get_running_loop().create_future()
        heapq.heappush(self._sleepers, (self.now + seconds, next(self._seq), future))
        await future

    @property
    def sleepers(self) -> list[float]:
        """When each pending sleep ends, soonest first."""
        return sorted(when for when, _, f in self._sleepers if not f.done())

    async def settle(self) -> None:
        for _ in range(SETTLE_TURNS):
            await asyncio.sleep(0)

    async def advance(self, seconds: float) -> None:
        end = self.now + seconds
        await self.settle()
        while self._sleepers and self._sleepers[0][0] <= end:
            when, _, future = heapq.heappop(self._sleepers)
            if future.done():
                continue
            self.now = max(self.now, when)
            future.set_result(None)
            await self.settle()
        self.now = end
        await self.settle()
