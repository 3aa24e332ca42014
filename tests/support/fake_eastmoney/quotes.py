"""The fake East Money's `ulist.np/get`: the named codes' live fields, in the shape
akshare and efinance read from push2's list endpoints (akshare/stock/stock_fund_em.py,
efinance/common/getter.py): {"rc": 0, "data": {"total": n, "diff": [{"f12": "600519",
"f13": 1, "f14": name, "f62": ..., ...}]}} with `np=1` (an object keyed "0", "1", ...
without), only the fields asked, codes East Money does not know left out (none known:
`data: null`). fltt=2: decimals, ratios in percent. Their convention: the four tier
nets sum to zero and f62 = f66 + f72.

`FakeQuotes` is deterministic: a code's numbers depend on its secid and `version`
(bump it for "the next minute"); `dashes` publish '-' for a code's flows (suspended);
`override[secid]` replaces fields of a row (a renamed or broken field: set a value, or
MISSING to drop the field).
"""

from __future__ import annotations

import random
from collections.abc import Mapping

MISSING = object()
TURNOVER = 1.0e9


def tiers(secid: str, version: int) -> tuple[float, float, float, float]:
    """(super, large, medium, small) net yuan, summing to zero."""
    rng = random.Random(f"{secid}/{version}")
    sup, large, medium = (float(rng.randint(-50_000_000, 50_000_000)) for _ in range(3))
    return sup, large, medium, -(sup + large + medium)


class FakeQuotes:
    def __init__(self, stamp: int = 1_764_840_600, *, dashes: frozenset[str] = frozenset(),
                 unknown: frozenset[str] = frozenset()) -> None:
        self.stamp = stamp          # f124, Unix seconds (2025-12-04 17:30 in Shanghai)
        self.version = 0
        self.dashes, self.unknown = set(dashes), set(unknown)
        self.override: dict[str, dict[str, object]] = {}

    def row(self, secid: str) -> dict:
        market, _, symbol = secid.partition(".")
        sup, large, medium, small = tiers(secid, self.version)
        row: dict = {"f12": symbol, "f13": int(market), "f14": f"股{symbol}",
                     "f2": 12.34, "f3": 1.23, "f18": 12.19, "f124": self.stamp + 60 * self.version,
                     "f62": sup + large, "f184": round(100 * (sup + large) / TURNOVER, 2)}
        for (net, ratio), value in zip((("f66", "f69"), ("f72", "f75"), ("f78", "f81"),
                                        ("f84", "f87")), (sup, large, medium, small),
                                       strict=True):
            row[net], row[ratio] = value, round(100 * value / TURNOVER, 2)
        if secid in self.dashes:
            for key in ("f62", "f184", "f66", "f69", "f72", "f75", "f78", "f81", "f84",
                        "f87", "f2", "f3"):
                row[key] = "-"
        for key, value in self.override.get(secid, {}).items():
            if value is MISSING:
                row.pop(key, None)
            else:
                row[key] = value
        return row

    def answer(self, params: Mapping[str, str]) -> dict:
        wanted = [f for f in params.get("fields", "").split(",") if f]
        secids = [s for s in params.get("secids", "").split(",") if s and s not in self.unknown]
        rows = [{k: r[k] for k in wanted if k in r} for r in map(self.row, secids)]
        head = {"rc": 0, "rt": 11, "svr": 0, "lt": 1, "full": 1, "dlmkts": ""}
        if not rows:
            return {**head, "data": None}
        diff: object = rows if params.get("np") == "1" else \
            {str(i): r for i, r in enumerate(rows)}
        return {**head, "data": {"total": len(rows), "diff": diff}}
