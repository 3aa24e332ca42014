"""Names and prices of the `futu://` source against tests/support/fake_opend/ through the
real SDK: each market's names once (then from the folder after a restart), OpenD's one
name in both languages and the code alone for what it does not list; the followed
codes' last price and previous close in the snapshot and, when they move, in update
batches; 400 codes a snapshot request; refusals kept per call, the flows unaffected.

pytest-asyncio is not used: each test runs its own loop with asyncio.run."""

import asyncio
import json

import pytest

from flowdeck.feeds.futu import sdk as futu_sdk

if not futu_sdk.installed():
    pytest.skip(f"futu-api is not installed ({futu_sdk.INSTALL_HINT})", allow_module_level=True)

from flowdeck.core.codes import Market
from flowdeck.core.markets import MARKET_ORDER
from flowdeck.core.quota import QuotaPolicy
from flowdeck.core.stock_quota import StockQuota
from flowdeck.feeds.base import HasUniverse, KeepsFiles, TellsNames
from flowdeck.feeds.futu.feed import FutuFeed
from tests.support.fake_opend import (
    SNAPSHOT,
    STATIC_INFO,
    fake_name,
    fake_price,
    fake_stocks,
)
from tests.support.waiting import run
from tests.support.waiting import wait_until as until

CODES = ["HK.00700", "US.AAPL", "SH.600519", "SZ.000001"]
QUICK = QuotaPolicy(window=3.0, slack=0.1)


def open_feed(fake, **kw) -> FutuFeed:
    # Prices every 0.2 s and a refused call tried again after 0.3 s, not 5 and 30 (a
    # quota of its own: its windows remember what this feed sent).
    brisk = StockQuota(quote_every=0.2, refused_wait=0.3, transport_wait=0.3)
    return FutuFeed("127.0.0.1", fake.port, timeout=5, wait=5, policy=QUICK,
                    stocks=brisk, **kw)


def test_the_feed_names_every_market_once_in_both_languages(fake):
    async def go():
        feed = open_feed(fake)
        told = []
        feed.on_names = lambda: told.append(len(feed.universe().stocks()))
        assert isinstance(feed, HasUniverse) and isinstance(feed, TellsNames)
        try:
            await feed.snapshot(CODES)
            await until(lambda: not feed.universe().due(), 10)
            return feed.universe(), told
        finally:
            await feed.aclose()

    names, told = run(go())
    every = [c for m in MARKET_ORDER for c in fake_stocks(m)]
    assert set(names.stocks()) == set(every)
    for code in ("HK.00700", "SH.600519", every[-1]):
        info = names.info(code)
        assert info.name("en") == info.name("zh_CN") == fake_name(code)
    assert names.info("HK.09999").name("en") == ""     # not listed: the code alone
    assert told[-1] == len(every) and len(told) == len(MARKET_ORDER)
    assert len(fake.stock_requests(STATIC_INFO)) == len(MARKET_ORDER)


def test_a_restart_the_same_day_reads_the_names_from_the_folder(fake, tmp_path):
    async def session():
        feed = open_feed(fake, names_folder=tmp_path)
        try:
            await feed.snapshot(["HK.00700"])
            await until(lambda: not feed.universe().due(), 10)
            return feed.universe().info("US.AAPL")
        finally:
            await feed.aclose()

    assert run(session()).name("en") == fake_name("US.AAPL")
    assert len(fake.stock_requests(STATIC_INFO)) == len(MARKET_ORDER)
    assert run(session()).name("en") == fake_name("US.AAPL")
    assert len(fake.stock_requests(STATIC_INFO)) == len(MARKET_ORDER)   # none more


def test_a_data_folder_given_to_a_running_feed_keeps_its_names(fake, tmp_path):
    """The window gives its data folder once the feed runs (feeds.base.KeepsFiles): the
    names learnt before are written under futu/ too, and a feed given the folder before
    it starts takes them all from there, at once."""
    async def running():
        feed = open_feed(fake)
        try:
            await feed.snapshot(["HK.00700"])
            await until(lambda: not feed.universe().due(), 10)
            feed.keep_files_in(tmp_path)
        finally:
            await feed.aclose()

    async def restarted():
        feed = open_feed(fake)
        told = []
        feed.on_names = lambda: told.append(True)
        try:
            feed.keep_files_in(tmp_path)
            name = feed.universe().info("SZ.000001").name("en")   # before any request
            await feed.snapshot(["HK.00700"])
            return name, told
        finally:
            await feed.aclose()

    assert isinstance(open_feed(fake), KeepsFiles)
    run(running())
    assert sorted(p.name for p in (tmp_path / "futu").iterdir()) == sorted(
        f"futu-names-{m.value}.json" for m in MARKET_ORDER)
    asked = len(fake.stock_requests(STATIC_INFO))
    name, told = run(restarted())
    assert name == fake_name("SZ.000001") and told == [True]
    assert len(fake.stock_requests(STATIC_INFO)) == asked


