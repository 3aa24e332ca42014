"""Both clients against a real flowdeck-gateway: the spec's envelope and key order, the
detail call, every error code from the client's view (the gateway's own 1001/1002/1016
too), tokens, and the blocking client called from inside a running event loop."""

import asyncio
import json
import urllib.request

import numpy as np
import pytest

from flowdeck.api import (
    RET_ERROR,
    RET_OK,
    AsyncQuoteContext,
    OpenQuoteContext,
    async_context,
    sync_context,
)
from flowdeck.core.errors import ErrorCode, FlowDeckError
from flowdeck.core.records import RECORD_KEYS, CapitalFlowDetail
from tests.api.conftest import TOKEN
from tests.gateway_proc import free_port, running_gateway

# A test that starts a process, a display server or real sockets and servers: the e2e tier.
pytestmark = pytest.mark.e2e

CODES = ["HK.00700", "US.AAPL", "SH.600519", "SZ.000001", "US.BRK.B"]


def sync_flow(port, stock_list, market=None, **kw):
    with OpenQuoteContext(port=port, **kw) as ctx:
        ret, data = ctx.get_capital_flow(stock_list, market)
        return ret, data, ctx.last_errors


def async_flow(port, stock_list, market=None, **kw):
    async def go():
        async with AsyncQuoteContext(port=port, **kw) as ctx:
            ret, data = await ctx.get_capital_flow(stock_list, market)
            return ret, data, ctx.last_errors
    return asyncio.run(go())


BOTH = pytest.mark.parametrize("flow", [sync_flow, async_flow], ids=["sync", "async"])


def check_rows(rows, codes):
    assert [r["code"] for r in rows] == codes
    for r in rows:
        assert list(r) == list(RECORD_KEYS)
        assert r["main_net_inflow"] == r["super_net_inflow"] + r["large_net_inflow"]
        assert r["retail_net_inflow"] == r["medium_net_inflow"] + r["small_net_inflow"]
        assert all(-1 <= r[k] <= 1 for k in RECORD_KEYS if k.endswith("_ratio"))
        assert isinstance(r["update_time"], str) and len(r["update_time"]) == 19


@BOTH
def test_capital_flow_in_the_spec_shape(gateway, flow):
    ret, rows, errors = flow(gateway.port, CODES)
    assert ret == RET_OK and errors == {}
    check_rows(rows, CODES)


@BOTH
def test_market_prefixes_bare_symbols_and_duplicates_go(gateway, flow):
    ret, rows, _ = flow(gateway.port, ["700", "HK.00700", "9988"], "HK")
    assert ret == RET_OK
    check_rows(rows, ["HK.00700", "HK.09988"])


def test_gateway_envelope_on_the_wire(gateway):
    """What the client parses: the spec's envelope, keys in the spec's order, by GET."""
    url = f"{gateway.url}/v1/capital_flow?stock_list=00700,09988&market=HK"
    req = urllib.request.Request(url, headers=gateway.auth)
    with urllib.request.urlopen(req, timeout=10) as resp:
        env = json.loads(resp.read())
    assert list(env) == ["ret_code", "ret_msg", "data"]
    assert env["ret_code"] == 0 and env["ret_msg"] == "SUCCESS"
    rows = env["data"]["capital_flow_list"]
    assert [list(r) for r in rows] == [list(RECORD_KEYS)] * 2


def test_capital_detail(gateway):
    async def go():
        async with AsyncQuoteContext(port=gateway.port) as ctx:
            return await ctx.get_capital_detail(["HK.00700", "US.AAPL"])
    ret, rows = asyncio.run(go())
    assert ret == RET_OK
    assert [r["code"] for r in rows] == ["HK.00700", "US.AAPL"]
    for row in rows:
        assert isinstance(row["detail"], CapitalFlowDetail)
        assert row["detail"].code == row["code"] and row["detail"].turnover > 0
        minutes, values = row["minutes"], row["values"]
        assert minutes.dtype == np.int32 and values.dtype == np.float64
        assert values.shape == (len(minutes), 6) and len(minutes) > 0
        assert (np.diff(minutes) > 0).all()
    with OpenQuoteContext(port=gateway.port) as ctx:
        ret, sync_rows = ctx.get_capital_detail(["HK.00700"])
    assert ret == RET_OK and sync_rows[0]["detail"].code == "HK.00700"


