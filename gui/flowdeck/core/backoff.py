"""The one retry policy: how long to wait before the n-th attempt in a row.

Every loop that retries a source uses it (the live Follower, the gateway's hub, the
gateway client's stream, the Futu connection), each with its own numbers. Pure: the
random draw for the jitter is the caller's (an injectable `random.Random`), so a test
knows every wait.
"""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Backoff:
    """first * factor**(n-1) seconds before attempt n (n >= 1), at most `cap`, scaled by
    a random factor in [1 - jitter, 1] so that many clients of one restarted server do
    not all come back in the same instant (jitter 0: exactly that)."""
    first: float = 0.25
    factor: float = 2.0
    cap: float = 10.0
    jitter: float = 0.5

    def base(self, attempt: int) -> float:
        """The wait before attempt `attempt` without jitter."""
        return min(self.cap, self.first * self.factor ** max(0, attempt - 1))

    def delay(self, attempt: int, rng: random.Random | None = None) -> float:
        base = self.base(attempt)
        if not self.jitter:
            return base
        draw = (rng or random).random()
        return base * (1.0 - self.jitter * draw)


class Retries:
    """Failures in a row under a Backoff: `failed()` counts one and says how long to
    wait; `reset()` after a success."""

    def __init__(self, policy: Backoff, rng: random.Random | None = None) -> None:
        self.policy = policy
        self.attempt = 0
        self._rng = rng

    def failed(self) -> float:
        self.attempt += 1
        return self.policy.delay(self.attempt, self._rng)

    def reset(self) -> None:
        self.attempt = 0
