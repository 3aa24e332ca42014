"""What every fake provider shares: an aiohttp server on 127.0.0.1 (port 0) that records
each request and answers it, unless a test queued a fault for it first: an HTTP answer
of its choosing (a 500, a 429 with Retry-After, a provider's error body), a hang (no
answer until the fake stops) or a dropped connection.

A subclass's `answer(request)` checks the request as its provider documents it; what
it finds wrong goes to `problems` (a test asserts it stays empty) and is answered the
way the provider would."""

from __future__ import annotations

import asyncio
import json
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web


@dataclass(frozen=True)
class Recorded:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass(frozen=True)
class Fault:
    """What to do to one request instead of answering it."""
    action: str = "answer"          # "answer", "hang" or "close"
    status: int = 200
    body: str | dict = ""
    headers: dict[str, str] = field(default_factory=dict)

    def response(self) -> web.Response:
        if isinstance(self.body, dict):
            return web.json_response(self.body, status=self.status, headers=self.headers)
        return web.Response(text=self.body, status=self.status, headers=self.headers)


def status(code: int, body: str | dict = "", **headers: str) -> Fault:
    return Fault("answer", code, body, {k.replace("_", "-"): v for k, v in headers.items()})


HANG = Fault("hang")
CLOSE = Fault("close")


class FakeServer:
    def __init__(self) -> None:
        self.requests: list[Recorded] = []
        self.problems: list[str] = []
        self.faults: deque[Fault] = deque()
        self.port = 0
        self._runner: web.AppRunner | None = None
        self._stopping = asyncio.Event()

    async def __aenter__(self):
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, access_log=None, handler_cancellation=True)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]
        return self

    async def __aexit__(self, *exc: object) -> None:
        self._stopping.set()
        assert self._runner is not None
        await self._runner.cleanup()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def fail(self, *faults: Fault) -> None:
        """The next requests get these, in order, instead of an answer."""
        self.faults.extend(faults)

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        rec = Recorded(request.method, request.path, dict(request.query),
                       dict(request.headers), await request.read())
        self.requests.append(rec)
        if self.faults:
            fault = self.faults.popleft()
            if fault.action == "hang":
                await self._stopping.wait()
                raise web.HTTPServiceUnavailable()
            if fault.action == "close":
                assert request.transport is not None
                request.transport.close()
                return web.Response()
            return fault.response()
        return await self.answer(rec)

    def problem(self, text: str) -> None:
        self.problems.append(text)

    def json_of(self, rec: Recorded, charset: bool = False) -> Any:
        """The request's JSON body (None when it is not JSON); a Content-Type other than
        application/json (with charset=utf-8 where the provider asks for it) is a
        problem."""
        kind = rec.headers.get("Content-Type", "").replace(" ", "").lower()
        if not kind.startswith("application/json") or (
                charset and "charset=utf-8" not in kind):
            self.problem(f"Content-Type {rec.headers.get('Content-Type')!r}")
        try:
            return json.loads(rec.body)
        except ValueError:
            self.problem("body is not JSON")
            return None

    async def answer(self, rec: Recorded) -> web.StreamResponse:
        raise NotImplementedError


class RateWindow:
    """At most `per_min` hits in any 60 s of `clock` (a provider's published limit)."""

    def __init__(self, per_min: int, clock: Callable[[], float]) -> None:
        self.per_min = per_min
        self.clock = clock
        self.hits: deque[float] = deque()

    def allow(self) -> bool:
        now = self.clock()
        while self.hits and self.hits[0] <= now - 60:
            self.hits.popleft()
        if len(self.hits) >= self.per_min:
            return False
        self.hits.append(now)
        return True