def test_concurrent_async_calls(gateway):
    async def go():
        async with AsyncQuoteContext(port=gateway.port) as ctx:
            return await asyncio.gather(*(ctx.get_capital_flow([c]) for c in CODES))
    results = asyncio.run(go())
    assert [ret for ret, _ in results] == [RET_OK] * len(CODES)
    assert [rows[0]["code"] for _, rows in results] == CODES


# --- errors the gateway itself answers -------------------------------------------------

@pytest.fixture
def unchecked(monkeypatch):
    """The clients' own checks disabled, so that the gateway's checks answer."""
    def passthrough(stock_list, market=None):
        return list(stock_list)
    monkeypatch.setattr(sync_context, "parse_stock_list", passthrough)
    monkeypatch.setattr(async_context, "parse_stock_list", passthrough)


@BOTH
def test_gateway_1001_when_local_checks_are_bypassed(gateway, flow, unchecked):
    ret, msg, _ = flow(gateway.port, [f"HK.{i:05d}" for i in range(501)])
    assert ret == RET_ERROR and msg.startswith("INVALID_PARAM: ") and "500" in msg, msg


@BOTH
def test_gateway_1002_when_local_checks_are_bypassed(gateway, flow, unchecked):
    ret, msg, _ = flow(gateway.port, ["HK.00700", "HK.ABC"])
    assert ret == RET_ERROR and msg.startswith("INVALID_CODE: ") and "HK.ABC" in msg, msg


@BOTH
def test_gateway_1016_beyond_its_capacity(flow):
    with running_gateway(extra=["--max-codes", "2"]) as gw:
        # Only the code that does not fit fails (1016 in last_errors), not the request.
        ret, rows, errors = flow(gw.port, CODES[:3])
        assert ret == RET_OK and [r["code"] for r in rows] == CODES[:2], rows
        assert list(errors) == [CODES[2]] and errors[CODES[2]][0] == 1016
        assert "at most 2" in errors[CODES[2]][1]
        # A request of new codes only, all beyond the cap: one 1016 naming them.
        ret, msg, _ = flow(gw.port, CODES[3:])
    assert ret == RET_ERROR and msg.startswith("GET_CAPITAL_FLOW_FAILED: "), msg
    assert msg.count("GET_CAPITAL_FLOW_FAILED") == 1, msg  # the name once, not nested


@BOTH
def test_gateway_1016_when_its_source_fails(flow):
    """A gateway whose own source is a dead upstream gateway answers 1016."""
    with running_gateway(source=f"gateway://127.0.0.1:{free_port()}") as gw:
        ret, msg, _ = flow(gw.port, ["HK.00700"])
    assert ret == RET_ERROR and msg.startswith("GET_CAPITAL_FLOW_FAILED: "), msg


def test_stream_rejection_ends_the_subscription(gateway, unchecked):

    async def go():
        async with AsyncQuoteContext(port=gateway.port) as ctx:
            sub = ctx.subscribe(["HK.ABC"])
            with pytest.raises(FlowDeckError) as err:
                await asyncio.wait_for(anext(sub), 10)
            return err.value, sub.state.state
    error, state = asyncio.run(go())
    assert error.code is ErrorCode.INVALID_CODE and "HK.ABC" in error.message
    assert state == "closed"


# --- tokens -----------------------------------------------------------------------------

@BOTH
@pytest.mark.parametrize("token", [TOKEN, "wrong", None])
def test_token(token_gateway, flow, token, monkeypatch, tmp_path):
    monkeypatch.delenv("FLOWDECK_TOKEN", raising=False)
    # As another user: the gateway's token file is not in this client's folder.
    monkeypatch.setenv("FLOWDECK_HOME", str(tmp_path))
    ret, data, _ = flow(token_gateway.port, ["HK.00700"], token=token)
    if token == TOKEN:
        assert ret == RET_OK and data[0]["code"] == "HK.00700"
    else:
        assert ret == RET_ERROR and data.startswith("INVALID_PARAM: "), data
        assert "FLOWDECK_TOKEN" in data


