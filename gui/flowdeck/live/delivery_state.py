"""A channel's health as delivery keeps it and as the window shows it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..channels.base import ChannelError


@dataclass(frozen=True, slots=True)
class ChannelState:
    """A channel's health as Settings > Channels and the window's banner show it."""
    name: str
    ok: bool
    failing_since: float | None
    last_error: str
    pending: int
    last_sent: float | None


class ChannelHealth:
    """What a sender knows of its channel's health (mutable; ChannelState is its
    picture)."""

    __slots__ = ("failing_since", "hold_until", "last_error", "last_sent")

    def __init__(self) -> None:
        self.failing_since: float | None = None
        self.last_error = ""
        self.last_sent: float | None = None
        self.hold_until = 0.0


class Draw:
    """Backoff wants an object with random(); Deliveries takes a function."""

    def __init__(self, rand: Callable[[], float]) -> None:
        self.random = rand


def error_text(exc: ChannelError) -> str:
    """What is logged and shown of a failure: the message, and the provider's answer
    when it adds something (both without secrets: the channel's duty)."""
    if exc.answer and exc.answer not in exc.message:
        return f"{exc.message}: {exc.answer}"
    return exc.message
