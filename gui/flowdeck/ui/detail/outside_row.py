"""The detail dock's line for a code the window does not follow (opened from the Market
view's whole market): the window holds no history, detail or prices of it, so the dock
would chart nothing and show 0 inflow and outflow, zeros passed off as data. Instead
it shows what the market's table has: today's main net, its ratio and turnover as of
the table's time (every net in the tooltip), the table's main-net series (the
simulator's; a gateway's table has none), the bars "—" (a table has no inflow and
outflow per tier), and a button that adds the code to the active watchlist, after
which the code's own numbers take over.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from ...core.records import NUMERIC_KEYS, SERIES_NAMES
from ...core.units import format_amount, format_ratio
from .detail_style import series_labels


@dataclass(frozen=True, slots=True, eq=False)
class MarketRow:
    """One code's row of a whole-market table, copied out of it."""
    code: str
    values: np.ndarray        # (12,) NUMERIC_KEYS order; NaN unknown
    turnover: float
    update_time: str
    main: np.ndarray | None   # main net at each minute of the session (NaN: none)


class OutsideRow(QFrame):
    """The line and its Add button (objectName "detailOutsideRow"), hidden while the
    dock shows a followed code. `add_requested(code)` when the button is pressed."""

    add_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="detailOutsideRow")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.label = QLabel(objectName="detailOutsideText", wordWrap=True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.add_button = QPushButton(objectName="detailOutsideAdd")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 4, 2)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.add_button)
        self.row: MarketRow | None = None
        self._units = "kmb"
        self.add_button.clicked.connect(self._add)
        self.setVisible(False)
        self.retranslate()

    @property
    def code(self) -> str | None:
        return self.row.code if self.row is not None else None

    def show_row(self, row: MarketRow | None) -> None:
        """Show `row`'s numbers (None: hide, a followed code)."""
        self.row = row
        self.setVisible(row is not None)
        self.retranslate()

    def set_units(self, units: str) -> None:
        self._units = units
        self.retranslate()

    def curves(self) -> tuple[np.ndarray | None, int]:
        """The chart's (6, minutes) block and its last minute: the main net's series
        alone, the other series unknown (NaN); (None, -1) without a series."""
        main = self.row.main if self.row is not None else None
        if main is None or not np.isfinite(main).any():
            return None, -1
        block = np.full((len(SERIES_NAMES), len(main)), np.nan)
        block[0] = main
        return block, int(np.flatnonzero(np.isfinite(main))[-1])

    def retranslate(self) -> None:
        self.add_button.setText(self.tr("Add to watchlist"))
        row = self.row
        if row is None:
            self.label.setText("")
            self.label.setToolTip("")
            return
        v = dict(zip(NUMERIC_KEYS, row.values.tolist(), strict=True))
        labels = series_labels()
        # Two short lines over the chart (a narrow dock wraps them); every net in the
        # tooltip.
        self.label.setText(
            self.tr("Not in your watchlist: the Market view's numbers at {time}").format(
                time=row.update_time[-8:] or "—")
            + "\n" + self.tr("{main} {net} ({ratio}) · turnover {turnover}").format(
                main=labels[0], net=format_amount(v["main_net_inflow"], self._units),
                ratio=format_ratio(v["main_net_inflow_ratio"]),
                turnover=format_amount(row.turnover, self._units)))
        nets = "\n".join(f"{label} {format_amount(v[f'{name}_net_inflow'], self._units)}"
                         for label, name in zip(labels, SERIES_NAMES, strict=True))
        self.label.setToolTip(nets + "\n" + self.tr(
            "No inflow or outflow per tier until it is added to a watchlist."))

    def _add(self, _checked: bool = False) -> None:
        if self.row is not None:
            self.add_requested.emit(self.row.code)
