"""GET /v1/market: one market's whole table in columns (core/market_answer.py), for a
client that ranks it itself (a downstream gateway:// window's Market view).

`/v1/market?market=HK[&names=true][&encoding=base64]` -> the envelope with `data` as
market_answer.py says. A bad or missing market, a bad `names` or `encoding`, an unknown
parameter: 1001 naming it; a source without a whole market (replay): 1016 saying
so, as /v1/rank.

Cost per client is bounded: a table of ~4,000 codes is ~0.5 MB of JSON and ~30 ms to
make, so one answer per market (names or not, each encoding) is made at most every FRESH_S
(the simulator's own pace for its tables) and its bytes handed to every client asking
meanwhile; requests arriving while it is being made wait for that one. Whatever the
number of clients, the gateway builds at most 4 tables a second a market.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

from aiohttp import web

from ..core.errors import RET_OK, source_failed
from ..core.market_answer import market_data, parse_market_params
from ..feeds.base import RanksMarkets, universe_of
from .appkeys import HUB
from .fragments import dumps
from .responses import json_body_response

FRESH_S = 0.25
Key = tuple[str, bool, str]


class MarketAnswers:
    """Encoded answers kept per key (here (market, names, encoding); /v1/rank's
    requests too) for `fresh_s` seconds of `clock`."""

    def __init__(self, clock: Callable[[], float] = time.monotonic,
                 fresh_s: float = FRESH_S) -> None:
        self.clock = clock
        self.fresh_s = fresh_s
        self.made = 0  # answers made so far
        self._kept: dict[Key, tuple[float, bytes]] = {}
        self._making: dict[Key, asyncio.Future] = {}

    async def body(self, key: Key, make: Callable[[], Awaitable[bytes]]) -> bytes:
        kept = self._kept.get(key)
        if kept is not None and self.clock() - kept[0] < self.fresh_s:
            return kept[1]
        making = self._making.get(key)
        if making is None:
            making = self._making[key] = asyncio.ensure_future(make())
            making.add_done_callback(lambda done: self._made(key, done))
        # One client leaving does not cancel the answer the others wait for.
        return await asyncio.shield(making)

    def _made(self, key: Key, done: asyncio.Future) -> None:
        self._making.pop(key, None)
        if done.cancelled() or done.exception() is not None:
            return
        self.made += 1
        now = self.clock()
        # Stale answers go: /v1/rank's keys (every top, field, period...) are many.
        for old in [k for k, (made, _) in self._kept.items() if now - made >= self.fresh_s]:
            del self._kept[old]
        self._kept[key] = (now, done.result())


MARKET_ANSWERS = web.AppKey("market_answers", MarketAnswers)


async def market(request: web.Request) -> web.Response:
    key = parse_market_params(dict(request.query))
    feed = request.app[HUB].feed
    if not isinstance(feed, RanksMarkets):
        raise source_failed("this source has no whole market: only the simulator (or a "
                            "gateway over it) has every code of a market at hand",
                            "market.no_market")

    async def make() -> bytes:
        table = await feed.market_table(key[0])
        names = universe_of(feed)

        def encode() -> bytes:
            data = market_data(table, key[0], names, key[1], key[2])
            return dumps({"ret_code": RET_OK, "ret_msg": "SUCCESS", "data": data}).encode()

        # Tens of ms for 4,000 codes: off the loop the streams are served on.
        return await asyncio.to_thread(encode)

    return json_body_response(await request.app[MARKET_ANSWERS].body(key, make))


def add_market_route(app: web.Application) -> None:
    app[MARKET_ANSWERS] = MarketAnswers()
    app.router.add_route("GET", "/v1/market", market)
