"""The fake East Money server: aiohttp on 127.0.0.1, a free port, answering each
registered path with its module's pure `answer(params)` (quotes.py, minutes.py,
day_klines.py, board_list.py ...), and the ways the real one fails.

    async with FakeEastMoney() as fake:      # inside the test's loop
        fake.route(ULIST_PATH, FakeQuotes().answer)
        feed = open_feed(fake.source)       # eastmoney://127.0.0.1:PORT?tls=0
        ...
        fake.fail("refuse", times=2)        # the next two requests: 403 (or "html",
                                            # "empty", "reset", "slow")

`counts[path]` counts the requests each path got (failed ones too); `queries[path]`
keeps their parameters. Unknown paths answer 404.
"""

from __future__ import annotations

import asyncio
import json
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from aiohttp import web

Answer = Callable[[Mapping[str, str]], object]   # a dict (JSON) or text as it is

BLOCK_PAGE = ("<!DOCTYPE html><html><head><title>403</title></head><body>"
              "访问过于频繁 / too many requests</body></html>")
FAULTS = ("refuse", "html", "empty", "reset", "slow")


@dataclass(slots=True)
class Fault:
    kind: str
    times: int
    path: str | None = None   # None: any path
    delay: float = 0.0        # "slow": seconds before the answer


class FakeEastMoney:
    def __init__(self) -> None:
        self.routes: dict[str, Answer] = {}
        self.counts: Counter[str] = Counter()
        self.queries: dict[str, list[dict[str, str]]] = defaultdict(list)
        self.faults: list[Fault] = []
        self.port = 0
        self._runner: web.AppRunner | None = None

    @property
    def source(self) -> str:
        return f"eastmoney://127.0.0.1:{self.port}?tls=0"

    def route(self, path: str, answer: Answer) -> None:
        self.routes[path] = answer

    def fail(self, kind: str, times: int = 1, path: str | None = None,
             delay: float = 0.0) -> None:
        if kind not in FAULTS:
            raise ValueError(f"unknown fault {kind!r}; known: {FAULTS}")
        self.faults.append(Fault(kind, times, path, delay))

    async def start(self) -> FakeEastMoney:
        app = web.Application()
        app.router.add_route("GET", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # aiohttp tells it nowhere else
        return self

    async def close(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeEastMoney:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    def respond(self, path: str, params: Mapping[str, str]) -> tuple[int, str, Fault | None]:
        """(status, body, the fault that shapes it) for a request; counted. A "reset"
        or "slow" fault is the caller's to act out (the socket, the in-process transport)."""
        self.counts[path] += 1
        self.queries[path].append(dict(params))
        fault = self._fault(path)
        if fault is not None and fault.kind == "refuse":
            return 403, "Forbidden", fault
        if fault is not None and fault.kind == "html":
            return 200, BLOCK_PAGE, fault
        if fault is not None and fault.kind == "empty":
            return 200, "", fault
        answer = self.routes.get(path)
        if answer is None:
            return 404, "no such path", fault
        body = answer(params)
        text = body if isinstance(body, str) else json.dumps(body, ensure_ascii=False)
        return 200, text, fault

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        status, text, fault = self.respond(request.path, request.query)
        if fault is not None and fault.kind == "reset":
            assert request.transport is not None
            request.transport.close()
            return web.Response()
        if fault is not None and fault.kind == "slow":
            await asyncio.sleep(fault.delay)
        kind = "text/html" if text.startswith("<") else "application/json"
        return web.Response(status=status, text=text, content_type=kind)

    def _fault(self, path: str) -> Fault | None:
        for fault in self.faults:
            if fault.times > 0 and fault.path in (None, path):
                fault.times -= 1
                return fault
        return None
