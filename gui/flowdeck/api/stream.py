"""A live subscription to a gateway's `/v1/stream`: batches as an async iterator, kept
alive across gateway restarts.

After every (re)connect the client re-sends its subscription and the gateway answers
with a snapshot batch (`snapshot=True`: each code's whole day so far); it is passed on
as is, so a consumer that replaces a code's state on a snapshot ends up exactly where an
uninterrupted stream would have left it: nothing from the gap is lost and nothing counts
twice. Between attempts the client waits with exponential backoff and jitter.

`trades=X` asks for the codes' big trades worth X or more (Batch.trades): the day's
kept ones in each snapshot, then each new one; a gateway older than them sends none.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import random
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

import aiohttp

from ..core import json_text
from ..core.backoff import Backoff  # the one retry policy; re-exported for clients
from ..core.batch import Batch
from ..core.errors import ErrorCode, FlowDeckError, source_failed
from ..core.wire import decode_batch
from . import peers
from .aio_failures import failure
from .replies import MAX_REPLY_BYTES, STREAM_PATH, Refused, token_hint, wanted_code

log = logging.getLogger(__name__)
_T = TypeVar("_T")

CONNECTING, LIVE, RECONNECTING, CLOSED = "connecting", "live", "reconnecting", "closed"
# How long a closing stream waits for the peer's close frame.
CLOSE_WAIT_S = 2.0
# Errors that say the request itself is wrong: asking again cannot help.
_FATAL = (ErrorCode.INVALID_PARAM, ErrorCode.INVALID_CODE)


@dataclass(frozen=True, slots=True)
class ConnectionState:
    """What a status bar shows: `state` is connecting | live | reconnecting | closed;
    while reconnecting, `retry_in` is the wait before the next attempt. `attempt` counts
    failed attempts in a row, `error` says why the last one failed."""
    state: str
    retry_in: float | None = None
    attempt: int = 0
    error: str | None = None

    def __str__(self) -> str:
        if self.state == RECONNECTING and self.retry_in is not None:
            return f"{RECONNECTING} (retry in {self.retry_in:.1f} s)"
        return self.state


class Fatal(Exception):
    """A refusal the stream ends on instead of retrying (a wrong token, a rejected
    subscription): `error` says which."""

    def __init__(self, error: FlowDeckError) -> None:
        super().__init__(error)
        self.error = error


class Subscription:
    """Async iterator of core Batch for `codes` (normalised), from the gateway at
    host:port. With `reconnect` (the default) it runs until `aclose()`, reconnecting
    after any failure; without, the first failure raises it (FlowDeckError, 1016).
    Either way a wrong token (1001) or a rejected subscription (1001/1002) raises.

    `state` is the current ConnectionState; `on_state(state)` is called on each change.
    `reconnects` counts connections that came back live after the first."""

    def __init__(self, session: Callable[[], aiohttp.ClientSession], host: str, port: int,
                 codes: Sequence[str], *, timeout: float = 10.0, reconnect: bool = True,
                 backoff: Backoff | None = None,
                 on_state: Callable[[ConnectionState], None] | None = None,
                 seed: int | None = None,
                 token_renewed: Callable[[str | None], bool] | None = None,
                 trades: float | None = None) -> None:
        self.codes = list(codes)
        self.trades = trades
        self._wanted = set(self.codes)
        self.host, self.port, self.timeout = host, port, timeout
        self.backoff = backoff or Backoff()
        self.on_state = on_state
        self.state = ConnectionState(CONNECTING)
        self.reconnects = 0
        self._announced = False
        self._session = session
        self._token_renewed = token_renewed
        self._reconnect = reconnect
        self._rng = random.Random(seed)
        self._failures = 0
        self._ever_live = False
        self._ws: aiohttp.ClientWebSocketResponse | None = None
        self._closing = asyncio.Event()
        self._gen = self._run()

    @property
    def closed(self) -> bool:
        return self._closing.is_set()

    def __aiter__(self) -> Subscription:
        return self

    async def __anext__(self) -> Batch:
        return await self._gen.__anext__()

    async def aclose(self) -> None:
        """End the subscription; a consumer waiting in `async for` stops. Idempotent."""
        self._closing.set()
        ws = self._ws
        if ws is not None and not ws.closed:
            await _close(ws)
        if not self._gen.ag_running:
            await self._gen.aclose()
        self._set_state(ConnectionState(CLOSED))

    async def __aenter__(self) -> Subscription:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    # --- internals --------------------------------------------------------------------

    def _where(self) -> str:
        return peers.address(self.host, self.port)

    def _set_state(self, state: ConnectionState) -> None:
        if (state == self.state and self._announced) or self.state.state == CLOSED:
            return  # closed is final
        self._announced = True  # the first call is news even when it says "connecting"
        self.state = state
        if self.on_state is not None:
            try:
                self.on_state(state)
            except Exception:  # a broken status bar must not end the stream
                log.exception("on_state callback failed")

    async def _run(self) -> AsyncIterator[Batch]:
        error: str | None = None
        try:
            while not self._closing.is_set():
                self._set_state(ConnectionState(CONNECTING, attempt=self._failures,
                                                error=error))
                try:
                    async with contextlib.aclosing(self._connection()) as batches:
                        async for batch in batches:
                            yield batch
                except Fatal as exc:
                    raise exc.error from None
                except FlowDeckError as exc:
                    error = exc.message
                    if not self._reconnect:
                        raise
                if self._closing.is_set() or not self._reconnect:
                    return
                self._failures += 1
                delay = self.backoff.delay(self._failures, self._rng)
                log.info("stream from %s: %s; retry in %.2f s", self._where(), error, delay)
                self._set_state(ConnectionState(RECONNECTING, delay, self._failures, error))
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(delay):
                        await self._closing.wait()
        finally:
            self._closing.set()
            self._set_state(ConnectionState(CLOSED, error=error))

    async def _connection(self) -> AsyncIterator[Batch]:
        ws = await self._unless_closing(self._open())
        if ws is None:
            return
        self._ws = ws
        try:
            ask: dict = {"op": "subscribe", "stock_list": self.codes}
            if self.trades is not None:
                ask["trades"] = {"min_value": self.trades}
            await ws.send_str(json.dumps(ask))
            async for msg in ws:
                if msg.type is aiohttp.WSMsgType.TEXT:
                    batch = self.decode(msg.data)
                    if batch is None:
                        continue
                    if batch.snapshot and self.state.state != LIVE:
                        self._went_live()
                    yield batch
                elif msg.type is aiohttp.WSMsgType.ERROR:
                    raise source_failed(f"the stream from {self._where()} broke: "
                                        f"{ws.exception()}")
                else:
                    raise peers.not_a_gateway(self.host, self.port,
                                              f"it sent a {msg.type.name} stream message")
            if not self._closing.is_set():
                raise source_failed(f"the gateway at {self._where()} closed the stream "
                                    f"(close code {ws.close_code})")
        except (aiohttp.ClientError, ConnectionError) as exc:
            if not self._closing.is_set():
                raise source_failed(f"the stream from {self._where()} broke: "
                                    f"{exc!r:.120}") from None
        finally:
            self._ws = None
            await _close(ws)

    def _went_live(self) -> None:
        if self._ever_live:
            self.reconnects += 1
        self._ever_live = True
        self._failures = 0
        self._set_state(ConnectionState(LIVE))

    async def _open(self) -> aiohttp.ClientWebSocketResponse:
        url = f"http://{self._where()}{STREAM_PATH}"
        session = self._session()
        sent = session.headers.get("Authorization")
        try:
            return await session.ws_connect(
                url, heartbeat=max(1.0, self.timeout), max_msg_size=MAX_REPLY_BYTES,
                timeout=aiohttp.ClientWSTimeout(ws_close=self.timeout))
        except aiohttp.WSServerHandshakeError as exc:
            if exc.status == 401 and self._token_renewed is not None \
                    and self._token_renewed(sent):
                # A local gateway restarted with a new token meanwhile: try again.
                raise source_failed(f"the gateway at {self._where()} has a new token") \
                    from None
            if exc.status == 401:
                raise Fatal(Refused(
                    ErrorCode.INVALID_PARAM,
                    f"the gateway at {self._where()} refused the stream (HTTP 401): "
                    f"missing or wrong token; {token_hint(self.port)}")) from None
            if exc.status in (403, 421):
                raise Fatal(Refused(
                    ErrorCode.INVALID_PARAM,
                    f"the gateway at {self._where()} refused the stream (HTTP "
                    f"{exc.status}): {exc.message}")) from None
            raise await failure(exc, self.host, self.port, self.timeout) from None
        except (aiohttp.ClientError, OSError, TimeoutError) as exc:
            raise await failure(exc, self.host, self.port, self.timeout) from None

    def decode(self, text: str) -> Batch | None:
        """One text message as this subscription reads it: a Batch of its codes, None
        for a kind it does not know; FlowDeckError (1016: the stream starts over) or
        Fatal (a refusal it does not retry)."""
        try:
            obj = json_text.loads(text)
        except ValueError:
            raise peers.not_a_gateway(self.host, self.port,
                                      "it sent a stream message that is not JSON") from None
        kind = obj.get("type") if isinstance(obj, dict) else None
        if kind == "error":
            raise _stream_error(obj)
        if kind is not None and kind != "batch":
            return None  # a message kind this client does not know: newer gateway
        # A malformed batch raises 1016: the stream reconnects and starts over from a
        # fresh snapshot rather than leave the consumer with a gap. Items about codes
        # not subscribed are dropped; a malformed item is a 1016 for its code.
        foreign = _only_wanted(obj, self._wanted) if isinstance(obj, dict) else 0
        batch = decode_batch(obj)
        malformed = [f"{c}: {m}" for c, (_, m) in batch.errors.items()
                     if m.startswith("malformed ")]
        if foreign or malformed:
            log.warning("stream from %s: dropped %d items for codes not subscribed and %d "
                        "malformed ones (first: %.200s)", self._where(), foreign,
                        len(malformed), malformed[0] if malformed else "-")
        return batch

    async def _unless_closing(self, coro: Awaitable[_T]) -> _T | None:
        """`coro`'s result, or None (and `coro` cancelled) once aclose() is called."""
        task = asyncio.ensure_future(coro)
        closing = asyncio.ensure_future(self._closing.wait())
        try:
            await asyncio.wait({task, closing}, return_when=asyncio.FIRST_COMPLETED)
        except asyncio.CancelledError:
            task.cancel()
            raise
        finally:
            closing.cancel()
        if not task.done():
            task.cancel()
            with contextlib.suppress(BaseException):
                await task
            return None
        result = task.result()
        if self._closing.is_set() and isinstance(result, aiohttp.ClientWebSocketResponse):
            await result.close()
            return None
        return result


