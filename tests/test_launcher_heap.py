"""keep_heap_small: after a large block is freed, a 1 MiB block still gets pages of
its own (given back when freed), as before any large free; glibc's default would have
raised its threshold and put the next blocks in the heap, which fragments."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

PROBE = textwrap.dedent("""
    import ctypes, ctypes.util, sys
    sys.path.insert(0, "gui")
    libc = ctypes.CDLL(ctypes.util.find_library("c"))
    class Info(ctypes.Structure):
        _fields_ = [(n, ctypes.c_size_t) for n in
                    "arena ordblks smblks hblks hblkhd usmblks fsmblks uordblks"
                    " fordblks keepcost".split()]
    libc.mallinfo2.restype = Info
    libc.malloc.restype = ctypes.c_void_p
    libc.free.argtypes = [ctypes.c_void_p]
    if sys.argv[1] == "fixed":
        from flowdeck.launcher import keep_heap_small
        keep_heap_small()
    big = libc.malloc(16 << 20)
    libc.free(big)                 # glibc's dynamic threshold would now be 16 MiB
    before = libc.mallinfo2().hblks
    block = libc.malloc(1 << 20)
    print(libc.mallinfo2().hblks - before)
    libc.free(block)
""")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's mallopt")
@pytest.mark.parametrize(("mode", "own_pages"), [("fixed", 1), ("default", 0)])
def test_a_mebibyte_gets_its_own_pages_after_a_large_free(mode, own_pages):
    out = subprocess.run([sys.executable, "-c", PROBE, mode], capture_output=True,
                         text=True, check=True, timeout=60)
    assert int(out.stdout.strip()) == own_pages
