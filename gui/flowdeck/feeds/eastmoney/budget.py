"""One request budget for the whole `eastmoney://` source, shared by every request of
every endpoint: East Money blocks an address that asks too often, whichever endpoint
it asks, so a per-endpoint limit would not protect anyone.

`take(priority)` returns when the request may go: at most `rate` a second, the waiting
request with the lowest priority number first (the selected and rule-named codes'
before the rest; a tie goes first come, first served). `hold_until(t)` keeps every
request back until `t` (the backoff after a refusal applies to the whole source: a
second endpoint asking at once would be refused too). The clock and the sleep are
injected so that tests and the bench run on virtual time.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import time
from collections.abc import Awaitable, Callable

URGENT = 0     # a snapshot someone waits for
PRIORITY = 1   # the selected row, rows with alert rules
NORMAL = 2     # every other watched code
IDLE = 3       # what can wait longest (a code's minutes when nobody looks at it)


class RequestBudget:
    def __init__(self, rate: float, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> None:
        if not rate > 0:
            raise ValueError(f"rate must be > 0, got {rate!r}")
        self.interval = 1.0 / rate
        self.granted = 0                      # requests let through so far
        self._clock, self._sleep = clock, sleep
        self._next = -float("inf")            # the earliest time the next one may go
        self._waiting: list[tuple[int, int, asyncio.Future]] = []
        self._order = itertools.count()
        self._granter: asyncio.Task | None = None

    async def take(self, priority: int = NORMAL) -> None:
        future = asyncio.get_running_loop().create_future()
        heapq.heappush(self._waiting, (priority, next(self._order), future))
        if self._granter is None or self._granter.done():
            self._granter = asyncio.get_running_loop().create_task(
                self._grant(), name="flowdeck-eastmoney-budget")
        await future

    def hold_until(self, when: float) -> None:
        """No request before `when` (clock time); an earlier hold is not shortened."""
        self._next = max(self._next, when)

    def free_at(self) -> float:
        """When the next request could go if one asked now."""
        return max(self._next, self._clock())

    def waiting(self) -> int:
        return sum(1 for *_, f in self._waiting if not f.done())

    async def _grant(self) -> None:
        while self._waiting:
            now = self._clock()
            if now < self._next:
                # A more urgent request that arrives meanwhile is granted first.
                await self._sleep(self._next - now)
                continue
            *_, future = heapq.heappop(self._waiting)
            if future.done():      # its asker was cancelled
                continue
            future.set_result(None)
            self.granted += 1
            self._next = now + self.interval
            await asyncio.sleep(0)  # let the granted request start before the next
