"""The contract every channel keeps, and what it hands back.

A channel gets payloads (core/alert_payload.py): one, or several that are due at once
beyond its rate (it sends them as one summary: "12 alerts: ..."). It answers with the
provider's reply (shown by Settings > Channels' "Send test message") or raises
ChannelError, which says whether trying again can help and when."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable


class ChannelError(Exception):
    """A send that failed. `retry_after`: seconds the provider asked to wait (HTTP
    Retry-After, Telegram's `retry_after`, DingTalk's 10-minute throttle), None when it
    said nothing; `permanent`: trying the same message again cannot succeed (a bad
    signature, a revoked token, a message the provider refuses); `answer`: the
    provider's reply, cut short, with every secret removed (it is logged and shown)."""

    def __init__(self, message: str, *, retry_after: float | None = None,
                 permanent: bool = False, answer: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.retry_after = retry_after
        self.permanent = permanent
        self.answer = answer


@dataclass(frozen=True, slots=True)
class Sent:
    """A delivered message: the provider's reply (short, secrets removed) and how many
    payloads it carried."""
    answer: str
    count: int = 1


@runtime_checkable
class Channel(Protocol):
    name: str
    kind: str

    async def send(self, payloads: Sequence[Mapping[str, Any]]) -> Sent:
        """Deliver `payloads` as one message (one alert, or a summary of several).
        Raises ChannelError; never logs a secret."""
        ...

    async def close(self) -> None: ...


class Secrets(Protocol):
    """Where a channel's secrets come from (storage/secrets.py): None when not set."""

    def get(self, channel: str, field: str) -> str | None: ...
