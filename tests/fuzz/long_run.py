"""A long fuzz run over the same targets as the CI property tests (tests/fuzz/targets.py).

    python tests/fuzz/long_run.py --minutes 5 [--engine auto|atheris|hypothesis]
                                  [--targets code,envelope,...] [--crash-dir DIR]

The time is split evenly between the targets. With atheris installed (`pip install
atheris`; the default engine then), each target runs in a child process under libFuzzer
with coverage of flowdeck's modules, its input built from the fuzzer's bytes (JSON-ish
values, valid envelopes/batches with parts mutated, raw bytes, text); otherwise
hypothesis generates the inputs, run after run. A crash (an exception other than the
spec's FlowDeckError, or a broken property) is counted and fuzzing goes on; its input
and traceback are written to the crash folder. Prints one JSON line:

    {"engine", "minutes", "seconds", "inputs_tried", "crashes_found", "per_target": {...}}

Run from the repository root (or anywhere: it puts gui/ and the root on sys.path).
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
for path in (str(ROOT / "gui"), str(ROOT)):
    if path not in sys.path:
        sys.path.insert(0, path)

TARGETS = ["code", "stock_list", "envelope", "reply_bytes", "batch", "stream_message",
           "rule_expression", "rules_config", "http_request", "ws_message"]


# --- what each target does with an input ---------------------------------------------------

def _runners() -> dict[str, Callable[[Any], None]]:
    """target name -> function of one input (imported late: under atheris, inside its
    instrumentation)."""
    from tests.fuzz import targets as t

    harness: list[t.GatewayHarness] = []

    def gateway() -> t.GatewayHarness:
        if not harness:
            harness.append(t.GatewayHarness())
        return harness[0]

    return {
        "code": lambda x: t.code_target(*x),
        "stock_list": lambda x: t.stock_list_target(*x),
        "envelope": t.envelope_target,
        "reply_bytes": lambda x: t.reply_target(*x),
        "batch": t.batch_target,
        "stream_message": t.stream_message_target,
        "rule_expression": t.rule_expression_target,
        "rules_config": t.rules_config_target,
        "http_request": lambda x: t.http_target(gateway(), *x),
        "ws_message": lambda x: t.ws_target(gateway(), x),
    }


class Tally:
    """Inputs tried and crashes (deduplicated by where they happened) for one target."""

    def __init__(self, name: str, crash_dir: Path) -> None:
        self.name, self.crash_dir = name, crash_dir
        self.inputs = 0
        self.crashes = 0
        self.signatures: dict[str, str] = {}

    def run(self, runner: Callable[[Any], None], value: Any) -> None:
        self.inputs += 1
        try:
            runner(value)
        except Exception as exc:  # a crash: keep it and go on fuzzing
            self.crashes += 1
            self._keep(value, exc)

    def _keep(self, value: Any, exc: BaseException) -> None:
        frames = traceback.extract_tb(exc.__traceback__)
        where = next((f"{Path(f.filename).name}:{f.lineno}" for f in reversed(frames)
                      if "flowdeck" in f.filename), frames[-1].name if frames else "?")
        signature = f"{type(exc).__name__} at {where}"
        if signature in self.signatures or len(self.signatures) >= 20:
            return
        text = _short_repr(value)
        self.signatures[signature] = text
        self.crash_dir.mkdir(parents=True, exist_ok=True)
        name = hashlib.sha1(f"{self.name}{signature}".encode()).hexdigest()[:12]
        (self.crash_dir / f"{self.name}-{name}.txt").write_text(
            f"target: {self.name}\n{signature}\ninput: {text}\n\n"
            + "".join(traceback.format_exception(exc)), encoding="utf-8")

    def figures(self, seconds: float) -> dict:
        return {"inputs": self.inputs, "crashes": self.crashes,
                "unique_crashes": sorted(self.signatures), "seconds": round(seconds, 1)}


def _short_repr(value: Any, limit: int = 2000) -> str:
    try:
        text = repr(value)
    except RecursionError:
        text = "<nested too deep to repr>"
    return text if len(text) <= limit else text[:limit] + f"... ({len(text)} chars)"


# --- hypothesis --------------------------------------------------------------------------------

def _strategies() -> dict[str, Any]:
    from hypothesis import strategies as st

    from tests.fuzz import strategies as s

    markets = st.one_of(st.none(), st.sampled_from(["HK", "us", " SH ", "XX", ""]),
                        s.json_values)
    text_codes = st.one_of(st.text(max_size=16), st.sampled_from(s.CODES))
    stock_lists = st.one_of(s.json_values, st.lists(st.one_of(st.sampled_from(s.CODES),
                                                              s.json_values), max_size=8))
    bodies = st.one_of(st.none(), st.binary(max_size=200),
                       s.json_texts(s.json_values).map(str.encode))
    params = st.lists(st.tuples(st.sampled_from(["stock_list", "market", "x"]),
                                st.one_of(st.text(max_size=30), st.sampled_from(s.CODES))),
                      max_size=4)
    return {
        "code": st.tuples(st.one_of(text_codes, s.json_values), markets),
        "stock_list": st.tuples(stock_lists, markets),
        "envelope": s.envelopes(),
        "reply_bytes": st.tuples(st.one_of(s.json_texts(s.envelopes()).map(str.encode),
                                           st.binary(max_size=300)),
                                 st.sampled_from([200, 400, 503])),
        "batch": s.batches(),
        "stream_message": s.json_texts(s.batches()),
        "rule_expression": st.tuples(s.rule_expressions()),
        "rules_config": st.one_of(s.rule_tables(), st.lists(s.json_values, max_size=3)),
        "http_request": st.tuples(
            st.sampled_from(["GET", "POST", "PUT", "DELETE"]),
            st.one_of(st.sampled_from(["/v1/capital_flow", "/v1/capital_detail",
                                       "/v1/health"]), st.text(max_size=10).map("/v1/".__add__)),
            params, bodies, st.sampled_from([None, "application/json", "text/plain"]),
            st.sampled_from([None, None, "gzip", "deflate", "x"])),
        "ws_message": s.json_texts(s.json_values),
    }


def run_hypothesis(name: str, seconds: float, crash_dir: Path) -> dict:
    from hypothesis import HealthCheck, Phase, given, settings

    runner = _runners()[name]
    if name == "rule_expression":
        inner = runner
        runner = lambda x: inner(*x)  # noqa: E731
    strategy = _strategies()[name]
    tally = Tally(name, crash_dir)
    started = time.monotonic()

    @settings(max_examples=300, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(strategy)
    def chunk(value):
        tally.run(runner, value)

    while time.monotonic() - started < seconds:
        chunk()
    return tally.figures(time.monotonic() - started)


# --- atheris -------------------------------------------------------------------------------------

from tests.fuzz.atheris_inputs import atheris_inputs  # noqa: E402


def atheris_child(name: str, seconds: float, stats: Path, crash_dir: Path) -> None:
    """In the child process: fuzz one target until libFuzzer's time is up."""
    import atheris

    with atheris.instrument_imports(include=["flowdeck"]):
        import flowdeck.api.replies  # noqa: F401  (instrumented before targets imports it)
        runners = _runners()
        inputs = atheris_inputs()
    runner, make = runners[name], inputs[name]
    if name == "rule_expression":
        inner = runner
        runner = lambda x: inner(*x)  # noqa: E731
    tally = Tally(name, crash_dir)
    started = time.monotonic()
    last = [0.0]

    def one(data: bytes) -> None:
        fdp = atheris.FuzzedDataProvider(data)
        try:
            value = make(fdp)
        except (ValueError, TypeError, RecursionError, OverflowError):
            return  # the bytes ran out or made no value: not an input
        tally.run(runner, value)
        now = time.monotonic()
        if now - last[0] > 0.5:
            last[0] = now
            _write_stats(stats, tally, now - started)

    atheris.Setup([sys.argv[0], f"-max_total_time={max(1, int(seconds))}",
                   "-rss_limit_mb=4096", "-timeout=30", "-print_final_stats=1"], one)
    try:
        atheris.Fuzz()
    finally:
        _write_stats(stats, tally, time.monotonic() - started)


