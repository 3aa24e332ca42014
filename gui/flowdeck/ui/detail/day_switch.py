"""The detail dock's day switch: which day the chart shows ("Today · live", or an
archived day's date in the past-day colours) and the button back to the dock's home day
(today, or in the past-day mode the day shown there). It sits in the corner of the
dock's tabs, right under the chart, so it costs no height of its own."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QWidget

from ..look.theme import Theme, follow_theme
from .day_label import day_text


class DaySwitch(QWidget):
    home_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("daySwitch")
        self._day: dt.date | None = None
        self._home: dt.date | None = None
        self._complete = True
        self._archived = True
        self.label = QLabel(objectName="shownDayLabel")
        self.home_button = QToolButton(objectName="todayButton", autoRaise=True)
        self.home_button.clicked.connect(self.home_requested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.setSpacing(4)
        layout.addWidget(self.label)
        layout.addWidget(self.home_button)
        self._theme: Theme | None = None
        follow_theme(self, self.set_theme)
        self.retranslate()

    def set_state(self, day: dt.date | None, home: dt.date | None, *,
                  complete: bool = True, archived: bool = True) -> None:
        """`day` shown (None: today, live); `home` the day the button goes back to (None:
        today); `complete` False for a day archived before its close; `archived` False
        for a day the archive has no row of for this code."""
        self._day, self._home = day, home
        self._complete, self._archived = complete, archived
        self.retranslate()

    def text(self) -> str:
        return self.label.text()

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self._style()

    def changeEvent(self, event: QEvent) -> None:  # Qt calls it
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        day, home = self._day, self._home
        if day is None:
            self.label.setText(self.tr("Today · live"))
        elif not self._archived:
            self.label.setText(self.tr("{0} · not archived").format(day_text(day)))
        elif self._complete:
            self.label.setText(self.tr("{0} · close").format(day_text(day)))
        else:
            self.label.setText(self.tr("{0} · archived before the close").format(
                day_text(day)))
        self.home_button.setText(self.tr("Today") if home is None
                                 else self.tr("Back to {0}").format(home.isoformat()))
        self.home_button.setToolTip(self.tr("Chart the live day again") if home is None
                                    else self.tr("Chart the day the window shows again"))
        self.home_button.setVisible(day != home)
        self._style()

    def _style(self) -> None:
        theme = self._theme
        if theme is None:
            return
        if self._day is None:
            self.label.setStyleSheet("")
            return
        colors = theme.banner_info
        self.label.setStyleSheet(f"QLabel {{ background: {colors.background}; color: "
                                 f"{colors.text}; border: 1px solid {colors.border}; "
                                 "padding: 0 4px; font-weight: bold; }")
