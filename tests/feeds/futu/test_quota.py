"""The Futu source's quota as OpenD sees it (tests/support/fake_opend/ counts every request):
the first burst stops at the default margin and no more go out until the window moves
on, and paced refreshes keep a scaled quota through the real SDK. Skipped when futu-api
is not installed.

pytest-asyncio is not used: each test runs its own loop with asyncio.run."""

import asyncio
import time

import pytest

from flowdeck.feeds.futu import sdk as futu_sdk

if not futu_sdk.installed():
    pytest.skip(f"futu-api is not installed ({futu_sdk.INSTALL_HINT})", allow_module_level=True)

from flowdeck.core.quota import QuotaPolicy, max_in_window
from flowdeck.feeds.futu.feed import FutuFeed
from tests.support.fake_opend import CAPITAL_DISTRIBUTION, CAPITAL_FLOW
from tests.support.waiting import run

TURNS = 50  # loop turns after which a woken pump has decided and waits again


async def settle() -> None:
    for _ in range(TURNS):
        await asyncio.sleep(0)


def test_the_default_margin_stops_the_burst_at_28_requests_per_method(fake):
    """40 codes: 28 go out at once (quota 30 minus 2 kept back), the snapshot does not
    sit out its 20 s for the other 12, and none of them goes out before the window moves
    on 31 s later (the feed's clock is the test's: 29 s pass in no time)."""
    codes = [f"HK.{i:05d}" for i in range(1, 41)]
    now = [1000.0]

    def sent() -> list[int]:
        return [len(fake.capital_requests(p)) for p in (CAPITAL_FLOW, CAPITAL_DISTRIBUTION)]

    async def go():
        feed = FutuFeed("127.0.0.1", fake.port, clock=lambda: now[0])  # wait=20 s
        try:
            batch = await feed.snapshot(codes)
            it = feed.updates(codes)           # the 12 queued codes are wanted now
            waiting = asyncio.ensure_future(anext(it))
            await settle()
            held = []
            for turn, at in enumerate((1.0, 15.0, 29.0, 30.9)):
                now[0] = 1000.0 + at
                feed.set_priority([codes[-1 - turn]])   # a new priority wakes the pump
                await settle()
                held.append((at, sent(), feed.scheduler.in_flight()))
            now[0] = 1000.0 + 31.5             # the first burst is 31 s old: the window frees
            feed.set_priority([codes[0]])
            fresh = await asyncio.wait_for(waiting, 10)   # a queued code's first data
            await it.aclose()
            return batch, held, fresh
        finally:
            await feed.aclose()

    # A snapshot that sat out its 20 s would never end: the feed's clock does not move.
    batch, held, fresh = run(go(), 30)
    assert len(batch.records) == 28 and set(batch.errors) == set(codes) - set(batch.records)
    number, message = next(iter(batch.errors.values()))
    assert number == 1016 and "queued" in message and "30 requests per 30 s" in message
    assert held == [(at, [28, 28], []) for at in (1.0, 15.0, 29.0, 30.9)]
    assert set(fresh.records) <= set(batch.errors) and fresh.records
    assert min(len(fake.capital_requests(p)) for p in (CAPITAL_FLOW, CAPITAL_DISTRIBUTION)) > 28


def test_paced_refreshes_keep_a_scaled_quota_as_the_fake_counts_them(fake):
    """The same scheduler with a 6-per-0.5-s quota (time scaled by 60): over 2.4 s of real
    requests through the SDK, no 0.5-s window at the fake holds more than 6 requests of a
    method, and the feed keeps its own margin (5 per 0.55 s)."""
    policy = QuotaPolicy(limit=6, window=0.5, reserve=1, slack=0.05, max_age=2.0,
                         priority_interval=0.175)
    codes = [f"HK.{i:05d}" for i in range(1, 13)]

    async def go():
        feed = FutuFeed("127.0.0.1", fake.port, policy=policy, wait=1.0)
        try:
            await feed.snapshot(codes)
            feed.set_priority(["HK.00003"])
            it = feed.updates(codes)
            stop = time.monotonic() + 2.4
            while time.monotonic() < stop:
                await asyncio.wait_for(anext(it), 5)
            await it.aclose()
        finally:
            await feed.aclose()

    run(go())
    for proto in (CAPITAL_FLOW, CAPITAL_DISTRIBUTION):
        times = [r.at for r in fake.capital_requests(proto)]
        assert len(times) >= 20
        assert max_in_window(times, policy.window) <= policy.limit
        # The margin holds too, give or take the thread hop between deciding and sending.
        assert max_in_window(times, policy.used_window - 0.05) <= policy.used_limit
    # The priority code got more than its round-robin share.
    counts = {c: sum(r.code == c for r in fake.capital_requests(CAPITAL_FLOW)) for c in codes}
    assert counts["HK.00003"] > max(v for c, v in counts.items() if c != "HK.00003")
