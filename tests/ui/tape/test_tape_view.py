"""The tape freezes while the user reads it: scrolled away from the top (the rows under
their eyes do not move, the pill counts what came), live again back at the top; the
mouse over a row freezes it, leaving the rows thaws it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication

from flowdeck.core.batch import Batch
from flowdeck.live.store import LiveStore
from flowdeck.ui.tape.tape_dock import TapeDock
from flowdeck.ui.tape.tape_text import CODE
from tests.support.item_views import cell_point
from tests.support.tape_trades import prints


def shown_dock(qtbot) -> tuple[TapeDock, LiveStore]:
    store = LiveStore()
    store.set_codes(["HK.00700"])
    dock = TapeDock(store)
    dock.resize(600, 300)
    qtbot.addWidget(dock)
    dock.show()
    qtbot.waitExposed(dock)
    store.apply(Batch(trades=prints("HK.00700", range(1, 101))), 1.0)
    QApplication.processEvents()  # the scroll bar's range laid out
    return dock, store


def test_scrolled_away_from_the_top_it_holds_still_and_back_at_the_top_it_is_live(qtbot):
    dock, store = shown_dock(qtbot)
    view, model = dock.view, dock.model
    bar = view.verticalScrollBar()
    bar.setValue(bar.maximum())  # the user drags the scroll bar down
    bottom = view.rowAt(view.viewport().height() - 2)
    seen = model.index(bottom, CODE).data(), int(model.rows.shown.seq[bottom])
    store.apply(Batch(trades=prints("HK.00700", [101, 102, 103])), 2.0)
    assert (model.rowCount(), int(model.rows.shown.seq[bottom])) == (100, seen[1])
    assert view.pill.isVisible() and view.pill.text() == "↑ 3 new"
    bar.setValue(0)
    assert model.rowCount() == 103 and not view.pill.isVisible()
    assert model.rows.shown.seq[:3].tolist() == [103, 102, 101]
    store.apply(Batch(trades=prints("HK.00700", [104])), 3.0)
    assert int(model.rows.shown.seq[0]) == 104 and bar.value() == 0


def test_the_mouse_over_a_row_freezes_it_and_leaving_thaws_it(qtbot):
    dock, store = shown_dock(qtbot)
    view, model = dock.view, dock.model
    qtbot.mouseMove(view.viewport(), cell_point(view, model.index(2, CODE)))
    assert model.frozen
    store.apply(Batch(trades=prints("HK.00700", [101])), 2.0)
    assert int(model.rows.shown.seq[0]) == 100
    QApplication.sendEvent(view.viewport(), QEvent(QEvent.Type.Leave))
    assert not model.frozen and int(model.rows.shown.seq[0]) == 101
    qtbot.mouseMove(view.viewport(), cell_point(view, model.index(0, CODE)))
    store.apply(Batch(trades=prints("HK.00700", [102])), 3.0)
    qtbot.mouseClick(view.pill, Qt.MouseButton.LeftButton)
    assert not model.frozen and int(model.rows.shown.seq[0]) == 102
