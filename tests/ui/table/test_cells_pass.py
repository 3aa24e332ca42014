"""The live table paints its cells in one pass of its own (ui/table/cells_pass.py), not
through QTableView's per-cell delegate calls (issue 20: the repaint's time). What it
draws must be what Qt's pass with the same delegates draws, pixel for pixel: texts in
their colours, a too-narrow number as ####, sparklines, a selected row, an error row,
a hidden and a moved column, the grid, after a scroll."""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QImage, QPalette
from PySide6.QtWidgets import QTableView

from flowdeck.core.batch import Batch, MinutePoints
from flowdeck.core.history import series_values
from flowdeck.core.records import CapitalFlowRecord
from flowdeck.live.store import LiveStore
from flowdeck.ui.table.columns import COLUMN_INDEX, SPARK_COLUMNS
from flowdeck.ui.table.table_model import FlowTableModel
from flowdeck.ui.table.table_view import ROW_HEIGHT, FlowTableView

CODES = [f"HK.{i:05d}" for i in range(1, 41)]
MAIN = COLUMN_INDEX["main_net_inflow"]


def filled_model() -> FlowTableModel:
    store = LiveStore()
    store.set_codes(CODES)
    rng = np.random.default_rng(5)
    records, errors = {}, {}
    for code in CODES:
        nets = rng.normal(0, 5e7, 4)
        records[code] = CapitalFlowRecord.from_tier_values(
            code, "2025-03-14 11:20:05", np.maximum(nets, 0), np.maximum(-nets, 0), 1e9)
    errors[CODES[3]] = (1016, "refused")
    minutes = np.repeat(np.arange(60, dtype=np.int32), len(CODES))
    cum = rng.normal(0, 1e6, (60 * len(CODES), 4)).cumsum(axis=0)
    points = MinutePoints(CODES * 60, minutes, series_values(cum))
    store.apply(Batch(records=records, points=points, snapshot=True), 1.0)
    store.apply(Batch(errors=errors), 2.0)
    return FlowTableModel(store)


def reference_of(view: FlowTableView) -> QTableView:
    """A plain QTableView over the same model, with the view's own delegates, columns
    and selection: Qt's per-cell pass."""
    ref = QTableView()
    ref.setModel(view.model())
    ref.setSelectionModel(view.selectionModel())
    ref.setItemDelegate(view.cell_delegate)
    for c in SPARK_COLUMNS:
        ref.setItemDelegateForColumn(c, view.delegate)
    ref.verticalHeader().hide()
    ref.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
    ref.horizontalHeader().restoreState(view.horizontalHeader().saveState())
    ref.setPalette(view.palette())
    ref.setFont(view.font())
    return ref


def same_size_grab(view: QTableView, width: int, height: int, scroll: int) -> QImage:
    view.resize(width, height)
    view.show()
    view.verticalScrollBar().setValue(scroll)
    view.viewport().repaint()
    view.viewport().repaint()  # the sparklines' pictures are made after a first paint
    return view.viewport().grab().toImage()


def test_one_pass_paints_what_qts_per_cell_pass_paints(qtbot) -> None:
    model = filled_model()
    view = FlowTableView(model)
    qtbot.addWidget(view)
    # The view's stripes are its own (under the cells): made the base colour here, so
    # that the two views differ only by how cells are painted.
    palette = view.palette()
    palette.setColor(QPalette.ColorRole.AlternateBase, palette.color(QPalette.ColorRole.Base))
    view.setPalette(palette)
    hh = view.horizontalHeader()
    hh.resizeSection(MAIN, 30)                      # #### in a number too wide for it
    view.setColumnHidden(COLUMN_INDEX["currency"], True)
    hh.moveSection(hh.visualIndex(COLUMN_INDEX["small_net_inflow"]), 1)
    view.select_codes([CODES[2], CODES[5]], CODES[2])
    ref = reference_of(view)
    qtbot.addWidget(ref)
    for scroll in (7, 0):
        ours = same_size_grab(view, 1500, 400, scroll)
        theirs = same_size_grab(ref, 1500, 400, scroll)
        assert ours.size() == theirs.size()
        differ = [(x, y) for y in range(ours.height()) for x in range(ours.width())
                  if ours.pixel(x, y) != theirs.pixel(x, y)]
        assert not differ, f"scrolled {scroll}: {len(differ)} pixels differ, {differ[:5]}"
    # Not vacuous (the last picture, not scrolled): a selected row in the highlight,
    # the error row in its background, and many colours of texts and lines.
    code_x = view.columnViewportPosition(COLUMN_INDEX["code"]) + 1

    def colour_at(code: str):
        return ours.pixelColor(code_x, view.rowViewportPosition(model.row_of_code(code)) + 2)

    assert colour_at(CODES[5]) == view.palette().highlight().color()
    assert colour_at(CODES[3]) == model.row_cells(model.row_of_code(CODES[3])).background
    assert colour_at(CODES[4]) == view.palette().base().color()
    assert len({ours.pixel(x, y) for x in range(0, 1500, 3) for y in range(0, 300, 3)}) > 20
