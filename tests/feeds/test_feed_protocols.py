"""Each real source satisfies the interfaces it claims (feeds/base.py) and no other:
front ends decide with isinstance whether a source reports its connection or polls
under a quota, so a source that lost a method, or a simulator that grew one, shows here.
A polled source's stale time follows its quota: 1.5 rounds of the watched codes."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest

from flowdeck.cli.record import record_day
from flowdeck.core.quota import QuotaPolicy
from flowdeck.feeds.base import Feed, PolledFeed, ReportsConnection
from flowdeck.feeds.futu import sdk as futu_sdk
from flowdeck.feeds.gateway import GatewayFeed
from flowdeck.feeds.registry import open_feed
from flowdeck.feeds.replay.feed import ReplayFeed
from flowdeck.feeds.sim.feed import SimFeed

needs_futu = pytest.mark.skipif(not futu_sdk.installed(),
                                reason=f"futu-api is not installed ({futu_sdk.INSTALL_HINT})")


def opened(url: str) -> Feed:
    feed = open_feed(url)
    assert isinstance(feed, Feed)
    return feed


def close(feed: Feed) -> None:
    asyncio.run(feed.aclose())


def claims(feed: object) -> set[str]:
    return {p.__name__ for p in (Feed, ReportsConnection, PolledFeed) if isinstance(feed, p)}


def test_the_simulator_is_a_plain_feed() -> None:
    feed = opened("sim?seed=3")
    assert isinstance(feed, SimFeed)
    assert claims(feed) == {"Feed"}
    close(feed)


def test_the_gateway_reports_its_connection() -> None:
    feed = opened("gateway://127.0.0.1:1")
    assert isinstance(feed, GatewayFeed)
    assert claims(feed) == {"Feed", "ReportsConnection"}
    close(feed)


def test_a_replay_is_a_plain_feed(tmp_path) -> None:
    path = tmp_path / "day.csv"
    with path.open("w", encoding="ascii", newline="\n") as f:
        record_day(["SZ.000001"], dt.date(2025, 3, 14), 5, f)
    feed = opened(f"replay:{path}")
    assert isinstance(feed, ReplayFeed)
    assert claims(feed) == {"Feed"}
    close(feed)


@needs_futu
def test_futu_reports_its_connection_and_polls_under_a_quota() -> None:
    from flowdeck.feeds.futu.feed import FutuFeed
    feed = opened("futu://127.0.0.1:1")
    assert isinstance(feed, FutuFeed)
    assert claims(feed) == {"Feed", "ReportsConnection", "PolledFeed"}
    close(feed)


@needs_futu
def test_a_polled_row_is_late_after_one_and_a_half_rounds_not_before() -> None:
    from flowdeck.feeds.futu.feed import FutuFeed
    policy = QuotaPolicy()
    feed = FutuFeed("127.0.0.1", 1, policy=policy)
    assert feed.stale_after(30) == 30  # nothing watched: the user's stale time
    codes = [f"HK.{n:05d}" for n in range(1, 101)]
    feed.scheduler.watch(codes)
    round_s = policy.round_seconds(len(codes))
    assert round_s > 30
    assert feed.stale_after(30) == pytest.approx(1.5 * round_s)
    assert feed.stale_after(10_000) == 10_000  # a longer user time still wins
    feed.set_priority(["hk.00700", "not a code", "HK.00700"])
    assert feed.scheduler.priority == ["HK.00700"]
    close(feed)
