"""`flowdeck record` writes the simulator's trades in the replay format, and
`flowdeck fetch --source replay:FILE` reads them back (through the console entry point)."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import subprocess
import sys

import numpy as np
import pytest

from flowdeck.cli.main import main
from flowdeck.cli.record import default_day, record_day
from flowdeck.feeds.replay.market import ReplayMarket
from flowdeck.feeds.replay.time_column import NS
from flowdeck.feeds.replay.trades_csv import HEADER, TradeReader
from flowdeck.feeds.sim.stocks import sim_stock
from flowdeck.feeds.sim.tape import day_tape

DAY = dt.date(2025, 3, 14)
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}


def flowdeck(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "flowdeck", *args], capture_output=True,
                          text=True, timeout=120, env=ENV)


def test_the_file_holds_exactly_the_simulator_tapes(tmp_path) -> None:
    codes = ["HK.08123", "US.ZZQ", "SH.600519"]
    path = tmp_path / "day.csv"
    assert main(["record", *codes, "--date", "2025-03-14", "--seed", "7", "-o", str(path)]) == 0
    text = path.read_text()
    assert text.startswith(HEADER + "\n") and text.endswith("\n")
    reader = TradeReader(path)
    chunks = list(reader)
    assert reader.bad.total == 0
    symbols = np.concatenate([c.symbols for c in chunks])
    ns = np.concatenate([c.ns for c in chunks])
    assert (np.diff(ns) >= 0).all()  # sorted by time overall
    for code in codes:
        want = day_tape(sim_stock(code, 7), DAY, 7)
        mine = symbols == reader.codes[code]
        got = {k: np.concatenate([getattr(c, k)[c.symbols == reader.codes[code]]
                                  for c in chunks]) for k in ("price", "quantity", "bid", "ask")}
        assert mine.sum() == len(want) > 0
        assert np.array_equal(ns[mine] // NS, want.times)
        assert np.array_equal(got["price"], want.price)  # bit for bit
        assert np.array_equal(got["quantity"], want.quantity)
        assert np.array_equal(got["bid"], want.bid, equal_nan=True)
        assert np.array_equal(got["ask"], want.ask, equal_nan=True)
    assert ",,\n" in text  # trades without a quote: empty bid and ask


def test_defaults_stdout_and_the_last_trading_day(capsys) -> None:
    assert main(["record", "700", "--market", "HK"]) == 0
    out, err = capsys.readouterr()
    first = out.splitlines()[1]
    assert first.startswith(f"HK.00700,{default_day().isoformat()} 09:")
    assert "recorded" in err and "to stdout" in err and "seed 0" in err
    assert default_day(dt.date(2025, 3, 16)) == dt.date(2025, 3, 14)  # Sunday -> Friday
    assert default_day(dt.date(2025, 3, 12)) == dt.date(2025, 3, 12)


@pytest.mark.parametrize("args, number", [
    (["record", "HK.00700", "--date", "2025-03-15"], "1001"),    # a Saturday
    (["record", "HK.00700", "--date", "14/03/2025"], "1001"),
    (["record", "HK.ABC"], "1002"),
    (["record", "00700", "--market", "JP"], "1001"),
])
def test_bad_input_exits_2_with_the_spec_code(capsys, args, number) -> None:
    assert main(args) == 2
    out, err = capsys.readouterr()
    assert out == "" and f"error {number}" in err and "Traceback" not in err


def test_an_unwritable_output_exits_1(tmp_path, capsys) -> None:
    assert main(["record", "HK.08123", "-o", str(tmp_path / "no" / "such" / "dir.csv")]) == 1
    assert "cannot write" in capsys.readouterr().err


@pytest.mark.e2e
def test_record_then_fetch_through_the_console_entry_point(tmp_path) -> None:
    path = tmp_path / "rec.csv"
    done = flowdeck("record", "SZ.000001", "HK.08123", "--date", "2025-03-14", "--seed", "3",
                    "-o", str(path))
    assert done.returncode == 0, done.stderr
    # The whole day (start after the close), one code the file lacks.
    ok = flowdeck("fetch", "SZ.000001", "US.MSFT", "HK.8123", "--json",
                  "--source", f"replay:{path}?start=23:00")
    assert ok.returncode == 0, ok.stderr
    env = json.loads(ok.stdout)
    assert env["ret_code"] == 0
    rows = {r["code"]: r for r in env["data"]["capital_flow_list"]}
    assert list(rows) == ["SZ.000001", "HK.08123"]
    assert env["data"]["errors"] == [{"code": "US.MSFT", "ret_code": 1016,
                                      "ret_msg": "GET_CAPITAL_FLOW_FAILED: no trades for "
                                                 "US.MSFT in rec.csv"}]
    want = ReplayMarket(path, start_s=23 * 3600).snapshot_batch(["SZ.000001"])
    assert rows["SZ.000001"] == want.records["SZ.000001"].to_dict()
    assert rows["SZ.000001"]["update_time"].startswith("2025-03-14 14:5")
    assert "Traceback" not in ok.stderr


@pytest.mark.e2e
def test_fetch_from_a_file_with_bad_lines_says_so_on_stderr(tmp_path) -> None:
    path = tmp_path / "bad.csv"
    buf = io.StringIO()
    record_day(["HK.08123"], DAY, 1, buf)
    lines = buf.getvalue().splitlines()
    lines[5] = "HK.08123,2025-03-14 09:31:00,oops,100,,"
    path.write_text("\n".join(lines) + "\n")
    got = flowdeck("fetch", "HK.08123", "--json", "--source", f"replay:{path}?speed=max")
    assert got.returncode == 0, got.stderr
    assert json.loads(got.stdout)["data"]["capital_flow_list"][0]["code"] == "HK.08123"
    assert "1 bad line in" in got.stderr and "line 6: price 'oops'" in got.stderr
    missing = flowdeck("fetch", "US.MSFT", "--json", "--source", f"replay:{path}")
    assert missing.returncode == 1
    assert json.loads(missing.stdout)["ret_code"] == 1016
    nofile = flowdeck("fetch", "US.MSFT", "--json", "--source", f"replay:{path}.nope")
    assert nofile.returncode == 1
    assert json.loads(nofile.stdout)["ret_code"] == 1001