def _write_stats(path: Path, tally: Tally, seconds: float) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(tally.figures(seconds)), encoding="utf-8")
    os.replace(tmp, path)


def run_atheris(name: str, seconds: float, crash_dir: Path) -> dict:
    with tempfile.TemporaryDirectory(prefix="flowdeck-fuzz-") as tmp:
        stats = Path(tmp) / "stats.json"
        started = time.monotonic()
        proc = subprocess.run(
            [sys.executable, __file__, "--atheris-child", name, "--seconds", str(seconds),
             "--stats", str(stats), "--crash-dir", str(crash_dir)],
            capture_output=True, text=True, timeout=seconds + 300, cwd=tmp,
            env={**os.environ, "PYTHONPATH": os.pathsep.join(
                [str(ROOT / "gui"), str(ROOT), os.environ.get("PYTHONPATH", "")])})
        took = time.monotonic() - started
        figures = json.loads(stats.read_text()) if stats.exists() else \
            {"inputs": 0, "crashes": 0, "unique_crashes": [], "seconds": round(took, 1)}
        done = re.search(r"Done (\d+) runs", proc.stderr)
        figures["fuzzer_runs"] = int(done.group(1)) if done else None
        if proc.returncode != 0:  # libFuzzer itself stopped: a hang, OOM or deadly signal
            figures["crashes"] += 1
            figures["unique_crashes"].append(f"fuzzer exit {proc.returncode}: "
                                             f"{proc.stderr.strip().splitlines()[-1:]}")
            crash_dir.mkdir(parents=True, exist_ok=True)
            (crash_dir / f"{name}-libfuzzer.txt").write_text(proc.stderr[-20000:])
        return figures


