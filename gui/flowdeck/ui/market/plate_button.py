"""The Market dock's Plates button, shown when the source ranks only a scope it is told
(feeds.base.RanksScope: futu://): a menu of the chosen market's plates (板块: the
source's plate_list), each checkable; the stocks of the plates checked are ranked
beside the watchlists' codes (market_tables.py tells the source). Plates of every
market stay chosen while another market is shown; the choice lasts the session."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QToolButton, QWidget


class PlateButton(QToolButton):
    changed = Signal()  # the plates chosen changed

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("marketPlatesButton")
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setMenu(QMenu(self))
        self.chosen: dict[str, str] = {}  # plate code -> name, in the order chosen
        self.market = ""
        self.hide()
        self.retranslate()

    def set_plates(self, market: str, plates: Sequence[tuple[str, str]]) -> None:
        """The plates of `market` (MARKET_CHOICES key) the source lists."""
        self.market = market
        menu = self.menu()
        menu.clear()
        for code, name in plates:
            action = QAction(name or code, menu, checkable=True)
            action.setData(code)
            action.setChecked(code in self.chosen)
            action.toggled.connect(lambda on, c=code, n=name: self._toggle(c, n, on))
            menu.addAction(action)
        self.setVisible(bool(plates))
        self.retranslate()

    def clear(self) -> None:
        """Another source: nothing offered, nothing chosen."""
        self.menu().clear()
        had = bool(self.chosen)
        self.chosen.clear()
        self.hide()
        if had:
            self.changed.emit()

    def _toggle(self, code: str, name: str, on: bool) -> None:
        if on:
            self.chosen[code] = name
        else:
            self.chosen.pop(code, None)
        self.retranslate()
        self.changed.emit()

    def retranslate(self) -> None:
        count = len(self.chosen)
        self.setText(self.tr("Plates ({count})").format(count=count) if count
                     else self.tr("Plates"))
        self.setToolTip(self.tr("Rank the stocks of these plates beside your watchlists' "
                                "(the source polls them too: every row gets older)"))

    def changeEvent(self, event: QEvent) -> None:  # Qt calls it
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
