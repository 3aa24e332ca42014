"""The window's free heap handed back to the system every HEAP_TRIM_MS while it runs.

A batch's temporaries (arrays of a few thousand rows, under the 128 KiB mmap threshold
that launcher.keep_heap_small fixes) come from the heap and are freed by the next
batch; the free pages between blocks still in use stay resident. At 5,000 codes
updated each second that is ~5 MB every 5 s (table bench, glibc's mallinfo2: 69 MB
free in a 108 MB arena), and malloc_trim hands it back in ~1.5 ms: every 10 s, a
sliver of a core for ~5 MB less of the trader's memory.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer

from ...feeds.memory import return_freed_memory

HEAP_TRIM_MS = 10_000


def heap_trim_timer(parent, interval_ms: int = HEAP_TRIM_MS) -> QTimer:
    """A started timer of `parent`'s that returns the heap's free pages every
    `interval_ms`."""
    timer = QTimer(parent, interval=interval_ms)
    timer.timeout.connect(return_freed_memory)
    timer.start()
    return timer


def trim_heap_while_open(window, interval_ms: int = HEAP_TRIM_MS) -> QTimer:
    """heap_trim_timer of `window`'s (which has a `closed` signal), stopped when the
    window closes."""
    timer = heap_trim_timer(window, interval_ms)
    window.closed.connect(timer.stop)
    return timer
