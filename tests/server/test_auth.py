"""Every request (health and the WebSocket upgrade too) needs `Authorization: Bearer
<token>` (any case of the scheme): else 401 with the spec's envelope, 1001, logged
without the token, before any code is looked at."""

from __future__ import annotations

import logging

import aiohttp
import pytest

from tests.support.server_fakes import FakeFeed, hub_of, run, served

TOKEN = "s3cret-token"
GOOD = {"Authorization": f"Bearer {TOKEN}"}


@pytest.mark.parametrize("path", ["/v1/health", "/v1/capital_flow?stock_list=HK.00700",
                                  "/v1/capital_detail?stock_list=HK.00700", "/v1/nope"])
def test_requests_need_the_token(path):
    async def main():
        async with served(FakeFeed(), token=TOKEN) as client:
            for headers, word in [({}, "missing"),
                                  ({"Authorization": "Bearer nope"}, "wrong"),
                                  ({"Authorization": TOKEN}, "wrong"),
                                  ({"Authorization": f"Basic {TOKEN}"}, "wrong")]:
                resp = await client.get(path, headers=headers)
                got = await resp.json()
                assert resp.status == 401, (headers, got)
                assert got["ret_code"] == 1001 and word in got["ret_msg"]
                assert "Bearer" in resp.headers["WWW-Authenticate"]
            resp = await client.get(path, headers=GOOD)
            assert resp.status == (404 if path == "/v1/nope" else 200)
            resp = await client.post("/v1/capital_flow", json={"stock_list": ["HK.00700"]})
            assert resp.status == 401
            resp = await client.post("/v1/capital_flow", json={"stock_list": ["HK.00700"]},
                                     headers=GOOD)
            assert resp.status == 200 and (await resp.json())["ret_code"] == 0
    run(main())


def test_the_stream_needs_the_token():
    async def main():
        async with served(FakeFeed(), token=TOKEN) as client:
            with pytest.raises(aiohttp.WSServerHandshakeError) as err:
                await client.ws_connect("/v1/stream")
            assert err.value.status == 401
            with pytest.raises(aiohttp.WSServerHandshakeError) as err:
                await client.ws_connect("/v1/stream", headers={"Authorization": "Bearer x"})
            assert err.value.status == 401
            ws = await client.ws_connect("/v1/stream", headers=GOOD)
            await ws.send_json({"op": "subscribe", "stock_list": ["HK.00700"]})
            msg = await ws.receive_json(timeout=5)
            assert msg["type"] == "batch" and msg["snapshot"] is True
            await ws.close()
    run(main())


def test_the_scheme_is_case_insensitive():
    """RFC 7235: `bearer`, `BEARER` and `Bearer` are one scheme."""
    async def main():
        async with served(FakeFeed(), token=TOKEN) as client:
            for scheme in ("bearer", "BEARER", "BeArEr"):
                resp = await client.get("/v1/health",
                                        headers={"Authorization": f"{scheme} {TOKEN}"})
                assert resp.status == 200, scheme
            ws = await client.ws_connect("/v1/stream",
                                         headers={"Authorization": f"bearer {TOKEN}"})
            await ws.close()
    run(main())


def test_refusals_are_logged_without_the_token(caplog):
    async def main():
        async with served(FakeFeed(), token=TOKEN) as client:
            await client.get("/v1/health", headers={"Authorization": "Bearer guess-1"})
            await client.get("/v1/health")
    with caplog.at_level(logging.WARNING, logger="flowdeck.server"):
        run(main())
    lines = [r for r in caplog.records if r.getMessage() == "refused"]
    # The second refusal within a second is folded into the next line.
    assert len(lines) == 1
    fields = lines[0].fields
    assert fields["status"] == 401 and fields["path"] == "/v1/health"
    assert fields["peer"] == "127.0.0.1" and "wrong token" in fields["reason"]
    assert "guess-1" not in caplog.text and TOKEN not in caplog.text


def test_authentication_comes_before_the_codes():
    """A request without the token learns nothing about codes: not whether they are
    valid (no 1002 before the 401), and it makes the gateway follow none."""
    async def main():
        feed = FakeFeed()
        async with served(feed, token=TOKEN) as client:
            for path in ("/v1/capital_flow?stock_list=HK.ABC",
                         "/v1/capital_flow?stock_list=HK.00700",
                         "/v1/capital_detail?stock_list=" + ",".join(
                             f"HK.{i:05d}" for i in range(500))):
                resp = await client.get(path)
                assert resp.status == 401 and (await resp.json())["ret_code"] == 1001
            resp = await client.post("/v1/capital_flow", json={"stock_list": "HK.00700"})
            assert resp.status == 401
            assert feed.snapshot_calls == [] and len(hub_of(client).state) == 0
    run(main())
