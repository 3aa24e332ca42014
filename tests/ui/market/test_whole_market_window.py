"""The Market view in the running window on the simulator (a RanksMarkets source): View >
Market shows the dock, which asks for the chosen market's whole table while it is
shown and ranks every universe code; the market combo switches to another market's
table; hidden, it asks for nothing."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QComboBox

from tests.support.waiting import wait_until
from tests.support.window import run_window


def test_view_market_ranks_the_simulators_whole_market(qloop, flowdeck_home):
    seen: dict[str, object] = {}

    async def body(window) -> None:
        dock = window.market.dock
        tables = window.market.tables
        seen["asked while hidden"] = tables.running
        window.findChild(QAction, "marketAction").trigger()
        await wait_until(lambda: dock.source.rows.whole and dock.stocks.rowCount() == 20, 20)
        seen["hk"] = list(dock.stocks.keys)
        seen["scope"] = dock.scope_label.text()
        combo = dock.findChild(QComboBox, "marketCombo")
        combo.setCurrentIndex(combo.findData("A"))
        await wait_until(lambda: dock.source.rows.whole and dock.source.rows.key == "A"
                         and dock.stocks.rowCount() == 20, 20)
        seen["a"] = list(dock.stocks.keys)
        seen["a scope"] = dock.scope_label.text()
        window.findChild(QAction, "marketAction").trigger()
        seen["asked once hidden"] = tables.running

    run_window(qloop, body)
    assert seen["asked while hidden"] is False and seen["asked once hidden"] is False
    assert all(c.startswith("HK.") for c in seen["hk"])
    assert seen["scope"].startswith("Ranks the whole simulated market: 2600 Hong Kong "
                                    "codes (")
    assert all(c[:3] in ("SH.", "SZ.") for c in seen["a"])
    assert seen["a scope"].startswith("Ranks the whole simulated market: 5100 A-shares "
                                      "(SH + SZ) codes (")
