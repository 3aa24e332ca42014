"""The `eastmoney://` source: East Money's public capital-flow quotes for the watched
Shanghai and Shenzhen codes, no account.

One pump task sends one request at a time, each through the source's one budget
(budget.py, default 1 a second); plan.py picks which: the field rounds of `ulist.np/get`
(100 codes a request; fields.py), the day's minute series of `fflow/kline/get` (one code
a request; minutes.py), the selected and rule-named codes (`set_priority`) first.

- `snapshot(codes)`: what is kept; codes not named by an answer yet go first, and the
  answer waits for them up to `wait` seconds (default 10), but not through a refusal's
  backoff. HK and US codes get a 1016 saying they need futu://; a code East Money
  publishes "-" for gets a 1016 "suspended / no data today" (shown "—").
- `updates(codes)`: a batch whenever a code's row changed: its record, price, new
  minute points, errors; a new trading day comes as a snapshot batch of that code.
- A refused, empty or HTML answer (client.Refused) backs the whole source off; `on_state`
  says "East Money refused the request (too frequent?) — retrying at HH:MM" and the rows
  keep their last values, growing stale by their `ages()`.
- A changed answer (client.ShapeError) is a 1016 for the codes it affects, naming the
  field; the answer is kept in the folder `keep_reports_in` names (a bug report's).

- The Market view's whole market (`market_table`) and the backfill beside the feed
  (`identity`, `past_days`) go through the same client and budget: market_side.py.

Options (url.py): `rate` (requests a second, default 1), `timeout`, `wait`, `tls`.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import time
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from pathlib import Path

from ...api.stream import ConnectionState
from ...core.codes import Market, normalise_code
from ...core.errors import FlowDeckError, source_failed
from ...core.markets import MarketState, local_now, market_state
from ..base import Batch, Feed, normalise_codes
from .budget import NORMAL, PRIORITY, URGENT, RequestBudget
from .client import AnswerLog, EastMoneyClient, Refused, ShapeError, Transport
from .fields import ULIST_PATH, changed, parse_ulist, ulist_params
from .market_side import MarketSide
from .minutes import FFLOW_PATH, minutes_params, parse_minutes
from .names import EastMoneyNames
from .plan import Job, Plan, quote_period
from .rows import Row, changes_batch, covered, not_covered, whole_batch
from .url import EastMoneyTarget, parse_eastmoney_url

log = logging.getLogger("flowdeck.feeds.eastmoney")
REFUSED = "East Money refused the request (too frequent?) — retrying at {at}"


class EastMoneyFeed(MarketSide, Feed):
    simulated = False

    def __init__(self, target: EastMoneyTarget, *, name: str = "eastmoney://",
                 clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
                 wall: Callable[[], float] = time.time,
                 trading: Callable[[], bool] | None = None,
                 transport: Transport | None = None) -> None:
        self.name, self.target = name, target
        self.budget = RequestBudget(target.rate, clock, sleep)
        self.client = EastMoneyClient(target, self.budget, clock=clock, wall=wall,
                                      transport=transport)
        self.names = EastMoneyNames()
        self.on_state: Callable[[ConnectionState], None] | None = None
        self.on_names: Callable[[], None] | None = None
        self.state = ConnectionState("connecting")
        self.refusal: Refused | None = None     # the last one, while it lasts
        self.main_gaps: dict[str, float] = {}   # East Money's f62 - (f66 + f72), yuan
        self._clock, self._sleep, self._wall = clock, sleep, wall
        # The market's states and hours by the injected wall clock (tests: a virtual one).
        self._trading = trading or (lambda: _trading_at(self._now()))
        self._plan = Plan(self.budget.interval)
        self._rows: dict[str, Row] = {}
        self._snapshot_sent: dict[str, Row] = {}   # what the last snapshot handed out
        self._holders: Counter[str] = Counter()
        self._priority: list[str] = []
        self._seq = 0
        self._changed = asyncio.Event()
        self._wake = asyncio.Event()
        self._pump_task: asyncio.Task | None = None
        self._closed = False

    # --- Feed ------------------------------------------------------------------------------

    async def snapshot(self, codes: Sequence[str]) -> Batch:
        codes = normalise_codes(codes)
        self._check_open()
        self._hold(codes)
        try:
            deadline = self._clock() + self.target.wait
            while not self._closed and self._clock() < deadline and self.refusal is None:
                if all(self._named(c) for c in codes if covered(c)):
                    break
                await self._wait(self._changed, deadline - self._clock())
        finally:
            self._release(codes)
        self._check_open()
        batch = whole_batch([c for c in codes if covered(c)], self._rows, snapshot=True,
                            now=self._now())
        for code in codes:
            if not covered(code):
                batch.errors[code] = not_covered(code)
            elif code in self._rows:
                self._snapshot_sent[code] = Row(**{k: getattr(self._rows[code], k)
                                                   for k in Row.__slots__})
            if covered(code) and code not in batch.records and code not in batch.errors:
                # A refusal is why nothing came: say it, not that an answer is on its way.
                batch.errors[code] = (1016, f"{code}: " + (
                    refused_text(self.refusal) if self.refusal is not None else
                    f"waiting for East Money's answer ({self.target.rate:g} requests a second)"))
        return batch

    def updates(self, codes: Sequence[str]) -> AsyncIterator[Batch]:
        normalised = normalise_codes(codes)
        self._check_open()
        return self._updates(normalised)

    async def _updates(self, codes: list[str]) -> AsyncIterator[Batch]:
        outside = [c for c in codes if not covered(c)]
        codes = [c for c in codes if covered(c)]
        self._hold(codes)
        # Start where the last snapshot of these codes left off: nothing is lost, and
        # minute points go out as changes to what it handed out.
        sent = {c: self._snapshot_sent[c] for c in codes if c in self._snapshot_sent}
        cursor = {c: sent[c].seq if c in sent else 0 for c in codes}
        try:
            if outside:
                yield Batch(errors={c: not_covered(c) for c in outside})
            while not self._closed:
                changed_event = self._changed
                fresh = [c for c in codes if c in self._rows and self._rows[c].seq > cursor[c]]
                if not fresh:
                    await changed_event.wait()
                    continue
                for code in fresh:
                    cursor[code] = self._rows[code].seq
                new_day = [c for c in fresh if c in sent and sent[c].day and
                           self._rows[c].day and sent[c].day != self._rows[c].day]
                same_day = [c for c in fresh if c not in new_day]
                if same_day:
                    yield changes_batch(same_day, self._rows, sent, self._now())
                if new_day:
                    changes_batch(new_day, self._rows, sent)   # what was sent, now
                    yield whole_batch(new_day, self._rows, snapshot=True, now=self._now())
        finally:
            self._release(codes)

    async def aclose(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._notify()
        if self._pump_task is not None:
            self._pump_task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._pump_task
        await self._close_market()
        await self.client.aclose()
        self._set_state(ConnectionState("closed"))

    # --- PolledFeed, HasUniverse, KeepsFiles -------------------------------------------------

    def set_priority(self, codes: Sequence[str]) -> None:
        keep = []
        for code in codes:
            with contextlib.suppress(FlowDeckError):
                keep.append(normalise_code(code))
        keep = [c for c in dict.fromkeys(keep) if covered(c)]
        if keep != self._priority:
            self._priority = keep
            self._wake.set()

    def ages(self) -> dict[str, float | None]:
        now = self._clock()
        return {c: None if (r := self._rows.get(c)) is None or r.quoted_at is None
                else now - r.quoted_at for c in self._holders}

    def stale_after(self, shown_s: float) -> float:
        """A row's fields come once a round: late after 1.5 rounds, if that is longer."""
        return max(float(shown_s), 1.5 * quote_period(len(self._holders),
                                                      self.budget.interval))

    def universe(self) -> EastMoneyNames:
        return self.names

    def keep_reports_in(self, folder: Path) -> None:
        """Answers of an unexpected shape go to `folder`/eastmoney-answers (the front
        end's state folder)."""
        self.client.answers = AnswerLog(Path(folder) / "eastmoney-answers")

    # --- the pump ---------------------------------------------------------------------------

    async def _pump(self) -> None:
        while not self._closed:
            self._wake.clear()
            now = self._clock()
            trading = self._trading()
            watched = list(self._holders)
            job = self._plan.next(now, watched, self._priority, self._rows, trading)
            if job is None or not isinstance(job, Job):
                await self._wait(self._wake, None if job is None else job - now)
                continue
            try:
                if job.kind == "quotes":
                    await self._quotes(job)
                else:
                    await self._minutes(job.codes[0])
            except Refused as exc:
                self.refusal = exc
                self._set_state(ConnectionState("reconnecting", exc.retry_at - now,
                                                self.client.refusals, refused_text(exc)))
                self._notify()
                continue
            if self.refusal is not None or self.state.state != "live":
                self.refusal = None
                self._set_state(ConnectionState("live"))

    async def _quotes(self, job: Job) -> None:
        priority = URGENT if job.urgent else \
            PRIORITY if any(c in self._priority for c in job.codes) else NORMAL
        await self.budget.take(priority)
        # The codes still shown when the turn comes (a snapshot may have let go of some).
        codes = [c for c in job.codes if c in self._holders]
        if not codes:
            return
        payload = await self.client.get("push2", ULIST_PATH, ulist_params(codes), taken=True)
        now = self._clock()
        try:
            got = parse_ulist(payload, codes)
        except ShapeError as exc:
            self.client.keep(ULIST_PATH, payload)
            for code in codes:   # the last values stay, aging: nothing new came
                self._change(code, error=changed(code, str(exc)))
            return
        if got.shape_errors:
            self.client.keep(ULIST_PATH, payload)
        if got.main_gaps and not self.main_gaps:
            log.warning("East Money's main net (f62) differs from super + large for %s",
                        ", ".join(sorted(got.main_gaps)[:5]))
        self.main_gaps.update(got.main_gaps)
        for code in codes:
            row = self._rows[code]
            quote = got.quotes.get(code, row.quote)
            self._change(code, record=got.records.get(code), error=got.errors.get(code),
                         quote=quote, quote_seq=row.quote_seq + (quote != row.quote),
                         quoted_at=now)
        if self.names.learn(got.names) and self.on_names is not None:
            self.on_names()

    async def _minutes(self, code: str) -> None:
        await self.budget.take(PRIORITY if code in self._priority else NORMAL)
        row = self._rows.get(code)
        if row is None or code not in self._holders:
            return
        payload = await self.client.get("push2", FFLOW_PATH, minutes_params(code), taken=True)
        now = self._clock()
        try:
            day = parse_minutes(payload, code)
        except ShapeError as exc:
            self.client.keep(FFLOW_PATH, payload)
            self._change(code, error=changed(code, str(exc)), minutes_at=now)
            return
        if day is None or code not in self._rows:
            self._rows[code].minutes_at = now if code in self._rows else None
            return
        self._change(code, points=day.points, day=day.day or row.day, minutes_at=now,
                     error=row.error)

    def _change(self, code: str, **values: object) -> None:
        row = self._rows.get(code)
        if row is None:
            return
        for key, value in values.items():
            setattr(row, key, value)
        self._seq += 1
        row.seq = self._seq
        self._notify()

    # --- holding codes, waiting --------------------------------------------------------------

    def _named(self, code: str) -> bool:
        row = self._rows.get(code)
        return row is not None and (row.quoted_at is not None or row.error is not None)

    def _hold(self, codes: Sequence[str]) -> None:
        codes = [c for c in codes if covered(c)]
        self._holders.update(codes)
        for code in codes:
            self._rows.setdefault(code, Row())
        if self._pump_task is None and codes:
            self._pump_task = asyncio.get_running_loop().create_task(
                self._pump(), name="flowdeck-eastmoney-pump")
        self._wake.set()

    def _release(self, codes: Sequence[str]) -> None:
        self._holders.subtract(c for c in codes if covered(c))
        self._holders = +self._holders

    async def _wait(self, event: asyncio.Event, timeout: float | None) -> None:
        """`event` or `timeout` seconds of the injected clock, whichever comes first."""
        if event.is_set():
            return
        waiters = {asyncio.ensure_future(event.wait())}
        if timeout is not None:
            waiters.add(asyncio.ensure_future(self._sleep(max(0.0, timeout))))
        try:
            await asyncio.wait(waiters, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for waiter in waiters:
                waiter.cancel()

    def _notify(self) -> None:
        changed_event, self._changed = self._changed, asyncio.Event()
        changed_event.set()

    def _set_state(self, state: ConnectionState) -> None:
        self.state = state
        if self.on_state is not None:
            self.on_state(state)

    def _now(self) -> dt.datetime:
        return dt.datetime.fromtimestamp(self._wall(), dt.UTC)

    def _check_open(self) -> None:
        if self._closed:
            raise source_failed(f"{self.name}: the feed is closed")


def refused_text(refusal: Refused) -> str:
    """The status text of a refusal, with the wall-clock minute of the next try."""
    return REFUSED.format(at=dt.datetime.fromtimestamp(refusal.retry_wall).strftime("%H:%M"))


def _trading_at(now: dt.datetime) -> bool:
    """Shanghai and Shenzhen keep the same hours: outside them nothing moves."""
    return market_state(Market.SH, local_now(Market.SH, now)) != MarketState.CLOSED


def open_eastmoney_feed(url: str, options: Mapping[str, str]) -> EastMoneyFeed:
    """The registry's factory for `eastmoney://[HOST:PORT][?rate=R&...]`."""
    target = parse_eastmoney_url(url, options)
    return EastMoneyFeed(target, name=url.strip())
