"""Resetting the table's layout (View > Reset layout, the header's Reset columns) in a
running window: the columns come back fitted to the units and zones on screen, so no
number or time turns into ####, and the rows stay in the sort the user clicked."""

from __future__ import annotations

import asyncio

import pytest
from PySide6.QtCore import QCoreApplication, QPoint, Qt
from PySide6.QtGui import QContextMenuEvent, QStaticText, QTransform
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu

from flowdeck.storage import paths
from flowdeck.storage.config import Config, save_config
from flowdeck.ui.look.i18n import apply_language
from flowdeck.ui.shell.open_window import open_window
from flowdeck.ui.table.cell_delegate import shows_hashes
from flowdeck.ui.table.columns import COLUMN_INDEX, COLUMNS
from tests.support.waiting import wait_until

MAIN = COLUMN_INDEX["main_net_inflow"]
DESC = Qt.SortOrder.DescendingOrder


def hashed_cells(view) -> list[tuple[str, str, str]]:
    """(code, column, text) of every cell on screen that the delegate would paint as
    ####: its text laid out as the delegate lays it out, against the column's width."""
    model, font = view.flow_model, view.viewport().font()
    first, last = view.rowAt(0), view.rowAt(view.viewport().height() - 1)
    last = model.rowCount() - 1 if last < 0 else last
    bad = []
    for row in range(max(first, 0), last + 1):
        cells = model.row_cells(row).cells
        for c, col in enumerate(COLUMNS):
            text, _color, align = cells[c]
            if view.isColumnHidden(c) or not text or col.kind == "spark":
                continue
            laid = QStaticText(text)
            laid.prepare(QTransform(), font)
            if shows_hashes(laid.size().width(), view.columnWidth(c), align):
                bad.append((model.code_at(row), col.key, text))
    return bad


def click_header(view, column: int) -> None:
    """A real left click in the middle of a header section."""
    hh = view.horizontalHeader()
    x = hh.sectionViewportPosition(column) + hh.sectionSize(column) // 2
    QTest.mouseClick(hh.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     QPoint(x, hh.height() // 2))


def header_reset_action(view):
    """Right-click the header and find Reset columns in the menu it pops up."""
    hh = view.horizontalHeader()
    pos = QPoint(hh.sectionViewportPosition(0) + 5, hh.height() // 2)
    QApplication.sendEvent(hh.viewport(), QContextMenuEvent(
        QContextMenuEvent.Reason.Mouse, pos, hh.viewport().mapToGlobal(pos)))
    menu = QApplication.activePopupWidget()
    assert isinstance(menu, QMenu)
    text = QCoreApplication.translate("FlowTableView", "Reset columns")
    return menu, next(a for a in menu.actions() if a.text() == text)


def sorted_by_main(w) -> bool:
    """Whether the rows read largest main net first. With no rates set (these tests'
    settings) amounts in different currencies are not compared: each currency is one
    block of rows (README, Currencies), sorted within."""
    rows = w.model.table_rows()
    blocks: dict[str, list[float]] = {}
    order: list[str] = []
    for r in rows:
        currency = w.table.currency[r]
        if order and order[-1] != currency and currency in blocks:
            return False  # a currency's rows split in two blocks
        if not order or order[-1] != currency:
            order.append(currency)
        blocks.setdefault(currency, []).append(float(w.table.values[r, COLUMNS[MAIN].number]))
    return len(order) > 1 and all(v == sorted(v, reverse=True) for v in blocks.values())


@pytest.mark.parametrize("language", ["en", "zh_CN"])  # zh_CN: amounts in 万/亿
def test_reset_keeps_every_number_readable_and_the_sort(qloop, flowdeck_home,
                                                       language) -> None:
    save_config(paths.config_path(), Config(source_url="sim?speed=20&seed=7",
                                            language=language))
    window = open_window(None, None)
    seen: dict[str, object] = {}

    def check(when: str) -> None:
        hh = window.view.horizontalHeader()
        seen[when] = (hashed_cells(window.view), hh.sortIndicatorSection(),
                      hh.sortIndicatorOrder())
        assert sorted_by_main(window), when  # the rows, not only the arrow

    async def go():
        window.show()
        window.start()
        try:
            await wait_until(lambda: window.follower.applies >= 2, 20)
            view = window.view
            seen["units"] = window.model.text.amount_units
            view.set_column_visible("main_net_inflow_ratio", False)
            click_header(view, MAIN)
            check("sorted")
            window.reset_layout_action.trigger()
            check("View > Reset layout")
            assert not view.isColumnHidden(COLUMN_INDEX["main_net_inflow_ratio"])
            await asyncio.sleep(0.3)  # more batches, re-sorted on the live timer
            menu, action = header_reset_action(view)
            action.trigger()
            menu.close()
            check("Reset columns")
        finally:
            await window.shutdown()
            window.quit()
            apply_language("en")

    qloop.run_until_complete(asyncio.wait_for(go(), 60))
    assert seen.pop("units") == ("wan" if language == "zh_CN" else "kmb")
    for when, (hashed, section, order) in seen.items():
        assert hashed == [], when
        assert (section, order) == (MAIN, DESC), when
