"""Hostile files benchmark (issue 17, items 5, 7, 8, 10): for each hostile file, does
the window start (the Follower wrote its first batch), how long it took and the peak
RSS of the process; for a replay file of 3 M distinct bad codes, the peak RSS of reading
it (both passes, as the replay feed does). Prints one JSON line. Not run in CI.

    python tests/bench/hostile_files_bench.py [--tree DIR] [--small]

`--tree DIR` runs another checkout's code (e.g. a `git worktree` of the commit before
the fixes) for the "before" figures. Each case runs in its own process under a temp
FLOWDECK_HOME, offscreen, with a 90 s limit. `--small` scales the files down (a smoke
run). Keys: <case>: {started, seconds, peak_rss_mb, banner|error}.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT_S = 90.0
CASES = ("toml_nested_array", "toml_nested_table", "toml_comment_not_utf8",
         "toml_200k_bad_codes", "alerts_400_digit_value", "alerts_field_list",
         "alerts_torn_300kb", "alerts_torn_1mb", "alerts_211mb", "replay_3m_bad_codes")


def entry(wall: float, **changes) -> bytes:
    good = {"type": "alert", "code": "HK.00700", "field": "main_net_inflow", "op": ">",
            "threshold": 5e7, "value": 6e7, "time": "2025-03-14 10:31:00",
            "note": "main inflow over 50M", "scope": "all", "wall": wall}
    return json.dumps({**good, **changes}).encode()


def make_files(case: str, home: Path, small: bool) -> Path | None:
    """Write the hostile file of `case` under `home`; a replay case returns its path."""
    config, data = home / "config" / "flowdeck.toml", home / "data" / "alerts.jsonl"
    config.parent.mkdir(parents=True)
    data.parent.mkdir(parents=True)
    now = time.time() - 60
    if case == "toml_nested_array":
        config.write_text("a = " + "[" * 5000 + "]" * 5000 + "\n")
    elif case == "toml_nested_table":
        config.write_text("a = " + "{b = " * 2000 + "1" + "}" * 2000 + "\n")
    elif case == "toml_comment_not_utf8":
        config.write_bytes(b'# caf\xe9\n[display]\nunits = "wan"\n')
    elif case == "toml_200k_bad_codes":
        n = 20_000 if small else 200_000
        codes = ", ".join(f'"BAD{i}"' for i in range(n))
        config.write_text(f'[[watchlists]]\nname = "A"\ncodes = [{codes}, "HK.00700"]\n')
    elif case == "alerts_400_digit_value":
        data.write_bytes(entry(now).replace(b"60000000.0", b"9" * 400) + b"\n")
    elif case == "alerts_field_list":
        data.write_bytes(entry(now, field=["x"]) + b"\n")
    elif case.startswith("alerts_torn"):
        size = 300_000 if case.endswith("300kb") else 1_000_000
        data.write_bytes(b"{" * (size // (10 if small else 1)) + entry(now) + b"\n")
    elif case == "alerts_211mb":
        line = entry(now) + b"\n"
        count = (21 if small else 211) * 1_000_000 // len(line)
        with open(data, "wb") as f:
            for _ in range(count // 10_000):
                f.write(line * 10_000)
    elif case == "replay_3m_bad_codes":
        path = home / "replay.csv"
        n = 300_000 if small else 3_000_000
        with open(path, "w") as f:
            for start in range(0, n, 100_000):
                f.write("".join(f"ZZ.{i},2025-03-14 09:30:00,1,1,,\n"
                                for i in range(start, min(n, start + 100_000))))
        return path
    return None


def peak_rss_mb() -> float:
    import resource
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def child_window() -> dict:
    """In the child: build and start the window as `flowdeck` does, wait for data."""
    import asyncio

    import qasync

    from flowdeck.ui.shell.app import make_app
    from flowdeck.ui.shell.open_window import open_window

    app = make_app([])
    out: dict = {}

    async def go() -> None:
        start = time.perf_counter()
        window = open_window(None, "sim?speed=20&seed=7")
        window.show()
        window.start()
        while window.follower.applies < 1:
            await asyncio.sleep(0.02)
        out.update(started=True, seconds=round(time.perf_counter() - start, 2))
        out["banners"] = [t[:160] for t in window.banners.texts()]
        await window.shutdown()
        window.quit()

    try:
        qasync.run(go())
    except Exception as exc:  # the "before" figures: a start that failed
        out.update(started=False, error=f"{type(exc).__name__}: {str(exc)[:160]}")
    del app
    return out


def child_replay(path: Path) -> dict:
    from flowdeck.feeds.replay.market import scan
    from flowdeck.feeds.replay.trades_csv import TradeReader

    start = time.perf_counter()
    index = scan(path)
    rows = sum(len(c) for c in TradeReader(path, dict(index.codes), frozen=True))
    return {"started": True, "seconds": round(time.perf_counter() - start, 2), "rows": rows}


def run_case(case: str, tree: Path, small: bool) -> dict:
    with tempfile.TemporaryDirectory(prefix="flowdeck-hostile-") as tmp:
        home = Path(tmp)
        replay = make_files(case, home, small)
        env = {**os.environ, "FLOWDECK_HOME": str(home), "QT_QPA_PLATFORM": "offscreen",
               "PYTHONPATH": str(tree / "gui")}
        cmd = [sys.executable, __file__, "--child", case]
        if replay is not None:
            cmd += ["--replay", str(replay)]
        try:
            proc = subprocess.run(cmd, env=env, capture_output=True, text=True,
                                  timeout=TIMEOUT_S)
        except subprocess.TimeoutExpired:
            return {"started": False, "error": f"not live within {TIMEOUT_S:.0f} s"}
        lines = proc.stdout.strip().splitlines()
        if proc.returncode != 0 or not lines:
            return {"started": False, "exit": proc.returncode,
                    "error": (proc.stderr.strip().splitlines() or ["(nothing)"])[-1][:200]}
        result = json.loads(lines[-1])
        moved = sorted(p.name for p in (home / "config").glob("*.bak"))
        return {**result, **({"moved_aside": moved} if moved else {})}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tree", type=Path, default=ROOT)
    parser.add_argument("--small", action="store_true")
    parser.add_argument("--only", nargs="*", default=list(CASES))
    parser.add_argument("--child")
    parser.add_argument("--replay", type=Path)
    args = parser.parse_args()
    if args.child:
        result = child_replay(args.replay) if args.replay else child_window()
        print(json.dumps({**result, "peak_rss_mb": peak_rss_mb()}), flush=True)
        os._exit(0)  # Qt's teardown is not measured
    figures = {case: run_case(case, args.tree.resolve(), args.small) for case in args.only}
    print(json.dumps({"tree": str(args.tree), "small": args.small, **figures}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
