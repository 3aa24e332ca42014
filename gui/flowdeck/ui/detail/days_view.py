"""The detail dock's Days view: the selected code's daily net inflow from the archive for
the last 20 / 60 / 250 archived days, of main or any tier, with today so far as the last
bar (hatched); a click on a day asks the dock to chart that day (`day_clicked(date)`, or
None for today). In the past-day mode the days end at the day shown (`end`), without a
live bar. A code with nothing archived says so, and how to fill it.

The archive is read when the code, the end or the reader changes (one read of the
longest range, a few ms; the ranges and series are slices of it), never per live batch:
a batch only moves the live bar.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ...core.day_flow import DayFlow
from ...core.records import SERIES_NAMES
from ..look.theme import Theme, follow_theme
from .archived_day import LiveDay
from .day_bars import DayBars
from .day_reader import DayReader
from .detail_style import flow_colors, series_labels

RANGES = (20, 60, 250)
#: Calendar days read back from the end for the longest range (250 trading days with
#: holidays and weekends fit).
_READ_BACK = dt.timedelta(days=420)


class DaysView(QWidget):
    day_clicked = Signal(object)  # a date, or None for the live day

    def __init__(self, units: str = "kmb", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("daysView")
        self._reader: DayReader | None = None
        self._code: str | None = None
        self._end: dt.date | None = None
        self._live: LiveDay | None = None
        self._flows: list[DayFlow] = []
        self._shown: dt.date | None = None
        self._colors = "red-up"
        self._theme: Theme | None = None
        self.range_buttons: dict[int, QToolButton] = {}
        self.range_group = QButtonGroup(self)
        top = QHBoxLayout()
        top.setContentsMargins(4, 2, 4, 0)
        for days in RANGES:
            button = QToolButton(objectName=f"daysRange{days}", checkable=True,
                                 autoRaise=True)
            self.range_group.addButton(button, days)
            self.range_buttons[days] = button
            top.addWidget(button)
        self.range_buttons[RANGES[0]].setChecked(True)
        self.range_group.idToggled.connect(self._range_toggled)
        self.series_box = QComboBox(objectName="daysSeries")
        self.series_box.addItems(series_labels())  # main first: the default
        self.series_box.currentIndexChanged.connect(self._draw)
        top.addWidget(self.series_box)
        top.addStretch(1)
        self.header = top  # the dock puts the shown day and its way back at the end
        self.bars = DayBars(units)
        self.bars.bar_clicked.connect(self._bar_clicked)
        self.message = QLabel(objectName="daysMessage", wordWrap=True,
                              alignment=Qt.AlignmentFlag.AlignCenter)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.bars)
        self.stack.addWidget(self.message)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addWidget(self.stack, 1)
        self.retranslate()
        follow_theme(self, self.set_theme)

    # --- what the dock calls ----------------------------------------------------------

    @property
    def range_days(self) -> int:
        return self.range_group.checkedId()

    @property
    def series(self) -> str:
        return SERIES_NAMES[max(self.series_box.currentIndex(), 0)]

    @property
    def shown_days(self) -> list[dt.date]:
        """The bars' days, oldest first (the live day last when it has a bar)."""
        return self.bars.days

    def set_reader(self, reader: DayReader | None) -> None:
        self._reader = reader
        self.reload()

    def set_code(self, code: str | None, end: dt.date | None = None,
                 live: LiveDay | None = None) -> None:
        """The code's days up to `end` (None: up to today, with `live` as its bar)."""
        self._code, self._end, self._live = code, end, live
        self.reload()

    def set_live(self, live: LiveDay | None) -> None:
        """Today so far moved (no archive read); ignored while an end is set."""
        if self._end is None and (live is not None or self._live is not None):
            self._live = live
            self._draw()

    def reload(self) -> None:
        """Read the archive again (a backfill or a day roll added days)."""
        self._flows = []
        if self._reader is not None and self._code is not None:
            end = self._end or (self._live.day if self._live is not None else None)
            start = end - _READ_BACK if end is not None else None
            self._flows = self._reader.days(self._code, start, end)
        self._draw()

    def set_shown(self, day: dt.date | None) -> None:
        """Outline the bar of the day the chart shows (None: today's)."""
        self._shown = day
        self._outline()

    def _outline(self) -> None:
        days, live, day = self.bars.days, self._live, self._shown
        target = day if day is not None else (live.day if live and self._end is None
                                              else self._end)
        self.bars.set_shown(days.index(target) if target in days else None)

    def set_units(self, units: str) -> None:
        self.bars.set_units(units)

    def set_colors(self, colors: str) -> None:
        self._colors = colors
        if self._theme is not None:
            self.bars.set_theme(self._theme, *flow_colors(colors, self._theme))

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self.set_colors(self._colors)

    def changeEvent(self, event: QEvent) -> None:  # Qt calls it
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        for days, button in self.range_buttons.items():
            button.setText(self.tr("{0}D").format(days))
            button.setToolTip(self.tr("The last {0} archived trading days").format(days))
        for i, label in enumerate(series_labels()):
            self.series_box.setItemText(i, label)
        self.series_box.setToolTip(self.tr("Which net inflow the bars show"))
        self._draw()

    # --- internals --------------------------------------------------------------------

    def _range_toggled(self, _id: int, checked: bool) -> None:
        if checked:
            self._draw()

    def _bars(self) -> tuple[list[dt.date], list[float], list[float | None], bool]:
        series = self.series
        index = SERIES_NAMES.index(series)
        live = self._live if self._end is None else None
        flows = [f for f in self._flows if live is None or f.day < live.day]
        count = self.range_days - (live is not None)
        flows = flows[-count:] if count > 0 else []
        days = [f.day for f in flows]
        nets = [f.series_net(series) for f in flows]
        ratios = [f.series_ratio(series) for f in flows]
        if live is not None:
            days.append(live.day)
            nets.append(live.net(index))
            ratios.append(live.ratio(index))
        return days, nets, ratios, live is not None

    def _draw(self, *_: object) -> None:
        if not hasattr(self, "stack"):
            return  # retranslate() during __init__
        code = self._code
        if self._reader is None:
            self._show_message(self.tr("No flow archive is open: past days are not kept "
                                       "for this source."))
            return
        if code is not None and not self._flows:
            self._show_message(self.tr(
                "No past days archived for {code}. File > Fill past days… or "
                "`flowdeck backfill {code}` fills them.").format(code=code))
            return
        days, nets, ratios, live = self._bars() if code is not None else ([], [], [], False)
        label = self.series_box.currentText()
        self.bars.set_labels(self.tr("{0} net").format(label), self.tr("Ratio"),
                             self.tr("today so far"))
        self.bars.set_bars(days, np.asarray(nets, float), ratios, live)
        self._outline()
        self.stack.setCurrentWidget(self.bars)

    def _show_message(self, text: str) -> None:
        self.message.setText(text)
        self.bars.set_bars([], [], [], False)
        self.stack.setCurrentWidget(self.message)

    def _bar_clicked(self, index: int) -> None:
        days = self.bars.days
        live = self._live is not None and self._end is None
        self.day_clicked.emit(None if live and index == len(days) - 1 else days[index])
