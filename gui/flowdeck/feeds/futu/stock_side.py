"""What a FutuFeed asks OpenD beside the flows, in one task over the feed's connection,
each call under its own share of the quota (core/stock_quota.py):

- names: each market's listed stocks once a day (futu/names.py), first from the folder
  when it has today's;
- prices: the last price and previous close of `codes` (the followed codes and the
  Market view's scope) every `quote_interval`, 400 codes a snapshot request; a code's
  quote counts as new only when its last price or previous close moved;
- plates: the stocks of each chosen plate, once a day; a market's plate list when the
  window asks (`plate_list`).

One request at a time, the most visible first: prices, then names, then plates. A call
OpenD refuses (quota, rights) waits the quota's `refused_wait` (30 s) before its next
try, one that got no answer `transport_wait` (5 s; the connection's own checks deal
with the connection); the reason stays in `errors` until the call succeeds.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import math
from collections.abc import Callable, Sequence
from typing import Any

from ...core.codes import Market
from ...core.errors import source_failed
from ...core.stock_info import Quote
from ...core.stock_quota import (
    BASIC_INFO,
    PLATE_LIST,
    PLATE_STOCK,
    SNAPSHOT,
    SNAPSHOT_CODES,
    StockQuota,
)
from ..waiting import wait_event
from . import stock_calls
from .calls import Refused, why
from .connection import FutuConnection
from .names import FutuNames, exchange_day

log = logging.getLogger("flowdeck.feeds.futu.stocks")

DAY_CHECK_S = 60.0


class StockSide:
    """Names, prices and plates for a FutuFeed (see the module's doc)."""

    def __init__(self, connection: FutuConnection, names: FutuNames, quota: StockQuota,
                 clock: Callable[[], float], on_names: Callable[[], None],
                 on_quotes: Callable[[], None], on_members: Callable[[], None]) -> None:
        self.connection = connection
        self.names = names
        self.quota = quota
        self.quotes: dict[str, Quote] = {}
        self.quote_seq: dict[str, int] = {}     # code -> seq of its last new quote
        self.tried: set[str] = set()            # codes a snapshot request answered or refused
        self.members: dict[str, list[str]] = {}  # plate -> its stocks
        self._members_day: dict[str, dt.date] = {}  # the exchange day they are of
        self.plate_lists: dict[Market, list[tuple[str, str]]] = {}
        self.errors: dict[str, str] = {}        # "quotes", "names HK", plate code -> why
        self.requests = 0
        self._codes: list[str] = []
        self._plates: list[str] = []
        self._round: list[list[str]] = []       # snapshot requests left this round
        self._next_round = -math.inf
        self._not_before: dict[str, float] = {}
        self._seq = 0
        self._clock = clock
        self._on_names, self._on_quotes, self._on_members = on_names, on_quotes, on_members
        self._wake = asyncio.Event()
        self._kept_loaded = False

    # --- what the feed asks for --------------------------------------------------------------

    def set_codes(self, codes: Sequence[str]) -> None:
        """The codes whose prices are refreshed; new ones are asked for at once."""
        codes = list(dict.fromkeys(codes))
        if codes == self._codes:
            return
        fresh = [c for c in codes if c not in self.quotes]
        self._codes = codes
        if fresh:
            self._round.extend(_chunks(fresh))
        self._wake.set()

    def set_plates(self, plates: Sequence[str]) -> None:
        self._plates = list(dict.fromkeys(plates))
        self._wake.set()

    async def plate_list(self, market: Market) -> list[tuple[str, str]]:
        """(code, name) of the market's plates (asked once a session per market); 1016
        when OpenD cannot be reached or refuses."""
        if market not in self.plate_lists:
            await self.connection.ready()
            await self._turn(PLATE_LIST)
            try:
                self.plate_lists[market] = await self._call(stock_calls.plate_list, market)
            except Exception as exc:
                raise source_failed(f"Futu OpenD: get_plate_list({market.value}) failed: "
                                    f"{why(exc)}") from None
        return self.plate_lists[market]

    def take_pushed(self, quotes: Sequence[Quote]) -> bool:
        """Quotes OpenD pushed (QUOTE subscriptions) for codes priced here: kept as the
        snapshots' are; whether any moved."""
        moved = False
        for quote in quotes:
            if quote.code not in self._codes:
                continue
            before = self.quotes.get(quote.code)
            self.quotes[quote.code] = quote
            if before is None or not _same_price(before, quote):
                self._seq += 1
                self.quote_seq[quote.code] = self._seq
                moved = True
        return moved

    # --- the task --------------------------------------------------------------------------

    async def run(self) -> None:
        while True:
            await self.connection.wait_live()
            if not self._kept_loaded:
                self._kept_loaded = True
                if self.names.load_kept():
                    self._on_names()
            self._wake.clear()
            now = self._clock()
            at, step = self._next(now)
            if step is None or at > now:
                # At least once a minute: a new day makes names and plates due.
                await wait_event(self._wake, min(DAY_CHECK_S, at - now))
                continue
            try:
                await step()
            except Exception:  # a bug here must not end names and prices for the session
                log.exception("futu stock calls: a step failed")
                await asyncio.sleep(self.quota.transport_wait)

    def _next(self, now: float) -> tuple[float, Callable[[], Any] | None]:
        """The earliest piece of work and when it may go: prices, names, plates."""
        options: list[tuple[float, Callable[[], Any]]] = []
        if self._round or self._codes:
            wait = 0.0 if self._round else self._next_round
            options.append((max(wait, self._free(SNAPSHOT, "quotes", now)), self._quotes))
        for market in self.names.due():
            key = f"names {market.value}"
            options.append((self._free(BASIC_INFO, key, now),
                            lambda m=market: self._learn_names(m)))
        for plate in self._plates:
            if self._members_day.get(plate) != _plate_day(plate):
                options.append((self._free(PLATE_STOCK, plate, now),
                                lambda p=plate: self._learn_members(p)))
        if not options:
            return math.inf, None
        return min(options, key=lambda o: o[0])

    def _free(self, method: str, key: str, now: float) -> float:
        return max(self.quota.next_free(method, now), self._not_before.get(key, -math.inf))

    # --- the requests ----------------------------------------------------------------------

    async def _quotes(self) -> None:
        if not self._round:
            self._round = _chunks(self._codes)
        part = self._round.pop(0)
        if not self._round:  # the next round comes an interval after this one's last
            self._next_round = self._clock() + self.quota.quote_interval(len(self._codes))
        self.quota.take(SNAPSHOT, self._clock())
        got = await self._attempt("quotes", stock_calls.snapshots, part)
        self.tried.update(part)
        if got is None:
            self._round.insert(0, part)
        quotes, names = got or ({}, {})
        self.names.check_language(names)  # OpenD's language changed: names due again
        for code, quote in quotes.items():
            before = self.quotes.get(code)
            self.quotes[code] = quote
            if before is None or not _same_price(before, quote):
                self._seq += 1
                self.quote_seq[code] = self._seq
        self._on_quotes()   # new prices, or a snapshot waiting for these codes waits no more

    async def _learn_names(self, market: Market) -> None:
        self.quota.take(BASIC_INFO, self._clock())
        got = await self._attempt(f"names {market.value}", stock_calls.market_names, market)
        if got is not None:
            self.names.learn(market, got)
            self._on_names()

    async def _learn_members(self, plate: str) -> None:
        self.quota.take(PLATE_STOCK, self._clock())
        got = await self._attempt(plate, stock_calls.plate_codes, plate)
        if got is not None:
            self.members[plate] = got
            self._members_day[plate] = _plate_day(plate)
            self._on_members()

    async def _attempt(self, key: str, fn: Callable[..., Any], *args: object) -> Any:
        """fn's answer, or None with the reason in `errors` and the key's next try
        put off."""
        try:
            out = await self._call(fn, *args)
        except Refused as exc:
            self._failed(key, f"Futu OpenD refused {key}: {exc}", self.quota.refused_wait)
            return None
        except Exception as exc:
            self._failed(key, f"Futu OpenD: {key}: {why(exc)}", self.quota.transport_wait)
            return None
        self.errors.pop(key, None)
        self._not_before.pop(key, None)
        return out

    async def _call(self, fn: Callable[..., Any], *args: object) -> Any:
        ctx = self.connection.context
        if ctx is None:
            raise ConnectionError("not connected")
        self.requests += 1
        return await self.connection.call(fn, ctx, *args)

    def _failed(self, key: str, message: str, wait: float) -> None:
        self.errors[key] = message
        self._not_before[key] = self._clock() + wait
        log.info("%s", message)

    async def _turn(self, method: str) -> None:
        """Waits until `method` may send, and takes its slot."""
        while (at := self.quota.next_free(method, self._clock())) > self._clock():
            await asyncio.sleep(at - self._clock())
        self.quota.take(method, self._clock())


def _plate_day(plate: str) -> dt.date | None:
    """The exchange day of a plate's market ("HK.BK1001": HK's); None if not a code."""
    try:
        return exchange_day(Market(plate.split(".", 1)[0]))
    except ValueError:
        return None


def _chunks(codes: Sequence[str]) -> list[list[str]]:
    return [list(codes[i:i + SNAPSHOT_CODES]) for i in range(0, len(codes), SNAPSHOT_CODES)]


def _same_price(a: Quote, b: Quote) -> bool:
    def same(x: float | None, y: float | None) -> bool:
        return x == y or (x is not None and y is not None and x != x and y != y)
    return same(a.last, b.last) and same(a.prev_close, b.prev_close)
