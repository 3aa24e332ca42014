"""The controller: the one asyncio task that reads a feed and applies its batches.

A snapshot first (the history gets the whole day), then updates. Whatever arrives is
merged in a Coalescer (latest record and detail per code, minute points accumulate) and
applied at most 5 times a second, so a fast feed never queues work behind the UI. A
feed error shows in the status and the task retries with backoff; per-code errors go
to the model with the batch. A watchlist change restarts the task with the new codes
(only new codes need a snapshot); a source change opens a new feed.
"""

from __future__ import annotations

import asyncio
import collections
import datetime as dt
import logging
import time
from collections.abc import Callable, Collection, Mapping, Sequence
from typing import Protocol

from PySide6.QtCore import QCoreApplication

from ...core.batch import Batch, MarketStatus
from ...core.coalesce import Coalescer
from ...core.errors import FlowDeckError, source_failed
from ...core.records import CapitalFlowDetail
from ...core.redact import redact_source
from ...feeds.base import Feed, ReportsConnection
from ...feeds.registry import open_feed
from .app import spawn

MIN_APPLY_INTERVAL_S = 0.2  # at most 5 applies a second
RETRY_FIRST_S = 1.0
RETRY_CAP_S = 30.0
RATE_WINDOW_S = 2.0

log = logging.getLogger("flowdeck.controller")
# lupdate finds only literal texts in calls named tr or translate.
translate = QCoreApplication.translate


class TableSink(Protocol):
    def set_codes(self, codes: Sequence[str]) -> None: ...
    def apply(self, batch: Batch, wall: float, restart: Collection[str] = ()) -> None: ...


class DetailSink(Protocol):
    @property
    def code(self) -> str | None: ...
    def refresh(self) -> bool: ...


class StatusSink(Protocol):
    def set_source(self, name: str, simulated: bool) -> None: ...
    def set_state(self, state: str, detail: str = "") -> None: ...
    def set_markets(self, markets: Mapping[str, MarketStatus]) -> None: ...
    def set_last_update(self, code: str, update_time: str) -> None: ...
    def set_rate(self, per_second: float) -> None: ...


class UpdateRate:
    """Records received per second over the last RATE_WINDOW_S seconds."""

    def __init__(self, window_s: float = RATE_WINDOW_S) -> None:
        self.window_s = window_s
        self._events: collections.deque[tuple[float, int]] = collections.deque()
        self._total = 0

    def add(self, now: float, count: int) -> None:
        self._events.append((now, count))
        self._total += count
        self._trim(now)

    def per_second(self, now: float) -> float:
        self._trim(now)
        return self._total / self.window_s

    def _trim(self, now: float) -> None:
        while self._events and self._events[0][0] < now - self.window_s:
            self._total -= self._events.popleft()[1]


def retry_delay(attempt: int) -> float:
    """1, 2, 4, ... seconds, at most RETRY_CAP_S."""
    return min(RETRY_CAP_S, RETRY_FIRST_S * 2 ** max(0, attempt - 1))


