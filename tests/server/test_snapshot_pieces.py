"""New codes are asked of the feed in pieces, all at once, and a request waits for the
pieces of its own codes only: the good client's 2 codes among the 500 of a stream's
subscribe waited for all 500 (1.2-2 s with the sim, a failed request on a loaded
machine). The update iterator still starts once, with all of them."""

from __future__ import annotations

import asyncio

from flowdeck.server.hub import SNAPSHOT_PIECE, Hub
from tests.support.clock import VirtualClock
from tests.support.server_fakes import FakeFeed
from tests.support.waiting import run

CODES = [f"HK.{i:05d}" for i in range(1, 501)]


def test_a_small_request_is_answered_when_its_piece_is_in():
    async def main():
        clock = VirtualClock()
        feed = FakeFeed(interval=60.0, sleep=clock.sleep)
        feed.snapshot_delay = 1.0
        hub = Hub(feed, clock=clock, sleep=clock.sleep, min_restart_s=0.05,
                  backoff=(0.02, 0.1))
        hub.start()
        try:
            big = asyncio.create_task(hub.ensure(CODES, "stream"))
            await clock.settle()
            small = asyncio.create_task(hub.ensure(CODES[:2], "poller"))
            followed_when_answered: list[int] = []
            small.add_done_callback(
                lambda _: followed_when_answered.append(hub.health()["codes"]))
            await clock.advance(1.0)
            await asyncio.wait_for(big, 10)
            assert small.result() == {} and big.result() == {}
            # Answered when its piece was in, long before the other 450 codes.
            assert followed_when_answered[0] < len(CODES) - SNAPSHOT_PIECE
            assert b'"code": "HK.00001"' in hub.flow_body(CODES[:2])
            # Each code asked for once, in pieces; one iterator for all of them.
            assert sorted(c for call in feed.snapshot_calls for c in call) == CODES
            assert len(feed.snapshot_calls) == len(CODES) // SNAPSHOT_PIECE
            await clock.advance(0.1)
            assert len(feed.updates_calls) == 1
            assert sorted(feed.updates_calls[0]) == CODES
        finally:
            await hub.close()

    run(main(), timeout=30)
