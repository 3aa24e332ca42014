"""`flowdeck watch --alert` with conditions joined by `and` (issue 22), on the day's price
change too: the alert's JSON carries every condition and its value."""

from __future__ import annotations

import asyncio
import io
import json

import pytest

from flowdeck.cli.watch import Printer, Watcher, build_rules
from flowdeck.core.alerts import AlertEngine
from flowdeck.core.batch import Batch
from flowdeck.core.records import CapitalFlowRecord
from flowdeck.core.stock_info import Quote
from tests.support.feeds import ScriptedFeed

CODE = "HK.00700"


def batch(main: float, last: float, snapshot: bool = False) -> Batch:
    record = CapitalFlowRecord(CODE, "2025-03-14 10:00:00", main_net_inflow=main)
    return Batch(records={CODE: record}, quotes={CODE: Quote(CODE, last, 100.0)},
                 snapshot=snapshot)


def run(feed: ScriptedFeed, alerts: list[str]) -> list[dict]:
    out, err = io.StringIO(), io.StringIO()
    watcher = Watcher(feed, [CODE], AlertEngine(build_rules(alerts, 0)),
                      Printer(out, err, True, [CODE]),
                      clock=iter(range(1000, 2000)).__next__, delay=lambda attempt: 0.0)

    async def go():
        task = asyncio.create_task(watcher.run())
        for _ in range(200):
            await asyncio.sleep(0)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
    asyncio.run(go())
    assert err.getvalue() == ""
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_an_and_alert_on_the_change_prints_each_condition():
    feed = ScriptedFeed([batch(-1e6, 101.0, snapshot=True)],
                        [[batch(1e6, 101.0), batch(-1e6, 103.0), batch(2e6, 103.0)]])
    objs = run(feed, ["main_net_inflow crosses 0 and change_pct > 2%"])
    alerts = [o for o in objs if o["type"] == "alert"]
    # The first crossing is at +1 %: nothing; crossing back down at +3 % fires, and up.
    assert [a["value"] for a in alerts] == [-1e6, 2e6]
    assert alerts[-1]["conditions"] == [
        {"field": "main_net_inflow", "op": "crosses", "threshold": 0.0, "value": 2e6},
        {"field": "change_pct", "op": ">", "threshold": 0.02,
         "value": pytest.approx(0.03)}]
