"""How the detail dock's series and flows look: the series' names in the language spoken,
their pens (colour by the theme, line by the side: main side solid, retail side dashed),
the legend laid out beside the plot, and the inflow / outflow colours of the user's
convention."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QPen

from ...core.records import SERIES_NAMES, TIER_NAMES, series_label
from ..look.i18n import current_language
from ..look.theme import Theme, current_theme

# The series' colours (main, retail, super, large, medium, small) are the theme's: none
# is the up/down red or green, and each reads as text on the plot's background.
SERIES_WIDTHS: tuple[float, ...] = (2.0, 2.0, 1.0, 1.0, 1.0, 1.0)
_SOLID, _DASH, _DASH_DOT = (Qt.PenStyle.SolidLine, Qt.PenStyle.DashLine,
                            Qt.PenStyle.DashDotLine)
SERIES_STYLES: tuple[Qt.PenStyle, ...] = (_SOLID, _DASH, _SOLID, _SOLID, _DASH, _DASH_DOT)


def series_labels() -> tuple[str, ...]:
    """The series' names in the language spoken (the legend, the crosshair)."""
    return tuple(series_label(s, current_language()) for s in SERIES_NAMES)


def tier_labels() -> tuple[str, ...]:
    return tuple(series_label(t, current_language()) for t in TIER_NAMES)


def series_pen(index: int, theme: Theme) -> QPen:
    return pg.mkPen(theme.series[index], width=SERIES_WIDTHS[index],
                    style=SERIES_STYLES[index])


class OutsideLegend(pg.LegendItem):
    """A legend laid out in the plot item's grid like an axis, instead of floating over
    the plot: its size is its own layout's (pyqtgraph's LegendItem sets a geometry of its
    own, which the grid would then overlap)."""

    def __init__(self, columns: int) -> None:
        super().__init__(labelTextSize="8pt", colCount=columns)

    def updateSize(self) -> None:  # pyqtgraph calls it
        self.updateGeometry()

    def fit(self, available: float) -> bool:
        """All entries in one row when `available` pixels hold them, else three or two
        columns (more rows); True when the column count changed."""
        entries = [sample.boundingRect().width() + label.item.boundingRect().width() + 12
                   for sample, label in self.items]  # the texts', not the cells
        for columns in (len(entries), 3, 2):
            if sum(max(entries[c::columns]) for c in range(columns)) <= available:
                break
        if columns == self.columnCount:
            return False
        self.setColumnCount(columns)
        return True


def flow_colors(colors: str, theme: Theme | None = None) -> tuple[str, str]:
    """(inflow, outflow) colours: red-up (HK/CN) draws inflow red, green-up (US) green."""
    return (theme or current_theme()).flow(colors != "green-up")


def add_marks(item: pg.PlotItem) -> tuple[pg.InfiniteLine, pg.InfiniteLine, pg.TextItem]:
    """The zero line, and a crosshair with its label (hidden until the mouse is over the
    plot), as the intraday chart and the Days bars both draw them."""
    zero_line = pg.InfiniteLine(0, angle=0)
    item.addItem(zero_line, ignoreBounds=True)
    crosshair = pg.InfiniteLine(angle=90, movable=False)
    crosshair_label = pg.TextItem(anchor=(0, 0))
    for extra in (crosshair, crosshair_label):
        extra.setVisible(False)
        item.addItem(extra, ignoreBounds=True)
    return zero_line, crosshair, crosshair_label