async def _close(ws: aiohttp.ClientWebSocketResponse) -> None:
    """Close `ws`, waiting at most CLOSE_WAIT_S for the peer's answer. aiohttp's close()
    reads until the peer's close frame and restarts its timeout with every message, so a
    peer that keeps sending and never answers (a broken gateway) would hold it for ever;
    cancelled, it drops the connection instead. asyncio.timeout, not wait_for: under
    Python 3.11 a cancel landing as wait_for's inner await ends can be lost, and a
    subscription whose task was cancelled here reconnected and waited for ever."""
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(CLOSE_WAIT_S):
            await ws.close()


def _only_wanted(obj: dict, wanted: set[str]) -> int:
    """Remove from a raw batch message the items about codes not in `wanted` (or about
    no code at all); how many. Parts not shaped as lists or an object are left for
    decode_batch to refuse."""
    dropped = 0
    for key in ("records", "quotes", "details", "errors", "trades"):
        items = obj.get(key)
        if isinstance(items, list):
            keep = [i for i in items if isinstance(i, dict)
                    and wanted_code(i.get("code"), wanted) is not None]
            dropped += len(items) - len(keep)
            obj[key] = keep
    points = obj.get("points")
    if isinstance(points, dict):
        keep_points = {c: p for c, p in points.items() if wanted_code(c, wanted) is not None}
        dropped += len(points) - len(keep_points)
        obj["points"] = keep_points
    return dropped


def _stream_error(obj: dict) -> Exception:
    text = str(obj.get("ret_msg", ""))
    try:
        code = ErrorCode(int(obj.get("ret_code")))  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        return source_failed(f"stream error {obj.get('ret_code')!r}: {text}")
    error = FlowDeckError(code, text.removeprefix(f"{code.name}: "))
    return Fatal(error) if code in _FATAL else error
