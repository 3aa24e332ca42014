"""Sorting the live table by clicking its header, as a trader does: a number column
starts with the largest on top, the code column from A; live data re-sorting it at most 4
times a second, held back while the user scrolls or has a row under the mouse (on a
clock the test moves); and how zeros read in cells."""

from __future__ import annotations

import time
from itertools import count

import numpy as np
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent, QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractSlider, QApplication

from flowdeck.core.batch import Batch
from flowdeck.core.records import CapitalFlowRecord
from flowdeck.live.store import LiveStore
from flowdeck.ui.table.columns import CODE_COLUMN, COLUMN_INDEX, COLUMNS
from flowdeck.ui.table.table_model import FlowTableModel
from flowdeck.ui.table.table_view import SCROLL_QUIET_S, FlowTableView
from tests.support.clock import VirtualClock

MAIN = COLUMN_INDEX["main_net_inflow"]
MAIN_RATIO = COLUMN_INDEX["main_net_inflow_ratio"]
DESC, ASC = Qt.SortOrder.DescendingOrder, Qt.SortOrder.AscendingOrder
# Watchlist order on purpose neither by code nor by inflow.
MAINS = {"US.AAPL": 3e6, "HK.00700": -2e6, "SH.600519": 9e6, "HK.01810": 0.0}


def record(code: str, net: float, turnover: float = 1e9) -> CapitalFlowRecord:
    n = np.array([net, 0.0, 0.0, 0.0])
    return CapitalFlowRecord.from_tier_values(code, "2025-03-12 10:30:00", np.maximum(n, 0),
                                              np.maximum(-n, 0), turnover)


def live_model(mains: dict[str, float] = MAINS, clock=time.monotonic) -> FlowTableModel:
    model = FlowTableModel(LiveStore(), clock=clock)
    model.store.set_codes(list(mains))
    model.store.apply(Batch(records={c: record(c, v) for c, v in mains.items()}), 1.0)
    return model


def table_view(qtbot, mains: dict[str, float] = MAINS, clock=time.monotonic) -> FlowTableView:
    view = FlowTableView(live_model(mains, clock))
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


def top(model: FlowTableModel) -> str | None:
    return model.code_at(0)


def test_live_sort_is_rate_limited_and_paused() -> None:
    clock = VirtualClock()
    model = live_model(clock=clock)
    model.sort(MAIN, DESC)                        # a header click sorts at once
    assert top(model) == "SH.600519"
    model.store.apply(Batch(records={"HK.00700": record("HK.00700", 1e7)}), 2.0)
    assert top(model) == "SH.600519"              # live data does not re-sort at once
    clock.now += 10
    model.set_sort_paused(True)
    assert not model.resort_if_due()
    model.set_sort_paused(False)
    assert model.resort_if_due() and top(model) == "HK.00700"
    model.store.apply(Batch(records={"US.AAPL": record("US.AAPL", 2e7)}), 3.0)
    clock.now += 0.1
    assert not model.resort_if_due()              # at most 4 times a second
    assert top(model) == "HK.00700"
    clock.now += 0.2
    assert model.resort_if_due() and top(model) == "US.AAPL"
    clock.now += 10
    assert not model.resort_if_due()              # nothing new: no re-sort


def test_live_sorts_wait_while_the_user_scrolls_or_hovers(qtbot) -> None:
    clock = VirtualClock()
    view = table_view(qtbot, clock=clock)
    view.resort_timer.stop()  # ticked by hand, on the test's clock
    model, viewport = view.flow_model, view.viewport()
    click_header(view, MAIN)
    over_a_row = view.visualRect(model.index(0, MAIN)).center()
    below_the_rows = QPoint(over_a_row.x(), viewport.height() - 5)
    inflows = count(start=1e8, step=1e8)

    def rises_to_the_top(code: str) -> None:
        model.store.apply(Batch(records={code: record(code, next(inflows))}), 2.0)
        clock.now += 1.0  # past the rate limit: only the user holds the sort back

    def top_after_a_tick() -> str | None:
        view.resort_tick()
        return top(model)

    assert not view.user_busy()
    rises_to_the_top("HK.00700")
    QApplication.sendEvent(viewport, QWheelEvent(
        QPointF(over_a_row), QPointF(viewport.mapToGlobal(over_a_row)), QPoint(0, 0),
        QPoint(0, -120), Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase, False))
    assert view.user_busy()
    clock.now += SCROLL_QUIET_S - 0.1
    assert top_after_a_tick() != "HK.00700"       # still within the quiet time
    clock.now += 0.2
    assert top_after_a_tick() == "HK.00700"

    # The pointer's moves as the viewport gets them (QTest.mouseMove goes through the
    # cursor and whatever popup an earlier test left open: in a full run the viewport
    # got nothing).
    def pointer_at(pos: QPoint) -> None:
        QApplication.sendEvent(viewport, QMouseEvent(
            QEvent.Type.MouseMove, QPointF(pos), QPointF(viewport.mapToGlobal(pos)),
            Qt.MouseButton.NoButton, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier))

    pointer_at(over_a_row)
    rises_to_the_top("US.AAPL")
    assert view.user_busy() and top_after_a_tick() != "US.AAPL"
    pointer_at(below_the_rows)                    # the mouse is on no row
    assert not view.user_busy() and top_after_a_tick() == "US.AAPL"
    pointer_at(over_a_row)
    rises_to_the_top("HK.01810")
    assert top_after_a_tick() != "HK.01810"
    QApplication.sendEvent(viewport, QEvent(QEvent.Type.Leave))  # it left the table
    assert top_after_a_tick() == "HK.01810"

    view.resize(1400, 60)                         # too short for the rows: it scrolls
    rises_to_the_top("SH.600519")
    view.verticalScrollBar().triggerAction(QAbstractSlider.SliderAction.SliderPageStepAdd)
    assert top_after_a_tick() != "SH.600519"
    clock.now += SCROLL_QUIET_S
    assert top_after_a_tick() == "SH.600519"


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
