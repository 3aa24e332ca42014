"""The Days view's chart: one bar a day of a series' net inflow, coloured by the user's
convention (the up colour for inflow), the live day's bar hatched (so far, not a close),
the day the chart above shows outlined, a crosshair labelled with the day's numbers, and
a click on a bar telling which day (`bar_clicked(index)`).

The x of a bar is its index among the days drawn (an archived day FlowDeck did not see
takes no room; the crosshair names every bar's date). The axis prints dates.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPoint, QPointF, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from ...core.units import format_amount, format_ratio
from ..look.theme import Theme, current_theme
from .day_label import day_text
from .detail_style import add_marks
from .minute_axis import AmountAxis

BAR_WIDTH = 0.8
_LABEL_PX = 56  # room a "11-20" label needs


class DateAxis(pg.AxisItem):
    """Bottom axis over bar indexes, printing each bar's date (`MM-DD`, or `YYYY-MM-DD`
    at the first bar of a year)."""

    def __init__(self) -> None:
        super().__init__("bottom")
        self.enableAutoSIPrefix(False)
        self.days: list[dt.date] = []

    def set_days(self, days: Sequence[dt.date]) -> None:
        self.days = list(days)
        self.picture = None
        self.update()

    def tickSpacing(self, minVal: float, maxVal: float, size: float):
        span = abs(maxVal - minVal)
        if span <= 0 or size <= 0:
            return []
        most = max(1.0, size / _LABEL_PX)
        step = next((s for s in (1, 2, 5, 10, 20, 50, 100) if span / s <= most), 250)
        return [(float(step), 0.0)]

    def tickStrings(self, values, scale, spacing):
        out = []
        for v in values:
            i = round(v)
            if 0 <= i < len(self.days) and abs(v - i) < 1e-6:
                d = self.days[i]
                out.append(d.isoformat() if i == 0 or d.year != self.days[i - 1].year
                           else d.strftime("%m-%d"))
            else:
                out.append("")
        return out


class DayBars(pg.PlotWidget):
    """`set_bars(days, nets, ratios, live)`; `bar_clicked(index)` on a left click."""

    bar_clicked = Signal(int)

    def __init__(self, units: str = "kmb") -> None:
        self.date_axis = DateAxis()
        self.amount_axis = AmountAxis(units)
        super().__init__(axisItems={"bottom": self.date_axis, "left": self.amount_axis})
        self.setObjectName("dayBars")
        self._units = units
        self._days: list[dt.date] = []
        self._nets = np.zeros(0)
        self._ratios: list[float | None] = []
        self._live = False
        self._shown: int | None = None
        self._crosshair: int | None = None
        self._theme = current_theme()
        self._colors = self._theme.flow(True)
        self.labels = ("", "", "")  # series name, "ratio", "today so far": set_labels
        item = self.getPlotItem()
        item.setMenuEnabled(False)
        item.setMouseEnabled(x=False, y=False)
        item.hideButtons()
        item.showGrid(y=True, alpha=0.2)
        self.bars = pg.BarGraphItem(x=[], height=[], width=BAR_WIDTH)
        item.addItem(self.bars)
        self.zero_line, self.crosshair, self.crosshair_label = add_marks(item)
        self.mouse_proxy = pg.SignalProxy(self.scene().sigMouseMoved, rateLimit=30,
                                          slot=self._mouse_moved)
        self.scene().sigMouseClicked.connect(self._mouse_clicked)
        self.set_theme(self._theme, *self._colors)

    # --- what the Days view calls -----------------------------------------------------

    @property
    def days(self) -> list[dt.date]:
        return list(self._days)

    def set_bars(self, days: Sequence[dt.date], nets: Sequence[float],
                 ratios: Sequence[float | None], live: bool = False) -> None:
        """One bar a day, oldest first; `live`: the last is today so far."""
        if list(days) != self._days:
            self.hide_crosshair()  # its index would name another day now
        self._days = list(days)
        self._nets = np.asarray(nets, float)
        self._ratios = list(ratios)
        self._live = bool(live)
        self.date_axis.set_days(self._days)
        n = len(self._days)
        view = self.getPlotItem().getViewBox()
        view.setXRange(-0.6, max(n, 1) - 0.4, padding=0)
        view.enableAutoRange(y=True)
        self._draw()
        if self._crosshair is not None:
            self.crosshair_at(self._crosshair)

    def set_shown(self, index: int | None) -> None:
        """Outline the bar of the day the chart above shows (None: none)."""
        if index != self._shown:
            self._shown = index
            self._draw()

    def set_labels(self, series: str, ratio_word: str, live_word: str) -> None:
        self.labels = (series, ratio_word, live_word)
        if self._crosshair is not None:
            self.crosshair_at(self._crosshair)

    def set_units(self, units: str) -> None:
        self._units = units
        self.amount_axis.set_units(units)
        if self._crosshair is not None:
            self.crosshair_at(self._crosshair)

    def set_theme(self, theme: Theme, inflow: str, outflow: str) -> None:
        self._theme = theme
        self._colors = (inflow, outflow)
        self.setBackground(theme.plot_background)
        for name in ("left", "bottom"):
            axis = self.getPlotItem().getAxis(name)
            axis.setPen(theme.plot_axis)
            axis.setTextPen(theme.plot_foreground)
            axis.setTickPen(theme.plot_grid)
        self.zero_line.setPen(pg.mkPen(theme.plot_zero, width=1))
        self.crosshair.setPen(pg.mkPen(theme.plot_crosshair, style=Qt.PenStyle.DashLine))
        self.crosshair_label.fill = pg.mkBrush(theme.plot_background)
        self.crosshair_label.border = pg.mkPen(theme.plot_axis)
        self._draw()
        if self._crosshair is not None:
            self.crosshair_at(self._crosshair)

    def bar_colors(self) -> list[str]:
        """Each bar's colour as drawn (`#rrggbb`), oldest first."""
        return [QColor(self._colors[0] if v > 0 else self._colors[1]).name()
                for v in self._nets]

    def bar_center(self, index: int) -> QPoint:
        """Where bar `index` is on the widget (its middle height, or the zero line's)."""
        view = self.getPlotItem().getViewBox()
        y = self._nets[index] / 2 if math.isfinite(self._nets[index]) else 0.0
        return self.mapFromScene(view.mapViewToScene(QPointF(index, y)))

    # --- crosshair --------------------------------------------------------------------

    def crosshair_at(self, index: int) -> None:
        n = len(self._days)
        if not n:
            return
        index = min(max(index, 0), n - 1)
        self._crosshair = index
        series, ratio_word, live_word = self.labels
        ratio = self._ratios[index]
        day = self._days[index]
        head = f"<b>{day_text(day)}</b>"
        if self._live and index == n - 1:
            head += f" ({live_word})"
        rows = [head, f"{series} {format_amount(float(self._nets[index]), self._units)}",
                f"{ratio_word} {format_ratio(math.nan if ratio is None else ratio)}"]
        self.crosshair_label.setHtml(f'<div style="color:{self._theme.plot_foreground}; '
                                     'font-size:8pt">' + "<br>".join(rows) + "</div>")
        view = self.getPlotItem().getViewBox()
        (x0, x1), (_, y1) = view.viewRange()
        top = view.mapFromView(QPointF(index, y1))
        self.crosshair_label.setAnchor((1, 0) if index > (x0 + x1) / 2 else (0, 0))
        self.crosshair_label.setPos(view.mapToView(QPointF(top.x(), top.y() + 4)))
        self.crosshair.setPos(index)
        self.crosshair.setVisible(True)
        self.crosshair_label.setVisible(True)

    def hide_crosshair(self) -> None:
        self._crosshair = None
        self.crosshair.setVisible(False)
        self.crosshair_label.setVisible(False)

    def crosshair_text(self) -> str:
        if not self.crosshair_label.isVisible():
            return ""
        return self.crosshair_label.textItem.toPlainText()

    # --- internals --------------------------------------------------------------------

    def _index_at(self, scene_pos) -> int | None:
        view = self.getPlotItem().getViewBox()
        if not self._days or not view.sceneBoundingRect().contains(scene_pos):
            return None
        i = round(view.mapSceneToView(scene_pos).x())
        return i if 0 <= i < len(self._days) else None

    def _mouse_moved(self, event: tuple) -> None:
        i = self._index_at(event[0])
        if i is not None:
            self.crosshair_at(i)

    def _mouse_clicked(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        i = self._index_at(event.scenePos())
        if i is not None:
            self.crosshair_at(i)
            self.bar_clicked.emit(i)

    def _draw(self) -> None:
        n = len(self._days)
        if not n:
            self.bars.setOpts(x=[], height=[], brushes=None, pens=None)
            return
        # One brush and pen per kind, shared by the bars: made per bar, the pens alone
        # took most of a 250-day redraw.
        up = self._nets > 0
        fill = {True: QBrush(QColor(self._colors[0])), False: QBrush(QColor(self._colors[1]))}
        no_pen = pg.mkPen(None)
        brushes = [fill[u] for u in up.tolist()]
        pens = [no_pen] * n
        if self._live:
            color = QColor(self._colors[0] if up[-1] else self._colors[1])
            brushes[-1] = QBrush(color, Qt.BrushStyle.BDiagPattern)
            pens[-1] = pg.mkPen(color, width=1)
        if self._shown is not None and 0 <= self._shown < n:
            pens[self._shown] = pg.mkPen(self._theme.plot_foreground, width=2)
        self.bars.setOpts(x=np.arange(n, dtype=float), height=np.nan_to_num(self._nets),
                          width=BAR_WIDTH, brushes=brushes, pens=pens)
