"""The detail dock's days other than today: which day the chart shows (`show_day`), the
window's past-day mode (`set_as_of`), and drawing an archived day once. A part of
DetailDock (its base class), kept apart so the dock's module stays about the live chart;
it uses the dock's chart, bars, Days view and day switch."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication

from .archived_day import ArchivedDay, LiveDay, live_day_of, read_archived_day
from .day_label import day_text
from .day_reader import DayReader

#: `_drawn_version` once an archived day is drawn (no history version is negative).
ARCHIVED_DRAWN = -2
translate = QCoreApplication.translate  # in the dock's context, where lupdate files it
NOTHING_DRAWN = object()  # "no detail drawn yet", distinct from None (drawn: no detail)


class DayNavigation:
    """Mixed into DetailDock; `_day` None is the live day."""

    _reader: DayReader | None
    _as_of: dt.date | None
    _day: dt.date | None
    _archived: ArchivedDay | None

    def set_reader(self, reader: DayReader | None) -> None:
        """Read archived days from `reader` from now on (None: no archive; the window
        passes its Archive, of the source's identity, again when the source changes)."""
        self._reader = reader
        self.days_view.set_reader(reader)
        self.show_home()

    def reload_days(self) -> None:
        """The archive gained days (a backfill, a day roll): the Days view reads again."""
        self.days_view.reload()

    def set_as_of(self, day: dt.date | None) -> None:
        """The window's past-day mode: `day` becomes the dock's home day (None: live
        again); the Days view ends there."""
        self._as_of = day
        if self._code is not None:
            self.days_view.set_code(self._code, day, self._live_day())
        self.show_home()

    @property
    def as_of(self) -> dt.date | None:
        return self._as_of

    @property
    def shown_day(self) -> dt.date | None:
        """The day the chart shows, None for the live day."""
        return self._day

    def show_home(self) -> None:
        """Chart the home day: today, or the past-day mode's day."""
        self.show_day(self._as_of)

    def show_day(self, day: dt.date | None) -> None:
        """Chart `day` from the archive (None: the live day; in the past-day mode, the
        mode's day)."""
        if day is None:
            day = self._as_of
        live = self._live_day()
        if day is not None and self._as_of is None and live is not None and day >= live.day:
            day = None  # today's bar: the live day, not what the archive kept of it
        code = self._code
        self._day = day
        self._archived = None
        if day is not None and code is not None and self._reader is not None:
            self._archived = read_archived_day(self._reader, code, day)
        self._drawn_version = None
        self._drawn_detail = NOTHING_DRAWN
        self._drawn_prices = None
        archived = self._archived
        self.day_switch.set_state(day, self._as_of,
                                  complete=archived is None or archived.flow.complete,
                                  archived=archived is not None)
        self.days_view.set_shown(day)
        self._set_title()
        self._tag_day()
        if code is not None:
            self.refresh()

    def _live_day(self) -> LiveDay | None:
        code = self._code
        return None if code is None else live_day_of(code, self._history, self._details)

    def _draw_archived(self) -> bool:
        """The archived day's curves and bars, once (they do not change)."""
        if self._drawn_version == ARCHIVED_DRAWN:
            return False
        archived = self._archived
        series = archived.series if archived is not None else None
        self._draw_block(series, archived.last_minute() if archived is not None else -1)
        self.price_line.set_prices(None)  # the archive keeps no prices a minute
        self.sector_row.refresh(self._code, today=False)  # nor sector sums
        if archived is None:
            self._draw_bars(None)
        else:
            self.bars.set_values(archived.inflow, archived.outflow, archived.flow.turnover)
        self._drawn_version = ARCHIVED_DRAWN
        if self._crosshair_minute is not None:
            self.crosshair_at(self._crosshair_minute)
        return True

    def _tag_day(self) -> None:
        """The chart's corner names a day that is not today, and says when the archive
        has no minutes of it."""
        day, archived = self._day, self._archived
        self.day_tag.setVisible(day is not None)
        if day is None:
            return
        text = day_text(day)
        if archived is None:
            text += "\n" + translate("DetailDock", "Not archived for {0}").format(self._code or "")
        elif archived.series is None:
            text += "\n" + translate(
                "DetailDock", "No minute series archived (daily numbers only)")
        self.day_tag.setText(text)

