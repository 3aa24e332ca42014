"""flowdeck-gateway on `eastmoney://HOST:PORT?tls=0` against the fake East Money
(tests/support/fake_eastmoney/: ulist.np/get and fflow/kline/get in the shapes akshare's
stock/stock_fund_em.py and efinance's common/getter.py read): the spec's envelope with
East Money's numbers and `data.source` "eastmoney", an HK code's own 1016, the stream's
snapshot, a gateway:// source downstream that knows whose numbers it relays; and the
gateway as a process, keeping an answer of an unexpected shape in its data folder for
a bug report, as the window does."""

from __future__ import annotations

import json
import urllib.request

import pytest

from flowdeck.core.records import RECORD_KEYS
from flowdeck.feeds.eastmoney.fields import ULIST_PATH
from flowdeck.feeds.eastmoney.minutes import FFLOW_PATH
from flowdeck.feeds.gateway import GatewayFeed
from flowdeck.feeds.origin import origin_of
from flowdeck.feeds.registry import open_feed
from tests.gateway_proc import running_gateway
from tests.support.fake_eastmoney.minutes import FakeMinutes
from tests.support.fake_eastmoney.quotes import MISSING, FakeQuotes, tiers
from tests.support.fake_eastmoney.server import FakeEastMoney
from tests.support.fake_eastmoney.threaded import threaded_fake
from tests.support.server_fakes import SERVED_TOKEN, run, served

CODES = ["SH.600519", "SZ.000001", "HK.00700"]


def published(secid: str) -> dict[str, float]:
    sup, large, medium, small = tiers(secid, 0)
    return {"super_net_inflow": sup, "large_net_inflow": large,
            "medium_net_inflow": medium, "small_net_inflow": small,
            "main_net_inflow": sup + large, "retail_net_inflow": medium + small}


def check_flow(got: dict) -> None:
    assert got["ret_code"] == 0, got
    data = got["data"]
    assert data["source"] == "eastmoney"
    rows = {r["code"]: r for r in data["capital_flow_list"]}
    assert list(rows) == ["SH.600519", "SZ.000001"]
    assert all(tuple(r) == RECORD_KEYS for r in rows.values())
    for key, value in published("1.600519").items():
        assert rows["SH.600519"][key] == value, key
    [hk] = data["errors"]
    assert hk["code"] == "HK.00700" and hk["ret_code"] == 1016 and "futu://" in hk["ret_msg"]


def test_the_gateway_serves_east_moneys_numbers_as_theirs():
    async def main():
        async with FakeEastMoney() as fake:
            fake.route(ULIST_PATH, FakeQuotes().answer)
            fake.route(FFLOW_PATH, FakeMinutes().answer)
            async with served(open_feed(fake.source + "&rate=20")) as client:
                got = await (await client.get("/v1/capital_flow",
                                              params={"stock_list": ",".join(CODES)})).json()
                check_flow(got)
                health = await (await client.get("/v1/health")).json()
                assert health["data"]["origin"] == "eastmoney"
                assert health["data"]["simulated"] is False
                ws = await client.ws_connect("/v1/stream")
                await ws.send_json({"op": "subscribe", "stock_list": ["SH.600519"]})
                snap = await ws.receive_json(timeout=10)
                assert snap["snapshot"] is True and snap["source"] == "eastmoney"
                assert [r["code"] for r in snap["records"]] == ["SH.600519"]
                await ws.close()
                downstream = GatewayFeed("127.0.0.1", client.server.port, token=SERVED_TOKEN)
                batch = await downstream.snapshot(["SZ.000001"])
                assert origin_of(downstream) == "eastmoney" and not downstream.simulated
                assert batch.records["SZ.000001"].super_net_inflow == \
                    published("0.000001")["super_net_inflow"]
                await downstream.aclose()
            assert fake.counts[ULIST_PATH] >= 1
    run(main())


@pytest.mark.e2e
def test_the_gateway_process_on_eastmoney(flowdeck_home):
    quotes = FakeQuotes()
    quotes.override["0.000002"] = {"f66": MISSING}
    with threaded_fake(quotes) as fake, \
            running_gateway(source=fake.source + "&rate=20") as gw:
        request = urllib.request.Request(
            f"{gw.url}/v1/capital_flow?stock_list={','.join(CODES)}", headers=gw.auth)
        with urllib.request.urlopen(request, timeout=30) as answer:
            check_flow(json.loads(answer.read()))
        request = urllib.request.Request(
            f"{gw.url}/v1/capital_flow?stock_list=SZ.000002,SH.600519", headers=gw.auth)
        with urllib.request.urlopen(request, timeout=30) as answer:
            [error] = json.loads(answer.read())["data"]["errors"]
    assert error["code"] == "SZ.000002" and "f66" in error["ret_msg"]
    kept = list((flowdeck_home / "state" / "eastmoney-answers").glob("*.txt"))
    assert kept and any('"f12": "000002"' in k.read_text() for k in kept)
