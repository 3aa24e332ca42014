"""The hub: owns the feed, follows the union of every code anyone asked for with ONE
`feed.updates(union)` iterator, keeps the latest state of each (state.py), answers HTTP
requests from memory (answers.py) and fans batches out to WebSocket subscribers.

New codes first get `feed.snapshot(new)`, in pieces asked for at once (a request waits for
its own codes' pieces; concurrent requests for the same new codes share them); then the
update iterator restarts with the new union, at most once every `min_restart_s` so that a
stream of new codes cannot starve the updates. When the feed raises, the state turns
"error", requests answer 1016, and it is retried under the one Backoff; a snapshot has the
Follower's timeout (live/follow.snapshot_within). No Follower: the union of codes changes
with many clients, admission and idle dropping."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable, Sequence

from ..core.backoff import Backoff, Retries
from ..core.errors import ErrorCode, FlowDeckError, source_failed
from ..feeds.base import Batch, Feed, universe_of
from ..feeds.origin import origin_of
from ..live.follow import error_message, snapshot_within
from . import answers
from .addresses import redact_source
from .admission import NewCodeBudget
from .answers import NO_DATA
from .fanout import Subscribers
from .logs import log_event
from .snapshots import Message, SnapshotCache, build_snapshot
from .state import STEP_CODES, CodeChange, FlowState
from .subscription import Subscription

log = logging.getLogger("flowdeck.server.hub")
HUB_BACKOFF = Backoff(first=0.25, factor=2.0, cap=8.0, jitter=0.0)  # 0.25 s doubling to 8 s
SNAPSHOT_LATE = "source {source} did not answer within {timeout:g} s"
SNAPSHOT_PIECE = 50   # new codes a feed.snapshot call: the sim takes ~3 ms a new code
Failed = dict[str, tuple[int, str]]  # codes whose snapshot failed, and why


class Hub:
    def __init__(self, feed: Feed, *, snapshot_timeout: float = 30.0,
                 max_codes: int = 10_000, idle_after_s: float = 900.0, min_restart_s: float = 1.0,
                 backoff: Backoff | tuple[float, float] = HUB_BACKOFF,
                 clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
                 budget: NewCodeBudget | None = None) -> None:
        self.feed = feed
        self.source = redact_source(getattr(feed, "name", "") or type(feed).__name__)
        self.state = FlowState()
        self.status = "connecting"
        self.last_error = ""
        self.snapshot_timeout = snapshot_timeout
        self.max_codes = max_codes
        self.idle_after_s = idle_after_s
        self.min_restart_s = min_restart_s
        self.backoff = backoff if isinstance(backoff, Backoff) else Backoff(
            first=backoff[0], factor=2.0, cap=backoff[1], jitter=0.0)  # (first, cap)
        self._clock = clock
        self._sleep = sleep
        self.started = clock()
        self.subs = Subscribers(self.state.tape)
        self.budget = budget or NewCodeBudget(clock=clock)
        self._inflight: dict[str, asyncio.Task] = {}
        self._adding = asyncio.Lock()   # snapshot pieces are taken in one at a time
        self._last_used: dict[str, float] = {}
        self._changed = asyncio.Event()
        self._tasks: list[asyncio.Task] = []
        self.batches = 0     # update batches taken in
        self.restarts = 0    # update iterators started
        self.version = 0     # bumped whenever the state may have changed
        self.snapshots = SnapshotCache(lambda: self.version)

    # --- lifecycle -------------------------------------------------------------------

    def start(self) -> None:
        self._tasks = [asyncio.create_task(self._pump(), name="hub-pump"),
                       asyncio.create_task(self._maintain(), name="hub-maintain")]

    async def close(self) -> None:
        for task in [*self._tasks, *self._inflight.values()]:
            task.cancel()
        for task in [*self._tasks, *self._inflight.values()]:
            with contextlib.suppress(BaseException):
                await task
        self._tasks = []
        with contextlib.suppress(Exception):
            await self.feed.aclose()

    # --- requests --------------------------------------------------------------------

    async def ensure(self, codes: Sequence[str], client: str = "") -> Failed:
        """Follow `codes`, snapshotting the new ones; the codes whose snapshot failed,
        with their error. A request for known codes does not touch the feed. New codes
        beyond `client`'s budget (admission.py) or the gateway's cap fail (1016) by
        themselves; nothing already followed is given up for them."""
        now = self._clock()
        known = self.state.codes
        last_used = self._last_used
        missing = []
        for code in codes:
            if code in known:
                last_used[code] = now
            else:
                missing.append(code)
        if not missing:
            return {}
        fresh = [c for c in missing if c not in self._inflight]
        refused = self._admit(fresh, client) if fresh else {}
        if refused:
            fresh = [c for c in fresh if c not in refused]
            missing = [c for c in missing if c not in refused]
        pieces = [fresh[at:at + SNAPSHOT_PIECE] for at in range(0, len(fresh), SNAPSHOT_PIECE)]
        request = [len(pieces), 0]   # its pieces still out, and taken in
        for piece in pieces:   # all asked for at once
            task = asyncio.create_task(self._snapshot(piece, request), name="hub-snapshot")
            self._inflight.update(dict.fromkeys(piece, task))
        for c in missing:
            last_used[c] = now
        waits = {c: self._inflight[c] for c in missing}
        tasks = list(dict.fromkeys(waits.values()))
        results = await asyncio.gather(*(asyncio.shield(t) for t in tasks),
                                       return_exceptions=True)
        failures = {t: r for t, r in zip(tasks, results, strict=True)
                    if isinstance(r, BaseException)}
        refused.update((c, _as_error(failures[t])) for c, t in waits.items()
                       if t in failures)
        return refused

    def _admit(self, fresh: list[str], client: str) -> dict[str, tuple[int, str]]:
        """The new codes that may not be added now, with why (admission.py)."""
        room = self.max_codes - len(self.state.codes) - len(self._inflight)
        return self.budget.admit(client, fresh, room, (
            f"the gateway follows at most {self.max_codes} codes and is full; codes "
            f"nobody asked for in {self.idle_after_s:g} s make room"))

    def _check_live(self) -> None:
        if self.status == "error":
            raise source_failed(f"source {self.source} failed: {self.last_error}")

    def flow_body(self, codes: Sequence[str], failed: Failed | None = None) -> bytes:
        """The /v1/capital_flow answer for codes already followed, from memory."""
        self._check_live()
        return answers.flow_body(self.state, codes, failed, origin_of(self.feed))

    def detail_body(self, codes: Sequence[str], failed: Failed | None = None) -> bytes:
        self._check_live()
        return answers.detail_body(self.state, codes, failed, origin_of(self.feed))

    def quote_body(self, codes: Sequence[str], failed: Failed | None = None) -> bytes:
        self._check_live()
        return answers.quote_body(self.state, codes, universe_of(self.feed), failed,
                                  origin_of(self.feed))

    def health(self) -> dict:
        return {"source": self.source, "state": self.status, "origin": origin_of(self.feed),
                "uptime_s": round(self._clock() - self.started, 3), "codes": len(self.state),
                "subscribers": len(self.subs),
                "simulated": bool(getattr(self.feed, "simulated", False))}

    # --- subscribers -----------------------------------------------------------------

    async def subscribe(self, sub: Subscription, codes: Sequence[str]) -> None:
        """Add `codes` to `sub`, and queue a snapshot message of the newly added ones
        (shared with other subscribers of the same codes, snapshots.py)."""
        new = [c for c in codes if c not in sub.codes]
        failed = await self.ensure(new, sub.name) if new else {}
        # Registered for updates first, then the snapshot is built (yielding to the
        # loop): updates meanwhile wait in `pending` and go out after it.
        new = [c for c in new if c not in sub.codes]   # subscribed meanwhile
        self.subs.add(sub, new)
        registered_at = self.version
        pending = sub.pending
        pending.building += 1
        try:
            if failed:   # rare, and not worth sharing
                message = await self._build_snapshot(new, failed)
            else:
                message = await self.snapshots.get(
                    frozenset(new), registered_at, lambda: self._build_snapshot(new, {}))
            pending.snapshots.append(await self.subs.with_day_trades(sub, new, message))
        finally:
            pending.building -= 1
            sub.wake()

    async def _build_snapshot(self, codes: Sequence[str],
                              failed: dict[str, tuple[int, str]]) -> Message:
        return await build_snapshot(
            codes, lambda code: self._snapshot_change(code, failed.get(code)),
            lambda: self.state.markets_of(codes), origin_of(self.feed))

    def _snapshot_change(self, code: str, failed: tuple[int, str] | None) -> CodeChange:
        return answers.snapshot_change(self.state, code, failed,
                                       self.last_error if self.status == "error" else None)

    def unsubscribe(self, sub: Subscription, codes: Sequence[str]) -> None:
        now = self._clock()
        for code in self.subs.remove(sub, codes):
            self._last_used[code] = now   # idle from now on, unless asked again

    def drop(self, sub: Subscription) -> None:
        now = self._clock()
        for code in self.subs.detach(sub):
            self._last_used[code] = now

    # --- the feed --------------------------------------------------------------------

    async def _snapshot(self, codes: list[str], request: list[int]) -> None:
        try:
            await self._take_in(codes)
            request[1] += 1
        finally:
            # The iterator restarts when the request's last piece is in, not at each.
            request[0] -= 1
            if not request[0] and request[1]:
                self._changed.set()

    async def _take_in(self, codes: list[str]) -> None:
        try:
            batch = await snapshot_within(self.feed, codes, self.snapshot_timeout,
                                          source=self.source, sleep=self._sleep,
                                          late=SNAPSHOT_LATE)
        except BaseException as exc:   # cancelled too: its codes are not in flight
            for c in codes:
                self._inflight.pop(c, None)
            if isinstance(exc, Exception):
                self._failed(exc, "snapshot")
            raise
        try:
            # Taken in steps, the loop turning between them, a piece at a time. A code
            # stays in _inflight (a request for it waits for this task) until its step
            # has put it in the state with its records: no request finds it without them.
            async with self._adding:
                for step, delta in self.state.add_steps(codes, batch):
                    self.version += 1
                    for c in step:
                        self._inflight.pop(c, None)
                        st = self.state.codes[c]
                        if st.record is None and st.error is None:
                            st.error = NO_DATA
                    self._ok()
                    self.subs.fan_out(delta)
                    await asyncio.sleep(0)
        finally:
            for c in codes:
                self._inflight.pop(c, None)
        log_event(log, logging.DEBUG, "snapshot", codes=len(codes), total=len(self.state))

    async def _take(self, batch: Batch) -> None:
        self.batches += 1
        self.version += 1
        # In steps, the loop turning between them (state.apply_steps); a snapshot's
        # batch too (_snapshot, state.add_steps).
        steps = self.state.apply_steps(batch)
        while True:
            try:
                next(steps)
            except StopIteration as done:
                delta = done.value
                break
            await asyncio.sleep(0)
        if len(self.subs):
            # Each code's new points as JSON, in steps too: encoded once here, where the
            # loop can turn, rather than all in the first sender's turn (~25-60 ms).
            for i, ch in enumerate(delta.changes.values(), 1):
                if ch.points is not None:
                    ch.points.json()
                if i % STEP_CODES == 0:
                    await asyncio.sleep(0)
        self._ok()
        self.subs.fan_out(delta)

    def _ok(self) -> None:
        if self.status != "live":
            was_error = self.status == "error"
            self.version += 1
            self.status, self.last_error = "live", ""
            if was_error:
                log_event(log, logging.INFO, "source_live", source=self.source)
                self.subs.tell_all(self.state, None)

    def _failed(self, exc: BaseException, where: str) -> None:
        message = error_message(exc)  # not str(exc): the envelope adds the code's name
        first = self.status != "error"
        self.version += 1
        self.status, self.last_error = "error", message
        log_event(log, logging.WARNING, "source_error", source=self.source, where=where,
                  error=message)
        if first:
            self.subs.tell_all(self.state, (int(ErrorCode.GET_CAPITAL_FLOW_FAILED),
                                            f"source failed: {message}"))

    async def _pump(self) -> None:
        retries = Retries(self.backoff)
        while True:
            self._changed.clear()
            try:
                codes = list(self.state.codes)
                if not codes:
                    await self._changed.wait()
                    continue
                await self._follow(codes)
                retries.reset()
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                self._failed(exc, "updates")
                await self._sleep(retries.failed())

    async def _follow(self, codes: list[str]) -> None:
        """Take batches of `codes` until the union changes (and the iterator has run
        `min_restart_s`); raise when the feed does."""
        self.restarts += 1
        it = self.feed.updates(codes)
        started = self._clock()
        try:
            while True:
                step = asyncio.ensure_future(anext(it))
                try:
                    while not step.done():
                        if self._changed.is_set():
                            left = started + self.min_restart_s - self._clock()
                            if left <= 0:
                                return
                            timer = asyncio.ensure_future(self._sleep(left))
                            await asyncio.wait({step, timer},
                                               return_when=asyncio.FIRST_COMPLETED)
                            timer.cancel()
                        else:
                            changed = asyncio.ensure_future(self._changed.wait())
                            await asyncio.wait({step, changed},
                                               return_when=asyncio.FIRST_COMPLETED)
                            changed.cancel()
                    try:
                        batch = step.result()
                    except StopAsyncIteration:
                        raise source_failed("the source's update stream ended") from None
                finally:
                    if not step.done():
                        step.cancel()
                        await asyncio.wait({step})
                await self._take(batch)
        finally:
            aclose = getattr(it, "aclose", None)
            if aclose is not None:
                with contextlib.suppress(Exception):
                    await aclose()

    async def _maintain(self) -> None:
        """Retry the snapshot of codes subscribed while the feed was failing (with
        backoff), and stop following codes nobody asked for in `idle_after_s`."""
        first = self.backoff.first
        failures = 0  # retries in a row that left codes unfollowed
        retry_at = next_sweep = self._clock()
        while True:
            await self._sleep(min(1.0, first))
            now = self._clock()
            wanted = [c for c in self.subs.codes()
                      if c not in self.state and c not in self._inflight]
            if not wanted:
                failures = 0
            elif now >= retry_at:
                failed = await self._ensure_subscribed(wanted)
                failures = failures + 1 if failed else 0
                # The first wait after a failure is already the doubled one.
                retry_at = self._clock() + self.backoff.delay(failures + 1)
            if now >= next_sweep:
                next_sweep = now + max(1.0, self.idle_after_s / 4)
                self._drop_idle(now - self.idle_after_s)

    async def _ensure_subscribed(self, wanted: list[str]) -> dict[str, tuple[int, str]]:
        """Retry codes subscribed but not followed, each on a budget of a client that
        subscribed to it (codes refused for a client's budget wait for its refill)."""
        by_client: dict[str, list[str]] = {}
        for code in wanted:
            subs = self.subs.by_code.get(code)
            client = min((s.name for s in subs), default="") if subs else ""
            by_client.setdefault(client, []).append(code)
        failed: dict[str, tuple[int, str]] = {}
        for client, codes in by_client.items():
            failed.update(await self.ensure(codes, client))
        return failed

    def _drop_idle(self, cutoff: float) -> None:
        idle = [c for c in self.state.codes if c not in self.subs
                and self._last_used.get(c, 0.0) < cutoff]
        if idle:
            self.state.remove(idle)
            self.version += 1
            for c in idle:
                self._last_used.pop(c, None)
            self._changed.set()
            log_event(log, logging.INFO, "codes_dropped", idle=len(idle), left=len(self.state))


def _as_error(exc: BaseException) -> tuple[int, str]:
    why = exc.message if isinstance(exc, FlowDeckError) else f"{type(exc).__name__}: {exc}"
    return int(ErrorCode.GET_CAPITAL_FLOW_FAILED), why
