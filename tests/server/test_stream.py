"""The WebSocket /v1/stream: subscribe -> snapshot -> updates of the client's codes
only; bad ops answered and the socket kept; a slow reader costs bounded memory and
still gets the latest state."""

from __future__ import annotations

import asyncio
import socket

import aiohttp

from flowdeck.core.wire import decode_batch
from flowdeck.server.appkeys import STREAMS
from flowdeck.server.snapshots import CHUNK_BYTES
from flowdeck.server.stream_send import StreamLimits
from tests.support.server_fakes import FakeFeed, hub_of, point_values, run, served, tick_record
from tests.support.waiting import wait_until as until

STREAM = "/v1/stream"


async def receive(ws, timeout: float = 5.0) -> dict:
    msg = await ws.receive(timeout=timeout)
    assert msg.type is aiohttp.WSMsgType.TEXT, msg
    return msg.json()


async def next_batch(ws, snapshot: bool | None = None, timeout: float = 5.0) -> dict:
    while True:
        msg = await receive(ws, timeout)
        if msg["type"] == "batch" and (snapshot is None or msg["snapshot"] is snapshot):
            return msg


def test_subscribe_gets_a_snapshot_then_its_own_updates():
    async def main():
        feed = FakeFeed(interval=0.05)
        async with served(feed) as client:
            a = await client.ws_connect(STREAM)
            b = await client.ws_connect(STREAM)
            await a.send_json({"op": "subscribe", "stock_list": ["00700", "9988"],
                               "market": "HK"})
            await b.send_json({"op": "subscribe", "stock_list": ["US.AAPL"]})
            snap = await receive(a)
            assert snap["type"] == "batch" and snap["snapshot"] is True
            batch = decode_batch(snap)
            assert set(batch.records) == {"HK.00700", "HK.09988"}
            assert set(batch.details) == {"HK.00700", "HK.09988"}
            assert set(batch.markets) == {"HK"}
            # The whole day so far: a point for every tick up to the snapshot's.
            pts = snap["points"]["HK.00700"]
            assert pts["minutes"] == list(range(len(pts["minutes"])))
            assert pts["values"][-1] == point_values("HK.00700", len(pts["minutes"]) - 1)
            snap_b = await next_batch(b, snapshot=True)
            assert [r["code"] for r in snap_b["records"]] == ["US.AAPL"]
            for _ in range(3):
                upd = await next_batch(a, snapshot=False)
                assert {r["code"] for r in upd["records"]} <= {"HK.00700", "HK.09988"}
                assert set(upd["points"]) <= {"HK.00700", "HK.09988"}
                assert set(upd["markets"]) <= {"HK"}
            upd = await next_batch(b, snapshot=False)
            assert {r["code"] for r in upd["records"]} == {"US.AAPL"}
            assert set(upd["markets"]) <= {"US"}
            health = await (await client.get("/v1/health")).json()
            assert health["data"]["subscribers"] == 2 and health["data"]["codes"] == 3
            # Unsubscribe: no more updates of that code.
            await a.send_json({"op": "unsubscribe", "stock_list": ["HK.09988"]})
            await asyncio.sleep(0.1)
            for _ in range(3):
                upd = await next_batch(a, snapshot=False)
            assert {r["code"] for r in upd["records"]} == {"HK.00700"}
            # Subscribing again to a code it has: an empty snapshot, nothing repeated.
            await a.send_json({"op": "subscribe", "stock_list": ["HK.00700"]})
            again = await next_batch(a, snapshot=True)
            assert again["records"] == [] and again["points"] == {}
            await a.close()
            await b.close()
            await asyncio.sleep(0.05)
            health = await (await client.get("/v1/health")).json()
            assert health["data"]["subscribers"] == 0
    run(main())


def test_bad_messages_get_errors_and_the_socket_stays_open():
    cases = [
        ("not json", 1001, "not valid JSON"),
        ('["subscribe"]', 1001, "JSON object"),
        ('{"op": "dance", "stock_list": ["HK.00700"]}', 1001, "unknown op"),
        ('{"stock_list": ["HK.00700"]}', 1001, "unknown op"),
        ('{"op": "subscribe"}', 1001, "stock_list"),
        ('{"op": "subscribe", "stock_list": "HK.00700"}', 1001, "list"),
        ('{"op": "subscribe", "stock_list": []}', 1001, "empty"),
        ('{"op": "subscribe", "stock_list": ["HK.ABCDEF"]}', 1002, "HK.ABCDEF"),
        ('{"op": "subscribe", "stock_list": ["US.AAPL"], "market": "HK"}', 1001, "market"),
        ('{"op": "unsubscribe", "stock_list": ["nope!"]}', 1002, "nope!"),
    ]

    async def main():
        async with served(FakeFeed()) as client:
            ws = await client.ws_connect(STREAM)
            for text, code, words in cases:
                await ws.send_str(text)
                msg = await receive(ws)
                assert msg["type"] == "error" and msg["ret_code"] == code, (text, msg)
                assert words in msg["ret_msg"], (text, msg)
            await ws.send_bytes(b"\x00\x01")
            msg = await receive(ws)
            assert msg["type"] == "error" and "binary" in msg["ret_msg"]
            await ws.send_json({"op": "subscribe", "stock_list": ["HK.00700"]})
            snap = await next_batch(ws, snapshot=True)
            assert snap["records"][0]["code"] == "HK.00700"
            assert not ws.closed
            await ws.close()
    run(main())