@BOTH
def test_token_defaults_to_the_environment(token_gateway, flow, monkeypatch):
    monkeypatch.setenv("FLOWDECK_TOKEN", TOKEN)
    assert flow(token_gateway.port, ["HK.00700"])[0] == RET_OK
    # An explicit empty token means none, whatever the environment says.
    assert flow(token_gateway.port, ["HK.00700"], token="")[0] == RET_ERROR


@pytest.mark.parametrize("token", [TOKEN, "wrong"])
def test_stream_token(token_gateway, token, monkeypatch):
    monkeypatch.delenv("FLOWDECK_TOKEN", raising=False)

    async def go():
        async with AsyncQuoteContext(port=token_gateway.port, token=token) as ctx:
            sub = ctx.subscribe(["HK.00700"])  # reconnecting: a wrong token must still end it
            try:
                return await asyncio.wait_for(anext(sub), 10)
            except FlowDeckError as exc:
                return exc
    got = asyncio.run(go())
    if token == TOKEN:
        assert got.snapshot and set(got.records) == {"HK.00700"}
    else:
        assert isinstance(got, FlowDeckError) and got.code is ErrorCode.INVALID_PARAM
        assert "token" in got.message


# --- the blocking client inside a running loop -------------------------------------------

def test_sync_client_inside_a_running_event_loop(gateway):
    """As in Jupyter or a qasync window: called from a coroutine, it neither needs nor
    disturbs the running loop."""
    async def main():
        ticks = 0

        async def ticker():
            nonlocal ticks
            while True:
                ticks += 1
                await asyncio.sleep(0.001)
        task = asyncio.create_task(ticker())
        await asyncio.sleep(0.01)
        loop = asyncio.get_running_loop()
        with OpenQuoteContext(port=gateway.port) as ctx:
            first = ctx.get_capital_flow(["HK.00700"])
            second = ctx.get_capital_flow(["US.AAPL"])
        before = ticks
        await asyncio.sleep(0.02)
        task.cancel()
        return first, second, asyncio.get_running_loop() is loop, ticks > before
    first, second, same_loop, loop_alive = asyncio.run(main())
    assert first[0] == RET_OK and second[0] == RET_OK
    assert same_loop and loop_alive


def test_sync_client_from_a_thread_while_a_loop_runs(gateway):
    async def main():
        with OpenQuoteContext(port=gateway.port) as ctx:
            return await asyncio.gather(*(asyncio.to_thread(ctx.get_capital_flow, [c])
                                          for c in CODES))
    results = asyncio.run(main())
    assert [rows[0]["code"] for _, rows in results] == CODES


def test_health(gateway, token_gateway):
    async def go(port, token=None):
        async with AsyncQuoteContext(port=port, token=token) as ctx:
            return await ctx.get_health()
    ret, data = asyncio.run(go(gateway.port))
    assert ret == RET_OK and data["source"].startswith("sim") and "uptime_s" in data
    ret, msg = asyncio.run(go(token_gateway.port, "wrong"))
    assert ret == RET_ERROR and msg.startswith("INVALID_PARAM: ") and "FLOWDECK_TOKEN" in msg
    assert asyncio.run(go(token_gateway.port, TOKEN))[0] == RET_OK


def test_the_blocking_context_quotes_names_and_prices_like_the_async_one(gateway):
    with OpenQuoteContext(port=gateway.port) as ctx:
        ret, rows = ctx.get_quote(["HK.00700", "US.AAPL"])
        assert ret == RET_OK and [r["code"] for r in rows] == ["HK.00700", "US.AAPL"]
        assert rows[0]["name_zh"] == "腾讯控股" and rows[1]["name_en"] == "Apple"
        assert all(r["last"] > 0 and r["prev_close"] > 0 for r in rows)
        ret, message = ctx.get_quote(["HK.BAD!"])
        assert ret == RET_ERROR and "HK.BAD!" in message

    async def go():
        async with AsyncQuoteContext(port=gateway.port) as ctx:
            return await ctx.get_quote(["HK.00700", "US.AAPL"])
    ret, async_rows = asyncio.run(go())
    assert [r["name"] for r in async_rows] == [r["name"] for r in rows]
