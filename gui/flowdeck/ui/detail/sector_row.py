"""The detail chart's sector line and its toggle: a row over the chart with a check box
("Sector: Banks") and, while it is checked, a caption saying what the line sums (the
main net of the sector's members this window follows, so many of so many listed),
and the line itself on the chart's amount axis (the same units as the code's curves:
a sector's money next to the stock's, not rescaled).

The numbers are live/sector_curve.py's; the dock asks for them only while the box is
checked. A past day from the archive has no sector line (the archive keeps each
code's minutes, the window does not sum them per sector).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QWidget

from ...live.sector_curve import SectorLine
from ..look.i18n import current_language
from ..look.theme import Theme

# A code's sector line (live.sector_curve.SectorCurves.line); None: no sector.
SectorSource = Callable[[str], "SectorLine | None"]


class SectorRow(QWidget):
    """The toggle and caption (objectName "detailSectorRow"); `curve` is added to the
    chart by the dock, which calls `refresh(code)` with its own refresh."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="detailSectorRow")
        self.box = QCheckBox(objectName="detailSectorBox")
        self.caption = QLabel(objectName="detailSectorCaption")
        self.caption.setTextFormat(Qt.TextFormat.RichText)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.addWidget(self.box)
        layout.addWidget(self.caption, 1)
        self.curve = pg.PlotCurveItem(connect="finite", skipFiniteCheck=True)
        self.curve.setVisible(False)
        self._line: SectorLine | None = None
        self._code: str | None = None
        self._source: SectorSource | None = None
        self._asked: tuple[str | None, bool] = (None, True)  # the last refresh's
        self._drawn: tuple | None = None
        self._color = "#888888"
        self.box.toggled.connect(self._toggled)
        self.retranslate()

    @property
    def shown(self) -> bool:
        """Whether the user asked for the sector line."""
        return self.box.isChecked()

    @property
    def follows_members(self) -> bool:
        """Shown from a source: a change of any member's flow may redraw it."""
        return self.shown and self._source is not None

    def set_source(self, source: SectorSource | None) -> None:
        self._source = source
        self._drawn = None
        self.refresh(*self._asked)

    def refresh(self, code: str | None, today: bool = True) -> bool:
        """Draw `code`'s sector line when asked for (none for a past day); False when
        what is drawn is already that."""
        self._asked = (code, today)
        wanted = self.shown and today and code is not None and self._source is not None
        line = self._source(code) if wanted else None
        drawn = (code if today else None, line, wanted)  # a line by identity (eq=False)
        if drawn == self._drawn:
            return False
        self._drawn = drawn
        self.set_line(drawn[0], line)
        return True

    @property
    def line(self) -> SectorLine | None:
        return self._line

    def set_line(self, code: str | None, line: SectorLine | None) -> None:
        """`code`'s sector line (None: none known, or not asked for)."""
        self._code, self._line = code, line
        if line is None or not self.shown:
            self.curve.setData([], [])
        else:
            known = np.flatnonzero(np.isfinite(line.curve))
            if len(known):
                x = np.arange(known[0], known[-1] + 1)
                self.curve.setData(x.astype(float), line.curve[known[0]: known[-1] + 1])
            else:
                self.curve.setData([], [])
        self.curve.setVisible(self.shown and line is not None)
        self.retranslate()

    def name(self) -> str:
        """The sector's name in the language spoken ("" without a line)."""
        line = self._line
        if line is None:
            return ""
        return line.sector.name(current_language()) if line.sector else line.sector_id

    def value_at(self, minute: int) -> float:
        """The drawn line's value at `minute` (NaN where none or hidden)."""
        x, y = self.curve.getData()
        if not self.curve.isVisible() or x is None or not len(x):
            return float("nan")
        at = minute - int(x[0])
        return float(y[at]) if 0 <= at < len(y) else float("nan")

    def set_theme(self, theme: Theme) -> None:
        # Its own colour: a grey or white one looked like the grey price line (dark).
        self._color = theme.plot_sector
        self.curve.setPen(pg.mkPen(theme.plot_sector, width=2, style=Qt.PenStyle.DotLine))
        self.retranslate()

    def retranslate(self) -> None:
        line = self._line
        name = self.name()
        self.box.setText(self.tr("Sector: {name}").format(name=name) if name
                         else self.tr("Sector"))
        if line is None and self._code is not None and self.shown:
            self.caption.setText(self.tr("no sector known for {code}").format(
                code=self._code))
        elif line is None or not self.shown:
            self.caption.setText("")
        else:
            n, listed = len(line.members), line.listed
            what = (self.tr("main net of the {n} of its {listed} members followed here")
                    if listed else self.tr("main net of the {n} members followed here"))
            self.caption.setText(f'<span style="color:{self._color}">┅┅</span> '
                                 + what.format(n=n, listed=listed))
        self.box.setToolTip(self.tr("Draw the sector's main net inflow over the day: the "
                                    "sum of its members this window follows"))

    def _toggled(self, _checked: bool) -> None:
        self._drawn = None
        self.refresh(*self._asked)