class Controller:
    """Feed -> coalescer -> model. `start(source, codes)`, `set_codes`, `set_source`,
    `await stop()`. `applies` counts applies (tests check the rate)."""

    def __init__(self, model: TableSink, status: StatusSink, detail: DetailSink | None = None,
                 *, opener: Callable[[str], Feed] = open_feed,
                 clock: Callable[[], float] = time.monotonic,
                 min_interval: float = MIN_APPLY_INTERVAL_S) -> None:
        self.model = model
        self.status = status
        self.detail = detail
        self.details: dict[str, CapitalFlowDetail] = {}  # latest per code; the dock reads it
        self.codes: list[str] = []
        self.extra_codes: list[str] = []  # followed for alerts only, not shown
        self._subscribed: list[str] = []  # what the running task follows (may be more)
        self.source = ""
        self.feed: Feed | None = None
        self.applies = 0
        self.apply_times: collections.deque[float] = collections.deque(maxlen=1000)
        self.rate = UpdateRate()
        self.state = "stopped"
        # Called after each apply with the merged batch and the codes whose day it restarted.
        self.on_applied: list[Callable[[Batch, Collection[str]], None]] = []
        self._opener = opener
        self._clock = clock
        self._min_interval = min_interval
        self._pending = Coalescer()
        self._flush_handle: asyncio.TimerHandle | None = None
        self._last_apply = -1e18
        self._task: asyncio.Task | None = None
        self._old_feeds: list[Feed] = []

    # --- what the window calls -------------------------------------------------------

    def start(self, source: str, codes: Sequence[str]) -> None:
        """Open `source` and follow `codes` (call inside a running loop)."""
        self.source = source
        self._open()
        self.set_codes(codes, force_snapshot=True)

    def set_codes(self, codes: Sequence[str], force_snapshot: bool = False) -> None:
        """Follow `codes` from now on: the model's rows change, new codes get a snapshot."""
        codes = list(dict.fromkeys(codes))
        self.codes = codes
        self.model.set_codes(codes)
        keep = set(codes)
        for code in [c for c in self.details if c not in keep]:
            del self.details[code]
        self._follow(force_snapshot)

    def set_extra_codes(self, codes: Sequence[str]) -> None:
        """Also follow `codes` (alert rules on codes outside the active watchlist): their
        batches reach `on_applied`, the table ignores them."""
        self.extra_codes = list(dict.fromkeys(codes))
        if self.feed is not None or self._task is not None:
            self._follow(False)

    def _wanted(self) -> list[str]:
        return list(dict.fromkeys([*self.codes, *self.extra_codes]))

    def _follow(self, force_snapshot: bool) -> None:
        wanted = self._wanted()
        subscribed = set(self._subscribed)
        new = wanted if force_snapshot else [c for c in wanted if c not in subscribed]
        if new or self._task is None or self._task.done():
            self._subscribed = wanted
            self._restart(new)
        # Else fewer codes or another order: the running subscription covers them (the
        # model ignores the rest), and a restart would only fetch again what we have.

    def set_source(self, source: str) -> None:
        """Switch to another source: the old feed is closed, the new one snapshots all."""
        if source == self.source and self.feed is not None:
            return
        self.source = source
        self._cancel()
        if self.feed is not None:
            self._old_feeds.append(self.feed)
            spawn(self._close_old(), "flowdeck-close-feed")
        self._open()
        self._subscribed = self._wanted()
        self._restart(self._subscribed)

    async def stop(self) -> None:
        """Cancel the task and close the feed."""
        self._cancel()
        if self._flush_handle is not None:
            self._flush_handle.cancel()
            self._flush_handle = None
        task, self._task = self._task, None
        if task is not None:
            try:
                await task
            except (asyncio.CancelledError, Exception):
                pass
        if self.feed is not None:
            self._old_feeds.append(self.feed)
            self.feed = None
        await self._close_old()
        self._set_state("stopped")

    def flush(self) -> None:
        """Apply what is pending now (the timer normally does it)."""
        if self._flush_handle is not None:
            self._flush_handle.cancel()
        self._apply_pending()

    # --- the task ----------------------------------------------------------------------

    def _open(self) -> None:
        try:
            self.feed = self._opener(self.source)
        except FlowDeckError as exc:
            self.feed = None
            self._show_source(self.source, False)
            self._set_state("error", exc.message)
            return
        self._show_source(self.feed.name or self.source, self.feed.simulated)
        if isinstance(self.feed, ReportsConnection):
            self.feed.on_state = self._feed_state  # the gateway reconnects by itself

    def _restart(self, snapshot_codes: Sequence[str]) -> None:
        self._cancel()
        self._pending = Coalescer()
        if self.feed is None:
            return
        self._task = spawn(self._run(self.feed, list(self._subscribed), list(snapshot_codes)),
                           "flowdeck-controller")

    def _cancel(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self._task = None

    async def _run(self, feed: Feed, codes: list[str], snapshot_codes: list[str]) -> None:
        attempt = 0
        while True:
            try:
                if not codes:
                    self._set_state("live", translate("Controller",
                                                      "no codes in the watchlist"))
                    return
                self._set_state("connecting")
                if snapshot_codes:
                    self._add(await feed.snapshot(snapshot_codes))
                    self.flush()
                    # A gateway learns with its first snapshot whether it serves the
                    # simulator: the SIMULATED badge follows.
                    self._show_source(feed.name or self.source, feed.simulated)
                self._set_state("live")
                attempt = 0
                async for batch in feed.updates(codes):
                    self._add(batch)
                    if self.state != "live":
                        self._set_state("live")
                raise source_failed(f"{feed.name or self.source}: the feed ended")
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                attempt += 1
                delay = retry_delay(attempt)
                message = exc.message if isinstance(exc, FlowDeckError) else (
                    f"{type(exc).__name__}: {exc}")
                at = (dt.datetime.now() + dt.timedelta(seconds=delay)).strftime("%H:%M:%S")
                # The log's formatter blanks secrets in every line (app.RedactingFormatter).
                log.warning("feed %s failed (attempt %d): %s", self.source, attempt, message)
                self._set_state("reconnecting", translate(
                    "Controller", "next retry at {time}: {error}").format(time=at, error=message))
                await asyncio.sleep(delay)
                snapshot_codes = codes  # whatever was missed: start the day over

    def _add(self, batch: Batch) -> None:
        now = self._clock()
        self._pending.add(batch)
        self.rate.add(now, len(batch.records))
        if self._flush_handle is None:
            delay = max(0.0, self._last_apply + self._min_interval - now)
            self._flush_handle = asyncio.get_running_loop().call_later(delay, self._apply_pending)

    def _apply_pending(self) -> None:
        self._flush_handle = None
        if not self._pending:
            return
        batch, restart = self._pending.take()
        now = self._clock()
        self._last_apply = now
        self.applies += 1
        self.apply_times.append(now)
        self.details.update(batch.details)
        self.model.apply(batch, now, restart)
        if batch.markets:
            self.status.set_markets(batch.markets)
        shown = set(self.codes)
        last = next((r for r in reversed(batch.records.values()) if r.code in shown), None)
        if last is not None:
            self.status.set_last_update(last.code, last.update_time)
        self.status.set_rate(self.rate.per_second(now))
        if self.detail is not None and self._touches(batch, restart, self.detail.code):
            self.detail.refresh()
        for callback in self.on_applied:
            callback(batch, restart)

    @staticmethod
    def _touches(batch: Batch, restart: Collection[str], code: str | None) -> bool:
        if code is None:
            return False
        return (code in batch.records or code in batch.details or code in restart
                or code in batch.points.codes)

    def _set_state(self, state: str, detail: str = "") -> None:
        self.state = state
        # An error may quote the source URL: its token must not reach the status bar.
        self.status.set_state(state, redact_source(detail))

    def _show_source(self, name: str, simulated: bool) -> None:
        self.status.set_source(redact_source(name), simulated)

    def _feed_state(self, state: object) -> None:
        """A gateway's own connection state (it reconnects inside `updates`)."""
        name = str(getattr(state, "state", state))
        retry_in = getattr(state, "retry_in", None)
        error = getattr(state, "error", None) or ""
        detail = error
        if name == "reconnecting" and retry_in is not None:
            at = (dt.datetime.now() + dt.timedelta(seconds=retry_in)).strftime("%H:%M:%S")
            detail = (translate("Controller", "next retry at {time}: {error}")
                      .format(time=at, error=error) if error
                      else translate("Controller", "next retry at {time}").format(time=at))
        self._set_state(name, detail)

    async def _close_old(self) -> None:
        feeds, self._old_feeds = self._old_feeds, []
        for feed in feeds:
            try:
                await feed.aclose()
            except Exception as exc:  # closing a broken feed: nothing left to do
                log.info("closing %s: %s", feed.name, exc)
