"""The keys under which the application holds its hub and its open streams."""

from __future__ import annotations

from aiohttp import web

from .hub import Hub
from .stream_send import StreamLimits

HUB = web.AppKey("hub", Hub)
STREAMS = web.AppKey("streams", set)
STREAM_LIMITS = web.AppKey("stream_limits", StreamLimits)
