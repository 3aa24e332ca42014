"""The crash handler: an exception in a Qt slot, in an asyncio task or callback, or in
a thread is logged to the file in the state dir and shown once in a non-modal dialog;
the application keeps running."""

from __future__ import annotations

import asyncio
import gc
import threading

import pytest
from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from flowdeck.ui.shell.app import (
    APPLICATION,
    ORGANIZATION,
    CrashHandler,
    GuiThreadCollector,
    crash_handler,
    log_path,
    make_app,
    setup_logging,
    spawn,
)
from tests.support.waiting import wait_until


@pytest.fixture
def handler(qapp, flowdeck_home):
    h = CrashHandler(setup_logging())
    h.install()
    yield h
    h.uninstall()
    if h.dialog is not None:
        h.dialog.close()
        h.dialog.deleteLater()


class Emitter(QObject):
    fired = Signal()


def _boom_slot() -> None:
    raise ValueError("boom in a slot")


@pytest.mark.qt_no_exception_capture
def test_exception_in_a_slot_is_logged_and_shown_once(qtbot, handler) -> None:
    emitter = Emitter()
    emitter.fired.connect(_boom_slot)
    QTimer.singleShot(0, emitter.fired.emit)
    QTimer.singleShot(0, emitter.fired.emit)
    qtbot.waitUntil(lambda: handler.errors == 2, timeout=3000)
    dialog = handler.dialog
    assert dialog is not None and dialog.isVisible() and not dialog.isModal()
    assert dialog.objectName() == "crashDialog"
    assert "ValueError: boom in a slot" in dialog.summary()
    assert dialog.errors == 2  # one dialog, the second error counted in it
    text = log_path().read_text(encoding="utf-8")
    assert text.count("boom in a slot") >= 2 and "Traceback" in text
    # Still alive: timers keep firing.
    ticks = []
    QTimer.singleShot(10, lambda: ticks.append(1))
    qtbot.waitUntil(lambda: ticks == [1], timeout=2000)


def test_exception_in_a_task_and_a_callback_reach_the_handler(qloop, handler) -> None:
    handler.install_loop(qloop)

    async def failing() -> None:
        raise RuntimeError("boom in a task")

    def failing_callback() -> None:
        raise KeyError("boom in a callback")

    async def go() -> None:
        spawn(failing(), "failing")
        asyncio.get_running_loop().call_soon(failing_callback)
        await wait_until(lambda: handler.errors == 2, 3)
        # A plain task nobody awaits is reported when it is collected.
        task = asyncio.get_running_loop().create_task(failing())
        await asyncio.sleep(0.01)
        del task
        gc.collect()
        await wait_until(lambda: handler.errors == 3, 3)
        await asyncio.sleep(0.01)  # the loop still runs

    qloop.run_until_complete(go())
    text = log_path().read_text(encoding="utf-8")
    assert "boom in a task" in text and "boom in a callback" in text
    assert handler.dialog is not None and handler.dialog.isVisible()
    assert "boom in a" in handler.dialog.summary()


def test_exception_in_a_thread(qtbot, handler) -> None:
    def run() -> None:
        raise OSError("boom in a thread")

    t = threading.Thread(target=run, name="worker")
    t.start()
    t.join()
    qtbot.waitUntil(lambda: handler.errors == 1, timeout=3000)
    text = log_path().read_text(encoding="utf-8")
    assert "boom in a thread" in text and "in thread worker" in text


def test_make_app_names_and_hooks(qapp, flowdeck_home) -> None:
    import sys
    before = sys.excepthook
    try:
        app = make_app([])
        assert app is qapp
        assert QCoreApplication.organizationName() == ORGANIZATION
        assert QCoreApplication.applicationName() == APPLICATION
        handler = crash_handler(app)
        assert handler is not None and sys.excepthook == handler.excepthook
        assert make_app([]) is app and crash_handler(app) is handler  # made once
        assert log_path().parent.is_dir()
        # The window icon comes from resources/ (from source here, the bundle's folder
        # when frozen) and is FlowDeck's, not Qt's empty default.
        icon = app.windowIcon()
        assert not icon.isNull() and icon.pixmap(32, 32).toImage().pixelColor(16, 3).alpha() > 0
        assert app.desktopFileName() == "flowdeck"
        collector = app.findChild(GuiThreadCollector, "gcCollector")
        assert collector is not None and not gc.isenabled()
        garbage = []
        garbage.append(garbage)  # a cycle
        collector.collect()
    finally:
        for collector in qapp.findChildren(GuiThreadCollector):
            collector.stop()
            collector.setParent(None)
            collector.deleteLater()
        assert gc.isenabled()
        h = crash_handler(qapp)
        if h is not None:
            h.uninstall()
            h.setParent(None)
            h.deleteLater()
        sys.excepthook = before
