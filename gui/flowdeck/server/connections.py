"""Connections that hold the gateway without asking anything (slowloris).

aiohttp has no header timeout: a connection that sends half a request line and then a
byte now and then holds a file descriptor for as long as it likes, and with a few
thousand of them the gateway runs out of descriptors and turns every client away. Here
every connection goes through a thin protocol (GuardedProtocol) that tells the guard
when bytes arrive, and the application's request handler tells it when a complete
request has begun and ended. The guard then

- closes a connection that has not completed a request within `header_timeout_s` of
  its first byte (or of opening, if it sent nothing), and
- keeps at most `max_connections`: a new one over the cap closes the oldest connection
  still waiting for its request, or else the oldest idle keep-alive one, or else is
  itself refused. Connections inside a request (a WebSocket stream included) are never
  taken.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Sequence

from aiohttp import web

from .logs import log_event

log = logging.getLogger("flowdeck.server.guard")

Handler = Callable[[web.BaseRequest], Awaitable[web.StreamResponse]]


class GuardedProtocol(asyncio.Protocol):
    """Forwards everything to aiohttp's protocol; tells the guard what it sees."""

    def __init__(self, guard: ConnectionGuard, inner: asyncio.Protocol) -> None:
        self.guard = guard
        self.inner = inner
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]
        self.inner.connection_made(transport)
        self.guard.opened(self)

    def data_received(self, data: bytes) -> None:
        self.guard.received(self)
        self.inner.data_received(data)

    def eof_received(self) -> bool | None:
        return self.inner.eof_received()

    def connection_lost(self, exc: Exception | None) -> None:
        self.guard.lost(self)
        self.inner.connection_lost(exc)

    def pause_writing(self) -> None:
        self.inner.pause_writing()

    def resume_writing(self) -> None:
        self.inner.resume_writing()

    def close(self) -> None:
        if self.transport is not None and not self.transport.is_closing():
            self.transport.abort()


