"""FakeOpenD's pushes and restarts (a mixin over server.py's FakeOpenD): the pushes are
built in pushes.py and written from the fake's own thread, to the connections whose
subscriptions ask for them."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from .protocol import UPDATE_BASIC_QOT, UPDATE_TICKER, frame
from .pushes import FakeSubscriptions, FakeTicker

if TYPE_CHECKING:
    from collections.abc import Callable


class PushingOpenD:
    subscriptions: FakeSubscriptions
    silent_pushes: bool
    pushes_sent: int
    _loop: asyncio.AbstractEventLoop | None
    _conn_writers: dict[int, asyncio.StreamWriter]
    stop: Callable[[], None]
    start: Callable[[], object]

    def restart(self) -> None:
        """OpenD restarted: every connection dropped, every subscription forgotten (the
        account's quota and rights as they were), and the same port listening again."""
        self.stop()
        old = self.subscriptions
        self.subscriptions = FakeSubscriptions(old.clock)
        for knob in ("quota", "no_rights", "min_sub_s", "linger_s"):
            setattr(self.subscriptions, knob, getattr(old, knob))
        self.start()

    def push_tickers(self, code: str, tickers: list[FakeTicker]) -> list[FakeTicker]:
        """One Qot_UpdateTicker push of `tickers` to the connections subscribed to
        `code`'s tickers, written before this returns; the tickers with their sequence
        and time filled."""
        self.push_many([(code, tickers)])
        return tickers

    def push_many(self, pushes: list[tuple[str, list[FakeTicker]]]) -> int:
        """Several ticker pushes (one packet each) in one hop to the fake's thread;
        how many packets went out."""
        built = [(UPDATE_TICKER, *self.subscriptions.ticker_push(code, tickers))
                 for code, tickers in pushes]
        return self._send_pushes(built)

    def push_quote(self, code: str, last: float, prev_close: float) -> int:
        """A Qot_UpdateBasicQot push of `code`'s last price and previous close."""
        return self._send_pushes([(UPDATE_BASIC_QOT,
                                   *self.subscriptions.quote_push(code, last, prev_close))])

    def _send_pushes(self, built: list[tuple[int, list[int], bytes]]) -> int:
        if self._loop is None or self.silent_pushes:
            return 0

        def send() -> int:
            sent = 0
            for proto, conns, body in built:
                for conn in conns:
                    writer = self._conn_writers.get(conn)
                    if writer is not None and not writer.is_closing():
                        writer.write(frame(proto, 0, body))
                        sent += 1
            self.pushes_sent += sent
            return sent

        async def run() -> int:
            return send()
        return asyncio.run_coroutine_threadsafe(run(), self._loop).result(10)
