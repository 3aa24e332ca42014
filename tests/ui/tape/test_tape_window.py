"""The Big trades dock in the running window, as a trader works it: View > Big trades
shows it; trades arrive newest first with their names; the mouse over a row freezes
the tape and a pill counts what came since, a click on it goes live again; a code typed
in the filter keeps that code's trades; a double-click selects the stock in the table
and the detail dock, whose Trades tab lists that stock's own trades and whose chart
marks them; the layout keeps the dock shown and Reset layout hides it again; File >
Settings switches the language and the dock follows."""

from __future__ import annotations

import asyncio
import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction

from flowdeck.core.batch import Batch
from flowdeck.core.big_trades import SELL, concat_trades
from flowdeck.storage import paths
from flowdeck.ui.tape.tape_dock import TapeDock
from flowdeck.ui.tape.tape_text import CODE, NAME, SIDE
from tests.support.batches import rec
from tests.support.item_views import cell_point, double_click
from tests.support.named_feed import NamedFeed
from tests.support.tape_trades import prints
from tests.support.universes import StaticUniverse
from tests.support.waiting import wait_until
from tests.support.window import run_window
from tests.support.window_settings import back_to_english, choose_in_settings

WATCHLIST = ["HK.00700", "US.AAPL"]


def write_config() -> None:
    path = paths.config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f'[display]\nlanguage = "en"\n[[watchlists]]\nname = "Default"\n'
                    f'codes = {json.dumps(WATCHLIST)}\n', encoding="utf-8")


def gated_feed(batches: list[Batch]) -> tuple[NamedFeed, asyncio.Queue]:
    """A feed whose n-th update comes when the test puts the n-th item in the queue."""
    gate: asyncio.Queue = asyncio.Queue()

    async def sleep(_seconds: float) -> None:
        await gate.get()

    snapshot = Batch(snapshot=True, records={c: rec(c, 1e6) for c in WATCHLIST})
    return NamedFeed(StaticUniverse(), [snapshot], [batches], sleep=sleep), gate


@pytest.fixture
def english_after(qapp):
    yield
    back_to_english()


def rows(dock: TapeDock) -> list[tuple[str, int]]:
    shown = dock.model.rows.shown
    return list(zip(shown.codes, shown.seq.tolist(), strict=True))


def test_the_big_trades_dock_as_a_trader_works_it(qloop, qtbot, flowdeck_home, english_after):
    write_config()
    feed, gate = gated_feed([
        Batch(trades=concat_trades([prints("HK.00700", [1, 2]), prints("US.AAPL", [1])])),
        Batch(trades=prints("HK.00700", [3, 4], side=SELL)),
        Batch(trades=prints("US.AAPL", [2], price=200.0))])
    seen: dict[str, object] = {}

    async def body(window) -> None:
        await window.follower.stop()
        window.follower.start(feed, WATCHLIST)
        await wait_until(lambda: len(window.store.table) == 2, 10)
        dock = window.findChild(TapeDock, "tapeDock")
        action = window.findChild(QAction, "tapeAction")
        seen["menu"] = (dock.isHidden(), action in window.view_menu.actions(), action.text())
        action.trigger()
        seen["shown"] = dock.isVisible()
        view, model = dock.view, dock.model

        gate.put_nowait(None)
        await wait_until(lambda: len(model.rows) == 3, 5)
        seen["first"] = rows(dock)
        seen["name"] = model.index(2, NAME).data()

        # The mouse over a row: frozen; what comes waits under the pill.
        qtbot.mouseMove(view.viewport(), cell_point(view, model.index(1, CODE)))
        gate.put_nowait(None)
        await wait_until(lambda: model.rows.pending_count == 2, 5)
        seen["frozen"] = (rows(dock), view.pill.isVisible(), view.pill.text())
        qtbot.mouseClick(view.pill, Qt.MouseButton.LeftButton)
        seen["live"] = (rows(dock)[:2], view.pill.isVisible())

        qtbot.keyClicks(dock.controls.code, "aapl")
        seen["filtered"] = rows(dock)
        gate.put_nowait(None)
        await wait_until(lambda: len(model.rows) == 2, 5)
        seen["filtered live"] = rows(dock)

        double_click(qtbot, view, model.index(0, CODE))
        detail = window.detail_dock
        tape = window.tape.detail
        seen["detail"] = (detail.code, window.view.current_code())
        seen["detail tape"] = [s for _c, s in zip(tape.model.rows.shown.codes,
                                                  tape.model.rows.shown.seq.tolist(),
                                                  strict=True)]
        seen["tab"] = detail.tabs.tabText(tape.tab)
        seen["marks"] = (tape.marks.count, tape.marks.scatter.data["x"].tolist())

        choose_in_settings(window, languageCombo="zh_CN")
        await wait_until(lambda: dock.windowTitle() != "Big trades", 5)
        seen["zh"] = (dock.windowTitle(), action.text(),
                      model.headerData(SIDE, Qt.Orientation.Horizontal),
                      model.index(0, SIDE).data(), detail.tabs.tabText(tape.tab))

    run_window(qloop, body)
    assert seen["menu"] == (True, True, "Big trades")
    assert seen["shown"]
    assert seen["first"] == [("US.AAPL", 1), ("HK.00700", 2), ("HK.00700", 1)]
    assert seen["name"] == "Tencent Holdings"
    assert seen["frozen"] == ([("US.AAPL", 1), ("HK.00700", 2), ("HK.00700", 1)], True,
                              "↑ 2 new")
    assert seen["live"] == ([("HK.00700", 4), ("HK.00700", 3)], False)
    assert seen["filtered"] == [("US.AAPL", 1)]
    assert seen["filtered live"] == [("US.AAPL", 2), ("US.AAPL", 1)]
    assert seen["detail"] == ("US.AAPL", "US.AAPL")
    assert seen["detail tape"] == [2, 1]
    assert seen["tab"] == "Trades"
    assert seen["marks"] == (1, [30.0])  # both buys at 10:00 New York: minute 30
    assert seen["zh"] == ("大单追踪", "大单追踪", "方向", "买入", "大单")

    async def again(window) -> None:
        dock = window.findChild(TapeDock, "tapeDock")
        seen["restored"] = dock.isVisible()
        window.reset_layout_action.trigger()
        seen["reset"] = dock.isHidden()

    run_window(qloop, again)  # the layout the first window saved as it closed
    assert seen["restored"] and seen["reset"]
