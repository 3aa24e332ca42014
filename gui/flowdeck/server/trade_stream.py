"""Big trades on /v1/stream, for the clients that ask for them.

`{"op": "subscribe", "stock_list": [...], "trades": {"min_value": 5e6}}` turns them on
for that stream (`"trades": true` is min_value 0, `false` turns them off; a subscribe
without the key leaves the stream's choice as it was). From then on:
- the snapshot a subscribe sends carries the day's kept trades of the codes it adds
  (`"trades": [...]` in print order, the newest MAX_DAY_TRADES at most), so a client
  rebuilding its state after a reconnect has the tape with it;
- each trade of the client's codes worth at least its min_value goes out in a batch
  (`"records": []` ... `"trades": [...]`) after the updates it came with.

A trade is an event, not a code's latest state: it cannot be merged like a record, so
each client's unsent trades are a queue bounded at MAX_QUEUED; a client that does not
read loses the oldest, and the next trades batch says how many in `trades_dropped`.
Work per feed batch: each trade encoded once, then per trades client one look-up per
code that printed (not per trade of codes it does not follow).
"""

from __future__ import annotations

import asyncio
import math
from collections import deque
from collections.abc import Collection, Iterable

import numpy as np

from ..core.big_trades import BigTrades
from ..core.errors import invalid_param, source_failed
from ..core.trade_tape import TradeTape
from .fragments import dumps
from .snapshots import CHUNK_BYTES, Message

MAX_QUEUED = 10_000
MAX_DAY_TRADES = 10_000
BUILD_STEP = 1_000
_EMPTY_BATCH = ('{"type": "batch", "snapshot": false, "records": [], "quotes": [], '
                '"details": [], "points": {}, "errors": [], "markets": {}, ')


def parse_trades_option(value: object) -> float | None:
    """The stream's min_value for `value` (the subscribe's "trades"); None: off. 1001
    naming `trades` or `trades.min_value` otherwise."""
    if value is False or value is None:
        return None
    if value is True:
        return 0.0
    if not isinstance(value, dict):
        raise invalid_param(f'trades must be an object such as {{"min_value": 5e6}}, '
                            f"true or false, not {value!r:.60}", name="trades")
    unknown = sorted(set(value) - {"min_value"})
    if unknown:
        raise invalid_param(f"unknown key trades.{unknown[0]}: expected min_value",
                            name="trades")
    low = value.get("min_value", 0.0)
    if isinstance(low, bool) or not isinstance(low, (int, float)) or \
            not math.isfinite(float(low)) or low < 0:
        raise invalid_param(f"trades.min_value must be a number of 0 or more, got "
                            f"{low!r:.40}", name="trades.min_value")
    return float(low)


class TradeQueue:
    """One client's trades not sent yet (JSON items), bounded; what it lost."""

    def __init__(self, limit: int = MAX_QUEUED) -> None:
        self.min_value: float | None = None   # None: the client did not ask
        self.items: deque[tuple[str, str]] = deque()   # (code, item JSON)
        self.limit = limit
        self.dropped = 0

    def __bool__(self) -> bool:
        return bool(self.items) or self.dropped > 0

    def put(self, items: Iterable[tuple[str, str]]) -> None:
        self.items.extend(items)
        over = len(self.items) - self.limit
        for _ in range(max(over, 0)):
            self.items.popleft()
        self.dropped += max(over, 0)

    def forget(self, codes: Collection[str]) -> None:
        if self.items:
            gone = codes if isinstance(codes, (set, frozenset)) else set(codes)
            self.items = deque(i for i in self.items if i[0] not in gone)

    def take(self) -> list[str]:
        """The trades batch to send (none when nothing waits), and start empty."""
        if not self:
            return []
        text = _EMPTY_BATCH + '"trades": [' + ", ".join(i for _, i in self.items) + "]"
        if self.dropped:
            text += f', "trades_dropped": {self.dropped}'
        self.items.clear()
        self.dropped = 0
        return [text + "}"]


class BatchTrades:
    """One feed batch's new trades, each encoded once, found by code."""

    def __init__(self, trades: BigTrades) -> None:
        self.codes = trades.codes
        self.items = [dumps(t.wire()) for t in trades.rows()]
        self.value = trades.value.tolist()
        self.by_code: dict[str, list[int]] = {}
        for i, code in enumerate(trades.codes):
            self.by_code.setdefault(code, []).append(i)

    def pick(self, codes: Collection[str], min_value: float) -> list[tuple[str, str]]:
        """(code, item) of the trades of `codes` worth at least `min_value`, in order."""
        rows = sorted(i for code, at in self.by_code.items() if code in codes for i in at)
        return [(self.codes[i], self.items[i]) for i in rows if self.value[i] >= min_value]


class DayTrades:
    """The day's kept trades of a code set as the tail of a snapshot message, built in
    steps (the loop turns every BUILD_STEP trades) and shared: subscribers of the same
    codes and min_value asking before the tape changes get one build (a burst of 50
    identical subscriptions of 200 codes was 50 x 10,000 trades encoded, the loop held
    ~5 s). `changed()` is called with every batch fanned out: a build started before it
    is not given to a subscriber that came after."""

    def __init__(self, tape: TradeTape) -> None:
        self.tape = tape
        self.epoch = 0
        self.builds = 0
        self._kept: dict[tuple, tuple[int, bytes]] = {}
        self._building: dict[tuple, asyncio.Future] = {}

    def changed(self) -> None:
        self.epoch += 1
        if self._kept:
            self._kept.clear()

    async def tail(self, codes: Collection[str], min_value: float) -> bytes:
        key = (frozenset(codes), min_value)
        kept = self._kept.get(key)
        if kept is not None and kept[0] == self.epoch:
            return kept[1]
        at = (key, self.epoch)
        building = self._building.get(at)
        if building is None:
            building = self._building[at] = asyncio.ensure_future(self._build(key))
            building.add_done_callback(lambda _done: self._building.pop(at, None))
        return await asyncio.shield(building)

    async def _build(self, key: tuple) -> bytes:
        epoch = self.epoch
        self.builds += 1
        # Oldest first, as they printed: a client's tape keeps a code's trades in
        # rising sequence.
        kept = self.tape.recent(codes=key[0], min_value=key[1], limit=MAX_DAY_TRADES)
        kept = kept.take(np.arange(len(kept) - 1, -1, -1))
        items = []
        for i, trade in enumerate(kept.rows(), 1):
            items.append(dumps(trade.wire()))
            if i % BUILD_STEP == 0:
                await asyncio.sleep(0)
        tail = (', "trades": [' + ", ".join(items) + "]}").encode()
        if epoch == self.epoch:
            self._kept[key] = (epoch, tail)
        return tail


def with_tail(message: Message, tail: bytes) -> Message:
    """`message` (a snapshot: a JSON object in chunks) with `tail` (`, "key": ...}`)
    in place of its closing brace."""
    last = message[-1]
    if not last.endswith(b"}"):
        raise source_failed("a snapshot message that is not a JSON object")
    parts = [last[:-1] + tail[:CHUNK_BYTES]]
    parts += [tail[at:at + CHUNK_BYTES] for at in range(CHUNK_BYTES, len(tail), CHUNK_BYTES)]
    return (*message[:-1], *parts)
