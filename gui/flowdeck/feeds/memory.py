"""Returning freed heap memory to the system.

After a burst of allocations (a simulated day of thousands of codes, a snapshot of a
million minute points) glibc keeps the freed pages in the process: tens of MB that the
process no longer uses stay resident. `return_freed_memory()` hands them back
(malloc_trim); a no-op where there is no glibc.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable

_trim: Callable[[int], int] | None = None
_looked = False


def return_freed_memory() -> bool:
    """True when the C library was asked to return freed memory."""
    global _trim, _looked
    if not _looked:
        _looked = True
        try:
            _trim = ctypes.CDLL("libc.so.6").malloc_trim
        except (OSError, AttributeError):
            _trim = None
    if _trim is None:
        return False
    _trim(0)
    return True
