"""Live-table benchmark: prints one JSON line per table size.

    PYTHONPATH=gui python tests/bench/table_bench.py [--duration 30] [--sizes 500,2000,5000] \
        [--multiday] [--tape] [--saving S]

Each variant runs in its own process (tests/bench/table_bench_child.py, whose docstring
says how the simulator drives it: the real SimMarket in a worker thread, every row
updated once a second from the engine's numbers) with a time cap: a variant that
freezes reports the cap instead of hanging the bench.

Per size N: window 1440x900 offscreen (widened by the name and price columns shown
beside the code), the six sparkline columns visible, every row's quote, a full
simulated day of per-minute history loaded, every row updated once a second for
`--duration` seconds, sorted by main net inflow (live re-sort). Keys:
- lag_p99_ms, lag_max_ms: lateness of a 10 ms heartbeat QTimer (how long the UI froze);
- apply_ms: median time to apply one batch; paint_ms: median viewport repaint;
- first_frame_ms: from the start of the fill (set_codes + the snapshot) to the end of
  the first painted table;
- rss_mb: the whole process (simulator included) at the end; rss_over_empty_mb: above
  an empty window of the same kind measured the same way (same process set-up, no codes,
  no simulator); cpu_pct: process CPU time over wall time (100 = one core), the
  driver's simulator thread included; gui_cpu_pct: the UI thread's alone;
- the same keys prefixed naive_ for the naive baseline (a QTableWidget with setItem per
  cell and sortItems per batch, as vnpy's BaseMonitor does; it draws no sparklines),
  and lag_ratio = naive_lag_p99_ms / lag_p99_ms.
Goals at N=5000: lag_p99_ms <= 25, lag_max_ms <= 50, apply_ms <= 2, paint_ms <= 16,
first_frame_ms <= 100, rss_over_empty_mb <= 80, cpu_pct <= 10.

--multiday: the nine multi-day columns shown too, over a synthetic 25-day archive
(table_bench_child.py); hidden by default in the window, so off by default here.
--tape: batches carry the simulator's big trades and the Big trades dock is open beside
the table (table_bench_child.py); issue 21's goal: at N=2000 the goals above still met
(lag_p99_ms <= 25, paint_ms <= 16). Adds tape_rows, trades (big trades applied).
--saving S: the window's archive saves every code's day every S seconds meanwhile (a
DayKeeper into an ArchiveWriter's thread, as at a close of all of them); issue 19's
goal: lag p99 within 2 ms of a run without.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from child_messages import Capped, child_messages

CHILD = Path(__file__).with_name("table_bench_child.py")
ROOT = Path(__file__).resolve().parents[2]
SETUP_CAP_S = 600.0   # generating a 5,000-code simulated day is not timed, but capped
KEYS = ("lag_p99_ms", "lag_max_ms", "apply_ms", "paint_ms", "first_frame_ms", "rss_mb",
        "cpu_pct", "gui_cpu_pct")


def run_child(variant: str, n: int, duration: float, cap_s: float,
              flags: tuple[str, ...] = ()) -> dict:
    """Run one variant; its result, or (past the cap) what it reported so far with
    the lag figures set to the cap."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen",
               PYTHONPATH=str(ROOT / "gui") + os.pathsep + os.environ.get("PYTHONPATH", ""))
    proc = subprocess.Popen(
        [sys.executable, str(CHILD), "--variant", variant, "--n", str(n),
         "--duration", str(duration), *flags],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
    deadline = [time.monotonic() + SETUP_CAP_S]
    last: dict = {}
    try:
        for msg in child_messages(proc, lambda: deadline[0]):
            if "ready" in msg:
                deadline[0] = time.monotonic() + cap_s
            elif "progress" in msg:
                last = msg["progress"]
            elif "result" in msg:
                proc.wait()
                return msg["result"]
    except Capped:
        last.update(capped=True, lag_p99_ms=cap_s * 1000, lag_max_ms=cap_s * 1000)
        return last
    return last or {"error": f"{variant} exited with {proc.returncode}"}


def measure(n: int, duration: float, empty: dict[str, dict], multiday: bool = False,
            tape: bool = False) -> dict:
    cap = duration * 2 + 60
    flags = (*(["--multiday"] if multiday else []), *(["--tape"] if tape else []))
    ours = run_child("ours", n, duration, cap, flags)
    naive = run_child("naive", n, duration, cap)
    out: dict = {"n": n, "duration_s": duration}
    for prefix, res, base in (("", ours, empty["ours"]), ("naive_", naive, empty["naive"])):
        for key in KEYS:
            out[prefix + key] = res.get(key)
        rss, base_rss = res.get("rss_mb"), base.get("rss_mb")
        out[prefix + "rss_over_empty_mb"] = (round(rss - base_rss, 1)
                                             if rss is not None and base_rss else None)
        if res.get("capped"):
            out[prefix + "capped"] = True
    if out.get("lag_p99_ms") and out.get("naive_lag_p99_ms") is not None:
        out["lag_ratio"] = round(out["naive_lag_p99_ms"] / max(out["lag_p99_ms"], 0.01), 1)
    out["rss_peak_mb"] = ours.get("rss_peak_mb")
    out["driver"] = "SimMarket in a worker thread, every row each second (see child)"
    if multiday:
        out["multiday"] = True
    if tape:
        out.update({key: ours.get(key) for key in ("tape", "trades", "tape_rows")})
    return out


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--duration", type=float, default=30.0,
                   help="seconds of live updates per variant (default 30)")
    p.add_argument("--sizes", default="500,2000,5000",
                   help="comma-separated table sizes (default 500,2000,5000)")
    p.add_argument("--multiday", action="store_true",
                   help="show the multi-day columns over a synthetic 25-day archive")
    p.add_argument("--tape", action="store_true",
                   help="batches carry big trades, the Big trades dock beside the table "
                        "(issue 21: the goals still met at N=2000)")
    p.add_argument("--saving", type=float, default=0.0, metavar="S",
                   help="the archive saves every code's day every S seconds meanwhile "
                        "(issue 19: lag p99 within 2 ms of no save)")
    a = p.parse_args()
    if a.saving > 0:
        os.environ["TABLE_BENCH_SAVING"] = str(a.saving)
    sizes = [int(s) for s in a.sizes.split(",") if s.strip()]
    base = min(a.duration, 10.0)
    empty = {"ours": run_child("empty-ours", 0, base, base * 2 + 60),
             "naive": run_child("empty-naive", 0, base, base * 2 + 60)}
    for n in sizes:
        print(json.dumps(measure(n, a.duration, empty, a.multiday, a.tape)), flush=True)


if __name__ == "__main__":
    main()
