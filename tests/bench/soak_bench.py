"""Soak benchmark: the window on the simulator for minutes on end; prints ONE JSON line.

    PYTHONPATH=gui python tests/bench/soak_bench.py [--minutes 10] [--codes 2000] \
        [--rules 500] [--speed 20] [--display auto|xvfb|offscreen]

The real program (tests/bench/soak_bench_child.py, in its own process with a time
cap): MainWindow with its Controller on `sim?speed=20`, a watchlist of N codes, R
alert rules from the settings file (AlertCenter, AlertLog in a temp FLOWDECK_HOME). On
a real X server (Xvfb, started here) when there is one, else offscreen. Keys:
- rss_1min_mb, rss_end_mb, rss_growth_pct: the process's RSS one minute after the
  window started (the middle of a run shorter than 2 minutes: rss_base_at_s) and at
  the end, and the growth between them; rss_peak_mb; py_objects_growth and fds_growth
  over the same span (a leak of Python objects or file descriptors shows there);
- lag_p50_ms, lag_p99_ms, lag_max_ms: lateness of a 10 ms heartbeat QTimer from the
  first snapshot in the table to the end (how long the UI froze);
- alerts_fired (AlertCenter), alerts_logged (lines in alerts.jsonl at the end; equal
  to alerts_fired when nothing was lost), alerts_by_scope (code / watchlist / all),
  alerts_notified, alert_log_pending;
- batches_applied (the Follower's writes, at most 5 a second), applies_per_s;
  apply_p50_ms, apply_p99_ms, apply_max_ms: one apply (table, detail, alerts, log);
- cpu_pct: CPU time over wall time of the live phase (100 = one core);
- first_apply_s: from building the window to the first snapshot in the table;
- errors: exceptions the crash handler caught (first_error), banners at the end.
Goals (2,000 codes, 500 rules, 10 minutes): rss_growth_pct < 10, lag_p99_ms <= 25.
At speed 20 the markets trade through most of a 10-minute run, and RSS grows with the
day's per-minute history (2,000 codes: about 35 MB over a whole day) until they close;
growth that goes on while every market is closed is a leak (`--minutes 25` covers the
rest of the day and then closed markets).
Not part of the test run; tests/faults/test_soak_smoke.py runs a 30-second version.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHILD = Path(__file__).with_name("soak_bench_child.py")
sys.path.insert(0, str(Path(__file__).parent))

from child_messages import Capped, child_messages  # noqa: E402
from startup_bench import start_xvfb  # noqa: E402

SETUP_CAP_S = 300.0   # the first snapshot of N codes, history included
EXIT_CAP_S = 120.0    # shutting down, writing the result


def run_child(args: argparse.Namespace, env: dict[str, str]) -> dict:
    cmd = [sys.executable, str(CHILD), "--minutes", str(args.minutes), "--codes",
           str(args.codes), "--rules", str(args.rules), "--speed", str(args.speed)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env)
    stderr: list[str] = []
    threading.Thread(target=lambda: stderr.extend(proc.stderr), daemon=True).start()  # type: ignore[arg-type]
    deadline = time.monotonic() + SETUP_CAP_S + args.minutes * 60 + EXIT_CAP_S
    last: dict = {}
    try:
        for msg in child_messages(proc, lambda: deadline):
            if "progress" in msg:
                last = msg["progress"]
                if args.verbose:
                    print(json.dumps(msg), file=sys.stderr, flush=True)
            elif "result" in msg:
                proc.wait()
                return msg["result"]
    except Capped:
        return {**last, "error": "capped: the window did not finish in time"}
    tail = "".join(stderr)[-2000:]
    return {**last, "error": f"the child exited with {proc.returncode}: {tail}"}


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--minutes", type=float, default=10.0)
    p.add_argument("--codes", type=int, default=2000)
    p.add_argument("--rules", type=int, default=500)
    p.add_argument("--speed", type=float, default=20.0)
    p.add_argument("--display", choices=["auto", "xvfb", "offscreen"], default="auto")
    p.add_argument("--verbose", action="store_true", help="progress lines on stderr")
    args = p.parse_args()
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("QT_", "FLOWDECK_", "DISPLAY", "WAYLAND_"))}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "gui"), os.environ.get("PYTHONPATH", "")])
    home = Path(tempfile.mkdtemp(prefix="flowdeck-soak-"))
    env["FLOWDECK_HOME"] = str(home)
    xvfb, display = (None, None) if args.display == "offscreen" else start_xvfb()
    if display:
        env.update(DISPLAY=display, QT_QPA_PLATFORM="xcb")
    elif args.display == "xvfb":
        print("no Xvfb", file=sys.stderr)
        return 2
    else:
        env["QT_QPA_PLATFORM"] = "offscreen"
    try:
        result = run_child(args, env)
    finally:
        if xvfb is not None:
            xvfb.terminate()
            xvfb.wait(10)
        shutil.rmtree(home, ignore_errors=True)
    result["display"] = "xvfb" if display else "offscreen"
    print(json.dumps(result), flush=True)
    return 1 if result.get("error") else 0


if __name__ == "__main__":
    sys.exit(main())
