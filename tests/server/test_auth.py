"""With a token, every request (health and the WebSocket upgrade too) needs
`Authorization: Bearer <token>`: else 401 with the spec's envelope, 1001."""

from __future__ import annotations

import aiohttp
import pytest

from .fakes import FakeFeed, run, served

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
