"""A `gateway://` source passes the upstream's big trades through: its snapshot carries
the day's kept ones, its updates each new one, as far as the downstream's live store
(the tape the window shows); trades of codes not asked for are dropped."""

from __future__ import annotations

from flowdeck.core.batch import Batch
from flowdeck.core.big_trades import SELL, concat_trades
from flowdeck.feeds.gateway import GatewayFeed
from flowdeck.live.follow import Follower
from flowdeck.live.store import LiveStore
from tests.support.batches import points, rec
from tests.support.clock import VirtualClock
from tests.support.feeds import ScriptedFeed
from tests.support.server_fakes import SERVED_TOKEN, run, served
from tests.support.trades import TEN_AM, prints
from tests.support.waiting import wait_until

CODES = ["HK.00700", "US.AAPL"]


def upstream(clock: VirtualClock) -> ScriptedFeed:
    day = Batch(records={c: rec(c, 1.0) for c in CODES}, snapshot=True,
                points=points([(c, 30, 1.0) for c in CODES]),
                trades=concat_trades([prints("HK.00700", [1, 2]),
                                      prints("US.AAPL", [1], start=TEN_AM + 5)]))
    update = Batch(records={c: rec(c, 2.0, "10:01:00") for c in CODES},
                   points=points([(c, 31, 2.0) for c in CODES]),
                   trades=concat_trades([prints("HK.00700", [3], quantity=90_000),
                                         prints("US.AAPL", [2], side=SELL,
                                                start=TEN_AM + 5)]))
    return ScriptedFeed([day], [[update]], interval=1.0, sleep=clock.sleep)


def test_the_days_trades_then_each_new_one_reach_the_downstream_tape():
    async def main():
        clock = VirtualClock()
        async with served(upstream(clock)) as client:
            feed = GatewayFeed("127.0.0.1", client.server.port, token=SERVED_TOKEN)
            store = LiveStore()
            told = []
            store.add_listener(lambda change: told.append(change))
            follower = Follower(store, min_interval=0.0)   # each batch as it comes
            follower.start(feed, CODES)
            # A snapshot restarts its codes' day, the tape's too: the follower's own,
            # then the stream's first, each with the day's trades.
            await wait_until(lambda: sum(c.batch.snapshot and len(c.trades) == 3
                                         for c in told) == 2, what="the day's trades")
            assert store.tape.of("HK.00700").seq.tolist() == [1, 2]
            await clock.advance(1.0)
            await wait_until(lambda: len(store.tape) == 5, what="the new trades")
            assert store.tape.of("HK.00700").seq.tolist() == [1, 2, 3]
            assert store.tape.of("HK.00700").value.tolist()[-1] == 4.5e6
            newest = store.tape.recent(limit=1)
            assert newest.codes == ["US.AAPL"] and newest.side.tolist() == [SELL]
            # The new trades are told once.
            new = [(c, s) for change in told if not change.batch.snapshot
                   for c, s in zip(change.trades.codes, change.trades.seq.tolist(),
                                   strict=True)]
            assert sorted(new) == [("HK.00700", 3), ("US.AAPL", 2)]
            await follower.stop()
    run(main())


def test_trades_of_codes_not_asked_for_are_dropped():
    async def main():
        clock = VirtualClock()
        async with served(upstream(clock)) as client:
            feed = GatewayFeed("127.0.0.1", client.server.port, token=SERVED_TOKEN)
            subscription = feed.context.subscribe(["HK.00700"], trades=0.0)
            decoded = subscription.decode(
                '{"type": "batch", "records": [], "trades": ['
                '{"code": "HK.00700", "time": "2025-03-14 10:00:09", "price": 5.0, '
                '"quantity": 100, "value": 500.0, "side": "buy", "tier": 3, "seq": 9, '
                '"type": null}, {"code": "HK.00005", "time": "2025-03-14 10:00:09", '
                '"price": 5.0, "quantity": 100, "value": 500.0, "side": "buy", '
                '"tier": 3, "seq": 1, "type": null}]}')
            assert decoded.trades.codes == ["HK.00700"]
            await subscription.aclose()
            await feed.aclose()
    run(main())
