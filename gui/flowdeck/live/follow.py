"""The Follower: the one feed loop of every front end (the window, `flowdeck watch`).

A snapshot first (the history gets the whole day), then updates. Whatever arrives is
merged in a Coalescer (latest record and detail per code, minute points accumulate) and
written to the LiveStore at most once per `min_interval` (5 a second for the window), so
a fast feed never queues work behind a view; a batch an `urgent` predicate picks (an
alert about to fire) is written at once, one with big trades TRADE_GAP_S after the last
write at most (on screen within 100 ms; a storm of pushes: 20 writes a second).
`min_interval` 0 writes every batch as it comes (the CLI prints one line per batch). A
feed error is reported as a FollowState and retried under the one Backoff policy,
starting the day over with a snapshot; a snapshot slower than `snapshot_timeout` is one.

The followed codes are the shown ones (the store's rows) plus codes named only by alert
rules; a change restarts the loop, and only codes not followed before need a snapshot.
Clock and sleep are injected: tests drive virtual time.
"""

from __future__ import annotations

import asyncio
import collections
import logging
import math
import time
from collections.abc import Awaitable, Callable, Sequence

from ..core.backoff import Backoff
from ..core.batch import Batch
from ..core.big_trade_thresholds import TapeSettings
from ..core.coalesce import Coalescer
from ..core.errors import FlowDeckError, source_failed
from ..core.redact import redact_source
from ..feeds.base import (
    Feed,
    PolledFeed,
    ReportsConnection,
    TakesTapeSettings,
    TellsNames,
    universe_of,
)
from ..feeds.origin import origin_of
from ..feeds.registry import open_feed
from .follow_state import (  # the states live beside; importers find them here too
    CONNECTING,
    ERROR,
    LIVE,
    RECONNECTING,
    STOPPED,
    FollowState,
    error_message,
)
from .rate import UpdateRate
from .snapshot_wait import snapshot_within
from .store import Change, LiveStore

MIN_APPLY_INTERVAL_S = 0.2  # at most 5 applies a second
TRADE_GAP_S = 0.05  # a batch with big trades: written at most this long after the last
# 1, 2, 4 ... 30 s between attempts (the window's and the CLI's numbers).
FOLLOW_BACKOFF = Backoff(first=1.0, factor=2.0, cap=30.0, jitter=0.0)

log = logging.getLogger("flowdeck.live.follow")
STOP_RECANCEL_S = 1.0  # stop(): the feed task is cancelled again after this long
Sleep = Callable[[float], Awaitable[object]]


