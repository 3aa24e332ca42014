"""A `gateway://` source's whole market (RanksMarkets): the upstream's GET /v1/market
decoded into a table equal to the upstream source's own, its names and sectors learnt
with the first table of a market (and not asked again), the code list kept from one
table to the next; against a real in-process gateway on the simulator (its clock held
still: one instant); an upstream without a whole market: 1016."""

from __future__ import annotations

import numpy as np
import pytest

from flowdeck.core.errors import FlowDeckError
from flowdeck.core.rank_answer import rank_data
from flowdeck.core.ranking import parse_rank_request
from flowdeck.feeds.base import RanksMarkets, universe_of
from flowdeck.feeds.gateway import GatewayFeed
from flowdeck.feeds.sim.feed import SimFeed
from flowdeck.server.market_api import MARKET_ANSWERS
from tests.support.server_fakes import SERVED_TOKEN, FakeFeed, run, served


def still_sim() -> SimFeed:
    return SimFeed("sim?seed=5", seed=5, monotonic=lambda: 500.0)


def test_the_clients_table_is_the_upstream_sources_table():
    async def main():
        upstream = still_sim()
        async with served(upstream) as client:
            feed = GatewayFeed("127.0.0.1", client.server.port, token=SERVED_TOKEN)
            assert isinstance(feed, RanksMarkets)
            got = await feed.market_table("A")
            want = await upstream.market_table("A")
            assert got.codes == want.codes and len(got.codes) == 5100
            np.testing.assert_array_equal(got.values, want.values)  # NaN where NaN
            np.testing.assert_array_equal(got.market, want.market)
            for key in ("turnover", "last", "prev_close"):
                np.testing.assert_array_equal(getattr(got, key), getattr(want, key))
            assert list(got.update_time) == list(want.update_time)
            # Names and sectors came with it, as the upstream's universe has them.
            names, theirs = universe_of(feed), upstream.universe()
            for code in ("SH.600519", "SZ.300750"):
                assert names.info(code) == theirs.info(code)
            assert names.info("SH.600519").name_zh == "贵州茅台"
            sector = names.info("SZ.000001").sector
            assert names.sectors()[sector] == theirs.sectors()[sector]
            assert names.info("SH.600519").name("zh_HK") == "貴州茅台"
            # The same instant again: the same code list object, names not asked again
            # (one answer with names, one without).
            again = await feed.market_table("A")
            assert again.codes is got.codes
            assert client.app[MARKET_ANSWERS].made == 2
            # It ranks as the upstream's /v1/rank does.
            asked = parse_rank_request({"market": "A", "top": "10"})
            ours = [r["code"] for r in rank_data(got, asked, names)["rank_list"]]
            served_rank = await (await client.get("/v1/rank", params={
                "market": "A", "top": "10"})).json()
            assert ours == [r["code"] for r in served_rank["data"]["rank_list"]]
            await feed.aclose()
            with pytest.raises(FlowDeckError):
                await feed.market_table("A")
    run(main())


def test_an_upstream_without_a_whole_market_says_so():
    async def main():
        async with served(FakeFeed()) as client:
            feed = GatewayFeed("127.0.0.1", client.server.port, token=SERVED_TOKEN)
            with pytest.raises(FlowDeckError) as caught:
                await feed.market_table("HK")
            assert caught.value.code == 1016 and "whole market" in str(caught.value)
            bad = GatewayFeed("127.0.0.1", client.server.port, token=SERVED_TOKEN)
            with pytest.raises(FlowDeckError) as caught:
                await bad.market_table("XX")
            assert "market must be one of" in str(caught.value)
            await feed.aclose()
            await bad.aclose()
    run(main())
