"""Futu's past days through the real futu-api SDK against tests/support/fake_opend/: a
backfill fills the nets of OpenD's DAY rows (inflow and outflow unknown), turnover and
close from day K-lines under the K-line quota (unknown when it is used up), OpenD's
trading days (holidays skipped); refused or unanswered codes are settled without rows
and asked again next time; beside a live feed the backfill keeps to its share of a
scaled quota; the archive's identity is OpenD's logged-in account. Skipped when
futu-api is not installed.

pytest-asyncio is not used: each test runs its own loop with asyncio.run."""

import asyncio
import datetime as dt
import time

import pytest

from flowdeck.feeds.futu import sdk as futu_sdk

if not futu_sdk.installed():
    pytest.skip(f"futu-api is not installed ({futu_sdk.INSTALL_HINT})", allow_module_level=True)

from flowdeck.core.markets import local_now, market_of
from flowdeck.core.quota import QuotaPolicy, max_in_window
from flowdeck.core.records import ratio
from flowdeck.feeds.futu.feed import FutuFeed
from flowdeck.feeds.futu.past_days import FutuPastDays
from flowdeck.live.backfill import Backfill
from tests.support.day_sink import RecordingDays
from tests.support.fake_opend import (
    CAPITAL_FLOW,
    HISTORY_KL,
    PERIOD_DAY,
    PERIOD_INTRADAY,
    day_kline,
    day_nets,
    fake_trading_days,
)
from tests.support.waiting import run

CODES = ["HK.00700", "US.AAPL", "SZ.000001"]
# OpenD's quota in a hundredth of the time: the backfill's slot comes every 55 ms.
FAST = QuotaPolicy(window=0.3, slack=0.01)


def last_trading_days(code: str, count: int) -> list[dt.date]:
    """The fake's last `count` trading days before `code`'s market's today."""
    today = local_now(market_of(code)).date()
    return fake_trading_days(today - dt.timedelta(days=3 * count + 30),
                             today - dt.timedelta(days=1))[-count:]


def backfill(fake, codes, days: int, **options):
    """A standalone backfill of `codes` into a RecordingDays: (progress, sink, source)."""
    async def go():
        past = FutuPastDays.open("127.0.0.1", fake.port, policy=FAST, **options)
        sink = RecordingDays()
        try:
            progress = await Backfill(past, sink, codes, days).run()
        finally:
            await past.aclose()
        return progress, sink, past

    return run(go(), 30)


def test_three_codes_by_twenty_days_fill_nets_turnover_and_ratios(fake):
    fake.no_super.add("SZ.000001")
    progress, sink, past = backfill(fake, CODES, 20)
    assert progress.finished and progress.total == progress.saved == 60
    assert not past.errors and not past.no_turnover
    for code in CODES:
        want = last_trading_days(code, 20)
        got = sink.days(code)
        assert [d.day for d in got] == want      # the fake's holidays are not gaps
        for d in got:
            nets = day_nets(fake.seed, code, d.day, no_super=code == "SZ.000001")
            turnover, close = day_kline(fake.seed, code, d.day)
            assert d.net == tuple(nets.tolist())  # float64 through OpenD's doubles
            assert d.inflow == d.outflow == (None, None, None, None)
            assert (d.turnover, d.close, d.complete) == (turnover, close, True)
            assert d.series_ratio("main") == ratio(nets[0] + nets[1], turnover)
            assert -1 < d.series_ratio("main") < 1
    sz = sink.days("SZ.000001")[0]
    assert sz.net[0] == 0.0 and sz.series_net("main") == sz.net[1]
    # One DAY request and one K-line request per code, no intraday request.
    flows = fake.capital_requests(CAPITAL_FLOW)
    assert sorted(r.code for r in flows) == sorted(CODES)
    assert {r.period for r in flows} == {PERIOD_DAY}
    assert sorted(r.code for r in fake.requests if r.proto == HISTORY_KL) == sorted(CODES)
    assert past.requests == 3


def test_without_k_line_quota_the_turnover_stays_unknown(fake):
    fake.kline_quota = 0
    progress, sink, past = backfill(fake, CODES, 5)
    assert progress.finished and progress.saved == 15
    for code in CODES:
        for d in sink.days(code):
            assert d.turnover is None and d.close is None
            assert d.series_ratio("main") is None and d.record_dict()["main_net_inflow_ratio"] \
                is None
            assert d.net == tuple(day_nets(fake.seed, code, d.day).tolist())
    assert not [r for r in fake.requests if r.proto == HISTORY_KL]  # none sent in vain
    assert set(past.no_turnover) == set(CODES) and "used up" in past.no_turnover["US.AAPL"]


