"""The `futu://` source in whole programs against tests/support/fake_opend/: `flowdeck fetch`
and `flowdeck-gateway` as subprocesses (the data they hand out is what the fake served,
stdout stays pure JSON, nothing is written under $HOME), and a Python without futu-api,
where choosing the source says which extra to install instead of a traceback."""

import json
import os
import signal
import subprocess
import sys
import urllib.request

import pytest

from flowdeck.feeds.futu import sdk as futu_sdk
from tests.gateway_proc import GUI, running_gateway

# A test that starts a process, a display server or real sockets and servers: the e2e tier.
pytestmark = pytest.mark.e2e

# Runs `code` with `import futu` failing, as on a machine without the extra.
WITHOUT_FUTU = "import sys; sys.modules['futu'] = None\n"


def python(code: str, home, timeout: float = 60) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": GUI, "HOME": str(home)}
    env.pop("FLOWDECK_HOME", None)
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                          text=True, timeout=timeout)


def flowdeck(*args: str, home, timeout: float = 60) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": GUI, "HOME": str(home),
           "FLOWDECK_HOME": str(home / "fd")}
    return subprocess.run([sys.executable, "-m", "flowdeck", *args], env=env,
                          capture_output=True, text=True, timeout=timeout)


# --- without futu-api ----------------------------------------------------------------------

def test_without_futu_api_the_source_names_the_extra(tmp_path):
    code = WITHOUT_FUTU + (
        "from flowdeck.core.errors import FlowDeckError\n"
        "from flowdeck.feeds.registry import open_feed\n"
        "from flowdeck.feeds.registry import check_source\n"
        "for attempt in (lambda: open_feed('futu://127.0.0.1:11111'),\n"
        "                lambda: check_source('futu://127.0.0.1:11111')):\n"
        "    try:\n"
        "        attempt()\n"
        "    except FlowDeckError as exc:\n"
        "        print(int(exc.code), exc.message)\n")
    out = python(code, tmp_path)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert len(lines) == 2
    for line in lines:
        assert line.startswith("1016 ") and "pip install 'flowdeck[futu]'" in line
        assert "futu-api" in line


def test_without_futu_api_fetch_prints_the_envelope_not_a_traceback(tmp_path):
    code = WITHOUT_FUTU + (
        "from flowdeck.cli.main import main\n"
        "raise SystemExit(main(['fetch', 'HK.00700', '--source', "
        "'futu://127.0.0.1:11111', '--json']))\n")
    out = python(code, tmp_path)
    assert out.returncode == 1 and "Traceback" not in out.stdout + out.stderr
    env = json.loads(out.stdout)
    assert env["ret_code"] == 1016 and "pip install 'flowdeck[futu]'" in env["ret_msg"]


def test_in_a_bundle_without_futu_the_message_names_the_bundle_option(tmp_path):
    code = WITHOUT_FUTU + (
        "sys.frozen = True  # as PyInstaller sets it\n"
        "from flowdeck.cli.main import main\n"
        "raise SystemExit(main(['fetch', 'HK.00700', '--source', "
        "'futu://127.0.0.1:11111', '--json']))\n")
    out = python(code, tmp_path)
    env = json.loads(out.stdout)
    assert env["ret_code"] == 1016 and "pip install" not in env["ret_msg"]
    assert "built without the futu:// source" in env["ret_msg"]
    assert "packaging/build.py --futu" in env["ret_msg"]


# --- with futu-api -------------------------------------------------------------------------

needs_futu = pytest.mark.skipif(not futu_sdk.installed(),
                                reason=f"futu-api is not installed ({futu_sdk.INSTALL_HINT})")


@pytest.fixture
def fake():
    from tests.support.fake_opend import FakeOpenD  # imports futu: only where it is installed
    with FakeOpenD(seed=11) as server:
        yield server


