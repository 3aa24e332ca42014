"""The fake OpenD of futu_push_bench.py in a process of its own, so that building and
writing 10,000 pushes a second does not share the measured process's GIL.

    python futu_push_child.py CODES TICKERS SIZE BIG

Prints `port N`; once every code is subscribed, `subscribed`; on a line `go` from
stdin pushes the burst over one second and prints one JSON line: the big tickers'
(code, sequence) and the perf_counter (CLOCK_MONOTONIC, the same clock in every
process) of their push, and the push packets written. A line `quit` ends it.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "gui"), str(ROOT)]

from tests.support.fake_opend import DIR_ASK, DIR_BID, FakeOpenD, FakeTicker  # noqa: E402

TICK_S = 0.01          # what is due is pushed every 10 ms
BIG_VALUE = 500_000    # HK's default minimum (the large tier's bound)


def codes_of(count: int) -> list[str]:
    return [f"HK.{1000 + 37 * i:05d}" for i in range(count)]


def plan_pushes(codes: list[str], tickers: int, size: int, big: float,
                rng: np.random.Generator) -> list[tuple[str, list[FakeTicker]]]:
    pushes, seq = [], dict.fromkeys(codes, 0)
    for i in range(tickers // size):
        code = codes[i % len(codes)]
        batch = []
        for _ in range(size):
            seq[code] += 1
            volume = 2_000 if rng.random() < big else 100     # x 400 HKD: 800,000 / 40,000
            batch.append(FakeTicker(400.0, volume, DIR_BID if rng.random() < 0.5 else DIR_ASK,
                                    sequence=seq[code]))
        pushes.append((code, batch))
    return pushes


def push_over_a_second(fake: FakeOpenD, pushes) -> list[tuple[str, int, float]]:
    start = time.perf_counter()
    sent, done = [], 0
    while done < len(pushes):
        due = min(len(pushes), int((time.perf_counter() - start) * len(pushes)) + 1)
        part = pushes[done:due]
        now = time.perf_counter()
        sent.extend((code, t.sequence, now) for code, tickers in part for t in tickers
                    if t.turnover >= BIG_VALUE)
        fake.push_many(part)
        done = due
        time.sleep(TICK_S)
    return sent


def main() -> None:
    count, tickers, size, big = (int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]),
                                 float(sys.argv[4]))
    codes = codes_of(count)
    with FakeOpenD(seed=1) as fake:
        fake.subscriptions.quota = 2 * count
        print(f"port {fake.port}", flush=True)
        while not set(codes) <= fake.subscriptions.subscribed():
            time.sleep(0.02)
        print("subscribed", flush=True)
        for line in sys.stdin:
            if line.strip() != "go":
                break
            pushes = plan_pushes(codes, tickers, size, big, np.random.default_rng(size))
            before = fake.pushes_sent
            start = time.perf_counter()
            sent = push_over_a_second(fake, pushes)
            took = time.perf_counter() - start
            print(json.dumps({"sent": sent, "push_s": took,
                              "packets": fake.pushes_sent - before}), flush=True)


if __name__ == "__main__":
    main()
