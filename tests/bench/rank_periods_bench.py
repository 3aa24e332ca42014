"""/v1/rank over a period benchmark: prints one JSON line.

    .venv/bin/python tests/bench/rank_periods_bench.py [--market ALL] [--period 5d]
        [--field main_net_inflow_ratio] [--days 20] [--repeats 5]

An in-process gateway on the simulator (its clock held: ~11,700 codes over ALL)
whose own archive holds `--days` trading days of every code of the market (written
once, untimed, in a temp dir). Each repeat is a new gateway (its periods not read
yet), the simulator's table already built by a today answer:

- today_ms: a today answer (table, ranking, encoding) for reference;
- cold_ms: the first period answer (the archive's 40 days read for every code and the
  field's series built, in a worker thread, then the answer);
- fresh_ms: a period answer made again (the answer 0.25 s old, the archived part
  kept: today's values added, ranked, encoded);
- cached_ms: the same request at once (the answer shared).
Medians over the repeats, with min and max. A ratio field by default: over ALL an
amount needs the settings' rates.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "gui"), str(ROOT)]

from tests.support.day_flows import day_flows, trading_days  # noqa: E402
from tests.support.server_fakes import served  # noqa: E402

from flowdeck.core.market_periods import table_live_days  # noqa: E402
from flowdeck.core.markets import MARKET_ORDER  # noqa: E402
from flowdeck.feeds.sim.feed import SimFeed  # noqa: E402
from flowdeck.server.archive_keeper import GatewayArchive  # noqa: E402
from flowdeck.storage.archive import Archive  # noqa: E402

IDENTITY = "sim:seed=1"


def sim() -> SimFeed:
    return SimFeed("sim?seed=1", seed=1, monotonic=lambda: 1000.0)


async def archive(path: Path, market: str, days: int) -> int:
    """`days` trading days before each market's live day for every code."""
    table = await sim().market_table(market)
    live = table_live_days(table)
    with Archive.open(path, IDENTITY) as store:
        for position in np.unique(table.market).tolist():
            codes = [c for c, m in zip(table.codes, table.market.tolist(), strict=True)
                     if m == position]
            last = live[MARKET_ORDER[position]] - dt.timedelta(days=1)
            for day in trading_days(days, last):
                store.save(day_flows(codes, day, 1, minutes=False))
    return len(table.codes)


async def timed(client, params: dict) -> float:
    start = time.perf_counter()
    got = await (await client.get("/v1/rank", params=params)).json()
    elapsed = (time.perf_counter() - start) * 1e3
    assert got["ret_code"] == 0, got
    return elapsed


async def bench(market: str, period: str, field: str, days: int, repeats: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "gateway.sqlite"
        codes = await archive(path, market, days)
        asked = {"market": market, "period": period, "field": field, "top": "50"}
        figures: dict[str, list[float]] = {"today": [], "cold": [], "fresh": [],
                                           "cached": []}
        for _ in range(repeats):
            keeper = GatewayArchive(path, IDENTITY)
            async with served(sim(), archive=keeper) as client:
                await keeper.wait_ready()
                await timed(client, {**asked, "period": "today"})  # the sim's table built
                await asyncio.sleep(0.3)
                figures["today"].append(await timed(client, {**asked, "period": "today"}))
                figures["cold"].append(await timed(client, asked))
                await asyncio.sleep(0.3)
                figures["fresh"].append(await timed(client, asked))
                figures["cached"].append(await timed(client, asked))
    out: dict = {"bench": "rank_periods", "market": market, "period": period,
                 "field": field, "codes": codes, "archived_days": days,
                 "repeats": repeats}
    for name, values in figures.items():
        out[f"{name}_ms"] = round(float(np.median(values)), 1)
        out[f"{name}_range_ms"] = [round(min(values), 1), round(max(values), 1)]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--market", default="ALL")
    parser.add_argument("--period", default="5d")
    parser.add_argument("--field", default="main_net_inflow_ratio")
    parser.add_argument("--days", type=int, default=20)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    print(json.dumps(asyncio.run(bench(args.market, args.period, args.field, args.days,
                                       args.repeats))))


if __name__ == "__main__":
    main()
