"""The multi-day columns in the table's view: hidden by default (the record's columns
already fill a 1,440-pixel window), shown and hidden through the header's menu, placed
before the sparklines, kept hidden when a layout saved before they existed is restored,
sorted by a header click, readable at their default width; and not computed while
hidden (a batch costs the table nothing for them then)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QContextMenuEvent, QStandardItemModel, QStaticText, QTransform
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu, QTableView

from flowdeck.core.batch import RecordColumns
from flowdeck.core.codes import Market
from flowdeck.core.multiday import archived_part
from flowdeck.core.multiday_columns import MultiDayColumns
from flowdeck.core.trading_calendar import WEEKDAYS, trading_days
from flowdeck.live.store import LiveStore
from flowdeck.ui.table.cell_delegate import shows_hashes
from flowdeck.ui.table.columns import COLUMN_INDEX, COLUMNS, MULTIDAY_COLUMNS, SPARK_COLUMNS
from flowdeck.ui.table.table_model import FlowTableModel
from flowdeck.ui.table.table_view import WIDTHS, FlowTableView
from tests.support.day_matrices import matrix_of
from tests.support.multiday_tables import live_batch

TODAY = dt.date(2026, 3, 20)
PAST = trading_days(WEEKDAYS, dt.date(2026, 2, 2), TODAY)[:-1]
LIVE = {Market.HK: TODAY, Market.US: TODAY}
NET5 = COLUMN_INDEX["main_net_inflow_5d"]
CODES = ["HK.00700", "HK.00005", "US.AAPL"]


class CountingProvider(MultiDayColumns):
    """A MultiDayColumns that notes how many codes each `numbers` call was asked for."""

    def __init__(self, part) -> None:
        super().__init__(part)
        self.asked: list[int] = []

    def numbers(self, columns: RecordColumns):
        self.asked.append(len(columns.codes))
        return super().numbers(columns)


def days_of(scale: dict[str, float]) -> dict:
    # 19 archived days each; far back, a big outflow a partial 20-day window shows.
    return {c: {d: (-999e6 if i == 0 else v * 1e6, 1e9) for i, d in enumerate(PAST[-19:])}
            for c, v in scale.items()}


def make_view(qtbot, scale=None) -> tuple[FlowTableView, CountingProvider]:
    days = days_of(scale or {"HK.00700": 1.0, "HK.00005": 3.0, "US.AAPL": -2.0})
    provider = CountingProvider(archived_part(matrix_of(days), {}, LIVE))
    model = FlowTableModel(LiveStore(), multiday=provider)
    model.store.set_codes(CODES)
    view = FlowTableView(model)
    qtbot.addWidget(view)
    view.resize(1400, 300)
    view.show()
    qtbot.waitExposed(view)
    return view, provider


def header_menu(view: FlowTableView) -> QMenu:
    """Right-click the header; the menu it pops up."""
    hh = view.horizontalHeader()
    pos = QPoint(hh.sectionViewportPosition(0) + 5, hh.height() // 2)
    QApplication.sendEvent(hh.viewport(), QContextMenuEvent(
        QContextMenuEvent.Reason.Mouse, pos, hh.viewport().mapToGlobal(pos)))
    menu = QApplication.activePopupWidget()
    assert isinstance(menu, QMenu)
    return menu


def toggle_in_menu(view: FlowTableView, label: str) -> bool:
    """Click `label` in the header's menu; whether it was checked before."""
    menu = header_menu(view)
    action = next(a for a in menu.actions() if a.text() == label)
    was = action.isChecked()
    action.trigger()
    menu.close()
    # The menu deletes itself on close: let it go while its wrapper is still held here
    # (deleted after the test, it crashed pytest-qt's event processing).
    QApplication.processEvents()
    return was


def test_hidden_by_default_and_shown_and_hidden_through_the_header_menu(qtbot):
    view, _ = make_view(qtbot)
    assert all(view.isColumnHidden(c) for c in MULTIDAY_COLUMNS)
    assert not any(view.isColumnHidden(c) for c in range(MULTIDAY_COLUMNS[0]))
    hh = view.horizontalHeader()
    # Placed between today's numbers and the sparklines.
    assert [hh.visualIndex(c) for c in MULTIDAY_COLUMNS] == list(
        range(hh.visualIndex(SPARK_COLUMNS[0]) - len(MULTIDAY_COLUMNS),
              hh.visualIndex(SPARK_COLUMNS[0])))
    label = COLUMNS[NET5].label("en")
    assert label == "Main net inflow 5d"
    assert toggle_in_menu(view, label) is False
    assert not view.isColumnHidden(NET5)
    assert toggle_in_menu(view, label) is True
    assert view.isColumnHidden(NET5)


