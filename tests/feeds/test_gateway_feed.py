"""The `gateway://host:port` source against a real flowdeck-gateway: URL checks, the
snapshot, live updates with their connection state, `flowdeck fetch` through it, and a
gateway that serves another gateway.

pytest-asyncio is not used: each test runs its own loop with asyncio.run."""

import asyncio
import json
import os
import subprocess
import sys
import tempfile

import pytest

from flowdeck.api import RET_OK, OpenQuoteContext
from flowdeck.cli.main import main as cli_main
from flowdeck.core.errors import ErrorCode, FlowDeckError
from flowdeck.core.records import RECORD_KEYS
from flowdeck.feeds.base import Feed
from flowdeck.feeds.gateway import GatewayFeed, parse_gateway_url
from flowdeck.feeds.registry import open_feed, split_source
from tests.gateway_proc import GUI, free_port, running_gateway

# A test that starts a process, a display server or real sockets and servers: the e2e tier.
pytestmark = pytest.mark.e2e

CODES = ["HK.00700", "US.AAPL", "SH.600519"]
TOKEN = "feed-token"


@pytest.fixture(scope="module")
def gateway():
    with running_gateway() as gw:
        yield gw


def parse(url: str) -> dict:
    _, _, options = split_source(url)
    return parse_gateway_url(url, options)


def test_open_feed_knows_the_gateway_scheme():
    feed = open_feed(f"gateway://127.0.0.1:{free_port()}?token=secret&timeout=2.5")
    assert isinstance(feed, GatewayFeed) and isinstance(feed, Feed)
    assert "secret" not in feed.name and feed.name.startswith("gateway://127.0.0.1:")
    assert feed.context.timeout == 2.5 and feed.simulated is False


@pytest.mark.parametrize("url, want", [
    ("gateway://127.0.0.1:11111", {"host": "127.0.0.1", "port": 11111, "token": None}),
    ("gateway://desk-7:9000?token=T", {"host": "desk-7", "port": 9000, "token": "T"}),
    ("gateway://[::1]:9000/", {"host": "::1", "port": 9000, "token": None}),
    ("gateway://h:1?timeout=3", {"host": "h", "port": 1, "token": None, "timeout": 3.0}),
])
def test_good_urls(url, want):
    assert parse(url) == want


@pytest.mark.parametrize("url, word", [
    ("gateway://127.0.0.1", "no port"),
    ("gateway://127.0.0.1:", "no port"),
    ("gateway://127.0.0.1:http", "bad port"),
    ("gateway://127.0.0.1:70000", "bad port"),
    ("gateway://127.0.0.1:0", "bad port"),
    ("gateway://:11111", "no host"),
    ("gateway://127.0.0.1:11111/v1", "unexpected path"),
    ("gateway://127.0.0.1:11111?tokn=x", "unknown option 'tokn'"),
    ("gateway://127.0.0.1:11111?timeout=-1", "timeout"),
    ("gateway://127.0.0.1:11111?timeout=soon", "timeout"),
])
def test_bad_urls_are_invalid_param(url, word):
    with pytest.raises(FlowDeckError) as err:
        open_feed(url)
    assert err.value.code is ErrorCode.INVALID_PARAM
    assert word in err.value.message and "gateway" in err.value.message


def test_bad_url_never_shows_the_token():
    with pytest.raises(FlowDeckError) as err:
        open_feed("gateway://127.0.0.1:x?token=hush")
    assert "hush" not in str(err.value)


def test_snapshot(gateway):
    async def go():
        async with open_feed(f"gateway://127.0.0.1:{gateway.port}") as feed:
            return await feed.snapshot(["700", *CODES[1:]])
    with pytest.raises(FlowDeckError) as err:
        asyncio.run(go())
    assert err.value.code is ErrorCode.INVALID_CODE  # bare symbol, no market: local check

    async def good():
        async with open_feed(f"gateway://127.0.0.1:{gateway.port}") as feed:
            assert feed.simulated is False  # not known before the first snapshot
            return await feed.snapshot(CODES), feed.simulated
    batch, simulated = asyncio.run(good())
    assert simulated is True  # the test gateway serves the simulator
    assert batch.snapshot and set(batch.records) == set(CODES) and batch.errors == {}
    assert set(batch.details) == set(CODES)
    assert set(batch.points.codes) == set(CODES)
    assert set(batch.markets) == {"HK", "US", "SH"}


