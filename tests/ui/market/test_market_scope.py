"""The Market view on futu:// (a RanksScope source) against tests/support/fake_opend/:
shown, the dock tells the feed the watchlists' codes to rank and ranks the feed's
table (the line under the controls carries the feed's own words on its scope); hidden,
it tells an empty scope, giving the quota back to the followed codes. Its Plates menu
lists the market's plates; a plate checked joins the scope and its stocks the ranking."""

from __future__ import annotations

import asyncio

import pytest

from flowdeck.feeds.futu import sdk as futu_sdk

if not futu_sdk.installed():
    pytest.skip(f"futu-api is not installed ({futu_sdk.INSTALL_HINT})", allow_module_level=True)

from flowdeck.core.codes import Market
from flowdeck.core.quota import QuotaPolicy
from flowdeck.core.stock_quota import StockQuota
from flowdeck.feeds.futu.feed import FutuFeed
from flowdeck.live.store import LiveStore
from flowdeck.ui.look.i18n import apply_language
from flowdeck.ui.market.market_dock import MarketDock
from flowdeck.ui.market.market_tables import MarketTables
from tests.support.fake_opend import FakeOpenD, fake_plates
from tests.support.waiting import wait_until
from tests.support.window_settings import back_to_english

WATCHED = ["HK.00700", "HK.00005", "US.AAPL", "HK.00700"]


@pytest.fixture
def english_after(qapp):
    yield
    back_to_english()


def test_shown_it_ranks_the_watchlists_hidden_it_gives_the_quota_back(qloop, english_after):
    seen: dict[str, object] = {}

    async def body(feed: FutuFeed) -> None:
        dock = MarketDock(LiveStore())  # re-ranks at most 4 times a second of real time
        tables = MarketTables(dock, lambda: feed, scope=lambda: WATCHED)
        seen["told while hidden"] = feed.scope
        dock.show()  # visibilityChanged: refresh
        await wait_until(lambda: dock.source.rows.whole and dock.stocks.rowCount() == 2, 20)
        seen["scope"] = list(feed.scope.codes)
        seen["ranked"] = sorted(dock.stocks.keys)
        seen["lines"] = dock.scope_label.text().splitlines()
        apply_language("zh_HK")  # the feed's facts, worded in the window's language
        await wait_until(lambda: dock.windowTitle() == "市場", 5)
        seen["zh_HK"] = dock.scope_label.text().splitlines()
        dock.hide()
        seen["after"] = feed.scope
        seen["asking"] = tables.running
        await asyncio.sleep(0)

    run_with_feed(qloop, body)
    assert seen["told while hidden"] is None
    assert seen["scope"] == ["HK.00700", "HK.00005", "US.AAPL"]
    assert seen["ranked"] == ["HK.00005", "HK.00700"]  # HK, the market shown
    assert seen["lines"] == ["Ranks the source's selection: 2 Hong Kong codes (2 with a "
                             "value)", "your watchlists, 2 codes"]
    assert seen["zh_HK"] == ["排名數據源所選範圍：2 隻港股股票（2 隻有數據）",
                             "您的自選股，共 2 隻股票"]
    assert seen["after"] is None and seen["asking"] is False


def run_with_feed(qloop, body) -> None:
    with FakeOpenD(seed=7) as fake:
        feed = FutuFeed("127.0.0.1", fake.port, timeout=5, wait=5,
                        policy=QuotaPolicy(window=3.0, slack=0.1),
                        stocks=StockQuota(quote_every=0.2))

        async def go() -> None:
            try:
                await body(feed)
            finally:
                await feed.aclose()

        qloop.run_until_complete(asyncio.wait_for(go(), 60))


def test_a_plate_checked_in_the_menu_joins_the_ranking(qloop):
    plate, _name, members = fake_plates(Market.HK)[0]
    seen: dict[str, object] = {}

    async def body(feed: FutuFeed) -> None:
        dock = MarketDock(LiveStore())
        tables = MarketTables(dock, lambda: feed, scope=lambda: WATCHED)
        dock.controls.top.setValue(500)
        dock.show()
        button = dock.plates
        await wait_until(lambda: button.isVisible() and button.menu().actions(), 20)
        seen["menu"] = [a.text() for a in button.menu().actions()]
        button.menu().actions()[0].trigger()
        seen["button"] = button.text()
        seen["plates"] = list(feed.scope.plates)
        await wait_until(lambda: set(members) <= set(dock.stocks.keys), 30)
        seen["ranked"] = set(dock.stocks.keys)
        tables.stop()

    run_with_feed(qloop, body)
    assert seen["menu"] == [n for _c, n, _m in fake_plates(Market.HK)]
    assert seen["button"] == "Plates (1)" and seen["plates"] == [plate]
    assert seen["ranked"] == {"HK.00700", "HK.00005", *members}
