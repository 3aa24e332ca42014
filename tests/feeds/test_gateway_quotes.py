"""A `gateway://` source passes the upstream's quotes and names through: Batch.quotes
in its snapshot and updates, and a universe naming the codes it snapshotted (learnt
from the upstream's /v1/quote in the background, "" until then), as far as the
downstream's live store; against a real in-process gateway on the simulator."""

from __future__ import annotations

import asyncio

from flowdeck.feeds.base import HasUniverse, universe_of
from flowdeck.feeds.gateway import GatewayFeed
from flowdeck.feeds.sim.feed import SimFeed
from flowdeck.live.follow import Follower
from flowdeck.live.store import NAMES, LiveStore
from tests.support.server_fakes import SERVED_TOKEN, FakeFeed, run, served
from tests.support.waiting import wait_until

CODES = ["HK.00700", "US.AAPL", "SH.600519"]


def sim() -> SimFeed:
    return SimFeed("sim?speed=20&interval=0.1", speed=20.0, interval=0.1)


def downstream(client) -> GatewayFeed:
    return GatewayFeed("127.0.0.1", client.server.port, token=SERVED_TOKEN)


def test_snapshot_and_updates_pass_quotes_and_names_arrive_without_blocking():
    async def main():
        async with served(sim()) as client:
            feed = downstream(client)
            named = asyncio.Event()
            feed.on_names = named.set
            assert isinstance(feed, HasUniverse)
            snap = await feed.snapshot(CODES)
            assert set(snap.quotes) == set(CODES)
            assert all(q.last > 0 and q.prev_close > 0 for q in snap.quotes.values())
            universe = universe_of(feed)
            # The snapshot did not wait for the names: unknown until they come.
            assert universe.info("HK.00700").name_zh == ""
            await asyncio.wait_for(named.wait(), 10)
            assert universe.info("HK.00700").name_zh == "腾讯控股"
            assert universe.info("HK.00700").name("zh_HK") == "騰訊控股"  # both scripts
            assert universe.info("US.AAPL").name_en == "Apple"
            assert set(universe.stocks()) == set(CODES) and universe.sectors() == {}
            assert await universe.learn(CODES) == 0    # asked once
            async for batch in feed.updates(CODES):
                if batch.records:
                    assert set(batch.quotes) == set(batch.records)
                    break
            await feed.aclose()
    run(main())


def test_an_upstream_without_names_or_prices_leaves_them_unknown():
    async def main():
        async with served(FakeFeed(failing=["HK.00002"])) as client:
            feed = downstream(client)
            # The upstream's source names nothing; a code it fails stays unknown.
            assert await feed.universe().learn(["HK.00001", "HK.00002"]) == 1
            assert set(feed.universe().stocks()) == {"HK.00001"}
            info = feed.universe().info("HK.00001")
            assert info.name_en == info.name_zh == ""
            snap = await feed.snapshot(["HK.00001"])
            assert snap.quotes == {} and "HK.00001" in snap.records
            await feed.aclose()
    run(main())


def test_the_downstream_store_gets_quotes_and_names():
    async def main():
        async with served(sim()) as client:
            feed = downstream(client)
            store = LiveStore()
            kinds: list[str] = []
            store.add_listener(lambda change: kinds.append(change.kind))
            follower = Follower(store)
            follower.start(feed, CODES)
            await wait_until(lambda: set(store.quotes) == set(CODES), what="quotes")
            await wait_until(lambda: store.info("SH.600519").name_zh == "贵州茅台",
                             what="names")
            # The rows are told when the names came (the table redraws its names then).
            await wait_until(lambda: kinds.count(NAMES) >= 2, what="a names change")
            row = store.codes.index("HK.00700")
            assert store.last[row] == store.quotes["HK.00700"].last > 0
            await follower.stop()
    run(main())
