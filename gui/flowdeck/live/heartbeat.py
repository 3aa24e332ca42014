"""What changes with time alone, once a second, for a front end that shows live data:
rows turn stale when no record comes (the store tells its listeners), a polled source
(Futu under its quota) stretches the stale time to its own pace, and a Beat tells the
rate of records and the polled source's freshness. The window's status bar and table
listen; nothing polls the Follower or the model on a timer of its own.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from .follow import Follower
from .store import STALE_AFTER_S

BEAT_S = 1.0

log = logging.getLogger("flowdeck.live.heartbeat")


@dataclass(frozen=True, slots=True)
class Beat:
    """`rate`: records received per second lately; `ages`: a polled source's seconds
    since each code's refresh (None for a source that pushes)."""
    wall: float
    rate: float
    ages: dict[str, float | None] | None


class Heartbeat:
    """`start()` inside a running loop, `await stop()`; `beat()` is one beat (the
    task calls it every `interval` seconds of `sleep`)."""

    def __init__(self, follower: Follower, *, interval: float = BEAT_S,
                 stale_after_s: float = STALE_AFTER_S,
                 clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], Awaitable[object]] = asyncio.sleep) -> None:
        self.follower = follower
        self.interval = interval
        self.stale_after_s = float(stale_after_s)
        self._clock, self._sleep = clock, sleep
        self._listeners: list[Callable[[Beat], None]] = []
        self._task: asyncio.Task | None = None

    def add_listener(self, listener: Callable[[Beat], None]) -> None:
        self._listeners.append(listener)

    def set_stale_after(self, seconds: float) -> None:
        """The user's stale time (a polled source may stretch it); applies now."""
        self.stale_after_s = float(seconds)
        self.follower.set_stale_after(self.stale_after_s)

    def start(self) -> None:
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._beats(), name="flowdeck-heartbeat")

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            await asyncio.wait({task})

    def beat(self) -> Beat:
        follower = self.follower
        # The polled source's pace changes with the codes it follows and its quota.
        follower.set_stale_after(self.stale_after_s)
        follower.refresh_stale()
        now = self._clock()
        beat = Beat(now, follower.rate.per_second(now), follower.ages())
        for listener in list(self._listeners):
            try:
                listener(beat)
            except Exception:  # one broken view must not stop the others' beats
                log.exception("a heartbeat listener failed")
        return beat

    async def _beats(self) -> None:
        while True:
            await self._sleep(self.interval)
            self.beat()
