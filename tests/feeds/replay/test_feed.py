"""The `replay:` source over asyncio: URL options, the paced and the as-fast-as-possible
clock, the end of the file (quiet, not ended, not spinning), closing.

pytest-asyncio is not used: each test runs its own loop with asyncio.run."""

from __future__ import annotations

import asyncio
import math
from pathlib import Path

import pytest

from flowdeck.core.errors import ErrorCode, FlowDeckError
from flowdeck.core.markets import MarketState
from flowdeck.feeds.base import Feed
from flowdeck.feeds.registry import open_feed
from flowdeck.feeds.replay.feed import (
    DEFAULT_INTERVAL,
    ReplayFeed,
    ReplaySource,
    parse_replay_source,
)
from flowdeck.feeds.replay.trades_csv import HEADER
from tests.support.replay_files import record_file

CODES = ["HK.00700", "SZ.000001"]


class Wall:
    def __init__(self, t: float = 0.0) -> None:
        self.t = t

    def __call__(self) -> float:
        return self.t


@pytest.fixture(scope="module")
def small_day(tmp_path_factory) -> Path:
    return record_file(tmp_path_factory.mktemp("replay_feed") / "small.csv",
                       codes=["HK.08123", "SZ.000001", "US.ZZQ"])


def test_urls_and_options(tmp_path, monkeypatch) -> None:
    path = tmp_path / "a#b day.csv"
    path.write_text(HEADER + "\n")
    monkeypatch.chdir(tmp_path)
    assert parse_replay_source("replay:a#b day.csv") == ReplaySource(path.absolute())
    full = parse_replay_source(f" replay://{path}?speed=60&interval=0.2&start=09:45 ")
    assert full == ReplaySource(path, 60.0, 0.2, 9 * 3600 + 45 * 60)
    for fast in ("max", "MAX", "0", "0.0"):
        assert math.isinf(parse_replay_source(f"REPLAY:{path}?speed={fast}").speed)
    assert parse_replay_source(f"replay:{path}?start=first").start_s is None
    assert parse_replay_source(f"replay:{path}?start=9:30:15").start_s == 9 * 3600 + 1815
    monkeypatch.setenv("HOME", str(tmp_path))
    assert parse_replay_source("replay:~/a#b day.csv").path == path
    feed = open_feed(f"replay:{path}?speed=max")
    assert isinstance(feed, ReplayFeed) and isinstance(feed, Feed)
    assert feed.name == f"replay:{path}?speed=max" and feed.simulated is False
    assert feed.source.interval == DEFAULT_INTERVAL and feed.as_fast_as_possible


@pytest.mark.parametrize("query, word", [
    ("speed=-1", "speed"), ("speed=fast", "speed"), ("speed=inf", "speed"), ("speed=", "speed"),
    ("interval=0", "interval"), ("interval=x", "interval"), ("start=25:00", "start"),
    ("start=10", "start"), ("start=10:61", "start"), ("colour=red", "unknown option"),
])
def test_bad_options_are_invalid_param(tmp_path, query: str, word: str) -> None:
    path = tmp_path / "x.csv"
    path.write_text(HEADER + "\n")
    with pytest.raises(FlowDeckError) as err:
        open_feed(f"replay:{path}?{query}")
    assert err.value.code is ErrorCode.INVALID_PARAM and word in err.value.message


@pytest.mark.parametrize("url, word", [
    ("replay:", "no file"), ("replay:?speed=2", "no file"),
    ("replay:/no/such/file.csv", "no such file"),
])
def test_a_missing_file_is_invalid_param(url: str, word: str) -> None:
    with pytest.raises(FlowDeckError) as err:
        open_feed(url)
    assert err.value.code is ErrorCode.INVALID_PARAM and word in err.value.message


def test_a_directory_is_not_a_file(tmp_path) -> None:
    with pytest.raises(FlowDeckError, match="not a file"):
        open_feed(f"replay:{tmp_path}")


