"""A code the window does not follow, double-clicked in the Market view's whole market
(the real dock in the running window on the simulator): the detail dock says it is not
in the watchlist and shows the table's numbers and main-net series, its bars "—" (a
table has no inflow or outflow per tier), never zeros; its Add button adds the code to
the watchlist, and the code's own numbers take over once the window follows it."""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtGui import QAction

from flowdeck.core.records import NUMERIC_KEYS, SERIES_NAMES
from flowdeck.core.units import format_amount, format_ratio
from flowdeck.ui.market.stock_model import CODE
from tests.support.item_views import double_click
from tests.support.waiting import wait_until
from tests.support.window import run_window


def test_a_code_outside_the_watchlist_shows_the_tables_numbers_then_its_own(
        qloop, qtbot, flowdeck_home):
    seen: dict[str, object] = {}

    async def body(window) -> None:
        dock, detail = window.market.dock, window.detail_dock
        window.findChild(QAction, "marketAction").trigger()
        await wait_until(lambda: dock.source.rows.whole and dock.stocks.rowCount() == 20, 20)
        window.market.tables.stop()  # this table from now on: the numbers to compare
        followed = set(window.store.codes)
        code = next(c for c in dock.stocks.keys if c not in followed)
        rows = dock.source.rows
        r = rows.index[code]
        seen["table"] = (np.array(rows.table.values[r]), rows.table.main_series(r).copy())
        double_click(qtbot, dock.stock_view, dock.stocks.index(dock.stocks.row_of_key(code),
                                                              CODE))
        outside = detail.outside
        seen["code"] = (code, detail.code, outside.code)
        seen["visible"] = outside.isVisible()
        seen["text"] = outside.label.text()
        seen["tooltip"] = outside.label.toolTip()
        seen["bars"] = detail.bars.label_texts() + detail.bars.tier_texts()
        x, y = detail.curves[0].getData()
        seen["main curve"] = (np.asarray(x), np.asarray(y))
        seen["other curves"] = [np.asarray(c.getData()[1]) for c in detail.curves[1:]]
        outside.add_button.click()
        seen["watchlist"] = code in window.watchlists.codes()
        await wait_until(lambda: not outside.isVisible(), 20)
        seen["own bars"] = detail.bars.label_texts()
        seen["own curve"] = len(detail.curves[0].getData()[1])

    run_window(qloop, body)
    code, shown, outside_code = seen["code"]
    assert shown == outside_code == code and seen["visible"]
    values, series = seen["table"]
    assert math.isfinite(values[0]) and values[0] != 0
    assert seen["text"].startswith("Not in your watchlist: the Market view's numbers at ")
    assert f"Main {format_amount(values[0])} ({format_ratio(values[1])})" in seen["text"]
    for k, name in enumerate(SERIES_NAMES):
        assert f"{format_amount(values[NUMERIC_KEYS.index(f'{name}_net_inflow')])}" \
            in seen["tooltip"].splitlines()[k]
    # No inflow or outflow per tier in a table: every bar and share says so.
    assert all(t.endswith("—") for t in seen["bars"])
    # The chart: the table's series, its current minute's value last; nothing else.
    x, y = seen["main curve"]
    known = series[np.isfinite(series)]
    assert len(known) > 10 and np.array_equal(y[: len(known)], known)
    assert y[-1] == values[0] and len(x) == len(y)
    assert all(np.isnan(other).all() for other in seen["other curves"])  # drawn: none
    assert seen["watchlist"]
    assert any(t != "—" for t in seen["own bars"]) and seen["own curve"] > 0
