"""The fake East Money on a loop of its own, in a thread: for what runs in another process
or another loop (the window's self-test and `flowdeck fetch` in a subprocess, a bench
timing a cold start, a Qt test whose loop is qasync's). Its live endpoints answer
(ulist.np/get, fflow/kline/get); `call(fn)` runs `fn(fake)` on the fake's loop (to add
a fault while it serves).

    with threaded_fake() as fake:
        subprocess.run([..., "--source", fake.source])
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable, Iterator

from flowdeck.feeds.eastmoney.fields import ULIST_PATH
from flowdeck.feeds.eastmoney.minutes import FFLOW_PATH

from .minutes import FakeMinutes
from .quotes import FakeQuotes
from .server import FakeEastMoney


class ThreadedFake:
    """A started FakeEastMoney and the loop it runs on."""

    def __init__(self, fake: FakeEastMoney, loop: asyncio.AbstractEventLoop) -> None:
        self.fake, self.loop = fake, loop

    @property
    def source(self) -> str:
        return self.fake.source

    def call(self, fn: Callable[[FakeEastMoney], object]) -> object:
        """`fn(fake)` on the fake's loop, waited for (its faults and counts are the loop's)."""
        async def on_loop() -> object:
            return fn(self.fake)
        return asyncio.run_coroutine_threadsafe(on_loop(), self.loop).result(10)


@contextlib.contextmanager
def threaded_fake(quotes: FakeQuotes | None = None,
                  minutes: FakeMinutes | None = None) -> Iterator[ThreadedFake]:
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, name="fake-eastmoney", daemon=True)
    thread.start()

    async def start() -> FakeEastMoney:
        fake = await FakeEastMoney().start()
        fake.route(ULIST_PATH, (quotes or FakeQuotes()).answer)
        fake.route(FFLOW_PATH, (minutes or FakeMinutes()).answer)
        return fake

    fake = asyncio.run_coroutine_threadsafe(start(), loop).result(10)
    try:
        yield ThreadedFake(fake, loop)
    finally:
        asyncio.run_coroutine_threadsafe(fake.close(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        loop.close()
