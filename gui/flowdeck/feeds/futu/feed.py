"""The `futu://host:port[?timeout=S&wait=S]` source: Futu OpenD through the futu-api SDK.

One connection (futu/connection.py) and one pump task: the pump asks the quota
scheduler (core/quota.py) which watched code to refresh next and when, and refreshes a
code with one `get_capital_flow(code, INTRADAY)` and one `get_capital_distribution(code)`
in worker threads (futu/records.py turns the answers into our record, detail and the
day's minute points). The results are kept per code; `snapshot()` and any number of
`updates()` iterators read them.

- `snapshot(codes)`: codes refreshed less than `max_age` (75 s) ago are answered from
  what is kept; the others go to the front of the queue, and the answer waits for them
  up to `wait` seconds (default 20). The quota lets about 28 codes through at once and
  then nothing until its window moves on (up to 31 s later): codes it cannot fetch
  before `wait` runs out are answered at once with a 1016 "queued" error, and their data
  comes with the updates (a record clears the error). When OpenD cannot be reached, it
  raises 1016 with the reason.
- `updates(codes)`: a batch whenever one of the codes was refreshed: its record, detail
  and the minute points that are new or changed since this iterator (or the snapshot
  before it) handed that code out; OpenD always sends the whole day, the consumer gets
  the difference, usually the last minute or two. Not a snapshot (`snapshot=False`):
  the alert engine treats snapshot codes as a baseline and would never fire. Only when
  a code's trading day changes does it come in a snapshot batch of its own (the whole
  new day, replacing the old one). A code OpenD refused, or whose request timed out or
  was cut off, comes as `errors[code] = (1016, message)` in a batch of its own; its
  history stays and the others keep updating. A lost connection is re-established with
  backoff; `state` / `on_state` say how it goes.
- `set_priority(codes)`: codes to refresh first and more often (the selected row, rows
  with alert rules). `ages()`: seconds since each watched code was refreshed.
  `stale_after(s)`: when a row is late at the pace the quota allows (base.PolledFeed).
- `identity()`: `futu:user=<id>`, OpenD's logged-in account (the archive's key);
  `past_days()`: the backfill's source beside this feed (futu/past_days.py).
- Names, prices (`Batch.quotes`) and the Market view's scope: futu/market_side.py.
- Pushes (futu/push_side.py): TICKER and QUOTE for the codes updates() follows (not a
  mere snapshot's), within OpenD's quota; big tickers come as `Batch.trades`, quotes
  as `Batch.quotes`, both at once between the polled refreshes.

Options: `timeout` (seconds for connecting and for each request, default 10), `wait`
(how long a snapshot waits for codes it has no data for, default 20).
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import time
from collections import Counter
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ...api.peers import address
from ...api.stream import ConnectionState
from ...core.codes import normalise_code
from ...core.errors import ErrorCode, FlowDeckError, source_failed
from ...core.quota import QuotaPolicy, RefreshScheduler
from ...core.stock_quota import StockQuota
from ..base import Batch, Feed, normalise_codes
from ..waiting import wait_event
from .batches import Kept, KeptError, batch_of, error_batch, update_batch
from .calls import GET_DISTRIBUTION, GET_FLOW, Failure, Refused, fetch_code, queued, why
from .connection import FutuConnection
from .market_side import MarketSide
from .names import FutuNames
from .past_days import SHARE, FutuPastDays
from .push_plan import PushPlan
from .push_side import PushSide
from .rank_table import RankScope, TableMaker
from .records import older
from .sdk import require_sdk
from .stock_side import StockSide
from .url import DEFAULT_TIMEOUT, DEFAULT_WAIT, parse_futu_url

log = logging.getLogger("flowdeck.feeds.futu")

MAX_IN_FLIGHT = 4      # codes refreshed at once (2 worker threads each)


class FutuFeed(MarketSide, Feed):
    """Feed over one OpenD connection; any number of `updates()` iterators share it."""

    def __init__(self, host: str, port: int, *, timeout: float = DEFAULT_TIMEOUT,
                 wait: float = DEFAULT_WAIT, policy: QuotaPolicy | None = None,
                 clock: Callable[[], float] = time.monotonic,
                 names_folder: Path | None = None, stocks: StockQuota | None = None,
                 push_plan: PushPlan | None = None) -> None:
        require_sdk()  # the clear message naming the extra, before anything else
        self.name = f"futu://{address(host, port)}"
        self.host, self.port = host, port
        self.timeout, self.wait = float(timeout), float(wait)
        self.policy = policy or QuotaPolicy()
        self.scheduler = RefreshScheduler((GET_FLOW, GET_DISTRIBUTION), self.policy)
        self.on_state: Callable[[ConnectionState], None] | None = None
        self.on_names: Callable[[], None] | None = None
        self.names = FutuNames(names_folder)
        self.stock_quota = stocks or StockQuota()
        self.stocks: StockSide | None = None      # made with the connection
        self.scope: RankScope | None = None
        self.pushes: PushSide | None = None       # made with the connection
        self._snapshot_quotes: dict[str, int] = {}  # quote seq the last snapshot handed out
        self._table_makers: dict[str, TableMaker] = {}  # per markets key asked for
        self._clock = clock
        self._pool = ThreadPoolExecutor(2 * MAX_IN_FLIGHT + 2,
                                        thread_name_prefix="flowdeck-futu")
        self._conn: FutuConnection | None = None
        self._pump_task: asyncio.Task | None = None
        self._tasks: set[asyncio.Task] = set()
        self._holders: Counter[str] = Counter()   # code -> snapshots/iterators wanting it
        self._followed: Counter[str] = Counter()  # code -> iterators wanting it
        self._data: dict[str, Kept] = {}
        self._errors: dict[str, KeptError] = {}
        self._snapshot_seq: dict[str, int] = {}   # what the last snapshot handed out
        self._snapshot_data: dict[str, Kept] = {}
        self._seq = 0
        self._changed = asyncio.Event()           # replaced after every change
        self._wake = asyncio.Event()              # the pump: something to reconsider
        self._closed = False
        self.refreshes = 0                        # successful refreshes (tests, status)
        self._push_plan, self._conn_state, self._push_mark = push_plan, None, 0

    # --- Feed ------------------------------------------------------------------------------

    @property
    def state(self) -> ConnectionState:
        return self._conn.state if self._conn is not None else ConnectionState("connecting")

    async def snapshot(self, codes: Sequence[str]) -> Batch:
        codes = normalise_codes(codes)
        self._check_open()
        self._start()
        assert self._conn is not None
        await self._conn.ready()
        now = self._clock()
        stale = [c for c in codes if older(self.scheduler.age(c, now), self.policy.max_age)]
        mark, self._push_mark = self._seq, self.pushes.cursor() if self.pushes else 0
        self._hold(codes)
        try:
            self.scheduler.request(stale)
            self._wake.set()
            deadline = now + self.wait
            while True:
                waiting = [c for c in stale if self._last_seq(c) <= mark]
                unpriced = self._unpriced(codes)   # prices: one request per 400 codes
                if (not waiting and not unpriced) or self._closed or \
                        self._clock() >= deadline:
                    break
                # Past the first burst the quota frees up only when the window moves
                # on (up to 31 s): do not keep the caller waiting for nothing.
                flying = set(self.scheduler.in_flight())
                if waiting and not flying.intersection(waiting) and \
                        self.scheduler.window_free(self._clock()) >= deadline:
                    break
                await wait_event(self._changed, deadline - self._clock())
        finally:
            self._release(codes)
        self._check_open()
        batch = batch_of(codes, self._data, self._errors, snapshot=True,
                         with_errors=True)
        for code in codes:
            if code not in batch.records and code not in batch.errors:
                batch.errors[code] = (int(ErrorCode.GET_CAPITAL_FLOW_FAILED),
                                      queued(self.policy))
        for code in codes:
            self._snapshot_seq[code] = self._last_seq(code)
            if code in self._data:
                self._snapshot_data[code] = self._data[code]
        self._hand_out_quotes(batch, codes)
        return batch

    def updates(self, codes: Sequence[str]) -> AsyncIterator[Batch]:
        normalised = normalise_codes(codes)  # bad codes fail here, not at the first batch
        self._check_open()
        return self._updates(normalised)

    async def _updates(self, codes: list[str]) -> AsyncIterator[Batch]:
        self._start()
        # Start where the last snapshot of these codes left off: nothing refreshed in
        # between is lost, and minute points go out as changes to what it handed out.
        cursor = {c: self._snapshot_seq.get(c, 0) for c in codes}
        priced = {c: self._snapshot_quotes.get(c, 0) for c in codes}
        sent = {c: self._snapshot_data[c] for c in codes if c in self._snapshot_data}
        assert self.pushes is not None
        # Trades pushed since the last snapshot began are not lost (the tape drops repeats).
        pushed, wanted = min(self._push_mark, self.pushes.cursor()), set(codes)
        self._followed.update(codes)      # pushes: for codes followed, not snapshots
        self._hold(codes)
        try:
            while not self._closed:
                changed = self._changed
                fresh = [c for c in codes if self._last_seq(c) > cursor[c]]
                repriced = [c for c in codes if self._quote_seq(c) > priced[c]]
                trades, pushed = self.pushes.trades_since(pushed, wanted)
                if not fresh and not repriced and not len(trades):
                    await changed.wait()
                    continue
                if repriced or len(trades):  # pushes: big trades and quotes at once
                    batch = self._quote_batch(repriced, priced)
                    batch.trades = trades
                    yield batch
                for code in fresh:
                    cursor[code] = self._last_seq(code)
                ok = [c for c in fresh if self._has_fresh_data(c)]
                failed = [c for c in fresh if c not in ok]
                # A new trading day replaces a code's history: a snapshot of that code.
                new_day = [c for c in ok if c in sent and sent[c].day != self._data[c].day]
                same_day = [c for c in ok if c not in new_day]
                if same_day:
                    yield update_batch(same_day, self._data, sent)
                if new_day:
                    yield batch_of(new_day, self._data, self._errors, snapshot=True,
                                   with_errors=False)
                for code in ok:
                    sent[code] = self._data[code]
                if failed and not self._closed:
                    yield error_batch(failed, self._errors)
        finally:
            self._followed.subtract(codes)
            self._followed = +self._followed
            self._release(codes)

    async def aclose(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._notify()
        self._wake.set()
        tasks = [t for t in (self._pump_task, *self._tasks) if t is not None]
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        if self._conn is not None:
            await self._conn.aclose()
        # Workers still inside an SDK call return once the context is closed.
        self._pool.shutdown(wait=False, cancel_futures=True)

    # --- priority and freshness -----------------------------------------------------------

    def set_priority(self, codes: Sequence[str]) -> None:
        """Refresh these first and more often (the selected row, rows with alert rules);
        replaces the previous priority codes. Unknown or malformed codes are ignored."""
        keep = []
        for code in codes:
            with contextlib.suppress(FlowDeckError):
                keep.append(normalise_code(code))
        if list(dict.fromkeys(keep)) != self.scheduler.priority:  # asked every second
            self.scheduler.set_priority(keep)
            self._rewatch()

    def ages(self) -> dict[str, float | None]:
        """Seconds since each followed code was last refreshed (None: not yet); the rank
        scope's are market_table's `ages` (the status bar speaks of the rows)."""
        return {c: self.scheduler.age(c, self._clock()) for c in self._holders}

    def stale_after(self, shown_s: float) -> float:
        """A row is refreshed once a round (longer while a backfill borrows slots): late
        after 1.5 rounds, if that is longer."""
        round_s = self.scheduler.round_seconds(len(self.scheduler.watched))
        return max(float(shown_s), 1.5 * round_s)

    # --- the archive's side: who is logged in, and past days ---------------------------------

    async def identity(self) -> str:
        """`futu:user=<id>`, the account OpenD is logged in with (the archive's key for
        this source's days); 1016 when OpenD cannot be reached."""
        self._check_open()
        self._start()
        assert self._conn is not None
        return await self._conn.identity()

    def past_days(self, share: int = SHARE) -> FutuPastDays:
        """A backfill source beside this feed: its connection, and 1 slot in `share` of
        get_capital_flow's quota through its scheduler while a backfill runs (the
        refreshes slow by that much meanwhile)."""
        self._check_open()
        self._start()
        assert self._conn is not None
        return FutuPastDays(self._conn, self.scheduler, share=share, clock=self._clock)

    # --- the pump ---------------------------------------------------------------------------

    def _start(self) -> None:
        if self._conn is None:
            self._conn = FutuConnection(self.host, self.port, timeout=self.timeout,
                                        executor=self._pool, on_state=self._state_changed)
        self._conn.start()
        if self._pump_task is None:
            loop = asyncio.get_running_loop()
            self._pump_task = loop.create_task(self._pump(), name="flowdeck-futu-pump")
            self.stocks = StockSide(self._conn, self.names, self.stock_quota, self._clock,
                                    self._names_came, self._notify, self._rewatch)
            self._tasks.add(loop.create_task(self.stocks.run(), name="flowdeck-futu-stocks"))
            self.pushes = PushSide(self._conn, self._clock, self._notify, self._quotes_pushed,
                                   self._tell_state, self._push_plan)
            self.pushes.thresholds = self._trade_thresholds
            self._tasks.add(loop.create_task(self.pushes.run(), name="flowdeck-futu-pushes"))
            self._rewatch()

    async def _pump(self) -> None:
        assert self._conn is not None
        while not self._closed:
            await self._conn.wait_live()
            self._wake.clear()
            now = self._clock()
            if len(self.scheduler.in_flight()) >= MAX_IN_FLIGHT:
                await self._wake.wait()  # a refresh ends
                continue
            pick = self.scheduler.due(now)
            if pick is None or pick.at > now:
                wake_at = pick.at if pick is not None else self.scheduler.next_retry(now)
                await wait_event(self._wake, None if wake_at is None else wake_at - now)
                continue
            self.scheduler.start(pick, now)
            task = asyncio.get_running_loop().create_task(self._refresh(pick.code),
                                                          name="flowdeck-futu-refresh")
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _refresh(self, code: str) -> None:
        assert self._conn is not None
        try:
            record, detail, points = await fetch_code(self._conn, code)
        except asyncio.CancelledError:
            self.scheduler.requeue(code)
            raise
        except Refused as exc:
            self._failed(code, str(exc), refused=True)
        except Exception as exc:
            self._failed(code, str(exc) if isinstance(exc, Failure) else
                         f"Futu OpenD: {code}: {why(exc)}", refused=False)
        else:
            self.scheduler.finish(code, self._clock(), ok=True)
            self._seq += 1
            self._data[code] = Kept(self._seq, record, detail, points,
                                     record.update_time[:10])
            self.refreshes += 1
            if self.pushes is not None:
                self.pushes.polled(code, record.update_time)
        self._notify()
        self._wake.set()

    def _failed(self, code: str, message: str, refused: bool) -> None:
        self.scheduler.finish(code, self._clock(), ok=False, refused=refused)
        self._seq += 1
        self._errors[code] = KeptError(self._seq, message)
        log.info("%s", message)

    def _last_seq(self, code: str) -> int:
        data, error = self._data.get(code), self._errors.get(code)
        return max(data.seq if data else 0, error.seq if error else 0)

    def _has_fresh_data(self, code: str) -> bool:
        data, error = self._data.get(code), self._errors.get(code)
        return data is not None and (error is None or data.seq > error.seq)

    def _hold(self, codes: Sequence[str]) -> None:
        self._holders.update(codes)
        self._rewatch()

    def _release(self, codes: Sequence[str]) -> None:
        self._holders.subtract(codes)
        self._holders = +self._holders   # drops codes nobody holds
        self._rewatch()

    def _rewatch(self) -> None:
        """The codes refreshed: those followed first, then the rank scope's."""
        every = list(dict.fromkeys([*self._holders, *self._rank_codes()]))
        self.scheduler.watch(every)
        if self.stocks is not None:
            self.stocks.set_codes(every)
        if self.pushes is not None:  # the followed codes, the priority ones first
            held = self._followed
            self.pushes.set_codes([*(c for c in self.scheduler.priority if c in held), *held])
        self._wake.set()

    def _notify(self) -> None:
        changed, self._changed = self._changed, asyncio.Event()
        changed.set()

    def _state_changed(self, state: ConnectionState) -> None:
        """The connection's state, with what the pushes say while it is live."""
        self._conn_state = state
        note = self.pushes.note() if self.pushes is not None else ""
        if note and state.state == "live" and not state.error:
            state = dataclasses.replace(state, error=note)
        if self.on_state is not None:
            self.on_state(state)


    def _check_open(self) -> None:
        if self._closed:
            raise source_failed(f"{self.name}: the feed is closed")


def open_futu_feed(url: str, options: Mapping[str, str]) -> FutuFeed:
    """The registry's factory for `futu://host:port[?timeout=S&wait=S]`."""
    return FutuFeed(**parse_futu_url(url, options))
