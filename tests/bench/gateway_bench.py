"""flowdeck-gateway load benchmark: prints ONE JSON line.

    PYTHONPATH=gui python tests/bench/gateway_bench.py [--scale 1.0]

The gateway runs in a subprocess (tests/gateway_proc.py, sim source at speed 20); the
load comes from another process (multiprocessing, spawn) over 127.0.0.1 only:

- `max_rps`: 100-code GET /v1/capital_flow, 32 keep-alive connections, closed loop, ~10 s
  (goal >= 2,000). The HTTP client is a minimal one on asyncio streams: an aiohttp
  client costs more CPU per request than the server, and on a small machine it would
  measure itself.
- `p50_ms`, `p99_ms`: the same request at a fixed 500 requests/s, open loop: sent on a
  schedule whatever the answers do, latency from the scheduled send time, so queueing
  is counted (goal p99 <= 20 ms).
- `ws_records_per_s`: records delivered per second to 50 WebSocket subscribers of the
  same 200 codes, ~15 s; `feed_records_per_s`: the same with ONE subscriber, i.e. what
  the feed produces for those codes. `ws_fanout_efficiency` = ws / (50 x feed): 1.0
  means the feed, not the gateway, is the limit.

`gateway_cpu_share`: the gateway process's CPU time over each phase / its wall time (1.0
= one core busy), to tell how much headroom was left. `--scale` multiplies every
duration (0.2 for a smoke run).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "gui"), str(ROOT)]

from tests.gateway_proc import running_gateway  # noqa: E402

SOURCE = "sim?speed=20&interval=0.2"
HOST = "127.0.0.1"


def codes_for(n: int) -> list[str]:
    """A mix of the four markets."""
    out = []
    for i in range(n):
        k = i // 4 + 1
        out.append([f"HK.{k:05d}", f"SH.{600000 + k:06d}", f"SZ.{k:06d}",
                    "US." + chr(65 + k % 26) + chr(65 + k // 26 % 26) + "X"][i % 4])
    return out


# --- a minimal keep-alive HTTP/1.1 client ----------------------------------------------

async def _open(port: int):
    return await asyncio.open_connection(HOST, port, limit=1 << 22)


async def _request(conn, raw: bytes) -> tuple[int, bytes]:
    reader, writer = conn
    writer.write(raw)
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head[9:12])
    lower = head.lower()
    at = lower.index(b"content-length:") + 15
    length = int(lower[at:lower.index(b"\r\n", at)])
    return status, await reader.readexactly(length)


def _auth(port: int) -> str:
    """The gateway's token, from the token file it left for this user's clients."""
    from flowdeck.api.token_file import read_token
    return f"Bearer {read_token(port)}"


def _get(path: str, port: int) -> bytes:
    return (f"GET {path} HTTP/1.1\r\nHost: {HOST}\r\nAuthorization: {_auth(port)}"
            f"\r\n\r\n").encode()


async def _check(port: int, raw: bytes, n: int) -> None:
    conn = await _open(port)
    status, body = await _request(conn, raw)
    got = json.loads(body)
    assert status == 200 and got["ret_code"] == 0, body[:300]
    assert len(got["data"]["capital_flow_list"]) == n
    conn[1].close()


async def _closed_loop(port: int, path: str, n: int, conns: int, duration: float) -> dict:
    raw = _get(path, port)
    await _check(port, raw, n)
    count = errors = 0
    measuring = False
    stop_at = 0.0

    async def worker() -> None:
        nonlocal count, errors
        conn = await _open(port)
        while True:
            status, _ = await _request(conn, raw)
            if measuring:
                count += 1
                errors += status != 200
            if time.perf_counter() >= stop_at:
                break
        conn[1].close()

    stop_at = time.perf_counter() + 1.0 + duration
    tasks = [asyncio.create_task(worker()) for _ in range(conns)]
    await asyncio.sleep(1.0)   # warm-up, not counted
    measuring, t0 = True, time.perf_counter()
    await asyncio.sleep(duration)
    measuring, elapsed = False, time.perf_counter() - t0
    await asyncio.gather(*tasks)
    return {"max_rps": round(count / elapsed, 1), "closed_loop_errors": errors}


async def _open_loop(port: int, path: str, n: int, rate: float, duration: float) -> dict:
    raw = _get(path, port)
    await _check(port, raw, n)
    idle: asyncio.Queue = asyncio.Queue()
    for _ in range(64):
        idle.put_nowait(await _open(port))
    latencies: list[float] = []
    errors = 0

    async def one(scheduled: float) -> None:
        nonlocal errors
        conn = await idle.get()
        try:
            status, _ = await _request(conn, raw)
            errors += status != 200
        finally:
            idle.put_nowait(conn)
        latencies.append(time.perf_counter() - scheduled)

    total = int(rate * duration)
    t0 = time.perf_counter() + 0.2
    tasks = []
    for i in range(total):
        scheduled = t0 + i / rate
        delay = scheduled - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(scheduled)))
    await asyncio.gather(*tasks)
    while not idle.empty():
        idle.get_nowait()[1].close()
    latencies.sort()
    return {"p50_ms": round(1000 * statistics.median(latencies), 2),
            "p99_ms": round(1000 * latencies[int(0.99 * (len(latencies) - 1))], 2),
            "open_loop_requests": len(latencies), "open_loop_errors": errors}


async def _ws_load(port: int, codes: list[str], subscribers: int, duration: float) -> dict:
    import aiohttp
    counts = [0] * subscribers
    measuring = False
    async with aiohttp.ClientSession(headers={"Authorization": _auth(port)}) as session:
        sockets = [await session.ws_connect(f"http://{HOST}:{port}/v1/stream",
                                            max_msg_size=0) for _ in range(subscribers)]

        async def reader(i: int, ws) -> None:
            async for msg in ws:
                if msg.type is not aiohttp.WSMsgType.TEXT:
                    break
                data = json.loads(msg.data)
                if measuring and data.get("type") == "batch" and not data["snapshot"]:
                    counts[i] += len(data["records"])

        readers = [asyncio.create_task(reader(i, ws)) for i, ws in enumerate(sockets)]
        for ws in sockets:
            await ws.send_json({"op": "subscribe", "stock_list": codes})
        await asyncio.sleep(3.0)   # snapshots delivered, updates flowing
        measuring, t0 = True, time.perf_counter()
        await asyncio.sleep(duration)
        measuring, elapsed = False, time.perf_counter() - t0
        for ws in sockets:
            await ws.close()
        for task in readers:
            task.cancel()
    return {"records_per_s": round(sum(counts) / elapsed, 1),
            "min_subscriber_records_per_s": round(min(counts) / elapsed, 1)}


# Each phase is bounded: its duration plus a minute for set-up and stragglers.
def closed_loop(*args) -> dict:
    return asyncio.run(asyncio.wait_for(_closed_loop(*args), args[-1] + 60))


def open_loop(*args) -> dict:
    return asyncio.run(asyncio.wait_for(_open_loop(*args), args[-1] + 60))


def ws_load(*args) -> dict:
    return asyncio.run(asyncio.wait_for(_ws_load(*args), args[-1] + 60))


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (Linux /proc; NaN elsewhere)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return float("nan")


def phase(load: ProcessPoolExecutor, pid: int, func, *args) -> tuple[dict, float]:
    """Run one load phase in the load process; its result and the gateway's CPU share
    over it (1.0 = one core busy)."""
    cpu0, t0 = cpu_seconds(pid), time.perf_counter()
    result = load.submit(func, *args).result()
    share = (cpu_seconds(pid) - cpu0) / (time.perf_counter() - t0)
    return result, round(share, 2)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every duration")
    args = parser.parse_args()
    s = args.scale
    out: dict = {"source": SOURCE}
    ctx = multiprocessing.get_context("spawn")
    http_codes = codes_for(100)
    path = "/v1/capital_flow?stock_list=" + ",".join(http_codes)
    ws_codes = codes_for(200)
    started = time.perf_counter()
    cpu: dict[str, float] = {}
    with ProcessPoolExecutor(1, mp_context=ctx) as load:
        with running_gateway(source=SOURCE) as gw:
            pid = gw.proc.pid
            got, cpu["closed_loop"] = phase(load, pid, closed_loop, gw.port, path, 100, 32,
                                            10 * s)
            out.update(got)
            got, cpu["open_loop"] = phase(load, pid, open_loop, gw.port, path, 100, 500.0,
                                          10 * s)
            out.update(got)
        with running_gateway(source=SOURCE) as gw:
            pid = gw.proc.pid
            feed, cpu["ws_1"] = phase(load, pid, ws_load, gw.port, ws_codes, 1, 15 * s)
            ws, cpu["ws_50"] = phase(load, pid, ws_load, gw.port, ws_codes, 50, 15 * s)
    out["feed_records_per_s"] = feed["records_per_s"]
    out["ws_records_per_s"] = ws["records_per_s"]
    out["ws_subscribers"], out["ws_codes"] = 50, len(ws_codes)
    out["ws_min_subscriber_records_per_s"] = ws["min_subscriber_records_per_s"]
    if feed["records_per_s"]:
        out["ws_fanout_efficiency"] = round(ws["records_per_s"] / (50 * feed["records_per_s"]),
                                            3)
    out["goals_met"] = {"max_rps>=2000": out["max_rps"] >= 2000,
                        "p99_ms<=20": out["p99_ms"] <= 20}
    out["gateway_cpu_share"] = cpu
    out["wall_s"] = round(time.perf_counter() - started, 1)
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
