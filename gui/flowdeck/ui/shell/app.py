"""The QApplication factory and the crash handler (in the spirit of vnpy's create_qapp).

Every unhandled exception — from Qt slots (sys.excepthook), from other threads
(threading.excepthook) and from asyncio tasks and callbacks (the loop's exception
handler: under qasync sys.excepthook never sees those) — is written to the log file in
the state directory and shown once in a non-modal dialog; the window keeps running.
The log files are 0600 and every line goes through core.redact: a source's token never
reaches the log.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import sys
import threading
import traceback
from collections.abc import Coroutine, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal, Slot
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from ...core.redact import redact_source
from ...storage import paths
from ...storage.private_files import PrivateRotatingFileHandler
from ...storage.resources import resource_path
from .crash_dialog import CrashDialog

ORGANIZATION = "FlowDeck"
APPLICATION = "flowdeck"
LOG_FILE_NAME = "flowdeck.log"
_LOG_BYTES = 1_000_000
_LOG_BACKUPS = 3

log = logging.getLogger("flowdeck")


def log_path() -> Path:
    return paths.state_dir() / LOG_FILE_NAME


def setup_logging(path: Path | None = None) -> Path:
    """Log INFO and above from `flowdeck.*` to a rotating file (3 x 1 MB); idempotent."""
    path = path or log_path()
    paths.ensure_dir(path.parent)
    for handler in list(log.handlers):
        if getattr(handler, "flowdeck_file", False):
            log.removeHandler(handler)
            handler.close()
    handler = PrivateRotatingFileHandler(
        path, maxBytes=_LOG_BYTES, backupCount=_LOG_BACKUPS, encoding="utf-8")
    handler.tighten_backups()
    handler.flowdeck_file = True  # type: ignore[attr-defined]
    handler.setFormatter(RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    return path


class RedactingFormatter(logging.Formatter):
    """Each line, traceback included, with source secrets blanked (core.redact): a
    message or an exception may quote a URL with its token."""

    def format(self, record: logging.LogRecord) -> str:
        return redact_source(super().format(record))


def format_exception(exc: BaseException | None, message: str = "") -> tuple[str, str]:
    """(one-line summary, full text) of an exception or a loop handler's message."""
    if exc is None:
        return message or "unknown error", message or "unknown error"
    summary = f"{type(exc).__name__}: {exc}"
    details = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    if message:
        details = f"{message}\n{details}"
    return summary, details