class Follower:
    """Feed -> Coalescer -> LiveStore. `start(source or feed, shown, extra)`, `follow`,
    `set_source`, `await stop()`; `add_state_listener` for FollowStates. `applies`
    counts writes, `rate` the records received per second."""

    def __init__(self, store: LiveStore, *, opener: Callable[[str], Feed] = open_feed,
                 clock: Callable[[], float] = time.monotonic,
                 epoch: Callable[[], float] = time.time, sleep: Sleep = asyncio.sleep,
                 min_interval: float = MIN_APPLY_INTERVAL_S,
                 backoff: Callable[[int], float] = FOLLOW_BACKOFF.delay,
                 snapshot_timeout: float | None = None,
                 fatal: tuple[type[BaseException], ...] = ()) -> None:
        self.store = store
        self.source = ""
        self.feed: Feed | None = None
        self.shown: list[str] = []
        self.extra: list[str] = []    # followed for alert rules only, not shown
        self.state = FollowState(STOPPED)
        self.applies = 0
        self.apply_times: collections.deque[float] = collections.deque(maxlen=1000)
        self.rate = UpdateRate()
        self.snapshot_timeout = snapshot_timeout
        self._opener, self._clock, self._epoch, self._sleep = opener, clock, epoch, sleep
        self._min_interval = min_interval
        self._backoff = backoff
        self._fatal = fatal
        self._urgent: list[Callable[[Batch], bool]] = []
        self._tape: TapeSettings | None = None
        self._state_listeners: list[Callable[[FollowState], None]] = []
        self._subscribed: list[str] = []   # what the running task follows (may be more)
        self._priority: list[str] = []
        self._pending = Coalescer()
        self._flusher: asyncio.Task | None = None
        self._last_apply = -math.inf
        self._flush_due = math.inf  # when the scheduled flusher writes
        self._task: asyncio.Task | None = None
        self._old_feeds: list[Feed] = []
        self._closers: set[asyncio.Task] = set()

    # --- what front ends call ------------------------------------------------------------

    @property
    def followed(self) -> list[str]:
        return list(dict.fromkeys([*self.shown, *self.extra]))

    def add_state_listener(self, listener: Callable[[FollowState], None]) -> None:
        self._state_listeners.append(listener)

    def add_urgent(self, predicate: Callable[[Batch], bool]) -> None:
        """`predicate` sees each batch as it arrives, before coalescing; the batches it
        picks are written at once, not at the next tick (an alert fired on it: the
        table shows its row within the same turn of the loop)."""
        self._urgent.append(predicate)

    def attach(self, source: str | Feed) -> None:
        """Open `source` (or take an open feed) without following anything yet: its
        own connection reports reach the state listeners from now on."""
        self.source = source if isinstance(source, str) else source.name
        if isinstance(source, str):
            try:
                self.feed = self._opener(source)
            except FlowDeckError as exc:
                self.feed = None
                self.store.set_universe(None, self._clock())
                self._report(FollowState(ERROR, exc.message, exc))
                return
        else:
            self.feed = source
        # The names and sectors the source knows (the sim its whole markets'), for the
        # table, the search box and the Market view.
        self.store.set_universe(universe_of(self.feed), self._clock())
        if isinstance(self.feed, TellsNames):
            self.feed.on_names = self._names_came
        if isinstance(self.feed, ReportsConnection):
            self.feed.on_state = self._feed_state
        if self._priority:
            self.set_priority(self._priority)
        if self._tape is not None and isinstance(self.feed, TakesTapeSettings):
            self.feed.set_tape_settings(self._tape)
        self._report(FollowState(CONNECTING))

    def _names_came(self) -> None:
        """The source learnt more names: the rows show them (a "names" change)."""
        if self.feed is not None:
            self.store.set_universe(universe_of(self.feed), self._clock())

    def start(self, source: str | Feed, shown: Sequence[str],
              extra: Sequence[str] = ()) -> None:
        """Open `source` and follow `shown` + `extra`, all from a snapshot (call inside
        a running loop)."""
        if self.feed is None or source not in (self.source, self.feed):
            self.attach(source)
        self.extra = list(dict.fromkeys(extra))
        self.follow(shown, force_snapshot=True)

    def follow(self, shown: Sequence[str] | None = None, extra: Sequence[str] | None = None,
               *, force_snapshot: bool = False) -> None:
        """Follow these codes from now on (None keeps that part): new shown codes
        become the store's rows; codes not followed before get a snapshot."""
        if shown is not None:
            self.shown = list(dict.fromkeys(shown))
            self.store.set_codes(self.shown, self._clock())
        if extra is not None:
            self.extra = list(dict.fromkeys(extra))
        if self.feed is None and self._task is None:
            return
        wanted = self.followed
        subscribed = set(self._subscribed)
        new = wanted if force_snapshot else [c for c in wanted if c not in subscribed]
        if new or self._task is None or self._task.done():
            self._subscribed = wanted
            self._restart(new)
        # Else fewer codes or another order: the running subscription covers them (the
        # store ignores the rest), and a restart would only fetch again what we have.

    def set_source(self, source: str) -> None:
        """Switch to another source: the old feed is closed, the new one snapshots all."""
        if source == self.source and self.feed is not None:
            return
        self._cancel()
        if self.feed is not None:
            self._old_feeds.append(self.feed)
            self._spawn_close()
        self.attach(source)
        self._subscribed = self.followed
        self._restart(self._subscribed)

    def set_tape_settings(self, settings: TapeSettings) -> None:
        """The user's [tape] settings, for this source and the next (TakesTapeSettings)."""
        self._tape = settings
        if isinstance(self.feed, TakesTapeSettings):
            self.feed.set_tape_settings(settings)

    def set_priority(self, codes: Sequence[str]) -> None:
        """A polled source refreshes these first (the selected row, rule codes)."""
        self._priority = list(codes)
        if isinstance(self.feed, PolledFeed):
            self.feed.set_priority(self._priority)

    def ages(self) -> dict[str, float | None] | None:
        """A polled source's freshness per code; None for a source that pushes."""
        return self.feed.ages() if isinstance(self.feed, PolledFeed) else None

    def set_stale_after(self, shown_s: float) -> None:
        """The user's stale time; a polled source may stretch it to its own pace."""
        feed = self.feed
        self.store.set_stale_after(feed.stale_after(shown_s) if isinstance(feed, PolledFeed)
                                   else shown_s)

    def refresh_stale(self) -> Change | None:
        """Re-check stale rows as time passes (a front end's timer)."""
        return self.store.refresh_stale(self._clock())

    def flush(self) -> None:
        """Write what is pending now."""
        if self._flusher is not None:
            self._flusher.cancel()
            self._flusher = None
        self._apply_pending()

    def halt(self) -> None:
        """End the feed task (a listener may call it); `finished()` returns."""
        if self._task is not None:
            self._task.cancel()

    async def finished(self) -> None:
        """Wait until the feed task ends (a fatal error, `halt`, `stop`)."""
        while (task := self._task) is not None and not task.done():
            await asyncio.wait({task})

    async def stop(self, close_feed: bool = True) -> None:
        """Cancel the task; close the feed unless the caller owns it."""
        task = self._task
        self._cancel()
        if self._flusher is not None:
            self._flusher.cancel()
            self._flusher = None
        # Cancelled again until it ends: a cancel that lands while a feed's cleanup
        # awaits (asyncio.wait_for around a WebSocket's close, Python 3.11) can be
        # swallowed, and the feed's stream would reconnect and wait for ever.
        while task is not None and not task.done():
            task.cancel()
            await asyncio.wait({task}, timeout=STOP_RECANCEL_S)
        if self.feed is not None and close_feed:
            self._old_feeds.append(self.feed)
            self.feed = None
        await self._close_old()
        self._report(FollowState(STOPPED))

    # --- the task ------------------------------------------------------------------------

    def _restart(self, snapshot_codes: Sequence[str]) -> None:
        self._cancel()
        self._pending = Coalescer()
        if self.feed is None:
            return
        self._task = asyncio.create_task(
            self._run(self.feed, list(self._subscribed), list(snapshot_codes)),
            name="flowdeck-follow")

    def _cancel(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self._task = None

    async def _run(self, feed: Feed, codes: list[str], snapshot_codes: list[str]) -> None:
        attempt = 0
        while True:
            try:
                if not codes:
                    self._report(FollowState(LIVE, no_codes=True))
                    return
                self._report(FollowState(CONNECTING))
                if snapshot_codes:
                    batch = await snapshot_within(
                        feed, snapshot_codes, self.snapshot_timeout,
                        source=feed.name or self.source, sleep=self._sleep)
                    self._add(batch)
                    self.flush()
                self._report(FollowState(LIVE))  # a gateway knows `simulated` by now
                attempt = 0
                updates = feed.updates(codes)
                try:
                    async for batch in updates:
                        self._add(batch)
                        if self.state.state != LIVE:
                            self._report(FollowState(LIVE))
                finally:
                    close = getattr(updates, "aclose", None)
                    if close is not None:
                        await close()
                raise source_failed(f"{feed.name or self.source}: the feed ended")
            except asyncio.CancelledError:
                raise
            except self._fatal as exc:
                self._report(FollowState(ERROR, error_message(exc), exc))
                return
            except Exception as exc:
                attempt += 1
                delay = self._backoff(attempt)
                message = error_message(exc)
                # The log's formatter blanks secrets in every line.
                log.warning("feed %s failed (attempt %d): %s", self.source, attempt, message)
                self._report(FollowState(RECONNECTING, message, exc, delay,
                                         self._clock() + delay, attempt))
                await self._sleep(delay)
                snapshot_codes = codes  # whatever was missed: start the day over

    def _add(self, batch: Batch) -> None:
        now = self._clock()
        self._pending.add(batch)
        self.rate.add(now, len(batch.records))
        # Every hook sees every batch (an alert pipeline evaluates it): no short cut.
        urgent = [hook(batch) for hook in self._urgent]
        trades = len(batch.trades) > 0
        due = self._last_apply + (min(self._min_interval, TRADE_GAP_S) if trades
                                  else self._min_interval)
        if self._min_interval <= 0 or any(urgent) or (trades and due <= now):
            self.flush()
        elif self._flusher is None or due < self._flush_due:
            if self._flusher is not None:  # trades came: sooner than the tick
                self._flusher.cancel()
            self._flush_due = due
            self._flusher = asyncio.create_task(self._flush_after(max(0.0, due - now)))

    async def _flush_after(self, delay: float) -> None:
        await self._sleep(delay)
        self._flusher = None
        self._apply_pending()

    def _apply_pending(self) -> None:
        if not self._pending:
            return
        batch, restart = self._pending.take()
        now = self._clock()
        self._last_apply = now
        self.applies += 1
        self.apply_times.append(now)
        self.store.apply(batch, now, self._epoch(), restart)

    # --- states ----------------------------------------------------------------------------

    def _report(self, state: FollowState) -> None:
        feed = self.feed
        name = redact_source((feed.name if feed is not None else "") or self.source)
        simulated = bool(feed.simulated) if feed is not None else False
        self.state = state = FollowState(
            state.state, state.error, state.exc, state.retry_in, state.retry_at,
            state.attempt, state.by_feed, state.no_codes, name, simulated, origin_of(feed))
        for listener in list(self._state_listeners):
            try:
                listener(state)
            except Exception:
                log.exception("a listener of the follower's state failed")

    def _feed_state(self, state: object) -> None:
        """A feed's own connection state (it reconnects inside `updates`)."""
        name = str(getattr(state, "state", state))
        retry_in = getattr(state, "retry_in", None)
        retry_at = (self._clock() + retry_in
                    if name == RECONNECTING and retry_in is not None else None)
        self._report(FollowState(name, getattr(state, "error", None) or "", None, retry_in,
                                 retry_at, getattr(state, "attempt", 0), by_feed=True))

    def _spawn_close(self) -> None:
        task = asyncio.create_task(self._close_old(), name="flowdeck-close-feed")
        self._closers.add(task)
        task.add_done_callback(self._closers.discard)

    async def _close_old(self) -> None:
        feeds, self._old_feeds = self._old_feeds, []
        for feed in feeds:
            try:
                await feed.aclose()
            except Exception as exc:  # closing a broken feed: nothing left to do
                log.info("closing %s: %s", feed.name, exc)
