"""A receiver of FlowDeck's generic webhook (channels/webhook.py, README "Generic
webhook"): POST / with a JSON body, X-FlowDeck-Key, and when the fake has a secret an
X-FlowDeck-Signature it verifies (a bad or missing one is answered 401)."""

from __future__ import annotations

import hashlib
import hmac
import json

from aiohttp import web

from .server import FakeServer, Recorded


class FakeWebhook(FakeServer):
    def __init__(self, secret: str | None = None, path: str = "/hook") -> None:
        super().__init__()
        self.secret = secret
        self.path = path
        self.bodies: list[dict] = []     # the accepted bodies, in order
        self.keys: list[str] = []        # their X-FlowDeck-Key headers

    @property
    def url(self) -> str:
        return self.base + self.path

    async def answer(self, rec: Recorded) -> web.StreamResponse:
        if rec.method != "POST" or rec.path != self.path:
            self.problem(f"{rec.method} {rec.path}")
            return web.Response(status=404, text="not found")
        if not rec.headers.get("Content-Type", "").startswith("application/json"):
            self.problem(f"content type {rec.headers.get('Content-Type')!r}")
            return web.Response(status=415, text="json only")
        if self.secret is not None:
            want = "sha256=" + hmac.new(self.secret.encode(), rec.body,
                                        hashlib.sha256).hexdigest()
            got = rec.headers.get("X-FlowDeck-Signature", "")
            if not hmac.compare_digest(want, got):
                self.problem(f"signature {got!r}")
                return web.Response(status=401, text=f"bad signature {got}")
        try:
            body = json.loads(rec.body)
        except ValueError:
            self.problem("body is not JSON")
            return web.Response(status=400, text="not json")
        self.bodies.append(body)
        self.keys.append(rec.headers.get("X-FlowDeck-Key", ""))
        return web.Response(text="ok")
