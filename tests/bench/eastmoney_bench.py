"""East Money source benchmark (issue 23): prints one JSON line.

    PYTHONPATH=gui:. python tests/bench/eastmoney_bench.py [--codes 20,100,500] [--minutes 30]

The `eastmoney://` feed under its default budget (1 request a second) on a virtual
clock, against the fake answered in-process (tests/support/fake_eastmoney/local.py),
during trading hours, following N SZ codes with one priority (selected) code. After a
warm-up of 5 virtual minutes, over `--minutes` virtual minutes:

- requests_per_min: requests sent a minute, all endpoints together (ulist: the fields,
  fflow: the minute series);
- fields_age_s max / median: every row's age (feed.ages(), what the window's stale
  marks use) sampled every virtual second;
- minutes_gap_s max / median: the time between two requests of one code's minute
  series (the sparklines' freshness); priority_minutes_gap_s for the selected code;
  codes_minutes_asked_once: codes asked fewer than twice in the window (not in the gaps).
Virtual time makes the figures deterministic; `wall_s` is what the run took for real.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "gui"), str(ROOT)]  # run as README says, from any folder

from tests.support.clock import VirtualClock  # noqa: E402
from tests.support.fake_eastmoney.local import local_feed  # noqa: E402
from tests.support.fake_eastmoney.minutes import FakeMinutes  # noqa: E402
from tests.support.fake_eastmoney.quotes import FakeQuotes  # noqa: E402
from tests.support.fake_eastmoney.server import FakeEastMoney  # noqa: E402

from flowdeck.feeds.eastmoney.fields import ULIST_PATH  # noqa: E402
from flowdeck.feeds.eastmoney.minutes import FFLOW_PATH  # noqa: E402

WARM_UP = 300.0


async def measure(n: int, minutes: float) -> dict:
    clock, fake = VirtualClock(), FakeEastMoney()
    asked: dict[str, list[float]] = defaultdict(list)
    answer_minutes = FakeMinutes().answer

    def minutes_answer(params):
        asked[params["secid"]].append(clock())
        return answer_minutes(params)

    fake.route(ULIST_PATH, FakeQuotes().answer)
    fake.route(FFLOW_PATH, minutes_answer)
    feed = local_feed(fake, clock)
    codes = [f"SZ.{i:06d}" for i in range(1, n + 1)]
    feed.set_priority(codes[:1])

    async def drain():
        async for _ in feed.updates(codes):
            pass

    reader = asyncio.create_task(drain())
    await clock.advance(WARM_UP)
    start, before = clock(), dict(fake.counts)
    ages: list[float] = []
    for _ in range(int(minutes * 60)):
        await clock.advance(1.0)
        ages.extend(a for a in feed.ages().values() if a is not None)
    sent = {p: fake.counts[p] - before.get(p, 0) for p in (ULIST_PATH, FFLOW_PATH)}
    reader.cancel()
    await feed.aclose()
    gaps, first, once = [], [], 0
    for secid, times in asked.items():
        steady = [t for t in times if t >= start]
        once += len(steady) < 2   # a round longer than the window: not in the gaps
        pairs = [b - a for a, b in itertools.pairwise(steady)]
        (first if secid == "0.000001" else gaps).extend(pairs)
    return {"requests_per_min": round(sum(sent.values()) / minutes, 1),
            "ulist_per_min": round(sent[ULIST_PATH] / minutes, 1),
            "fflow_per_min": round(sent[FFLOW_PATH] / minutes, 1),
            "fields_age_s": {"max": round(max(ages), 1),
                             "median": round(statistics.median(ages), 1)},
            "minutes_gap_s": {"max": round(max(gaps), 1),
                              "median": round(statistics.median(gaps), 1)},
            "priority_minutes_gap_s": round(max(first), 1) if first else None,
            "codes_minutes_asked_once": once}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--codes", default="20,100,500")
    parser.add_argument("--minutes", type=float, default=30.0)
    args = parser.parse_args()
    out: dict = {"bench": "eastmoney", "budget_per_s": 1.0, "virtual_minutes": args.minutes}
    began = time.perf_counter()
    for n in (int(x) for x in args.codes.split(",")):
        out[str(n)] = asyncio.run(measure(n, args.minutes))
    out["wall_s"] = round(time.perf_counter() - began, 2)
    print(json.dumps(out, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
