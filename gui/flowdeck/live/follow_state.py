"""The Follower's connection as data (live/follow.py): its states, and a failure's
message for people. Front ends word them; follow.py re-exports them."""

from __future__ import annotations

from dataclasses import dataclass

from ..core.errors import FlowDeckError

STOPPED, CONNECTING, LIVE, RECONNECTING, ERROR = (
    "stopped", "connecting", "live", "reconnecting", "error")


@dataclass(frozen=True, slots=True)
class FollowState:
    """The connection as data; front ends word it. `state`: stopped | connecting | live
    | reconnecting | error. `error` is a message for people (FlowDeckError.message, or
    "Type: text"), `exc` the exception itself when the loop caught one; `retry_in` and
    `retry_at` (on the Follower's monotonic clock; a front end shows now + retry_in)
    while reconnecting; `by_feed` when the feed reported
    it (a gateway or Futu reconnecting by itself); `no_codes` when there is nothing to
    follow. `source` is the feed's name with any secret blanked; `origin` whose numbers
    it gives (feeds/origin.py: sim, replay, futu, eastmoney)."""
    state: str
    error: str = ""
    exc: BaseException | None = None
    retry_in: float | None = None
    retry_at: float | None = None
    attempt: int = 0
    by_feed: bool = False
    no_codes: bool = False
    source: str = ""
    simulated: bool = False
    origin: str = ""


def error_message(exc: BaseException) -> str:
    return exc.message if isinstance(exc, FlowDeckError) else f"{type(exc).__name__}: {exc}"
