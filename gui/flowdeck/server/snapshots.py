"""Snapshot messages of /v1/stream, built once per code set and shared.

A snapshot of 2,000 codes is ~80 MB of JSON. Built per subscriber, 100 subscribers of
the same codes cost 100 builds and 100 copies (the issue 17 finding: 3.8 GB, the event
loop busy for 25 s). Here the message is a tuple of UTF-8 chunks (each one WebSocket
frame of a fragmented message, stream_send.py), built in steps that yield to the loop,
and subscribers of the same code set share one build:

- a subscriber registered for updates at state version V may take a build that STARTED
  at version >= V (everything it lacks then comes in its update batches, which follow
  the snapshot); a build that started earlier is not enough, so
- builds of one code set run one at a time: whoever arrives while one runs joins the
  next one, which starts when the running one ends. A burst of 100 identical
  subscriptions costs two or three builds, whatever the feed does meanwhile.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

from ..core.batch import MarketStatus
from .fragments import PointChunk, dumps, errors_json, markets_json
from .state import CodeChange

# One WebSocket frame each: small enough that a socket's user-space buffer stays small,
# large enough that a big snapshot is not thousands of send() calls.
CHUNK_BYTES = 256 * 1024

YIELD_CODES = 4

Message = tuple[bytes, ...]


def encoded(text: str) -> Message:
    """A message as UTF-8 chunks of at most CHUNK_BYTES (one WebSocket frame each)."""
    data = text.encode()
    if len(data) <= CHUNK_BYTES:
        return (data,)
    return tuple(data[i:i + CHUNK_BYTES] for i in range(0, len(data), CHUNK_BYTES))


class ChunkWriter:
    """Text pieces gathered into UTF-8 chunks of about CHUNK_BYTES."""

    def __init__(self) -> None:
        self.chunks: list[bytes] = []
        self._pieces: list[str] = []
        self._size = 0

    def add(self, text: str) -> bool:
        """Add `text`; True when a chunk was completed (a good moment to yield)."""
        self._pieces.append(text)
        self._size += len(text)
        if self._size >= CHUNK_BYTES:
            self.flush()
            return True
        return False

    def flush(self) -> None:
        if self._pieces:
            self.chunks.append("".join(self._pieces).encode())
            self._pieces, self._size = [], 0

    def message(self) -> Message:
        self.flush()
        return tuple(self.chunks)


@dataclass
class _Slot:
    running: asyncio.Future | None = None
    running_from: int = -1
    queued: asyncio.Future | None = None


class SnapshotCache:
    """Shared builds of snapshot messages, per code set. `builds` counts the builds
    actually run (what sharing saves shows there)."""

    def __init__(self, version: Callable[[], int]) -> None:
        self._version = version
        self._slots: dict[frozenset[str], _Slot] = {}
        self.builds = 0

    def __len__(self) -> int:
        return len(self._slots)

    async def get(self, codes: frozenset[str], registered_at: int,
                  build: Callable[[], Awaitable[Message]]) -> Message:
        """The snapshot of `codes` for a subscriber registered at `registered_at`."""
        slot = self._slots.get(codes)
        if slot is None:
            slot = self._slots[codes] = _Slot()
        if slot.running is not None and slot.running_from >= registered_at:
            return await asyncio.shield(slot.running)
        if slot.queued is None:
            slot.queued = asyncio.ensure_future(self._run(codes, slot, build))
        return await asyncio.shield(slot.queued)

    async def _run(self, codes: frozenset[str], slot: _Slot,
                   build: Callable[[], Awaitable[Message]]) -> Message:
        while slot.running is not None:
            with contextlib.suppress(BaseException):
                await asyncio.shield(slot.running)
            await asyncio.sleep(0)    # let the running one's own _run clear the slot
        me = slot.queued
        slot.running, slot.queued = me, None
        slot.running_from = self._version()
        self.builds += 1
        try:
            return await build()
        finally:
            slot.running = None
            if slot.queued is None and self._slots.get(codes) is slot:
                del self._slots[codes]


async def build_snapshot(codes: Sequence[str], change_of: Callable[[str], CodeChange],
                         markets: Callable[[], dict[str, MarketStatus]],
                         source: str = "") -> Message:
    """A snapshot batch message of `codes` (wire.encode_batch's shape, the keys in
    another order: the big points first, as they come), yielding to the loop after each
    chunk. `change_of(code)` is the code's snapshot as a CodeChange. `source`, whose
    numbers they are (feeds/origin.py), goes first as "source": the updates that follow
    on the subscription are the same source's."""
    out = ChunkWriter()
    tag = f'"source": {dumps(source)}, ' if source else ""
    out.add(f'{{"type": "batch", "snapshot": true, {tag}"points": {{')
    records: list[str] = []
    quotes: list[str] = []
    details: list[str] = []
    errors: dict[str, tuple[int, str]] = {}
    sep = ""
    for i, code in enumerate(codes, 1):
        ch = change_of(code)
        if ch.error is not None:
            # The newest word on a code is its error: no record sent as if current.
            errors[code] = ch.error
        else:
            if ch.record is not None:
                records.append(ch.record)
            if ch.quote is not None:
                quotes.append(ch.quote)
            if ch.detail is not None:
                details.append(ch.detail)
        points = ch.points if ch.points is not None else PointChunk.empty()
        # A code's day is worked out when not cached (~1-3 ms): yield by codes too.
        if out.add(f"{sep}{dumps(code)}: {points.json()}") or i % YIELD_CODES == 0:
            await asyncio.sleep(0)
        sep = ", "
    out.add('}, "records": [')
    out.add(", ".join(records))
    out.add('], "quotes": [')
    out.add(", ".join(quotes))
    out.add('], "details": [')
    out.add(", ".join(details))
    out.add(f'], "errors": {errors_json(errors)}, "markets": {markets_json(markets())}}}')
    return out.message()
