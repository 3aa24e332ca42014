"""`flowdeck watch`: the real command on the simulator, and its retry/baseline logic."""

import asyncio
import io
import json
import os
import re
import signal
import subprocess
import sys
import time

import numpy as np
import pytest

from flowdeck.cli.main import main
from flowdeck.cli.watch import Printer, Watcher, build_rules
from flowdeck.core.alerts import AlertEngine
from flowdeck.core.batch import Batch
from flowdeck.core.errors import source_failed
from flowdeck.core.records import RECORD_KEYS, CapitalFlowRecord
from tests.support.feeds import ScriptedFeed

CODES = ["HK.00700", "HK.09988", "US.AAPL", "US.TSLA", "SH.600519", "SZ.000001"]
# Fast virtual clocks; every market starts inside a session, so records change each batch.
SIM = "sim?speed=600&seed=7"
# Where the simulator's values are depends on the hour the test runs at. A grid of
# `crosses` rules every 0.5 % over the ratio's usual range fires within a few batches
# at any start time (checked over every quarter hour of a week).
GRID = [f"main_net_inflow_ratio crosses {x:g}%" for x in np.arange(-60, 60.001, 0.5)]
ALERT_KEYS = {"type", "code", "field", "op", "threshold", "value", "time", "note", "scope",
              "wall"}
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path), "PYTHONUNBUFFERED": "1"}


def flowdeck(*args: str, **kwargs) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "flowdeck", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=ENV, **kwargs)


@pytest.mark.e2e
@pytest.mark.timeout(60)
def test_json_lines_batches_and_alerts_from_the_simulator():
    args = ["watch", *CODES, "--source", SIM, "--json", "--cooldown", "0", "--duration", "4"]
    for expr in GRID:
        args += ["--alert", expr]
    proc = flowdeck(*args)
    out, err = proc.communicate(timeout=50)
    assert proc.returncode == 0, err
    assert "Traceback" not in err
    objs = [json.loads(line) for line in out.splitlines()]
    batches = [o for o in objs if o["type"] == "batch"]
    alerts = [o for o in objs if o["type"] == "alert"]
    assert {o["type"] for o in objs} == {"batch", "alert"}
    assert len(batches) >= 3 and alerts, out[-2000:]

    first = objs[0]
    assert first["type"] == "batch" and first["snapshot"] is True
    assert [r["code"] for r in first["records"]] == CODES  # in the order asked
    assert objs[1]["type"] == "batch"  # the snapshot is a baseline: no alert after it
    for b in batches:
        assert set(b) >= {"type", "snapshot", "wall", "records"}
        for r in b["records"]:
            assert list(r) == list(RECORD_KEYS)
            assert r["main_net_inflow"] == r["super_net_inflow"] + r["large_net_inflow"]

    # Every alert follows the batch it fired on: its value is that code's field there,
    # and a `crosses` alert means the previous value was on the other side.
    last: dict[str, dict] = {}
    before: dict[str, dict] = {}
    for o in objs:
        if o["type"] == "batch":
            for r in o["records"]:
                if r["code"] in last:
                    before[r["code"]] = last[r["code"]]
                last[r["code"]] = r
            continue
        assert set(o) == ALERT_KEYS
        assert o["field"] == "main_net_inflow_ratio" and o["op"] == "crosses"
        assert o["scope"] == "all" and o["note"] == ""
        record = last[o["code"]]
        assert o["value"] == record[o["field"]] and o["time"] == record["update_time"]
        thr = o["threshold"]
        assert (o["value"] - thr) * (before[o["code"]][o["field"]] - thr) < 0
        assert o["wall"] >= first["wall"]


def test_text_lines_in_process(capsys):
    args = ["watch", *CODES, "--source", "sim?speed=600&seed=7&interval=0.25", "--cooldown",
            "0", "--duration", "1", "--lang", "en"]
    for expr in GRID:
        args += ["--alert", expr]
    assert main(args) == 0
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert re.fullmatch(r"\d\d:\d\d:\d\d  snapshot +6 records  HK\.00700 main -?[\d.]+[KMB]?"
                        r"  .*\+\d more", lines[0]), lines[0]
    batch = re.compile(r"\d\d:\d\d:\d\d  (snapshot|update) +\d+ records?(  \S+ main \S+)+"
                       r"(  \+\d+ more)?")
    alert = re.compile(r"ALERT \d{4}-\d\d-\d\d \d\d:\d\d:\d\d [A-Z]{2}\.\S+ Main net ratio "
                       r"crosses -?[\d.]+%: -?[\d.]+%")
    assert any(alert.fullmatch(line) for line in lines), out
    for line in lines:
        assert batch.fullmatch(line) or alert.fullmatch(line), line
        assert len(line) < 160
    assert err == ""


