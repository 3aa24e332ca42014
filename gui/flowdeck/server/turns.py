"""Sharing the loop's turns between many streams' heavy work and everyone else.

A loopback write of a 256 KB frame costs ~1-50 ms (the copy, and the reader it wakes
taking the CPU), parsing a subscribe of 500 codes ~8 ms. 100 subscribers each writing
their frames, or each parsing their subscribes, in the same turn of the loop kept it
from everything else for up to 0.8 s, an HTTP request waiting all that time (issue 17:
the good client's p99 1.3 s). With a budget per turn, a turn does at most about
`per_turn` of such work and the rest waits for the next turns in arrival order, so a
request waits one turn, not the fan-out of a whole batch.
"""

from __future__ import annotations

import asyncio
from collections import deque

SEND_BYTES_PER_TURN = 256 * 1024
# Parsing and registering a subscribe, or unlinking the codes of a client that left:
# ~1-15 us a code.
SUBSCRIBED_CODES_PER_TURN = 1000


class TurnBudget:
    """`await take(cost)` returns when `cost` may be spent in this turn of the loop."""

    def __init__(self, per_turn: int) -> None:
        self.per_turn = per_turn
        self._spent = 0
        self._waiters: deque[tuple[int, asyncio.Future]] = deque()
        self._turn_scheduled = False

    async def take(self, cost: int) -> None:
        if self._spent >= self.per_turn or self._waiters:
            fut = asyncio.get_running_loop().create_future()
            self._waiters.append((cost, fut))
            self._next_turn()
            await fut   # granted (and counted) by _new_turn, in arrival order
            return
        self._spent += cost
        self._next_turn()

    def _next_turn(self) -> None:
        # call_soon from inside a turn runs in the next one (after the loop polled).
        if not self._turn_scheduled:
            self._turn_scheduled = True
            asyncio.get_running_loop().call_soon(self._new_turn)

    def _new_turn(self) -> None:
        self._turn_scheduled = False
        self._spent = 0
        while self._waiters and (self._spent == 0 or
                                 self._spent + self._waiters[0][0] <= self.per_turn):
            cost, fut = self._waiters.popleft()
            if not fut.done():     # a cancelled task's turn goes to the next
                fut.set_result(None)
                self._spent += cost
        if self._waiters or self._spent:
            self._next_turn()
