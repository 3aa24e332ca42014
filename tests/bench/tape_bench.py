"""The big-trade tape's path end to end: prints one JSON line.

    PYTHONPATH=gui python tests/bench/tape_bench.py [--codes 2000] [--steps 40]
        [--day-codes 5000] [--day-minutes 30] [--speed 20]

The path: the simulator (its trades through the flow engine, which picks the big ones at
the default thresholds, the large tier's bound) -> its batch (SimMarket's cursor, as
SimFeed sends it) -> the Follower's Coalescer -> LiveStore.apply (its tape drops
repeats and keeps the caps) -> the views listening to the store's Changes (`views`:
a listener that takes each Change's trades, as the alerts do, and the Big trades dock's
model, ui/tape's TapeModel, as the window has it: one insert a Change on top of its
2,000 rows, under an offscreen QApplication; then its view, 620x600 as the window's
dock, grabbed after each Change with trades: `dock_paint_ms` p50/p99).
Driven by an injected clock, one batch per 0.5 s of wall time at `--speed`, as fast as
the machine goes: every market at its open (the busiest half hour).

- `trades_per_s`, `big_per_s`: trades (and big ones) the path absorbed per second of
  this process's time, `--codes` codes (a quarter per market) for `--steps` batches
  after a warm-up. Goal: >= 20,000 trades/s of which 2,000/s big.
- `rss_growth_mb`: in a child process, the resident memory the first `--day-minutes`
  of a simulated day of `--day-codes` codes grew (the snapshot taken, as the window
  starts), with the tape on; `rss_growth_off_mb` the same with no trade big enough (the
  rest of the path: history, records); `tape_bound_mb` what the caps allow the rows
  (the store's tape and the simulator's kept day: `total` rows each, 47 bytes a row
  in columns with up to half as much room to append; the simulator's log of new ones:
  10,000 rows of 50 bytes), MB of 10**6 bytes as the RSS. The tape is full
  (`tape_rows` = total) within the first minutes, after which it no longer grows.
  `--day-minutes 390` runs a whole day (~10 min on a 2-core machine).

Figures vary with the machine's load: run it 2-3 times.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "gui")]

from table_bench_child import codes_for, rss_mb  # noqa: E402  (the table bench's codes)

from flowdeck.core.big_trade_thresholds import BigTradeThresholds, TapeSettings  # noqa: E402
from flowdeck.core.coalesce import Coalescer  # noqa: E402
from flowdeck.core.codes import Market  # noqa: E402
from flowdeck.core.trade_tape import TOTAL  # noqa: E402
from flowdeck.feeds.big_trade_log import KEEP_ROWS  # noqa: E402
from flowdeck.feeds.sim import clock as sim_clock  # noqa: E402
from flowdeck.feeds.sim.market import SimMarket  # noqa: E402
from flowdeck.launcher import keep_heap_small  # noqa: E402
from flowdeck.live.store import LiveStore  # noqa: E402

SATURDAY = dt.datetime(2025, 3, 15, 12, 0, tzinfo=dt.UTC)  # every market closed: clocks
OPENS = {m: dt.time(9, 30) for m in Market}  # start at these times of Friday
STEP_S = 0.5  # wall seconds a batch (SimFeed's interval)
# Bytes a row: the tape's columns (4 floats, side, tier, seq, code number, alive flag);
# the log's BigTrades (4 floats, side, tier, seq, a pointer to the code's text).
TAPE_ROW = 8 * 4 + 1 + 1 + 8 + 4 + 1
LOG_ROW = 8 * 4 + 1 + 1 + 8 + 8


class Taker:
    """A view that takes each Change's big trades (as the dock and the alerts do)."""

    def __init__(self) -> None:
        self.trades = 0
        self.value = 0.0

    def __call__(self, change) -> None:
        trades = change.trades
        if len(trades):
            self.trades += len(trades)
            self.value += float(trades.value.sum())


_APP: list[object] = []  # the QApplication the dock's model needs, made once


class DockPaint:
    """The dock's rows painted after each Change with trades, as the shown dock is
    repainted (the window merges several Changes in one frame; this paints each)."""

    def __init__(self, model) -> None:
        from flowdeck.ui.tape.tape_view import TapeView

        self.view = TapeView(model, "tapeView")
        self.view.resize(620, 600)
        self.ms: list[float] = []

    def __call__(self, change) -> None:
        if len(change.trades):
            start = time.perf_counter()
            self.view.grab()
            self.ms.append((time.perf_counter() - start) * 1e3)


