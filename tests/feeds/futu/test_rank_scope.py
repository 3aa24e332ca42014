"""The Market view's scope on `futu://` against tests/support/fake_opend/: the table ranks
the watchlists' codes and the chosen plates' stocks (the plates from get_plate_list,
their stocks from get_plate_stock), in market order, with the numbers, prices and age
of each row (NaN before its first refresh), and says what it covers; the scope's codes
join the refresh round and leave it with the scope; core.ranking ranks the table.

pytest-asyncio is not used: each test runs its own loop with asyncio.run."""

import math
import time

import numpy as np
import pytest

from flowdeck.feeds.futu import sdk as futu_sdk

if not futu_sdk.installed():
    pytest.skip(f"futu-api is not installed ({futu_sdk.INSTALL_HINT})", allow_module_level=True)

from flowdeck.core.codes import Market
from flowdeck.core.markets import MARKET_ORDER, market_of
from flowdeck.core.quota import QuotaPolicy
from flowdeck.core.ranking import Ranker, RankRequest
from flowdeck.core.records import NUMERIC_KEYS
from flowdeck.core.stock_quota import StockQuota
from flowdeck.feeds.base import RanksMarkets, RanksScope, ScopeFacts
from flowdeck.feeds.futu.feed import FutuFeed
from tests.support.fake_opend import fake_plates, fake_price
from tests.support.waiting import run
from tests.support.waiting import wait_until as until

QUICK = QuotaPolicy(window=3.0, slack=0.1)
WATCHED = ["HK.00700", "SZ.000001", "SH.600519", "US.AAPL"]


def open_feed(fake) -> FutuFeed:
    return FutuFeed("127.0.0.1", fake.port, timeout=5, wait=5, policy=QUICK,
                    stocks=StockQuota(quote_every=0.2))


def test_plate_lists_are_the_markets_plates(fake):
    async def go():
        feed = open_feed(fake)
        try:
            return await feed.plate_list("HK"), await feed.plate_list(Market.SZ)
        finally:
            await feed.aclose()

    hk, a_shares = run(go())
    assert hk == [(code, name) for code, name, _ in fake_plates(Market.HK)]
    assert a_shares == [(code, name) for code, name, _ in fake_plates(Market.SH)]


def test_the_table_ranks_the_watchlists_and_the_plates_with_ages(fake):
    plate, name, members = fake_plates(Market.SH)[1]
    scope = list(dict.fromkeys(WATCHED + members))

    async def go():
        feed = open_feed(fake)
        fake.delay = 1.0        # no capital flow answered before the first table
        try:
            feed.set_rank_scope(WATCHED, [plate])
            await until(lambda: set(feed.scheduler.watched) == set(scope), 10)
            early = await feed.market_table("A")
            fake.delay = 0.0
            await feed.plate_list("SH")  # names the plate in the table's scope
            polled = feed.scheduler.ages
            await until(lambda: all(polled(time.monotonic()).get(c) is not None
                                    for c in scope), 20)
            assert feed.ages() == {}               # nothing followed: the rows' ages
            await until(lambda: set(scope) <= set(feed.stocks.quotes), 10)
            late = await feed.market_table("A")
            ranked = Ranker().rank(late, RankRequest(market="A", top=3))
            feed.set_rank_scope((), ())
            watched_after = feed.scheduler.watched
            return early, late, ranked, watched_after
        finally:
            await feed.aclose()

    early, late, ranked, watched_after = run(go())
    a_codes = sorted(c for c in scope if market_of(c) in (Market.SH, Market.SZ))
    expected_order = sorted(a_codes, key=lambda c: (MARKET_ORDER.index(market_of(c)), c))
    assert early.codes == late.codes == expected_order
    assert early.scope.plates == (plate,)      # its name not asked for yet
    assert late.scope == ScopeFacts(len(expected_order), True, (name,), 1)
    assert np.isnan(early.ages).all() and np.isnan(early.values).all()   # not yet
    assert np.isfinite(late.ages).all() and (late.ages >= 0).all()
    for r, code in enumerate(late.codes):
        assert late.market[r] == MARKET_ORDER.index(market_of(code))
        assert (late.last[r], late.prev_close[r]) == fake_price(fake.seed, code)
        assert np.isfinite(late.values[r]).all() and late.turnover[r] > 0
        main = late.values[r, NUMERIC_KEYS.index("main_net_inflow")]
        assert math.isclose(late.main_series(r)[-1], main, rel_tol=1e-6)
    mains = late.values[:, NUMERIC_KEYS.index("main_net_inflow")]
    assert ranked.codes == [late.codes[i] for i in np.argsort(-mains)[:3]]
    assert watched_after == []                 # nothing followed, nothing polled


def test_without_a_scope_the_table_is_the_followed_codes(fake):
    async def go():
        feed = open_feed(fake)
        assert isinstance(feed, RanksMarkets) and isinstance(feed, RanksScope)
        updates = feed.updates(WATCHED)
        try:
            await updates.__anext__()        # the iterator now follows WATCHED
            return await feed.market_table("HK")
        finally:
            await updates.aclose()
            await feed.aclose()

    table = run(go())
    assert table.codes == ["HK.00700"]
    assert table.scope == ScopeFacts(1)
