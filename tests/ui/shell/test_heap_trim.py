"""trim_heap_while_open: while the window is open, the heap's free pages go back to the
system on its timer; once it closed, no more."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

PROBE = textwrap.dedent("""
    import ctypes, ctypes.util, sys
    sys.path.insert(0, "gui")
    from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal
    from flowdeck.ui.shell.heap_trim import trim_heap_while_open
    libc = ctypes.CDLL(ctypes.util.find_library("c"))
    libc.malloc.restype = ctypes.c_void_p
    libc.free.argtypes = [ctypes.c_void_p]

    class Window(QObject):
        closed = Signal()

    def resident_mb():
        return int(open("/proc/self/statm").read().split()[1]) * 4096 / 2**20

    def churn():
        # 80 MB of small blocks freed below one still in use: resident, free heap
        blocks = [libc.malloc(2048) for _ in range(40_000)]
        for b in blocks:
            ctypes.memset(b, 1, 2048)
        pin = libc.malloc(2048)
        for b in blocks:
            libc.free(b)
        return pin

    def run_for(ms):
        QTimer.singleShot(ms, app.quit)
        app.exec()

    app = QCoreApplication([])
    window = Window()
    trim_heap_while_open(window, interval_ms=200)
    churn()
    before = resident_mb()
    run_for(500)
    open_gain = before - resident_mb()
    window.closed.emit()
    churn()
    before = resident_mb()
    run_for(500)
    print(open_gain, before - resident_mb())
""")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc_trim")
def test_the_free_heap_goes_back_while_the_window_is_open_and_not_after():
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                         check=True, timeout=60, env={"QT_QPA_PLATFORM": "offscreen",
                                                      "PATH": "/usr/bin:/bin"})
    while_open, after_close = map(float, out.stdout.split())
    assert while_open > 60        # of the ~80 MB freed
    assert after_close < 5
