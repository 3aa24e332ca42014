"""The eastmoney:// feed's whole market and its backfill beside it (market_side.py)
against the fake East Money on loopback (tests/support/fake_eastmoney/: clist/get as
akshare's stock_individual_fund_flow_rank reads it, fflow/daykline as its
stock_individual_fund_flow does; akshare/stock/stock_fund_em.py), through the feed's
own client and budget."""

from __future__ import annotations

import asyncio
import datetime as dt

from flowdeck.core.codes import Market
from flowdeck.core.markets import local_now
from flowdeck.core.rank_answer import sectors_data
from flowdeck.core.ranking import Ranker, RankRequest
from flowdeck.feeds.base import BackfillsBeside, RanksByField, RanksMarkets
from flowdeck.feeds.eastmoney.fields import ULIST_PATH
from flowdeck.feeds.eastmoney.history import DAYKLINE_PATH
from flowdeck.feeds.eastmoney.minutes import FFLOW_PATH
from flowdeck.feeds.eastmoney.rank import CLIST_PATH
from flowdeck.feeds.history_sources import feed_identity
from flowdeck.feeds.registry import open_feed
from flowdeck.live.backfill import Backfill
from flowdeck.storage.archive.archive import Archive
from tests.support.fake_eastmoney.board_list import FakeBoards
from tests.support.fake_eastmoney.day_klines import FakeDays, weekdays
from tests.support.fake_eastmoney.minutes import FakeMinutes
from tests.support.fake_eastmoney.quotes import FakeQuotes
from tests.support.fake_eastmoney.server import FakeEastMoney
from tests.support.waiting import run, wait_until

TODAY = local_now(Market.SH).date()
PAST = weekdays(TODAY - dt.timedelta(days=1), 100)


def test_the_feed_ranks_east_moneys_lists_and_names_their_codes():
    boards = FakeBoards(300)

    async def go():
        async with FakeEastMoney() as fake:
            fake.route(CLIST_PATH, boards.answer)
            fake.route(ULIST_PATH, FakeQuotes().answer)
            feed = open_feed(fake.source + "&rate=20")
            try:
                assert isinstance(feed, RanksMarkets) and isinstance(feed, RanksByField)
                feed.rank_by("super_net_inflow_ratio")  # before any table: kept
                first = await feed.market_table("A")
                await wait_until(lambda: fake.counts[CLIST_PATH] >= 5, 10)
                await wait_until(lambda: len(feed.universe().stocks()) == 300, 10)
                whole = await feed.market_table("A")
                fids = [q["fid"] for q in fake.queries[CLIST_PATH]]
                return first, whole, feed.universe(), dict(fake.counts), fids
            finally:
                await feed.aclose()

    first, whole, names, counts, fids = run(go(), timeout=30)
    assert fids == ["f69", "f69", "f12", "f12", "f12"]
    assert len(first.codes) == 200 and first.covers == "eastmoney"
    assert len(whole.codes) == 300 and counts[CLIST_PATH] == 5  # 2 top + 3 pages
    assert counts.get(ULIST_PATH, 0) == 0  # nothing watched: no quotes asked
    best = Ranker().rank(whole, RankRequest("A", top=1))
    row = max(boards.rows, key=lambda r: r["f66"] + r["f72"])
    assert best.codes == [boards.code(row)]
    assert names.info(boards.code(row)).name_zh == row["f14"]
    assert names.info(boards.code(row)).sector == row["f100"]
    assert set(names.sectors()) == {r["f100"] for r in boards.rows}
    assert sectors_data(whole, RankRequest("A"), names)["sectors"] == 5


def test_a_backfill_beside_the_feed_fills_twenty_codes_under_east_moneys_identity(tmp_path):
    codes = [f"SH.6000{i:02d}" for i in range(10)] + [f"SZ.0000{i:02d}" for i in range(10)]

    async def go():
        async with FakeEastMoney() as fake:
            fake.route(DAYKLINE_PATH, FakeDays([*PAST, TODAY]).answer)
            feed = open_feed(fake.source + "&rate=20")
            try:
                assert isinstance(feed, BackfillsBeside)
                identity = await feed_identity(feed.name, feed)
                archive = Archive.open(tmp_path / "days.sqlite", identity)
                try:
                    done = await Backfill(feed.past_days(), archive, codes, 100).run()
                    saved = archive.days("SZ.000009", PAST[0], TODAY)
                finally:
                    archive.close()
                return identity, done, saved, fake.counts[DAYKLINE_PATH]
            finally:
                await feed.aclose()

    identity, done, saved, asked = run(go(), timeout=60)
    assert identity == "eastmoney"
    assert done.finished and done.saved == 2000 and asked == 21
    assert [d.day for d in saved] == PAST and all(d.turnover is None for d in saved)


def test_a_refused_daykline_settles_its_code_and_says_why():
    boards = FakeBoards(50)

    async def go():
        async with FakeEastMoney() as fake:
            fake.route(CLIST_PATH, boards.answer)
            fake.route(DAYKLINE_PATH, FakeDays(PAST[-3:]).answer)
            feed = open_feed(fake.source + "&rate=20")
            try:
                first = await feed.market_table("SZ")
                past = feed.past_days()
                await past.trading_days(Market.SZ, 2)   # the calendar, asked once
                fake.fail("html", times=1, path=DAYKLINE_PATH)
                parts = [p async for p in past.past_days({"SZ.000002": PAST[-2:]})]
                return first, parts, past.errors
            finally:
                await feed.aclose()

    first, parts, errors = run(go(), timeout=60)
    assert first.codes and all(c.startswith("SZ.") for c in first.codes)
    assert parts[0].settled == [("SZ.000002", d) for d in PAST[-2:]] and not parts[0].days
    assert "refused" in errors["SZ.000002"]


def test_a_ranking_takes_turns_with_500_watched_codes_instead_of_waiting_behind_them():
    codes = [f"SH.{600000 + i:06d}" for i in range(250)] + \
        [f"SZ.{1 + i:06d}" for i in range(250)]

    async def go():
        async with FakeEastMoney() as fake:
            fake.route(CLIST_PATH, FakeBoards(300).answer)
            fake.route(ULIST_PATH, FakeQuotes().answer)
            fake.route(FFLOW_PATH, FakeMinutes().answer)
            feed = open_feed(fake.source + "&rate=20")
            updates = feed.updates(codes)
            following = asyncio.ensure_future(anext(updates))
            try:
                # The rows' round keeps the budget busy (500 codes' minutes to fetch).
                await wait_until(lambda: fake.counts[FFLOW_PATH] >= 3, 10)
                table = await asyncio.wait_for(feed.market_table("A"), 5)
                return table, dict(fake.counts)
            finally:
                following.cancel()
                await updates.aclose()
                await feed.aclose()

    table, counts = run(go(), timeout=30)
    assert len(table.codes) == 200 and counts[CLIST_PATH] >= 2
