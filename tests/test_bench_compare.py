"""tests/bench/compare.py: the figures and ratios it computes, and a whole comparison of
two commits of a small git repository holding a fake bench (benches themselves are not
collected: pytest skips tests/bench)."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BENCH_DIR = Path(__file__).parent / "bench"
COMPARE = BENCH_DIR / "compare.py"


def _load(name: str):
    spec = importlib.util.spec_from_file_location(name, BENCH_DIR / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


bf = _load("bench_figures")


def test_json_lines_keeps_objects_and_skips_the_rest():
    text = ('warming up\n{"a": 1}\n[1, 2]\n{"b": \n  {"c": 2.5}  \n42\n'
            'This plugin does not support propagateSizeHints()\n')
    assert bf.json_lines(text) == [{"a": 1}, {"c": 2.5}]


def test_figures_flatten_nested_numbers_and_skip_booleans_and_text():
    line = {"source": "sim", "max_rps": 12000, "ok": True, "p99_ms": 1.5,
            "cpu": {"ws_1": 0.25, "ws_50": 0.5}, "goals": {"p99<=20": True},
            "none": None, "nan": float("nan")}
    assert bf.figures([line]) == {"max_rps": 12000.0, "p99_ms": 1.5, "cpu.ws_1": 0.25,
                                  "cpu.ws_50": 0.5}


def test_figures_of_several_lines_are_named_by_each_lines_first_key():
    lines = [{"n": 500, "paint_ms": 3.0}, {"n": 5000, "paint_ms": 15.0}, {"x": [1], "y": 2}]
    assert bf.figures(lines) == {"n=500/n": 500.0, "n=500/paint_ms": 3.0,
                                 "n=5000/n": 5000.0, "n=5000/paint_ms": 15.0, "#3/y": 2.0}


def test_medians_ratio_and_spread_of_paired_runs():
    rows = bf.compare([{"t": 10.0}, {"t": 12.0}, {"t": 11.0}],
                      [{"t": 22.0}, {"t": 18.0}, {"t": 33.0}])
    (row,) = rows
    assert (row.a_median, row.b_median) == (11.0, 22.0)
    assert row.ratio == pytest.approx(2.0)
    assert row.spread == pytest.approx((1.5, 3.0))  # 18/12 and 33/11, pair by pair
    out = row.as_json()
    assert (out["ratio"], out["ratio_min"], out["ratio_max"]) == (2.0, 1.5, 3.0)
    assert out["a_runs"] == [10.0, 12.0, 11.0] and out["b_runs"] == [22.0, 18.0, 33.0]


def test_missing_values_and_a_zero_reference_give_no_ratio_instead_of_a_crash():
    rows = {r.name: r for r in bf.compare([{"t": 0.0, "u": 4.0}, {}],
                                          [{"t": 1.0}, {"t": 2.0, "u": 6.0}])}
    assert rows["t"].ratio is None and rows["t"].spread is None
    # u: no pair of runs has both sides; B's run over A's median instead.
    assert rows["u"].a_runs == (4.0, None) and rows["u"].b_runs == (None, 6.0)
    assert rows["u"].ratio == pytest.approx(1.5)
    assert rows["u"].spread == pytest.approx((1.5, 1.5))
    text = bf.table_text(list(rows.values()), "A", "B")
    assert "t " in text and "u " in text


# --- a whole comparison ----------------------------------------------------------------

FAKE_BENCH = """\
import argparse, json, os
from fakepkg.speed import SLOWNESS
p = argparse.ArgumentParser()
p.add_argument("--scale", type=float, default=1.0)
a = p.parse_args()
count = os.path.join(os.path.dirname(__file__), "count")  # which run of this tree
n = int(open(count).read()) + 1 if os.path.exists(count) else 1
open(count, "w").write(str(n))
print("not json")
print(json.dumps({"paint_ms": SLOWNESS * a.scale + n, "nested": {"rate": 100},
                  "ok": True}))
"""


def _git(repo: Path, *args: str) -> str:
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.invalid",
               GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.invalid")
    return subprocess.run(["git", "-C", str(repo), *args], check=True, env=env,
                          capture_output=True, text=True).stdout.strip()


def _commit(repo: Path, slowness: int, message: str) -> str:
    (repo / "gui" / "fakepkg" / "speed.py").write_text(f"SLOWNESS = {slowness}\n")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", message)
    return _git(repo, "rev-parse", "HEAD")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    (repo / "gui" / "fakepkg").mkdir(parents=True)
    (repo / "gui" / "fakepkg" / "__init__.py").write_text("")
    (repo / "tests" / "bench").mkdir(parents=True)
    (repo / ".gitignore").write_text("count\n")
    _git(repo, "init", "-q")
    _commit(repo, 0, "no bench yet")
    (repo / "tests" / "bench" / "fake_bench.py").write_text(FAKE_BENCH)
    return repo


def _compare(repo: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return subprocess.run([sys.executable, str(COMPARE), *args], cwd=repo, env=env,
                          capture_output=True, text=True, timeout=60)


@pytest.mark.e2e  # runs git and compare.py
def test_compare_runs_each_commits_own_code_interleaved_and_cleans_up(repo: Path):
    a = _commit(repo, 10, "slowness 10")
    _commit(repo, 20, "slowness 20")
    proc = _compare(repo, a[:8], "HEAD", "--bench", "fake", "--runs", "2", "--scale", "3")
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    paint = result["figures"]["paint_ms"]
    # Each tree's gui/ (10 * 3 vs 20 * 3), the bench argument passed through, and the
    # run number of each tree: 1 then 2 on both sides.
    assert paint["a_runs"] == [31.0, 32.0] and paint["b_runs"] == [61.0, 62.0]
    assert paint["ratio"] == pytest.approx(61.5 / 31.5, abs=1e-3)
    assert (paint["ratio_min"], paint["ratio_max"]) == (round(62 / 32, 3), round(61 / 31, 3))
    assert result["figures"]["nested.rate"]["ratio"] == 1.0
    assert "ok" not in result["figures"]
    assert result["a"]["commit"] == a
    assert "paint_ms" in proc.stdout and "nested.rate" in proc.stdout
    order = [line.split()[3] for line in proc.stderr.splitlines() if " done in " in line]
    assert order == ["A", "B", "A", "B"]
    assert len(_git(repo, "worktree", "list").splitlines()) == 1  # the worktrees are gone


@pytest.mark.e2e  # runs git and compare.py
def test_a_commit_without_the_bench_or_an_unknown_revision_is_a_clear_error(repo: Path):
    first = _git(repo, "rev-parse", "HEAD")
    _commit(repo, 5, "with the bench")
    proc = _compare(repo, first, "HEAD", "--bench", "fake", "--runs", "1")
    assert proc.returncode == 2
    assert "has no tests/bench/fake_bench.py" in proc.stderr
    assert "Traceback" not in proc.stderr
    proc = _compare(repo, "no-such-rev", "HEAD", "--bench", "fake")
    assert proc.returncode == 2 and "'no-such-rev' is not a commit" in proc.stderr
    assert len(_git(repo, "worktree", "list").splitlines()) == 1
