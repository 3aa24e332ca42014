"""/v1/capital_flow, /v1/capital_detail and /v1/health against a real in-process
gateway on a free loopback port: the envelope, the order, the errors, the limits."""

from __future__ import annotations

import asyncio
import json

import numpy as np

from flowdeck.core.codes import MAX_CODES_PER_REQUEST
from flowdeck.core.records import RECORD_KEYS, SERIES_NAMES
from flowdeck.core.wire import decode_detail_item, decode_envelope, decode_record
from flowdeck.feeds.sim.feed import SimFeed
from tests.support.server_fakes import FakeFeed, hub_of, run, served, tick_record
from tests.support.waiting import wait_until as until

FLOW = "/v1/capital_flow"
DETAIL = "/v1/capital_detail"


def sim() -> SimFeed:
    return SimFeed("sim?speed=20&interval=0.2", speed=20.0, interval=0.2)


async def get_json(client, path, **kw):
    resp = await client.get(path, **kw)
    return resp.status, await resp.json()


async def post_json(client, path, body, **kw):
    data = body if isinstance(body, (bytes, str)) else json.dumps(body)
    kw.setdefault("headers", {"Content-Type": "application/json"})
    resp = await client.post(path, data=data, **kw)
    return resp.status, await resp.json()


def test_get_and_post_answer_the_spec_envelope_in_order():
    async def main():
        async with served(sim()) as client:
            status, got = await get_json(
                client, FLOW, params={"stock_list": "US.AAPL,HK.00700,hk.700,SZ.000001"})
            assert status == 200
            assert list(got) == ["ret_code", "ret_msg", "data"]
            assert got["ret_code"] == 0 and got["ret_msg"] == "SUCCESS"
            rows = got["data"]["capital_flow_list"]
            assert [r["code"] for r in rows] == ["US.AAPL", "HK.00700", "SZ.000001"]
            for r in rows:
                assert tuple(r) == RECORD_KEYS
                decode_record(r)
                assert r["main_net_inflow"] == r["super_net_inflow"] + r["large_net_inflow"]
            assert "errors" not in got["data"]
            status, posted = await post_json(
                client, FLOW, {"stock_list": ["00700", "700", "9988"], "market": "HK"})
            assert status == 200
            assert [r["code"] for r in posted["data"]["capital_flow_list"]] == [
                "HK.00700", "HK.09988"]
            status, bare = await get_json(client, FLOW,
                                          params={"stock_list": "00700", "market": "hk"})
            assert status == 200 and bare["data"]["capital_flow_list"][0]["code"] == "HK.00700"
    run(main())


def test_parameter_errors_name_the_problem():
    too_many = [f"HK.{i:05d}" for i in range(1, MAX_CODES_PER_REQUEST + 2)]
    cases = [
        ("get", {}, 1001, "stock_list is required"),
        ("get", {"stock_list": ""}, 1001, "empty"),
        ("get", {"stock_list": "HK.00700", "market": "XX"}, 1001, "unknown market"),
        ("get", {"stock_list": "US.AAPL", "market": "HK"}, 1001, "not in market HK"),
        ("get", {"stock_list": "HK.00700,HK.ABCDEF"}, 1002, "HK.ABCDEF"),
        ("get", {"stock_list": "AAPL"}, 1002, "AAPL"),
        ("get", {"stock_list": ",".join(too_many)}, 1001, "at most 500"),
        ("post", {"stock_list": "HK.00700"}, 1001, "must be a list"),
        ("post", {"stock_list": []}, 1001, "empty"),
        ("post", {"stock_list": too_many}, 1001, "at most 500"),
        ("post", {"stock_list": [700]}, 1002, "700"),
        ("post", {"market": "HK"}, 1001, "stock_list is required"),
        ("post", ["HK.00700"], 1001, "JSON object"),
        ("post", b"{not json", 1001, "not valid JSON"),
        ("post", b"\xff\xfe", 1001, "not valid JSON"),
        ("post", b"", 1001, "not valid JSON"),
    ]

    async def main():
        async with served(FakeFeed()) as client:
            for method, params, code, words in cases:
                for path in (FLOW, DETAIL):
                    if method == "get":
                        status, got = await get_json(client, path, params=params)
                    else:
                        status, got = await post_json(client, path, params)
                    assert (status, got["ret_code"]) == (400, code), (params, got)
                    assert words in got["ret_msg"], (params, got)
                    assert got["data"] is None
            assert hub_of(client).feed.snapshot_calls == []
    run(main())


