"""Bad requests are answered by the client itself, 1001/1002 as the spec says, without a
single connection to the gateway."""

import asyncio

import pytest

from flowdeck.api import RET_ERROR, AsyncQuoteContext, OpenQuoteContext
from flowdeck.core.errors import ErrorCode, FlowDeckError
from tests.support import raw_servers as rs

P, C = "INVALID_PARAM: ", "INVALID_CODE: "
CASES = [
    ("HK.00700", None, P, "must be a list"),
    (None, None, P, "must be a list"),
    (42, None, P, "must be a list"),
    ([], None, P, "empty"),
    ([f"HK.{i:05d}" for i in range(501)], None, P, "at most 500"),
    (["00700"], "JP", P, "unknown market"),
    (["HK.00700"], "US", P, "not in market US"),
    (["HK.ABC"], None, C, "'HK.ABC'"),
    (["nonsense"], None, C, "'nonsense'"),
    (["HK.00700", "SH.12345"], None, C, "SH symbols are exactly 6 digits"),
    (["HK.00700", 700], None, C, "700"),
    (["00700"], None, C, "MARKET.SYMBOL"),
]
IDS = [f"{c[2][:-2]}-{c[3]}" for c in CASES]


@pytest.fixture(scope="module")
def server():
    # Any connection at all would be counted: a bad request must never reach it.
    with rs.serving(rs.never_answer) as srv:
        yield srv


@pytest.mark.parametrize("stock_list, market, prefix, word", CASES, ids=IDS)
def test_sync_client_rejects_locally(server, stock_list, market, prefix, word):
    with OpenQuoteContext(port=server.port, timeout=0.5) as ctx:
        ret, msg = ctx.get_capital_flow(stock_list, market)
    assert ret == RET_ERROR
    assert msg.startswith(prefix) and word in msg, msg
    assert server.accepted == 0


@pytest.mark.parametrize("stock_list, market, prefix, word", CASES, ids=IDS)
def test_async_client_rejects_locally(server, stock_list, market, prefix, word):
    async def go():
        async with AsyncQuoteContext(port=server.port, timeout=0.5) as ctx:
            flow = await ctx.get_capital_flow(stock_list, market)
            detail = await ctx.get_capital_detail(stock_list, market)
            with pytest.raises(FlowDeckError) as err:
                ctx.subscribe(stock_list, market)
            return flow, detail, err.value
    flow, detail, error = asyncio.run(go())
    for ret, msg in (flow, detail):
        assert ret == RET_ERROR
        assert msg.startswith(prefix) and word in msg, msg
    assert error.code is (ErrorCode.INVALID_PARAM if prefix == P else ErrorCode.INVALID_CODE)
    assert server.accepted == 0


def test_market_prefixes_bare_symbols_before_sending():
    seen = []

    def handler(conn, stopping):
        # One recv() may return the headers without the body under load: read the
        # whole request (headers, then Content-Length bytes) before answering.
        data = b""
        conn.settimeout(2.0)
        while b"\r\n\r\n" not in data or len(data.split(b"\r\n\r\n", 1)[1]) < _length(data):
            chunk = conn.recv(65536)
            if not chunk:
                break
            data += chunk
        seen.append(data)
        rs.close_at_once(conn, stopping)

    with rs.serving(handler) as srv, OpenQuoteContext(port=srv.port, timeout=0.5) as ctx:
        ctx.get_capital_flow(["700", "hk.9988", "00700"], market="hk")
    assert b'{"stock_list": ["HK.00700", "HK.09988"]}' in seen[0]


def _length(request: bytes) -> int:
    head = request.split(b"\r\n\r\n", 1)[0].lower()
    for line in head.split(b"\r\n"):
        if line.startswith(b"content-length:"):
            return int(line.split(b":", 1)[1])
    return 0
