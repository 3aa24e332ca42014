"""A channel's rate: at most `per_min` messages in any 60 seconds, the providers'
published limits (core/channel_spec.PER_MIN).

A token bucket of `per_min` tokens where a spent token comes back 60 s after it was
spent (not one refilled every 60/per_min s): a classic bucket lets a full burst plus
its refill through within one minute (20 + 1 at second 3 for a 20-a-minute robot), and
DingTalk answers a 21st message in a minute by throttling the robot for 10 minutes.
The outbox keeps when messages went, so a restart does not start with a full bucket.
No asyncio: the sender asks `wait(now)` and sleeps that long itself."""

from __future__ import annotations

import logging
from collections import deque

from ..storage.atomic import StorageError
from ..storage.outbox import Outbox

WINDOW_S = 60.0
log = logging.getLogger("flowdeck.delivery")


class SendRate:
    def __init__(self, per_min: int, window_s: float = WINDOW_S) -> None:
        if per_min < 1:
            raise ValueError(f"per_min must be at least 1, not {per_min}")
        self.per_min, self.window_s = per_min, window_s
        self._spent: deque[float] = deque()  # when each token in use was spent

    def available(self, now: float) -> int:
        """Messages that may go now."""
        while self._spent and self._spent[0] + self.window_s <= now:
            self._spent.popleft()
        return self.per_min - len(self._spent)

    def wait(self, now: float) -> float:
        """Seconds until a message may go (0: now)."""
        if self.available(now) > 0:
            return 0.0
        return self._spent[0] + self.window_s - now

    def spend(self, now: float) -> None:
        self.available(now)
        self._spent.append(now)

    def seed(self, spent: list[float]) -> None:
        """Tokens spent before (by an earlier run: the outbox's attempts), oldest first."""
        self._spent.extend(spent[-self.per_min:])


def resumed_rate(outbox: Outbox, channel: str, per_min: int, now: float) -> SendRate:
    """A channel's rate counting what an earlier run sent in the last minute."""
    rate = SendRate(per_min)
    try:
        rate.seed(outbox.attempts_since(channel, now - rate.window_s))
    except StorageError as exc:
        log.warning("channel %s: %s", channel, exc)
    return rate
