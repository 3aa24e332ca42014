"""File descriptors: the limit raised at start, a cap on connections that leaves room
below it, and asyncio's `socket.accept() out of system resource` error rate-limited.

When the descriptors run out, asyncio's accept loop logs that error with a traceback at
every try (11,000 lines a second in the issue 17 drill, 104 MB of stderr in 40 s); the
filter lets one through per `every_s` with the count of those held back.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

ACCEPT_ERROR = "socket.accept() out of system resource"
# Below the descriptor limit, room for what is not a client connection (the log, the
# selector, the feed's sockets) and for a burst of accepts before the cap is enforced
# (the listen backlog, connections.GuardedSite).
_RESERVE_MIN, _RESERVE_MAX = 96, 256
_CAP_MAX = 4096


def raise_nofile_limit() -> int:
    """Raise the soft RLIMIT_NOFILE to the hard limit; the soft limit now (0 when the
    platform has none)."""
    try:
        import resource
    except ImportError:   # Windows
        return 0
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = hard if hard != resource.RLIM_INFINITY else max(soft, 1 << 16)
    if soft != resource.RLIM_INFINITY and soft < target:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
            soft = target
        except (ValueError, OSError):
            pass
    return soft if soft != resource.RLIM_INFINITY else 1 << 16


def default_max_connections(nofile: int) -> int:
    """Connections the gateway keeps at most under a descriptor limit of `nofile`."""
    if nofile <= 0:
        return _CAP_MAX
    reserve = min(_RESERVE_MAX, max(_RESERVE_MIN, nofile // 4))
    return max(16, min(_CAP_MAX, nofile - reserve))


class EveryFewSeconds(logging.Filter):
    """Lets one ACCEPT_ERROR record through per `every_s` seconds, saying how many were
    held back since the last one (the traceback only on the first); others pass."""

    def __init__(self, every_s: float = 10.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__()
        self.every_s = every_s
        self.clock = clock
        self.held = 0
        self.passed = 0
        self._last = -1e18

    def filter(self, record: logging.LogRecord) -> bool:
        if not str(record.msg).startswith(ACCEPT_ERROR):
            return True
        now = self.clock()
        if now - self._last < self.every_s:
            self.held += 1
            return False
        self._last = now
        if self.passed:
            record.msg = (f"{ACCEPT_ERROR} (file descriptors exhausted; {self.held} more "
                          f"in the last {self.every_s:g} s not logged)")
            record.args = ()
            record.exc_info = record.exc_text = None
        self.held = 0
        self.passed += 1
        return True


def quiet_accept_errors(every_s: float = 10.0) -> EveryFewSeconds:
    """Install the filter on asyncio's logger (where the loop's default exception
    handler logs); the filter."""
    filt = EveryFewSeconds(every_s)
    logging.getLogger("asyncio").addFilter(filt)
    return filt
