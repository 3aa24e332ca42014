"""Importing the optional futu-api SDK the way FlowDeck needs it.

`futu-api` is the `futu` extra. Without it, `require_sdk()` raises a FlowDeckError that
names the extra (never an ImportError traceback). `load_futu()` imports it once and
undoes what its import does to the process:

- `futu.common.ft_logger` builds a logger at import time that needs `$HOME` (KeyError
  without it) and opens `$HOME/.com.futunn.FutuOpenD/Log/py_YYYY_MM_DD.log`
  (`%APPDATA%\\com.futunn.FutuOpenD\\Log` on Windows), a file rotated daily and kept
  for 20 days, at DEBUG level (a line per request), plus a console handler that prints
  INFO lines to stdout (which would corrupt `flowdeck fetch --json`). Neither SysConfig
  nor the logger has a setting for the folder. The import runs with `HOME` (`APPDATA`)
  pointing at a temporary folder; afterwards the SDK's file handler is closed, the
  folder removed, the console handler detached, and WARNING and above are passed on to
  the `flowdeck.feeds.futu.sdk` logger: the window writes them to its own log
  (`flowdeck.log` in the state folder), the gateway to stderr. (A file of the SDK's own
  in the state folder would need storage.paths, which feeds may not import.) Nothing is
  written under the user's home.
- `futu/__init__` replaces the SIGINT handler with one that calls `os._exit(0)` (when
  imported in the main thread): Ctrl+C would kill the window without closing it. The
  previous handler is put back.
- On a missing dependency (pandas, pycryptodome ...) it prints to stdout and calls
  `sys.exit(1)`: stdout is captured and the exit becomes a FlowDeckError.
- `futu.common.utils.binary2pb` prints a protobuf parse error (a packet whose body is
  not protobuf) to stdout; that module's `print` goes to the `flowdeck.feeds.futu.sdk`
  logger instead, so a corrupt packet cannot corrupt `flowdeck fetch --json`.
- Its callback threads are made daemon threads (`SysConfig.set_all_thread_daemon`), so
  a context left open cannot keep the process alive. Protocol encryption stays off
  (the default; FlowDeck talks to an OpenD on a trusted host).
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import io
import logging
import os
import platform
import shutil
import signal
import sys
import tempfile
import threading
from collections.abc import Iterator
from types import ModuleType

from ...core.errors import source_failed

INSTALL_HINT = "pip install 'flowdeck[futu]'"
# A frozen bundle cannot pip install: the futu:// source comes in its own build.
FROZEN_HINT = ("use a FlowDeck bundle built with the Futu option "
               "(python packaging/build.py --futu)")
SDK_LOGGER = "flowdeck.feeds.futu.sdk"
_lock = threading.Lock()
_sdk: ModuleType | None = None


def installed() -> bool:
    """Whether futu-api can be imported (without importing it)."""
    try:
        return importlib.util.find_spec("futu") is not None
    except (ImportError, ValueError):
        return False


def missing_message(detail: str = "") -> str:
    why = f" ({detail})" if detail else ""
    if getattr(sys, "frozen", False):
        return f"this FlowDeck bundle was built without the futu:// source{why}; {FROZEN_HINT}"
    return (f"the futu:// source needs the futu-api package, which is not installed{why}; "
            f"install it with: {INSTALL_HINT}")


def require_sdk() -> None:
    """FlowDeckError (1016) naming the extra when futu-api is not installed."""
    if not installed():
        frozen = getattr(sys, "frozen", False)
        raise source_failed(missing_message(), "source.futu_frozen" if frozen
                            else "source.futu_missing", hint=INSTALL_HINT)


def load_futu() -> ModuleType:
    """The `futu` module, imported once as described above (thread-safe)."""
    global _sdk
    with _lock:
        if _sdk is None:
            _sdk = _import()
        return _sdk


def _import() -> ModuleType:
    require_sdk()
    home = tempfile.mkdtemp(prefix="flowdeck-futu-")
    main = threading.current_thread() is threading.main_thread()
    old_sigint = signal.getsignal(signal.SIGINT) if main else None
    printed = io.StringIO()
    try:
        with _log_home(home), contextlib.redirect_stdout(printed):
            futu = importlib.import_module("futu")
    except ImportError as exc:
        raise source_failed(missing_message(str(exc))) from None
    except SystemExit:
        said = " ".join(printed.getvalue().split()) or "a dependency is missing"
        raise source_failed(missing_message(said)) from None
    except Exception as exc:
        raise source_failed(f"futu-api failed to import: {type(exc).__name__}: {exc}") from None
    finally:
        if main and old_sigint is not None and signal.getsignal(signal.SIGINT) != old_sigint:
            signal.signal(signal.SIGINT, old_sigint)
        _route_logs()
        shutil.rmtree(home, ignore_errors=True)
    futu.SysConfig.set_all_thread_daemon(True)
    futu.SysConfig.enable_proto_encrypt(False)
    _silence_prints()
    return futu


def _sdk_print(*args: object, **_kwargs: object) -> None:
    logging.getLogger(SDK_LOGGER).warning("%s", " ".join(map(str, args)))


def _silence_prints() -> None:
    """The SDK module that prints at run time gets a `print` of its own (a module global
    shadows the builtin) that logs."""
    utils = sys.modules.get("futu.common.utils")
    if utils is not None:
        utils.print = _sdk_print  # type: ignore[attr-defined]


@contextlib.contextmanager
def _log_home(folder: str) -> Iterator[None]:
    """The variable the SDK's logger builds its folder from (HOME; APPDATA on Windows)
    points at `folder` for the import, and is put back after."""
    name = "APPDATA" if platform.system() == "Windows" else "HOME"
    old = os.environ.get(name)
    os.environ[name] = folder
    try:
        yield
    finally:
        if old is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = old


class _Forward(logging.Handler):
    """Hands the SDK's records to a FlowDeck logger, under that logger's name."""

    def __init__(self, target: logging.Logger) -> None:
        super().__init__(logging.WARNING)
        self.target = target

    def emit(self, record: logging.LogRecord) -> None:
        record.name = self.target.name
        if self.target.isEnabledFor(record.levelno):
            self.target.handle(record)


def _route_logs() -> None:
    try:
        from futu.common.ft_logger import logger as ftlog
    except Exception:  # the import failed before the logger existed: nothing to undo
        return
    old = getattr(ftlog, "fileHandler", None)
    if isinstance(old, _Forward):
        return
    if old is not None:
        ftlog.file_logger.removeHandler(old)
        old.close()
    ftlog.fileHandler = _Forward(logging.getLogger(SDK_LOGGER))
    ftlog.file_logger.addHandler(ftlog.fileHandler)
    ftlog.file_level = logging.WARNING   # the SDK formats nothing below this
    ftlog.enable_console_log(False)
    # Without a handler, Python's last-resort handler would still print its warnings to
    # stderr: the console logger is switched off altogether.
    ftlog.console_level = logging.CRITICAL + 10
