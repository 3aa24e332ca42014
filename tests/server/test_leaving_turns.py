"""Clients leaving take turns of the loop as subscribing does (the shared TurnBudget of
codes per turn): a hundred 2,000-code clients leaving at once were ~0.2 s of one turn,
a request arriving then waiting all of it."""

from __future__ import annotations

import asyncio
import itertools

from flowdeck.server.hub import Hub
from flowdeck.server.stream import StreamClient
from flowdeck.server.stream_send import StreamLimits
from flowdeck.server.turns import TurnBudget
from tests.support.server_fakes import FakeFeed, run

PER_TURN = 1000
CODES = [f"HK.{i:05d}" for i in range(1, PER_TURN + 1)]


class LeavingSocket:
    """A client's WebSocket as StreamClient sees it: sends nothing, takes whatever it
    is sent, and goes away when `gone` is set."""

    def __init__(self, gone: asyncio.Event) -> None:
        self.gone = gone
        self.closed = False
        self.sent = 0

    def __aiter__(self) -> LeavingSocket:
        return self

    async def __anext__(self) -> object:
        await self.gone.wait()
        self.closed = True
        raise StopAsyncIteration

    async def send_str(self, text: str) -> None:
        self.sent += 1

    async def close(self, **_: object) -> None:
        self.closed = True


def test_clients_leaving_at_once_are_unlinked_one_turn_after_another():
    async def main() -> list[int]:
        hub = Hub(FakeFeed(interval=60.0), min_restart_s=0.05)
        hub.start()
        gone = asyncio.Event()
        steps = TurnBudget(PER_TURN)
        clients = [StreamClient(LeavingSocket(gone), hub, f"client {i}", None,
                                StreamLimits(), steps) for i in range(3)]
        tasks = [asyncio.create_task(c.run()) for c in clients]
        try:
            for c in clients:
                await hub.subscribe(c.sub, CODES)
            assert hub.health()["subscribers"] == 3
            gone.set()                       # all three leave in the same turn
            left = [hub.health()["subscribers"]]
            for _ in range(1000):            # turn by turn
                await asyncio.sleep(0)
                left.append(hub.health()["subscribers"])
                if not left[-1]:
                    break
            await asyncio.gather(*tasks)
            return left
        finally:
            await hub.close()

    left = run(main(), timeout=30)
    assert left[-1] == 0
    assert all(a - b <= 1 for a, b in itertools.pairwise(left)), left
    assert sorted(set(left), reverse=True) == [3, 2, 1, 0]
