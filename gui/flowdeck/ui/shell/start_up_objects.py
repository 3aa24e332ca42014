"""The window's start-up objects out of the garbage collector's full collections.

Once started, what start-up made (modules, classes, functions, Qt wrappers) lives as long
as the window: frozen out of the collector, a full collection scans only what came
since. A full collection over all of it held the table's thread 0.1-0.3 s while the
archive saved (table_bench --saving 5: lag max 310 ms, 67 ms frozen), as the gateway
found for its own loop (server/main.py).
"""

from __future__ import annotations

import gc
import linecache

from PySide6.QtCore import QTimer

from ...feeds.memory import return_freed_memory

FREEZE_AFTER_MS = 3000  # after the first data: what start-up made is made


def freeze_start_up() -> None:
    # PySide6's import hook (shibokensupport's feature_imported) reads the source of
    # every module imported after it to look for `from __feature__`, and linecache
    # keeps all of it: ~12 MB of lines that only a traceback would read again.
    linecache.clearcache()
    gc.collect()
    gc.freeze()
    give_back_free_heap()


def give_back_free_heap() -> None:
    """Return the heap's free pages to the system (glibc's malloc_trim). The day's
    snapshot is made and let go at start-up (the simulator reveals the whole day so far
    for every code): glibc keeps what it freed in its heap, tens of megabytes resident
    that nothing uses any more."""
    return_freed_memory()


def freeze_start_up_soon(window) -> QTimer:
    """freeze_start_up FREEZE_AFTER_MS after `window` started, on the window's own timer:
    a window closed before then (it is hidden, not deleted) freezes nothing later, in
    whatever runs after it (the next test's window: a full collection in its first
    seconds)."""
    timer = QTimer(window, singleShot=True, interval=FREEZE_AFTER_MS)
    timer.timeout.connect(freeze_start_up)
    window.closed.connect(timer.stop)
    timer.start()
    return timer
