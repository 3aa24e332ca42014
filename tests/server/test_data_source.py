"""The gateway's answers say whose numbers they carry, in `data.source` beside the spec's
list (never in a record's 14 keys): /v1/capital_flow, /v1/capital_detail, /v1/quote,
the /v1/stream snapshot, and /v1/health's `origin`; a gateway:// source over it learns
that origin, so a desk's window labels East Money's numbers as theirs (README: East
Money). A real in-process gateway on a free loopback port."""

from __future__ import annotations

from flowdeck.core.records import RECORD_KEYS
from flowdeck.feeds.base import TellsOrigin
from flowdeck.feeds.gateway import GatewayFeed, upstream_origin
from flowdeck.feeds.origin import origin_of
from tests.support.server_fakes import SERVED_TOKEN, FakeFeed, run, served

CODES = "SH.600519,SZ.000001"


def east_money_named() -> FakeFeed:
    """Numbers as East Money's: what the source's URL says, whoever computed them."""
    return FakeFeed(name="eastmoney://127.0.0.1:9?tls=0")


def test_http_answers_name_their_source_outside_the_records():
    async def main():
        async with served(east_money_named()) as client:
            for path, key in (("/v1/capital_flow", "capital_flow_list"),
                              ("/v1/capital_detail", "capital_detail_list")):
                got = await (await client.get(path, params={"stock_list": CODES})).json()
                assert got["ret_code"] == 0, got
                assert got["data"]["source"] == "eastmoney"
                assert list(got["data"]) == [key, "source"]
            got = await (await client.get("/v1/capital_flow",
                                          params={"stock_list": CODES})).json()
            assert all(tuple(r) == RECORD_KEYS for r in got["data"]["capital_flow_list"])
            health = await (await client.get("/v1/health")).json()
            assert health["data"]["origin"] == "eastmoney"
    run(main())


def test_the_stream_snapshot_names_its_source():
    async def main():
        async with served(FakeFeed(name="sim?speed=20")) as client:
            ws = await client.ws_connect("/v1/stream")
            await ws.send_json({"op": "subscribe", "stock_list": ["HK.00700"]})
            msg = await ws.receive_json(timeout=10)
            assert msg["type"] == "batch" and msg["snapshot"] is True
            assert msg["source"] == "sim"
            await ws.close()
    run(main())


def test_a_gateway_source_relays_its_upstreams_origin():
    async def main():
        async with served(east_money_named()) as client:
            feed = GatewayFeed("127.0.0.1", client.server.port, token=SERVED_TOKEN)
            assert isinstance(feed, TellsOrigin)
            assert origin_of(feed) == "gateway"     # not known before it connected
            await feed.snapshot(["SH.600519"])
            assert origin_of(feed) == "eastmoney" and not feed.simulated
            await feed.aclose()
    run(main())


def test_an_older_upstream_without_origin_is_known_by_its_source():
    assert upstream_origin({"source": "eastmoney://"}) == "eastmoney"
    assert upstream_origin({"source": "sim?speed=20", "origin": ""}) == "sim"
    assert upstream_origin({"origin": "futu"}) == "futu"
    assert upstream_origin({"source": ""}) == ""
