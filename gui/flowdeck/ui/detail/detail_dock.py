"""The detail dock: the selected stock's intraday cumulative net inflow per series over
its price a minute (price_line.py), its inflow / outflow per tier, and its Days view
(daily bars from the archive).

The dock draws what the owner already holds: `IntradayHistory` (one row per code, six
series a minute; main and retail derived from the tiers when read) and a mapping of the
latest `CapitalFlowDetail` per code (the owner keeps it up to date; the dock only reads
it). `refresh()` redraws only when the shown code's history version or its detail
changed, by `setData` / `setOpts` on items made once; nothing is created per refresh.

A click on a day in the Days view charts that day from the archive (`show_day`): the
curves of its minute series, its inflow / outflow, the date in the chart's corner and
under it, and a button back to today. `set_as_of(day)` is the window's past-day mode:
the dock's home day is then that day, and the Days view ends there.

The six series differ by colour for the colour-blind too (theme_colors.py: pairwise
CIEDE2000 >= 10 under simulated deuteranopia and protanopia, tests/ui/detail/test_series_colors.py)
and by line: the main side (main, super, large) solid, the retail side dashed. The legend
sits under the time axis, outside the plot, so it never covers a line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QDockWidget, QSplitter, QTabWidget, QVBoxLayout, QWidget

from ...core.history import IntradayHistory
from ...core.markets import market_of
from ...core.records import SERIES_NAMES, TIER_NAMES, CapitalFlowDetail
from ...live.sector_curve import SectorCurves
from ...live.store import LiveStore
from ..look.theme import Theme, current_theme, follow_theme
from .archived_day import ArchivedDay
from .chart_crosshair import ChartCrosshair
from .day_navigation import NOTHING_DRAWN as _NOTHING
from .day_navigation import DayNavigation
from .day_reader import DayReader
from .day_switch import DaySwitch
from .days_view import DaysView
from .detail_style import (
    OutsideLegend,
    add_marks,
    flow_colors,
    series_labels,
    series_pen,
    tier_labels,
)
from .dock_title import NameSource, dock_title
from .flow_bars import FlowBars
from .minute_axis import AmountAxis, MinuteAxis
from .outside_row import MarketRow, OutsideRow
from .price_line import PriceLine
from .sector_row import SectorRow

# A code's prices a minute and their version (LiveStore.minute_prices); None: none.
PriceSource = Callable[[str], "tuple[int, np.ndarray] | None"]

#: The legend's row under the time axis in the plot item's grid (0 title, 1 top axis,
#: 2 plot, 3 time axis).
_LEGEND_ROW = 4
_FLOWS_TAB, _DAYS_TAB = 0, 1


class DetailDock(ChartCrosshair, DayNavigation, QDockWidget):
    """Dock (objectName "detailDock") charting one stock: `show_code(code)`, then
    `refresh()` after each apply."""
    shown_changed = Signal()  # another code or day shown, or their names changed

    def __init__(self, history: IntradayHistory,
                 details: Mapping[str, CapitalFlowDetail] | None = None, *,
                 units: str = "kmb", colors: str = "red-up",
                 reader: DayReader | None = None, parent: QWidget | None = None) -> None:
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
        self._theme = current_theme()
        self._reader = reader
        self._as_of: dt.date | None = None         # the past-day mode's day
        self._day: dt.date | None = None           # the day charted; None: live
        self._archived: ArchivedDay | None = None  # its numbers when archived
        self._info: NameSource | None = None  # names the shown code
        self._prices: PriceSource | None = None
        self._drawn_prices: int | None = None  # the price version drawn

        self.minute_axis = MinuteAxis()
        self.amount_axis = AmountAxis(units)
        self.chart = pg.PlotWidget(axisItems={"bottom": self.minute_axis, "left": self.amount_axis})
        self.chart.setObjectName("detailChart")
        item = self.chart.getPlotItem()
        item.showGrid(x=True, y=True, alpha=0.2)
        item.setMenuEnabled(False)
        self.legend = OutsideLegend(len(SERIES_NAMES))
        item.layout.addItem(self.legend, _LEGEND_ROW, 1)
        self.curves: tuple[pg.PlotCurveItem, ...] = tuple(
            pg.PlotCurveItem(pen=series_pen(i, self._theme), name=label, skipFiniteCheck=True)
            for i, label in enumerate(series_labels()))
        for curve, label in zip(self.curves, series_labels(), strict=True):
            item.addItem(curve)
            self.legend.addItem(curve, label)
        self.zero_line, self.crosshair, self.crosshair_label = add_marks(item)
        self.price_line = PriceLine(item)
        self.sector_row = SectorRow()
        self.outside = OutsideRow()
        item.addItem(self.sector_row.curve)
        view = item.getViewBox()
        view.setAutoVisible(y=True)
        # In the view's pixels (a child of the view box, not of its data): the chart's
        # top-left corner names the day when it is not today.
        self.day_tag = pg.TextItem(anchor=(0, 0))
        self.day_tag.setParentItem(view)
        self.day_tag.setPos(4, 4)
        self.day_tag.setVisible(False)
        self.chart.sigDeviceRangeChanged.connect(self._fit_legend)  # the widget resized
        self.mouse_proxy = pg.SignalProxy(self.chart.scene().sigMouseMoved, rateLimit=30,
                                          slot=self.on_mouse_moved)

        self.bars = FlowBars(units)
        self.inflow_bars, self.outflow_bars = self.bars.inflow_bars, self.bars.outflow_bars
        self.bars.set_tier_names(tier_labels())
        self._title_bars()

        self.days_view = DaysView(units)
        self.days_view.set_reader(reader)
        self.days_view.day_clicked.connect(self.show_day)
        self.day_switch = DaySwitch()
        self.day_switch.home_requested.connect(self.show_home)
        # Side tabs: a tab row made the smallest window too tall (<= 940x560 on a laptop).
        self.tabs = QTabWidget(objectName="detailTabs", documentMode=True,
                               tabPosition=QTabWidget.TabPosition.West)
        self.tabs.addTab(self.bars, "")
        self.tabs.addTab(self.days_view, "")
        # The shown day and "Today" in the Days view's header (the dock's title says it too).
        self.days_view.header.addWidget(self.day_switch)
        self.tabs.tabBar().setStyleSheet("QTabBar::tab { padding: 6px 1px; }")
        self._title_tabs()

        splitter = QSplitter(Qt.Orientation.Vertical)
        top = QWidget()
        column = QVBoxLayout(top)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.outside)
        column.addWidget(self.sector_row)
        column.addWidget(self.chart, 1)
        splitter.addWidget(top)
        splitter.addWidget(self.tabs)
        splitter.setCollapsible(1, False)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 1)
        self.setWidget(splitter)
        follow_theme(self, self.set_theme)

    # -- what the owner calls ------------------------------------------------------------

    @property
    def code(self) -> str | None:
        return self._code

    def set_details(self, details: Mapping[str, CapitalFlowDetail]) -> None:
        """Read details from `details` from now on (the owner keeps it current)."""
        self._details = details
        self.refresh()

    def set_names(self, info: NameSource | None) -> None:
        """The title's names (LiveStore.info; None: codes only); again on new names."""
        self._info = info
        self._set_title()

    def set_prices(self, prices: PriceSource | None) -> None:
        """Where the price line reads a code's prices a minute (None: no line)."""
        self._prices = prices
        self._drawn_prices = None
        self.refresh()

    def set_live(self, store: LiveStore) -> None:
        """The price line's and the sector line's numbers from the live store."""
        self.sector_row.set_source(SectorCurves(store).line)
        self.set_prices(store.minute_prices)

    def show_code(self, code: str | None) -> None:
        """Chart `code` (None: nothing). The same code again is just a refresh."""
        if code == self._code:
            self.refresh()
            return
        self._code = code
        self.outside.show_row(None)
        self._drawn_version = None
        self._drawn_detail = _NOTHING
        self._drawn_prices = None
        self._crosshair_minute = None
        self.crosshair.setVisible(False)
        self.crosshair_label.setVisible(False)
        if code is None:
            self._set_title()
            self._clear()
            return
        self.minute_axis.set_market(market_of(code))
        self._set_title()
        view = self.chart.getPlotItem().getViewBox()
        last = self.minute_axis.minutes - 1
        view.setLimits(xMin=-0.05 * last, xMax=1.05 * last)
        view.setXRange(0, last, padding=0.05)
        view.enableAutoRange(y=True)
        self.days_view.set_code(code, self._as_of, self._live_day())
        self.show_home()

    def show_outside(self, row: MarketRow) -> None:
        """Show the code shown now, which the window does not follow, from its row of a
        whole-market table (outside_row.py), until it is followed."""
        if row.code == self._code:
            self.outside.show_row(row)
            self._drawn_detail = _NOTHING
            self.refresh()

    def refresh(self) -> bool:
        """Redraw what changed since the last draw; False (and nothing touched) when
        neither the code's history version nor its detail changed."""
        code = self._code
        if code is None:
            return False
        if self._as_of is None:
            self.days_view.set_live(self._live_day())
        if self._day is not None:
            return self._draw_archived()
        version = self._history.version(code) if code in self._history else -1
        detail = self._details.get(code)
        outside = self.outside.code == code
        if outside and (version >= 0 or detail is not None):
            self.outside.show_row(None)  # followed now: its own numbers from here on
            self._drawn_version, outside = None, False
        changed = outside and self._draw_outside()
        if not outside and version != self._drawn_version:
            self._draw_series(code)
            self._drawn_version = version
            changed = True
        if not outside and detail is not self._drawn_detail and detail != self._drawn_detail:
            self._draw_bars(detail)
            self._drawn_detail = detail
            changed = True
        found = self._prices(code) if self._prices is not None else None
        if (found[0] if found else -1) != self._drawn_prices:
            self.price_line.set_prices(found[1] if found else None)
            self._drawn_prices = found[0] if found else -1
            changed = True
        changed = self.sector_row.refresh(code) or changed
        if changed and self._crosshair_minute is not None:
            self.crosshair_at(self._crosshair_minute)
        return changed

    def set_units(self, units: str) -> None:
        """"kmb" or "wan" for the axes and the crosshair label."""
        self._units = units
        self.amount_axis.set_units(units)
        self.bars.set_units(units)
        self.outside.set_units(units)
        self.days_view.set_units(units)
        if self._crosshair_minute is not None:
            self.crosshair_at(self._crosshair_minute)

    def set_colors(self, colors: str) -> None:
        """"red-up" or "green-up": the colours of the inflow and outflow bars."""
        self._colors = colors
        self.bars.set_theme(self._theme, *flow_colors(colors, self._theme))
        self.days_view.set_colors(colors)
        self._title_bars()

    def set_theme(self, theme: Theme) -> None:
        """Colours of both plots: background, axes, grid, legend, curves, bars, and the
        crosshair (set per widget: pyqtgraph's global options would touch every plot)."""
        self._theme = theme
        for plot in (self.chart, self.bars):
            plot.setBackground(theme.plot_background)
            for name in ("left", "bottom"):
                axis = plot.getPlotItem().getAxis(name)
                axis.setPen(theme.plot_axis)
                axis.setTextPen(theme.plot_foreground)
                axis.setTickPen(theme.plot_grid)  # the grid is its ticks, faded
        for i, curve in enumerate(self.curves):
            curve.setPen(series_pen(i, theme))
        self.price_line.set_theme(theme)
        self.sector_row.set_theme(theme)
        self.legend.setLabelTextColor(theme.plot_foreground)
        for _sample, label in self.legend.items:
            label.setText(label.text)  # a label's colour is baked into its HTML
        self.zero_line.setPen(pg.mkPen(theme.plot_zero, width=1))
        self.crosshair.setPen(pg.mkPen(theme.plot_crosshair, style=Qt.PenStyle.DashLine))
        self.crosshair_label.fill = pg.mkBrush(theme.plot_background)
        self.crosshair_label.border = pg.mkPen(theme.plot_axis)
        tag = theme.banner_info
        self.day_tag.fill = pg.mkBrush(tag.background)
        self.day_tag.border = pg.mkPen(tag.border)
        self.day_tag.setColor(tag.text)
        self.set_colors(self._colors)
        if self._crosshair_minute is not None:
            self.crosshair_at(self._crosshair_minute)

    def _set_title(self) -> None:
        self.setWindowTitle(dock_title(self._code, self._info, self._day))
        self.shown_changed.emit()

    def changeEvent(self, event: QEvent) -> None:  # Qt calls it
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        """Title, legend, tier names, the bars' key and the crosshair's label in the
        language now spoken."""
        self._set_title()
        for curve, (_, label), name in zip(self.curves, self.legend.items, series_labels(),
                                           strict=True):
            curve.opts["name"] = name
            label.setText(name)
        self.bars.set_tier_names(tier_labels())
        self._title_bars()
        self._title_tabs()
        self.sector_row.retranslate()
        self.outside.retranslate()
        self._tag_day()
        self._fit_legend()
        if self._crosshair_minute is not None:
            self.crosshair_at(self._crosshair_minute)

    def _title_tabs(self) -> None:
        self.tabs.setTabText(_FLOWS_TAB, self.tr("Flows"))
        self.tabs.setTabText(_DAYS_TAB, self.tr("Days"))
        self.tabs.setTabToolTip(_DAYS_TAB, self.tr("Daily net inflow from the archive; "
                                                   "click a day to chart it"))

    def _fit_legend(self, *_: object) -> None:
        # The widget's width: the legend's own minimum may hold the plot item wider.
        if self.legend.fit(self.chart.width() - self.amount_axis.width() - 8):
            # The plot item kept the width the old legend held it to: give it the view's.
            self.chart.getPlotItem().setGeometry(self.chart.range)

    def _title_bars(self) -> None:
        self.bars.set_key(flow_colors(self._colors, self._theme),
                          (self.tr("Inflow"), self.tr("Outflow")),
                          self._theme.plot_foreground)

    # -- drawing -------------------------------------------------------------------------

    def _draw_series(self, code: str) -> None:
        if code not in self._history or self._history.last_minute(code) < 0:
            self._draw_block(None, -1)
            return
        # one read: main/retail derived once
        self._draw_block(self._history.series(code), self._history.last_minute(code))

    def _draw_block(self, series: np.ndarray | None, last: int) -> None:
        """Curves of (6, minutes) `series` up to minute `last` (None: none)."""
        if series is None or last < 0:
            for curve in self.curves:
                curve.setData([], [])
            return
        finite = np.isfinite(series[0, : last + 1])
        first = int(np.argmax(finite)) if finite.any() else last + 1
        # float64 for pyqtgraph; the history's `series` is already a snapshot (later
        # points do not change it), so the curves never see the history's in-place writes.
        block = np.array(series[:, first: last + 1], dtype=float)
        x = np.arange(first, last + 1, dtype=float)
        # The view box queues its auto-range to the next paint: one for all six curves,
        # and none once the user has zoomed or panned (pyqtgraph turns it off then).
        for curve, y in zip(self.curves, block, strict=True):
            curve.setData(x, y)

    def _draw_outside(self) -> bool:
        row = self.outside.row
        if self._drawn_detail is row:
            return False
        self._drawn_detail = row
        self._draw_block(*self.outside.curves())
        unknown = np.full(len(TIER_NAMES), np.nan)  # "—": no in / out in a table
        self.bars.set_values(unknown, unknown, row.turnover)
        return True

    def _draw_bars(self, detail: CapitalFlowDetail | None) -> None:
        if detail is None:  # none yet, or none published (East Money's): "—", never 0
            unknown = np.full(len(TIER_NAMES), np.nan)
            self.bars.set_values(unknown, unknown)
        else:
            self.bars.set_values(detail.inflow, detail.outflow, detail.turnover)

    def _clear(self) -> None:
        for curve in self.curves:
            curve.setData([], [])
        self.price_line.set_prices(None)
        self._draw_bars(None)
