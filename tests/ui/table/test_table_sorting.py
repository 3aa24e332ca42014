"""Sorting the live table by clicking its header, as a trader does: a number column
starts with the largest on top, the code column from A; and how zeros read in cells."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from flowdeck.core.batch import Batch
from flowdeck.core.flow_table import FlowTable
from flowdeck.core.history import IntradayHistory
from flowdeck.core.records import CapitalFlowRecord
from flowdeck.ui.table.columns import CODE_COLUMN, COLUMN_INDEX, COLUMNS
from flowdeck.ui.table.table_model import FlowTableModel
from flowdeck.ui.table.table_view import FlowTableView

MAIN = COLUMN_INDEX["main_net_inflow"]
MAIN_RATIO = COLUMN_INDEX["main_net_inflow_ratio"]
DESC, ASC = Qt.SortOrder.DescendingOrder, Qt.SortOrder.AscendingOrder
# Watchlist order on purpose neither by code nor by inflow.
MAINS = {"US.AAPL": 3e6, "HK.00700": -2e6, "SH.600519": 9e6, "HK.01810": 0.0}


def record(code: str, net: float, turnover: float = 1e9) -> CapitalFlowRecord:
    n = np.array([net, 0.0, 0.0, 0.0])
    return CapitalFlowRecord.from_tier_values(code, "2025-03-12 10:30:00", np.maximum(n, 0),
                                              np.maximum(-n, 0), turnover)


def table_view(qtbot, mains: dict[str, float] = MAINS) -> FlowTableView:
    model = FlowTableModel(FlowTable(), IntradayHistory())
    model.set_codes(list(mains))
    model.apply(Batch(records={c: record(c, v) for c, v in mains.items()}), 1.0)
    view = FlowTableView(model)
    qtbot.addWidget(view)
    view.resize(1400, 300)
    view.show()
    qtbot.waitExposed(view)
    return view


def click_header(view: FlowTableView, column: int) -> None:
    hh = view.horizontalHeader()
    x = hh.sectionViewportPosition(column) + hh.sectionSize(column) // 2
    QTest.mouseClick(hh.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     QPoint(x, hh.height() // 2))


def shown(view: FlowTableView) -> list[str]:
    return [view.flow_model.code_at(r) for r in range(view.flow_model.rowCount())]


def indicator(view: FlowTableView) -> tuple[int, Qt.SortOrder]:
    hh = view.horizontalHeader()
    return hh.sortIndicatorSection(), hh.sortIndicatorOrder()


def test_a_first_click_on_a_number_puts_the_largest_on_top(qtbot) -> None:
    view = table_view(qtbot)
    by_inflow = sorted(MAINS, key=MAINS.__getitem__, reverse=True)
    click_header(view, MAIN)
    assert indicator(view) == (MAIN, DESC)
    assert shown(view) == by_inflow == ["SH.600519", "US.AAPL", "HK.01810", "HK.00700"]
    click_header(view, MAIN)                     # the second click turns it over
    assert indicator(view) == (MAIN, ASC) and shown(view) == by_inflow[::-1]
    click_header(view, MAIN)                     # the third gives the watchlist's order
    assert indicator(view)[0] == -1 and shown(view) == list(MAINS)
    click_header(view, MAIN_RATIO)               # every number column starts the same way
    assert indicator(view) == (MAIN_RATIO, DESC) and shown(view) == by_inflow


def test_a_first_click_on_the_code_sorts_from_a(qtbot) -> None:
    view = table_view(qtbot)
    click_header(view, MAIN)
    click_header(view, CODE_COLUMN)
    assert indicator(view) == (CODE_COLUMN, ASC) and shown(view) == sorted(MAINS)


def test_zero_reads_as_zero_without_a_sign(qtbot) -> None:
    # A tiny outflow rounds to zero: no "-0.00%" next to the real outflows.
    view = table_view(qtbot, {"HK.01810": 0.0, "HK.00700": -1.0})
    model = view.flow_model
    display = Qt.ItemDataRole.DisplayRole
    cells = {model.code_at(r): (model.index(r, MAIN).data(display),
                                model.index(r, MAIN_RATIO).data(display))
             for r in range(model.rowCount())}
    assert cells == {"HK.01810": ("0.00", "0.00%"), "HK.00700": ("-1.00", "0.00%")}
    assert float(model.table.values[model.table.row_of("HK.00700"),
                                    COLUMNS[MAIN_RATIO].number]) < 0