def test_a_slow_reader_costs_bounded_memory_and_gets_the_latest():
    """A client that does not read while the feed sends as fast as it can: its socket
    fills, then its updates wait merged (one message for many batches), the gateway
    holds at most its buffer for it, and once it reads it gets the latest state."""
    codes = [f"HK.{i:05d}" for i in range(1, 301)]
    minutes, flood = 60, 80
    limits = StreamLimits(buffer_bytes=64 << 10)

    async def main():
        feed = FakeFeed(interval=0.0, minutes=minutes)   # a batch whenever the hub asks
        async with served(feed, stream_limits=limits) as client:
            hub = hub_of(client)
            ws = await client.ws_connect(STREAM, max_msg_size=0)
            # A small receive buffer (no autotuning): the socket fills after a few updates.
            ws.get_extra_info("socket").setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 16)
            await ws.send_json({"op": "subscribe", "stock_list": codes})
            await next_batch(ws, snapshot=True)
            start = hub.batches
            await until(lambda: hub.batches - start >= flood, 60, what=f"{flood} batches")
            feed.paused = True                    # not reading all along
            final = feed.tick
            (server_client,) = client.app[STREAMS]
            batches = hub.batches - start
            assert server_client.sub.channel.max_points <= len(codes) * minutes
            # It holds its buffer's worth, plus the one chunk (and frame header) in hand.
            assert server_client.sender.buffered() <= limits.buffer_bytes + CHUNK_BYTES + 14
            assert server_client.sent_messages < batches / 2, (server_client.sent_messages,
                                                                 batches)
            latest: dict[str, dict] = {}
            while True:
                msg = await next_batch(ws, timeout=10)
                latest.update({r["code"]: r for r in msg["records"]})
                if len(latest) == len(codes) and all(
                        latest[c] == tick_record(c, final).to_dict() for c in codes):
                    break
            await ws.close()
    run(main())


def test_feed_failure_reaches_subscribers_and_recovery_brings_records_back():
    async def main():
        feed = FakeFeed(interval=0.02)
        async with served(feed) as client:
            ws = await client.ws_connect(STREAM)
            await ws.send_json({"op": "subscribe", "stock_list": ["HK.00700", "US.AAPL"]})
            await next_batch(ws, snapshot=True)
            feed.fail_updates = ConnectionError("upstream went away")
            while True:
                msg = await next_batch(ws)
                if msg["errors"]:
                    break
            assert {e["code"] for e in msg["errors"]} == {"HK.00700", "US.AAPL"}
            assert all(e["ret_code"] == 1016 and "upstream went away" in e["ret_msg"]
                       for e in msg["errors"])
            resp = await client.get("/v1/capital_flow?stock_list=HK.00700")
            assert resp.status == 503 and (await resp.json())["ret_code"] == 1016
            feed.fail_updates = None
            seen: set[str] = set()
            while seen != {"HK.00700", "US.AAPL"}:
                msg = await next_batch(ws)
                seen |= {r["code"] for r in msg["records"]}
            resp = await client.get("/v1/capital_flow?stock_list=HK.00700")
            assert resp.status == 200
            await ws.close()
    run(main())


def test_codes_subscribed_while_the_source_fails_arrive_when_it_recovers():
    async def main():
        feed = FakeFeed(interval=0.02)
        feed.fail_snapshot = ConnectionError("no upstream yet")
        async with served(feed) as client:
            ws = await client.ws_connect(STREAM)
            await ws.send_json({"op": "subscribe", "stock_list": ["HK.00700"]})
            snap = await next_batch(ws, snapshot=True)
            assert snap["records"] == [] and snap["errors"][0]["code"] == "HK.00700"
            assert "no upstream yet" in snap["errors"][0]["ret_msg"]
            feed.fail_snapshot = None
            snap = await next_batch(ws, snapshot=True)
            assert [r["code"] for r in snap["records"]] == ["HK.00700"]
            assert snap["points"]["HK.00700"]["minutes"]
            upd = await next_batch(ws, snapshot=False)
            assert [r["code"] for r in upd["records"]] == ["HK.00700"]
            await ws.close()
    run(main())
