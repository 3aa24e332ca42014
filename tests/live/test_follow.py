"""The Follower on a scripted feed in virtual time: snapshot then updates, coalescing,
the fast path, backoff, the snapshot timeout, followed codes, states as data."""

from __future__ import annotations

import asyncio
import itertools

from flowdeck.core.backoff import Backoff
from flowdeck.core.batch import Batch
from flowdeck.core.errors import source_failed
from flowdeck.live.follow import CONNECTING, ERROR, LIVE, RECONNECTING, STOPPED, Follower
from flowdeck.live.store import BATCH, LiveStore
from tests.support.batches import values
from tests.support.clock import VirtualClock
from tests.support.feeds import ScriptedFeed
from tests.support.waiting import run


class Rig:
    """A store, a follower on virtual time, and what they told."""

    def __init__(self, feed: ScriptedFeed, clock: VirtualClock, **options) -> None:
        self.feed, self.clock = feed, clock
        self.store = LiveStore()
        self.follower = Follower(self.store, opener=lambda url: feed, clock=clock,
                                 epoch=clock, sleep=clock.sleep, **options)
        self.changes: list = []
        self.states: list = []
        self.store.add_listener(lambda c: self.changes.append(c) if c.kind == BATCH else None)
        self.follower.add_state_listener(self.states.append)

    @property
    def names(self) -> list[str]:
        return [s.state for s in self.states]


def updates(n: int, start: float = 0.0) -> list[Batch]:
    return [values(HK_00700=start + i) for i in range(n)]


def rig(snapshots, runs, *, interval=0.05, **options) -> Rig:
    clock = VirtualClock()
    feed = ScriptedFeed(snapshots, runs, interval=interval, sleep=clock.sleep)
    return Rig(feed, clock, **options)


def test_snapshot_first_then_updates_and_the_state_goes_live():
    async def main():
        r = rig([values(True, HK_00700=1.0)], [updates(3, 10)])
        r.follower.start("scripted", ["HK.00700"])
        await r.clock.advance(1.0)
        assert r.changes[0].batch.snapshot and r.changes[0].restart == {"HK.00700"}
        assert r.store.table.values_of(["HK.00700"], "main_net_inflow") == {"HK.00700": 12.0}
        assert r.names[-2:] == [CONNECTING, LIVE] and r.states[-1].source == "scripted"
        await r.follower.stop()
        assert r.feed.closed and r.names[-1] == STOPPED
    run(main())


def test_a_fast_feed_is_written_at_most_five_times_a_second():
    async def main():
        r = rig([values(True, HK_00700=0.0)], [updates(60, 1)], interval=0.05)  # 20/s
        r.follower.start("scripted", ["HK.00700"])
        await r.clock.advance(3.5)
        walls = [c.wall for c in r.changes]
        assert all(b - a >= 0.2 - 1e-9 for a, b in itertools.pairwise(walls[1:]))
        assert 3 * 5 <= len(walls) - 1 <= 3.5 * 5 + 1   # updates ran 3 s
        assert r.store.table.values_of(["HK.00700"], "main_net_inflow") == {"HK.00700": 60.0}
        assert r.follower.applies == len(walls)
        await r.follower.stop()
    run(main())


def test_an_urgent_batch_is_written_at_once():
    async def main():
        urgent = values(HK_00700=99.0)
        r = rig([values(True, HK_00700=0.0)], [[*updates(3, 1), urgent]], interval=0.05)
        arrived = []
        r.follower.add_urgent(lambda b: arrived.append(r.clock()) or b is urgent)
        r.follower.start("scripted", ["HK.00700"])
        await r.clock.advance(0.21)
        assert [c.batch.records["HK.00700"].main_net_inflow for c in r.changes] == [0.0, 99.0]
        assert r.changes[-1].wall == arrived[-1]  # no wait for the next tick
        assert r.changes[-1].batch.records.keys() == {"HK.00700"}
        await r.follower.stop()
    run(main())


def test_feed_errors_retry_with_backoff_from_a_new_snapshot():
    async def main():
        r = rig([values(True, HK_00700=1.0), source_failed("down"), values(True, HK_00700=2.0)],
                [[RuntimeError("socket closed")], updates(1, 5)])
        r.follower.start("scripted", ["HK.00700"])
        await r.clock.advance(0.5)
        waits = [(s.retry_in, s.error) for s in r.states if s.state == RECONNECTING]
        assert waits == [(1.0, "RuntimeError: socket closed")]
        assert r.states[-1].retry_at == 1000.0 + 1.0 and r.states[-1].attempt == 1
        await r.clock.advance(1.0)
        assert [s.retry_in for s in r.states if s.state == RECONNECTING] == [1.0, 2.0]
        assert r.states[-1].error == "down"
        await r.clock.advance(2.0)
        assert r.feed.snapshot_codes == [["HK.00700"]] * 3 and r.names[-1] == LIVE
        assert r.store.table.values_of(["HK.00700"], "main_net_inflow") == {"HK.00700": 5.0}
        await r.follower.stop()
    run(main())


def test_the_backoff_is_the_callers_and_a_success_starts_it_over():
    async def main():
        down = [source_failed(f"down {i}") for i in range(4)]
        r = rig([*down, values(True, HK_00700=1.0), source_failed("again")], [["end"]],
                backoff=Backoff(first=0.5, factor=3.0, cap=2.0, jitter=0.0).delay)
        r.follower.start("scripted", ["HK.00700"])
        await r.clock.advance(20.0)
        waits = [s.retry_in for s in r.states if s.state == RECONNECTING]
        # 4 failed snapshots; a good one, the updates end (attempt 1), again (attempt 2).
        assert waits == [0.5, 1.5, 2.0, 2.0, 0.5, 1.5]
        assert [s.error for s in r.states if s.state == RECONNECTING][-1] == "again"
        await r.follower.stop()
    run(main())


