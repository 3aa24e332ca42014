"""The keys under which the application holds its hub and its open streams."""

from __future__ import annotations

from aiohttp import web

from .hub import Hub

HUB = web.AppKey("hub", Hub)
STREAMS = web.AppKey("streams", set)