class CrashHandler(QObject):
    """Logs every unhandled exception and shows one CrashDialog. `reported` is emitted
    (in the GUI thread, whatever thread raised) with the summary of each error."""

    reported = Signal(str)
    _error = Signal(str, str)  # summary, details; queued into the GUI thread

    def __init__(self, log_file: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("crashHandler")
        self.log_file = log_file
        self.dialog: CrashDialog | None = None
        self.errors = 0
        self._previous: tuple | None = None
        self._error.connect(self._show)

    # --- hooks -----------------------------------------------------------------------

    def install(self) -> None:
        """Take over sys.excepthook and threading.excepthook (undone by `uninstall`)."""
        if self._previous is None:
            self._previous = (sys.excepthook, threading.excepthook)
        sys.excepthook = self.excepthook
        threading.excepthook = self.thread_excepthook

    def uninstall(self) -> None:
        if self._previous is not None:
            sys.excepthook, threading.excepthook = self._previous
            self._previous = None

    def install_loop(self, loop: asyncio.AbstractEventLoop) -> None:
        loop.set_exception_handler(self.loop_exception_handler)

    def excepthook(self, exc_type: type[BaseException], exc: BaseException,
                   tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        if exc.__traceback__ is None and tb is not None:
            exc = exc.with_traceback(tb)
        self.report(*format_exception(exc))

    def thread_excepthook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit or args.exc_value is None:
            return
        name = args.thread.name if args.thread is not None else "?"
        self.report(*format_exception(args.exc_value, f"in thread {name}"))

    def loop_exception_handler(self, loop: asyncio.AbstractEventLoop, context: dict) -> None:
        exc = context.get("exception")
        if isinstance(exc, (asyncio.CancelledError, KeyboardInterrupt, SystemExit)):
            return
        message = str(context.get("message") or "")
        self.report(*format_exception(exc, message))

    # --- reporting ---------------------------------------------------------------------

    def report(self, summary: str, details: str) -> None:
        """Log now (any thread); show in the GUI thread."""
        log.error("unhandled error: %s\n%s", summary, details.rstrip())
        for handler in log.handlers:
            handler.flush()
        self._error.emit(summary, details)

    @Slot(str, str)
    def _show(self, summary: str, details: str) -> None:
        self.errors += 1
        if self.dialog is None:
            parent = QApplication.activeWindow()
            self.dialog = CrashDialog(str(self.log_file), parent)
            self.dialog.add_error(summary, details)
            self.dialog.show()  # non-modal: never exec() (it would stall asyncio tasks)
        else:
            self.dialog.add_error(summary, details)
        self.reported.emit(summary)


def spawn(coro: Coroutine[Any, Any, Any], name: str) -> asyncio.Task:
    """A task whose failure reaches the loop's exception handler at once (not only when
    the task is garbage collected, as asyncio would do for a task nobody awaits)."""
    task = asyncio.get_running_loop().create_task(coro, name=name)
    task.add_done_callback(_report_failure)
    return task


def _report_failure(task: asyncio.Task) -> None:
    if task.cancelled() or task.exception() is None:
        return
    task.get_loop().call_exception_handler(
        {"message": f"task {task.get_name()} failed", "exception": task.exception(),
         "task": task})


class GuiThreadCollector(QObject):
    """Python's cyclic garbage collection, run only in the GUI thread (on a timer), as
    pyqtgraph's GarbageCollector does. An automatic collection may otherwise run in any
    thread that allocates (the feeds' asyncio.to_thread workers do), deleting Qt objects
    there; Qt then crashes, e.g. delivering a timer event to an object deleted off its
    thread."""

    def __init__(self, parent: QObject | None = None, interval_ms: int = 1000) -> None:
        super().__init__(parent)
        self.setObjectName("gcCollector")
        self._thresholds = gc.get_threshold()
        self._timer = QTimer(self, interval=interval_ms, timeout=self.collect)
        gc.disable()
        self._timer.start()

    def collect(self) -> None:
        counts = gc.get_count()
        generation = -1
        for gen in range(3):
            if counts[gen] > self._thresholds[gen]:
                generation = gen
            else:
                break
        if generation >= 0:
            gc.collect(generation)

    def stop(self) -> None:
        self._timer.stop()
        gc.enable()


def make_app(argv: Sequence[str] | None = None) -> QApplication:
    """The QApplication (made once) with FlowDeck's names, logging and crash hooks.
    The caller installs `crash_handler(app).install_loop(loop)` once the loop runs."""
    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationName(APPLICATION)
    app = QApplication.instance() or QApplication(["flowdeck", *(argv or [])])
    assert isinstance(app, QApplication)
    app.setApplicationDisplayName("FlowDeck")
    app.setDesktopFileName("flowdeck")  # Wayland/X11 match the window to flowdeck.desktop
    icon = resource_path("icons", "flowdeck.png")
    if icon.is_file():  # a wheel without the checkout's resources keeps Qt's default
        app.setWindowIcon(QIcon(str(icon)))
    app.setQuitOnLastWindowClosed(False)  # the window's close ends the main coroutine
    handler = crash_handler(app) or CrashHandler(setup_logging(), app)
    handler.install()
    if app.findChild(GuiThreadCollector, "gcCollector") is None:
        GuiThreadCollector(app)
    return app


def crash_handler(app: QCoreApplication | None = None) -> CrashHandler | None:
    """The handler `make_app` installed, if any."""
    app = app or QCoreApplication.instance()
    return app.findChild(CrashHandler, "crashHandler") if app is not None else None
