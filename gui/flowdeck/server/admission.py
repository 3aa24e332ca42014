"""How many NEW codes (codes the gateway does not follow yet) each client may add: a
bucket per client of `burst` codes, refilled at `per_minute`. Each new code costs the
gateway a snapshot and a place among the codes it follows (the cap is shared by every
client), so one client adding codes in a loop must not take all of them; codes it
already follows cost nothing. A client is its peer address: every program on this
machine is 127.0.0.1 and shares one bucket."""

from __future__ import annotations

import time
from collections.abc import Callable

from ..core.errors import ErrorCode

# Buckets of clients that went quiet are dropped once full again; beyond this many,
# the full ones go first (a full bucket is the same as none).
_MAX_CLIENTS = 4096


class NewCodeBudget:
    def __init__(self, per_minute: float = 200.0, burst: int = 2000,
                 clock: Callable[[], float] = time.monotonic) -> None:
        if per_minute <= 0 or burst < 1:
            raise ValueError("the new-code budget needs per_minute > 0 and burst >= 1")
        self.per_minute = float(per_minute)
        self.burst = int(burst)
        self.clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}  # client -> (level, at)

    def _level(self, client: str, now: float) -> float:
        level, at = self._buckets.get(client, (float(self.burst), now))
        return min(float(self.burst), level + (now - at) * self.per_minute / 60.0)

    def take(self, client: str, wanted: int) -> int:
        """Take up to `wanted` new codes from `client`'s bucket; how many it may add."""
        if wanted <= 0:
            return 0
        now = self.clock()
        level = self._level(client, now)
        granted = min(wanted, int(level))
        self._buckets[client] = (level - granted, now)
        if len(self._buckets) > _MAX_CLIENTS:
            self._forget_full(now)
        return granted

    def admit(self, client: str, fresh: list[str], room: int,
              full: str) -> dict[str, tuple[int, str]]:
        """The codes of `fresh` (new codes `client` asks for) that may not be added now,
        with why: first those beyond `room` (the gateway's cap, shared, so the codes
        others follow stay: `full` says so), then those beyond `client`'s bucket."""
        fits = min(len(fresh), max(0, room))
        granted = self.take(client, fits)
        failed = int(ErrorCode.GET_CAPITAL_FLOW_FAILED)
        refused: dict[str, tuple[int, str]] = {}
        if granted < fits:
            refused.update(dict.fromkeys(fresh[granted:fits], (failed, self.refused_message())))
        refused.update(dict.fromkeys(fresh[fits:], (failed, full)))
        return refused

    def refused_message(self) -> str:
        return (f"this client added too many new codes: at most {self.burst} at once and "
                f"{self.per_minute:g} a minute after that; ask again later")

    def _forget_full(self, now: float) -> None:
        for client in [c for c in self._buckets if self._level(c, now) >= self.burst]:
            del self._buckets[client]
        while len(self._buckets) > _MAX_CLIENTS:   # all busy: the longest quiet goes
            oldest = min(self._buckets, key=lambda c: self._buckets[c][1])
            del self._buckets[oldest]
