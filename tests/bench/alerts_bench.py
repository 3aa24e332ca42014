"""Alerts benchmark: prints one JSON line.

    PYTHONPATH=gui python tests/bench/alerts_bench.py [--batches 60] [--notify-batches 20]

- eval_ms: median time of `AlertEngine.evaluate` for one batch that updates all 5,000
  codes (the 12 numbers of each, random walks) against 1,000 rules: 900 on single codes,
  90 on 200-code watchlists, 10 on all codes (68,900 rule x code pairs); also
  eval_p99_ms, pairs and alerts_per_batch. naive_eval_ms is the same batch checked rule by
  rule and code by code in Python (what a loop over rules would do), with
  eval_ratio = naive / ours. and_eval_ms: the same with 100 of the single-code rules
  and 30 of the watchlist rules given a 2nd condition (AND, issue 22) and 10 of those a
  3rd (6,100 pairs with more than one condition).
- notify_ms: median time from a batch leaving the feed to the tray's `showMessage` call,
  through the real path: the window's Follower (coalescing, at most 5 applies a
  second) into the table model, then the AlertCenter (engine, the alert log appended and
  fsynced on disk, the tray notifier). Offscreen there is no tray to show the message, so
  `Tray.show_message` is wrapped to take the time and then calls the real one. Batches of
  5,000 codes arrive once a second and each makes one code cross its rule. Also
  notify_p99_ms. With `--channels 3` (issue 22) every rule also names three webhook
  channels to a healthy receiver on 127.0.0.1, sent by the window's Deliveries, a
  notifier after the tray's (the outbox written, synchronous=FULL): the tray path must
  be no slower than with `--channels 0` (compare the two runs' notify_ms).
Goal: eval_ms <= 2.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "gui"), str(Path(__file__).parent), str(ROOT)]
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from table_bench_child import codes_for  # noqa: E402

from flowdeck.core.alert_rules import Op, Rule, make_rule  # noqa: E402
from flowdeck.core.alerts import AlertEngine  # noqa: E402
from flowdeck.core.batch import Batch, RecordColumns  # noqa: E402
from flowdeck.core.records import NUMERIC_KEYS, CapitalFlowRecord  # noqa: E402

N_CODES = 5000
TIME = "2025-03-14 10:00:00"


def with_and_conditions(rules: list[Rule]) -> list[Rule]:
    """Every 9th single-code rule and every 3rd watchlist rule ANDed with a ratio
    condition; every 10th of those with a 3rd."""
    out = []
    picked = 0
    for i, rule in enumerate(rules):
        if (i < 900 and i % 9 == 0) or (900 <= i < 990 and i % 3 == 0):
            more = [{"field": "main_net_inflow_ratio", "op": ">", "threshold": "1%"}]
            if picked % 10 == 0:
                more.append({"field": "super_net_inflow", "op": "<", "threshold": "1亿"})
            picked += 1
            rule = make_rule(rule.scope, rule.field, rule.op.value, rule.threshold,
                             rule.hysteresis, rule.cooldown_s, conditions=more)
        out.append(rule)
    return out


def bench_rules(codes: list[str]) -> tuple[list[Rule], dict[str, list[str]]]:
    lists = {f"L{i}": codes[i * 200:(i + 1) * 200] for i in range(N_CODES // 200)}
    rules = []
    for i in range(900):
        field = NUMERIC_KEYS[i % 12]
        threshold = "5%" if field.endswith("_ratio") else "1000万"
        rules.append(make_rule(f"code:{codes[i * 5]}", field, ">", threshold, cooldown_s=0))
    ops = [">", "<", "crosses"]
    for i in range(90):
        field = NUMERIC_KEYS[i % 12]
        rules.append(make_rule(f"watchlist:L{i % len(lists)}", field, ops[i % 3],
                               "0%" if field.endswith("_ratio") else "0", cooldown_s=60))
    for i in range(10):
        rules.append(make_rule("all", NUMERIC_KEYS[(2 * i) % 12], "<", "-5000万",
                               hysteresis="500万"))
    return rules, lists


def walk(rng: np.random.Generator, values: np.ndarray) -> np.ndarray:
    values = values + rng.normal(0, 2e6, values.shape)
    values[:, 1::2] = np.clip(values[:, 0::2] / 4e8, -1, 1)  # ratios from the amounts
    return values


def naive_evaluate(rules: list[Rule], lists: dict[str, list[str]], state: dict,
                   codes: list[str], values: np.ndarray) -> int:
    """Rule by rule, code by code, in Python: the loop the engine replaces."""
    where = {c: i for i, c in enumerate(codes)}
    fired = 0
    for r_i, rule in enumerate(rules):
        kind, target = rule.scope_kind, rule.scope_target
        scope = codes if kind == "all" else [target] if kind == "code" else lists[target]
        f = NUMERIC_KEYS.index(rule.field)
        for code in scope:
            v = values[where[code], f]
            cond = {Op.GT: v > rule.threshold, Op.LT: v < rule.threshold,
                    Op.GE: v >= rule.threshold, Op.LE: v <= rule.threshold,
                    Op.CROSSES: v > rule.threshold}[rule.op]
            key = (r_i, code)
            before = state.get(key)
            state[key] = cond
            if before is not None and cond and not before:
                fired += 1
    return fired


def eval_ms(batches: int, and_rules: bool) -> tuple[list[float], int, int]:
    """Each batch's evaluate time (s), the firings and the pairs."""
    rng = np.random.default_rng(1)
    codes = codes_for(N_CODES)
    rules, lists = bench_rules(codes)
    if and_rules:
        rules = with_and_conditions(rules)
    engine = AlertEngine(rules, lists)
    values = rng.normal(0, 1e7, (N_CODES, len(NUMERIC_KEYS)))
    times = [TIME] * N_CODES
    engine.evaluate(RecordColumns(codes, values, times), 0.0)  # the baseline
    took, fired = [], 0
    for k in range(batches):
        values = walk(rng, values)
        cols = RecordColumns(codes, values, times)
        t = time.perf_counter()
        fired += len(engine.evaluate(cols, float(k + 1)))
        took.append(time.perf_counter() - t)
    return took, fired, engine.pair_count