def test_updates_and_connection_state(gateway):
    async def go():
        feed = GatewayFeed("127.0.0.1", gateway.port)
        states = []
        feed.on_state = lambda s: states.append(str(s))
        batches = []
        async for batch in feed.updates(CODES):
            batches.append(batch)
            if len(batches) == 4:
                await feed.aclose()
        return batches, states, feed.state.state
    batches, states, final = asyncio.run(asyncio.wait_for(go(), 20))
    assert batches[0].snapshot and set(batches[0].records) == set(CODES)
    assert not any(b.snapshot for b in batches[1:])
    assert all(set(b.records) <= set(CODES) for b in batches)
    assert states[:2] == ["connecting", "live"] and final == "closed"


def test_closed_feed_refuses(gateway):
    async def go():
        feed = GatewayFeed("127.0.0.1", gateway.port)
        await feed.aclose()
        await feed.snapshot(CODES)
    with pytest.raises(FlowDeckError) as err:
        asyncio.run(go())
    assert err.value.code is ErrorCode.GET_CAPITAL_FLOW_FAILED and "closed" in err.value.message


def test_no_gateway_is_a_clear_1016():
    port = free_port()

    async def go():
        async with open_feed(f"gateway://127.0.0.1:{port}") as feed:
            await feed.snapshot(CODES)
    with pytest.raises(FlowDeckError) as err:
        asyncio.run(go())
    assert err.value.code is ErrorCode.GET_CAPITAL_FLOW_FAILED
    assert f"no FlowDeck gateway is running at 127.0.0.1:{port}" in err.value.message


def test_fetch_through_the_gateway(gateway, capsys):
    code = cli_main(["fetch", "HK.00700", "US.AAPL", "--source",
                     f"gateway://127.0.0.1:{gateway.port}", "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    env = json.loads(out)
    assert env["ret_code"] == 0 and env["ret_msg"] == "SUCCESS"
    rows = env["data"]["capital_flow_list"]
    assert [r["code"] for r in rows] == ["HK.00700", "US.AAPL"]
    assert [list(r) for r in rows] == [list(RECORD_KEYS)] * 2


def test_fetch_command_line_with_a_token():
    env = {**os.environ, "PYTHONPATH": GUI}
    env.pop("FLOWDECK_TOKEN", None)
    with running_gateway(token=TOKEN) as gw:
        def fetch(url):
            return subprocess.run([sys.executable, "-m", "flowdeck", "fetch", "HK.00700",
                                   "--source", url, "--json"], env=env, capture_output=True,
                                  text=True, timeout=30)
        good = fetch(f"gateway://127.0.0.1:{gw.port}?token={TOKEN}")
        # The user who started the gateway needs no token typed: fetch reads its file.
        found = fetch(f"gateway://127.0.0.1:{gw.port}")
        # Another user (another home: no token file of this gateway) is refused.
        with tempfile.TemporaryDirectory() as other_home:
            env["FLOWDECK_HOME"] = other_home
            bad = fetch(f"gateway://127.0.0.1:{gw.port}")
    for ok in (good, found):
        assert ok.returncode == 0, ok.stderr
        assert json.loads(ok.stdout)["data"]["capital_flow_list"][0]["code"] == "HK.00700"
    assert bad.returncode == 1 and "Traceback" not in bad.stderr
    assert json.loads(bad.stdout)["ret_code"] == 1001
    assert "FLOWDECK_TOKEN" in json.loads(bad.stdout)["ret_msg"]


def test_a_gateway_can_serve_another_gateway(gateway):
    with running_gateway(source=f"gateway://127.0.0.1:{gateway.port}") as downstream:
        with OpenQuoteContext(port=downstream.port) as ctx:
            ret, rows = ctx.get_capital_flow(CODES)
    assert ret == RET_OK, rows
    assert [r["code"] for r in rows] == CODES
