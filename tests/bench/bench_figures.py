"""The arithmetic of compare.py, kept free of git and processes so that it can be tested:
a bench's output into named figures, and two commits' runs into medians and ratios."""

from __future__ import annotations

import json
import math
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


def json_lines(text: str) -> list[dict]:
    """The JSON objects a bench printed, one a line; other lines (warnings, progress
    text, a JSON list or number) are skipped."""
    out = []
    for line in text.splitlines():
        line = line.strip()
        if not line.startswith("{"):
            continue
        try:
            value = json.loads(line)
        except ValueError:
            continue
        if isinstance(value, dict):
            out.append(value)
    return out


def _flatten(obj: dict, prefix: str, out: dict[str, float]) -> None:
    for key, value in obj.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            _flatten(value, name + ".", out)
        elif isinstance(value, int | float) and not isinstance(value, bool):
            if math.isfinite(value):
                out[name] = float(value)


def _line_label(line: dict, index: int) -> str:
    """What tells one of several lines apart: its first key and value when that value
    is a plain number or word (table_bench: "n=5000"), else its position ("#2")."""
    if line:
        key, value = next(iter(line.items()))
        if isinstance(value, int | str) and not isinstance(value, bool):
            return f"{key}={value}"
    return f"#{index + 1}"


def figures(lines: Sequence[dict]) -> dict[str, float]:
    """Every finite number in a bench's JSON lines, by name. Nested objects give dotted
    names ("gateway_cpu_share.ws_1"); booleans are not figures. With more than one line
    each name starts with the line's label ("n=5000/lag_p99_ms")."""
    out: dict[str, float] = {}
    for i, line in enumerate(lines):
        prefix = f"{_line_label(line, i)}/" if len(lines) > 1 else ""
        _flatten(line, prefix, out)
    return out


@dataclass(frozen=True)
class Comparison:
    """One figure at A and at B over interleaved runs (None: a run had no value)."""
    name: str
    a_runs: tuple[float | None, ...]
    b_runs: tuple[float | None, ...]

    @property
    def a_median(self) -> float | None:
        return _median(self.a_runs)

    @property
    def b_median(self) -> float | None:
        return _median(self.b_runs)

    @property
    def ratio(self) -> float | None:
        """B's median over A's."""
        return _ratio(self.b_median, self.a_median)

    @property
    def spread(self) -> tuple[float, float] | None:
        """Lowest and highest ratio of the runs made side by side (B_i / A_i); when no
        pair has both values, each B run over A's median."""
        pairs = [_ratio(b, a) for a, b in zip(self.a_runs, self.b_runs, strict=False)]
        ratios = [r for r in pairs if r is not None]
        if not ratios:
            ratios = [r for r in (_ratio(b, self.a_median) for b in self.b_runs)
                      if r is not None]
        return (min(ratios), max(ratios)) if ratios else None

    def as_json(self) -> dict:
        spread = self.spread
        return {"a_median": self.a_median, "b_median": self.b_median,
                "ratio": _rounded(self.ratio), "ratio_min": _rounded(spread and spread[0]),
                "ratio_max": _rounded(spread and spread[1]),
                "a_runs": list(self.a_runs), "b_runs": list(self.b_runs)}


def compare(a_runs: Sequence[dict[str, float]],
            b_runs: Sequence[dict[str, float]]) -> list[Comparison]:
    """Each figure any run has, in the order they first appear (A's runs first)."""
    names = dict.fromkeys(name for run in (*a_runs, *b_runs) for name in run)
    return [Comparison(name, tuple(run.get(name) for run in a_runs),
                       tuple(run.get(name) for run in b_runs)) for name in names]


def _median(values: Iterable[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return statistics.median(present) if present else None


def _ratio(b: float | None, a: float | None) -> float | None:
    if a is None or b is None or a == 0:
        return None
    return b / a


def _rounded(x: float | None) -> float | None:
    return None if x is None else round(x, 3)


def _number(x: float | None) -> str:
    if x is None:
        return "-"
    return f"{x:.4g}" if abs(x) < 1e6 else f"{x:.3e}"


def table_text(rows: Sequence[Comparison], label_a: str, label_b: str) -> str:
    """The human-readable table: medians, ratio B/A with its spread, every run."""
    width = max([len(r.name) for r in rows] + [6])
    head = (f"{'figure':<{width}}  {'A med':>10}  {'B med':>10}  {'B/A':>6}  "
            f"{'spread':>13}  runs (A: {label_a} | B: {label_b})")
    lines = [head, "-" * len(head)]
    for r in rows:
        spread = r.spread
        spread_text = f"{spread[0]:.3f}-{spread[1]:.3f}" if spread else "-"
        ratio = f"{r.ratio:.3f}" if r.ratio is not None else "-"
        runs = (" ".join(_number(v) for v in r.a_runs) + " | "
                + " ".join(_number(v) for v in r.b_runs))
        lines.append(f"{r.name:<{width}}  {_number(r.a_median):>10}  "
                     f"{_number(r.b_median):>10}  {ratio:>6}  {spread_text:>13}  {runs}")
    return "\n".join(lines)
