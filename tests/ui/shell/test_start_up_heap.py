"""give_back_free_heap (run once the window's start-up is over): pages the heap holds
free after the start-up snapshot was let go go back to the system; without it glibc
keeps them resident."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

PROBE = textwrap.dedent("""
    import ctypes, ctypes.util, sys
    sys.path.insert(0, "gui")
    from flowdeck.ui.shell.start_up_objects import give_back_free_heap
    libc = ctypes.CDLL(ctypes.util.find_library("c"))
    libc.malloc.restype = ctypes.c_void_p
    libc.free.argtypes = [ctypes.c_void_p]
    def resident_mb():
        return int(open("/proc/self/statm").read().split()[1]) * 4096 / 2**20
    blocks = [libc.malloc(2048) for _ in range(40_000)]   # 80 MB of heap
    for b in blocks:
        ctypes.memset(b, 1, 2048)
    pin = libc.malloc(2048)          # above them all: the heap's top stays in use
    for b in blocks:
        libc.free(b)
    before = resident_mb()
    if sys.argv[1] == "give back":
        give_back_free_heap()
    print(before - resident_mb())
    libc.free(pin)
""")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc_trim")
def test_free_heap_pages_go_back_to_the_system():
    def returned(mode: str) -> float:
        out = subprocess.run([sys.executable, "-c", PROBE, mode], capture_output=True,
                             text=True, check=True, timeout=60)
        return float(out.stdout.strip())
    assert returned("give back") > 60      # of the ~80 MB freed
    assert returned("keep") < 5
