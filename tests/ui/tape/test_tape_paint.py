"""The tape's own paint pass (tape_paint.py) as it lands on screen: the side and value in
the convention's colour, the selected row in the highlight, odd rows in the alternate
colour, the grid at each cell's right edge; after a batch goes on top each row shows
its own trade (the cells kept by row serial follow their rows); a text wider than its
column stays inside its cell."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QImage, QPalette

from flowdeck.core.batch import Batch
from flowdeck.core.big_trades import SELL, concat_trades
from flowdeck.live.store import LiveStore
from flowdeck.ui.look.theme_colors import LIGHT
from flowdeck.ui.tape.tape_dock import TapeDock
from flowdeck.ui.tape.tape_text import CODE, NAME, SIDE, VALUE
from tests.support.tape_trades import prints
from tests.support.universes import StaticUniverse


def pixels(image: QImage, rect) -> set[int]:
    return {image.pixel(x, y) for x in range(rect.left(), rect.right() + 1)
            for y in range(rect.top(), rect.bottom() + 1)}


def shown_dock(qtbot) -> tuple[TapeDock, LiveStore]:
    store = LiveStore()
    store.set_codes(["HK.00700", "HK.00939"])
    store.set_universe(StaticUniverse())
    dock = TapeDock(store)
    # Closed and deleted by qtbot after the test: a top-level dock left to the garbage
    # collector was deleted in a later test's teardown, while Qt listed the top-level
    # widgets (a segfault in CI).
    qtbot.addWidget(dock)
    dock.model.set_display("en", "kmb", "red-up")
    dock.model.set_theme(LIGHT)
    dock.resize(640, 400)
    dock.show()
    return dock, store


def test_texts_colours_selection_alternate_rows_and_grid(qtbot):
    dock, store = shown_dock(qtbot)
    store.apply(Batch(trades=concat_trades([prints("HK.00700", [1, 2]),
                                            prints("HK.00939", [1, 2], side=SELL)])), 1.0)
    view, model = dock.view, dock.model
    view.selectRow(1)
    image = view.viewport().grab().toImage()
    palette = view.palette()
    base, alternate, highlight = (palette.color(r).rgb() for r in (
        QPalette.ColorRole.Base, QPalette.ColorRole.AlternateBase,
        QPalette.ColorRole.Highlight))
    corner = [image.pixel(view.visualRect(model.index(r, CODE)).topLeft() + QPoint(1, 1))
              for r in range(4)]
    assert corner == [base, highlight, base, alternate]
    for row, colour in ((0, LIGHT.green), (3, LIGHT.red)):  # a sell, a buy: red up
        for column in (SIDE, VALUE):
            assert model.index(row, column).data(Qt.ItemDataRole.ForegroundRole).name() == colour
            rect = view.visualRect(model.index(row, column))
            assert model.index(row, column).data(Qt.ItemDataRole.ForegroundRole).rgb() in \
                pixels(image, rect)
    rect = view.visualRect(model.index(0, CODE))
    assert image.pixel(rect.right() + 1, rect.center().y()) not in (base, alternate)


def test_rows_keep_their_cells_as_batches_go_on_top(qtbot):
    dock, store = shown_dock(qtbot)
    model = dock.model
    store.apply(Batch(trades=prints("HK.00700", [1])), 1.0)
    first = model.painted(0, CODE)[0]
    dock.view.viewport().grab()
    store.apply(Batch(trades=prints("HK.00939", [1, 2], side=SELL)), 2.0)
    dock.view.viewport().grab()
    assert [model.painted(r, CODE)[0] for r in range(3)] == ["HK.00939", "HK.00939", first]
    assert [model.painted(r, SIDE)[0] for r in range(3)] == ["Sell", "Sell", "Buy"]


def test_a_name_wider_than_its_column_stays_inside_its_cell(qtbot):
    dock, store = shown_dock(qtbot)
    store.apply(Batch(trades=prints("HK.00939", [1])), 1.0)  # China Construction Bank
    view, model = dock.view, dock.model
    view.setColumnWidth(NAME, 40)
    image = view.viewport().grab().toImage()
    base = view.palette().color(QPalette.ColorRole.Base).rgb()
    rect = view.visualRect(model.index(0, NAME))
    # Past the grid line, the next cell's margin (its price is on its right).
    beyond = QRect(rect.right() + 2, rect.top(), 2, rect.height() - 1)
    assert pixels(image, beyond) == {base}
    assert len(pixels(image, rect.adjusted(0, 0, -1, -1))) > 1  # its text, elided
