"""The WebSocket `/v1/stream`.

Client -> server: `{"op": "subscribe", "stock_list": [...], "market": "HK"}` (market
optional; `"trades": {"min_value": 5e6}` adds the codes' big trades: trade_stream.py)
and `{"op": "unsubscribe", "stock_list": [...]}`. Server -> client: after a
subscribe, a snapshot batch (wire.encode_batch shape, `snapshot: true`, the whole day so
far of the newly subscribed codes), then a batch whenever the source updates one of the
client's codes; a bad op gets `{"type": "error", "ret_code": 1001|1002, "ret_msg": ...}`
and the socket stays open.

Each client has one sender task sending its merged pending state (pending.py) whenever
the socket takes more: a slow reader is sent the latest state, not every update. What a
client may cost is bounded (stream_send.StreamLimits): codes per stream (more: 1001, the
socket stays open), streams per peer address (more: HTTP 429), and the unsent data held
for it (a client that does not take it is dropped).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from aiohttp import WSCloseCode, WSMsgType, web

from ..core import json_text
from ..core.codes import parse_stock_list
from ..core.errors import ErrorCode, FlowDeckError
from .appkeys import HEAVY_STEPS, HUB, SEND_BUDGET, STREAM_LIMITS, STREAMS
from .hub import Hub
from .logs import log_event
from .responses import error_response
from .stream_send import FrameSender, StreamLimits, TooSlow
from .subscription import Subscription
from .trade_stream import parse_trades_option
from .turns import SUBSCRIBED_CODES_PER_TURN, TurnBudget

log = logging.getLogger("flowdeck.server.stream")

MAX_CLIENT_MESSAGE = 64 * 1024
HEARTBEAT_S = 30.0


class StreamClient:
    def __init__(self, ws: web.WebSocketResponse, hub: Hub, peer: str,
                 sender: FrameSender | None = None,
                 limits: StreamLimits | None = None,
                 steps: TurnBudget | None = None) -> None:
        self.ws = ws
        self.hub = hub
        self.peer = peer
        self.sender = sender
        self.limits = limits or StreamLimits()
        self.steps = steps or TurnBudget(SUBSCRIBED_CODES_PER_TURN)   # shared
        self.sub = Subscription(peer)
        self.sent_messages = 0
        self._sender: asyncio.Task | None = None

    async def run(self) -> None:
        self._sender = asyncio.create_task(self._send_loop(), name=f"ws-send {self.peer}")
        try:
            async for msg in self.ws:
                if msg.type is WSMsgType.TEXT:
                    await self.handle(msg.data)
                elif msg.type is WSMsgType.BINARY:
                    self._error(ErrorCode.INVALID_PARAM,
                                "send JSON text messages, not binary ones")
                elif msg.type is WSMsgType.ERROR:
                    break
        finally:
            self._sender.cancel()
            with contextlib.suppress(BaseException):
                await self._sender
            try:
                # Unlinking its codes takes turns like subscribing them: a hundred
                # 2,000-code clients leaving at once were ~0.2 s of one turn.
                await self.steps.take(len(self.sub.codes))
            finally:
                self.hub.drop(self.sub)

    async def handle(self, text: str) -> None:
        try:
            try:
                obj = json_text.loads(text)
            except ValueError as exc:
                raise _bad(f"message is not valid JSON: {exc}") from None
            if not isinstance(obj, dict):
                raise _bad('message must be a JSON object such as '
                           '{"op": "subscribe", "stock_list": ["HK.00700"]}')
            op = obj.get("op")
            if op not in ("subscribe", "unsubscribe"):
                raise _bad(f"unknown op {op!r}; expected 'subscribe' or 'unsubscribe'")
            if "stock_list" not in obj:
                raise _bad(f"{op} needs a stock_list")
            listed = obj["stock_list"]
            await self.steps.take(len(listed) if isinstance(listed, list) else 1)
            codes = parse_stock_list(obj["stock_list"], obj.get("market"))
            if op == "subscribe":
                total = len(self.sub.codes.union(codes))
                if total > self.limits.max_codes:
                    raise _bad(f"a stream subscribes to at most {self.limits.max_codes} "
                               f"codes; this subscribe would make it {total}. Unsubscribe "
                               f"some, or open another stream")
                if "trades" in obj:
                    self.hub.subs.want_trades(self.sub, parse_trades_option(obj["trades"]))
                await self.hub.subscribe(self.sub, codes)
            else:
                self.hub.unsubscribe(self.sub, codes)
        except FlowDeckError as exc:
            self._error(exc.code, str(exc))
        except Exception:   # a bug: say so on this socket, keep serving it and the others
            log.exception("stream message failed", extra={"fields": {"peer": self.peer}})
            self._error(ErrorCode.GET_CAPITAL_FLOW_FAILED, "GET_CAPITAL_FLOW_FAILED: "
                        "internal error handling this message")

    def _error(self, code: int, message: str) -> None:
        self.sub.pending.notice(int(code), message)
        self.sub.wake()

    async def _send_loop(self) -> None:
        sub, ws = self.sub, self.ws
        try:
            while not ws.closed:
                await sub.ready.wait()
                sub.ready.clear()
                if sub.pending.building:   # its snapshot goes first; the build wakes us
                    continue
                # While a send waits for the socket, new updates merge into `pending`.
                for message in sub.take():
                    if self.sender is None:
                        await ws.send_str(message if isinstance(message, str)
                                          else b"".join(message).decode())
                    else:
                        await self.sender.send(message)
                    self.sent_messages += 1
        except TooSlow as exc:
            log_event(log, logging.WARNING, "ws_too_slow", peer=self.peer, error=exc)
            self._drop()
        except (ConnectionError, RuntimeError) as exc:
            log_event(log, logging.DEBUG, "ws_send_failed", peer=self.peer, error=exc)
            with contextlib.suppress(Exception):
                await ws.close()

    def _drop(self) -> None:
        """Drop a client that does not take its data. A close frame (1008) would queue
        behind the unsent data and never arrive, so the connection is reset; the
        reason is in the gateway's log (ws_too_slow)."""
        if self.sender is not None:
            self.sender.transport.abort()

    async def close(self, code: int = WSCloseCode.GOING_AWAY,
                    message: bytes = b"gateway shutting down") -> None:
        if self._sender is not None:
            self._sender.cancel()
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self.ws.close(code=code, message=message), 2.0)


