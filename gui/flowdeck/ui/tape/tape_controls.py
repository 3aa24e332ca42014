"""The Big trades dock's filters: the active watchlist only, a code, a minimum value
(with units: `1000万`, `10M`, `5e6`; in each trade's own currency) and a side. One
TapeFilter (tape_rows.py) the dock hands to its model; a minimum that does not parse
is shown in the error colour and leaves the last good filter in place."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLineEdit, QWidget

from ...core.alert_rules import parse_amount
from ...core.big_trades import BUY, NEUTRAL, SELL
from ...core.errors import FlowDeckError
from ..look.theme import tint
from .tape_rows import TapeFilter
from .tape_text import side_words

_SIDES = (None, BUY, SELL, NEUTRAL)
_AMOUNT_FIELD = "super_net_inflow"  # any amount field: parse_amount's units for amounts


def parse_min_value(text: str) -> float:
    """`"1000万" -> 1e7`; empty is 0 (every trade); ValueError when not an amount >= 0."""
    if not text.strip():
        return 0.0
    try:
        value = parse_amount(text, _AMOUNT_FIELD, "minimum value")
    except FlowDeckError as exc:
        raise ValueError(str(exc)) from None
    if value < 0:
        raise ValueError("the minimum value is not negative")
    return value


class TapeControls(QWidget):
    changed = Signal(object)  # TapeFilter

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.watchlist_only = QCheckBox(self, objectName="tapeWatchlistOnly")
        self.code = QLineEdit(self, objectName="tapeCode", clearButtonEnabled=True)
        self.min_value = QLineEdit(self, objectName="tapeMinValue", clearButtonEnabled=True)
        self.side = QComboBox(self, objectName="tapeSide")
        for side in _SIDES:
            self.side.addItem("", side)
        self.code.setMaximumWidth(120)
        self.min_value.setMaximumWidth(120)
        self.watched: frozenset[str] = frozenset()
        self._min = 0.0
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.watchlist_only, self.code, self.min_value, self.side):
            layout.addWidget(widget)
        layout.addStretch(1)
        self.watchlist_only.toggled.connect(self._changed)
        self.code.textChanged.connect(self._changed)
        self.min_value.textChanged.connect(self._min_changed)
        self.side.currentIndexChanged.connect(self._changed)
        self.retranslate()

    def set_watched(self, codes: frozenset[str]) -> None:
        """The active watchlist's codes (what "watchlist only" keeps)."""
        if codes != self.watched:
            self.watched = codes
            if self.watchlist_only.isChecked():
                self._changed()

    def current(self) -> TapeFilter:
        return TapeFilter(self.watched if self.watchlist_only.isChecked() else None,
                          self.code.text(), self._min, self.side.currentData())

    def retranslate(self) -> None:
        self.watchlist_only.setText(self.tr("Watchlist only"))
        self.code.setPlaceholderText(self.tr("Code"))
        self.min_value.setPlaceholderText(self.tr("Min value"))
        self.min_value.setToolTip(self.tr("Only trades worth at least this much, in the "
                                          "stock's own currency: 1000万, 10M, 5e6"))
        words = side_words()
        for i, side in enumerate(_SIDES):
            self.side.setItemText(i, self.tr("Either side") if side is None else words[side])

    def _min_changed(self, text: str) -> None:
        try:
            self._min = parse_min_value(text)
        except ValueError:
            tint(self.min_value, "error")
            return
        tint(self.min_value, "")
        self._changed()

    def _changed(self, *_args: object) -> None:
        self.changed.emit(self.current())

    def changeEvent(self, event: QEvent) -> None:  # Qt calls it
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
