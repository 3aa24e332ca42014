"""One connection to Futu OpenD through the SDK's OpenQuoteContext, kept alive.

The SDK blocks: its plain constructor loops forever when nothing listens, and every
query waits on a thread event. So every SDK call runs in a thread pool of our own, never
on the asyncio (Qt) thread, and the context is built with `is_async_connect=True` and
watched until it is READY or `timeout` passes.

The SDK would also reconnect by itself, every 6 s for ever. We close a context as soon
as it is no longer READY instead (closing also stops the SDK's own retries and wakes the
queries waiting on it) and open a new one after a backoff of 1, 2, 4 ... 30 s (with
jitter), reported through `on_state` as the gateway client does. Before each attempt a
plain TCP connect says at once whether anything listens at all, so "OpenD is not
running" is an error in milliseconds, not a handshake timeout.

A context can also stay READY while nothing it reads makes sense any more: a packet
cut short or declaring a huge length leaves the SDK waiting for bytes that never come,
and every later answer (keep-alives too) is swallowed until the SDK's own keep-alive
check gives up after 33 s. So STALL_CALLS calls in a row without a usable answer (no
answer in time, or a transport error) count as a lost connection: the context is
closed (which frees what the SDK buffered and the workers waiting in it) and a new one
opened. The SDK never allocates a declared length up front; it only buffers what
arrives.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import time
from collections.abc import Callable
from concurrent.futures import Executor
from typing import Any, TypeVar

from ...api.peers import address
from ...api.stream import Backoff, ConnectionState
from ...core.errors import FlowDeckError, source_failed
from ..waiting import wait_event
from .sdk import load_futu

log = logging.getLogger("flowdeck.feeds.futu")
_T = TypeVar("_T")

READY = "READY"               # futu.ContextStatus.READY
CHECK_INTERVAL_S = 1.0        # how often a live context's status is read
STALL_CALLS = 4               # calls in a row without a usable answer: reconnect
BACKOFF = Backoff(first=1.0, factor=2.0, cap=30.0, jitter=0.2)


class CallTimeout(Exception):
    """An SDK call did not return within the timeout (the worker thread goes on until
    the SDK gives up by itself, 12-20 s, or the context is closed)."""


class FutuConnection:
    """`await ready()` gives a READY context (raising the attempt's FlowDeckError when it
    fails); `await call(fn, ...)` runs fn in the pool with a timeout; `suspect()` asks
    for a status check now (after a failed query). `state` / `on_state` follow it."""

    def __init__(self, host: str, port: int, *, timeout: float, executor: Executor,
                 on_state: Callable[[ConnectionState], None] | None = None,
                 backoff: Backoff = BACKOFF, seed: int | None = None) -> None:
        self.host, self.port = host, port
        self.where = address(host, port)
        self.timeout = timeout
        self.state = ConnectionState("connecting")
        self.on_state = on_state
        self.connects = 0             # contexts that became READY
        self.stalls = 0               # contexts dropped for STALL_CALLS unanswered calls
        self._unanswered = 0          # calls in a row without a usable answer
        self._pool = executor
        self._backoff = backoff
        self._rng = random.Random(seed)
        self._ctx: Any = None
        self._task: asyncio.Task | None = None
        self._attempting = False
        self._waiters: list[asyncio.Future] = []
        self._check = asyncio.Event()
        self._live = asyncio.Event()
        self._closed = False
        self._renew = ""               # why the live context is to be replaced
        self.last_error = ""

    @property
    def live(self) -> bool:
        return self._ctx is not None

    @property
    def context(self) -> Any:
        """The READY context, None while there is none."""
        return self._ctx

    async def wait_live(self) -> None:
        await self._live.wait()

    def start(self) -> None:
        if self._task is None and not self._closed:
            self._task = asyncio.get_running_loop().create_task(
                self._supervise(), name="flowdeck-futu-connection")

    async def ready(self) -> Any:
        """The live context. When there is none: the outcome of the attempt under way
        (or of the first one); while waiting to retry, the last error at once."""
        if self._closed:
            raise source_failed(f"futu://{self.where}: the feed is closed")
        if self._ctx is not None:
            return self._ctx
        self.start()
        if not self._attempting and self.state.state == "reconnecting":
            raise source_failed(f"Futu OpenD at {self.where} is not connected: "
                                f"{self.last_error}")
        waiter = asyncio.get_running_loop().create_future()
        self._waiters.append(waiter)
        return await waiter

    async def identity(self) -> str:
        """`futu:user=<id>`: the account OpenD is logged in with (InitConnect's
        loginUserID, which the SDK keeps per connection). The archive keys Futu's days by
        it, not by host:port: two OpenDs of one account share their days, two accounts
        through one address do not."""
        ctx = await self.ready()
        loop = asyncio.get_running_loop()
        user = await loop.run_in_executor(self._pool, ctx.get_login_user_id)
        if not user:
            raise source_failed(f"Futu OpenD at {self.where} did not say which account "
                                f"it is logged in with")
        return f"futu:user={int(user)}"

    def renew(self, reason: str) -> None:
        """Replace the live context with a new one (pushes that stopped on it and did
        not come back when subscribed again): `reason` is the lost connection's."""
        self._renew = reason
        self._check.set()

    def suspect(self) -> None:
        """A query failed in a way a lost connection explains: check the status now."""
        self._check.set()

    async def call(self, fn: Callable[..., _T], *args: object) -> _T:
        loop = asyncio.get_running_loop()
        future = loop.run_in_executor(self._pool, fn, *args)
        try:
            done, _ = await asyncio.wait({future}, timeout=self.timeout)
        finally:
            if not future.done():  # timed out or cancelled: the worker goes on alone
                future.add_done_callback(_consume)
        if not done:
            self._no_answer()
            raise CallTimeout(f"no answer within {self.timeout:g} s")
        try:
            result = future.result()
        except ConnectionError:
            self._no_answer()
            raise
        self._unanswered = 0
        return result

    def _no_answer(self) -> None:
        self._unanswered += 1
        if self._unanswered >= STALL_CALLS:
            self._check.set()

    async def aclose(self) -> None:
        self._closed = True
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        self._resolve(source_failed(f"futu://{self.where}: the feed is closed"))
        ctx, self._ctx = self._ctx, None
        self._live.clear()
        if ctx is not None:
            await self._close_context(ctx)
        self._set_state(ConnectionState("closed"))

    # --- the supervisor ------------------------------------------------------------------

    async def _supervise(self) -> None:
        attempt = 0
        while not self._closed:
            self._attempting = True
            if attempt:
                self._set_state(ConnectionState("connecting", attempt=attempt,
                                                error=self.last_error))
            try:
                ctx = await self._connect()
            except Exception as exc:
                if not isinstance(exc, FlowDeckError):  # the SDK itself failed
                    log.exception("futu://%s: connecting failed", self.where)
                    exc = source_failed(f"connecting to Futu OpenD at {self.where} failed: "
                                        f"{type(exc).__name__}: {exc}")
                self._attempting = False
                attempt += 1
                self.last_error = exc.message
                self._resolve(exc)
                delay = self._backoff.delay(attempt, self._rng)
                log.warning("futu://%s: %s (retry in %.1f s)", self.where, exc.message, delay)
                self._set_state(ConnectionState("reconnecting", retry_in=delay,
                                                attempt=attempt, error=exc.message))
                await asyncio.sleep(delay)
                continue
            self._attempting = False
            self._ctx = ctx
            self._unanswered = 0
            self.connects += 1
            attempt = 0
            self._live.set()
            self._resolve(ctx)
            self._set_state(ConnectionState("live"))
            reason = await self._watch(ctx)
            self._ctx = None
            self._live.clear()
            await self._close_context(ctx)
            if self._closed:
                return
            attempt = 1
            self.last_error = f"connection to Futu OpenD at {self.where} lost ({reason})"
            delay = self._backoff.delay(attempt, self._rng)
            log.warning("futu://%s: %s (reconnecting in %.1f s)", self.where,
                        self.last_error, delay)
            self._set_state(ConnectionState("reconnecting", retry_in=delay, attempt=attempt,
                                            error=self.last_error))
            await asyncio.sleep(delay)

    async def _connect(self) -> Any:
        try:
            _, writer = await asyncio.wait_for(
                asyncio.open_connection(self.host, self.port), self.timeout)
        except TimeoutError:
            raise source_failed(f"Futu OpenD at {self.where} did not accept a connection "
                                f"within {self.timeout:g} s") from None
        except OSError as exc:
            reason = exc.strerror or str(exc) or type(exc).__name__
            raise source_failed(f"cannot connect to Futu OpenD at {self.where} ({reason}); "
                                f"is FutuOpenD running and listening there?") from None
        writer.close()
        with contextlib.suppress(Exception):
            await writer.wait_closed()
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool, self._open_context)

    def _open_context(self) -> Any:
        """In a worker thread: a READY context within `timeout`, or FlowDeckError."""
        futu = load_futu()
        ctx = futu.OpenQuoteContext(host=self.host, port=self.port, is_encrypt=False,
                                    is_async_connect=True)
        # Queries made while it reconnects fail after this long instead of waiting.
        ctx.set_sync_query_connect_timeout(self.timeout)
        deadline = time.monotonic() + self.timeout
        while ctx.status != READY:
            if self._closed or time.monotonic() > deadline:
                ctx.close()
                raise source_failed(
                    f"Futu OpenD at {self.where} accepted the connection but did not "
                    f"complete the handshake within {self.timeout:g} s (is it OpenD, and "
                    f"logged in?)")
            time.sleep(0.02)
        return ctx

    async def _watch(self, ctx: Any) -> str:
        """Returns when `ctx` is no longer READY (with its status) or the feed closes."""
        loop = asyncio.get_running_loop()
        while not self._closed:
            await wait_event(self._check, CHECK_INTERVAL_S)
            self._check.clear()
            if self._renew:
                reason, self._renew = self._renew, ""
                return reason
            if self._unanswered >= STALL_CALLS:
                self.stalls += 1
                return f"no usable answer to {self._unanswered} requests in a row"
            status = await loop.run_in_executor(self._pool, lambda: ctx.status)
            if status != READY:
                return f"status {status}"
        return "closed"

    async def _close_context(self, ctx: Any) -> None:
        loop = asyncio.get_running_loop()
        try:
            # Not in our pool: its workers may all be waiting inside the SDK for answers
            # that only closing the context ends.
            await loop.run_in_executor(None, ctx.close)
        except Exception as exc:  # a broken context: nothing more to release
            log.info("futu://%s: closing a context: %s", self.where, exc)

    def _resolve(self, outcome: Any) -> None:
        waiters, self._waiters = self._waiters, []
        for waiter in waiters:
            if waiter.done():
                continue
            if isinstance(outcome, BaseException):
                waiter.set_exception(outcome)
            else:
                waiter.set_result(outcome)

    def _set_state(self, state: ConnectionState) -> None:
        self.state = state
        if self.on_state is not None:
            try:
                self.on_state(state)
            except Exception:  # a status bar's problem must not stop the connection
                log.exception("futu://%s: on_state failed", self.where)


def _consume(future: Any) -> None:
    if not future.cancelled():
        future.exception()
