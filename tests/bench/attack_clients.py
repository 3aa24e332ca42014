"""The attackers and the good client of tests/bench/attack_bench.py, on raw sockets
(127.0.0.1 only): an aiohttp client would build every 80 MB snapshot in memory, and a
"non-reading" client must really not read.

Run as a process of its own: `python attack_clients.py ROLE JSON-ARGS`, printing one
JSON line when done; every role stops by itself after its `duration`.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import os
import resource
import socket
import struct
import sys
import time

HOST = "127.0.0.1"


def _upgrade(port: int, token: str) -> bytes:
    key = base64.b64encode(os.urandom(16)).decode()
    return (f"GET /v1/stream HTTP/1.1\r\nHost: {HOST}:{port}\r\nUpgrade: websocket\r\n"
            f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
            f"Sec-WebSocket-Version: 13\r\nAuthorization: Bearer {token}\r\n\r\n").encode()


def text_frame(text: str, opcode: int = 0x1) -> bytes:
    """A client frame (masked, as RFC 6455 requires of clients)."""
    data = text.encode()
    mask = os.urandom(4)
    n = len(data)
    head = struct.pack("!BB", 0x80 | opcode, 0x80 | n) if n < 126 else \
        struct.pack("!BBH", 0x80 | opcode, 0x80 | 126, n) if n < 65536 else \
        struct.pack("!BBQ", 0x80 | opcode, 0x80 | 127, n)
    masked = bytes(b ^ mask[i % 4] for i, b in enumerate(data))
    return head + mask + masked


def subscribe(codes: list[str]) -> bytes:
    """Subscribe frames for `codes`, 500 a message (the gateway's per-request most)."""
    return b"".join(text_frame(json.dumps({"op": "subscribe", "stock_list": codes[i:i + 500]}))
                    for i in range(0, len(codes), 500))


async def reading_client(port: int, token: str, codes: list[str], until: float) -> dict:
    """Subscribes, then reads and discards everything, answering pings."""
    out = {"status": 0, "messages": 0, "bytes": 0, "first_message_bytes": 0,  # largest
           "snapshot_s": None, "close_code": None}
    try:
        reader, writer = await asyncio.open_connection(HOST, port, limit=1 << 20)
    except OSError:
        return out
    try:
        writer.write(_upgrade(port, token))
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 30)
        out["status"] = int(head[9:12])
        if out["status"] != 101:
            return out
        t0 = time.monotonic()
        writer.write(subscribe(codes))
        size = 0
        while time.monotonic() < until:
            b0, b1 = await asyncio.wait_for(reader.readexactly(2), until - time.monotonic())
            n = b1 & 0x7F
            if n == 126:
                n = struct.unpack("!H", await reader.readexactly(2))[0]
            elif n == 127:
                n = struct.unpack("!Q", await reader.readexactly(8))[0]
            opcode, fin = b0 & 0x0F, b0 & 0x80
            if opcode >= 0x8:
                payload = await reader.readexactly(n)
                if opcode == 0x8:
                    out["close_code"] = struct.unpack("!H", payload[:2])[0] if n >= 2 else 0
                    break
                if opcode == 0x9:
                    writer.write(text_frame(payload.decode("latin-1"), 0xA))
                continue
            left = n
            while left:
                chunk = await reader.read(min(left, 1 << 20))
                if not chunk:
                    raise ConnectionResetError
                left -= len(chunk)
            size += n
            out["bytes"] += n
            if fin:
                out["messages"] += 1
                out["first_message_bytes"] = max(out["first_message_bytes"], size)
                if out["messages"] == (len(codes) + 499) // 500:   # about: the snapshots
                    out["snapshot_s"] = round(time.monotonic() - t0, 2)
                size = 0
    except (OSError, asyncio.IncompleteReadError, TimeoutError):
        pass
    finally:
        writer.close()
    return out


def non_reading_clients(port: int, token: str, codes: list[str], n: int,
                        duration: float) -> dict:
    """n clients with a 4 KB receive buffer that subscribe and never read; at the end,
    how many the gateway closed (EOF or reset when finally read)."""
    socks, statuses = [], []
    for _ in range(n):
        s = socket.socket()
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        s.settimeout(30)
        try:
            s.connect((HOST, port))
            s.sendall(_upgrade(port, token))
            head = b""
            while b"\r\n\r\n" not in head:
                got = s.recv(1)   # one byte at a time: nothing after the head is read
                if not got:
                    break
                head += got
            statuses.append(int(head[9:12]) if len(head) > 12 else 0)
            s.sendall(subscribe(codes))
            socks.append(s)
        except OSError:
            statuses.append(0)
            s.close()
    time.sleep(duration)
    closed = 0
    for s in socks:
        s.settimeout(0.5)
        try:
            total = 0
            while total < 256 << 20:
                got = s.recv(1 << 20)
                if not got:
                    closed += 1
                    break
                total += len(got)
        except ConnectionResetError:
            closed += 1
        except OSError:
            pass
        s.close()
    return {"admitted": statuses.count(101), "closed_by_gateway": closed}


async def slowloris(port: int, n: int, until: float) -> dict:
    """n connections sending a request head a byte every few seconds, reopened when
    the gateway closes them."""
    stats = {"opened": 0, "closed_by_gateway": 0, "connect_failed": 0}
    head = f"GET /v1/health HTTP/1.1\r\nHost: {HOST}:{port}\r\nX-Slow: ".encode()

    async def one(i: int) -> None:
        await asyncio.sleep(i * 0.002)
        while time.monotonic() < until:
            try:
                reader, writer = await asyncio.wait_for(
                    asyncio.open_connection(HOST, port), max(0.1, until - time.monotonic()))
            except (OSError, TimeoutError):
                stats["connect_failed"] += 1
                await asyncio.sleep(0.5)
                continue
            stats["opened"] += 1
            try:
                writer.write(head)
                while time.monotonic() < until:
                    with contextlib.suppress(TimeoutError):
                        if not await asyncio.wait_for(reader.read(1024), 5.0):
                            stats["closed_by_gateway"] += 1
                            break
                    writer.write(b"a")
            except OSError:
                stats["closed_by_gateway"] += 1
            finally:
                writer.close()

    await asyncio.gather(*(one(i) for i in range(n)))
    return stats


def main() -> None:
    role, args = sys.argv[1], json.loads(sys.argv[2])
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    until = time.monotonic() + args["duration"]
    if role == "ws_reading":
        async def run() -> list[dict]:
            return await asyncio.gather(*(
                reading_client(args["port"], args["token"], args["codes"], until)
                for _ in range(args["n"])))
        got = asyncio.run(run())
        snaps = [g["snapshot_s"] for g in got if g["snapshot_s"] is not None]
        out = {"admitted": sum(g["status"] == 101 for g in got),
               "got_snapshot": len(snaps), "snapshot_s_max": max(snaps, default=None),
               "largest_message_mb": round(max(g["first_message_bytes"] for g in got)
                                           / 2**20, 1),
               "received_mb": round(sum(g["bytes"] for g in got) / 2**20, 1),
               "messages": sum(g["messages"] for g in got),
               "closed": [g["close_code"] for g in got if g["close_code"] is not None]}
    elif role == "ws_not_reading":
        out = non_reading_clients(args["port"], args["token"], args["codes"], args["n"],
                                  args["duration"])
    elif role == "slowloris":
        out = asyncio.run(slowloris(args["port"], args["n"], until))
    else:
        raise SystemExit(f"unknown role {role}")
    print(json.dumps(out), flush=True)


if __name__ == "__main__":
    main()
