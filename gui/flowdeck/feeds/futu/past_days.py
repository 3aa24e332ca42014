"""Futu OpenD's past trading days, for the backfill (core/past_days.py, issue 19).

    past = feed.past_days()                 # beside a live FutuFeed: its connection
    past = FutuPastDays.open(host, port)    # or on its own (then `await past.aclose()`)
    identity = await past.identity()        # "futu:user=<OpenD's logged-in account>"
    await Backfill(past, archive, codes, days=20).run()

- Trading days: `request_trading_days` of the code's market (A shares: OpenD's CN
  calendar for SH and SZ alike), the days before the market's today.
- A code's days: one `get_capital_flow(code, PeriodType.DAY, start, end)` request for
  all its wanted days (OpenD keeps about a year). DAY rows carry the nets per tier only:
  a DayFlow's inflow and outflow stay unknown (None), never 0.
- Its turnover and close: one `request_history_kline(code, K_DAY, start, end)`, under
  the account's K-line quota (`get_history_kl_quota`, asked once per run: a code fetched
  in the last 30 days is free, each other one uses a unit). With the quota used up, or
  the K-lines refused, the days are saved with turnover and close unknown (None): their
  ratios are unknown, never made up. (K-lines go out at most once per capital-flow
  request, far below OpenD's 60 per 30 s for them.) A later backfill asks again for
  such days of the codes `turnover_codes` says the K-line quota allows now (the live
  backfill's RefillsTurnover): their nets come again, the turnover and close with
  them; while the quota is still used up they cost no request.
- Quota: the live refreshes use get_capital_flow's whole quota, so the backfill takes 1
  slot in `share` (5) of it, through the refreshes' own scheduler (core/quota.py's
  QuotaLease: the refreshes and the lease take turns in one paced sequence of slots and
  share the method's sliding window); the refreshes are paced 5/4 as long meanwhile,
  no longer: a slot the backfill is not ready for is lost, not taken late. On its own
  it takes the same share of a scheduler of its own: another FlowDeck on the same
  account keeps the rest, as the live feed does here.
- A code whose days OpenD refuses, or cannot answer (not running, lost, timed out),
  has its code-days settled without a row and the reason in `errors`: the driver's
  progress still reaches its total, and the next run asks for them again.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor

from ...core.codes import Market
from ...core.day_flow import DayFlow
from ...core.errors import FlowDeckError, source_failed
from ...core.markets import local_now, market_of, minute_label, session_minutes
from ...core.past_days import PastDaysPart
from ...core.quota import QuotaLease, QuotaPolicy, RefreshScheduler
from . import day_calls
from .calls import GET_FLOW, Refused, why
from .connection import CallTimeout, FutuConnection
from .sdk import require_sdk
from .url import DEFAULT_TIMEOUT

log = logging.getLogger("flowdeck.feeds.futu.past_days")

SHARE = 5               # the backfill's slots: 1 in this many of get_capital_flow's quota
CALENDAR_SPAN = 365     # days of calendar asked at a time (the SDK's own default span)
MAX_CALENDAR_ASKS = 11  # ten years and a bit: a count past that is a mistake


class FutuPastDays:
    """Futu OpenD as a backfill source (see the module's doc). `errors` holds, per code,
    why its days were not fetched in this object's runs; `no_turnover`, why a code's
    days were saved without turnover."""

    def __init__(self, connection: FutuConnection, scheduler: RefreshScheduler, *,
                 share: int = SHARE, clock: Callable[[], float] = time.monotonic,
                 now: Callable[[], dt.datetime] | None = None,
                 owned: ThreadPoolExecutor | None = None) -> None:
        self.connection = connection
        self.scheduler = scheduler
        self.share = int(share)
        self.errors: dict[str, str] = {}
        self.no_turnover: dict[str, str] = {}
        self.requests = 0               # get_capital_flow(DAY) requests sent
        self._clock = clock
        self._now = now or (lambda: dt.datetime.now(dt.UTC))
        self._owned = owned             # set when open() made the connection

    @classmethod
    def open(cls, host: str, port: int, *, timeout: float = DEFAULT_TIMEOUT,
             policy: QuotaPolicy | None = None, share: int = SHARE,
             now: Callable[[], dt.datetime] | None = None) -> FutuPastDays:
        """A backfill source with a connection of its own (no live feed beside it)."""
        require_sdk()
        pool = ThreadPoolExecutor(4, thread_name_prefix="flowdeck-futu-past")
        connection = FutuConnection(host, port, timeout=float(timeout), executor=pool)
        scheduler = RefreshScheduler((GET_FLOW,), policy or QuotaPolicy())
        return cls(connection, scheduler, share=share, now=now, owned=pool)

    async def aclose(self) -> None:
        """Closes the connection open() made (one borrowed from a feed stays)."""
        if self._owned is not None:
            await self.connection.aclose()
            self._owned.shutdown(wait=False, cancel_futures=True)
            self._owned = None

    async def identity(self) -> str:
        """The archive's key for these days: `futu:user=<id>`."""
        self.connection.start()
        return await self.connection.identity()

    async def turnover_codes(self, codes: Sequence[str]) -> set[str]:
        """Of these codes, those whose day K-lines the account's K-line quota allows
        now: the ones fetched in the last 30 days (free), then as many others as it has
        left, in order. None when OpenD cannot say."""
        try:
            ctx = await self._ready()
            remaining, free = await self.connection.call(day_calls.kline_quota, ctx)
        except Exception as exc:
            log.info("backfill: the K-line quota could not be read (%s): days without "
                     "turnover are not asked for again this time", why(exc))
            return set()
        others = [c for c in codes if c not in free]
        return {c for c in codes if c in free} | set(others[:remaining])

    # --- PastDays --------------------------------------------------------------------------

    async def trading_days(self, market: Market, count: int) -> list[dt.date]:
        """OpenD's last `count` trading days of `market` before its today, ascending;
        1016 when OpenD cannot say."""
        if count <= 0:
            return []
        end = local_now(market, self._now()).date() - dt.timedelta(days=1)
        days: list[dt.date] = []
        for _ in range(MAX_CALENDAR_ASKS):
            start = end - dt.timedelta(days=CALENDAR_SPAN - 1)
            try:
                ctx = await self._ready()
                got = await self.connection.call(day_calls.trading_days, ctx, market,
                                                 start, end)
            except FlowDeckError:
                raise
            except Exception as exc:
                raise source_failed(f"Futu OpenD: request_trading_days({market.value}) "
                                    f"failed: {why(exc)}") from None
            days = got + days
            if len(days) >= count or not got:
                break
            end = start - dt.timedelta(days=1)
        return days[-count:]

    async def past_days(self, wanted: Mapping[str, Sequence[dt.date]]
                        ) -> AsyncIterator[PastDaysPart]:
        """A part per code, in the order asked: its days from one DAY request, with the
        day K-lines' turnover and close where the K-line quota allows."""
        self.connection.start()
        lease = self.scheduler.lend(GET_FLOW, self.share)
        try:
            klines = _KlineBudget(self)
            for code, days in wanted.items():
                days = sorted(set(days))
                if not days:
                    continue
                settled = [(code, d) for d in days]
                try:
                    flows = await self._code_days(code, days, lease, klines)
                except FlowDeckError as exc:
                    flows = self._failed(code, exc.message)
                except Refused as exc:
                    flows = self._failed(code, f"Futu OpenD refused get_capital_flow("
                                               f"{code}, DAY): {exc}")
                except (CallTimeout, ConnectionError) as exc:
                    self.connection.suspect()
                    flows = self._failed(code, f"Futu OpenD: get_capital_flow({code}, "
                                               f"DAY) failed: {why(exc)}")
                yield PastDaysPart(settled, flows)
        finally:
            lease.close()

    # --- one code ---------------------------------------------------------------------------

    async def _code_days(self, code: str, days: list[dt.date], lease: QuotaLease,
                         klines: _KlineBudget) -> list[DayFlow]:
        ctx = await self._ready()
        await self._slot(lease)
        self.requests += 1
        nets = await self.connection.call(day_calls.day_nets, ctx, code, days[0], days[-1])
        self.errors.pop(code, None)
        have = [d for d in days if d in nets]
        turnover_close = await klines.fetch(ctx, code, have[0], have[-1]) if have else {}
        market = market_of(code)
        close_time = f"{minute_label(market, session_minutes(market) - 1)}:59"
        flows = []
        for day in have:
            turnover, close = turnover_close.get(day, (None, None))
            flows.append(DayFlow(code=code, day=day, net=nets[day], turnover=turnover,
                                 close=close, complete=True,
                                 update_time=f"{day} {close_time}"))
        return flows

    async def _slot(self, lease: QuotaLease) -> None:
        """Wait for the lease's next slot, then take it (no await between: the
        refreshes' pump checks the same window), at the time it was found free."""
        while (at := lease.next_at(now := self._clock())) > now:
            await asyncio.sleep(at - now)
        lease.take(now)

    async def _ready(self):
        self.connection.start()
        return await self.connection.ready()

    def _failed(self, code: str, message: str) -> list[DayFlow]:
        self.errors[code] = message
        log.warning("backfill: %s (its days are asked for again next time)", message)
        return []


class _KlineBudget:
    """The K-line quota of one run: asked once, spent a code at a time."""

    def __init__(self, owner: FutuPastDays) -> None:
        self.owner = owner
        self.remaining: int | None = None       # None: not asked yet
        self.free: set[str] = set()

    async def fetch(self, ctx, code: str, start: dt.date, end: dt.date
                    ) -> dict[dt.date, tuple[float | None, float | None]]:
        """The code's K-lines, or {} (turnover unknown) with the reason noted."""
        conn = self.owner.connection
        if self.remaining is None:
            try:
                remaining, free = await conn.call(day_calls.kline_quota, ctx)
            except Exception as exc:
                remaining, free = 0, frozenset()
                self._missing(code, f"the K-line quota could not be read: {why(exc)}")
            self.remaining, self.free = remaining, set(free)
        if code not in self.free and self.remaining <= 0:
            return self._missing(code, "the account's historical K-line quota is used up")
        try:
            got = await conn.call(day_calls.day_klines, ctx, code, start, end)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            if isinstance(exc, (CallTimeout, ConnectionError)):
                conn.suspect()
            return self._missing(code, f"request_history_kline({code}) failed: {why(exc)}")
        if code not in self.free:
            self.free.add(code)
            self.remaining -= 1
        self.owner.no_turnover.pop(code, None)
        return got

    def _missing(self, code: str, why_not: str) -> dict:
        log.info("backfill: %s: turnover unknown (%s)", code, why_not)
        self.owner.no_turnover[code] = why_not
        return {}