# --- main ----------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--minutes", type=float, default=5.0)
    p.add_argument("--engine", choices=["auto", "atheris", "hypothesis"], default="auto")
    p.add_argument("--targets", default=",".join(TARGETS))
    p.add_argument("--crash-dir", default=os.path.join(tempfile.gettempdir(),
                                                       "flowdeck-fuzz-crashes"))
    p.add_argument("--atheris-child", help=argparse.SUPPRESS)
    p.add_argument("--seconds", type=float, help=argparse.SUPPRESS)
    p.add_argument("--stats", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    crash_dir = Path(args.crash_dir)
    if args.atheris_child:
        atheris_child(args.atheris_child, args.seconds, Path(args.stats), crash_dir)
        return 0
    names = [n for n in args.targets.split(",") if n]
    unknown = sorted(set(names) - set(TARGETS))
    if unknown:
        p.error(f"unknown targets {unknown}; known: {', '.join(TARGETS)}")
    engine = args.engine
    if engine == "auto":
        engine = "atheris" if _has_atheris() else "hypothesis"
    run = run_atheris if engine == "atheris" else run_hypothesis
    each = args.minutes * 60 / len(names)
    started = time.monotonic()
    per_target = {}
    for name in names:
        with contextlib.redirect_stdout(sys.stderr):  # stdout is the JSON line only
            per_target[name] = run(name, each, crash_dir)
    out = {"engine": engine, "minutes": args.minutes,
           "seconds": round(time.monotonic() - started, 1),
           "inputs_tried": sum(t["inputs"] for t in per_target.values()),
           "crashes_found": sum(t["crashes"] for t in per_target.values()),
           "crash_dir": str(crash_dir), "per_target": per_target}
    print(json.dumps(out))
    return 1 if out["crashes_found"] else 0


def _has_atheris() -> bool:
    try:
        import atheris  # noqa: F401
    except ImportError:
        return False
    return True


if __name__ == "__main__":
    sys.exit(main())