def test_paced_clock_follows_the_wall_clock(small_day) -> None:
    wall = Wall(100.0)
    feed = ReplayFeed("replay", ReplaySource(small_day, speed=60.0, interval=0.01),
                      monotonic=wall)

    async def go():
        snap = await feed.snapshot(["SZ.000001"])
        assert snap.markets["SZ"].local_time == "2025-03-14 09:30:00"  # the first trade
        assert feed.market is not None and feed.market.index.rows > 1000
        updates = feed.updates(["SZ.000001"])
        wall.t += 10.0  # 600 virtual seconds
        batch = await anext(updates)
        assert not batch.snapshot
        assert batch.markets["SZ"].local_time == "2025-03-14 09:40:00"
        assert batch.records["SZ.000001"].update_time <= "2025-03-14 09:40:00"
        assert len(batch.points) >= 9  # the minutes since the snapshot
        wall.t += 10 * 3600 / 60  # past the close: the day is over
        batch = await anext(updates)
        assert batch.markets["SZ"].state is MarketState.CLOSED
        assert batch.markets["SZ"].local_time >= "2025-03-14 14:59:00"
        assert feed.market.finished
        await feed.aclose()
        assert await anext(updates, None) is None

    asyncio.run(go())


def test_max_speed_runs_to_the_end_then_waits_quietly(small_day, monkeypatch) -> None:
    feed = open_feed(f"replay:{small_day}?speed=max")

    async def go():
        snap = await feed.snapshot(CODES)
        assert snap.errors == {"HK.00700": (1016, "no trades for HK.00700 in small.csv")}
        updates = feed.updates(CODES)
        batches = []
        while not feed.market.finished:
            batches.append(await anext(updates))
        assert 300 < len(batches) <= 390  # a batch a minute with trades (of any market)
        assert all(not b.errors for b in batches)  # told once, in the snapshot
        assert batches[-1].markets["SZ"].state is MarketState.CLOSED
        # The end: the iterator neither ends (a consumer would take that for a failure)
        # nor spins. At this speed every turn of it steps the market in a worker thread:
        # after twenty hops of ours to the workers and back, it has stepped none.
        steps = []
        step = feed.market.step
        monkeypatch.setattr(feed.market, "step", lambda: (steps.append(1), step())[1])
        pending = asyncio.ensure_future(anext(updates))
        for _ in range(20):
            await asyncio.to_thread(lambda: None)
            await asyncio.sleep(0)
        assert not pending.done() and steps == []
        final = await feed.snapshot(CODES)
        assert final.records["SZ.000001"].update_time.startswith("2025-03-14 14:5")
        await feed.aclose()
        with pytest.raises(StopAsyncIteration):
            await pending
        with pytest.raises(FlowDeckError) as err:
            await feed.snapshot(CODES)
        assert err.value.code is ErrorCode.GET_CAPITAL_FLOW_FAILED

    asyncio.run(go())


def test_consumers_share_one_clock_and_bad_codes_fail_early(small_day) -> None:
    feed = open_feed(f"replay:{small_day}?speed=max")

    async def go():
        with pytest.raises(FlowDeckError) as err:
            feed.updates(["HK.ABC"])
        assert err.value.code is ErrorCode.INVALID_CODE
        with pytest.raises(FlowDeckError):
            await feed.snapshot("SZ.000001")  # a string, not a list
        a, b = feed.updates(["SZ.000001"]), feed.updates(["SZ.000001", "US.ZZQ"])
        first_a, first_b = await anext(a), await anext(b)
        assert first_a.snapshot and first_b.snapshot  # no earlier snapshot of theirs
        await anext(a)
        await anext(b)
        later = await anext(a)  # each batch a step of one shared clock: the fifth minute
        assert not later.snapshot and later.markets["SZ"].local_time == "2025-03-14 09:34:59"
        await feed.aclose()

    asyncio.run(go())


def test_an_unreadable_file_fails_the_snapshot_not_the_open(tmp_path) -> None:
    path = tmp_path / "gone.csv"
    path.write_text(HEADER + "\n")
    feed = open_feed(f"replay:{path}")
    path.unlink()

    async def go():
        with pytest.raises(FlowDeckError) as err:
            await feed.snapshot(CODES)
        assert err.value.code is ErrorCode.GET_CAPITAL_FLOW_FAILED
        assert "cannot read" in err.value.message

    asyncio.run(go())
