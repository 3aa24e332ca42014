"""The past-day dialog: a calendar of the days the archive has closes of (in bold, the
others cannot be shown), opened from View > Show a past day…; "Show this day" puts the
window on that day's close. Non-modal and never exec() (a nested loop would stall the
asyncio tasks)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QEvent, QLocale, Qt, Signal
from PySide6.QtGui import QFont, QTextCharFormat
from PySide6.QtWidgets import (
    QCalendarWidget,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from ..look.i18n import current_language
from ..look.theme import tint


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _date(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


class PastDayDialog(QDialog):
    day_chosen = Signal(object)  # a date

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pastDayDialog")
        self._days: set[dt.date] = set()
        self.calendar = QCalendarWidget(objectName="pastDayCalendar")
        self.calendar.setGridVisible(False)
        self.calendar.selectionChanged.connect(self._selection_changed)
        self.calendar.activated.connect(self._activated)
        self.note = QLabel(objectName="pastDayNote", wordWrap=True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._choose)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.calendar)
        layout.addWidget(self.note)
        layout.addWidget(self.buttons)
        self.retranslate()

    @property
    def ok_button(self):
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def set_days(self, days: list[dt.date], current: dt.date | None = None) -> None:
        """The archived days (the source's completed days), and the day to select (the
        last archived one when None)."""
        bold = QTextCharFormat()
        bold.setFontWeight(QFont.Weight.Bold)
        self.calendar.setDateTextFormat(QDate(), QTextCharFormat())  # clears all
        self._days = set(days)
        for day in days:
            self.calendar.setDateTextFormat(_qdate(day), bold)
        if days:
            self.calendar.setDateRange(_qdate(min(days)), _qdate(max(days)))
        target = current if current in self._days else (max(days) if days else None)
        if target is not None:
            self.calendar.setSelectedDate(_qdate(target))
        self._selection_changed()

    @property
    def selected_day(self) -> dt.date:
        return _date(self.calendar.selectedDate())

    def choose(self, day: dt.date) -> None:
        """Select `day` in the calendar, as a click on it does."""
        self.calendar.setSelectedDate(_qdate(day))

    def changeEvent(self, event: QEvent) -> None:  # Qt calls it
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        # Month and weekday names in the language spoken, not the system's; weeks from
        # Monday in every language (en_US and zh_HK would start on Sunday): a trading
        # week reads as one run, the weekend after it.
        self.calendar.setLocale(QLocale(current_language()))
        self.calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.setWindowTitle(self.tr("Show a past day"))
        self.ok_button.setText(self.tr("Show this day"))
        self._selection_changed()

    def _selection_changed(self) -> None:
        if not self._days:
            self.note.setText(self.tr("Nothing is archived for this source yet: File > "
                                      "Fill past days… or `flowdeck backfill` fills it."))
            tint(self.note, "warning")
            self.ok_button.setEnabled(False)
            return
        day = self.selected_day
        ok = day in self._days
        self.ok_button.setEnabled(ok)
        if ok:
            self.note.setText(self.tr("The table and charts show the close of {0}, "
                                      "read-only; alerts are off until you go back to "
                                      "live.").format(day.isoformat()))
            tint(self.note, "")
        else:
            self.note.setText(self.tr("No archived close on {0} (days in bold have "
                                      "one).").format(day.isoformat()))
            tint(self.note, "warning")

    def _activated(self, _day: QDate) -> None:
        if self.ok_button.isEnabled():
            self._choose()

    def _choose(self) -> None:
        day = self.selected_day
        if day in self._days:
            self.day_chosen.emit(day)
            self.accept()
