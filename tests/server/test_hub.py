"""The hub alone: one update iterator over the union of codes, restarted when codes
come and go; errors, backoff and recovery; limits."""

from __future__ import annotations

import asyncio

import pytest

from flowdeck.core.errors import ErrorCode, FlowDeckError
from flowdeck.server.hub import Hub
from tests.support.waiting import run, wait_until

from .fakes import FakeFeed


async def started(feed: FakeFeed, **options) -> Hub:
    options.setdefault("backoff", (0.02, 0.1))
    options.setdefault("min_restart_s", 0.05)
    hub = Hub(feed, **options)
    hub.start()
    return hub


def test_one_iterator_follows_the_union_and_restarts_on_new_codes():
    async def main():
        feed = FakeFeed(interval=0.02)
        hub = await started(feed)
        try:
            assert await hub.ensure(["HK.00700", "US.AAPL"]) == {}
            await wait_until(lambda: feed.updates_calls and hub.batches >= 2)
            assert feed.updates_calls == [["HK.00700", "US.AAPL"]]
            assert await hub.ensure(["US.AAPL", "SH.600519"]) == {}
            await wait_until(lambda: len(feed.updates_calls) == 2)
            assert set(feed.updates_calls[-1]) == {"HK.00700", "US.AAPL", "SH.600519"}
            assert feed.snapshot_calls == [["HK.00700", "US.AAPL"], ["SH.600519"]]
            # Known codes: neither a snapshot nor a restart.
            for _ in range(20):
                assert await hub.ensure(["HK.00700", "SH.600519"]) == {}
            await asyncio.sleep(0.1)
            assert len(feed.snapshot_calls) == 2 and len(feed.updates_calls) == 2
        finally:
            await hub.close()
        assert feed.closed
    run(main())


def test_restarts_are_spaced_so_updates_keep_flowing():
    async def main():
        feed = FakeFeed(interval=0.02)
        hub = await started(feed, min_restart_s=0.3)
        try:
            for i in range(1, 30):
                await hub.ensure([f"HK.{i:05d}"])
                await asyncio.sleep(0.02)
            assert len(feed.updates_calls) <= 4
            assert hub.batches >= 5
        finally:
            await hub.close()
    run(main())


def test_update_errors_turn_the_state_to_error_and_back_with_backoff():
    async def main():
        feed = FakeFeed(interval=0.01)
        hub = await started(feed)
        try:
            await hub.ensure(["HK.00700"])
            await wait_until(lambda: hub.batches >= 1)
            assert hub.status == "live"
            feed.fail_updates = RuntimeError("boom")
            await wait_until(lambda: hub.status == "error")
            assert "boom" in hub.last_error and hub.health()["state"] == "error"
            with pytest.raises(FlowDeckError) as err:
                hub.flow_body(["HK.00700"])
            assert err.value.code is ErrorCode.GET_CAPITAL_FLOW_FAILED
            calls = len(feed.updates_calls)
            await asyncio.sleep(0.3)
            # Retried, with backoff: a handful of attempts, not a busy loop.
            assert 2 <= len(feed.updates_calls) - calls <= 10
            feed.fail_updates = None
            await wait_until(lambda: hub.status == "live")
            assert b'"HK.00700"' in hub.flow_body(["HK.00700"])
        finally:
            await hub.close()
    run(main())


def test_an_ending_update_stream_is_an_error_and_is_retried():
    class Ending(FakeFeed):
        async def _updates(self, codes):
            await asyncio.sleep(0.01)
            self.tick += 1
            yield self._batch(codes, range(self.tick, self.tick + 1), False)

    async def main():
        feed = Ending()
        hub = await started(feed)
        try:
            await hub.ensure(["HK.00700"])
            await wait_until(lambda: len(feed.updates_calls) >= 3)
            assert hub.batches >= 2   # each iterator gave one batch, then ended
        finally:
            await hub.close()
    run(main())


def test_limits_timeouts_and_idle_codes():
    async def main():
        feed = FakeFeed(interval=0.02)
        hub = await started(feed, max_codes=3, snapshot_timeout=0.1, idle_after_s=0.3)
        try:
            await hub.ensure(["HK.00001", "HK.00002"])
            feed.snapshot_delay = 0.5
            failed = await hub.ensure(["HK.00003"])
            assert failed["HK.00003"][0] == 1016 and "within" in failed["HK.00003"][1]
            feed.snapshot_delay = 0
            # At the cap, only the new codes that do not fit fail, each by itself.
            failed = await hub.ensure(["HK.00001", "HK.00003", "HK.00004"])
            assert list(failed) == ["HK.00004"]
            assert failed["HK.00004"][0] == 1016 and "at most 3" in failed["HK.00004"][1]
            assert set(hub.state.codes) == {"HK.00001", "HK.00002", "HK.00003"}
            # Idle codes leave the union (and the iterator restarts without them).
            await wait_until(lambda: len(hub.state) == 0, timeout=5)
            await wait_until(lambda: hub.health()["codes"] == 0)
        finally:
            await hub.close()
    run(main())
