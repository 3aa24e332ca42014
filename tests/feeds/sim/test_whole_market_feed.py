"""The sim feed's whole market (SimFeed.market_table / market_tables): the followed
codes' rows are the live simulator's numbers, the rest the whole-market model's."""

import datetime as dt

import numpy as np
import pytest

from flowdeck.core.codes import Market
from flowdeck.core.errors import FlowDeckError
from flowdeck.core.ranking import Ranker, RankRequest
from flowdeck.feeds.sim.feed import SimFeed
from tests.support.waiting import run

WED_11_HK = dt.datetime(2026, 12, 2, 3, 0, tzinfo=dt.UTC)
FOLLOWED = ["HK.00700", "HK.00005", "SZ.300750"]


class WallClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_followed_codes_hold_the_live_simulators_numbers():
    wall = WallClock()
    feed = SimFeed(now=WED_11_HK, monotonic=wall)

    async def body():
        await feed.snapshot(FOLLOWED)
        wall.now = 120.0
        feed.market.advance()
        live = feed.market.batch(FOLLOWED)
        table = await feed.market_table("HK")
        return live, table

    live, table = run(body())
    rows = {c: r for r, c in enumerate(table.codes)}
    assert "SZ.300750" not in rows  # another market: not in the HK table
    for code in ("HK.00700", "HK.00005"):
        row = rows[code]
        assert table.followed[row]
        np.testing.assert_array_equal(table.values[row], live.columns.values[
            live.columns.codes.index(code)])
        assert table.last[row] == live.quotes[code].last
        assert table.prev_close[row] == live.quotes[code].prev_close
        assert table.update_time[row] == live.records[code].update_time
    assert table.followed.sum() == 2
    # The rest: the model's numbers at the same virtual time.
    assert table.update_time[~table.followed][0] == "2026-12-02 11:02:00"
    ranking = Ranker().rank(table, RankRequest("HK", top=10))
    assert len(ranking.codes) == 10
    assert ranking.value[0] == np.nanmax(table.values[:, 0])


def test_market_tables_yields_until_the_feed_closes():
    wall = WallClock()
    feed = SimFeed(now=WED_11_HK, monotonic=wall)

    async def body():
        seen = []
        async for table in feed.market_tables("A", interval=0.0):
            seen.append(table)
            wall.now += 60.0
            if len(seen) == 2:
                await feed.aclose()
        return seen

    first, second = run(body())
    assert first.codes is second.codes and len(first.codes) == 2300 + 2800
    assert set(first.market.tolist()) == {2, 3}
    assert second.turnover.sum() > first.turnover.sum()


def test_a_bad_market_choice_is_refused():
    feed = SimFeed(now=WED_11_HK)
    with pytest.raises(FlowDeckError, match="market must be one of"):
        run(feed.market_table("XX"))
    assert run(feed.market_table([Market.US])).market.tolist()[0] == 1