def test_names_kept_in_another_language_than_opends_now_are_fetched_again(fake, tmp_path):
    """OpenD's language changed between two sessions of one day: the kept Chinese names
    are shown only until the first snapshot says English; the market is asked again
    and its names go to the English column (and the file)."""
    async def session(codes):
        feed = open_feed(fake, names_folder=tmp_path)
        try:
            await feed.snapshot(codes)
            names = feed.universe()
            await until(lambda: not names.due() and names.info("HK.00700").name(
                "en") == fake_name("HK.00700", fake.language), 10)
            return names.info("HK.00700"), dict(names.languages)
        finally:
            await feed.aclose()

    first, languages = run(session(["HK.00700"]))
    assert (first.name_zh, first.name_en) == ("腾讯控股", "") and languages[Market.HK] == "zh"
    asked = len(fake.stock_requests(STATIC_INFO))
    fake.language = "en"  # OpenD restarted in English, the same day
    then, languages = run(session(["HK.00700", "US.TSLA"]))
    assert (then.name_en, then.name_zh) == ("TENCENT", "") and then.name("zh_CN") == "TENCENT"
    assert languages == {Market.HK: "en", Market.US: "zh", Market.SH: "zh", Market.SZ: "zh"}
    # HK asked again (the one market whose snapshot showed the change), once.
    assert len(fake.stock_requests(STATIC_INFO)) == asked + 1
    kept = json.loads((tmp_path / "futu-names-HK.json").read_text("utf-8"))
    assert kept["language"] == "en" and kept["names"]["HK.00700"] == "TENCENT"


def test_prices_come_in_the_snapshot_and_again_when_they_move(fake):
    async def go():
        feed = open_feed(fake)
        try:
            first = await feed.snapshot(CODES)
            fake.prices["US.AAPL"] = (201.5, 199.0)
            async with asyncio.timeout(10):
                async for batch in feed.updates(CODES):
                    if batch.quotes:
                        return first, batch
        finally:
            await feed.aclose()

    first, moved = run(go())
    for code in CODES:
        last, prev = fake_price(fake.seed, code)
        assert (first.quotes[code].last, first.quotes[code].prev_close) == (last, prev)
    # Only the code whose price moved; the others' unchanged quotes are not sent again.
    assert list(moved.quotes) == ["US.AAPL"]
    quote = moved.quotes["US.AAPL"]
    assert (quote.last, quote.prev_close) == (201.5, 199.0)
    assert quote.change_ratio == pytest.approx(2.5 / 199.0)


def test_a_snapshot_request_asks_for_400_codes_at_most(fake):
    scope = fake_stocks(Market.HK) + [f"HK.{i:05d}" for i in range(20000, 20450)]

    async def go():
        feed = open_feed(fake)
        try:
            feed.set_rank_scope(scope)
            await until(lambda: len(fake.stock_requests(SNAPSHOT)) >= 2, 10)
        finally:
            await feed.aclose()

    run(go())
    counts = [r.count for r in fake.stock_requests(SNAPSHOT)]
    assert counts[:2] == [400, len(scope) - 400]


def test_refused_calls_keep_their_reason_and_leave_the_flows_alone(fake):
    fake.refuse[SNAPSHOT] = "no quote rights for this market"
    fake.refuse[STATIC_INFO] = "request quota exceeded"

    async def go():
        feed = open_feed(fake)
        try:
            batch = await feed.snapshot(["HK.00700"])
            await until(lambda: {"quotes", "names HK"} <= set(feed.stocks.errors), 10)
            errors = dict(feed.stocks.errors)
            name = feed.universe().info("HK.00700").name("en")
            del fake.refuse[SNAPSHOT]
            await until(lambda: "HK.00700" in feed.stocks.quotes, 10)
            return batch, errors, name, dict(feed.stocks.errors)
        finally:
            await feed.aclose()

    batch, errors, name, later = run(go())
    assert "HK.00700" in batch.records and not batch.quotes
    assert "no quote rights" in errors["quotes"]
    assert "quota exceeded" in errors["names HK"]
    assert name == ""                                      # the code alone meanwhile
    assert "quotes" not in later and "names HK" in later   # still refused
