"""The gateway's big trades on /v1/stream and GET /v1/trades: prints ONE JSON line.

    PYTHONPATH=gui python tests/bench/stream_trades_bench.py [--scale 1.0] [--subscribers 50]

The gateway runs in a subprocess (tests/gateway_proc.py, the simulator at speed 20:
its engine picks the big trades); the load comes from this process over 127.0.0.1.
Two phases on one gateway, each ~15 s, the same 200 codes (HK and SH):

- `plain`: N streams subscribed without trades: `records_per_s` delivered in all, and
  the gateway's CPU share (1.0 = one core busy);
- `trades`: N streams subscribed with `"trades": {"min_value": 0}` (every big trade):
  the same, plus `trades_per_s` delivered in all, `feed_trades_per_s` (what one stream
  gets: the trades of those codes the source prints), `trades_dropped` (a stream's
  queue overflowing: 0 expected) and `trade_lag_p99_ms` (a trade's arrival at a client
  after the first client got it: the fan-out's spread, this one reading process's
  included; `record_lag_p99_ms` is the same for the records, in both phases).

Then `GET /v1/trades?code=...&limit=200` closed loop for a few seconds (one client,
keep-alive, aiohttp): `trades_api_p50_ms` / `p99_ms`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "gui"), str(ROOT)]

from tests.gateway_proc import running_gateway  # noqa: E402

from flowdeck.api.token_file import read_token  # noqa: E402

SOURCE = "sim?speed=20&interval=0.2"
HOST = "127.0.0.1"


def codes_for(n: int) -> list[str]:
    return [f"HK.{i // 2 + 1:05d}" if i % 2 == 0 else f"SH.{600000 + i // 2:06d}"
            for i in range(n)]


def cpu_seconds(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return float("nan")


async def streams(port: int, codes: list[str], n: int, duration: float,
                  trades: bool) -> dict:
    import aiohttp
    records = [0] * n
    snapshots = [0] * n
    got = [0] * n
    dropped = [0] * n
    first_seen: dict[tuple, float] = {}
    spread: list[float] = []
    record_spread: list[float] = []
    measuring = False
    headers = {"Authorization": f"Bearer {read_token(port)}"}
    async with aiohttp.ClientSession(headers=headers) as session:
        sockets = [await session.ws_connect(f"http://{HOST}:{port}/v1/stream",
                                            max_msg_size=0) for _ in range(n)]

        async def reader(i: int, ws) -> None:
            async for msg in ws:
                if msg.type is not aiohttp.WSMsgType.TEXT:
                    break
                data = json.loads(msg.data)
                snapshots[i] += data.get("snapshot") is True
                if not measuring or data.get("type") != "batch" or data["snapshot"]:
                    continue
                records[i] += len(data["records"])
                now = time.perf_counter()
                for r in data["records"]:
                    first = first_seen.setdefault((r["code"], r["update_time"]), now)
                    if first != now:
                        record_spread.append(now - first)
                items = data.get("trades") or []
                got[i] += len(items)
                dropped[i] += data.get("trades_dropped", 0)
                for t in items:
                    key = (t["code"], t["seq"])
                    first = first_seen.setdefault(key, now)
                    if first != now:
                        spread.append(now - first)

        readers = [asyncio.create_task(reader(i, ws)) for i, ws in enumerate(sockets)]
        ask: dict = {"op": "subscribe", "stock_list": codes}
        if trades:
            ask["trades"] = {"min_value": 0}
        for ws in sockets:
            await ws.send_json(ask)
        while not all(snapshots):   # every snapshot read (the day's trades: ~2 MB each)
            await asyncio.sleep(0.1)
        await asyncio.sleep(3.0)   # updates flowing, the reader caught up
        measuring, t0 = True, time.perf_counter()
        await asyncio.sleep(duration)
        measuring, elapsed = False, time.perf_counter() - t0
        for ws in sockets:
            await ws.close()
        for task in readers:
            task.cancel()
    spread.sort()
    record_spread.sort()
    out = {"records_per_s": round(sum(records) / elapsed, 1),
           "record_lag_p99_ms": round(1000 * record_spread[int(0.99 * (len(record_spread)
                                                                      - 1))], 1)}
    if trades:
        out.update(trades_per_s=round(sum(got) / elapsed, 1),
                   feed_trades_per_s=round(max(got) / elapsed, 1),
                   trades_dropped=sum(dropped),
                   trade_lag_p99_ms=round(1000 * spread[int(0.99 * (len(spread) - 1))], 1)
                   if spread else None)
    return out


async def trades_api(port: int, codes: list[str], duration: float) -> dict:
    import aiohttp
    headers = {"Authorization": f"Bearer {read_token(port)}"}
    times: list[float] = []
    async with aiohttp.ClientSession(headers=headers) as session:
        url = f"http://{HOST}:{port}/v1/trades"
        end = time.perf_counter() + duration
        i = 0
        while time.perf_counter() < end:
            t0 = time.perf_counter()
            async with session.get(url, params={"code": codes[i % len(codes)],
                                                "limit": "200"}) as resp:
                await resp.read()
                assert resp.status == 200, resp.status
            times.append(time.perf_counter() - t0)
            i += 1
    times.sort()
    return {"trades_api_requests": len(times),
            "trades_api_p50_ms": round(1000 * statistics.median(times), 2),
            "trades_api_p99_ms": round(1000 * times[int(0.99 * (len(times) - 1))], 2)}


def phase(pid: int, coro) -> tuple[dict, float]:
    cpu0, t0 = cpu_seconds(pid), time.perf_counter()
    result = asyncio.run(asyncio.wait_for(coro, 120))
    return result, round((cpu_seconds(pid) - cpu0) / (time.perf_counter() - t0), 2)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every duration")
    parser.add_argument("--subscribers", type=int, default=50)
    args = parser.parse_args()
    codes, n, s = codes_for(200), args.subscribers, args.scale
    out: dict = {"source": SOURCE, "codes": len(codes), "subscribers": n}
    started = time.perf_counter()
    with running_gateway(source=SOURCE) as gw:
        pid = gw.proc.pid
        plain, cpu_plain = phase(pid, streams(gw.port, codes, n, 15 * s, False))
        with_trades, cpu_trades = phase(pid, streams(gw.port, codes, n, 15 * s, True))
        api, cpu_api = phase(pid, trades_api(gw.port, codes, 5 * s))
    out["plain"] = {**plain, "gateway_cpu_share": cpu_plain}
    out["trades"] = {**with_trades, "gateway_cpu_share": cpu_trades}
    out.update(api)
    out["trades_api_gateway_cpu_share"] = cpu_api
    out["wall_s"] = round(time.perf_counter() - started, 1)
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
