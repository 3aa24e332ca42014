"""Deliveries: alerts to the channels beyond the tray (webhooks, chat bots, e-mail),
through the durable outbox, at least once. A Notifier (live/alerts.py), added after
the tray's.

- `notify` (and `put`) only write the outbox, one transaction per batch, and wake the
  channels' senders: the tray and the other notifiers never wait on a network.
- One asyncio task per channel sends what is due, oldest first, within the channel's
  rate (delivery_rate.SendRate: per_min in any minute). When more are due than the
  rate lets go now, ONE message summarises them (Channel.send with several; the
  channel writes "12 alerts: ..."); each firing is in the alert log already.
- A failure is retried after the Backoff below (jitter from `rand`), never sooner than
  the provider's Retry-After; meanwhile the channel holds, so a broken receiver is
  not hammered. A permanent error (bad signature, revoked token) gives the message up
  and marks it "undelivered" in the alert log; so does its age passing `expire_s`.
- A failing channel delays no other: each has its own task, rate and hold.
- `start()` resumes what the outbox holds (a restart loses nothing fired).
- Error texts are the channels' ChannelError texts (secrets already removed by the
  channel); an unexpected exception is named by its type only, since its text may
  quote a URL with its key.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence

from ..channels.base import Channel, ChannelError, Sent
from ..core.alert_payload import alert_payload
from ..core.alerts import Alert
from ..core.backoff import Backoff
from ..core.channel_spec import ChannelSpec
from ..storage.alert_log import AlertLog
from ..storage.atomic import StorageError
from ..storage.outbox import Outbox, OutboxRow
from .delivery_held import HeldFirings
from .delivery_marks import EXPIRED, FAILED, trial_payload, undelivered_entry
from .delivery_rate import SendRate, resumed_rate
from .delivery_state import ChannelHealth, ChannelState, Draw, error_text

log = logging.getLogger("flowdeck.delivery")
EXPIRE_S = 6 * 3600.0
RETRY = Backoff(first=5.0, factor=2.0, cap=600.0, jitter=0.5)
SUMMARY_MAX = 50       # firings in one summary message (a provider caps its size)
SWEEP_S = 60.0         # expiry of idle channels' rows, firings the disk held back
SEND_TIMEOUT_S = 120.0  # a channel has its own timeout; this one is the last guard


class Deliveries:
    def __init__(self, outbox: Outbox, channels: Mapping[str, Channel] | None = None,
                 specs: Mapping[str, ChannelSpec] | None = None, *,
                 alert_log: AlertLog | None = None, clock: Callable[[], float] = time.time,
                 sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
                 rand: Callable[[], float] = random.random, expire_s: float = EXPIRE_S,
                 units: str = "kmb", lang: str = "en",
                 names: Callable[[str], str] | None = None) -> None:
        self.outbox, self.alert_log = outbox, alert_log
        self.expire_s, self.units, self.lang = expire_s, units, lang
        self.retry = RETRY
        self._clock, self._sleep, self._draw = clock, sleep, Draw(rand)
        self.names = names or (lambda code: "")  # a code's name in `lang`
        self._specs: dict[str, ChannelSpec] = {}
        self._channels: dict[str, Channel] = {}
        self._rates: dict[str, SendRate] = {}
        self._health: dict[str, ChannelHealth] = {}
        self._tasks: dict[str, asyncio.Task] = {}
        self._wakes: dict[str, asyncio.Event] = {}
        self._closing: set[asyncio.Task] = set()
        self._sweeper: asyncio.Task | None = None
        self._warned: set[str] = set()
        self._listeners: list[Callable[[ChannelState], None]] = []
        self._mark_listeners: list[Callable[[list[dict]], None]] = []
        self.held = HeldFirings(outbox, self._wake)
        self._started = False
        self.closed = False
        self.set_channels(specs or {}, channels or {})

    # --- what goes out -------------------------------------------------------------------

    def notify(self, alerts: Sequence[Alert]) -> None:
        """Each alert to the channels its rule names (Rule.channels); names that are not
        configured, enabled and built are skipped with a log line (once a name)."""
        groups: dict[tuple[str, ...], list[dict]] = {}
        for alert in alerts:
            names = self._routes(alert.rule.channels)
            if names:
                groups.setdefault(names, []).append(
                    alert_payload(alert, self.units, self.lang, self.names(alert.code)))
        for names, payloads in groups.items():
            self.put(payloads, names)

    def put(self, payloads: Sequence[dict], channels: Sequence[str]) -> None:
        """Write `payloads` for `channels` to the outbox (durable when this returns) and
        wake those channels. When the disk refuses, they wait in memory and are
        written first at the next put or sweep (logged). After close(), nothing is
        written (a late timer at quit): a log line says what was left out."""
        if self.closed:
            log.warning("%d firing(s) put after the deliveries closed are not sent",
                        len(payloads))
            return
        names = tuple(dict.fromkeys(channels))
        if payloads and names:
            self.held.add(payloads, names)
        self.held.write()

    def _routes(self, names: Sequence[str]) -> tuple[str, ...]:
        out = []
        for name in names:
            if self._active(name):
                out.append(name)
            elif name not in self._warned:
                self._warned.add(name)
                log.info("alerts for channel %r skipped: it is not configured, enabled "
                         "or usable", name)
        return tuple(out)

    def _active(self, name: str) -> bool:
        spec = self._specs.get(name)
        return spec is not None and spec.enabled and name in self._channels

    @property
    def outbox_error(self) -> str | None:
        """Why the outbox refuses firings (they wait in memory); None: it takes them."""
        return self.held.error

    def add_outbox_listener(self, cb: Callable[[str | None], None]) -> None:
        """Told outbox_error when it changes."""
        self.held.add_listener(cb)

    def _wake(self, name: str) -> None:
        event = self._wakes.get(name)
        if event is not None:
            event.set()

    async def send_test(self, name: str) -> Sent:
        """A test message to `name` now, not through the outbox nor its rate; raises
        ChannelError (with the provider's answer)."""
        channel = self._channels.get(name)
        if channel is None:
            raise ChannelError(f"no channel named {name!r} is configured", permanent=True)
        return await channel.send([trial_payload(self._clock(), self.units, self.lang)])

    # --- channels ------------------------------------------------------------------------

    def set_channels(self, specs: Mapping[str, ChannelSpec],
                     channels: Mapping[str, Channel]) -> None:
        """The channels as the settings say now (the window calls it after Settings >
        Channels is saved). A channel whose object or spec changed gets a new sender;
        its rate keeps what it spent unless per_min changed; a replaced channel object
        is closed, and what waited for its retry goes at once (the user fixed it)."""
        old_specs, old_channels = self._specs, self._channels
        self._specs, self._channels = dict(specs), dict(channels)
        for name, channel in old_channels.items():
            if self._channels.get(name) is not channel:
                self._close_later(channel)
                if name in self._channels:  # edited: what waits for a retry goes now
                    self._retry_now(name)
        for name in list(self._tasks):
            if (not self._active(name) or old_channels.get(name) is not self._channels[name]
                    or old_specs.get(name) != self._specs[name]):
                self._tasks.pop(name).cancel()
        for name in list(self._health):
            if name not in self._specs:
                del self._health[name]
        for name, spec in self._specs.items():
            rate = self._rates.get(name)
            if rate is None or rate.per_min != spec.per_min:
                self._rates[name] = resumed_rate(self.outbox, name, spec.per_min,
                                                 self._clock())
            self._health.setdefault(name, ChannelHealth())
        self._warned.clear()
        if self._started:
            self._start_senders()

    def _retry_now(self, name: str) -> None:
        if name in self._health:
            self._health[name].hold_until = 0.0
        try:
            self.outbox.due_now(name, self._clock())
        except StorageError as exc:
            log.warning("channel %s: %s", name, exc)

    def _close_later(self, channel: Channel) -> None:
        try:
            task = asyncio.get_running_loop().create_task(channel.close())
        except RuntimeError:  # no loop (a script): nothing to close it with
            return
        self._closing.add(task)
        task.add_done_callback(self._closing.discard)

    def start(self) -> None:
        """Inside the running loop: a sender for each channel, which first sends what
        the outbox kept from before (a restart resumes)."""
        self._started = True
        self._start_senders()
        if self._sweeper is None:
            self._sweeper = asyncio.get_running_loop().create_task(
                self._sweep(), name="flowdeck-delivery-sweep")

    def _start_senders(self) -> None:
        loop = asyncio.get_running_loop()
        for name in self._specs:
            if self._active(name) and name not in self._tasks:
                self._wakes[name] = asyncio.Event()
                self._tasks[name] = loop.create_task(self._run(name),
                                                     name=f"flowdeck-delivery-{name}")

    async def close(self) -> None:
        """Stop sending (what is pending stays in the outbox for the next start), close
        the channels and the outbox."""
        if self.closed:
            return
        tasks = [*self._tasks.values(), *([self._sweeper] if self._sweeper else [])]
        self._tasks.clear()
        self._sweeper, self._started = None, False
        for task in tasks:
            task.cancel()
        for channel in self._channels.values():
            self._close_later(channel)
        if tasks or self._closing:
            await asyncio.wait([*tasks, *self._closing])
        self.held.write()  # a last chance for what the disk refused
        if self.held.count:
            log.warning("%d firing(s) the outbox refused are lost at close", self.held.count)
        self.closed = True
        self.outbox.close()

    # --- state ---------------------------------------------------------------------------

    def state(self, name: str) -> ChannelState:
        health = self._health.get(name) or ChannelHealth()
        try:
            pending = self.outbox.pending(name)
        except StorageError:
            pending = -1
        return ChannelState(name, health.failing_since is None, health.failing_since,
                            health.last_error, pending, health.last_sent)

    def states(self) -> list[ChannelState]:
        return [self.state(name) for name in self._specs]

    def add_state_listener(self, cb: Callable[[ChannelState], None]) -> None:
        """Told when a channel starts or stops failing, and of each new error text."""
        self._listeners.append(cb)

    def add_mark_listener(self, cb: Callable[[list[dict]], None]) -> None:
        """Told the alert log entries written for firings given up (the log dock)."""
        self._mark_listeners.append(cb)

    # --- the senders ---------------------------------------------------------------------

    async def _run(self, name: str) -> None:
        while True:
            try:
                delay = await self._step(name)
            except StorageError as exc:
                log.warning("channel %s: %s", name, exc)
                delay = SWEEP_S
            except Exception:  # a bug must not end the channel's deliveries for good
                log.exception("channel %s: delivery step failed", name)
                delay = SWEEP_S
            await self._wait(name, delay)

    async def _wait(self, name: str, delay: float | None) -> None:
        event = self._wakes[name]
        if delay is not None and delay <= 0:
            await asyncio.sleep(0)  # others run between two sends
            return
        if event.is_set():  # a put came while this one was sending
            event.clear()
            return
        # The sender itself awaits the event (cancelling it ends the wait); the timer,
        # on the injected clock, only sets the event.
        timer = None
        if delay is not None:
            timer = asyncio.ensure_future(self._sleep(delay))
            timer.add_done_callback(lambda t: t.cancelled() or event.set())
        try:
            await event.wait()
        finally:
            if timer is not None:
                timer.cancel()
        event.clear()

    async def _step(self, name: str) -> float | None:
        """Send what is due (one message); the seconds until the next step (None: until
        woken)."""
        self._expire()
        now = self._clock()
        health, rate = self._health[name], self._rates[name]
        if health.hold_until > now:
            return health.hold_until - now
        head = self.outbox.head_due(name)  # in order: the oldest waits, all wait
        if head is None or head > now:
            return None if head is None else head - now
        tokens = rate.available(now)
        if tokens == 0:
            return rate.wait(now)
        rows = self.outbox.due(name, now, max(tokens, SUMMARY_MAX) + 1)
        batch = rows[:1] if len(rows) <= tokens else rows[:SUMMARY_MAX]
        rate.spend(now)
        failure: ChannelError | None = None
        try:
            # Not wait_for: on 3.11 it swallows a cancel that meets a finished send, and
            # close() then waited for ever on this task.
            async with asyncio.timeout(SEND_TIMEOUT_S):
                await self._channels[name].send([r.payload for r in batch])
        except ChannelError as exc:
            failure = exc
        except Exception as exc:  # a channel's bug or a timeout: its text may hold a URL
            log.warning("channel %s: %s while sending", name, type(exc).__name__)
            failure = ChannelError(f"unexpected {type(exc).__name__} while sending")
        try:  # after the send, off the path to the receiver
            self.outbox.attempted(name, now)
        except StorageError as exc:  # only a restart within the minute forgets it
            log.warning("channel %s: %s", name, exc)
        if failure is not None:
            return self._failed(name, batch, failure)
        self.outbox.delivered(r.id for r in batch)
        health.last_sent = self._clock()
        if health.failing_since is not None:
            health.failing_since, health.last_error = None, ""
            log.info("channel %s delivers again", name)
            self._tell(name)
        return 0.0

    def _failed(self, name: str, batch: list[OutboxRow], exc: ChannelError) -> float:
        now = self._clock()
        text = error_text(exc)
        ids = [r.id for r in batch]
        if exc.permanent:
            log.warning("channel %s refused %d firing(s) for good: %s", name, len(batch), text)
            self.outbox.give_up(ids)
            self._mark([undelivered_entry(r.payload, name, FAILED, text, now) for r in batch])
            delay = 0.0
        else:
            delay = self.retry.delay(max(r.attempts for r in batch) + 1, self._draw)  # type: ignore[arg-type]
            if exc.retry_after is not None:
                delay = max(delay, float(exc.retry_after))
            log.warning("channel %s: %s; %d firing(s) retried in %.0f s", name, text,
                        len(batch), delay)
            self.outbox.retry(ids, now + delay, text)
            self._health[name].hold_until = now + delay
        health = self._health[name]
        if health.failing_since is None or health.last_error != text:
            if health.failing_since is None:
                health.failing_since = now
            health.last_error = text
            self._tell(name)
        return delay

    def _expire(self) -> None:
        rows = self.outbox.expire(self._clock(), self.expire_s)
        if not rows:
            return
        now = self._clock()
        marks = []
        for row in rows:
            log.warning("channel %s: firing %s (%s) not delivered within %.1f h; given up",
                        row.channel, row.key, row.payload.get("code", ""),
                        self.expire_s / 3600)
            marks.append(undelivered_entry(row.payload, row.channel, EXPIRED,
                                           row.last_error, now))
        self._mark(marks)

    async def _sweep(self) -> None:
        while True:
            try:
                self.held.write()
                self._expire()
            except StorageError as exc:
                log.warning("outbox: %s", exc)
            await self._sleep(SWEEP_S)

    def _mark(self, entries: list[dict]) -> None:
        if self.alert_log is not None and entries:
            try:
                self.alert_log.append(entries)
            except StorageError as exc:  # held by the log, written with its next entry
                log.warning("alert log: %s", exc)
        for cb in list(self._mark_listeners):
            try:
                cb(entries)
            except Exception:
                log.exception("a delivery mark listener failed")

    def _tell(self, name: str) -> None:
        state = self.state(name)
        for cb in list(self._listeners):
            try:
                cb(state)
            except Exception:
                log.exception("a delivery state listener failed")

