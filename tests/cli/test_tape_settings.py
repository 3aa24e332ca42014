"""`flowdeck tape` (and watch) pick big trades by the settings file's [tape] as the
window does: a lowered minimum value shows trades under the default; a bad value is
named on stderr and its default used."""

from __future__ import annotations

import asyncio
import io
import json

from flowdeck.cli.tape import TapePrinter
from flowdeck.cli.watch import watch
from flowdeck.core.big_trade_thresholds import DEFAULT_MIN_VALUES
from flowdeck.core.codes import Market
from flowdeck.storage import paths


def test_the_settings_minimums_and_caps_apply(flowdeck_home):
    path = paths.config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('[tape]\nper_code = 5\ntotal = 0\n[tape.min_value]\n"HK.00700" = 1\n',
                    encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    printer = TapePrinter(out, err, True, ["HK.00700"])
    asyncio.run(watch(["HK.00700"], [], "sim?speed=20", duration=1.5, printer=printer))
    trades = [json.loads(line) for line in out.getvalue().splitlines()]
    assert len(trades) >= 5   # the snapshot's (the newest 5 of the day), then new ones
    assert min(t["value"] for t in trades) < DEFAULT_MIN_VALUES[Market.HK]
    assert "tape.total" in err.getvalue()
