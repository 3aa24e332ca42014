"""`flowdeck fetch` against the real simulator, through the real entry points."""

import json
import os
import subprocess
import sys

import pytest

from flowdeck.cli.main import main
from flowdeck.core.records import RECORD_KEYS


def run_cli(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_json_envelope_in_spec_shape(capsys):
    code, out, err = run_cli(capsys, "fetch", "HK.700", "US.AAPL", "HK.00700", "--json")
    assert code == 0, err
    env = json.loads(out)
    assert env["ret_code"] == 0 and env["ret_msg"] == "SUCCESS"
    rows = env["data"]["capital_flow_list"]
    assert [r["code"] for r in rows] == ["HK.00700", "US.AAPL"]  # order asked, duplicates once
    assert env["data"]["source"] == "sim"   # whose numbers, beside the 14 keys
    for r in rows:
        assert list(r) == list(RECORD_KEYS)
        assert r["main_net_inflow"] == r["super_net_inflow"] + r["large_net_inflow"]
        assert all(-1 <= r[k] <= 1 for k in RECORD_KEYS if k.endswith("_ratio"))
        assert r["update_time"]


def test_market_prefixes_bare_symbols(capsys):
    code, out, _ = run_cli(capsys, "fetch", "00700", "9988", "--market", "HK", "--json")
    assert code == 0
    rows = json.loads(out)["data"]["capital_flow_list"]
    assert [r["code"] for r in rows] == ["HK.00700", "HK.09988"]


@pytest.mark.parametrize("args, ret_code", [
    (["fetch", "HK.ABC", "--json"], 1002),
    (["fetch", "nonsense", "--json"], 1002),
    (["fetch", "HK.00700", "--market", "US", "--json"], 1001),
    (["fetch", "00700", "--market", "JP", "--json"], 1001),
    (["fetch", "HK.00700", "--json", "--source", "nosuch://x"], 1001),
    (["fetch", "HK.00700", "--json", "--source", "sim?speed=-1"], 1001),
])
def test_bad_input_prints_envelope_and_exits_nonzero(capsys, args, ret_code):
    code, out, err = run_cli(capsys, *args)
    assert code != 0
    env = json.loads(out)
    assert env["ret_code"] == ret_code
    assert env["ret_msg"].split(":")[0] in ("INVALID_PARAM", "INVALID_CODE")
    assert "Traceback" not in out + err


def test_table_in_chinese_and_english(capsys):
    code, out, _ = run_cli(capsys, "fetch", "HK.00700", "US.AAPL", "--lang", "zh")
    assert code == 0
    assert "主力净流入" in out and "超大单净占比" in out and "HKD" in out and "USD" in out
    assert ("亿" in out) or ("万" in out)
    code, out, _ = run_cli(capsys, "fetch", "HK.00700", "--lang", "en", "--units", "kmb")
    assert code == 0
    assert "Main net inflow" in out and "%" in out


@pytest.mark.e2e
def test_console_entry_point_never_prints_traceback(tmp_path):
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    ok = subprocess.run([sys.executable, "-m", "flowdeck", "fetch", "HK.00700", "--json"],
                        capture_output=True, text=True, timeout=60, env=env)
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["data"]["capital_flow_list"][0]["code"] == "HK.00700"
    bad = subprocess.run([sys.executable, "-m", "flowdeck", "fetch", "HK.1234567"],
                         capture_output=True, text=True, timeout=60, env=env)
    assert bad.returncode == 1
    assert "1002" in bad.stderr and "Traceback" not in bad.stderr
