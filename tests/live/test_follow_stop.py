"""Follower.stop ends the feed task even when a cancel is lost on the way: under
Python 3.11 a cancel that lands while a feed's cleanup awaits (asyncio.wait_for around a
WebSocket's close) can be swallowed, and a gateway stream then reconnects and waits for
ever; the window's shutdown hung on it (a full test run, gateway:// in the Market view)."""

from __future__ import annotations

import asyncio

from flowdeck.core.batch import Batch
from flowdeck.live.follow import STOPPED, Follower
from flowdeck.live.store import LiveStore
from tests.support.batches import values
from tests.support.waiting import run, wait_until


class LosesOneCancel:
    """A feed whose update stream loses the first cancel it gets, as a stream does
    whose close swallowed it, and goes on waiting for batches."""

    name = "loses-one-cancel"
    simulated = False

    def __init__(self) -> None:
        self.lost = 0
        self.waiting = False

    async def snapshot(self, codes) -> Batch:
        batch = values(HK_00700=1.0)
        batch.snapshot = True
        return batch

    def updates(self, codes):
        return self._updates()

    async def _updates(self):
        while True:
            try:
                self.waiting = True
                await asyncio.Event().wait()  # no batch ever comes
            except asyncio.CancelledError:
                if self.lost:
                    raise
                self.lost += 1  # lost: the stream goes on
            yield values(HK_00700=2.0)

    async def aclose(self) -> None:
        pass


def test_stop_ends_a_feed_task_that_lost_a_cancel() -> None:
    async def main() -> None:
        feed = LosesOneCancel()
        follower = Follower(LiveStore(), opener=lambda url: feed)
        states = []
        follower.add_state_listener(states.append)
        follower.start("loses-one-cancel", ["HK.00700"])
        await wait_until(lambda: feed.waiting, 5)
        await asyncio.wait_for(follower.stop(), 5)
        assert feed.lost == 1 and states[-1].state == STOPPED
    run(main(), 10)
