"""The Follower and big trades: a batch that carries some is written at once, not held
for the next tick (virtual time); the user's tape settings reach a source that picks
its big trades itself, now and after a switch of source."""

from __future__ import annotations

from flowdeck.core.batch import Batch
from flowdeck.core.big_trade_thresholds import BigTradeThresholds, TapeSettings
from flowdeck.feeds.registry import open_feed
from flowdeck.live.follow import Follower
from flowdeck.live.store import BATCH, LiveStore
from tests.support.batches import values
from tests.support.clock import VirtualClock
from tests.support.feeds import ScriptedFeed
from tests.support.tape_trades import prints
from tests.support.waiting import run


def with_trades(main: float, seqs: list[int]) -> Batch:
    batch = values(HK_00700=main)
    batch.trades = prints("HK.00700", seqs)
    return batch


def test_a_batch_with_big_trades_is_written_at_once():
    async def main():
        clock = VirtualClock()
        # Updates 0.05 s apart: the plain ones wait for the 0.2 s tick, not the trades.
        run_ = [values(HK_00700=1.0), values(HK_00700=2.0), with_trades(3.0, [1, 2]),
                values(HK_00700=4.0), with_trades(5.0, [3])]
        feed = ScriptedFeed([values(True, HK_00700=0.0)], [run_], interval=0.05,
                            sleep=clock.sleep)
        store = LiveStore()
        follower = Follower(store, opener=lambda url: feed, clock=clock, epoch=clock,
                            sleep=clock.sleep, min_interval=0.2)
        changes = []
        store.add_listener(lambda c: changes.append(c) if c.kind == BATCH else None)
        follower.start("scripted", ["HK.00700"])
        start = clock()
        await clock.advance(0.3)
        told = [(round(c.wall - start, 3), c.batch.records["HK.00700"].main_net_inflow,
                 c.trades.seq.tolist()) for c in changes]
        # The snapshot at 0; 1 and 2 arrive at 0.05 and 0.10 but the trades at 0.15 take
        # them along at once; 4 (0.20) waits for its tick at 0.35; the trade at 0.25 takes
        # it along at once.
        assert told == [(0.0, 0.0, []), (0.15, 3.0, [1, 2]), (0.25, 5.0, [3])]
        assert store.tape.of("HK.00700").seq.tolist() == [1, 2, 3]
        await follower.stop()
    run(main())


def test_a_storm_of_trade_batches_is_written_twenty_times_a_second():
    async def main():
        clock = VirtualClock()
        storm = [with_trades(float(k), [k]) for k in range(1, 101)]  # 100 a second
        feed = ScriptedFeed([values(True, HK_00700=0.0)], [storm], interval=0.01,
                            sleep=clock.sleep)
        store = LiveStore()
        follower = Follower(store, opener=lambda url: feed, clock=clock, epoch=clock,
                            sleep=clock.sleep, min_interval=0.2)
        changes = []
        store.add_listener(lambda c: changes.append(c) if c.kind == BATCH else None)
        follower.start("scripted", ["HK.00700"])
        start = clock()
        await clock.advance(1.2)
        walls = [round(c.wall - start, 3) for c in changes]
        # The snapshot, then a write each 0.05 s (TRADE_GAP_S) while the batches come
        # (0.01 to 1.00 s) and one for the last: 21 writes, not 100 nor 5 a second.
        assert walls == [round(0.05 * k, 3) for k in range(22)]
        assert store.tape.of("HK.00700").seq.tolist() == list(range(1, 101))
        await follower.stop()
    run(main())


def test_the_tape_settings_reach_the_source_and_the_next_one():
    async def main():
        store = LiveStore()
        follower = Follower(store, opener=open_feed)
        chosen = TapeSettings(BigTradeThresholds().with_code("HK.00700", "1000万"),
                              per_code=300)
        follower.attach("sim")
        follower.set_tape_settings(chosen)
        assert follower.feed.market.big.settings == chosen
        follower.set_source("sim?seed=5")  # a new source is told them too
        assert follower.feed.market.big.settings == chosen
        await follower.stop()
    run(main())
