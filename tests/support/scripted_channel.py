"""A Channel (channels/base.py) whose answers a test scripts: input for the delivery
tests where the provider's wire format is not what is under test (C2's fakes test
that). It records every message, as the receiver would see it."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from flowdeck.channels.base import ChannelError, Sent


class ScriptedChannel:
    """`answers`: what the next sends do, in order (None: delivered; a ChannelError or
    any exception: raised); once it is empty, `default` (None: delivered). `messages`
    holds each delivered message's payloads; `attempts` every try, with the clock."""

    def __init__(self, name: str = "desk", kind: str = "webhook",
                 clock: Callable[[], float] | None = None) -> None:
        self.name, self.kind = name, kind
        self.answers: list[BaseException | None] = []
        self.default: BaseException | None = None
        self.messages: list[list[dict]] = []
        self.attempts: list[tuple[float | None, int]] = []  # (clock, payloads)
        self.closed = False
        self.sent = asyncio.Event()
        self.hanging = False        # sends wait until `release` is set
        self.release = asyncio.Event()
        self.in_flight = 0
        self._clock = clock

    def fail_with(self, error: BaseException | None) -> None:
        """From now on every send does this (None: they succeed again)."""
        self.default = error

    async def send(self, payloads: Sequence[Mapping[str, Any]]) -> Sent:
        self.attempts.append((self._clock() if self._clock else None, len(payloads)))
        if self.hanging:
            self.in_flight += 1
            try:
                await self.release.wait()
            finally:
                self.in_flight -= 1
        answer = self.answers.pop(0) if self.answers else self.default
        if answer is not None:
            raise answer
        self.messages.append([dict(p) for p in payloads])
        self.sent.set()
        return Sent(f"ok {len(payloads)}", len(payloads))

    async def close(self) -> None:
        self.closed = True

    @property
    def keys(self) -> list[str]:
        """The dedupe keys delivered, in order (a summary's each)."""
        return [p["key"] for message in self.messages for p in message]


def throttled(retry_after: float | None = None) -> ChannelError:
    return ChannelError("HTTP 429", retry_after=retry_after, answer="too many")


def refused() -> ChannelError:
    return ChannelError("bad signature", permanent=True, answer="errcode 310000")


class ObservedChannel:
    """A real channel watched from outside: each attempt's (virtual) time and size,
    whether one is under way (`in_flight`), what each delivered message carried."""

    def __init__(self, inner, clock: Callable[[], float]) -> None:
        self.inner, self.name, self.kind = inner, inner.name, inner.kind
        self.attempts: list[tuple[float, int]] = []
        self.messages: list[list[dict]] = []
        self.in_flight = 0
        self._clock = clock

    async def send(self, payloads: Sequence[Mapping[str, Any]]) -> Sent:
        self.attempts.append((self._clock(), len(payloads)))
        self.in_flight += 1
        try:
            sent = await self.inner.send(payloads)
        finally:
            self.in_flight -= 1
        self.messages.append([dict(p) for p in payloads])
        return sent

    async def close(self) -> None:
        await self.inner.close()


def most_in_a_minute(times: Sequence[float], window_s: float = 60.0) -> int:
    """The most of `times` (sorted) inside any `window_s` seconds."""
    best, first = 0, 0
    for last, when in enumerate(times):
        while times[first] + window_s <= when:
            first += 1
        best = max(best, last - first + 1)
    return best
