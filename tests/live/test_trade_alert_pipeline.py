"""Trade rules in the AlertPipeline over the live path: a scripted feed's big trade
fires its rule once, logged with the trade in the entry; the snapshot's trades (the day
so far) and a reconnect's repeats fire nothing; the value rules go on as before."""

from __future__ import annotations

import json

from flowdeck.core.alert_rules import make_trade_rule, parse_expression
from flowdeck.core.batch import Batch
from flowdeck.core.big_trades import SELL, concat_trades
from flowdeck.live.alerts import AlertPipeline
from flowdeck.live.follow import Follower
from flowdeck.live.store import LiveStore
from flowdeck.storage.alert_log import AlertLog
from tests.support.batches import rec
from tests.support.clock import VirtualClock
from tests.support.feeds import ScriptedFeed
from tests.support.trades import prints
from tests.support.waiting import run, wait_until

CODES = ["HK.00700"]


def test_a_big_trade_fires_once_and_is_logged_with_the_trade(tmp_path):
    day = Batch(records={"HK.00700": rec("HK.00700", 1.0)}, snapshot=True,
                trades=prints("HK.00700", [1, 2], quantity=400_000))   # 20M each
    update = Batch(records={"HK.00700": rec("HK.00700", 2.0, "10:01:00")},
                   trades=concat_trades([prints("HK.00700", [2], quantity=400_000),
                                         prints("HK.00700", [3], quantity=300_000,
                                                side=SELL),
                                         prints("HK.00700", [4], quantity=100)]))
    again = Batch(records={"HK.00700": rec("HK.00700", 3.0, "10:02:00")},
                  trades=prints("HK.00700", [1, 2, 3], quantity=400_000))

    async def main():
        clock = VirtualClock()
        feed = ScriptedFeed([day], [[update, again]], interval=1.0, sleep=clock.sleep)
        store = LiveStore()
        log = AlertLog(tmp_path / "alerts.jsonl")
        pipeline = AlertPipeline([make_trade_rule("all", "1000万", cooldown_s=0),
                                  parse_expression("main_net_inflow > 1e9")],
                                 alert_log=log, clock=clock)
        fired: list = []
        pipeline.add_fired(fired.extend)
        store.add_listener(pipeline.on_change)
        times: list[str] = []
        store.add_listener(lambda change: times.extend(
            r.update_time[11:] for r in change.batch.records.values()))
        follower = Follower(store, min_interval=0.0, clock=clock, sleep=clock.sleep)
        follower.start(feed, CODES)
        await wait_until(lambda: len(store.tape) == 2, what="the snapshot")
        assert fired == []   # the day so far is a baseline
        await wait_until(lambda: clock.sleepers, what="the next update")
        await clock.advance(1.0)
        await wait_until(lambda: len(store.tape) == 4, what="the update")
        await clock.advance(1.0)   # the day's first trades again: nothing more
        await wait_until(lambda: "10:02:00" in times, what="the repeats")
        await follower.stop()
        assert [(a.code, a.trade.seq, a.value) for a in fired] == [("HK.00700", 3, 1.5e7)]
        entry, = (json.loads(line) for line in
                  (tmp_path / "alerts.jsonl").read_text().splitlines())
        assert entry["field"] == "trade" and entry["op"] == ">=" and entry["side"] == "either"
        assert entry["threshold"] == 1e7 and entry["value"] == 1.5e7
        assert entry["trade"] == {"code": "HK.00700", "time": "2025-03-14 10:00:03",
                                  "price": 50.0, "quantity": 300_000.0, "value": 1.5e7,
                                  "side": "sell", "tier": 1, "seq": 3, "type": None}
        assert [r.field for r in pipeline.rules] == ["trade", "main_net_inflow"]
    run(main())
