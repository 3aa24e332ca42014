"""The detail chart's crosshair: a vertical line at the minute under the mouse and a
label with every series' value there, and the price and the sector's main net when
their lines have one there. A part
of DetailDock (its base class), kept apart so the dock's module stays about drawing;
it uses the dock's chart, axes, curves and price line."""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QPointF

from ...core.records import SERIES_NAMES
from ...core.units import format_amount
from .detail_style import series_labels


class ChartCrosshair:
    """Mixed into DetailDock."""

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
                 for color, label, v in zip(self._theme.series, series_labels(), values,
                                            strict=True)]
        price = self.price_line.price_at(minute) if self._day is None else math.nan
        if math.isfinite(price):
            rows.append(f"{self.price_line.name()} {price:.{self._price_digits(price)}f}")
        sector = self.sector_row.value_at(minute)
        if math.isfinite(sector):
            rows.append(f'<span style="color:{self._theme.plot_sector}">'
                        f"{self.sector_row.name()}</span> {format_amount(sector, self._units)}")
        self.crosshair_label.setHtml(f'<div style="color:{self._theme.plot_foreground}; '
                                     'font-size:8pt">' + "<br>".join(rows) + "</div>")
        view = self.chart.getPlotItem().getViewBox()
        (x0, x1), (_, y1) = view.viewRange()
        # At the top of the plot, on the side of the line with more room.
        top = view.mapFromView(QPointF(minute, y1))
        label_at = QPointF(top.x(), top.y() + 4)
        self.crosshair_label.setAnchor((1, 0) if minute > (x0 + x1) / 2 else (0, 0))
        self.crosshair_label.setPos(view.mapToView(label_at))
        self.crosshair.setPos(minute)
        self.crosshair.setVisible(True)
        self.crosshair_label.setVisible(True)

    def crosshair_text(self) -> str:
        """The crosshair label as plain text ("" when hidden)."""
        if not self.crosshair_label.isVisible():
            return ""
        return self.crosshair_label.textItem.toPlainText()

    def values_at(self, minute: int) -> np.ndarray:
        """The six series' values at `minute` of the shown code and day (NaN where
        none)."""
        if self._day is not None:
            series = self._archived.series if self._archived is not None else None
            if series is None or not 0 <= minute < series.shape[1]:
                return np.full(len(SERIES_NAMES), np.nan)
            return np.asarray(series[:, minute], dtype=float)
        if self._code is None or self._code not in self._history:
            return np.full(len(SERIES_NAMES), np.nan)
        return np.asarray(self._history.series(self._code)[:, minute], dtype=float)

    @staticmethod
    def _price_digits(price: float) -> int:
        """Decimals a price is quoted in: 3 under 1 (HK's penny stocks), else 2."""
        return 3 if abs(price) < 1 else 2
