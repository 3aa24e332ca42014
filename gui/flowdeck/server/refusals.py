"""Refused requests (401, 403, 415, 421) in the log: at most one line a second, with a
count of the ones folded into it, so that a page hammering the gateway cannot flood
the log. A line names the peer, method, path and why; never a header's value (the
Authorization header holds a token)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from aiohttp import web

from .logs import log_event

log = logging.getLogger("flowdeck.server.refused")


class RefusalLog:
    def __init__(self, every_s: float = 1.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.every_s = every_s
        self.clock = clock
        self._next = float("-inf")
        self._folded = 0

    def note(self, request: web.Request, status: int, reason: str) -> None:
        now = self.clock()
        if now < self._next:
            self._folded += 1
            return
        self._next = now + self.every_s
        folded, self._folded = self._folded, 0
        log_event(log, logging.WARNING, "refused", status=status,
                  peer=request.remote or "?", method=request.method, path=request.path,
                  reason=reason, also_refused_since_last_line=folded)
