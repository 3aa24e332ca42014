"""The hub alone, on virtual time: one update iterator over the union of codes,
restarted when codes come and go (spaced by min_restart_s); errors, backoff and
recovery; limits."""

from __future__ import annotations

import asyncio
import itertools

import pytest

from flowdeck.core.errors import ErrorCode, FlowDeckError
from flowdeck.server.hub import Hub
from tests.support.clock import VirtualClock
from tests.support.server_fakes import FakeFeed
from tests.support.waiting import run


class TimedFeed(FakeFeed):
    """A FakeFeed on the test's clock that notes when each update iterator began."""

    def __init__(self, clock: VirtualClock, **options) -> None:
        super().__init__(sleep=clock.sleep, **options)
        self.clock = clock
        self.started_at: list[float] = []

    def updates(self, codes):
        self.started_at.append(self.clock())
        return super().updates(codes)


def started(feed: TimedFeed, **options) -> Hub:
    options.setdefault("backoff", (0.02, 0.1))
    options.setdefault("min_restart_s", 0.05)
    hub = Hub(feed, clock=feed.clock, sleep=feed.clock.sleep, **options)
    hub.start()
    return hub


def test_one_iterator_follows_the_union_and_restarts_on_new_codes():
    async def main():
        clock = VirtualClock()
        feed = TimedFeed(clock, interval=0.02)
        hub = started(feed)
        try:
            assert await hub.ensure(["HK.00700", "US.AAPL"]) == {}
            await clock.advance(0.05)
            assert feed.updates_calls == [["HK.00700", "US.AAPL"]] and hub.batches == 2
            assert await hub.ensure(["US.AAPL", "SH.600519"]) == {}
            await clock.advance(0.001)
            assert len(feed.updates_calls) == 2
            assert set(feed.updates_calls[-1]) == {"HK.00700", "US.AAPL", "SH.600519"}
            assert feed.snapshot_calls == [["HK.00700", "US.AAPL"], ["SH.600519"]]
            # Known codes: neither a snapshot nor a restart.
            for _ in range(20):
                assert await hub.ensure(["HK.00700", "SH.600519"]) == {}
            await clock.advance(0.5)
            assert len(feed.snapshot_calls) == 2 and len(feed.updates_calls) == 2
        finally:
            await hub.close()
        assert feed.closed
    run(main())


def test_restarts_are_spaced_so_updates_keep_flowing():
    async def main():
        clock = VirtualClock()
        feed = TimedFeed(clock, interval=0.02)
        hub = started(feed, min_restart_s=0.3)
        batches = []
        try:
            for i in range(1, 45):   # a new code every 20 ms for 0.9 s
                await hub.ensure([f"HK.{i:05d}"])
                await clock.advance(0.02)
                batches.append(hub.batches)
            starts = feed.started_at
            assert 3 <= len(starts) <= 4
            assert all(b - a >= 0.3 - 1e-9 for a, b in itertools.pairwise(starts))
            # Every 0.1 s window had updates: the restarts did not starve them.
            assert all(b > a for a, b in zip(batches, batches[5:], strict=False))
        finally:
            await hub.close()
    run(main())


def test_update_errors_turn_the_state_to_error_and_back_with_backoff():
    async def main():
        clock = VirtualClock()
        feed = TimedFeed(clock, interval=0.01)
        hub = started(feed)
        try:
            await hub.ensure(["HK.00700"])
            await clock.advance(0.015)
            assert hub.batches == 1 and hub.status == "live"
            feed.fail_updates = RuntimeError("boom")
            await clock.advance(0.01)
            assert hub.status == "error"
            assert "boom" in hub.last_error and hub.health()["state"] == "error"
            with pytest.raises(FlowDeckError) as err:
                hub.flow_body(["HK.00700"])
            assert err.value.code is ErrorCode.GET_CAPITAL_FLOW_FAILED
            await clock.advance(0.5)
            # Between retries: the feed's 10 ms, then the wait, doubling from 20 ms (the
            # first retry's) to the 100 ms cap.
            starts = feed.started_at
            gaps = [round(b - a, 6) for a, b in itertools.pairwise(starts[1:])]
            assert gaps[:4] == [0.05, 0.09, 0.11, 0.11]
            feed.fail_updates = None
            await clock.advance(0.2)
            assert hub.status == "live"
            assert b'"HK.00700"' in hub.flow_body(["HK.00700"])
        finally:
            await hub.close()
    run(main())


def test_an_ending_update_stream_is_an_error_and_is_retried():
    class Ending(TimedFeed):
        async def _updates(self, codes):
            await self.sleep(0.01)
            self.tick += 1
            yield self._batch(codes, range(self.tick, self.tick + 1), False)

    async def main():
        clock = VirtualClock()
        feed = Ending(clock)
        hub = started(feed)
        try:
            await hub.ensure(["HK.00700"])
            await clock.advance(0.1)   # 10 ms + 20 ms wait, 10 + 20, ... (it recovers)
            assert len(feed.updates_calls) >= 3
            # Each iterator gave its one batch (the last may still be on its way).
            assert len(feed.updates_calls) - 1 <= hub.batches <= len(feed.updates_calls)
        finally:
            await hub.close()
    run(main())


def test_limits_timeouts_and_idle_codes():
    async def main():
        clock = VirtualClock()
        feed = TimedFeed(clock, interval=0.02)
        hub = started(feed, max_codes=3, snapshot_timeout=0.1, idle_after_s=0.3)
        try:
            await hub.ensure(["HK.00001", "HK.00002"])
            feed.snapshot_delay = 0.5
            late = asyncio.ensure_future(hub.ensure(["HK.00003"]))
            await clock.advance(0.11)
            failed = await late
            assert failed["HK.00003"] == (1016, "source fake://test?token=*** did not "
                                          "answer within 0.1 s")
            feed.snapshot_delay = 0
            # At the cap, only the new codes that do not fit fail, each by itself.
            failed = await hub.ensure(["HK.00001", "HK.00003", "HK.00004"])
            assert list(failed) == ["HK.00004"]
            assert failed["HK.00004"][0] == 1016 and "at most 3" in failed["HK.00004"][1]
            assert set(hub.state.codes) == {"HK.00001", "HK.00002", "HK.00003"}
            # Idle codes leave the union (and the iterator restarts without them).
            await clock.advance(0.9)
            assert len(hub.state) == 3
            await clock.advance(1.2)
            assert len(hub.state) == 0 and hub.health()["codes"] == 0
        finally:
            await hub.close()
    run(main())
