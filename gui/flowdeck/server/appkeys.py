"""The keys under which the application holds its hub, its open streams, what they
may do per turn of the loop, and its own archive."""

from __future__ import annotations

from aiohttp import web

from .archive_keeper import GatewayArchive
from .hub import Hub
from .stream_send import StreamLimits
from .turns import TurnBudget

HUB = web.AppKey("hub", Hub)
STREAMS = web.AppKey("streams", set)
STREAM_LIMITS = web.AppKey("stream_limits", StreamLimits)
SEND_BUDGET = web.AppKey("send_budget", TurnBudget)   # bytes written per turn
HEAVY_STEPS = web.AppKey("heavy_steps", TurnBudget)   # codes subscribed per turn
ARCHIVE = web.AppKey("archive", GatewayArchive)       # the gateway's own, or None
