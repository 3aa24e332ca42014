"""The `sim` feed: URL options, code validation, snapshot and updates over asyncio.

pytest-asyncio is not used: each test runs its own loop with asyncio.run."""

import asyncio
import datetime as dt

import pytest

from flowdeck.core.errors import ErrorCode, FlowDeckError
from flowdeck.core.markets import MarketState
from flowdeck.feeds.base import Batch, Feed
from flowdeck.feeds.registry import open_feed
from flowdeck.feeds.sim.feed import SimFeed, parse_sim_options

UTC = dt.UTC
WED_1030_HK = dt.datetime(2025, 3, 12, 2, 30, tzinfo=UTC)
CODES = ["HK.00700", "US.AAPL", "SZ.300750"]


def fast_feed(**kw) -> SimFeed:
    kw.setdefault("now", WED_1030_HK)
    return SimFeed("sim?speed=600&interval=0.05", speed=600.0, interval=0.05, **kw)


def test_open_feed_parses_options():
    feed = open_feed("sim?speed=20&seed=7&interval=0.25")
    assert isinstance(feed, SimFeed) and isinstance(feed, Feed)
    assert feed.name == "sim?speed=20&seed=7&interval=0.25"
    assert feed.simulated is True
    assert feed.interval == 0.25 and feed.market.seed == 7
    assert {c.speed for c in feed.market.clocks.values()} == {20.0}
    plain = open_feed("sim")
    assert plain.interval == 0.5 and plain.market.seed == 0
    assert {c.speed for c in plain.market.clocks.values()} == {1.0}


@pytest.mark.parametrize("url, word", [
    ("sim?speed=0", "speed"), ("sim?speed=-2", "speed"), ("sim?speed=fast", "speed"),
    ("sim?speed=", "speed"), ("sim?speed=inf", "speed"), ("sim?seed=1.5", "seed"),
    ("sim?seed=x", "seed"), ("sim?interval=0", "interval"), ("sim?interval=nan", "interval"),
    ("sim?bogus=1", "bogus"),
])
def test_bad_options_are_invalid_param(url, word):
    with pytest.raises(FlowDeckError) as err:
        open_feed(url)
    assert err.value.code is ErrorCode.INVALID_PARAM
    assert word in err.value.message


def test_option_values():
    assert parse_sim_options({"speed": "2.5", "seed": "-3", "interval": "1"}) == {
        "speed": 2.5, "seed": -3, "interval": 1.0}


def test_bad_codes_are_invalid_code():
    feed = fast_feed()
    with pytest.raises(FlowDeckError) as err:
        asyncio.run(feed.snapshot(["HK.00700", "HK.ABC"]))
    assert err.value.code is ErrorCode.INVALID_CODE and "HK.ABC" in err.value.message
    with pytest.raises(FlowDeckError) as err:
        feed.updates(["00700"])           # raised at once, not at the first batch
    assert err.value.code is ErrorCode.INVALID_CODE


def test_snapshot_normalises_codes():
    batch = asyncio.run(fast_feed().snapshot(["hk.700", "HK.00700", "us.aapl"]))
    assert batch.snapshot and set(batch.records) == {"HK.00700", "US.AAPL"}
    assert set(batch.markets) == {"HK", "US"} and not batch.errors


def test_updates_yield_batches_until_closed():
    async def main():
        feed = fast_feed()
        first = await feed.snapshot(CODES)
        batches: list[Batch] = []
        async for batch in feed.updates(CODES):
            batches.append(batch)
            if len(batches) == 4:
                await feed.aclose()
        return first, batches

    first, batches = asyncio.run(asyncio.wait_for(main(), 10))
    assert len(batches) == 4                 # the iterator ended after aclose()
    assert not any(b.snapshot for b in batches)
    for batch in batches:
        assert set(batch.markets) == {"HK", "US", "SZ"}
        assert batch.markets["HK"].state is MarketState.OPEN
        keys = list(zip(batch.points.codes, batch.points.minutes.tolist(), strict=True))
        assert keys == sorted(keys)
        assert set(batch.records) == set(batch.details) <= set(CODES)
    clock_times = [b.markets["HK"].local_time for b in batches]
    assert clock_times == sorted(clock_times) and clock_times[0] > first.markets["HK"].local_time
    changed = [b for b in batches if "HK.00700" in b.records]
    assert changed, "30 virtual seconds a batch: Tencent trades in most of them"
    last = changed[-1].details["HK.00700"]
    assert last.trades > first.details["HK.00700"].trades
    assert last.update_time >= first.details["HK.00700"].update_time


def test_concurrent_iterators_share_one_feed():
    async def take(feed, codes, n):
        out = []
        async for batch in feed.updates(codes):
            out.append(batch)
            if len(out) == n:
                break
        return out

    async def main():
        feed = fast_feed()
        await feed.snapshot(CODES)
        a, b = await asyncio.gather(take(feed, CODES, 3), take(feed, ["US.AAPL"], 3))
        # A third iterator that waits is ended by aclose().
        waiting = asyncio.ensure_future(take(feed, ["HK.00700"], 1000))
        await asyncio.sleep(0.12)
        await feed.aclose()
        c = await asyncio.wait_for(waiting, 2)
        return a, b, c, feed

    a, b, c, feed = asyncio.run(asyncio.wait_for(main(), 10))
    assert len(a) == len(b) == 3
    assert all(set(x.records) <= {"US.AAPL"} and set(x.markets) == {"US"} for x in b)
    assert 1 <= len(c) < 1000
    assert feed.closed
    with pytest.raises(FlowDeckError) as err:
        asyncio.run(feed.snapshot(CODES))
    assert err.value.code is ErrorCode.GET_CAPITAL_FLOW_FAILED


def test_feed_snapshots_are_deterministic_at_an_injected_time():
    class Wall:
        t = 0.0

        def __call__(self):
            return self.t

    def run(seed):
        wall = Wall()
        feed = SimFeed("sim", speed=60.0, seed=seed, now=WED_1030_HK, monotonic=wall)
        wall.t = 20.0
        return asyncio.run(feed.snapshot(CODES))

    a, b, c = run(3), run(3), run(4)
    assert a.records == b.records and a.details == b.details
    assert a.records != c.records
