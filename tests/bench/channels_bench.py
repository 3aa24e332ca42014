"""Channels benchmark (issue 22): prints one JSON line.

    PYTHONPATH=gui:. python tests/bench/channels_bench.py [--firings 300] [--writes 2000]

- fire_to_delivered_ms p50/p99: from Deliveries.notify of one firing (the outbox
  written, synchronous=FULL) to the body arriving at a healthy webhook receiver on
  127.0.0.1 (the real generic webhook channel, HMAC-signed), one firing at a time with
  a 2-ms gap; the channel's rate set out of reach (it would hold them, not slow them).
  Goal p99 <= 250 ms.
- outbox_per_s: firings written durably (one transaction, fsync, per firing, to one
  channel) per second into a fresh outbox in a temp folder. Goal >= 2,000.
- backlog_step_ms: what a sender's step reads (the oldest row's due time, the next 61
  due rows in order) with 50,000 firings waiting for its channel (a receiver down for
  hours under a market-wide move), median of 50.
- notify_ms_3_channels / notify_ms_none: the cost of one notify() of one firing with
  three channels named (what the tray path waits for before it goes on) and with none.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "gui"), str(ROOT)]  # run as README says, from any folder

from tests.support.fake_channels.inputs import DictSecrets  # noqa: E402
from tests.support.fake_channels.webhook import FakeWebhook  # noqa: E402

from flowdeck.channels.registry import make_channel  # noqa: E402
from flowdeck.core.alert_rules import Op, Rule  # noqa: E402
from flowdeck.core.alerts import Alert  # noqa: E402
from flowdeck.core.channel_spec import ChannelSpec  # noqa: E402
from flowdeck.live.delivery import Deliveries  # noqa: E402
from flowdeck.storage.outbox import Outbox  # noqa: E402


def p(values: list[float], q: float) -> float:
    values = sorted(values)
    return round(values[min(len(values) - 1, int(q * len(values)))], 3)


def fired(code: str, channels: tuple[str, ...]) -> Alert:
    rule = Rule(f"code:{code}", "main_net_inflow", Op.GT, 5e7, channels=channels)
    return Alert(code, rule, 6e7, "2025-03-14 10:31:00", time.time())


async def delivered(folder: Path, firings: int) -> list[float]:
    async with FakeWebhook(secret="s") as fake:
        # A rate no firing reaches: the figure is the path's time, not the rate's.
        spec = ChannelSpec("hook", "webhook", fake.url, True, {}, 10**6)
        channel = make_channel(spec, DictSecrets({("hook", "hmac_secret"): "s"}))
        d = Deliveries(Outbox(folder / "outbox.sqlite"), {"hook": channel}, {"hook": spec})
        d.start()
        out = []
        for i in range(firings):
            start = time.perf_counter()
            d.notify([fired(f"HK.{i:05d}", ("hook",))])
            while len(fake.bodies) <= i:
                await asyncio.sleep(0.0005)
            out.append((time.perf_counter() - start) * 1000)
            await asyncio.sleep(0.002)
        await d.close()
        return out


def outbox_rate(folder: Path, writes: int) -> float:
    box = Outbox(folder / "rate.sqlite")
    payload = {"type": "alert", "code": "HK.00700", "value": 6e7, "rule_text": "x" * 60}
    start = time.perf_counter()
    for _ in range(writes):
        box.add([payload], ["hook"])
    elapsed = time.perf_counter() - start
    box.close()
    return writes / elapsed


def backlog_step(folder: Path, backlog: int = 50_000) -> float:
    box = Outbox(folder / "backlog.sqlite")
    payload = {"type": "alert", "code": "HK.00700", "value": 6e7, "rule_text": "x" * 60}
    for _ in range(backlog // 1000):
        box.add([payload] * 1000, ["hook", "other"])
    times = []
    for _ in range(50):
        start = time.perf_counter()
        box.head_due("hook")
        box.due("hook", time.time(), 61)
        times.append((time.perf_counter() - start) * 1000)
    box.close()
    return statistics.median(times)


def notify_cost(folder: Path, names: tuple[str, ...], n: int = 300) -> float:
    specs = {x: ChannelSpec(x, "webhook", "http://127.0.0.1:9/", True, {}, 60) for x in names}
    chans = {x: make_channel(specs[x], DictSecrets()) for x in names}
    d = Deliveries(Outbox(folder / f"cost{len(names)}.sqlite"), chans, specs)
    times = []
    for i in range(n):
        alert = fired(f"HK.{i:05d}", names)
        start = time.perf_counter()
        d.notify([alert])
        times.append((time.perf_counter() - start) * 1000)
    d.outbox.close()
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--firings", type=int, default=300)
    parser.add_argument("--writes", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        lat = asyncio.run(delivered(folder, args.firings))
        out = {"bench": "channels", "firings": args.firings,
               "fire_to_delivered_ms_p50": p(lat, 0.5), "fire_to_delivered_ms_p99": p(lat, 0.99),
               "outbox_per_s": round(outbox_rate(folder, args.writes)),
               "backlog_step_ms": round(backlog_step(folder), 3),
               "notify_ms_3_channels": round(notify_cost(folder, ("a", "b", "c")), 3),
               "notify_ms_none": round(notify_cost(folder, ()), 3)}
    print(json.dumps(out), flush=True)


if __name__ == "__main__":
    main()
