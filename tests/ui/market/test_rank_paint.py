"""The Market view's own paint pass (rank_paint.py) as it lands on screen: each text in
its model's colour, the selected row in the highlight, odd rows in the alternate
colour, the grid at each cell's right edge, a text wider than its column elided
(no pixel past the cell); a number elided widens its column."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage, QPalette

from flowdeck.live.store import LiveStore
from flowdeck.ui.market.market_dock import MarketDock
from flowdeck.ui.market.stock_model import CODE, NAME, VALUE
from tests.support.clock import VirtualClock
from tests.support.multiday_tables import live_batch

NETS = {"HK.00700": 9e7, "HK.00005": 5e7, "HK.00011": 3e7, "HK.00939": -2e7}


def shown_dock() -> MarketDock:
    store = LiveStore()
    store.set_codes(list(NETS))
    store.apply(live_batch({c: (n, 1e9) for c, n in NETS.items()}, dt.date(2026, 3, 20)), 1.0)
    dock = MarketDock(store, clock=VirtualClock())
    dock.resize(640, 400)
    dock.show()
    return dock


def pixels(image: QImage, rect) -> set[int]:
    return {image.pixel(x, y) for x in range(rect.left(), rect.right() + 1)
            for y in range(rect.top(), rect.bottom() + 1)}


def test_texts_colours_selection_alternate_rows_and_grid(qapp):
    dock = shown_dock()
    view, model = dock.stock_view, dock.stocks
    assert model.keys == list(NETS)
    view.selectRow(1)
    image = view.viewport().grab().toImage()
    palette = view.palette()
    base, alternate, highlight = (palette.color(r).rgb() for r in (
        QPalette.ColorRole.Base, QPalette.ColorRole.AlternateBase,
        QPalette.ColorRole.Highlight))
    corner = [image.pixel(view.visualRect(model.index(r, CODE)).topLeft() + QPoint(1, 1))
              for r in range(4)]
    assert corner == [base, highlight, base, alternate]
    for row in (0, 3):  # an inflow and an outflow, each in its model's colour
        colour = model.index(row, VALUE).data(Qt.ItemDataRole.ForegroundRole)
        assert isinstance(colour, QColor)
        assert colour.rgb() in pixels(image, view.visualRect(model.index(row, VALUE)))
    rect = view.visualRect(model.index(0, CODE))
    grid = image.pixel(rect.right() + 1, rect.center().y())
    assert grid not in (base, alternate)


def test_a_text_wider_than_its_column_is_elided_inside_its_cell(qapp):
    dock = shown_dock()
    view, model = dock.stock_view, dock.stocks
    view.setColumnWidth(CODE, 24)  # "HK.00700" needs ~60 px
    image = view.viewport().grab().toImage()
    code_rect = view.visualRect(model.index(0, CODE))
    base = view.palette().color(QPalette.ColorRole.Base).rgb()
    assert pixels(image, code_rect) - {base}  # something of it: a letter, the ellipsis
    # The next cell's left margin (the name starts 3 px in) keeps none of the code's ink.
    name_rect = view.visualRect(model.index(0, NAME))
    assert pixels(image, name_rect.adjusted(0, 0, 2 - name_rect.width(), 0)) == {base}


def test_a_number_wider_than_its_column_widens_it_a_name_stays_elided(qapp):
    dock = shown_dock()
    view = dock.stock_view
    view.setColumnWidth(VALUE, 20)
    view.setColumnWidth(NAME, 30)
    view.viewport().grab()  # painted: the numbers elided once
    qapp.processEvents()
    assert view.columnWidth(VALUE) == view.sizeHintForColumn(VALUE) > 20
    assert view.columnWidth(NAME) == 30  # a name elides (its tooltip has it whole)
