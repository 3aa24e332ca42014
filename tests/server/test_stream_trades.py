"""/v1/stream's big trades: a stream that asks for them (`"trades": {"min_value": ...}`)
gets the day's kept trades of its codes in the subscribe's snapshot, then each new one
of its codes at or above its min_value, once (a source's repeats are not sent again);
a stream that does not ask gets none; a bad option is 1001 naming it; a client that
does not read loses the oldest beyond its bound, and is told how many."""

from __future__ import annotations

import json

from flowdeck.core.batch import Batch
from flowdeck.core.big_trades import SELL, concat_trades
from flowdeck.server.trade_stream import TradeQueue
from tests.support.batches import rec
from tests.support.clock import VirtualClock
from tests.support.feeds import ScriptedFeed
from tests.support.server_fakes import hub_of, run, served
from tests.support.stream_client import STREAM, next_message, subscribe
from tests.support.trades import TEN_AM, prints
from tests.support.waiting import wait_until

CODES = ["HK.00700", "US.AAPL"]


def day() -> Batch:
    """The snapshot: HK.00700 printed 1M (seq 1) and 0.5M (seq 2), US.AAPL 2M (seq 1)
    nine seconds later."""
    return Batch(records={c: rec(c, 1.0) for c in CODES}, snapshot=True,
                 trades=concat_trades([prints("HK.00700", [1]),
                                       prints("HK.00700", [2], quantity=10_000),
                                       prints("US.AAPL", [1], quantity=40_000,
                                              start=TEN_AM + 10)]))


def update() -> Batch:
    """HK.00700's seq 2 again (a source's repeat), then 3M (seq 3) and 0.2M (seq 4);
    US.AAPL sells 1.5M (seq 2); SH.600519, which nobody follows, prints too."""
    return Batch(records={c: rec(c, 2.0, "10:01:00") for c in CODES},
                 trades=concat_trades([prints("HK.00700", [2], quantity=10_000),
                                       prints("HK.00700", [3], quantity=60_000),
                                       prints("HK.00700", [4], quantity=4_000),
                                       prints("US.AAPL", [2], quantity=30_000, side=SELL,
                                              start=TEN_AM + 10),
                                       prints("SH.600519", [1])]))


def seen(trades: list[dict]) -> list[tuple[str, int, float, str]]:
    return [(t["code"], t["seq"], t["value"], t["side"]) for t in trades]


async def trades_batch(ws) -> dict:
    while True:
        msg = await next_message(ws)
        if msg["type"] == "batch" and "trades" in msg and not msg["snapshot"]:
            return msg


def test_a_stream_that_asks_gets_the_days_trades_then_each_new_one_once():
    async def main():
        clock = VirtualClock()
        feed = ScriptedFeed([day()], [[update()]], interval=1.0, sleep=clock.sleep)
        async with served(feed) as client:
            asking = await client.ws_connect(STREAM, max_msg_size=0)
            await asking.send_json({"op": "subscribe", "stock_list": CODES,
                                    "trades": {"min_value": 1e6}})
            snap = await next_message(asking)
            assert snap["snapshot"] is True
            # The day's kept trades worth 1M or more, in print order.
            assert seen(snap["trades"]) == [("HK.00700", 1, 1e6, "buy"),
                                            ("US.AAPL", 1, 2e6, "buy")]
            first = snap["trades"][0]
            assert first == {"code": "HK.00700", "time": "2025-03-14 10:00:01",
                             "price": 50.0, "quantity": 20_000.0, "value": 1e6,
                             "side": "buy", "tier": 1, "seq": 1, "type": None}
            other = await client.ws_connect(STREAM, max_msg_size=0)
            plain = await subscribe(other, CODES)
            assert plain["snapshot"] is True and "trades" not in plain
            await wait_until(lambda: clock.sleepers, what="the source's next update")
            await clock.advance(1.0)
            got = await trades_batch(asking)
            assert got["records"] == [] and "trades_dropped" not in got
            assert seen(got["trades"]) == [("HK.00700", 3, 3e6, "buy"),
                                           ("US.AAPL", 2, 1.5e6, "sell")]
            update_msg = await next_message(other)
            assert update_msg["records"] and "trades" not in update_msg
            await asking.close()
            await other.close()
    run(main())


