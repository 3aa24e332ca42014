"""The day's price behind the detail chart's flow curves, on an axis of its own (right):
flow against price ("price up while money leaves?").

A second view box under the plot's, its x linked to the plot's (zoom and pan move
both), its y fitted to the prices alone; drawn before the plot's items, so the flow
curves stay on top. The prices are the live store's a minute (live/minute_prices.py):
NaN minutes draw nothing (`connect="finite"`), no price means no line and an empty
axis, never a made-up one.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtGui import QColor

from ..look.theme import Theme

_NAME = QT_TRANSLATE_NOOP("DetailDock", "Price")
_BEHIND = -100  # under the plot item and its curves (z 0 and above)


class PriceLine:
    """The price curve of `item` (a PlotItem): `set_prices`, `set_theme`."""

    def __init__(self, item: pg.PlotItem) -> None:
        self._item = item
        self.view = pg.ViewBox(enableMenu=False)
        self.view.setMouseEnabled(x=False, y=False)
        self.view.setZValue(_BEHIND)
        item.showAxis("right")
        self.axis: pg.AxisItem = item.getAxis("right")
        self.axis.enableAutoSIPrefix(False)
        item.scene().addItem(self.view)
        self.axis.linkToView(self.view)
        self.view.setXLink(item.getViewBox())
        self.curve = pg.PlotCurveItem(connect="finite", skipFiniteCheck=True)
        self.view.addItem(self.curve)
        item.getViewBox().sigResized.connect(self._fit)
        self._fit()

    @staticmethod
    def name() -> str:
        return QCoreApplication.translate("DetailDock", _NAME)

    def set_prices(self, prices: np.ndarray | None) -> None:
        """The prices a minute (NaN: none); None or all NaN: no line."""
        known = np.flatnonzero(np.isfinite(prices)) if prices is not None else ()
        if not len(known):
            self.curve.setData([], [])
            self.axis.setStyle(showValues=False)
            return
        first, last = int(known[0]), int(known[-1])
        y = np.asarray(prices[first: last + 1], dtype=float)
        self.curve.setData(np.arange(first, last + 1, dtype=float), y)
        self.axis.setStyle(showValues=True)
        low, high = float(np.nanmin(y)), float(np.nanmax(y))
        pad = (high - low) * 0.08 or max(abs(high) * 0.002, 0.01)
        self.view.setYRange(low - pad, high + pad, padding=0)

    def price_at(self, minute: int) -> float:
        """The line's price at `minute`, NaN where it has none."""
        x, y = self.curve.getData()
        if x is None or not len(x):
            return float("nan")
        at = minute - int(x[0])
        return float(y[at]) if 0 <= at < len(y) else float("nan")

    def set_theme(self, theme: Theme) -> None:
        color = QColor(theme.plot_foreground)
        color.setAlphaF(0.45)
        self.curve.setPen(pg.mkPen(color, width=1.5))
        self.axis.setPen(theme.plot_axis)
        self.axis.setTextPen(theme.plot_foreground)

    def _fit(self, *_: object) -> None:
        self.view.setGeometry(self._item.getViewBox().sceneBoundingRect())
        self.view.linkedViewChanged(self._item.getViewBox(), self.view.XAxis)
