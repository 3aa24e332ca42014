"""The `eastmoney://` feed against the fake East Money on loopback
(tests/support/fake_eastmoney/): snapshot and updates of SH/SZ codes from ulist.np/get
and fflow/kline/get, in the shapes akshare (akshare/stock/stock_fund_em.py) and
efinance (efinance/common/getter.py: get_today_bill, get_realtime_quotes_by_fs) read."""

from __future__ import annotations

import asyncio

import pytest

from flowdeck.feeds.base import PolledFeed
from flowdeck.feeds.eastmoney.fields import ULIST_PATH
from flowdeck.feeds.eastmoney.minutes import FFLOW_PATH
from flowdeck.feeds.registry import check_source, open_feed
from tests.support.clock import VirtualClock
from tests.support.fake_eastmoney.local import local_feed
from tests.support.fake_eastmoney.minutes import FakeMinutes, cumulative
from tests.support.fake_eastmoney.quotes import FakeQuotes, tiers
from tests.support.fake_eastmoney.server import FakeEastMoney
from tests.support.waiting import run


def serve(fake: FakeEastMoney, quotes: FakeQuotes | None = None,
          minutes: FakeMinutes | None = None) -> FakeEastMoney:
    fake.route(ULIST_PATH, (quotes or FakeQuotes()).answer)
    fake.route(FFLOW_PATH, (minutes or FakeMinutes()).answer)
    return fake


def test_registry_knows_the_source() -> None:
    assert check_source("eastmoney://") == "eastmoney://"
    assert check_source("eastmoney://127.0.0.1:8080?tls=0&rate=2") \
        == "eastmoney://127.0.0.1:8080?tls=0&rate=2"


def test_snapshot_maps_the_fields_to_the_fourteen_keys() -> None:
    async def go():
        async with FakeEastMoney() as fake:
            serve(fake)
            feed = open_feed(fake.source + "&rate=20")
            try:
                return await feed.snapshot(["SH.600519", "SZ.000001"]), feed
            finally:
                await feed.aclose()

    batch, feed = run(go())
    assert isinstance(feed, PolledFeed) and not feed.simulated
    record = batch.records["SH.600519"]
    sup, large, medium, small = tiers("1.600519", 0)
    assert record.super_net_inflow == sup and record.small_net_inflow == small
    assert record.main_net_inflow == sup + large
    assert record.retail_net_inflow == medium + small
    assert record.large_net_inflow_ratio == pytest.approx(round(100 * large / 1e9, 2) / 100)
    assert record.update_time == "2025-12-04 17:30:00"   # f124 in Shanghai's time
    assert set(batch.records) == {"SH.600519", "SZ.000001"} and not batch.errors
    assert batch.quotes["SZ.000001"].last == 12.34
    assert feed.universe().info("SH.600519").name_zh == "股600519"


def test_updates_bring_the_minute_series_and_new_fields() -> None:
    async def go():
        clock, fake, quotes = VirtualClock(), FakeEastMoney(), FakeQuotes()
        serve(fake, quotes, FakeMinutes(lines=5))
        feed = local_feed(fake, clock)
        got = []

        async def read():
            async for batch in feed.updates(["SH.600519"]):
                got.append(batch)

        await feed.snapshot(["SH.600519"])
        reader = asyncio.create_task(read())
        await clock.advance(2)
        quotes.version = 1
        await clock.advance(3)
        reader.cancel()
        await feed.aclose()
        return got

    batches = run(go())
    points = [b.points for b in batches if len(b.points)]
    assert len(points) == 1 and points[0].minutes.tolist() == [0, 1, 2, 3, 4]  # 09:31: 0
    sup, large, medium, small = cumulative("1.600519", 4)
    assert points[0].values[-1].tolist() == [sup + large, medium + small, sup, large,
                                             medium, small]
    times = [b.records["SH.600519"].update_time for b in batches if b.records]
    # East Money's next answer, unchanged, goes out again (the table judges a row stale
    # by its last record: test_stale_rows.py), then the new one.
    assert times == ["2025-12-04 17:30:00", "2025-12-04 17:31:00"]


def test_hk_and_us_codes_need_futu() -> None:
    async def go():
        async with FakeEastMoney() as fake:
            serve(fake)
            feed = open_feed(fake.source + "&rate=20")
            try:
                return await feed.snapshot(["HK.00700", "US.AAPL", "SH.600000"]), fake.queries
            finally:
                await feed.aclose()

    batch, queries = run(go())
    assert "futu://" in batch.errors["HK.00700"][1] and "futu://" in batch.errors["US.AAPL"][1]
    assert batch.errors["HK.00700"][0] == 1016 and "SH.600000" in batch.records
    assert [q["secids"] for q in queries[ULIST_PATH]] == ["1.600000"]


def test_suspended_codes_are_no_data_not_zero() -> None:
    async def go():
        async with FakeEastMoney() as fake:
            serve(fake, FakeQuotes(dashes=frozenset({"0.000002"}), unknown=frozenset({"1.688999"})))
            feed = open_feed(fake.source + "&rate=20")
            try:
                return await feed.snapshot(["SZ.000002", "SH.688999", "SH.600000"])
            finally:
                await feed.aclose()

    batch = run(go())
    for code in ("SZ.000002", "SH.688999"):
        assert code not in batch.records
        assert batch.errors[code] == (1016, f"{code}: suspended / no data today")
    assert "SH.600000" in batch.records
