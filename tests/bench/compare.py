"""Run a benchmark at two commits, interleaved, and print each figure's ratio B/A.

    .venv/bin/python tests/bench/compare.py REV_A REV_B [--bench table] [--runs 3] \
        [bench args...]

e.g. `compare.py a4131e3 HEAD --bench table --runs 3 --sizes 5000 --duration 20`.
Arguments compare.py does not know go to the bench unchanged.

Each revision is checked out as a detached git worktree in a temporary folder (removed
at the end), and the bench is run from that tree: tests/bench/<name>_bench.py as it was
at that commit, with PYTHONPATH at that tree's gui/ and this interpreter (the same venv
for both). Runs alternate A, B, A, B, ... so that a machine getting busier or quieter
weighs on both sides alike. Every finite number in the JSON lines a bench prints is a
figure (several lines: named by their first key, "n=5000/paint_ms").

Printed: per figure, A's and B's medians, B/A of the medians and its spread (the lowest
and highest B_i/A_i of the runs made side by side), and every run; then one JSON line
with the same. A ratio above 1 means B's number is bigger: slower for times and lags,
faster for rates (trades/s). On a busy machine, read the spread before the ratio.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_figures import compare, figures, json_lines, table_text


class CompareError(Exception):
    """Something the user can fix: a revision or a bench that does not exist, a bench
    that failed."""


def git(repo: Path, *args: str) -> str:
    proc = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True)
    if proc.returncode != 0:
        raise CompareError(f"git {' '.join(args)}: {proc.stderr.strip()}")
    return proc.stdout.strip()


def resolve(repo: Path, rev: str) -> str:
    """The full commit id of `rev` (a branch, tag, HEAD~2, a short id)."""
    try:
        return git(repo, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    except CompareError:
        raise CompareError(f"{rev!r} is not a commit of {repo}") from None


@contextmanager
def worktrees(repo: Path, commits: Sequence[str]) -> Iterator[list[Path]]:
    """A detached worktree per commit under one temporary folder, all removed after."""
    root = Path(tempfile.mkdtemp(prefix="flowdeck-compare-"))
    made: list[Path] = []
    try:
        for side, commit in zip("ab", commits, strict=True):
            path = root / f"{side}-{commit[:10]}"
            git(repo, "worktree", "add", "--detach", "--quiet", str(path), commit)
            made.append(path)
        yield made
    finally:
        for path in made:
            try:
                git(repo, "worktree", "remove", "--force", str(path))
            except CompareError as exc:
                print(f"compare: {exc}", file=sys.stderr)
        shutil.rmtree(root, ignore_errors=True)
        subprocess.run(["git", "-C", str(repo), "worktree", "prune"], capture_output=True)


def bench_script(tree: Path, bench: str, rev: str) -> Path:
    script = tree / "tests" / "bench" / f"{bench}_bench.py"
    if not script.is_file():
        raise CompareError(f"{rev} has no tests/bench/{bench}_bench.py")
    return script


def run_bench(python: str, tree: Path, script: Path, args: Sequence[str],
              timeout_s: float | None) -> tuple[dict[str, float], float]:
    """One run of a bench in `tree`: its figures and how long it took."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(tree / "gui")] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else []))
    started = time.monotonic()
    try:
        proc = subprocess.run([python, str(script), *args], cwd=tree, env=env,
                              capture_output=True, text=True, timeout=timeout_s)
    except subprocess.TimeoutExpired:
        raise CompareError(f"{script.name} in {tree.name} ran past {timeout_s:g} s") from None
    took = time.monotonic() - started
    if proc.returncode != 0:
        tail = "\n".join(proc.stderr.strip().splitlines()[-15:])
        raise CompareError(f"{script.name} in {tree.name} exited with {proc.returncode}:\n"
                           f"{tail}")
    found = figures(json_lines(proc.stdout))
    if not found:
        raise CompareError(f"{script.name} in {tree.name} printed no JSON figures")
    return found, took


def parse_args(argv: Sequence[str]) -> tuple[argparse.Namespace, list[str]]:
    p = argparse.ArgumentParser(
        description=__doc__.splitlines()[0], allow_abbrev=False,
        epilog="Other arguments go to the bench, e.g. --sizes 5000 --duration 20 (table).")
    p.add_argument("rev_a", metavar="REV_A", help="the reference commit (A)")
    p.add_argument("rev_b", metavar="REV_B", help="the commit compared with it (B)")
    p.add_argument("--bench", default="table",
                   help="tests/bench/<BENCH>_bench.py: table (default), alerts, engine, "
                        "gateway, ...")
    p.add_argument("--runs", type=int, default=3, help="runs of each commit (default 3)")
    p.add_argument("--repo", type=Path, default=Path.cwd(),
                   help="the git repository (default: the one holding the current folder)")
    p.add_argument("--python", default=sys.executable,
                   help="interpreter for both commits (default: this one)")
    p.add_argument("--timeout", type=float, default=None,
                   help="seconds one bench run may take (default: no limit)")
    args, bench_args = p.parse_known_args(argv)
    if args.runs < 1:
        p.error("--runs must be 1 or more")
    if bench_args[:1] == ["--"]:
        bench_args = bench_args[1:]
    return args, bench_args


def main(argv: Sequence[str] | None = None) -> int:
    args, bench_args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        repo = Path(git(args.repo, "rev-parse", "--show-toplevel"))
        commits = [resolve(repo, args.rev_a), resolve(repo, args.rev_b)]
        labels = [f"{args.rev_a} ({commits[0][:10]})", f"{args.rev_b} ({commits[1][:10]})"]
        print(f"compare: {args.bench} bench, A = {labels[0]}, B = {labels[1]}, "
              f"{args.runs} runs each, interleaved; bench args: {bench_args}",
              file=sys.stderr, flush=True)
        runs: list[list[dict[str, float]]] = [[], []]
        with worktrees(repo, commits) as trees:
            scripts = [bench_script(t, args.bench, rev)
                       for t, rev in zip(trees, (args.rev_a, args.rev_b), strict=True)]
            for i in range(args.runs):
                for side in (0, 1):
                    found, took = run_bench(args.python, trees[side], scripts[side],
                                            bench_args, args.timeout)
                    runs[side].append(found)
                    print(f"compare: run {i + 1}/{args.runs} {'AB'[side]} done in "
                          f"{took:.0f} s", file=sys.stderr, flush=True)
    except CompareError as exc:
        print(f"compare: {exc}", file=sys.stderr)
        return 2
    rows = compare(runs[0], runs[1])
    print(table_text(rows, *labels))
    print(json.dumps({"bench": args.bench, "bench_args": bench_args, "runs": args.runs,
                      "a": {"rev": args.rev_a, "commit": commits[0]},
                      "b": {"rev": args.rev_b, "commit": commits[1]},
                      "figures": {r.name: r.as_json() for r in rows}}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