def test_not_computed_while_hidden_and_only_the_changed_rows_when_shown(qtbot):
    view, provider = make_view(qtbot)
    view.flow_model.store.apply(live_batch({"HK.00700": (1e6, 1e7)}, TODAY), 1.0)
    view.grab()
    assert provider.asked == []      # hidden: painting neither computes nor formats them
    view.set_column_visible("main_net_inflow_5d", True)
    view.grab()
    assert provider.asked == [len(CODES)]   # once, every row, in one call
    view.flow_model.store.apply(live_batch({"US.AAPL": (1e6, 1e7)}, TODAY), 2.0)
    view.grab()
    view.grab()
    assert provider.asked == [len(CODES), 1]  # the batch's row, once


def test_painting_computes_the_rows_on_screen_and_a_sort_all_of_them(qtbot):
    codes = [f"HK.{i:05d}" for i in range(1, 301)]
    days = days_of(dict.fromkeys(codes, 1.0))
    provider = CountingProvider(archived_part(matrix_of(days), {}, LIVE))
    model = FlowTableModel(LiveStore(), multiday=provider)
    model.store.set_codes(codes)
    view = FlowTableView(model)
    qtbot.addWidget(view)
    view.resize(1400, 300)
    view.show()
    qtbot.waitExposed(view)
    view.set_column_visible("main_net_inflow_5d", True)
    view.grab()
    on_screen = view.rowAt(view.viewport().height() - 1) - view.rowAt(0) + 1
    assert 0 < sum(provider.asked) <= on_screen + 1 < len(codes)
    model.sort(NET5, Qt.SortOrder.DescendingOrder)   # every row, in one more call
    assert sum(provider.asked) == len(codes) and len(provider.asked) == 2


def test_a_header_click_sorts_by_a_multi_day_column(qtbot):
    view, _ = make_view(qtbot)
    view.set_column_visible("main_net_inflow_5d", True)
    hh = view.horizontalHeader()
    x = hh.sectionViewportPosition(NET5) + hh.sectionSize(NET5) // 2
    QTest.mouseClick(hh.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     QPoint(x, hh.height() // 2))
    model = view.flow_model
    assert [model.code_at(r) for r in range(3)] == ["HK.00005", "HK.00700", "US.AAPL"]
    assert hh.sortIndicatorSection() == NET5


def test_a_layout_saved_before_the_columns_existed_keeps_them_hidden(qtbot):
    view, _ = make_view(qtbot)
    old = QTableView()
    qtbot.addWidget(old)
    old.setModel(QStandardItemModel(1, MULTIDAY_COLUMNS[0]))  # the columns there were
    old.setColumnHidden(COLUMN_INDEX["currency"], True)
    old.horizontalHeader().resizeSection(0, 150)
    assert view.restore_header_state(bytes(old.horizontalHeader().saveState().data()))
    assert view.isColumnHidden(COLUMN_INDEX["currency"])      # the user's choices kept
    assert view.columnWidth(0) == 150
    assert all(view.isColumnHidden(c) for c in MULTIDAY_COLUMNS)
    hh = view.horizontalHeader()
    assert hh.visualIndex(MULTIDAY_COLUMNS[-1]) < hh.visualIndex(SPARK_COLUMNS[0])
    # A layout saved with one shown comes back with it shown.
    view.set_column_visible("main_inflow_streak", True)
    state = view.header_state()
    view.reset_header()
    assert view.isColumnHidden(COLUMN_INDEX["main_inflow_streak"])
    assert view.restore_header_state(state)
    assert not view.isColumnHidden(COLUMN_INDEX["main_inflow_streak"])
    assert not view.restore_header_state(b"not a header state")
    assert all(view.isColumnHidden(c) for c in MULTIDAY_COLUMNS)


def test_shown_columns_read_whole_at_their_default_width(qtbot):
    view, _ = make_view(qtbot, {"HK.00700": -99.99, "HK.00005": -990.0, "US.AAPL": 0.5})
    model = view.flow_model
    model.store.apply(live_batch({"HK.00700": (-1e6, 1e8)}, TODAY), 1.0)
    for c in MULTIDAY_COLUMNS:
        view.setColumnHidden(c, False)
    view.fit_columns()
    font = view.viewport().font()
    texts = []
    for row in range(model.rowCount()):
        cells = model.row_cells(row).cells
        for c in MULTIDAY_COLUMNS:
            text, _color, align = cells[c]
            texts.append(text)
            laid = QStaticText(text)
            laid.prepare(QTransform(), font)
            assert not shows_hashes(laid.size().width(), view.columnWidth(c), align), text
    assert any(t.endswith(" 19/20") for t in texts)   # partial windows among them


def test_a_column_shown_after_a_fit_comes_back_at_least_at_its_default_width(qtbot):
    # Fitting the columns (units, a reset) while these are hidden sized them to their
    # numbers alone: the streak's header (連續天數) was cut to "連...".
    view, _ = make_view(qtbot)
    view.fit_columns()
    view.set_column_visible("main_inflow_streak", True)
    view.set_column_visible("main_net_inflow_5d", True)
    assert view.columnWidth(COLUMN_INDEX["main_inflow_streak"]) >= WIDTHS["streak"]
    assert view.columnWidth(NET5) >= WIDTHS["net_days"]
