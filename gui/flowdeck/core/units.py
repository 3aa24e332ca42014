"""Compact amounts (K/M/B or 万/亿, 萬/億 in Traditional Chinese) and percentages, for
display. Only what people read is rounded: files and JSON keep the engine's float64."""

from __future__ import annotations

import math

_KMB = ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K"))
_WAN = ((1e8, "亿"), (1e4, "万"))
_WAN_HANT = ((1e8, "億"), (1e4, "萬"))


def format_amount(value: float, units: str = "kmb", digits: int = 2,
                  trim: bool = False) -> str:
    """`12345678 -> '12.35M'` (units="kmb"), `'1234.57万'` (units="wan") or `'1234.57萬'`
    (units="wan_hant"); below the smallest unit the plain number (`0 -> '0.00'`).
    `trim` drops trailing zeros (`'7500万'`, not `'7500.00万'`): for thresholds and
    values in sentences, where no column lines the decimals up."""
    if value is None or not math.isfinite(value):
        return "—"
    steps = _WAN if units == "wan" else _WAN_HANT if units == "wan_hant" else _KMB
    magnitude = abs(value)
    for size, suffix in steps:
        if magnitude >= size:
            return _fixed(value / size, digits, trim) + suffix
    return _fixed(value, digits, trim)


def format_ratio(value: float, digits: int = 2, trim: bool = False) -> str:
    """`0.1234 -> '12.34%'`; never `-0.00%`."""
    if value is None or not math.isfinite(value):
        return "—"
    return _fixed(value * 100, digits, trim) + "%"


def _fixed(value: float, digits: int, trim: bool) -> str:
    text = f"{value:.{digits}f}"
    if trim and "." in text:
        text = text.rstrip("0").rstrip(".")
    # A value that rounds to zero has no sign to show: -0.001 reads "0.00", not "-0.00".
    if text.startswith("-") and not text.strip("-0."):
        text = text[1:]
    return text
