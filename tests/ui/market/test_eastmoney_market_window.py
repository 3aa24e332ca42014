"""The Market view on `eastmoney://` (issue 23): the window on the fake East Money
(tests/support/fake_eastmoney/, clist/get sorted and paged as akshare's
stock_individual_fund_flow_rank reads it, akshare/stock/stock_fund_em.py) ranks East
Money's A-share lists: the top rows are the fake's best by main net, named, the scope
says whose list it is, another field ranked is the one East Money is asked to sort by,
and the Sectors tab ranks East Money's industries."""

from __future__ import annotations

from PySide6.QtGui import QAction

from flowdeck.feeds.eastmoney.rank import CLIST_PATH
from flowdeck.ui.market.market_controls import SECTORS_TAB
from tests.support.fake_eastmoney.board_list import INDUSTRIES, FakeBoards
from tests.support.fake_eastmoney.threaded import threaded_fake
from tests.support.waiting import wait_until


def test_the_market_view_ranks_east_moneys_a_share_list(window):
    boards = FakeBoards(300)
    seen: dict[str, object] = {}

    async def body(w) -> None:
        dock = w.market.dock
        w.findChild(QAction, "marketAction").trigger()
        dock.controls.market.setCurrentIndex(dock.controls.market.findData("A"))
        await wait_until(lambda: dock.source.rows.whole and dock.stocks.rowCount() == 20
                         and len(dock.source.rows.codes) == 300, 30)
        rows = dock.source.rows
        seen["ranked"] = list(dock.stocks.keys)
        seen["names"] = [rows.name(rows.index[c], "zh_CN") for c in dock.stocks.keys]
        seen["scope"] = dock.scope_label.text()
        field = dock.controls.field
        field.setCurrentIndex(field.findData("large_net_inflow"))
        await wait_until(lambda: any(q["fid"] == "f72" for q in fake.call(
            lambda f: list(f.queries[CLIST_PATH]))), 20)
        dock.controls.tabs.setCurrentIndex(SECTORS_TAB)
        await wait_until(lambda: dock.sectors.rowCount() == len(INDUSTRIES), 20)
        seen["sectors"] = {dock.sectors.sectors.name(s, "zh_CN") for s in dock.sectors.keys}

    with threaded_fake() as fake:
        fake.call(lambda f: f.route(CLIST_PATH, boards.answer))
        window(body, source=fake.source + "&rate=20")
        asked = fake.call(lambda f: f.counts[CLIST_PATH])
    best = sorted(boards.rows, key=lambda r: (-(r["f66"] + r["f72"]), boards.code(r)))[:20]
    assert seen["ranked"] == [boards.code(r) for r in best]
    assert seen["names"] == [r["f14"] for r in best]
    assert "East Money's A-share list" in seen["scope"]
    assert seen["sectors"] == set(INDUSTRIES)
    assert asked <= 2 + 3 + 2 + 2  # top, the whole pass, the large nets' top, maybe one more