def test_a_bad_trades_option_is_1001_naming_it_and_subscribes_nothing():
    async def main():
        feed = ScriptedFeed([day()], [])
        async with served(feed) as client:
            ws = await client.ws_connect(STREAM, max_msg_size=0)
            for option, name in (({"min_value": -1}, "trades.min_value"),
                                 ({"min_value": "lots"}, "trades.min_value"),
                                 ({"max": 5}, "trades.max"), ([1], "trades")):
                await ws.send_json({"op": "subscribe", "stock_list": CODES,
                                    "trades": option})
                error = await next_message(ws)
                assert error["type"] == "error" and error["ret_code"] == 1001
                assert name in error["ret_msg"], error
            assert feed.snapshot_calls == 0
            snap = await subscribe(ws, CODES)   # the socket stayed open
            assert snap["snapshot"] is True
            await ws.close()
    run(main())


def test_a_client_that_does_not_read_keeps_the_newest_and_is_told_what_it_lost():
    queue = TradeQueue(limit=3)
    queue.min_value = 0.0
    queue.put((f"HK.0000{i}", json.dumps({"seq": i})) for i in range(1, 6))
    message, = queue.take()
    got = json.loads(message)
    assert [t["seq"] for t in got["trades"]] == [3, 4, 5]
    assert got["trades_dropped"] == 2 and got["records"] == []
    assert queue.take() == []   # sent: nothing waits, nothing lost since
    queue.put([("HK.00001", json.dumps({"seq": 6})), ("HK.00002", json.dumps({"seq": 7}))])
    queue.forget({"HK.00001"})   # unsubscribed meanwhile
    assert [t["seq"] for t in json.loads(queue.take()[0])["trades"]] == [7]


def test_identical_subscriptions_share_one_build_of_the_days_trades():
    async def main():
        feed = ScriptedFeed([day()], [])
        async with served(feed) as client:
            hub = hub_of(client)
            streams = [await client.ws_connect(STREAM, max_msg_size=0) for _ in range(3)]
            for ws in streams:
                await ws.send_json({"op": "subscribe", "stock_list": CODES,
                                    "trades": {"min_value": 1e6}})
            snaps = [await next_message(ws) for ws in streams]
            assert all(seen(s["trades"]) == [("HK.00700", 1, 1e6, "buy"),
                                             ("US.AAPL", 1, 2e6, "buy")] for s in snaps)
            assert hub.subs.day_trades.builds == 1
            late = await client.ws_connect(STREAM, max_msg_size=0)
            await late.send_json({"op": "subscribe", "stock_list": CODES,
                                  "trades": {"min_value": 2e6}})   # another min_value
            assert seen((await next_message(late))["trades"]) == [("US.AAPL", 1, 2e6, "buy")]
            assert hub.subs.day_trades.builds == 2
            for ws in [*streams, late]:
                await ws.close()
    run(main())


def test_trades_false_turns_them_off_for_that_stream():
    async def main():
        clock = VirtualClock()
        feed = ScriptedFeed([day()], [[update()]], interval=1.0, sleep=clock.sleep)
        async with served(feed) as client:
            hub = hub_of(client)
            ws = await client.ws_connect(STREAM, max_msg_size=0)
            await ws.send_json({"op": "subscribe", "stock_list": CODES, "trades": True})
            assert len((await next_message(ws))["trades"]) == 3   # min_value 0: all
            await ws.send_json({"op": "subscribe", "stock_list": CODES, "trades": False})
            again = await next_message(ws)   # nothing new subscribed: an empty snapshot
            assert again["snapshot"] is True and again["records"] == [] and \
                "trades" not in again
            assert not hub.subs.trading
            await wait_until(lambda: clock.sleepers, what="the source's next update")
            await clock.advance(1.0)
            got = await next_message(ws)
            assert got["records"] and "trades" not in got
            await ws.close()
    run(main())
