"""`flowdeck tape`: one line per big trade as it prints, over a real gateway (a
gateway:// source, the stream's trades): the day's kept ones, then each new one, once,
at or above --min and of --side; bad input exits 2 naming it."""

from __future__ import annotations

import asyncio
import contextlib
import io
import json

from flowdeck.cli.main import main
from flowdeck.cli.tape import TapePrinter
from flowdeck.cli.watch import watch
from flowdeck.core.batch import Batch
from flowdeck.core.big_trades import SELL, concat_trades
from tests.support.batches import points, rec
from tests.support.clock import VirtualClock
from tests.support.feeds import ScriptedFeed
from tests.support.server_fakes import SERVED_TOKEN, run, served
from tests.support.trades import TEN_AM, prints
from tests.support.waiting import wait_until

CODES = ["HK.00700", "US.AAPL"]


def upstream(clock: VirtualClock) -> ScriptedFeed:
    """The day: HK.00700 buys 1M (seq 1) and 12M (seq 2); then HK.00700 sells 15M
    (seq 3) and buys 0.5M (seq 4), US.AAPL buys 20M."""
    day = Batch(records={c: rec(c, 1.0) for c in CODES}, snapshot=True,
                points=points([(c, 30, 1.0) for c in CODES]),
                trades=concat_trades([prints("HK.00700", [1]),
                                      prints("HK.00700", [2], quantity=240_000)]))
    update = Batch(records={c: rec(c, 2.0, "10:01:00") for c in CODES},
                   points=points([(c, 31, 2.0) for c in CODES]),
                   trades=concat_trades([
                       prints("HK.00700", [3], quantity=300_000, side=SELL),
                       prints("HK.00700", [4], quantity=10_000),
                       prints("US.AAPL", [1], price=200.0, quantity=100_000,
                              start=TEN_AM + 20)]))
    return ScriptedFeed([day], [[update]], interval=1.0, sleep=clock.sleep)


def test_the_days_trades_then_the_new_ones_each_once_at_or_above_min():
    async def main_():
        clock = VirtualClock()
        async with served(upstream(clock)) as client:
            out, err = io.StringIO(), io.StringIO()
            printer = TapePrinter(out, err, False, CODES, min_value=1e7)
            source = f"gateway://127.0.0.1:{client.server.port}?token={SERVED_TOKEN}"
            task = asyncio.create_task(watch(CODES, [], source, printer=printer))
            await wait_until(lambda: printer.printed == 1, what="the day's trade")
            # The stream's own snapshot brings the day again: nothing more prints.
            await wait_until(lambda: clock.sleepers, what="the source's next update")
            await clock.advance(1.0)
            await wait_until(lambda: printer.printed == 3, what="the new trades")
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
            assert out.getvalue().splitlines() == [
                "10:00:02  HK.00700   BUY       50.000 x 240,000  = 12.00M  large",
                "10:00:03  HK.00700   SELL      50.000 x 300,000  = 15.00M  large",
                "10:00:21  US.AAPL    BUY      200.000 x 100,000  = 20.00M  large"]
    run(main_())


def test_json_lines_and_one_side_in_chinese_units():
    out = io.StringIO()
    printer = TapePrinter(out, io.StringIO(), True, CODES, side=SELL)
    trades = concat_trades([prints("HK.00700", [1]), prints("HK.00700", [2], side=SELL)])
    printer.trades(trades)
    printer.trades(trades)   # the same again (a reconnect): nothing more
    line, = out.getvalue().splitlines()
    assert json.loads(line) == {"code": "HK.00700", "time": "2025-03-14 10:00:02",
                                "price": 50.0, "quantity": 20_000.0, "value": 1e6,
                                "side": "sell", "tier": 1, "seq": 2, "type": None}
    out = io.StringIO()
    TapePrinter(out, io.StringIO(), False, CODES, units="wan", lang="zh").trades(trades)
    assert out.getvalue().splitlines()[1].split()[2:] == ["卖", "50.000", "x", "20,000",
                                                          "=", "100.00万", "大"]


def test_bad_input_exits_2_naming_it(capsys):
    for args, said in ((["--min", "lots"], "--min"), (["--min", "-5"], "--min"),
                       (["--source", "nowhere://x"], "nowhere")):
        assert main(["tape", "HK.00700", *args]) == 2
        assert said in capsys.readouterr().err
    assert main(["tape", "XX.1"]) == 2 and "XX.1" in capsys.readouterr().err
