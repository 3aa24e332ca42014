"""Start-up benchmark: from starting the program to the table's first painted data, frozen
bundle vs `python -m flowdeck`, warm and cold. Prints one JSON line.

    PYTHONPATH=gui python tests/bench/startup_bench.py [--runs 5] [--bundle dist/flowdeck]
        [--eastmoney]

Each run starts the program with FLOWDECK_STARTUP_PROBE=FILE (ui/shell/startup_probe.py: the
window writes the wall-clock time at which the table first finished painting rows with
numbers), reads the clock just before starting it, and stops it with SIGTERM once the
file is there. The default watchlist (20 codes, four markets) on the simulator; a
settings file made by an unmeasured first run, so every measured run is an ordinary start.
The window is on a real X server (Xvfb) when there is one, else offscreen.

Cold runs drop the page cache first (`sync; echo 3 > /proc/sys/vm/drop_caches`, root
only; without it the cold figures are null). Keys: <variant>_<warm|cold>_ms (median),
..._all (every run), display, runs. Goal: frozen cold <= 1500 ms.

`--eastmoney` also times `python -m flowdeck --source eastmoney://127.0.0.1:PORT?tls=0`
against the fake East Money (tests/support/fake_eastmoney/, in this process's thread, at
the default budget of 1 request a second): start to the first painted row of East
Money's numbers (an SH/SZ row of the default watchlist). Goal: the simulator's 1.5 s.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT_S = 60.0
sys.path[:0] = [str(ROOT / "gui"), str(ROOT)]  # the fake East Money, from any folder


def drop_caches() -> bool:
    try:
        os.sync()
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
        return True
    except OSError:
        return False


def start_xvfb() -> tuple[subprocess.Popen | None, str | None]:
    if shutil.which("Xvfb") is None:
        return None, None
    for number in range(140, 160):
        if not Path(f"/tmp/.X11-unix/X{number}").exists():
            proc = subprocess.Popen(["Xvfb", f":{number}", "-screen", "0", "1600x1000x24",
                                     "-nolisten", "tcp"], stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL)
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                if Path(f"/tmp/.X11-unix/X{number}").exists():
                    return proc, f":{number}"
                time.sleep(0.05)
            proc.kill()
    return None, None


def one_run(cmd: list[str], env: dict[str, str], probe: Path) -> float:
    probe.unlink(missing_ok=True)
    started = time.time()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True)
    try:
        deadline = time.monotonic() + TIMEOUT_S
        while not probe.exists():
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{cmd[0]}: no first paint (exit {proc.poll()}): "
                                   f"{proc.stderr.read()[-2000:] if proc.stderr else ''}")
            time.sleep(0.005)
        painted = json.loads(probe.read_text())["first_data_painted"]
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
    return (painted - started) * 1000.0


def measure(name: str, cmd: list[str], base_env: dict[str, str], runs: int,
            cold_ok: bool) -> dict:
    home = Path(tempfile.mkdtemp(prefix=f"flowdeck-startup-{name}-"))
    probe = home / "probe.json"
    env = dict(base_env, FLOWDECK_HOME=str(home / "home"), FLOWDECK_STARTUP_PROBE=str(probe))
    try:
        one_run(cmd, env, probe)  # writes the settings file; not counted
        warm = [one_run(cmd, env, probe) for _ in range(runs)]
        cold = []
        for _ in range(runs if cold_ok else 0):
            drop_caches()
            cold.append(one_run(cmd, env, probe))
    finally:
        shutil.rmtree(home, ignore_errors=True)
    out = {f"{name}_warm_ms": round(statistics.median(warm), 1),
           f"{name}_warm_all": [round(v) for v in warm]}
    out[f"{name}_cold_ms"] = round(statistics.median(cold), 1) if cold else None
    out[f"{name}_cold_all"] = [round(v) for v in cold]
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / "flowdeck")
    parser.add_argument("--python", default=sys.executable,
                        help="the interpreter for `python -m flowdeck`")
    parser.add_argument("--eastmoney", action="store_true",
                        help="also time the source eastmoney:// against the fake East Money")
    args = parser.parse_args()
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("QT_", "FLOWDECK_", "PYTHON"))}
    xvfb, display = start_xvfb()
    if display:
        env.update(DISPLAY=display, QT_QPA_PLATFORM="xcb")
    else:
        env["QT_QPA_PLATFORM"] = "offscreen"
    cold_ok = drop_caches()
    figures: dict[str, object] = {"runs": args.runs, "display": "xvfb" if display else
                                  "offscreen", "cold": cold_ok}
    try:
        frozen = args.bundle / "flowdeck"
        if frozen.exists():
            figures.update(measure("frozen", [str(frozen)], env, args.runs, cold_ok))
        else:
            figures["frozen_warm_ms"] = None  # build it first: python packaging/build.py
        source_env = dict(env, PYTHONPATH=str(ROOT / "gui"))
        figures.update(measure("python", [args.python, "-m", "flowdeck"], source_env,
                               args.runs, cold_ok))
        if args.eastmoney:
            from tests.support.fake_eastmoney.threaded import threaded_fake
            with threaded_fake() as fake:
                figures.update(measure("eastmoney", [args.python, "-m", "flowdeck",
                                                     "--source", fake.source],
                                       source_env, args.runs, cold_ok))
    finally:
        if xvfb is not None:
            xvfb.terminate()
            xvfb.wait(timeout=10)
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
