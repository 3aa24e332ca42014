"""StaleWatch: data-stale alerts for every front end (the window, `flowdeck watch`).

Once a second (injected clock and sleep) it hands the LiveStore's codes, their last
record's time and markets, which markets are open, and since when the source is down
(from the Follower's states: `on_state` is a state listener) to the core's StaleJudge
(core/stale_alerts.py). What the judge answers becomes payloads (core/stale_text.py):
written to the alert log first (the AlertPipeline's `write_log`, entries of type
"stale" / "recovered"), then put to the channels [stale] names (Deliveries.put, durable
before it returns), then told to listeners (the window's alert log dock). No Qt."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import Protocol

from ..core.redact import redact_source
from ..core.stale_alerts import GROUP_S, StaleJudge, StaleSettings, markets_open
from ..core.stale_text import stale_payloads
from .follow_state import CONNECTING, ERROR, RECONNECTING, FollowState
from .store import LiveStore

CHECK_S = 1.0
DOWN = (CONNECTING, RECONNECTING, ERROR)

log = logging.getLogger("flowdeck.live.stale")


class Puts(Protocol):
    """Where alerts beyond the tray go (live/delivery.Deliveries)."""

    def put(self, payloads: Sequence[dict], channels: Sequence[str]) -> None: ...


class StaleWatch:
    """`start()` inside a running loop, `await stop()`; `check()` is one step (the task
    runs it every `interval` seconds of `sleep`). `clock` is the Follower's (the store's
    record times are on it), `epoch` the time.time() the calendar and payloads use."""

    def __init__(self, store: LiveStore, settings: StaleSettings | None = None, *,
                 source: str = "", write_log: Callable[[list[dict]], None] | None = None,
                 deliveries: Puts | None = None,
                 clock: Callable[[], float] = time.monotonic,
                 epoch: Callable[[], float] = time.time,
                 sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
                 interval: float = CHECK_S, group_s: float = GROUP_S,
                 units: str = "kmb", lang: str = "en") -> None:
        self.store = store
        self.settings = settings or StaleSettings()
        self.judge = StaleJudge(self.settings.stale_s, group_s)
        self.source = source
        self.write_log, self.deliveries = write_log, deliveries
        self.units, self.lang = units, lang
        self.interval = interval
        self.told = 0  # alerts told (stale and recovered)
        self._clock, self._epoch, self._sleep = clock, epoch, sleep
        self._down_since: float | None = None
        self._error = ""
        self._listeners: list[Callable[[list[dict]], None]] = []
        self._task: asyncio.Task | None = None

    def add_listener(self, listener: Callable[[list[dict]], None]) -> None:
        """Told each check's payloads, once logged and put."""
        self._listeners.append(listener)

    def set_settings(self, settings: StaleSettings) -> None:
        """New [stale] settings: from the next check. Turned off, what was stale is
        forgotten (turned on again, it is judged afresh)."""
        if not settings.enabled:
            self.judge = StaleJudge(settings.stale_s, self.judge.group_s)
        self.judge.stale_s = settings.stale_s
        self.settings = settings

    def on_state(self, state: FollowState) -> None:
        """A Follower state listener: when the source stopped being live, and why."""
        if state.source:
            self.source = state.source
        if state.state in DOWN and not state.no_codes:
            if self._down_since is None:
                self._down_since = self._clock()
            self._error = state.error or self._error
        else:
            self._down_since, self._error = None, ""

    def start(self) -> None:
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._checks(), name="flowdeck-stale")

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            await asyncio.wait({task})

    def check(self) -> list[dict]:
        """One step: the payloads of the alerts due now (logged, put, told)."""
        if not self.settings.enabled:
            return []
        table = self.store.table
        epoch = self._epoch()
        down = self._down_since is not None
        # While down the source's market states are as old as the outage.
        market_open = markets_open(epoch, None if down else self.store.markets)
        events = self.judge.step(self._clock(), table.codes, table.last_wall, table.market,
                                 market_open, self._down_since, self._error)
        if not events:
            return []
        payloads = stale_payloads(events, epoch, redact_source(self.source),
                                  self.units, self.lang)
        self.told += len(payloads)
        if self.write_log is not None:
            self.write_log(payloads)
        channels = self.settings.channels
        if channels and self.deliveries is not None:
            try:
                self.deliveries.put(payloads, channels)
            except Exception:  # the log has them; the window must keep running
                log.exception("data-stale alerts could not be put to %s", channels)
        for listener in list(self._listeners):
            try:
                listener(payloads)
            except Exception:
                log.exception("a data-stale alert listener failed")
        return payloads

    async def _checks(self) -> None:
        while True:
            await self._sleep(self.interval)
            self.check()
