"""The gateway's big trades by the user's [tape] settings (read from the window's
settings file, never written): its source picks the trades by those minimum values
(TakesTapeSettings: the simulator, a replay, futu://'s pushes) and its tape keeps those
caps (per code, in all), so /v1/trades and the stream's trades match the window's."""

from __future__ import annotations

import logging

from ..feeds.base import Feed, TakesTapeSettings
from ..storage.tape_settings import read_tape_settings
from .logs import log_event
from .state import FlowState

log = logging.getLogger("flowdeck.server.tape")


def use_tape_settings(state: FlowState, feed: Feed) -> None:
    """Before the gateway serves: its tape's caps and its source's thresholds."""
    settings, problems = read_tape_settings()
    for problem in problems:
        log_event(log, logging.WARNING, "tape_settings", problem=problem)
    state.tape.per_code, state.tape.total = settings.per_code, settings.total
    if isinstance(feed, TakesTapeSettings):
        feed.set_tape_settings(settings)
