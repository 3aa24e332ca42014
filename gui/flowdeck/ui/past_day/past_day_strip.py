"""The strip above the table while the window shows a past day: "As of 2026-11-20 close
· read-only · alerts off", how far the load is, how many codes have no close that day,
and the button back to live. Not a dismissable banner: it stays as long as the mode."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from ..look.theme import Theme, follow_theme

STRIP_STYLE = ("QFrame#pastDayStrip {{ background: {background}; border: 2px solid "
               "{border}; }} QLabel {{ color: {text}; font-weight: bold; }}")


class PastDayStrip(QFrame):
    live_requested = Signal()

    def __init__(self, day: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pastDayStrip")
        self.day = day
        self._loaded: tuple[int, int] | None = None   # codes read, of all
        self._missing: tuple[int, int] | None = None  # codes without a close, of all
        self.label = QLabel(objectName="pastDayText", wordWrap=True)
        self.live_button = QPushButton(objectName="backToLiveButton")
        self.live_button.clicked.connect(self.live_requested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.live_button)
        follow_theme(self, self.set_theme)
        self.retranslate()

    def set_loading(self, done: int, total: int) -> None:
        self._loaded = (done, total) if done < total else None
        self.retranslate()

    def set_missing(self, missing: int, total: int) -> None:
        self._missing = (missing, total) if missing else None
        self.retranslate()

    def text(self) -> str:
        return self.label.text()

    def set_theme(self, theme: Theme) -> None:
        colors = theme.banner_info
        self.setStyleSheet(STRIP_STYLE.format(background=colors.background,
                                              border=colors.border, text=colors.text))

    def changeEvent(self, event: QEvent) -> None:  # Qt calls it
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        parts = [self.tr("As of {0} close · read-only · alerts off").format(
            self.day.isoformat())]
        if self._loaded is not None:
            parts.append(self.tr("reading the archive… {0} of {1} codes").format(
                *self._loaded))
        elif self._missing is not None:
            parts.append(self.tr("{0} of {1} codes have no archived close that day (—)")
                         .format(*self._missing))
        self.label.setText(" · ".join(parts))
        self.live_button.setText(self.tr("Back to live"))
        self.live_button.setToolTip(self.tr("Show the live table and charts again"))