def bench_eval(batches: int) -> dict:
    rng = np.random.default_rng(1)
    codes = codes_for(N_CODES)
    rules, lists = bench_rules(codes)
    took, fired, pairs = eval_ms(batches, False)
    and_took, _, _ = eval_ms(batches, True)
    values = rng.normal(0, 1e7, (N_CODES, len(NUMERIC_KEYS)))
    state: dict = {}
    naive_evaluate(rules, lists, state, codes, values)
    naive = []
    for _ in range(3):
        values = walk(rng, values)
        t = time.perf_counter()
        naive_evaluate(rules, lists, state, codes, values)
        naive.append(time.perf_counter() - t)
    ms = np.asarray(took) * 1000
    median_ms = float(np.median(ms))
    return {"eval_ms": round(median_ms, 3), "eval_p99_ms": round(float(np.percentile(ms, 99)), 3),
            "pairs": pairs, "alerts_per_batch": round(fired / batches, 1),
            "and_eval_ms": round(float(np.median(and_took)) * 1000, 3),
            "naive_eval_ms": round(statistics.median(naive) * 1000, 1),
            "eval_ratio": round(statistics.median(naive) * 1000 / median_ms, 1)}


def bench_notify(batches: int, channels: int = 0) -> dict:
    import qasync
    from PySide6.QtWidgets import QApplication

    from flowdeck.feeds.base import Feed
    from flowdeck.live.follow import Follower
    from flowdeck.live.store import LiveStore
    from flowdeck.storage.alert_log import AlertLog
    from flowdeck.ui.alerts.alert_center import AlertCenter
    from flowdeck.ui.alerts.notifiers import TrayNotifier
    from flowdeck.ui.alerts.tray import Tray
    from flowdeck.ui.shell.follow_status import FollowStatus
    from flowdeck.ui.shell.status_bar import StatusBar
    from flowdeck.ui.table.table_model import FlowTableModel

    app = QApplication.instance() or QApplication([])
    codes = codes_for(N_CODES)
    rules, lists = bench_rules(codes)
    names = tuple(f"hook{i}" for i in range(channels))
    if names:
        rules = [dataclasses.replace(r, channels=names) for r in rules]
    target = codes[0]  # rule 0: code:<target>, main_net_inflow > 1000万
    rng = np.random.default_rng(2)
    sent: dict[int, float] = {}
    shown: dict[int, float] = {}

    class ScriptedFeed(Feed):
        name = "bench"

        def __init__(self) -> None:
            self.values = rng.normal(0, 1e6, (N_CODES, len(NUMERIC_KEYS)))

        def batch(self, k: int) -> Batch:
            self.values = walk(rng, self.values)
            self.values[0, 0] = 5e6 if k % 2 else 5e7  # the target crosses every other
            records = {c: CapitalFlowRecord(c, TIME, **dict(zip(NUMERIC_KEYS, row, strict=True)))
                       for c, row in zip(codes, self.values.tolist(), strict=True)}
            # Records and the same numbers in columns, as the simulator sends them.
            return Batch(records=records,
                         columns=RecordColumns(codes, self.values.copy(), [TIME] * N_CODES))

        async def snapshot(self, _codes):
            return self.batch(1)

        async def updates(self, _codes):
            for k in range(2 * batches):
                await asyncio.sleep(1.0)
                b = self.batch(k)
                if k % 2 == 0:
                    sent[k // 2] = time.perf_counter()
                yield b
            await asyncio.sleep(3600)

        async def aclose(self) -> None:
            pass

    with tempfile.TemporaryDirectory() as tmp:
        # The window's data path: Follower -> LiveStore -> model, status bar, alerts.
        store = LiveStore()
        follower = Follower(store, opener=lambda _url: ScriptedFeed())
        model = FlowTableModel(store)  # noqa: F841 (the store's first listener)
        status = FollowStatus(StatusBar(), follower)
        store.add_listener(status.on_change)
        follower.add_state_listener(status.on_state)
        tray = Tray()
        real_show = tray.show_message

        wanted = f"{target}: {rules[0].describe()}"

        def timed_show(title: str, body: str, msecs: int = 10000) -> None:
            if title == wanted:  # other rules fire too; time the scripted crossing
                shown[len(shown)] = time.perf_counter()
            real_show(title, body, msecs)
        tray.show_message = timed_show  # type: ignore[method-assign]
        center = AlertCenter(rules, lists, AlertLog(Path(tmp) / "alerts.jsonl"),
                             TrayNotifier(tray))
        follower.add_urgent(center.on_arrival)  # as the window: each batch as it arrives

        async def run() -> None:
            async with contextlib.AsyncExitStack() as stack:
                if names:
                    await stack.enter_async_context(channels_after(center, names, tmp))
                follower.start("bench", codes)
                deadline = time.monotonic() + 2 * batches + 10
                while len(shown) < batches and time.monotonic() < deadline:
                    await asyncio.sleep(0.1)
                await follower.stop()

        loop = qasync.QEventLoop(app)
        with loop:
            loop.run_until_complete(run())
    lat = [(shown[k] - sent[k]) * 1000 for k in sorted(shown) if k in sent]
    return {"channels": channels,
            "notify_ms": round(statistics.median(lat), 2) if lat else None,
            "notify_p99_ms": round(float(np.percentile(lat, 99)), 2) if lat else None,
            "notified": len(lat)}


@contextlib.asynccontextmanager
async def channels_after(center, names: tuple[str, ...], folder: str):
    """Deliveries to webhook channels `names` at one healthy local receiver, added
    after the tray's notifier as the window adds them."""
    from tests.support.fake_channels.inputs import DictSecrets
    from tests.support.fake_channels.webhook import FakeWebhook

    from flowdeck.channels.registry import make_channel
    from flowdeck.core.channel_spec import ChannelSpec
    from flowdeck.live.delivery import Deliveries
    from flowdeck.storage.outbox import Outbox

    async with FakeWebhook() as fake:
        specs = {n: ChannelSpec(n, "webhook", fake.url, True, {}, 60) for n in names}
        built = {n: make_channel(s, DictSecrets()) for n, s in specs.items()}
        deliveries = Deliveries(Outbox(Path(folder) / "outbox.sqlite"), built, specs)
        center.pipeline.add_notifier(deliveries)
        deliveries.start()
        try:
            yield deliveries
        finally:
            await deliveries.close()


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--batches", type=int, default=60)
    p.add_argument("--notify-batches", type=int, default=20)
    p.add_argument("--channels", type=int, default=0)
    args = p.parse_args()
    out = bench_eval(args.batches)
    out.update(bench_notify(args.notify_batches, args.channels))
    print(json.dumps(out), flush=True)


if __name__ == "__main__":
    main()
