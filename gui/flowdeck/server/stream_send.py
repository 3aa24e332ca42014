"""Sending /v1/stream messages with bounded memory per client.

A message goes out as a fragmented WebSocket message (RFC 6455 5.4: a text frame, then
continuation frames, the last with FIN), one frame per chunk (snapshots.py), and the
next frame is written only when the client's socket has taken the previous ones, so a
client that does not read holds at most `buffer_bytes` of the gateway's memory (plus one
chunk), never a copy of every snapshot. A client whose socket stays fuller than that for
`stall_s` is closed (1008, "too slow"). Control frames (aiohttp's pings and pongs, a
close) may come between the fragments; data frames only come from this one sender.
"""

from __future__ import annotations

import asyncio
import struct
from collections.abc import Sequence
from dataclasses import dataclass

from aiohttp import web

from .snapshots import encoded
from .turns import SEND_BYTES_PER_TURN, TurnBudget

_TEXT, _CONTINUATION, _FIN = 0x1, 0x0, 0x80


@dataclass(frozen=True)
class StreamLimits:
    """What one WebSocket client may cost. `max_codes`: codes one stream subscribes to
    at most; `max_per_peer`: open streams per peer address (on loopback every client is
    127.0.0.1: room for the gateway-restart drill's 50 and more); `buffer_bytes`: how
    much of a client's unsent data the gateway holds before it waits for the client;
    `stall_s`: how long it waits before closing a client that does not take it."""
    max_codes: int = 2_000
    max_per_peer: int = 128
    buffer_bytes: int = 1 << 20
    stall_s: float = 10.0


class TooSlow(Exception):
    """The client did not take its data within the stall time."""


def frame_header(first_byte: int, length: int) -> bytes:
    if length < 126:
        return struct.pack("!BB", first_byte, length)
    if length < 1 << 16:
        return struct.pack("!BBH", first_byte, 126, length)
    return struct.pack("!BBQ", first_byte, 127, length)


def as_chunks(message: str | Sequence[bytes]) -> Sequence[bytes]:
    return encoded(message) if isinstance(message, str) else message


class FrameSender:
    """Writes whole messages to one upgraded connection, waiting for room first."""

    def __init__(self, request: web.Request, writer, limits: StreamLimits,
                 budget: TurnBudget | None = None) -> None:
        transport = request.transport
        if transport is None:
            raise ConnectionResetError("the client went away")
        self.transport = transport
        self.writer = writer            # the response's payload writer: drain()
        self.limits = limits
        self.budget = budget or TurnBudget(SEND_BYTES_PER_TURN)
        transport.set_write_buffer_limits(high=limits.buffer_bytes,
                                          low=limits.buffer_bytes // 4)

    def buffered(self) -> int:
        return self.transport.get_write_buffer_size()

    async def send(self, message: str | Sequence[bytes]) -> None:
        chunks = as_chunks(message)
        last = len(chunks) - 1
        for i, chunk in enumerate(chunks):
            await self._room()
            await self.budget.take(len(chunk))
            if self.transport.is_closing():
                raise ConnectionResetError("the client went away")
            first_byte = (_TEXT if i == 0 else _CONTINUATION) | (_FIN if i == last else 0)
            # One write, one send(): each system call lets the feed's worker threads
            # (the sim's market) take the interpreter, and getting it back can cost
            # the loop up to the switch interval (5 ms).
            self.transport.writelines((frame_header(first_byte, len(chunk)), chunk))

    async def _room(self) -> None:
        """Return when the socket's buffer is below the limit; TooSlow when it stays
        above it for the stall time."""
        if self.buffered() <= self.limits.buffer_bytes:
            return
        try:
            await asyncio.wait_for(self.writer.drain(), self.limits.stall_s)
        except TimeoutError:
            raise TooSlow(f"client too slow: {self.buffered()} bytes unsent for "
                          f"{self.limits.stall_s:g} s") from None