def test_a_snapshot_that_does_not_come_is_an_error_after_the_timeout():
    async def main():
        r = rig([], [], snapshot_timeout=5.0)
        r.follower.start("scripted", ["HK.00700"])
        await r.clock.advance(4.9)
        assert r.names[-1] == CONNECTING
        await r.clock.advance(0.2)
        assert r.names[-1] == RECONNECTING
        assert r.states[-1].error == "scripted: no snapshot within 5 s"
        await r.follower.stop()
    run(main())


def test_new_codes_alone_get_a_snapshot_and_fewer_codes_no_restart():
    async def main():
        r = rig([values(True, HK_00700=1.0), values(True, US_AAPL=2.0)], [[], [], []])
        r.follower.start("scripted", ["HK.00700"])
        await r.clock.advance(0.1)
        r.follower.follow(["HK.00700", "US.AAPL"])
        await r.clock.advance(0.1)
        assert r.feed.snapshot_codes == [["HK.00700"], ["US.AAPL"]]
        assert r.feed.update_codes[-1] == ["HK.00700", "US.AAPL"]
        assert r.store.codes == ["HK.00700", "US.AAPL"]
        r.follower.follow(["US.AAPL"])
        await r.clock.advance(0.1)
        assert len(r.feed.update_codes) == 2 and r.store.codes == ["US.AAPL"]
        await r.follower.stop()
    run(main())


def test_codes_named_only_by_rules_are_followed_but_not_shown():
    async def main():
        r = rig([values(True, HK_00700=1.0), values(True, US_TSLA=3.0)], [[], []])
        r.follower.start("scripted", ["HK.00700"])
        await r.clock.advance(0.1)
        r.follower.follow(extra=["US.TSLA"])
        await r.clock.advance(0.1)
        assert r.feed.snapshot_codes[-1] == ["US.TSLA"]
        assert r.follower.followed == ["HK.00700", "US.TSLA"] and r.store.codes == ["HK.00700"]
        assert r.changes[-1].batch.records.keys() == {"US.TSLA"}  # listeners see them
        await r.follower.stop()
    run(main())


def test_no_codes_is_live_with_nothing_to_follow():
    async def main():
        r = rig([], [])
        r.follower.start("scripted", [])
        await r.clock.advance(0.1)
        assert r.states[-1].state == LIVE and r.states[-1].no_codes
        assert r.feed.snapshot_calls == 0
    run(main())


def test_a_fatal_error_ends_the_loop_and_says_why():
    class Refusal(Exception):
        pass

    async def main():
        r = rig([Refusal("wrong token")], [], fatal=(Refusal,))
        r.follower.start("scripted", ["HK.00700"])
        await asyncio.wait_for(r.follower.finished(), 5)
        assert r.states[-1].state == ERROR and isinstance(r.states[-1].exc, Refusal)
        assert r.feed.snapshot_calls == 1
    run(main())


def test_a_source_that_cannot_open_is_an_error_state():
    from flowdeck.core.errors import invalid_param

    good = ScriptedFeed([values(True, HK_00700=7.0)], name="ok")

    def opener(url):
        if url == "ok":
            return good
        raise invalid_param("unknown source 'x://'")

    async def main():
        follower = Follower(LiveStore(), opener=opener)
        states = []
        follower.add_state_listener(states.append)
        follower.start("x://", ["HK.00700"])
        assert states[-1].state == ERROR and states[-1].error == "unknown source 'x://'"
        assert follower.feed is None
        follower.set_source("ok")  # the user picks a source that works: it follows
        for _ in range(20):
            await asyncio.sleep(0)
        assert follower.store.table.values_of(["HK.00700"], "main_net_inflow") == {
            "HK.00700": 7.0}
        assert states[-1].state == LIVE and states[-1].source == "ok"
        await follower.stop()
    run(main())


def test_a_feed_reconnecting_by_itself_reports_through_the_follower():
    from flowdeck.api.stream import ConnectionState

    async def main():
        r = rig([], [])
        r.follower.attach(r.feed)
        r.feed.on_state(ConnectionState("reconnecting", 0.5, 2, "refused"))
        s = r.states[-1]
        assert (s.state, s.retry_in, s.retry_at, s.attempt, s.error, s.by_feed) == (
            RECONNECTING, 0.5, 1000.5, 2, "refused", True)
    run(main())


def test_a_polled_feed_gets_the_priorities_and_stretches_the_stale_time():
    class Polled(ScriptedFeed):
        def __init__(self):
            super().__init__([], [])
            self.priority = None

        def set_priority(self, codes):
            self.priority = list(codes)

        def ages(self):
            return {"HK.00700": 3.0}

        def stale_after(self, shown_s):
            return max(shown_s, 90.0)

    async def main():
        feed = Polled()
        follower = Follower(LiveStore(), opener=lambda url: feed)
        follower.set_priority(["HK.00700"])
        follower.attach("futu://")
        assert feed.priority == ["HK.00700"]
        follower.set_stale_after(30.0)
        assert follower.store.stale_after_s == 90.0 and follower.ages() == {"HK.00700": 3.0}
    run(main())
