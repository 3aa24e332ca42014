"""One soak run (tests/bench/soak_bench.py starts it with FLOWDECK_HOME set to a temp
folder and the display chosen).

    python tests/bench/soak_bench_child.py --minutes 10 --codes 2000 --rules 500

Writes a settings file (source `sim?speed=S&seed=1`; the watchlist "All" with the N
codes, active, and the lists HK, US, CN and Core; the alert rules), then runs the real
program's window as `flowdeck` does: make_app, qasync, open_window (MainWindow, its
Controller on the simulator, WindowAlerts with the AlertCenter and the AlertLog in
FLOWDECK_HOME). Prints JSON lines on stdout: {"ready": ...} once the first snapshot is
in the table, {"progress": {...}} every 10 s, {"result": {...}} at the end.

The rules (make_rules): 80 % on single codes (main, large or super net inflow `>` or
`<` a threshold spread log-uniformly over 0.3-30 M, `crosses 0`, or the main ratio
crossing ±2-15 %), 15 % on lists (two thirds on the 100-code Core list, the rest on
HK / US / CN: main net inflow beyond ±20-100 M, the main ratio beyond ±15-30 %), 5 % on
all codes (main net inflow above 50-200 M, the main ratio beyond ±25-40 % with a
30-minute cooldown). Default cooldowns (5 minutes) and a hysteresis band of about 5 %
of the threshold, as a trader would set them.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import math
import os
import random
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "gui"), str(Path(__file__).parent)]
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import qasync  # noqa: E402
from PySide6.QtCore import Qt, QTimer  # noqa: E402
from table_bench_child import codes_for, cpu_s, rss_mb  # noqa: E402

from flowdeck.core.alert_rules import Rule, make_rule, rules_to_config  # noqa: E402
from flowdeck.storage import paths  # noqa: E402
from flowdeck.storage.alert_log import alert_log_path  # noqa: E402
from flowdeck.storage.config import default_config, save_config  # noqa: E402
from flowdeck.ui.shell.app import crash_handler, make_app  # noqa: E402
from flowdeck.ui.shell.open_window import open_window  # noqa: E402

HEARTBEAT_MS = 10
SETUP_CAP_S = 300.0
BASE_S = 60.0   # "after the first minute": RSS growth is measured from here
LISTS = ("HK", "US", "CN", "Core")


def open_fds() -> int:
    try:
        return len(os.listdir("/proc/self/fd"))
    except OSError:
        return -1


def watchlists_for(codes: list[str]) -> list[dict]:
    by_market = {"HK": [c for c in codes if c.startswith("HK.")],
                 "US": [c for c in codes if c.startswith("US.")],
                 "CN": [c for c in codes if c.startswith(("SH.", "SZ."))],
                 "Core": codes[:100]}
    return [{"name": "All", "codes": codes}] + [{"name": n, "codes": by_market[n]}
                                                 for n in LISTS]


def make_rules(codes: list[str], n: int, seed: int = 1) -> list[Rule]:
    rng = random.Random(seed)

    def amount(lo: float, hi: float) -> float:
        return float(f"{math.exp(rng.uniform(math.log(lo), math.log(hi))):.3g}")

    rules: list[Rule] = []
    n_all = n // 20
    n_lists = n * 3 // 20
    for i in range(n - n_all - n_lists):
        scope = f"code:{codes[(i * 7) % len(codes)]}"
        kind = rng.random()
        if kind < 0.55:
            field = rng.choice(["main_net_inflow"] * 4 + ["large_net_inflow",
                                                          "super_net_inflow"])
            op, sign = rng.choice([(">", 1), (">", 1), ("<", -1)])
            x = amount(3e5, 3e7)
            rules.append(make_rule(scope, field, op, sign * x, hysteresis=0.05 * x,
                                   note=f"{field} {op} {sign * x:.3g}"))
        elif kind < 0.75:
            rules.append(make_rule(scope, "main_net_inflow", "crosses", 0,
                                   hysteresis=amount(5e4, 5e5), note="main flow turned"))
        else:
            x = rng.uniform(0.02, 0.15) * rng.choice([1, -1])
            rules.append(make_rule(scope, "main_net_inflow_ratio", "crosses", round(x, 3),
                                   hysteresis=0.005))
    for i in range(n_lists):
        # Most on the 100-code Core list, the rest on a whole market's list.
        scope = f"watchlist:{'Core' if i % 3 else LISTS[i // 3 % 3]}"
        if i % 4 < 3:
            sign = -1 if i % 4 == 2 else 1
            x = amount(2e7, 1e8)
            rules.append(make_rule(scope, "main_net_inflow", ">" if sign > 0 else "<",
                                   sign * x, hysteresis=0.05 * x))
        else:
            x = rng.uniform(0.15, 0.30) * rng.choice([1, -1])
            rules.append(make_rule(scope, "main_net_inflow_ratio", ">" if x > 0 else "<",
                                   round(x, 3), hysteresis=0.01))
    for i in range(n_all):
        if i % 2 == 0:
            x = amount(5e7, 2e8)
            rules.append(make_rule("all", "main_net_inflow", ">", x, hysteresis=0.05 * x))
        else:
            x = rng.uniform(0.25, 0.40) * rng.choice([1, -1])
            rules.append(make_rule("all", "main_net_inflow_ratio", ">" if x > 0 else "<",
                                   round(x, 3), hysteresis=0.02, cooldown_s=1800))
    return rules


def write_settings(codes: list[str], n_rules: int, speed: float) -> None:
    config = default_config()
    config.source_url = f"sim?speed={speed:g}&seed=1"
    config.watchlists = watchlists_for(codes)
    config.active_watchlist = "All"
    config.alerts = rules_to_config(make_rules(codes, n_rules))
    save_config(paths.config_path(), config)


def say(obj: dict) -> None:
    print(json.dumps(obj), flush=True)


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    return round(float(np.percentile(np.asarray(values) * 1000, q)), 2)


async def soak(minutes: float, errors: list[str]) -> dict:
    handler = crash_handler()
    if handler is not None:
        handler.install_loop(asyncio.get_running_loop())
    started = time.monotonic()
    window = open_window(None, None)
    window.show()
    window.start()
    follower, center = window.follower, window.alerts.center

    async def until(predicate, cap: float) -> bool:
        end = time.monotonic() + cap
        while not predicate():
            if time.monotonic() > end:
                return False
            await asyncio.sleep(0.05)
        return True

    ready = await until(lambda: follower.applies >= 1 and not window.store.loader.busy,
                        SETUP_CAP_S)
    first_apply_s = time.monotonic() - started
    say({"ready": {"first_apply_s": round(first_apply_s, 2), "ok": ready}})

    lag: list[float] = []
    last = [time.perf_counter()]

    def beat() -> None:
        now = time.perf_counter()
        lag.append(max(0.0, now - last[0] - HEARTBEAT_MS / 1000))
        last[0] = now

    applies_s: list[float] = []
    apply = window.store.apply

    def timed_apply(*args, **kwargs):  # the Follower's write: the store and its listeners
        t = time.perf_counter()
        change = apply(*args, **kwargs)
        applies_s.append(time.perf_counter() - t)
        return change

    window.store.apply = timed_apply  # type: ignore[method-assign]
    heartbeat = QTimer()
    heartbeat.setTimerType(Qt.TimerType.PreciseTimer)
    heartbeat.timeout.connect(beat)
    heartbeat.start(HEARTBEAT_MS)
    live_at, cpu0, applies0 = time.monotonic(), cpu_s(), follower.applies
    end_at = started + minutes * 60
    base_at = started + min(BASE_S, minutes * 60 / 2)  # a short run: its middle
    base: dict = {}
    rss_peak = 0.0
    next_progress = time.monotonic() + 10
    while time.monotonic() < end_at:
        await asyncio.sleep(1.0)
        rss = rss_mb()
        rss_peak = max(rss_peak, rss)
        now = time.monotonic()
        if not base and now >= base_at:
            base = {"rss": rss, "at_s": now - started, "objects": len(gc.get_objects()),
                    "fds": open_fds()}
        if now >= next_progress:
            next_progress += 10
            say({"progress": {"t_s": round(now - started), "rss_mb": round(rss, 1),
                              "lag_p99_ms": percentile(lag, 99),
                              "lag_max_ms": percentile(lag, 100),
                              "alerts_fired": center.fired_count,
                              "batches_applied": follower.applies}})
    heartbeat.stop()
    wall = time.monotonic() - live_at
    cpu_pct = (cpu_s() - cpu0) / wall * 100
    rss_end = rss_mb()
    objects_end = len(gc.get_objects())
    fired, notified = center.fired_count, center.notified
    pending = window.alerts.alert_log.pending
    applies = follower.applies
    await window.shutdown()
    window.quit()
    log_file = alert_log_path()
    lines = log_file.read_bytes().splitlines() if log_file.exists() else []
    by_scope: dict[str, int] = {}
    for line in lines:
        kind = json.loads(line)["scope"].partition(":")[0]
        by_scope[kind] = by_scope.get(kind, 0) + 1
    if not base:
        base = {"rss": rss_end, "at_s": time.monotonic() - started, "objects": objects_end,
                "fds": open_fds()}
    return {
        "rss_1min_mb": round(base["rss"], 1), "rss_base_at_s": round(base["at_s"], 1),
        "rss_end_mb": round(rss_end, 1),
        "rss_growth_pct": round((rss_end - base["rss"]) / base["rss"] * 100, 2),
        "rss_peak_mb": round(rss_peak, 1),
        "lag_p50_ms": percentile(lag, 50), "lag_p99_ms": percentile(lag, 99),
        "lag_max_ms": percentile(lag, 100), "heartbeats": len(lag),
        "alerts_fired": fired, "alerts_logged": len(lines), "alerts_by_scope": by_scope,
        "alerts_notified": notified,
        "alert_log_pending": pending,
        "batches_applied": applies, "applies_per_s": round((applies - applies0) / wall, 2),
        "apply_p50_ms": percentile(applies_s, 50), "apply_p99_ms": percentile(applies_s, 99),
        "apply_max_ms": percentile(applies_s, 100),
        "cpu_pct": round(cpu_pct, 1), "first_apply_s": round(first_apply_s, 2),
        "rows": window.model.rowCount(), "rules": len(center.rules),
        "rule_problems": len(window.alerts.problems),
        "py_objects_growth": objects_end - base["objects"],
        "fds_growth": open_fds() - base["fds"],
        "errors": len(errors), "first_error": errors[0] if errors else None,
        "banners": len(window.banners.texts()),
    }


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--minutes", type=float, default=10.0)
    p.add_argument("--codes", type=int, default=2000)
    p.add_argument("--rules", type=int, default=500)
    p.add_argument("--speed", type=float, default=20.0)
    a = p.parse_args()
    if paths.home_dir() is None:
        print("set FLOWDECK_HOME (soak_bench.py does)", file=sys.stderr)
        return 2
    codes = codes_for(a.codes)
    write_settings(codes, a.rules, a.speed)
    app = make_app([])
    errors: list[str] = []
    handler = crash_handler(app)
    if handler is not None:
        handler.reported.connect(errors.append)
    result = qasync.run(soak(a.minutes, errors))
    result.update(minutes=a.minutes, codes=a.codes, rules_requested=a.rules, speed=a.speed)
    say({"result": result})
    sys.stdout.flush()
    os._exit(0)  # skip Qt's teardown of thousands of rows


if __name__ == "__main__":
    sys.exit(main())
