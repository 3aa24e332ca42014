"""The detail dock: the selected stock's intraday cumulative net inflow per series, and its
inflow / outflow per tier for the day.

The dock draws what the owner already holds: `IntradayHistory` (one row per code, six
series a minute; main and retail derived from the tiers when read) and a mapping of the
latest `CapitalFlowDetail` per code (the owner keeps it up to date; the dock only reads
it). `refresh()` redraws only when the shown code's history version or its detail
changed, by `setData` / `setOpts` on items made once; nothing is created per refresh.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QDockWidget, QSplitter, QWidget

from ..core.history import IntradayHistory
from ..core.markets import currency_of, market_of
from ..core.records import SERIES_NAMES, TIER_NAMES, CapitalFlowDetail
from ..core.units import format_amount
from .minute_axis import AmountAxis, MinuteAxis

#: One colour per series (main, retail, super, large, medium, small), told apart on the
#: dark plot background; none is the up/down red or green.
SERIES_COLORS: tuple[str, ...] = ("#f5a623", "#4fc3f7", "#e040fb", "#c0ca33", "#26a69a", "#bdbdbd")
SERIES_WIDTHS: tuple[float, ...] = (2.0, 2.0, 1.0, 1.0, 1.0, 1.0)
SERIES_LABELS: tuple[str, ...] = tuple(s.capitalize() for s in SERIES_NAMES)
TIER_LABELS: tuple[str, ...] = tuple(t.capitalize() for t in TIER_NAMES)
_UP, _DOWN = "#e53935", "#43a047"  # red and green
_BAR_WIDTH = 0.38
_NOTHING = object()  # "no detail drawn yet", distinct from None (drawn: no detail)


def flow_colors(colors: str) -> tuple[str, str]:
    """(inflow, outflow) colours: red-up (HK/CN) draws inflow red, green-up (US) green."""
    return (_DOWN, _UP) if colors == "green-up" else (_UP, _DOWN)


class DetailDock(QDockWidget):
    """Dock (objectName "detailDock") charting one stock: `show_code(code)`, then
    `refresh()` after each apply."""

    def __init__(self, history: IntradayHistory,
                 details: Mapping[str, CapitalFlowDetail] | None = None, *,
                 units: str = "kmb", colors: str = "red-up",
                 parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Detail"), parent)
        self.setObjectName("detailDock")
        self._history = history
        self._details: Mapping[str, CapitalFlowDetail] = details if details is not None else {}
        self._units = units
        self._colors = colors
        self._code: str | None = None
        self._drawn_version: int | None = None
        self._drawn_detail: object = _NOTHING
        self._crosshair_minute: int | None = None

        self.minute_axis = MinuteAxis()
        self.amount_axis = AmountAxis(units)
        self.chart = pg.PlotWidget(axisItems={"bottom": self.minute_axis, "left": self.amount_axis})
        self.chart.setObjectName("detailChart")
        item = self.chart.getPlotItem()
        item.showGrid(x=True, y=True, alpha=0.2)
        item.setMenuEnabled(False)
        self.legend = item.addLegend(offset=(4, 2), labelTextSize="8pt", colCount=len(SERIES_NAMES))
        self.curves: tuple[pg.PlotCurveItem, ...] = tuple(
            pg.PlotCurveItem(pen=pg.mkPen(color, width=width), name=label,
                             skipFiniteCheck=True)
            for color, width, label in zip(SERIES_COLORS, SERIES_WIDTHS, SERIES_LABELS,
                                           strict=True))
        for curve in self.curves:
            item.addItem(curve)
        self.zero_line = pg.InfiniteLine(0, angle=0, pen=pg.mkPen("#888", width=1))
        item.addItem(self.zero_line, ignoreBounds=True)
        self.crosshair = pg.InfiniteLine(angle=90, movable=False,
                                         pen=pg.mkPen("#aaa", style=Qt.PenStyle.DashLine))
        self.crosshair_label = pg.TextItem(anchor=(0, 0), fill=pg.mkBrush(0, 0, 0, 170))
        for extra in (self.crosshair, self.crosshair_label):
            extra.setVisible(False)
            item.addItem(extra, ignoreBounds=True)
        view = item.getViewBox()
        view.setAutoVisible(y=True)
        self.mouse_proxy = pg.SignalProxy(self.chart.scene().sigMouseMoved, rateLimit=30,
                                          slot=self.on_mouse_moved)

        self.bar_axis = AmountAxis(units)
        self.bars = pg.PlotWidget(axisItems={"left": self.bar_axis})
        self.bars.setObjectName("detailBars")
        bars_item = self.bars.getPlotItem()
        bars_item.setMenuEnabled(False)
        bars_item.setMouseEnabled(x=False, y=False)
        bars_item.hideButtons()
        bars_item.showGrid(y=True, alpha=0.2)
        bars_item.getAxis("bottom").setTicks([list(enumerate(TIER_LABELS))])
        bars_item.setXRange(-0.6, len(TIER_NAMES) - 0.4, padding=0)
        x = np.arange(len(TIER_NAMES), dtype=float)
        zeros = np.zeros(len(TIER_NAMES))
        inflow, outflow = flow_colors(colors)
        self.inflow_bars = pg.BarGraphItem(x=x - _BAR_WIDTH / 2, height=zeros, width=_BAR_WIDTH,
                                           brush=inflow, pen=None)
        self.outflow_bars = pg.BarGraphItem(x=x + _BAR_WIDTH / 2, height=zeros, width=_BAR_WIDTH,
                                            brush=outflow, pen=None)
        bars_item.addItem(self.inflow_bars)
        bars_item.addItem(self.outflow_bars)
        self._title_bars()

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.chart)
        splitter.addWidget(self.bars)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        self.setWidget(splitter)

    # -- what the owner calls ------------------------------------------------------------

    @property
    def code(self) -> str | None:
        return self._code

    def set_details(self, details: Mapping[str, CapitalFlowDetail]) -> None:
        """Read details from `details` from now on (the owner keeps it current)."""
        self._details = details
        self.refresh()

    def show_code(self, code: str | None) -> None:
        """Chart `code` (None: nothing). The same code again is just a refresh."""
        if code == self._code:
            self.refresh()
            return
        self._code = code
        self._drawn_version = None
        self._drawn_detail = _NOTHING
        self._crosshair_minute = None
        self.crosshair.setVisible(False)
        self.crosshair_label.setVisible(False)
        if code is None:
            self.setWindowTitle(self.tr("Detail"))
            self._clear()
            return
        self.minute_axis.set_market(market_of(code))
        self.setWindowTitle(self.tr("Detail — {0} ({1})").format(code, currency_of(code)))
        view = self.chart.getPlotItem().getViewBox()
        last = self.minute_axis.minutes - 1
        view.setLimits(xMin=-0.05 * last, xMax=1.05 * last)
        view.setXRange(0, last, padding=0.05)
        view.enableAutoRange(y=True)
        self.refresh()

    def refresh(self) -> bool:
        """Redraw what changed since the last draw; False (and nothing touched) when
        neither the code's history version nor its detail changed."""
        code = self._code
        if code is None:
            return False
        version = self._history.version(code) if code in self._history else -1
        detail = self._details.get(code)
        changed = False
        if version != self._drawn_version:
            self._draw_series(code)
            self._drawn_version = version
            changed = True
        if detail is not self._drawn_detail and detail != self._drawn_detail:
            self._draw_bars(detail)
            self._drawn_detail = detail
            changed = True
        if changed and self._crosshair_minute is not None:
            self.crosshair_at(self._crosshair_minute)
        return changed

    def set_units(self, units: str) -> None:
        """"kmb" or "wan" for the axes and the crosshair label."""
        self._units = units
        self.amount_axis.set_units(units)
        self.bar_axis.set_units(units)
        if self._crosshair_minute is not None:
            self.crosshair_at(self._crosshair_minute)

    def set_colors(self, colors: str) -> None:
        """"red-up" or "green-up": the colours of the inflow and outflow bars."""
        self._colors = colors
        inflow, outflow = flow_colors(colors)
        self.inflow_bars.setOpts(brush=inflow)
        self.outflow_bars.setOpts(brush=outflow)
        self._title_bars()

    def _title_bars(self) -> None:
        """The bar chart's key, in its title row (a legend inside would hide bars)."""
        inflow, outflow = flow_colors(self._colors)
        self.bars.getPlotItem().setTitle(
            f'<span style="color:{inflow}">■</span> {self.tr("Inflow")} &nbsp; '
            f'<span style="color:{outflow}">■</span> {self.tr("Outflow")}', size="8pt")

    # -- crosshair -----------------------------------------------------------------------

    def on_mouse_moved(self, event: tuple) -> None:
        """SignalProxy slot: `event[0]` is the mouse's scene position."""
        pos = event[0]
        view = self.chart.getPlotItem().getViewBox()
        if self._code is None or not view.sceneBoundingRect().contains(pos):
            return
        self.crosshair_at(round(view.mapSceneToView(pos).x()))

    def crosshair_at(self, minute: int) -> None:
        """Put the crosshair on trading minute `minute` (clamped to the session) and label
        it with every series' value there."""
        if self._code is None:
            return
        minute = min(max(minute, 0), self.minute_axis.minutes - 1)
        self._crosshair_minute = minute
        values = self.values_at(minute)
        rows = [f"<b>{self.minute_axis.label_of(minute)}</b>"]
        rows += [f'<span style="color:{color}">{label}</span> {format_amount(v, self._units)}'
                 for color, label, v in zip(SERIES_COLORS, SERIES_LABELS, values, strict=True)]
        self.crosshair_label.setHtml(
            '<div style="color:#eee; font-size:8pt">' + "<br>".join(rows) + "</div>")
        view = self.chart.getPlotItem().getViewBox()
        (x0, x1), (_, y1) = view.viewRange()
        # Just under the legend's row, on the side of the line with more room.
        below_legend = view.mapFromView(QPointF(minute, y1)) + QPointF(0, 24)
        self.crosshair_label.setAnchor((1, 0) if minute > (x0 + x1) / 2 else (0, 0))
        self.crosshair_label.setPos(view.mapToView(below_legend))
        self.crosshair.setPos(minute)
        self.crosshair.setVisible(True)
        self.crosshair_label.setVisible(True)

    def crosshair_text(self) -> str:
        """The crosshair label as plain text ("" when hidden)."""
        if not self.crosshair_label.isVisible():
            return ""
        return self.crosshair_label.textItem.toPlainText()

    def values_at(self, minute: int) -> np.ndarray:
        """The six series' values at `minute` of the shown code (NaN where none)."""
        if self._code is None or self._code not in self._history:
            return np.full(len(SERIES_NAMES), np.nan)
        return np.asarray(self._history.series(self._code)[:, minute], dtype=float)

    # -- drawing -------------------------------------------------------------------------

    def _draw_series(self, code: str) -> None:
        if code not in self._history or self._history.last_minute(code) < 0:
            for curve in self.curves:
                curve.setData([], [])
            return
        last = self._history.last_minute(code)
        series = self._history.series(code)  # one read: main/retail derived once
        finite = np.isfinite(series[0, : last + 1])
        first = int(np.argmax(finite)) if finite.any() else last + 1
        # float64 for pyqtgraph; `series` is already a snapshot (later points do not
        # change it), so the curves never see the history's in-place writes.
        block = np.array(series[:, first: last + 1], dtype=float)
        x = np.arange(first, last + 1, dtype=float)
        # The view box queues its auto-range to the next paint: one for all six curves,
        # and none once the user has zoomed or panned (pyqtgraph turns it off then).
        for curve, y in zip(self.curves, block, strict=True):
            curve.setData(x, y)

    def _draw_bars(self, detail: CapitalFlowDetail | None) -> None:
        if detail is None:
            inflow = outflow = np.zeros(len(TIER_NAMES))
        else:
            inflow = np.asarray(detail.inflow, dtype=float)
            outflow = np.asarray(detail.outflow, dtype=float)
        self.inflow_bars.setOpts(height=inflow)
        self.outflow_bars.setOpts(height=outflow)
        self.bars.getPlotItem().enableAutoRange(y=True)

    def _clear(self) -> None:
        for curve in self.curves:
            curve.setData([], [])
        self._draw_bars(None)
