"""What a closed window leaves running: nothing of its own. A closed window is hidden,
not deleted (File > Quit; the tests' windows, one after another in one process), so what
it started must stop when it closes, not when Qt deletes it."""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, QTimer, Signal

from flowdeck.ui.shell.start_up_objects import FREEZE_AFTER_MS, freeze_start_up_soon
from tests.support.waiting import wait_until
from tests.support.window import run_window

SEARCH_WORKER = "stock-search-index"


def search_workers() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == SEARCH_WORKER]


def test_a_closed_window_stops_its_search_build_and_starts_none(qloop, flowdeck_home):
    async def body(w):
        await wait_until(lambda: w.store.universe is not None, 20)
        w.search.quick.action.trigger()  # Ctrl+K: the source's names and pinyin now
        w.search.quick.hide()
        await wait_until(lambda: len(w.search.search.index) > 0, 20)

    w = run_window(qloop, body)
    for worker in search_workers():
        worker.join(5.0)
        assert not worker.is_alive()
    qloop.run_until_complete(wait_until(lambda: True))  # a result sent late is delivered
    # The pinyin of the simulator's ~11,700 names takes ~1 s: stopped, not finished.
    assert not w.search.search.index.has_aliases

    # New names and Ctrl+K after the close build nothing (nor would the 3 s timer).
    w.store.set_universe(w.store.universe)
    w.search.quick.action.trigger()
    w.search.quick.hide()
    assert search_workers() == []


def test_the_start_up_freeze_is_the_windows_and_stops_when_it_closes(qapp):
    class Window(QObject):
        closed = Signal()

    window = Window()
    timer = freeze_start_up_soon(window)
    assert timer.parent() is window and timer.isSingleShot()
    assert timer.isActive() and timer.interval() == FREEZE_AFTER_MS
    window.closed.emit()
    assert not timer.isActive()


def test_a_closed_window_leaves_no_timer_of_its_shell_running(qloop, flowdeck_home):
    async def body(w):
        await wait_until(lambda: w.model.rowCount() > 0, 20)

    w = run_window(qloop, body)
    assert [t for t in w.findChildren(QTimer) if t.isActive()] == []
    # Shown again (from the tray), the table re-sorts live again.
    w.show()
    assert w.view.resort_timer.isActive()
    w.hide()
