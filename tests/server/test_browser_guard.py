"""What a web page in a browser could send to the loopback gateway is refused, before
the token is looked at and before any code is parsed: a foreign Host (DNS rebinding,
421), an Origin not allowed (403, the WebSocket upgrade too), `Sec-Fetch-Site:
cross-site` (403), a POST that is not JSON (415). Nothing refused makes the gateway
follow a code, and no answer carries a CORS header."""

from __future__ import annotations

import aiohttp
import pytest

from flowdeck.server.guard import HostPolicy
from tests.support.server_fakes import SERVED_TOKEN, FakeFeed, hub_of, run, served

AUTH = {"Authorization": f"Bearer {SERVED_TOKEN}"}
PAGE = "/v1/capital_flow?stock_list=HK.00700,US.AAPL"


def codes_followed(client) -> int:
    return len(hub_of(client).state)


def test_a_pages_requests_are_refused_and_follow_nothing():
    """The attack's 20 + 20 GETs: foreign Host or Origin (even with the right token, as
    if the page had guessed it), then the right Host, no Origin, `Sec-Fetch-Site:
    cross-site` and no token (an `<img>` tag)."""
    async def main():
        feed = FakeFeed()
        async with served(feed, token=SERVED_TOKEN) as client:
            statuses = []
            for i in range(20):
                hostile = ({"Host": f"evil{i}.example:11111"} if i % 2 else
                           {"Origin": "https://evil.example"})
                resp = await client.get(f"/v1/capital_flow?stock_list=HK.{i:05d}",
                                        headers={**hostile, **AUTH})
                statuses.append(resp.status)
                assert "Access-Control-Allow-Origin" not in resp.headers
                got = await resp.json()
                assert got["ret_code"] == 1001 and got["data"] is None
            for i in range(20):
                resp = await client.get(f"/v1/capital_flow?stock_list=US.A{i}",
                                        headers={"Sec-Fetch-Site": "cross-site"})
                statuses.append(resp.status)
            assert statuses[:20] == [403, 421] * 10
            assert set(statuses[20:]) == {403}
            assert feed.snapshot_calls == [] and codes_followed(client) == 0
            # The trader's own client (no Origin, loopback Host, token) is served.
            resp = await client.get(PAGE, headers=AUTH)
            assert resp.status == 200 and codes_followed(client) == 2
    run(main())


@pytest.mark.parametrize("host", ["evil.example", "evil.example:11111", "127.0.0.1.nip.io",
                                  "localhost.evil.example"])
def test_a_foreign_host_is_misdirected(host):
    async def main():
        async with served(FakeFeed()) as client:
            for path in ("/v1/health", PAGE):
                resp = await client.get(path, headers={"Host": host})
                assert resp.status == 421, (host, path)
                assert "host" in (await resp.json())["ret_msg"]
            with pytest.raises(aiohttp.WSServerHandshakeError) as err:
                await client.ws_connect("/v1/stream", headers={"Host": host})
            assert err.value.status == 421
    run(main())


@pytest.mark.parametrize("host", ["127.0.0.1:11111", "localhost", "LOCALHOST.:80",
                                  "[::1]:11111", "127.5.6.7", "desk.localhost:1"])
def test_loopback_hosts_are_answered(host):
    async def main():
        async with served(FakeFeed()) as client:
            resp = await client.get("/v1/health", headers={"Host": host})
            assert resp.status == 200, host
    run(main())


def test_allowed_hosts_and_origins():
    async def main():
        hosts = HostPolicy("127.0.0.1", ["desk.example"])
        async with served(FakeFeed(), hosts=hosts,
                          origins=["https://dash.example"]) as client:
            resp = await client.get("/v1/health", headers={"Host": "desk.example:11111"})
            assert resp.status == 200
            resp = await client.get("/v1/health", headers={"Host": "other.example"})
            assert resp.status == 421
            for origin, status in [("https://dash.example", 200),
                                   ("https://DASH.example/", 200),
                                   ("http://dash.example", 403), ("null", 403)]:
                resp = await client.get("/v1/health", headers={
                    "Origin": origin, "Sec-Fetch-Site": "cross-site"})
                assert resp.status == status, origin
                assert "Access-Control-Allow-Origin" not in resp.headers
    run(main())


def test_a_wildcard_bind_answers_ip_literals_only_with_the_names_configured():
    policy = HostPolicy("0.0.0.0", ["desk.example"])
    assert policy.allows("10.1.2.3") and policy.allows("desk.example")
    assert policy.allows("localhost") and not policy.allows("evil.example")
    narrow = HostPolicy("127.0.0.1")
    assert not narrow.allows("10.1.2.3") and not narrow.allows("evil.example")


def test_a_stream_upgrade_from_a_page_is_refused():
    """Cross-site WebSocket hijacking: the upgrade carries the page's Origin."""
    async def main():
        feed = FakeFeed()
        async with served(feed) as client:
            for headers in ({"Origin": "https://evil.example"},
                            {"Sec-Fetch-Site": "cross-site"}):
                with pytest.raises(aiohttp.WSServerHandshakeError) as err:
                    await client.ws_connect("/v1/stream", headers=headers)
                assert err.value.status == 403
            assert feed.snapshot_calls == []
            ws = await client.ws_connect("/v1/stream")   # a program: no Origin
            await ws.send_json({"op": "subscribe", "stock_list": ["HK.00700"]})
            msg = await ws.receive_json(timeout=5)
            assert msg["type"] == "batch" and msg["snapshot"] is True
            await ws.close()
    run(main())


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded",
                                          "multipart/form-data; boundary=x", None])
def test_a_post_must_be_json(content_type):
    """What an HTML form can send without a preflight is refused with 415."""
    async def main():
        feed = FakeFeed()
        async with served(feed) as client:
            headers = {"Content-Type": content_type} if content_type else {}
            resp = await client.post("/v1/capital_flow",
                                     data=b'{"stock_list": ["HK.00700"]}', headers=headers)
            got = await resp.json()
            assert resp.status == 415 and got["ret_code"] == 1001
            assert "application/json" in got["ret_msg"]
            assert feed.snapshot_calls == []
            resp = await client.post("/v1/capital_flow", data=b'{"stock_list": ["HK.00700"]}',
                                     headers={"Content-Type": "application/json; charset=utf-8"})
            assert resp.status == 200
    run(main())
