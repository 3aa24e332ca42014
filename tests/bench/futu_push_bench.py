"""futu:// pushes benchmark: a burst of tickers from the fake OpenD (in a process of its
own, futu_push_child.py) through the real SDK, FutuFeed, the Follower, the LiveStore and
the Big trades dock; prints one JSON line per push size.

    .venv/bin/python tests/bench/futu_push_bench.py [--tickers 10000] [--sizes 1,10,100]
        [--codes 40] [--big 0.2] [--trade-urgent] [--no-dock]

`--tickers` tickers are pushed evenly over one second, `size` to a push (each push its
own Qot_UpdateTicker packet), over `--codes` HK codes; a fraction `--big` of them are at
or above HK's minimum value (the large tier's bound), the rest below it. The Follower
runs as the window runs it (at most 5 writes a second, a batch with big trades at most
50 ms after the last write); with `--trade-urgent`, such a batch is written at once (a
Follower urgent hook). The dock is the window's
(ui/tape, shown offscreen, the loop qasync's in Qt's) unless `--no-dock`.

- push_to_change_ms_p50 / _p99 / _max: from the push leaving the fake to the LiveStore's
  Change that carries its big trade.
- push_to_screen_ms_p50 / _p99 / _max: to the first paint of the dock's view after it.
- lag_p99_ms / lag_max_ms: how late a 10 ms heartbeat on the loop (Qt's, with the dock)
  woke during the burst: the window's UI goal is lag_p99_ms <= 25 (table_bench).
- absorbed: big trades that reached the store, of `big_pushed`; absorb_s: from the
  first push to the last one's Change (1 s is keeping up); pushes_per_s: packets the
  fake wrote a second; applies: the Follower's writes.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "gui"), str(ROOT)]

from flowdeck.core.quota import QuotaPolicy  # noqa: E402
from flowdeck.feeds.futu.feed import FutuFeed  # noqa: E402
from flowdeck.live.follow import Follower  # noqa: E402
from flowdeck.live.store import BATCH, LiveStore  # noqa: E402

CHILD = Path(__file__).with_name("futu_push_child.py")


def codes_of(count: int) -> list[str]:  # as the child makes them
    return [f"HK.{1000 + 37 * i:05d}" for i in range(count)]


def percentiles(name: str, seconds: list[float]) -> dict:
    ms = np.array(seconds) * 1e3 if seconds else np.array([np.nan])
    return {f"{name}_p50": round(float(np.percentile(ms, 50)), 2),
            f"{name}_p99": round(float(np.percentile(ms, 99)), 2),
            f"{name}_max": round(float(ms.max()), 2)}


async def line_of(proc: subprocess.Popen) -> str:
    line = await asyncio.to_thread(proc.stdout.readline)
    if not line:
        raise RuntimeError("the fake OpenD's process ended")
    return line.strip()


async def one_size(size: int, args) -> dict:
    proc = subprocess.Popen([sys.executable, str(CHILD), str(args.codes), str(args.tickers),
                             str(size), str(args.big)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    store = LiveStore()
    changed: dict[tuple[str, int], float] = {}
    painted: dict[tuple[str, int], float] = {}
    waiting: list[tuple[str, int]] = []
    dock = _dock(store, painted, waiting) if args.dock else None

    def on_change(change) -> None:
        if change.kind != BATCH or not len(change.trades):
            return
        now = time.perf_counter()
        for key in zip(change.trades.codes, change.trades.seq.tolist(), strict=True):
            changed.setdefault(key, now)
            waiting.append(key)
    store.add_listener(on_change)
    follower = None
    try:
        port = int((await line_of(proc)).split()[1])
        feed = FutuFeed("127.0.0.1", port, policy=QuotaPolicy())
        follower = Follower(store, opener=lambda _s: feed)
        if args.trade_urgent:
            follower.add_urgent(lambda batch: len(batch.trades) > 0)
        follower.start(feed, codes_of(args.codes))
        assert await line_of(proc) == "subscribed"
        deadline = time.monotonic() + 60
        while follower.state.state != "live" or not follower.applies:   # past the snapshot
            if time.monotonic() > deadline:
                raise RuntimeError("the Follower did not go live within 60 s")
            await asyncio.sleep(0.05)
        lags: list[float] = []
        beat = asyncio.ensure_future(heartbeat(lags))
        proc.stdin.write("go\n")
        proc.stdin.flush()
        burst = json.loads(await line_of(proc))
        sent = {(code, seq): at for code, seq, at in burst["sent"]}
        deadline = time.monotonic() + 10
        while not set(sent) <= set(painted if dock else changed) and time.monotonic() < deadline:
            await asyncio.sleep(0.02)
        beat.cancel()
        first = min(sent.values())
        out = {"bench": "futu_push", "size": size, "tickers": args.tickers,
               "big_pushed": len(sent), "absorbed": len(set(sent) & set(changed)),
               **percentiles("push_to_change_ms", [changed[k] - t for k, t in sent.items()
                                                   if k in changed])}
        if dock is not None:
            out.update(percentiles("push_to_screen_ms", [painted[k] - t for k, t in sent.items()
                                                         if k in painted]))
        out.update(lag_p99_ms=round(float(np.percentile(lags, 99)) * 1000, 2) if lags else None,
                   lag_max_ms=round(max(lags, default=0.0) * 1000, 2))
        out.update(absorb_s=round(max(changed.values(), default=first) - first, 3),
                   push_s=round(burst["push_s"], 3),
                   pushes_per_s=round(burst["packets"] / burst["push_s"]),
                   applies=follower.applies, trade_urgent=args.trade_urgent)
        return out
    finally:
        if follower is not None:
            await follower.stop()
        if dock is not None:
            dock.close()
            dock.deleteLater()
        if proc.poll() is None:
            proc.stdin.write("quit\n")
            proc.stdin.flush()
        proc.wait(10)


HEARTBEAT_S = 0.010


async def heartbeat(lags: list[float]) -> None:
    """How late each 10 ms sleep on the loop wakes (the UI's lag while the burst lands)."""
    last = time.perf_counter()
    while True:
        await asyncio.sleep(HEARTBEAT_S)
        now = time.perf_counter()
        lags.append(max(0.0, now - last - HEARTBEAT_S))
        last = now


def _dock(store: LiveStore, painted: dict, waiting: list):
    """The Big trades dock over `store`, shown; a paint of its view is the screen time
    of every trade changed before it."""
    from PySide6.QtCore import QEvent, QObject

    from flowdeck.ui.tape.tape_dock import TapeDock

    class Paints(QObject):
        def eventFilter(self, watched, event) -> bool:  # Qt calls it
            if event.type() == QEvent.Type.Paint and waiting:
                now = time.perf_counter()
                for key in waiting:
                    painted.setdefault(key, now)
                waiting.clear()
            return False

    dock = TapeDock(store)
    dock.resize(640, 480)
    dock.show()
    dock.paints = Paints(dock)
    dock.view.viewport().installEventFilter(dock.paints)
    return dock


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tickers", type=int, default=10_000)
    parser.add_argument("--sizes", default="1,10,100")
    parser.add_argument("--codes", type=int, default=40)
    parser.add_argument("--big", type=float, default=0.2)
    parser.add_argument("--trade-urgent", action="store_true")
    parser.add_argument("--no-dock", dest="dock", action="store_false")
    args = parser.parse_args()
    run = asyncio.run
    if args.dock:  # the dock paints in Qt's loop: qasync runs ours in it
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        import qasync
        from PySide6.QtWidgets import QApplication
        app = QApplication.instance() or QApplication([])

        def run(coro):
            loop = qasync.QEventLoop(app)
            try:
                return loop.run_until_complete(coro)
            finally:
                loop.close()
    for size in (int(s) for s in args.sizes.split(",")):
        print(json.dumps(run(one_size(size, args))), flush=True)


if __name__ == "__main__":
    main()
