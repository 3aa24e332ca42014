"""`flowdeck watch --alert` with per-market thresholds and a threshold in one currency
(converted at the settings file's rates, read and never written), on a scripted feed;
a missing rate said on stderr; bad rates or parts exit 2 naming them (1001)."""

from __future__ import annotations

import asyncio
import io
import json

import pytest

from flowdeck.cli.main import main
from flowdeck.cli.watch import Printer, Watcher, build_rules, settings_rates
from flowdeck.core.alerts import AlertEngine
from flowdeck.core.batch import Batch
from flowdeck.core.records import CapitalFlowRecord
from flowdeck.storage import paths
from tests.support.feeds import ScriptedFeed

CODES = ["HK.00700", "US.AAPL", "SH.600519"]
RATES = ('[currency]\nbase = "HKD"\nrates = [{currency = "USD", rate = 7.8, '
         'date = "2026-12-01"}, {currency = "CNY", rate = 1.1, date = "2026-12-01"}]\n')


def write_settings(text: str) -> None:
    path = paths.config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def batch(nets: dict[str, float], snapshot: bool = False) -> Batch:
    return Batch(snapshot=snapshot, records={
        c: CapitalFlowRecord(c, "2026-12-01 10:00:00", main_net_inflow=v, super_net_inflow=v)
        for c, v in nets.items()})


def alerts_of(alerts: list[str], steps: list[dict[str, float]]) -> list[tuple[str, float]]:
    """(code, threshold) of each alert as `steps` arrive (the first is the snapshot)."""
    out = io.StringIO()
    feed = ScriptedFeed([batch(steps[0], True)], [[batch(s) for s in steps[1:]]])
    engine = AlertEngine(build_rules(alerts, 0), rates=settings_rates())
    watcher = Watcher(feed, CODES, engine, Printer(out, io.StringIO(), True, CODES),
                      clock=iter(range(1000, 2000)).__next__, delay=lambda attempt: 0.0)

    async def go() -> None:
        task = asyncio.create_task(watcher.run())
        for _ in range(200):
            await asyncio.sleep(0)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
    asyncio.run(go())
    objs = [json.loads(line) for line in out.getvalue().splitlines()]
    return [(o["code"], o["threshold"]) for o in objs if o["type"] == "alert"]


ZERO = dict.fromkeys(CODES, 0.0)


def test_per_market_thresholds_in_an_alert_expression(flowdeck_home) -> None:
    fired = alerts_of(["main_net_inflow > 50M; US 5M; A 2亿"],
                      [ZERO, {"HK.00700": 40e6, "US.AAPL": 6e6, "SH.600519": 1.9e8},
                       {"HK.00700": 51e6, "US.AAPL": 6e6, "SH.600519": 2.1e8}])
    assert fired == [("US.AAPL", 5e6), ("HK.00700", 50e6), ("SH.600519", 2e8)]


def test_a_threshold_in_hkd_is_converted_at_the_settings_rates(flowdeck_home) -> None:
    write_settings(RATES)
    before = paths.config_path().read_bytes()
    fired = alerts_of(["main_net_inflow > 78M HKD"],
                      [ZERO, {"HK.00700": 77e6, "US.AAPL": 10.5e6, "SH.600519": 72e6}])
    assert fired == [("US.AAPL", pytest.approx(10e6)), ("SH.600519", pytest.approx(78e6 / 1.1))]
    assert paths.config_path().read_bytes() == before  # read, never written


def test_a_missing_rate_is_said_on_stderr(flowdeck_home, capsys) -> None:
    write_settings('[currency]\nbase = "HKD"\n')
    assert main(["watch", "HK.00700", "US.AAPL", "--source", "sim?speed=600&seed=7",
                 "--duration", "0.3", "--alert", "main_net_inflow > 78M HKD"]) == 0
    err = capsys.readouterr().err
    assert "no rate for USD in the settings' [currency]: 'Main net inflow > 78M HKD' " \
           "does not check those codes" in err


@pytest.mark.parametrize(("settings", "alert", "words"), [
    (RATES, "main_net_inflow > 5M; JP 5M", "market 'JP'"),
    (RATES, "main_net_inflow > 5M; US", "must look like 'US 5M'"),
    (RATES, "main_net_inflow_ratio > 5% HKD", "not an amount"),
    ('[currency]\nbase = "HKD"\nrates = [{currency = "USD", rate = 0, date = "2026-12-01"}]\n',
     "main_net_inflow > 5M HKD", "the settings' [currency]: rate of USD 0 must be"),
])
def test_bad_input_exits_2_naming_it(flowdeck_home, capsys, settings, alert, words) -> None:
    write_settings(settings)
    assert main(["watch", "HK.00700", "--alert", alert]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error 1001") and words in err
