"""One scripted feed: snapshot() and updates() hand out results from lists."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from flowdeck.feeds.base import Feed


class ScriptedFeed(Feed):
    """snapshot() hands out `snapshots` one per call, updates() one list of `runs` per
    call: an exception is raised, "end" ends the updates. When a script runs out the
    call waits to be cancelled. Between update items it awaits `sleep(interval)` (inject
    a fake sleep to drive time). With `reports_state` it has an `on_state` slot, as a
    gateway feed that reports its own connection state."""

    def __init__(self, snapshots: list, runs: list[list] | None = None, *,
                 name: str = "scripted", interval: float = 0.0,
                 sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
                 reports_state: bool = True) -> None:
        self.name = name
        self.snapshots, self.runs = snapshots, runs if runs is not None else []
        self.interval, self.sleep = interval, sleep
        self.snapshot_calls = 0
        self.snapshot_codes: list[list[str]] = []  # the codes of each snapshot call
        self.update_codes: list[list[str]] = []    # ... and of each updates call
        self.closed = False
        if reports_state:
            self.on_state = None

    async def snapshot(self, codes):
        self.snapshot_calls += 1
        self.snapshot_codes.append(list(codes))
        if not self.snapshots:
            await asyncio.Event().wait()
        item = self.snapshots.pop(0)
        if isinstance(item, Exception):
            raise item
        return item

    async def updates(self, codes):
        self.update_codes.append(list(codes))
        for item in self.runs.pop(0) if self.runs else []:
            if isinstance(item, Exception):
                raise item
            if isinstance(item, str) and item == "end":
                return
            await self.sleep(self.interval)
            yield item
        await asyncio.Event().wait()

    async def aclose(self):
        self.closed = True
