"""market_bench's simulator part (`market_bench.py --sim`): prints one JSON line.

The sim feed at speed 1 follows the default watchlist (its live updates running) and
a consumer reads the whole market of all four universes (~11,700 codes) through
SimFeed.market_tables at its fastest (4 tables a second) for --seconds:
- sim_universe_cpu_pct: process CPU time over wall time during that run, after the
  first table (building the four markets is build_s, once). Goal: <= 60.
- update_ms: p50/p99 of one table (the model brought to the clock, 11,700 rows of
  numbers, the followed rows laid over), measured in the worker thread's call.
- rss_mb: the process's RSS before the feed and after the run; traced_mb: Python
  memory the whole market holds (tracemalloc, a separate build of all four).
"""

from __future__ import annotations

import asyncio
import json
import time
import tracemalloc

import numpy as np
from tests.support.rss import current_mb

from flowdeck.core.codes import Market
from flowdeck.feeds.sim.feed import SimFeed
from flowdeck.feeds.sim.stocks import DEFAULT_WATCHLIST


async def _run(seconds: float) -> dict:
    feed = SimFeed()
    updates = feed.updates(list(DEFAULT_WATCHLIST))
    await feed.snapshot(list(DEFAULT_WATCHLIST))

    async def drain() -> None:
        async for _ in updates:
            pass

    live = asyncio.create_task(drain())
    start = time.perf_counter()
    first = await feed.market_table(list(Market))
    build = time.perf_counter() - start
    tables = 0
    cpu0, wall0 = time.process_time(), time.perf_counter()
    last = first
    async for table in feed.market_tables(list(Market)):
        tables += 1
        last = table
        if time.perf_counter() - wall0 >= seconds:
            break
    cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    samples: list[float] = []
    for _ in range(40):  # one table at a time, outside the CPU share's run
        await asyncio.sleep(0.05)
        t = time.perf_counter()
        feed.whole_market().table(list(Market))
        samples.append(time.perf_counter() - t)
    await feed.aclose()
    await live
    ms = np.asarray(samples) * 1e3
    return {"codes": len(first.codes), "followed": int(last.followed.sum()),
            "build_s": round(build, 2), "tables": tables, "seconds": round(wall, 1),
            "sim_universe_cpu_pct": round(100 * cpu / wall, 1),
            "update_ms": {"p50": round(float(np.percentile(ms, 50)), 2),
                          "p99": round(float(np.percentile(ms, 99)), 2)}}


def traced_mb() -> float:
    tracemalloc.start()
    feed = SimFeed()
    asyncio.run(feed.market_table(list(Market)))
    held = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    return round(held / 2**20, 1)


def sim_part(seconds: float) -> dict:
    before = current_mb()
    out = asyncio.run(_run(seconds))
    out["rss_mb"] = {"before": round(before, 1), "after": round(current_mb(), 1)}
    out["traced_mb"] = traced_mb()
    return {"bench": "market_sim", **out}


if __name__ == "__main__":
    print(json.dumps(sim_part(30.0)))
