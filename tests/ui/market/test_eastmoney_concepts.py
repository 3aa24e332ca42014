"""The Market view's Sectors tab on `eastmoney://` offers East Money's concept boards
beside the industries (issue 23): the boards' own flows ranked (akshare
stock/stock_fund_em.py, stock_sector_fund_flow_rank `fs=m:90 t:3 f:!50`), named, member
counts unknown ("—"), and a board double-clicked opens its members as East Money lists
them (stock_board_concept_cons_em `fs=b:BK.. f:!50`) in the stocks' tab. The window on
the fake (tests/support/fake_eastmoney/concept_boards.py)."""

from __future__ import annotations

from PySide6.QtGui import QAction

from flowdeck.feeds.eastmoney.rank import CLIST_PATH
from flowdeck.ui.market.market_controls import CONCEPTS, SECTORS_TAB
from flowdeck.ui.market.sector_model import MEMBERS, SECTOR
from tests.support.fake_eastmoney.board_list import FakeBoards
from tests.support.fake_eastmoney.concept_boards import FakeClist, FakeConcepts
from tests.support.fake_eastmoney.threaded import threaded_fake
from tests.support.market_view import open_whole_market
from tests.support.waiting import wait_until


def test_concept_boards_rank_by_their_own_flows_and_open_their_members(window):
    boards, concepts = FakeBoards(300), FakeConcepts(150)
    seen: dict[str, object] = {}

    async def body(w) -> None:
        dock = await open_whole_market(w, "A", 300)
        controls = dock.controls
        controls.tabs.setCurrentIndex(SECTORS_TAB)
        seen["offered"] = controls.boards.isVisible()
        controls.boards.setCurrentIndex(controls.boards.findData(CONCEPTS))
        await wait_until(lambda: dock.sectors.sectors.boards is not None
                         and dock.sectors.rowCount() == 20, 20)
        model = dock.sectors
        seen["ranked"] = list(model.keys)
        seen["names"] = [model.index(r, SECTOR).data() for r in range(3)]
        seen["members"] = model.index(0, MEMBERS).data()
        seen["scope"] = dock.scope_label.text()
        dock.sector_view.doubleClicked.emit(model.index(0, SECTOR))
        await wait_until(lambda: dock.stocks.sector == seen["ranked"][0]
                         and dock.stocks.rowCount() == 20, 20)
        seen["tab"] = controls.mode
        seen["opened"] = list(dock.stocks.keys)
        seen["label"] = dock.sector_label.text()

    with threaded_fake() as fake:
        fake.call(lambda f: f.route(CLIST_PATH, FakeClist(boards, concepts).answer))
        window(body, source=fake.source + "&rate=20")
    best = sorted(concepts.rows, key=lambda r: (-(r["f66"] + r["f72"]), r["f12"]))[:20]
    assert seen["offered"] is True
    assert seen["ranked"] == [r["f12"] for r in best]
    assert seen["names"] == [r["f14"] for r in best[:3]]
    assert seen["members"] == "—"
    assert "150 concept boards" in seen["scope"]
    members = set(concepts.members(best[0]["f12"], boards))
    assert seen["tab"] == 0 and set(seen["opened"]) <= members
    main = {boards.code(r): r["f66"] + r["f72"] for r in boards.rows}
    assert seen["opened"] == sorted(members, key=lambda c: (-main[c], c))[:20]
    assert best[0]["f14"] in seen["label"]


def test_a_source_without_boards_offers_no_concepts(window):
    seen: dict[str, object] = {}

    async def body(w) -> None:
        dock = w.market.dock
        w.findChild(QAction, "marketAction").trigger()
        dock.controls.tabs.setCurrentIndex(SECTORS_TAB)
        await wait_until(lambda: dock.sectors.rowCount() > 0, 20)
        seen["offered"] = dock.controls.boards.isVisible()
        seen["kind"] = dock.controls.board_kind
        seen["boards"] = dock.sectors.sectors.boards

    window(body)   # the simulator: sectors are the members' sums
    assert seen == {"offered": False, "kind": "industry", "boards": None}
