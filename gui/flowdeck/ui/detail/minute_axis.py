"""The detail chart's axes: trading minutes printed as exchange time, amounts in compact
units.

The x of the intraday chart is the trading-minute index (0 = the open), so the lunch
break takes no room: HK minute 149 is 11:59 and minute 150 is 13:00. `MinuteAxis` prints
those exchange times and puts its ticks on whole quarter / half / full hours counted from
the open (every market opens on the hour or the half hour). `AmountAxis` prints amounts
with `core.units.format_amount` (K/M/B or 万/亿) instead of pyqtgraph's SI prefixes.
"""

from __future__ import annotations

import math

import pyqtgraph as pg

from ...core.codes import Market
from ...core.markets import MARKETS, minute_label, session_minutes
from ...core.units import format_amount

#: Tick steps in trading minutes, smallest first; 30 and 60 land on :00 / :30.
_STEPS = (1, 5, 10, 15, 30, 60, 120)
_LABEL_PX = 48  # room a "HH:MM" label needs


def minute_tick_spacing(span: float, size_px: float) -> list[tuple[float, float]]:
    """(major, minor) tick levels for `span` minutes drawn over `size_px` pixels."""
    if span <= 0 or size_px <= 0:
        return []
    most = max(2.0, size_px / _LABEL_PX)
    major = next((s for s in _STEPS if span / s <= most), _STEPS[-1])
    smaller = [s for s in _STEPS if s < major and span / s <= size_px / 6]
    levels = [(float(major), 0.0)]
    if smaller:
        levels.append((float(smaller[-1]), 0.0))
    return levels


class MinuteAxis(pg.AxisItem):
    """Bottom axis over trading-minute indexes of one market's session."""

    def __init__(self, market: Market = Market.HK, **kwargs) -> None:
        super().__init__("bottom", **kwargs)
        self.enableAutoSIPrefix(False)
        self._market = market
        self._minutes = session_minutes(market)

    @property
    def market(self) -> Market:
        return self._market

    @property
    def minutes(self) -> int:
        """The session's trading minutes (the x range is 0 .. minutes - 1)."""
        return self._minutes

    def set_market(self, market: Market) -> None:
        if market is not self._market:
            self._market = market
            self._minutes = session_minutes(market)
            self.picture = None
            self.update()

    def label_of(self, value: float) -> str:
        """`HH:MM` at trading minute `value` (rounded), "" outside the session."""
        if not math.isfinite(value):
            return ""
        index = round(value)
        if 0 <= index < self._minutes:
            return minute_label(self._market, index)
        if index == self._minutes:  # the close itself
            close = MARKETS[self._market].sessions[-1][1]
            return f"{close // 60:02d}:{close % 60:02d}"
        return ""

    def tickSpacing(self, minVal: float, maxVal: float, size: float):
        return minute_tick_spacing(abs(maxVal - minVal), size)

    def tickStrings(self, values, scale, spacing):
        return [self.label_of(v) for v in values]


class AmountAxis(pg.AxisItem):
    """Left axis printing amounts in compact units."""

    def __init__(self, units: str = "kmb", orientation: str = "left", **kwargs) -> None:
        super().__init__(orientation, **kwargs)
        self.enableAutoSIPrefix(False)
        self._units = units

    @property
    def units(self) -> str:
        return self._units

    def set_units(self, units: str) -> None:
        if units != self._units:
            self._units = units
            self.picture = None
            self.update()

    def tickStrings(self, values, scale, spacing):
        return amount_labels([v * scale for v in values], self._units)


def amount_labels(values: list[float], units: str) -> list[str]:
    """Compact labels with the fewest digits (0-2) that keep distinct ticks distinct."""
    labels: list[str] = []
    for digits in (0, 1, 2):
        labels = [format_amount(v, units, digits=digits) for v in values]
        if len(set(labels)) == len(set(values)):
            break
    return labels
