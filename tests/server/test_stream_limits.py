"""What one WebSocket client may cost (issue 17 item 2): codes per stream, streams per
peer, a client that does not read is closed instead of holding memory, and identical
subscriptions share one snapshot build."""

from __future__ import annotations

import asyncio
import base64
import json
import logging
import os
import socket
import struct

import aiohttp
import pytest

from flowdeck.server.appkeys import STREAMS
from flowdeck.server.stream_send import StreamLimits
from tests.support.server_fakes import SERVED_TOKEN, FakeFeed, hub_of, run, served
from tests.support.stream_client import STREAM, codes, next_message, subscribe


def test_a_stream_subscribes_to_at_most_its_cap_and_stays_open():
    async def main():
        async with served(FakeFeed(interval=3600.0, minutes=5),
                          stream_limits=StreamLimits(max_codes=1500)) as client:
            streams = [await client.ws_connect(STREAM, max_msg_size=0) for _ in range(10)]
            for ws in streams:
                for k in range(3):
                    snap = await subscribe(ws, codes(500, 1 + 500 * k))
                    assert snap["type"] == "batch" and len(snap["records"]) == 500
                refused = await subscribe(ws, codes(500, 1501))
                assert refused["type"] == "error" and refused["ret_code"] == 1001
                assert "at most 1500 codes" in refused["ret_msg"], refused
                # Refused whole, the socket open: codes it has again are fine.
                again = await subscribe(ws, codes(10))
                assert again["type"] == "batch" and again["records"] == []
            health = await (await client.get("/v1/health")).json()
            assert health["data"]["subscribers"] == 10
            assert health["data"]["codes"] == 1500
            for ws in streams:
                await ws.close()
    run(main())


def test_streams_per_peer_are_capped_and_a_closed_one_makes_room():
    async def main():
        async with served(FakeFeed(interval=3600.0),
                          stream_limits=StreamLimits(max_per_peer=3)) as client:
            streams = [await client.ws_connect(STREAM) for _ in range(3)]
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await client.ws_connect(STREAM)
            assert refused.value.status == 429
            await streams.pop().close()
            await asyncio.sleep(0.1)
            streams.append(await client.ws_connect(STREAM))
            assert (await subscribe(streams[-1], ["HK.00700"]))["type"] == "batch"
            for ws in streams:
                await ws.close()
    run(main())


async def _raw_stream(port: int, rcvbuf: int) -> socket.socket:
    """A WebSocket client that will never read: a 4 KB receive buffer, upgraded and
    subscribed by hand (an aiohttp client reads whatever arrives)."""
    loop = asyncio.get_running_loop()
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    sock.setblocking(False)
    await loop.sock_connect(sock, ("127.0.0.1", port))
    key = base64.b64encode(os.urandom(16)).decode()
    await loop.sock_sendall(sock, (
        f"GET {STREAM} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\n"
        f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13"
        f"\r\nAuthorization: Bearer {SERVED_TOKEN}\r\n\r\n").encode())
    head = b""
    while not head.endswith(b"\r\n\r\n"):
        head += await loop.sock_recv(sock, 1)
    assert head.startswith(b"HTTP/1.1 101"), head
    payload = json.dumps({"op": "subscribe", "stock_list": codes(500)}).encode()
    mask = os.urandom(4)
    frame = struct.pack("!BBH", 0x81, 0x80 | 126, len(payload)) + mask + \
        bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
    await loop.sock_sendall(sock, frame)
    return sock


def test_a_client_that_does_not_read_is_closed_and_a_reader_is_not(caplog):
    caplog.set_level(logging.WARNING, "flowdeck.server.stream")

    async def main():
        feed = FakeFeed(interval=0.02, minutes=60)
        limits = StreamLimits(buffer_bytes=64 * 1024, stall_s=0.5)
        async with served(feed, stream_limits=limits) as client:
            reader = await client.ws_connect(STREAM, max_msg_size=0)
            await subscribe(reader, codes(500))
            stuck = await _raw_stream(client.port, 4096)
            streams = client.app[STREAMS]
            got = 0
            for _ in range(400):           # the reader keeps reading meanwhile
                msg = await next_message(reader)
                got += msg["type"] == "batch"
                if len(streams) == 1 and got > 20:
                    break
            assert len(streams) == 1, "the client that does not read is still open"
            assert not reader.closed
            (event,) = [r for r in caplog.records if r.getMessage() == "ws_too_slow"]
            assert "bytes unsent for 0.5 s" in str(event.fields["error"])
            # Its connection is gone: what the socket had is followed by the end.
            loop = asyncio.get_running_loop()
            with pytest.raises(ConnectionResetError):
                while await asyncio.wait_for(loop.sock_recv(stuck, 1 << 20), 5.0):
                    pass
                raise ConnectionResetError   # a clean end is fine too
            stuck.close()
            health = await (await client.get("/v1/health")).json()
            assert health["data"]["subscribers"] == 1
            await reader.close()
    run(main())


def test_identical_subscriptions_share_one_snapshot_build():
    async def main():
        # 60 points per code: a snapshot of ~1.3 MB, built over several loop turns.
        feed = FakeFeed(interval=3600.0, minutes=300, points_per_tick=60)
        wanted = codes(500)
        async with served(feed) as client:
            hub = hub_of(client)
            got = await client.get("/v1/capital_flow",
                                   params={"stock_list": ",".join(wanted)})
            assert got.status == 200      # followed now: the subscribes only share
            streams = [await client.ws_connect(STREAM, max_msg_size=0) for _ in range(10)]
            snaps = await asyncio.gather(*(subscribe(ws, wanted) for ws in streams))
            for snap in snaps:
                assert sorted(r["code"] for r in snap["records"]) == wanted
                assert len(snap["points"]["HK.00001"]["minutes"]) == 60
            assert 1 <= hub.snapshots.builds <= 2, hub.snapshots.builds
            # A different code set is built for itself.
            other = await subscribe(streams[0], codes(5, 1001))
            assert len(other["records"]) == 5
            assert hub.snapshots.builds <= 3
            for ws in streams:
                await ws.close()
    run(main())