def _bad(message: str) -> FlowDeckError:
    return FlowDeckError(ErrorCode.INVALID_PARAM, message)


async def stream(request: web.Request) -> web.StreamResponse:
    # No permessage-deflate: compressing every batch once per subscriber would cost
    # more CPU than the fan-out itself.
    limits: StreamLimits = request.app[STREAM_LIMITS]
    clients: set = request.app[STREAMS]
    peer = request.remote or "?"
    if sum(1 for c in clients if c.peer == peer) >= limits.max_per_peer:
        log_event(log, logging.DEBUG, "ws_refused", peer=peer, reason="per-peer cap")
        return error_response(_bad(f"too many streams from {peer}: at most "
                                    f"{limits.max_per_peer} at once"), 429)
    ws = web.WebSocketResponse(heartbeat=HEARTBEAT_S, max_msg_size=MAX_CLIENT_MESSAGE,
                               compress=False)
    writer = await ws.prepare(request)
    sender = FrameSender(request, writer, limits, request.app[SEND_BUDGET])
    client = StreamClient(ws, request.app[HUB], peer, sender, limits,
                          request.app[HEAVY_STEPS])
    clients.add(client)
    log_event(log, logging.INFO, "ws_open", peer=client.peer, clients=len(clients))
    try:
        await client.run()
    finally:
        clients.discard(client)
        log_event(log, logging.INFO, "ws_close", peer=client.peer, clients=len(clients),
                  sent=client.sent_messages)
    return ws


async def close_all(app: web.Application) -> None:
    """on_shutdown: close every stream with 1001 going-away."""
    clients = list(app[STREAMS])
    await asyncio.gather(*(c.close() for c in clients), return_exceptions=True)