@needs_futu
def test_fetch_json_against_opend(fake, tmp_path):
    out = flowdeck("fetch", "HK.00700", "US.AAPL", "--source", fake.url, "--json",
                   home=tmp_path)
    assert out.returncode == 0, out.stderr
    env = json.loads(out.stdout)  # stdout is the envelope and nothing else (no SDK lines)
    rows = env["data"]["capital_flow_list"]
    assert [r["code"] for r in rows] == ["HK.00700", "US.AAPL"]
    for row in rows:
        day = fake.served[(3212, row["code"])]
        cin, cout = day.cum_in[-1], day.cum_out[-1]
        assert row["update_time"] == day.update_time
        assert row["super_net_inflow"] == pytest.approx(cin[0] - cout[0])
        assert row["large_net_inflow"] == pytest.approx(cin[1] - cout[1])
        assert row["main_net_inflow"] == row["super_net_inflow"] + row["large_net_inflow"]
        assert row["main_net_inflow_ratio"] == pytest.approx(
            row["main_net_inflow"] / (cin.sum() + cout.sum()))
    # The SDK's log folder was not created in $HOME.
    assert not (tmp_path / ".com.futunn.FutuOpenD").exists()


@needs_futu
def test_fetch_with_opend_down_is_a_1016_envelope(tmp_path):
    from tests.gateway_proc import free_port
    out = flowdeck("fetch", "HK.00700", "--source", f"futu://127.0.0.1:{free_port()}",
                   "--json", home=tmp_path)
    assert out.returncode == 1 and "Traceback" not in out.stdout + out.stderr
    env = json.loads(out.stdout)
    assert env["ret_code"] == 1016 and "cannot connect to Futu OpenD" in env["ret_msg"]


@needs_futu
def test_importing_the_sdk_leaves_home_and_ctrl_c_alone(tmp_path):
    code = ("import signal\n"
            "before = signal.getsignal(signal.SIGINT)\n"
            "from flowdeck.feeds.futu.sdk import load_futu\n"
            "futu = load_futu()\n"
            "from futu.common.ft_logger import logger\n"
            "print(signal.getsignal(signal.SIGINT) is before)\n"
            "print(logger.console_logger.handlers == [])\n"
            "print(type(logger.fileHandler).__name__)\n")
    out = python(code, tmp_path)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["True", "True", "_Forward"]
    assert list(tmp_path.iterdir()) == []  # nothing under $HOME
    assert signal.getsignal(signal.SIGINT) is not None


@needs_futu
def test_the_gateway_serves_opend_data(fake, tmp_path):
    codes = ["HK.00700", "SH.600519"]
    with running_gateway(source=fake.url) as gw:
        from flowdeck.api import RET_OK, OpenQuoteContext
        with OpenQuoteContext(port=gw.port) as ctx:
            ret, rows = ctx.get_capital_flow(codes)
        assert ret == RET_OK, rows
        url = f"{gw.url}/v1/capital_detail?stock_list={','.join(codes)}"
        # The token a local script reads from the gateway's token file.
        with urllib.request.urlopen(urllib.request.Request(url, headers=gw.auth),
                                    timeout=30) as resp:
            details = json.load(resp)["data"]["capital_detail_list"]
        with urllib.request.urlopen(urllib.request.Request(f"{gw.url}/v1/health",
                                                           headers=gw.auth),
                                    timeout=10) as resp:
            health = json.load(resp)["data"]
    assert [r["code"] for r in rows] == codes
    assert health["source"].startswith("futu://127.0.0.1:") and not health.get("simulated")
    for row, detail in zip(rows, details, strict=True):
        day = fake.served[(3212, row["code"])]
        flow = fake.served[(3211, row["code"])]
        cin, cout = day.cum_in[-1], day.cum_out[-1]
        assert row["small_net_inflow"] == pytest.approx(cin[3] - cout[3])
        assert row["main_net_inflow"] == row["super_net_inflow"] + row["large_net_inflow"]
        assert detail["turnover"] == pytest.approx(cin.sum() + cout.sum())
        assert detail["minutes"] == list(range(flow.minutes))   # the whole day so far
        main = [a + b for a, b in zip(flow.net[:, 0], flow.net[:, 1], strict=True)]
        assert detail["series"]["main"] == pytest.approx(main, rel=1e-6)
