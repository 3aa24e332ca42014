"""`flowdeck watch --alert "trade sell >= 10M"`: a line per trade that fires the rule,
over a real gateway (the stream's trades); the day so far fires nothing."""

from __future__ import annotations

import asyncio
import contextlib
import io
import json

from flowdeck.cli.watch import Printer, build_rules, watch
from flowdeck.core.batch import Batch
from flowdeck.core.big_trades import SELL, concat_trades
from tests.support.batches import points, rec
from tests.support.clock import VirtualClock
from tests.support.feeds import ScriptedFeed
from tests.support.server_fakes import SERVED_TOKEN, run, served
from tests.support.trades import prints
from tests.support.waiting import wait_until


def upstream(clock: VirtualClock) -> ScriptedFeed:
    """The day: a 12M sell (seq 1); then a 15M sell (seq 2) and a 20M buy (seq 3)."""
    day = Batch(records={"HK.00700": rec("HK.00700", 1.0)}, snapshot=True,
                points=points([("HK.00700", 30, 1.0)]),
                trades=prints("HK.00700", [1], quantity=240_000, side=SELL))
    update = Batch(records={"HK.00700": rec("HK.00700", 2.0, "10:01:00")},
                   points=points([("HK.00700", 31, 2.0)]),
                   trades=concat_trades([prints("HK.00700", [2], quantity=300_000, side=SELL),
                                         prints("HK.00700", [3], quantity=400_000)]))
    return ScriptedFeed([day], [[update]], interval=1.0, sleep=clock.sleep)


def alert_lines(as_json: bool) -> list[str]:
    async def main():
        clock = VirtualClock()
        async with served(upstream(clock)) as client:
            out = io.StringIO()
            printer = Printer(out, io.StringIO(), as_json, ["HK.00700"])
            source = f"gateway://127.0.0.1:{client.server.port}?token={SERVED_TOKEN}"
            rules = build_rules(["trade sell >= 10M"], cooldown_s=0)
            task = asyncio.create_task(watch(["HK.00700"], rules, source, printer=printer))
            await wait_until(lambda: clock.sleepers and out.getvalue(), what="the snapshot")
            await clock.advance(1.0)
            await wait_until(lambda: "ALERT" in out.getvalue() or '"alert"' in out.getvalue(),
                             what="the alert")
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
            return [line for line in out.getvalue().splitlines()
                    if "ALERT" in line or '"alert"' in line]
    return run(main())


def test_a_trade_rule_prints_a_line_per_trade_it_fires_on():
    assert alert_lines(False) == [
        "ALERT 2025-03-14 10:00:02 HK.00700 Big sell >= 10M: sell 300,000 @ 50 = 15M"]
    alert, = (json.loads(line) for line in alert_lines(True))
    assert (alert["field"], alert["side"], alert["threshold"]) == ("trade", "sell", 1e7)
    assert alert["trade"]["seq"] == 2 and alert["trade"]["value"] == 1.5e7
