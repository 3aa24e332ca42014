"""The fake East Money's `fflow/kline/get` (klt=1): a code's day so far, one line a
minute, in the shape efinance's get_today_bill reads (efinance/common/getter.py):
{"rc": 0, "data": {"code", "market", "name", "klines": ["2025-12-04 09:31,main,small,
medium,large,super", ...]}}: time first (the END of the minute), then main, small,
medium, large, super (not super first); cumulative yuan; main = super + large.

`FakeMinutes(lines)` answers the first `lines` minutes of the morning (09:31 on);
`unknown` secids answer `data: null` (suspended).
"""

from __future__ import annotations

from collections.abc import Mapping

from .quotes import tiers

DAY = "2025-12-04"


def minute_labels(lines: int) -> list[str]:
    """09:31, 09:32, ... (the morning's 120, then 13:01 on)."""
    out = []
    for i in range(lines):
        minute = 9 * 60 + 31 + i if i < 120 else 13 * 60 + 1 + (i - 120)
        out.append(f"{DAY} {minute // 60:02d}:{minute % 60:02d}")
    return out


def cumulative(secid: str, line: int) -> tuple[float, float, float, float]:
    """(super, large, medium, small) at the end of line `line`: a straight walk to the
    day's tiers (tiers(secid, 0)) over 240 minutes, whole yuan."""
    return tuple(float(round(v * (line + 1) / 240)) for v in tiers(secid, 0))  # type: ignore[return-value]


class FakeMinutes:
    def __init__(self, lines: int = 30, *, unknown: frozenset[str] = frozenset()) -> None:
        self.lines = lines
        self.unknown = set(unknown)

    def answer(self, params: Mapping[str, str]) -> dict:
        secid = params.get("secid", "")
        head = {"rc": 0, "rt": 21, "svr": 0, "lt": 1, "full": 0, "dlmkts": ""}
        if secid in self.unknown or "." not in secid:
            return {**head, "data": None}
        market, _, symbol = secid.partition(".")
        lines = []
        for i, label in enumerate(minute_labels(self.lines)):
            sup, large, medium, small = cumulative(secid, i)
            lines.append(f"{label},{sup + large:.1f},{small:.1f},{medium:.1f},"
                         f"{large:.1f},{sup:.1f}")
        return {**head, "data": {"code": symbol, "market": int(market), "name": f"股{symbol}",
                                 "tradePeriods": {}, "klines": lines}}
