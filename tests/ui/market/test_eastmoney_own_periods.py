"""The Market view's 3/5/10-day periods on `eastmoney://` with no past day archived
(issue 23): ranked by East Money's own period fields (akshare/stock/stock_fund_em.py,
stock_individual_fund_flow_rank: "5日" f164 main net), the value's header saying whose
numbers they are; 20 days, which East Money has no field for, still needs the flow
history. The window on the fake (tests/support/fake_eastmoney/board_list.py with
board_periods.py)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from flowdeck.feeds.eastmoney.rank import CLIST_PATH
from flowdeck.ui.market.stock_model import VALUE
from tests.support.fake_eastmoney.board_list import FakeBoards
from tests.support.fake_eastmoney.board_periods import with_periods
from tests.support.fake_eastmoney.threaded import threaded_fake
from tests.support.market_view import open_whole_market
from tests.support.waiting import wait_until


def test_east_moneys_own_days_rank_when_the_archive_has_none(window):
    boards = with_periods(FakeBoards(300))
    seen: dict[str, object] = {}

    async def body(w) -> None:
        dock = await open_whole_market(w, "A", 300)
        controls = dock.controls
        controls.period.setCurrentIndex(controls.period.findData("5d"))
        await wait_until(lambda: dock.stocks.rowCount() == 20, 20)
        seen["ranked"] = list(dock.stocks.keys)
        seen["header"] = dock.stocks.headerData(VALUE, Qt.Orientation.Horizontal)
        controls.period.setCurrentIndex(controls.period.findData("20d"))
        await wait_until(lambda: dock.stocks.rowCount() == 0 and dock.stocks.problem, 20)
        seen["problem"] = dock.stocks.problem

    with threaded_fake() as fake:
        fake.call(lambda f: f.route(CLIST_PATH, boards.answer))
        window(body, source=fake.source + "&rate=20")
    best = sorted(boards.rows, key=lambda r: (-r["f164"], boards.code(r)))[:20]
    assert seen["ranked"] == [boards.code(r) for r in best]
    assert seen["header"].endswith("5d, East Money's")
    assert "past days" in seen["problem"]
