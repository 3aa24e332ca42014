"""Compact amounts (K/M/B or 万/亿, 萬/億 in Traditional Chinese) and percentages, for
display."""

from __future__ import annotations

import math

_KMB = ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K"))
_WAN = ((1e8, "亿"), (1e4, "万"))
_WAN_HANT = ((1e8, "億"), (1e4, "萬"))


def format_amount(value: float, units: str = "kmb", digits: int = 2) -> str:
    """`12345678 -> '12.35M'` (units="kmb"), `'1234.57万'` (units="wan") or `'1234.57萬'`
    (units="wan_hant")."""
    if value is None or not math.isfinite(value):
        return "—"
    steps = _WAN if units == "wan" else _WAN_HANT if units == "wan_hant" else _KMB
    magnitude = abs(value)
    for size, suffix in steps:
        if magnitude >= size:
            return f"{value / size:.{digits}f}{suffix}"
    return f"{value:.0f}"


def format_ratio(value: float, digits: int = 2) -> str:
    if value is None or not math.isfinite(value):
        return "—"
    return f"{value * 100:.{digits}f}%"
