"""Stale rows on `eastmoney://`, on a virtual clock through the real Follower and
LiveStore (what the table paints: LiveStore.stale_rows): while Shanghai is open by the
feed's own (injected) clock, a row East Money stops answering goes stale, keeping its
last numbers, and is fresh again once answers come back; a quiet stock answered with
the same numbers stays fresh; after the close nothing is stale. The fake answers
ulist.np/get as akshare's stock/stock_fund_em.py and efinance's common/getter.py read."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from flowdeck.core.markets import MarketState
from flowdeck.feeds.eastmoney.fields import ULIST_PATH
from flowdeck.feeds.eastmoney.minutes import FFLOW_PATH
from flowdeck.live.follow import Follower
from flowdeck.live.store import LiveStore
from tests.support.clock import VirtualClock
from tests.support.fake_eastmoney.local import local_feed
from tests.support.fake_eastmoney.minutes import FakeMinutes
from tests.support.fake_eastmoney.quotes import FakeQuotes, tiers
from tests.support.fake_eastmoney.server import FakeEastMoney
from tests.support.waiting import run

SHANGHAI = ZoneInfo("Asia/Shanghai")
CODES = ["SH.600000", "SZ.000001"]
STALE_S = 30.0


def secid(code: str) -> str:
    market, _, symbol = code.partition(".")
    return ("1." if market == "SH" else "0.") + symbol


def at(hour: int, minute: int) -> float:
    """A Thursday (2025-12-04) in Shanghai, as Unix seconds."""
    return dt.datetime(2025, 12, 4, hour, minute, tzinfo=SHANGHAI).timestamp()


async def stale_over_time(start: float, trading: bool) -> list[tuple[str, list[bool]]]:
    """Each step's name and the rows' stale flags after it."""
    clock, fake = VirtualClock(start), FakeEastMoney()
    fake.route(ULIST_PATH, FakeQuotes().answer)    # the same numbers every time: quiet
    fake.route(FFLOW_PATH, FakeMinutes().answer)
    feed = local_feed(fake, clock, trading=trading)
    store = LiveStore()
    follower = Follower(store, clock=clock, epoch=clock, sleep=clock.sleep, min_interval=0.0)
    follower.start(feed, CODES)
    seen: list[tuple[str, list[bool]]] = []

    async def step(name: str, seconds: float) -> None:
        await clock.advance(seconds)
        follower.set_stale_after(STALE_S)
        follower.refresh_stale()
        rows = [store.table.row_of(c) for c in CODES]
        seen.append((name, [bool(store.stale_rows()[r]) for r in rows]))

    try:
        await step("answered", 20)
        await step("answered the same for 2 min", 120)
        seen.append(("markets", [store.markets.get(m) == MarketState.OPEN
                                 for m in ("SH", "SZ")]))
        fake.fail("html", times=100_000)
        await step("refused for 2 min", 120)
        kept = store.table.values_of(CODES, "super_net_inflow")
        seen.append(("numbers kept", [kept[c] == tiers(secid(c), 0)[0] for c in CODES]))
        fake.faults.clear()
        await step("answered again", 600)   # past the grown backoff
    finally:
        await follower.stop()
    return seen


def test_a_row_east_money_stops_answering_goes_stale_and_recovers_while_sh_is_open():
    seen = dict(run(stale_over_time(at(10, 0), trading=True)))
    assert seen == {"answered": [False, False],
                    "answered the same for 2 min": [False, False],
                    "markets": [True, True],
                    "refused for 2 min": [True, True],
                    "numbers kept": [True, True],
                    "answered again": [False, False]}


def test_after_the_close_a_refused_row_is_not_stale():
    seen = dict(run(stale_over_time(at(16, 0), trading=False)))
    assert seen["markets"] == [False, False]
    assert seen["refused for 2 min"] == [False, False]
    assert seen["numbers kept"] == [True, True]
