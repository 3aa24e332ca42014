"""The detail dock's inflow / outflow bars per tier, each bar labelled with its amount,
and under each tier's name its share of the day's turnover, (inflow + outflow) /
turnover (NiuNiu's distribution view; the shares sum to less than 100 % by the neutral
trades, which are turnover but neither in nor out; "—" while the turnover is unknown).

The labels carry the values, so the plot has no amount axis (in a short plot its tick
labels crowded into each other) and no grid. The plot keeps a minimum height and room
above the tallest bar for its label. Each label has as many decimals as its bar's width
allows (2, 1, then 0), and where a tier's two labels would still touch, the one over the
taller bar moves up a line: a narrow dock shows `3.2亿` and `9800万`, not overlapping
texts.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QFont, QFontMetrics

from ...core.records import TIER_NAMES
from ...core.units import format_amount, format_ratio
from ..look.theme import Theme

#: Below this the bars are a smear: the dock's splitter cannot squeeze them further.
TITLE_PX = 18  # the key's row (detail_dock sets it: pyqtgraph's is 30 px)
MIN_HEIGHT = 138  # with that title row and two lines of names the bars keep their 80 px
BAR_WIDTH = 0.42
_X_RANGE = (-0.55, len(TIER_NAMES) - 0.45)
LABEL_POINT_SIZE = 8
_LABEL_GAP_PX = 3  # between a bar's top and its label


class FlowBars(pg.PlotWidget):
    """Inflow and outflow per tier (`set_values`), labelled in the amount units."""

    def __init__(self, units: str = "kmb") -> None:
        super().__init__()
        self.setObjectName("detailBars")
        self.setMinimumHeight(MIN_HEIGHT)
        self._units = units
        self._inflow = self._outflow = np.zeros(len(TIER_NAMES))
        self._turnover = math.nan
        self._tier_names: tuple[str, ...] = TIER_NAMES
        self._tier_texts: list[str] = []
        item = self.getPlotItem()
        item.setMenuEnabled(False)
        item.setMouseEnabled(x=False, y=False)
        item.hideButtons()
        item.hideAxis("left")
        # Two lines under each tier (its name, its share): pyqtgraph sizes the axis for one
        # until it has drawn once.
        names = item.getAxis("bottom")
        names.setHeight(2 * QFontMetrics(names.font()).lineSpacing() + 8)
        item.setXRange(*_X_RANGE, padding=0)
        x = np.arange(len(TIER_NAMES), dtype=float)
        self.x = np.concatenate([x - BAR_WIDTH / 2, x + BAR_WIDTH / 2])  # inflow, outflow
        zeros = np.zeros(len(TIER_NAMES))
        self.inflow_bars = pg.BarGraphItem(x=self.x[: len(x)], height=zeros, width=BAR_WIDTH,
                                           pen=None)
        self.outflow_bars = pg.BarGraphItem(x=self.x[len(x):], height=zeros, width=BAR_WIDTH,
                                            pen=None)
        item.addItem(self.inflow_bars)
        item.addItem(self.outflow_bars)
        font = QFont()
        font.setPointSize(LABEL_POINT_SIZE)
        self.labels: tuple[pg.TextItem, ...] = tuple(
            pg.TextItem(anchor=(0.5, 1)) for _ in self.x)
        for label in self.labels:
            label.setFont(font)
            item.addItem(label, ignoreBounds=True)
        item.getViewBox().sigResized.connect(self._fit)
        self._fit()

    def set_values(self, inflow: Sequence[float], outflow: Sequence[float],
                   turnover: float | None = None) -> None:
        """The bars, and the tiers' shares of `turnover` (None: unknown)."""
        self._inflow = np.asarray(inflow, dtype=float)
        self._outflow = np.asarray(outflow, dtype=float)
        self._turnover = math.nan if turnover is None else float(turnover)
        self.inflow_bars.setOpts(height=self._inflow)
        self.outflow_bars.setOpts(height=self._outflow)
        self._name_tiers()
        self._fit()

    def set_tier_names(self, names: Sequence[str]) -> None:
        """The tiers' names in the language spoken."""
        self._tier_names = tuple(names)
        self._name_tiers()

    def tier_texts(self) -> list[str]:
        """Under each pair of bars: the tier's name and its share of turnover."""
        return list(self._tier_texts)

    def shares(self) -> np.ndarray:
        """Each tier's (inflow + outflow) / turnover; NaN when the turnover is unknown
        or nil, or a tier's flows are."""
        turnover = self._turnover
        if not math.isfinite(turnover) or turnover <= 0:
            return np.full(len(TIER_NAMES), np.nan)
        return (self._inflow + self._outflow) / turnover

    def _name_tiers(self) -> None:
        self._tier_texts = [f"{name}\n{format_ratio(share, digits=1)}"
                            for name, share in zip(self._tier_names, self.shares(),
                                                   strict=True)]
        self.getPlotItem().getAxis("bottom").setTicks([list(enumerate(self._tier_texts))])

    def set_key(self, colors: tuple[str, str], names: tuple[str, str],
                foreground: str) -> None:
        """The key (inflow's and outflow's colours and names), in the title row: a
        legend inside would hide bars."""
        self.getPlotItem().setTitle(
            f'<span style="color:{colors[0]}">■</span> {names[0]} &nbsp; '
            f'<span style="color:{colors[1]}">■</span> {names[1]}', size="8pt",
            color=foreground)
        # An 8 pt line in less than pyqtgraph's 30 px title row (the minimum height counts).
        item = self.getPlotItem()
        item.layout.setRowFixedHeight(0, TITLE_PX)
        item.titleLabel.setMaximumHeight(TITLE_PX)

    def set_units(self, units: str) -> None:
        self._units = units
        self._fit()

    def set_theme(self, theme: Theme, inflow: str, outflow: str) -> None:
        self.inflow_bars.setOpts(brush=inflow)
        self.outflow_bars.setOpts(brush=outflow)
        for label in self.labels:
            label.setColor(theme.plot_foreground)

    def label_texts(self) -> list[str]:
        """The labels as shown: the inflow bars' left to right, then the outflow bars'."""
        return [label.textItem.toPlainText() for label in self.labels]

    def _values(self) -> np.ndarray:
        return np.concatenate([self._inflow, self._outflow])

    def _fit(self, *_: object) -> None:
        """Label texts, label heights and the y range, all in pixels (so again on every
        resize): room above the tallest bar for its label, or two where labels stack."""
        raw = self._values()  # NaN: the source did not say (an archived Futu day): "—"
        values = np.nan_to_num(raw, nan=0.0)
        view = self.getPlotItem().getViewBox()
        width_px, height_px = view.width(), view.height()
        room = BAR_WIDTH * width_px / (_X_RANGE[1] - _X_RANGE[0]) - 2
        for label, v in zip(self.labels, raw, strict=True):
            self._set_label_text(label, float(v), room)
        line = max(label.boundingRect().height() for label in self.labels)
        top = max(float(values.max()), 0.0) or 1.0
        # The y range depends on how many lines stack, and the stacking on the range.
        lines = 1
        for _attempt in range(2):
            share = min((lines * line + _LABEL_GAP_PX) / height_px, 0.7) if height_px else 0.3
            y_max = top / (1 - share)
            lines = self._stack(values, room, line, height_px / y_max if y_max else 0.0)
        view.setYRange(0, y_max, padding=0)

    def _set_label_text(self, label: pg.TextItem, value: float, room: float) -> None:
        for digits in (2, 1, 0):
            label.setText(format_amount(value, self._units, digits=digits, trim=True))
            if label.boundingRect().width() <= room:
                return

    def _stack(self, values: np.ndarray, room: float, line: float, px_per_unit: float) -> int:
        """Each label on its bar; a tier's label over the taller bar raised by what the
        two overlap. The number of label lines above the tallest bar (1 or 2)."""
        n = len(TIER_NAMES)
        lines = 1
        for label, x, v in zip(self.labels, self.x, values, strict=True):
            label.setPos(float(x), max(float(v), 0.0))
            label.setAnchor((0.5, 1))
        for i in range(n):
            left, right = self.labels[i], self.labels[i + n]
            widths = left.boundingRect().width() + right.boundingRect().width()
            if widths / 2 < room:  # the centres are room + 2 apart
                continue
            low, high = sorted((i, i + n), key=lambda k: values[k])
            overlap = line + 2 - (values[high] - values[low]) * px_per_unit  # 2 px apart
            if overlap > 0:
                self.labels[high].setAnchor((0.5, 1 + overlap / line))
                lines = 2 if values[high] == values.max() else lines
        return lines