@pytest.mark.parametrize("args, number, words", [
    (["HK.ABC"], 1002, "invalid stock code 'HK.ABC'"),
    (["HK.00700", "SH.60051"], 1002, "SH symbols are exactly 6 digits"),
    (["HK.00700", "--alert", "main_net_inflow >> 5"], 1001, "alert 'main_net_inflow >> 5': "),
    (["HK.00700", "--alert", "main_inflow > 5e7"], 1001, "unknown field 'main_inflow'"),
    (["HK.00700", "--alert", "main_net_inflow > 12%"], 1001, "is an amount, not a ratio"),
    (["HK.00700", "--alert", "main_net_inflow"], 1001, "must look like 'FIELD OP THRESHOLD'"),
    (["HK.00700", "--alert", "main_inflow_streak >= 2.5"], 1001, "write a whole number"),
    (["HK.00700", "--alert", "main_net_inflow_7d > 1亿"], 1001,
     "unknown field 'main_net_inflow_7d'"),
    (["HK.00700", "--alert", "main_net_inflow > 1", "--cooldown", "-1"], 1001, "cooldown_s"),
    (["HK.00700", "--duration", "0"], 1001, "--duration must be"),
    (["HK.00700", "--source", "nosuch://x"], 1001, "unknown source 'nosuch://x'"),
    (["HK.00700", "--source", "sim?speed=-1"], 1001, "speed must be a number > 0"),
])
def test_bad_input_exits_2_and_says_what_is_wrong(capsys, args, number, words):
    assert main(["watch", *args]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(f"error {number} ") and words in err, err
    assert "Traceback" not in err


@pytest.mark.e2e
@pytest.mark.timeout(30)
def test_console_bad_alert_and_bad_code_exit_2():
    proc = flowdeck("watch", "HK.00700", "--alert", "main_net_inflow >> 5", "--json")
    out, err = proc.communicate(timeout=25)
    assert proc.returncode == 2 and out == ""
    assert "error 1001 INVALID_PARAM: alert 'main_net_inflow >> 5': threshold" in err
    proc = flowdeck("watch", "HK.1234567", "--alert", "main_net_inflow > 5e7")
    out, err = proc.communicate(timeout=25)
    assert proc.returncode == 2 and out == ""
    assert "error 1002 INVALID_CODE: invalid stock code 'HK.1234567'" in err
    assert "Traceback" not in err


@pytest.mark.e2e
@pytest.mark.timeout(30)
@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_ends_it_cleanly(sig):
    proc = flowdeck("watch", "HK.00700", "--json", "--source", "sim?speed=60&interval=0.2")
    assert json.loads(proc.stdout.readline())["snapshot"] is True
    start = time.monotonic()
    proc.send_signal(sig)
    out, err = proc.communicate(timeout=20)
    assert proc.returncode == 0, err
    assert time.monotonic() - start < 5
    assert "Traceback" not in err
    for line in out.splitlines():
        assert json.loads(line)["type"] == "batch"  # whole lines only


@pytest.mark.e2e
@pytest.mark.timeout(30)
def test_a_closed_pipe_ends_it_quietly():
    proc = flowdeck("watch", "HK.00700", "--source", "sim?speed=60&interval=0.1")
    proc.stdout.readline()
    proc.stdout.close()  # `flowdeck watch ... | head -1`
    assert proc.wait(timeout=20) == 0
    err = proc.stderr.read()
    assert "Traceback" not in err and "Broken pipe" not in err


# --- the loop, with a scripted feed ----------------------------------------------------

def rec(code: str, main: float, t: str = "10:00:00") -> CapitalFlowRecord:
    return CapitalFlowRecord(code, f"2025-03-14 {t}", main_net_inflow=main,
                             super_net_inflow=main)


def run_scripted(feed: ScriptedFeed, alerts: list[str], as_json: bool = True,
                 until: int = 10) -> tuple[list, str]:
    out, err = io.StringIO(), io.StringIO()
    printer = Printer(out, err, as_json, ["HK.00700"])
    watcher = Watcher(feed, ["HK.00700"], AlertEngine(build_rules(alerts, 0)), printer,
                      clock=iter(range(1000, 2000)).__next__, delay=lambda attempt: 0.0)

    async def go():
        task = asyncio.create_task(watcher.run())
        for _ in range(200):
            await asyncio.sleep(0)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
    asyncio.run(go())
    lines = out.getvalue().splitlines()
    return ([json.loads(x) for x in lines] if as_json else lines), err.getvalue()


def batch(main: float, snapshot: bool = False, t: str = "10:00:00", **kw) -> Batch:
    return Batch(records={"HK.00700": rec("HK.00700", main, t)}, snapshot=snapshot, **kw)


def test_alerts_fire_on_updates_not_on_the_snapshot():
    feed = ScriptedFeed([batch(6e7, True)],
                        [[batch(6.1e7), batch(4e7), batch(5.2e7, t="10:31:00")]])
    objs, err = run_scripted(feed, ["main_net_inflow > 5e7"])
    assert err == ""
    assert [o["type"] for o in objs] == ["batch"] * 4 + ["alert"]
    assert objs[-1] == {"type": "alert", "code": "HK.00700", "field": "main_net_inflow",
                        "op": ">", "threshold": 5e7, "value": 5.2e7,
                        "time": "2025-03-14 10:31:00", "note": "", "scope": "all",
                        "wall": 1003}
    assert objs[0]["snapshot"] is True and objs[1]["snapshot"] is False


def test_feed_error_is_reported_retried_and_the_new_snapshot_is_a_baseline():
    # Below, error, then the day restarts above the threshold: a baseline, no alert.
    feed = ScriptedFeed([batch(1e7, True), source_failed("gateway down"), batch(9e7, True)],
                        [[batch(2e7), RuntimeError("socket closed")], [batch(9.5e7)]])
    objs, err = run_scripted(feed, ["main_net_inflow > 5e7"])
    assert [o["type"] for o in objs] == ["batch"] * 4
    assert feed.snapshot_calls == 3
    assert err.splitlines() == [
        "error RuntimeError: socket closed; retrying in 0 s",
        "error 1016 GET_CAPITAL_FLOW_FAILED: gateway down; retrying in 0 s"]


def test_a_snapshot_inside_updates_is_a_baseline_and_errors_are_shown_once():
    # A gateway reconnects by itself: its next batch is a snapshot of the new state.
    failing = {"HK.00700": (1016, "no quote")}
    feed = ScriptedFeed([batch(1e7, True)],
                        [[Batch(errors=failing), Batch(errors=failing), batch(9e7, True),
                          batch(1e7), batch(6e7, t="10:05:00")]])
    lines, err = run_scripted(feed, ["main_net_inflow > 5e7"], as_json=False)
    assert err == "error 1016 HK.00700: no quote\n"
    assert [line.split()[1] for line in lines[:-1]] == [
        "snapshot", "snapshot", "update", "update"]
    assert lines[-1] == "ALERT 2025-03-14 10:05:00 HK.00700 Main net inflow > 50M: 60M"


def test_the_feed_ending_is_an_error_retried():
    feed = ScriptedFeed([batch(1e7, True), batch(1e7, True)], [[batch(2e7), "end"]])
    objs, err = run_scripted(feed, [])
    assert feed.snapshot_calls == 2 and len(objs) == 3
    assert err == "error 1016 GET_CAPITAL_FLOW_FAILED: scripted: the feed ended; retrying in 0 s\n"


def test_a_gateway_reconnecting_by_itself_is_reported_on_stderr():
    from flowdeck.api.stream import ConnectionState

    feed = ScriptedFeed([], [])
    err = io.StringIO()
    Watcher(feed, ["HK.00700"], AlertEngine(), Printer(io.StringIO(), err, False, []))
    for state in [ConnectionState("connecting"), ConnectionState("live"),
                  ConnectionState("reconnecting", 0.5, 1, "connection refused"),
                  ConnectionState("connecting"), ConnectionState("live")]:
        feed.on_state(state)
    assert err.getvalue().splitlines() == [
        "scripted: reconnecting (retry in 0.5 s): connection refused",
        "scripted: live again"]