def test_routes_methods_and_body_limits_answer_envelopes():
    async def main():
        async with served(FakeFeed()) as client:
            status, got = await get_json(client, "/v1/nope")
            assert status == 404 and got["ret_code"] == 1001
            assert "no such route" in got["ret_msg"]
            for route in ("GET|POST /v1/capital_flow", "GET|POST /v1/quote", "GET /v1/rank",
                          "GET /v1/sectors", "GET /v1/trades", "GET /v1/stream"):
                assert route in got["ret_msg"]  # the gateway's own routes, all of them
            resp = await client.delete(FLOW)
            got = await resp.json()
            assert resp.status == 405 and got["ret_code"] == 1001 and "DELETE" in got["ret_msg"]
            huge = json.dumps({"stock_list": ["HK.00700"], "pad": "x" * 70_000})
            status, got = await post_json(client, FLOW, huge)
            assert status == 413 and got["ret_code"] == 1001 and "too large" in got["ret_msg"]
            # A long GET URL still reaches the handler and gets the envelope.
            codes = ",".join(f"US.{chr(65 + i % 26)}{chr(65 + i // 26 % 26)}ZZ"
                             for i in range(600))
            status, got = await get_json(client, FLOW, params={"stock_list": codes})
            assert status == 400 and got["ret_code"] == 1001 and "at most 500" in got["ret_msg"]
    run(main())


def test_partial_failure_lists_errors_and_total_failure_is_1016():
    async def main():
        feed = FakeFeed(failing=["US.BAD"])
        async with served(feed) as client:
            status, got = await get_json(client, FLOW,
                                         params={"stock_list": "HK.00700,US.BAD,US.AAPL"})
            assert status == 200 and got["ret_code"] == 0
            assert [r["code"] for r in got["data"]["capital_flow_list"]] == ["HK.00700",
                                                                             "US.AAPL"]
            assert got["data"]["errors"] == [
                {"code": "US.BAD", "ret_code": 1016,
                 "ret_msg": "GET_CAPITAL_FLOW_FAILED: US.BAD is not served by the fake"}]
            items, errors = decode_envelope(got, "capital_flow_list")
            assert len(items) == 2 and set(errors) == {"US.BAD"}
            status, got = await get_json(client, FLOW, params={"stock_list": "US.BAD"})
            assert status == 503 and got["ret_code"] == 1016 and "US.BAD" in got["ret_msg"]
            status, got = await get_json(client, DETAIL, params={"stock_list": "US.BAD"})
            assert status == 503 and got["ret_code"] == 1016
    run(main())


def test_source_failure_is_1016_and_the_gateway_recovers():
    async def main():
        feed = FakeFeed()
        feed.fail_snapshot = ConnectionError("upstream down")
        async with served(feed) as client:
            status, got = await get_json(client, FLOW, params={"stock_list": "HK.00700"})
            assert status == 503 and got["ret_code"] == 1016
            assert "upstream down" in got["ret_msg"]
            _, health = await get_json(client, "/v1/health")
            assert health["data"]["state"] == "error" and health["data"]["codes"] == 0
            feed.fail_snapshot = None
            status, got = await get_json(client, FLOW, params={"stock_list": "HK.00700"})
            assert status == 200 and got["data"]["capital_flow_list"][0]["code"] == "HK.00700"
            _, health = await get_json(client, "/v1/health")
            assert health["data"]["state"] == "live"
    run(main())


def test_known_codes_are_answered_from_memory_and_first_asks_share_a_snapshot():
    async def main():
        feed = FakeFeed(interval=0.05)
        feed.snapshot_delay = 0.1
        codes = ",".join(f"HK.{i:05d}" for i in range(1, 101))
        async with served(feed) as client:
            answers = await asyncio.gather(*(
                get_json(client, FLOW, params={"stock_list": codes}) for _ in range(10)))
            assert all(s == 200 and len(g["data"]["capital_flow_list"]) == 100
                       for s, g in answers)
            # Each code asked for once (in the hub's pieces), whoever asked first.
            asked = [c for call in feed.snapshot_calls for c in call]
            assert sorted(asked) == codes.split(",")
            calls = len(feed.snapshot_calls)
            for _ in range(30):
                status, got = await get_json(client, FLOW, params={"stock_list": codes})
                assert status == 200
            assert len(feed.snapshot_calls) == calls
            # The one update iterator follows them and the answers move on with it.
            await until(lambda: feed.updates_calls and feed.tick >= 3, 10, what="3 updates")
            assert set(feed.updates_calls[-1]) == set(codes.split(","))
            _, got = await get_json(client, FLOW, params={"stock_list": "HK.00001"})
            row = got["data"]["capital_flow_list"][0]
            assert row == tick_record("HK.00001", feed.tick).to_dict() or \
                row == tick_record("HK.00001", feed.tick - 1).to_dict()
    run(main())


