"""The Heartbeat in virtual time: once a second rows with no record turn stale (the
store tells its listeners), a polled source stretches the stale time, and listeners hear
the rate and the source's freshness; stopped, it beats no more."""

from __future__ import annotations

from flowdeck.core.markets import MarketState
from flowdeck.live.follow import Follower
from flowdeck.live.heartbeat import Heartbeat
from flowdeck.live.store import STALE, LiveStore
from tests.support.batches import values
from tests.support.clock import VirtualClock
from tests.support.feeds import ScriptedFeed
from tests.support.waiting import run


class Polled(ScriptedFeed):
    """A source that polls under a quota: its pace is 90 s a round."""

    def __init__(self) -> None:
        super().__init__([], [])

    def set_priority(self, codes) -> None:
        pass

    def ages(self) -> dict:
        return {"HK.00700": 3.0, "US.AAPL": None}

    def stale_after(self, shown_s: float) -> float:
        return max(shown_s, 90.0)


def test_rows_turn_stale_with_time_and_listeners_hear_each_beat():
    async def main():
        clock = VirtualClock()
        store = LiveStore(stale_after_s=30.0)
        follower = Follower(store, clock=clock, sleep=clock.sleep)
        heart = Heartbeat(follower, clock=clock, sleep=clock.sleep)
        changes, beats = [], []
        heart.add_listener(beats.append)
        store.set_codes(["HK.00700"], clock())
        store.set_market_states({"HK": MarketState.OPEN}, clock())
        store.apply(values(HK_00700=1.0), clock())
        store.add_listener(lambda c: changes.append(c) if c.kind == STALE else None)
        follower.rate.add(clock(), 10)
        heart.start()
        await clock.advance(29.5)
        assert len(beats) == 29 and not store.stale.any() and not changes
        assert beats[0].rate == 5.0 and beats[-1].rate == 0.0 and beats[0].ages is None
        await clock.advance(1.0)   # the beat at 30 s: not older than 30 s yet
        assert not store.stale.any() and not changes
        await clock.advance(1.0)   # 31 s without a record: stale, told once
        assert store.stale.tolist() == [True] and len(changes) == 1
        await clock.advance(5.0)
        assert len(changes) == 1 and len(beats) == 36
        await heart.stop()
        await clock.advance(5.0)
        assert len(beats) == 36
    run(main())


def test_a_polled_source_stretches_the_stale_time_and_shows_its_freshness():
    async def main():
        feed = Polled()
        follower = Follower(LiveStore(), opener=lambda url: feed)
        follower.attach("futu://")
        heart = Heartbeat(follower, stale_after_s=30.0)
        beat = heart.beat()
        assert follower.store.stale_after_s == 90.0
        assert beat.ages == {"HK.00700": 3.0, "US.AAPL": None}
        heart.set_stale_after(120.0)  # the user's longer time wins
        assert follower.store.stale_after_s == 120.0
    run(main())