class ConnectionGuard:
    """The bookkeeping and the watchdog. `closed_waiting` counts connections closed
    for taking too long to send a request, `closed_for_room` those closed to make room
    under the cap, `refused` new ones closed because nothing could make room."""

    def __init__(self, header_timeout_s: float = 10.0, max_connections: int = 4096,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.header_timeout_s = header_timeout_s
        self.max_connections = max_connections
        self._clock = clock
        self.waiting: OrderedDict[GuardedProtocol, float] = OrderedDict()
        self.idle: OrderedDict[GuardedProtocol, float] = OrderedDict()
        self.busy: set[GuardedProtocol] = set()
        self.by_transport: dict[asyncio.BaseTransport, GuardedProtocol] = {}
        self.closed_waiting = self.closed_for_room = self.refused = 0
        self._logged_at = -1e9
        self._watchdog: asyncio.Task | None = None

    def __len__(self) -> int:
        return len(self.by_transport)

    # --- what the connections tell ----------------------------------------------------

    def opened(self, conn: GuardedProtocol) -> None:
        assert conn.transport is not None
        self.by_transport[conn.transport] = conn
        self.waiting[conn] = self._clock()
        if len(self.by_transport) > self.max_connections:
            self._make_room(conn)

    def received(self, conn: GuardedProtocol) -> None:
        if conn in self.idle:   # the first bytes of its next request
            del self.idle[conn]
            self.waiting[conn] = self._clock()

    def lost(self, conn: GuardedProtocol) -> None:
        self.waiting.pop(conn, None)
        self.idle.pop(conn, None)
        self.busy.discard(conn)
        if conn.transport is not None:
            self.by_transport.pop(conn.transport, None)

    def wrap(self, handler: Handler) -> Handler:
        """The application's request handler, telling the guard when a complete
        request begins (aiohttp calls it once the request's head is in) and ends."""
        async def guarded(request: web.BaseRequest) -> web.StreamResponse:
            conn = self.by_transport.get(request.transport) if request.transport else None
            if conn is not None:
                self.waiting.pop(conn, None)
                self.idle.pop(conn, None)
                self.busy.add(conn)
            try:
                return await handler(request)
            finally:
                if conn is not None and conn in self.busy:
                    self.busy.discard(conn)
                    self.idle[conn] = self._clock()
        guarded.guarded = True  # type: ignore[attr-defined]
        return guarded

    # --- enforcing -----------------------------------------------------------------

    def _make_room(self, newest: GuardedProtocol) -> None:
        for queue in (self.waiting, self.idle):
            for conn in queue:
                if conn is not newest:
                    self.closed_for_room += 1
                    self._close(conn)
                    return
        self.refused += 1
        self._close(newest)

    def _close(self, conn: GuardedProtocol) -> None:
        self.lost(conn)
        conn.close()
        now = self._clock()
        if now - self._logged_at >= 10.0:
            self._logged_at = now
            log_event(log, logging.WARNING, "connections_closed",
                      waited_too_long=self.closed_waiting, for_room=self.closed_for_room,
                      refused=self.refused, open=len(self.by_transport),
                      cap=self.max_connections, header_timeout_s=self.header_timeout_s)

    def sweep(self) -> int:
        """Close the connections waiting longer than the header timeout; how many."""
        cutoff = self._clock() - self.header_timeout_s
        closed = 0
        while self.waiting:
            conn, since = next(iter(self.waiting.items()))
            if since > cutoff:
                break
            self.closed_waiting += 1
            closed += 1
            self._close(conn)
        return closed

    def start(self) -> None:
        if self._watchdog is None:
            self._watchdog = asyncio.create_task(self._watch(), name="connection-guard")

    async def stop(self) -> None:
        if self._watchdog is not None:
            self._watchdog.cancel()
            with contextlib.suppress(BaseException):
                await self._watchdog
            self._watchdog = None

    async def _watch(self) -> None:
        step = min(1.0, self.header_timeout_s / 4)
        while True:
            await asyncio.sleep(step)
            self.sweep()


# The kernel's queue of connections waiting for accept(): deep, so that a client's
# connection waits there while an attacker opens and drops thousands a second (with 64 it
# overflowed and the client's SYN was dropped: a 1 s retransmit, or a failure). asyncio
# accepts at most `backlog` per wake-up: that stays small, or one wake-up could use up the
# descriptors the connection cap keeps in reserve (fdlimit.py).
LISTEN_QUEUE = 4096
ACCEPT_BURST = 64


class GuardedSite(web.BaseSite):
    """A TCP site whose connections go through `guard`."""

    def __init__(self, runner: web.BaseRunner, host: str | Sequence[str], port: int,
                 guard: ConnectionGuard, backlog: int = ACCEPT_BURST,
                 listen_queue: int = LISTEN_QUEUE) -> None:
        super().__init__(runner, backlog=backlog)
        self.host, self.port, self.guard = host, port, guard
        self.listen_queue = listen_queue

    @property
    def name(self) -> str:
        host = self.host if isinstance(self.host, str) else self.host[0]
        host = f"[{host}]" if ":" in host else host
        return f"http://{host}:{self.port}"

    async def start(self) -> None:
        await super().start()
        server = self._runner.server
        assert server is not None
        guard = self.guard
        if not getattr(server.request_handler, "guarded", False):  # one site per address
            server.request_handler = guard.wrap(server.request_handler)
        self._server = await asyncio.get_running_loop().create_server(
            lambda: GuardedProtocol(guard, server()), self.host, self.port,
            backlog=self._backlog)
        for sock in self._server.sockets:
            # listen() again on a listening socket sets its queue (Linux, the BSDs);
            # on a duplicate, since asyncio's wrapper does not offer listen().
            with sock.dup() as listening:
                listening.listen(self.listen_queue)
        guard.start()

    async def stop(self) -> None:
        await self.guard.stop()
        await super().stop()
