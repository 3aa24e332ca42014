"""Whatever is at the other end, the client answers (RET_ERROR, 'GET_CAPITAL_FLOW_FAILED:
...') with a message that says what to do: never a traceback, never a hang. The same for
the blocking client, the asyncio client and a one-shot stream subscription."""

import asyncio
import time

import pytest

from flowdeck.api import RET_ERROR, AsyncQuoteContext, OpenQuoteContext
from flowdeck.core.errors import FlowDeckError
from tests.gateway_proc import free_port
from tests.support import raw_servers as rs

# A fault drill: real peers on real sockets that close, stall or speak another protocol.
pytestmark = pytest.mark.e2e

TIMEOUT = 0.5
PREFIX = "GET_CAPITAL_FLOW_FAILED: "


def call_sync(port: int) -> tuple[int, str]:
    with OpenQuoteContext(port=port, timeout=TIMEOUT) as ctx:
        return ctx.get_capital_flow(["HK.00700"])


def call_async(port: int) -> tuple[int, str]:
    async def go():
        async with AsyncQuoteContext(port=port, timeout=TIMEOUT) as ctx:
            return await ctx.get_capital_flow(["HK.00700"])
    return asyncio.run(go())


def call_async_detail(port: int) -> tuple[int, str]:
    async def go():
        async with AsyncQuoteContext(port=port, timeout=TIMEOUT) as ctx:
            return await ctx.get_capital_detail(["HK.00700"])
    return asyncio.run(go())


def call_stream(port: int) -> tuple[int, str]:
    async def go():
        async with AsyncQuoteContext(port=port, timeout=TIMEOUT) as ctx:
            sub = ctx.subscribe(["HK.00700"], reconnect=False)
            try:
                await anext(sub)
            except FlowDeckError as exc:
                return RET_ERROR, str(exc)
            return 0, "a batch?"
    return asyncio.run(go())


CLIENTS = {"sync": call_sync, "async": call_async, "async-detail": call_async_detail,
           "stream": call_stream}
PEERS = {
    "futu-opend": (rs.futu_opend, ["looks like Futu OpenD", "flowdeck-gateway",
                                   "--source futu://"]),
    "closes-at-once": (rs.close_at_once, ["not a FlowDeck gateway", "closed the connection"]),
    "never-answers": (rs.never_answer, [f"did not answer within {TIMEOUT:g} s"]),
    "ssh-banner": (rs.ssh_banner, ["not a FlowDeck gateway", "not HTTP"]),
    "html-404": (rs.http_reply("404 Not Found", "text/html", b"<h1>nope</h1>"),
                 ["not a FlowDeck gateway"]),
    "json-not-envelope": (rs.json_reply({"hello": "world"}), ["not a FlowDeck gateway"]),
}


@pytest.mark.timeout(20)
@pytest.mark.parametrize("client", CLIENTS)
@pytest.mark.parametrize("peer", PEERS)
def test_non_gateway_peer_gets_a_clear_1016(client, peer):
    handler, words = PEERS[peer]
    with rs.serving(handler) as server:
        started = time.monotonic()
        ret, msg = CLIENTS[client](server.port)
        elapsed = time.monotonic() - started
    assert ret == RET_ERROR
    assert msg.startswith(PREFIX), msg
    for word in words:
        assert word in msg, msg
    assert "Traceback" not in msg
    assert elapsed < 4 * TIMEOUT + 2, f"took {elapsed:.1f} s"


@pytest.mark.parametrize("client", CLIENTS)
def test_nothing_listening_says_how_to_start_a_gateway(client):
    port = free_port()
    ret, msg = CLIENTS[client](port)
    assert ret == RET_ERROR and msg.startswith(PREFIX)
    assert f"no FlowDeck gateway is running at 127.0.0.1:{port}" in msg
    assert "flowdeck-gateway" in msg


def test_unresolvable_host_is_a_1016():
    with OpenQuoteContext(host="no-such-host.invalid", port=11111, timeout=TIMEOUT) as ctx:
        ret, msg = ctx.get_capital_flow(["HK.00700"])
    assert ret == RET_ERROR and msg.startswith(PREFIX + "cannot reach")


def test_a_silent_close_on_opends_default_port_hints_at_opend():
    from flowdeck.api.peers import closed_without_answer
    msg = str(closed_without_answer("127.0.0.1", 11111))
    assert "Futu OpenD's default port" in msg and "--source futu://127.0.0.1:11111" in msg
    assert "OpenD" not in str(closed_without_answer("127.0.0.1", 12345))
