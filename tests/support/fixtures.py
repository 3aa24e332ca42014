"""Qt fixtures, a pytest plugin (tests/conftest.py loads it): one qasync loop per test
(drive it with `run_until_complete`; never qtbot.waitSignal inside an async test),
settings under a temp FLOWDECK_HOME, and `window` to run the main window on that loop."""

from __future__ import annotations

import asyncio
import functools
import gc
import os
import sys
from collections.abc import Iterator

import pytest


@pytest.fixture
def gui_garbage_collected() -> None:
    """Free the last test's garbage here, in the GUI thread. Otherwise a collection that
    happens to run in a worker thread (asyncio.to_thread) deletes Qt objects of an old
    qasync loop there; their timers stay registered with the GUI thread and Qt crashes
    delivering a timer event to a deleted object.

    What survives is frozen (gc.freeze): the next collection scans only what the next
    test made, not the whole heap of Qt, numpy and pyqtgraph again (0.11 s a test)."""
    gc.collect()
    gc.freeze()


@pytest.fixture
def qt_windows_hidden() -> Iterator[None]:
    """After the test, what it left on screen hidden (a dock shown on its own, a menu or
    a completer popup left open). Hidden, it paints nothing while later tests run, and
    an open popup cannot take a later test's pointer or keys. Hidden, not closed: a
    close would save a window's layout after FLOWDECK_HOME is put back; not deleted:
    deleting the tests' windows here segfaulted now and then (in PySide's wrappers)."""
    yield
    qt_widgets = sys.modules.get("PySide6.QtWidgets")
    if qt_widgets is None or qt_widgets.QApplication.instance() is None:
        return
    for widget in qt_widgets.QApplication.topLevelWidgets():
        if widget.isVisible():
            widget.hide()


_EXIT_STATUS = [0]


def pytest_sessionfinish(session, exitstatus) -> None:
    _EXIT_STATUS[0] = int(exitstatus)


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config) -> None:
    """End the test process here, once pytest has said everything, without tearing down
    what the Qt tests leave: windows with pyqtgraph charts destroyed by the interpreter's
    exit, after their Python halves, crash it (exit 139 after "N passed"), which would
    fail a green run. The status is pytest's own."""
    if "PySide6.QtWidgets" not in sys.modules:
        return
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(_EXIT_STATUS[0])


_CLOSED_LOOPS: list = []  # see qloop
CANCEL_WAIT_S = 15.0


@pytest.fixture
def qloop(qapp) -> Iterator:
    import qasync

    loop = qasync.QEventLoop(qapp, already_running=False)
    asyncio.set_event_loop(loop)
    try:
        yield loop
    finally:
        try:
            pending = [t for t in asyncio.all_tasks(loop) if not t.done()]
            for task in pending:
                task.cancel()
            if pending:
                # Bounded: a task that does not end when cancelled fails the test that
                # left it, by name, instead of hanging the run (pytest-timeout's alarm
                # does not reach a teardown waiting in Qt's event loop).
                _, stuck = loop.run_until_complete(asyncio.wait(pending, timeout=CANCEL_WAIT_S))
                if stuck:
                    pytest.fail(f"tasks still running {CANCEL_WAIT_S:.0f} s after the test "
                                f"cancelled them: {sorted(t.get_name() for t in stuck)} "
                                f"{[t.get_coro() for t in stuck]}")
        finally:
            asyncio.set_event_loop(None)
            loop.close()
            # Kept: the timers of callbacks cancelled at the close (a task's sleep) are
            # still Qt's until they fire; collected later, in whatever thread runs the
            # collection (a worker of the next test), the loop's timer object left them
            # dangling and Qt's next timer pass crashed the process (SIGSEGV).
            _CLOSED_LOOPS.append(loop)


@pytest.fixture
def flowdeck_home(tmp_path, monkeypatch):
    """FLOWDECK_HOME in a temp dir: config, state (logs), run (lock) all there."""
    home = tmp_path / "home"
    monkeypatch.setenv("FLOWDECK_HOME", str(home))
    return home


@pytest.fixture
def window(qloop, flowdeck_home):
    """`window(body, config=None, source=FAST, timeout=60)`: the main window built,
    started, `await body(window)` run on this test's loop, shut down; returns it."""
    from tests.support.window import run_window

    return functools.partial(run_window, qloop)
