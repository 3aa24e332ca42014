"""The table's text cells paint from texts laid out once: a cell too narrow for its
number or time (####) or its text (elided) costs a repaint no more than one that fits.
Issue 16: the #### path measured "#" and laid its text out again at every repaint of
every such cell (40 time cells a repaint in tests/bench/table_bench.py)."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics, QImage, QPainter
from PySide6.QtWidgets import QStyleOptionViewItem

from flowdeck.core.batch import Batch
from flowdeck.core.records import CapitalFlowRecord
from flowdeck.live.store import LiveStore
from flowdeck.ui.table.cell_delegate import PAD
from flowdeck.ui.table.columns import CODE_COLUMN, COLUMN_INDEX, COLUMNS, TIME_COLUMN
from flowdeck.ui.table.table_model import FlowTableModel
from flowdeck.ui.table.table_view import FlowTableView

CODES = ["HK.00700", "US.AAPL", "SH.600519", "SZ.000001"]
MAIN = COLUMN_INDEX["main_net_inflow"]


class Recorder(QPainter):
    """A painter that notes what the delegate asks of it."""

    def __init__(self, image: QImage) -> None:
        super().__init__(image)
        self.texts: list[str] = []
        self.layouts = 0   # drawText: a text laid out while painting
        self.metrics = 0   # fontMetrics: a text measured while painting

    def drawText(self, *args):
        self.layouts += 1
        self.texts.append(args[-1])
        return super().drawText(*args)

    def drawStaticText(self, *args):
        self.texts.append(args[-1].text())
        return super().drawStaticText(*args)

    def fontMetrics(self):
        self.metrics += 1
        return super().fontMetrics()


def window(qtbot) -> FlowTableView:
    model = FlowTableModel(LiveStore())
    model.store.set_codes(CODES)
    nets = np.array([-123_456_789.0, 0.0, 0.0, 0.0])
    model.store.apply(Batch(records={
        c: CapitalFlowRecord.from_tier_values(c, "2025-03-14 15:50:05", np.maximum(nets, 0),
                                              np.maximum(-nets, 0), 1e9) for c in CODES}), 1.0)
    view = FlowTableView(model)
    qtbot.addWidget(view)
    view.resize(1400, 300)
    view.show()
    qtbot.waitExposed(view)
    hh = view.horizontalHeader()
    # The user drags three columns narrower than their texts.
    hh.resizeSection(TIME_COLUMN, 40)
    hh.resizeSection(MAIN, 34)
    hh.resizeSection(CODE_COLUMN, 30)
    return view


def repaint_text_cells(view: FlowTableView) -> Recorder:
    """One repaint of every text cell, as the view's paintEvent asks the delegate."""
    image = QImage(view.viewport().size(), QImage.Format.Format_ARGB32_Premultiplied)
    painter = Recorder(image)
    painter.setFont(view.font())
    model = view.flow_model
    for row in range(model.rowCount()):
        for c, col in enumerate(COLUMNS):
            if col.kind == "spark" or view.isColumnHidden(c):  # Qt paints neither
                continue
            index = model.index(row, c)
            option = QStyleOptionViewItem()
            option.rect = view.visualRect(index)
            option.palette = view.palette()
            view.itemDelegateForIndex(index).paint(painter, option, index)
    painter.end()
    return painter


def test_narrow_cells_show_hashes_or_elided_text_without_laying_out_at_each_repaint(qtbot):
    view = window(qtbot)
    metrics = QFontMetrics(view.font())
    first = repaint_text_cells(view)
    again = [repaint_text_cells(view) for _ in range(3)]

    def inside(column: int) -> int:  # a cell's width less the grid line, less padding
        return view.visualRect(view.flow_model.index(0, column)).width() - 2 * PAD

    hashes = "#" * (inside(TIME_COLUMN) // metrics.horizontalAdvance("#"))
    assert first.texts.count(hashes) == len(CODES)  # every time: "15:50:05 HKT" is wider
    assert "#" * (inside(MAIN) // metrics.horizontalAdvance("#")) in first.texts
    elided = metrics.elidedText("HK.00700", Qt.TextElideMode.ElideRight, inside(CODE_COLUMN))
    assert elided != "HK.00700" and elided in first.texts
    for painter in again:
        assert painter.texts == first.texts  # the same cells, drawn the same
        # ...from texts laid out and measured before: nothing is laid out or measured.
        assert (painter.layouts, painter.metrics) == (0, 0)
    assert first.layouts == 0
