"""Replies the real gateway cannot be made to send on demand (a source failing for some
codes, a malformed record, a dropped keep-alive), from a canned HTTP peer: both clients
keep the good codes, report the bad ones per code, and keep the asked order."""

import asyncio
import datetime as dt

import pytest

from flowdeck.api import RET_ERROR, RET_OK, AsyncQuoteContext, OpenQuoteContext
from flowdeck.core.envelope import success_envelope
from flowdeck.core.errors import FlowDeckError
from flowdeck.core.records import RECORD_KEYS
from flowdeck.feeds.sim.feed import SimFeed
from tests.support import raw_servers as rs

WED_1030_HK = dt.datetime(2025, 3, 12, 2, 30, tzinfo=dt.UTC)
CODES = ["HK.00700", "US.AAPL", "SZ.300750"]


@pytest.fixture(scope="module")
def records():
    feed = SimFeed("sim", speed=600.0, now=WED_1030_HK)
    batch = asyncio.run(feed.snapshot(CODES))
    return [batch.records[c] for c in CODES]


def both(port, stock_list, **kw):
    """(ret, data, last_errors) from the blocking and the asyncio client."""
    with OpenQuoteContext(port=port, timeout=2, **kw) as ctx:
        ret, data = ctx.get_capital_flow(stock_list)
        sync = ret, data, ctx.last_errors

    async def go():
        async with AsyncQuoteContext(port=port, timeout=2, **kw) as actx:
            ret, data = await actx.get_capital_flow(stock_list)
            return ret, data, actx.last_errors
    return [sync, asyncio.run(go())]


def test_partial_failure_is_ret_ok_with_the_others(records):
    env = success_envelope(records[:2], {"SZ.300750": (1016, "the source timed out")})
    with rs.serving(rs.json_reply(env)) as srv:
        for ret, data, errors in both(srv.port, CODES):
            assert ret == RET_OK
            assert [row["code"] for row in data] == ["HK.00700", "US.AAPL"]
            assert [list(row) for row in data] == [list(RECORD_KEYS)] * 2
            assert data[0] == records[0].to_dict()
            assert errors == {"SZ.300750": (1016, "the source timed out")}


def test_rows_come_back_in_the_order_asked(records):
    env = success_envelope(list(reversed(records)))
    with rs.serving(rs.json_reply(env)) as srv:
        for ret, data, errors in both(srv.port, CODES):
            assert ret == RET_OK and errors == {}
            assert [row["code"] for row in data] == CODES


def test_malformed_record_fails_its_code_only(records):
    env = success_envelope(records)
    env["data"]["capital_flow_list"][1]["large_net_inflow"] = "12k"
    env["data"]["capital_flow_list"][2]["small_net_inflow_ratio"] = float("nan")
    with rs.serving(rs.json_reply(env)) as srv:
        for ret, data, errors in both(srv.port, CODES):
            assert ret == RET_OK
            assert [row["code"] for row in data] == ["HK.00700"]
            assert set(errors) == {"US.AAPL", "SZ.300750"}
            assert all(number == 1016 for number, _ in errors.values())
            assert "large_net_inflow" in errors["US.AAPL"][1]


def test_missing_code_is_reported(records):
    env = success_envelope(records[:1])
    with rs.serving(rs.json_reply(env)) as srv:
        for ret, data, errors in both(srv.port, CODES[:2]):
            assert ret == RET_OK and len(data) == 1
            assert errors["US.AAPL"] == (1016, "the gateway returned no data for this code")


def test_every_code_failing_is_ret_error(records):
    env = success_envelope(records)
    for row in env["data"]["capital_flow_list"]:
        row["main_net_inflow"] = None
    with rs.serving(rs.json_reply(env)) as srv:
        for ret, msg, _ in both(srv.port, CODES):
            assert ret == RET_ERROR
            assert msg.startswith("GET_CAPITAL_FLOW_FAILED: HK.00700: malformed record")


@pytest.mark.parametrize("status, error", [
    ("400 Bad Request", FlowDeckError(1002, "invalid stock code 'HK.X'")),
    ("400 Bad Request", FlowDeckError(1001, "stock_list is empty")),
    ("503 Service Unavailable", FlowDeckError(1016, "the source timed out")),
    ("401 Unauthorized", FlowDeckError(1001, "missing or wrong token")),
])
def test_server_side_errors_keep_their_code_and_message(status, error):
    with rs.serving(rs.json_reply(error.envelope(), status)) as srv:
        for ret, msg, errors in both(srv.port, ["HK.00700"]):
            assert ret == RET_ERROR and errors == {}
            assert msg.startswith(f"{error.code.name}: {error.message}"), msg
            if status.startswith("401"):
                assert "FLOWDECK_TOKEN" in msg


def test_dropped_keep_alive_is_reopened(records):
    """The peer closes after each reply without saying so: the next call finds the
    kept-alive connection dead and must retry on a fresh one, not fail."""
    env = success_envelope(records[:1])
    with rs.serving(rs.json_reply(env, close_after=True)) as srv:
        with OpenQuoteContext(port=srv.port, timeout=2) as ctx:
            results = [ctx.get_capital_flow(["HK.00700"]) for _ in range(3)]

        async def go():
            async with AsyncQuoteContext(port=srv.port, timeout=2) as actx:
                return [await actx.get_capital_flow(["HK.00700"]) for _ in range(3)]
        results += asyncio.run(go())
    assert [ret for ret, _ in results] == [RET_OK] * 6, results
    assert srv.accepted >= 6


def test_keep_alive_is_used(records):
    env = success_envelope(records[:1])
    with rs.serving(rs.json_reply(env)) as srv:
        with OpenQuoteContext(port=srv.port, timeout=2) as ctx:
            for _ in range(5):
                assert ctx.get_capital_flow(["HK.00700"])[0] == RET_OK
    assert srv.accepted == 1


def test_close_is_idempotent_and_final(records):
    with rs.serving(rs.json_reply(success_envelope(records[:1]))) as srv:
        ctx = OpenQuoteContext(port=srv.port, timeout=2)
        assert ctx.get_capital_flow(["HK.00700"])[0] == RET_OK
        ctx.close()
        ctx.close()
        ret, msg = ctx.get_capital_flow(["HK.00700"])
        assert ret == RET_ERROR and "closed" in msg

        async def go():
            actx = AsyncQuoteContext(port=srv.port, timeout=2)
            assert (await actx.get_capital_flow(["HK.00700"]))[0] == RET_OK
            await actx.close()
            await actx.close()
            return await actx.get_capital_flow(["HK.00700"])
        ret, msg = asyncio.run(go())
        assert ret == RET_ERROR and "closed" in msg