def views(store: LiveStore) -> list[object]:
    """The store's listeners the path ends in: the taker, the Big trades dock's model
    and its view's paint."""
    taker = Taker()
    store.add_listener(taker)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from flowdeck.ui.tape.tape_model import TapeModel
    if not _APP:
        _APP.append(QApplication.instance() or QApplication([]))
    model = TapeModel(store)
    paint = DockPaint(model)
    store.add_listener(paint)
    return [taker, model, paint]


class Path_:
    """The simulator, the coalescer and the store, on an injected clock."""

    def __init__(self, n: int, speed: float, tape_on: bool = True) -> None:
        sim_clock.START_TIMES.update(OPENS)
        self.wall = 0.0
        self.sim = SimMarket(seed=1, speed=speed, now=SATURDAY, monotonic=lambda: self.wall)
        if not tape_on:
            never = BigTradeThresholds(markets={m: float("inf") for m in Market})
            self.sim.big.set_settings(TapeSettings(never))
        self.codes = sorted(codes_for(n))
        self.store = LiveStore()
        self.store.set_codes(self.codes, 0.0)
        self.views = views(self.store)
        self.coalescer = Coalescer()
        self.store.apply(self.sim.snapshot_batch(self.codes, wall=0.0), 0.0)
        self.cursor = self.sim.cursor(self.codes)

    def counted(self) -> int:
        return int(self.sim.engine.trades.sum())

    def step(self) -> None:
        self.wall += STEP_S
        self.sim.advance(self.wall)
        self.coalescer.add(self.cursor.next_batch())
        batch, restart = self.coalescer.take()
        self.store.apply(batch, self.wall, restart=restart)


def throughput(n: int, steps: int, speed: float, warm: int = 5) -> dict:
    path = Path_(n, speed)
    for _ in range(warm):
        path.step()
    taker, paint = path.views[0], path.views[2]
    trades0, big0 = path.counted(), taker.trades
    paint.ms.clear()
    start = time.process_time()
    for _ in range(steps):
        path.step()
    spent = time.process_time() - start
    trades, big = path.counted() - trades0, taker.trades - big0
    dock = path.views[1]
    return {"codes": n, "steps": steps, "trades_per_s": round(trades / spent),
            "big_per_s": round(big / spent), "big_share": round(big / max(trades, 1), 3),
            "batch_ms": round(spent / steps * 1e3, 1), "dock_rows": dock.rowCount(),
            "dock_inserts": dock.inserts,
            "dock_paint_ms": [round(float(np.percentile(paint.ms, q)), 1) for q in (50, 99)]
            if paint.ms else None}


def day(n: int, minutes: float, speed: float, tape_on: bool) -> dict:
    """In this process (a child): the RSS growth over `minutes` of the day."""
    keep_heap_small()  # as flowdeck's entry point does
    path = Path_(n, speed, tape_on)
    before = rss_mb()
    steps = int(minutes * 60 / (speed * STEP_S))
    for _ in range(steps):
        path.step()
    return {"rss_growth_mb": round(rss_mb() - before, 1), "tape_rows": len(path.store.tape),
            "big": path.views[0].trades, "trades": path.counted(),
            "local_time": next(iter(path.sim.batch(path.codes[:1]).markets.values())).local_time}


def day_in_child(args: argparse.Namespace, tape_on: bool) -> dict:
    command = [sys.executable, __file__, "--child-day", "on" if tape_on else "off",
               "--day-codes", str(args.day_codes), "--day-minutes", str(args.day_minutes),
               "--speed", str(args.speed)]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--codes", type=int, default=2000)
    parser.add_argument("--steps", type=int, default=40)
    parser.add_argument("--speed", type=float, default=20.0)
    parser.add_argument("--day-codes", type=int, default=5000)
    parser.add_argument("--day-minutes", type=float, default=30.0)
    parser.add_argument("--child-day", choices=("on", "off"))
    args = parser.parse_args(argv)
    if args.child_day:
        print(json.dumps(day(args.day_codes, args.day_minutes, args.speed,
                             args.child_day == "on")), flush=True)
        return 0
    out = throughput(args.codes, args.steps, args.speed)
    on, off = day_in_child(args, True), day_in_child(args, False)
    bound = 2 * TOTAL * TAPE_ROW * 1.5 + KEEP_ROWS * LOG_ROW
    out.update({"day_codes": args.day_codes, "day_minutes": args.day_minutes,
                "day_trades": on["trades"], "day_big": on["big"],
                "tape_rows": on["tape_rows"], "rss_growth_mb": on["rss_growth_mb"],
                "rss_growth_off_mb": off["rss_growth_mb"],
                "tape_growth_mb": round(on["rss_growth_mb"] - off["rss_growth_mb"], 1),
                "tape_bound_mb": round(bound / 1e6, 1), "day_ended_at": on["local_time"]})
    print(json.dumps(out), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