def test_codes_fetched_within_the_quota_period_are_free(fake):
    fake.kline_quota = 1
    fake.kline_codes.append("US.AAPL")       # fetched lately: costs nothing again
    _, sink, past = backfill(fake, CODES, 3)
    with_turnover = {c for c in CODES if all(d.turnover for d in sink.days(c))}
    assert with_turnover == {"HK.00700", "US.AAPL"}
    assert all(d.turnover is None for d in sink.days("SZ.000001"))
    assert set(past.no_turnover) == {"SZ.000001"}


def test_a_refused_code_is_settled_without_rows_and_asked_again_next_time(fake):
    fake.fail["US.AAPL"] = (-1, "unknown stock")
    progress, sink, past = backfill(fake, CODES, 4)
    assert progress.finished and progress.done == 12 and progress.saved == 8
    assert sink.days("US.AAPL") == []
    assert "unknown stock" in past.errors["US.AAPL"] and set(past.errors) == {"US.AAPL"}
    del fake.fail["US.AAPL"]

    async def again():
        src = FutuPastDays.open("127.0.0.1", fake.port, policy=FAST)
        try:
            return await Backfill(src, sink, CODES, 4).run()
        finally:
            await src.aclose()

    second = run(again(), 30)
    assert (second.skipped, second.saved) == (8, 4)
    assert len(sink.days("US.AAPL")) == 4


def test_unanswered_requests_settle_their_codes_and_say_why(fake):
    fake.silent = True                       # capital requests read, never answered
    progress, _, past = backfill(fake, CODES[:2], 2, timeout=0.4)
    assert progress.finished and progress.saved == 0 and progress.done == 4
    assert set(past.errors) == set(CODES[:2])
    assert "no answer within 0.4 s" in past.errors["HK.00700"]


def test_the_identity_is_opends_logged_in_account(fake):
    fake.user_id = 87654321

    async def go():
        feed = FutuFeed("127.0.0.1", fake.port, policy=FAST)
        past = FutuPastDays.open("127.0.0.1", fake.port)
        try:
            return await feed.identity(), await past.identity()
        finally:
            await feed.aclose()
            await past.aclose()

    assert run(go()) == ("futu:user=87654321", "futu:user=87654321")


def test_beside_a_live_feed_the_backfill_keeps_its_share_of_the_quota(fake):
    """A 10-per-0.5-s quota (time scaled by 60): 12 codes refresh live while 4 codes are
    backfilled through the feed's scheduler; no 0.5-s window at the fake holds more than
    10 get_capital_flow requests, the backfill had about 1 slot in 5 and the live
    refreshes went on meanwhile."""
    policy = QuotaPolicy(limit=10, window=0.5, reserve=1, slack=0.05, max_age=2.0)
    live = [f"HK.{i:05d}" for i in range(1, 13)]

    async def go():
        feed = FutuFeed("127.0.0.1", fake.port, policy=policy, wait=2.0)
        try:
            await feed.snapshot(live)
            it = feed.updates(live)
            batches = []

            async def read():  # the window reading its updates all along
                async for batch in it:
                    batches.append(batch)

            reader = asyncio.ensure_future(read())
            sink = RecordingDays()
            past = feed.past_days()
            started = time.monotonic()
            progress = await Backfill(past, sink, ["HK.00700", "US.AAPL", "SH.600519",
                                                   "SZ.000001"], 3).run()
            ended = time.monotonic()
            reader.cancel()
            return progress, started, ended, feed.scheduler.spacing
        finally:
            await feed.aclose()

    progress, started, ended, spacing_after = run(go(), 30)
    assert progress.finished and progress.saved == 12
    assert spacing_after == policy.spacing            # the lease was given back
    flows = fake.capital_requests(CAPITAL_FLOW)
    assert max_in_window([r.at for r in flows], policy.window) <= policy.limit
    during = [r for r in flows if started <= r.at <= ended]
    day = [r for r in during if r.period == PERIOD_DAY]
    intraday = [r for r in during if r.period == PERIOD_INTRADAY]
    assert len(day) == 4 and len(intraday) >= 8
    # 4 slots of the backfill, each 5 paced slots apart: at least 3 x 5 slots passed.
    assert ended - started >= 3 * 5 * policy.spacing * 0.9
