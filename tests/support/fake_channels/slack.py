"""A Slack incoming webhook as Slack documents it (api.slack.com/messaging/webhooks and
the changelog "Improving error conditions for Incoming Webhooks"): POST
/services/T…/B…/X… with JSON (text, blocks); HTTP 200 "ok", or a plain-text error by
status: 400 invalid_payload / no_text / invalid_blocks, 404 no_service, 410
channel_is_archived, 429 rate_limited with Retry-After, 500 rollup_error. A
section's text holds at most 3,000 characters."""

from __future__ import annotations

import time
from collections.abc import Callable

from aiohttp import web

from .server import FakeServer, RateWindow, Recorded


def plain(status: int, text: str, **headers: str) -> web.Response:
    return web.Response(status=status, text=text, headers=headers)


class FakeSlack(FakeServer):
    def __init__(self, path: str = "/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX",
                 per_min: int = 60, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__()
        self.path = path
        self.rate = RateWindow(per_min, clock)
        self.messages: list[dict] = []

    @property
    def url(self) -> str:
        return self.base + self.path

    async def answer(self, rec: Recorded) -> web.StreamResponse:
        if rec.method != "POST" or rec.path != self.path:
            return plain(404, "no_service")
        body = self.json_of(rec)
        if not isinstance(body, dict):
            return plain(400, "invalid_payload")
        if not body.get("text") and not body.get("blocks"):
            self.problem("no text")
            return plain(400, "no_text")
        for block in body.get("blocks", []):
            text = block.get("text", {}) if isinstance(block, dict) else {}
            if block.get("type") != "section" or text.get("type") not in ("mrkdwn",
                                                                          "plain_text") \
                    or not 0 < len(text.get("text", "")) <= 3000:
                self.problem(f"block {block!r:.80}")
                return plain(400, "invalid_blocks")
        if not self.rate.allow():
            return plain(429, "rate_limited", **{"Retry-After": "30"})
        self.messages.append(body)
        return plain(200, "ok")
