"""gateway:// Market view table benchmark: prints one JSON line.

    .venv/bin/python tests/bench/gateway_market_bench.py [--market HK] [--repeats 40]

A GatewayFeed's market_table (what the Market view asks 4 times a second on a
gateway:// source) against an in-process gateway on the simulator, one table every
0.3 s (each a fresh answer: the gateway keeps one for 0.25 s):

- table_p50_ms, table_p99_ms: the whole call as the window awaits it (the upstream's
  table built and encoded, sent, parsed and decoded in worker threads);
- bytes_base64, bytes_json: one answer's size as the client asks it, and as JSON lists;
- decode_ms: the client's parse and decode of one base64 answer, on one thread.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "gui"), str(ROOT)]

from tests.support.server_fakes import SERVED_TOKEN, served  # noqa: E402

from flowdeck.core import json_text  # noqa: E402
from flowdeck.feeds.gateway import GatewayFeed  # noqa: E402
from flowdeck.feeds.gateway_market import decode_table  # noqa: E402
from flowdeck.feeds.sim.feed import SimFeed  # noqa: E402


async def bench(market: str, repeats: int) -> dict:
    async with served(SimFeed("sim?seed=1", seed=1)) as client:
        feed = GatewayFeed("127.0.0.1", client.server.port, token=SERVED_TOKEN)
        await feed.market_table(market)  # builds the upstream's market, asks the names
        times = []
        for _ in range(repeats):
            await asyncio.sleep(0.3)
            start = time.perf_counter()
            await feed.market_table(market)
            times.append((time.perf_counter() - start) * 1e3)
        sizes = {}
        for encoding in ("base64", "json"):
            resp = await client.get("/v1/market", params={"market": market,
                                                          "encoding": encoding})
            sizes[encoding] = await resp.read()
        start = time.perf_counter()
        decode_table(json_text.loads(sizes["base64"])["data"], "bench")
        decode_ms = (time.perf_counter() - start) * 1e3
        await feed.aclose()
    return {"bench": "gateway_market", "market": market, "repeats": repeats,
            "table_p50_ms": round(float(np.percentile(times, 50)), 2),
            "table_p99_ms": round(float(np.percentile(times, 99)), 2),
            "bytes_base64": len(sizes["base64"]), "bytes_json": len(sizes["json"]),
            "decode_ms": round(decode_ms, 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--market", default="HK")
    parser.add_argument("--repeats", type=int, default=40)
    args = parser.parse_args()
    print(json.dumps(asyncio.run(bench(args.market, args.repeats))))


if __name__ == "__main__":
    main()
