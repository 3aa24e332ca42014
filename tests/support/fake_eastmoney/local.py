"""The fake East Money without a socket: a transport for client.EastMoneyClient that
hands each request to FakeEastMoney.respond in-process, so a feed runs on a
VirtualClock (tests/support/clock.py) and a bench counts requests over virtual hours
without waiting real time. A "slow" fault waits on the injected sleep, a "reset" raises
what aiohttp raises for a dropped connection."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from urllib.parse import urlsplit

import aiohttp

from .server import FakeEastMoney


class LocalTransport:
    def __init__(self, fake: FakeEastMoney,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> None:
        self.fake, self.sleep = fake, sleep

    async def __call__(self, url: str, params: Mapping[str, str]) -> tuple[int, bytes]:
        status, text, fault = self.fake.respond(urlsplit(url).path, params)
        if fault is not None and fault.kind == "reset":
            raise aiohttp.ServerDisconnectedError()
        if fault is not None and fault.kind == "slow":
            await self.sleep(fault.delay)
        return status, text.encode()

    async def aclose(self) -> None:
        pass


def local_feed(fake: FakeEastMoney, clock, *, rate: float = 1.0, trading: bool = True,
               wait: float = 10.0):
    """An EastMoneyFeed on `clock` (a VirtualClock) talking to `fake` in-process; the
    wall clock is the virtual one too, so "retrying at HH:MM" is known."""
    from flowdeck.feeds.eastmoney.feed import EastMoneyFeed
    from flowdeck.feeds.eastmoney.url import EastMoneyTarget

    target = EastMoneyTarget({"push2": "http://fake", "push2his": "http://fake"}, rate,
                             wait=wait, public=False)
    return EastMoneyFeed(target, name="eastmoney://fake", clock=clock, sleep=clock.sleep,
                         wall=clock, trading=lambda: trading,
                         transport=LocalTransport(fake, clock.sleep))