def test_capital_detail_carries_the_days_series():
    async def main():
        async with served(sim()) as client:
            status, got = await post_json(client, DETAIL,
                                          {"stock_list": ["HK.00700", "US.AAPL"]})
            assert status == 200 and got["ret_code"] == 0
            items, errors = decode_envelope(got, "capital_detail_list")
            assert errors == {} and [i["code"] for i in items] == ["HK.00700", "US.AAPL"]
            for item in items:
                detail, minutes, values = decode_detail_item(item)
                assert set(item["series"]) == set(SERIES_NAMES)
                assert len(minutes) > 0 and values.shape == (len(minutes), 6)
                assert (np.diff(minutes) == 1).all()   # gap-free from the first point
                assert detail.turnover >= 0
            status, flows = await get_json(client, FLOW, params={"stock_list": "HK.00700"})
            assert flows["data"]["capital_flow_list"][0]["code"] == "HK.00700"
    run(main())


def test_health_reports_source_state_and_counts_without_secrets():
    async def main():
        feed = FakeFeed()
        async with served(feed) as client:
            status, got = await get_json(client, "/v1/health")
            assert status == 200 and got["ret_code"] == 0
            data = got["data"]
            assert set(data) == {"source", "state", "uptime_s", "subscribers", "codes",
                                 "simulated", "origin", "tape"}
            assert data["origin"] == "fake"   # the source URL's scheme: whose numbers
            assert data["tape"]["trades"] == 0 and data["tape"]["dropped"] == 0
            assert data["simulated"] is False
            assert data["state"] == "connecting" and data["codes"] == 0
            assert "sekrit" not in data["source"] and data["source"].startswith("fake://")
            await get_json(client, FLOW, params={"stock_list": "HK.00700,US.AAPL"})
            _, got = await get_json(client, "/v1/health")
            assert got["data"]["state"] == "live" and got["data"]["codes"] == 2
            assert got["data"]["uptime_s"] >= 0
    run(main())


def test_a_burst_of_garbage_does_not_disturb_good_requests():
    async def raw(port: int, payload: bytes) -> bytes:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(payload)
        await writer.drain()
        try:
            return await asyncio.wait_for(reader.read(2000), 2)
        except TimeoutError:
            return b""
        finally:
            writer.close()

    garbage = [
        b"\x00\x01\x02garbage\r\n\r\n",
        b"GET /v1/capital_flow?stock_list=HK.00700 HTTP/9.9\r\n\r\n",
        b"POST /v1/capital_flow HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\n{\"a\"",
        b"POST /v1/capital_flow HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999\r\n\r\n{",
        b"GET /" + b"a" * 100_000 + b" HTTP/1.1\r\n\r\n",
        b"GET /v1/stream HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade"
        b"\r\n\r\n",
    ]

    async def main():
        async with served(FakeFeed()) as client:
            port = client.port
            good = {"stock_list": "HK.00700,US.AAPL"}
            jobs = []
            for i in range(40):
                jobs.append(raw(port, garbage[i % len(garbage)]))
                jobs.append(post_json(client, FLOW, b"[1,2" * (i + 1)))
                jobs.append(get_json(client, FLOW, params={"stock_list": "XX.1" * i}))
                jobs.append(get_json(client, FLOW, params=good))
            results = await asyncio.gather(*jobs, return_exceptions=True)
            goods = results[3::4]
            assert all(not isinstance(g, BaseException) and g[0] == 200 for g in goods), goods
            bad_json = results[1::4]
            assert all(g[0] == 400 and g[1]["ret_code"] == 1001 for g in bad_json)
            status, got = await get_json(client, "/v1/health")
            assert status == 200 and got["data"]["state"] == "live"
    run(main())


def test_a_stock_list_object_is_refused_not_read_as_its_keys():
    async def main():
        feed = FakeFeed()
        async with served(feed) as client:
            body = {"stock_list": {"HK.00700": 1, "US.AAPL": 2}}
            status, got = await post_json(client, "/v1/capital_flow", body)
            assert (status, got["ret_code"]) == (400, 1001), got
            assert "stock_list" in got["ret_msg"]
            ws = await client.ws_connect("/v1/stream")
            await ws.send_json({"op": "subscribe", **body})
            msg = await ws.receive_json(timeout=5)
            assert msg["type"] == "error" and msg["ret_code"] == 1001
            await ws.close()
            assert feed.snapshot_calls == []
    run(main())
