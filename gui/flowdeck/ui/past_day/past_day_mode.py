"""The window's past-day mode: View > Show a past day… picks an archived day; the table
and the detail charts then show that day's close, read-only, alerts off, until "Back to
live" (the strip's button or View > Back to live).

The table: a second LiveStore filled from the archive (past_store.py) under a second
FlowTableModel and FlowTableView, put in the live table's place while the live one is
hidden. The live store, model and view are not touched: the feed keeps writing them, so
going back to live shows them current at once, and no live batch can reach a past row
(nor a past row a live alert). The past view gets the live view's columns, widths,
sort and filter, the past-day colours around it, and the strip above it; it follows the
live table's language, units and colour convention while it is up (Settings).

The multi-day columns show their numbers as of that day's close (past_multiday.py),
read in a worker beside the day's rows.

Alerts: the window's alert pipeline is paused (until resumed) on entering and its pause
as it was put back on leaving; `alerts` is anything with `pause(seconds)` / `paused()`
(ui.alerts.AlertCenter, live.alerts.AlertPipeline). The status bar says "As of … close".
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QLineEdit, QMenu, QStatusBar, QWidget

from ...core.errors import FlowDeckError
from ...live.store import LiveStore
from ..detail.day_reader import HistoryReader
from ..detail.detail_dock import DetailDock
from ..look.theme import Theme, follow_theme
from ..table.table_model import FlowTableModel
from ..table.table_view import FlowTableView
from .day_dialog import PastDayDialog
from .past_day_strip import PastDayStrip
from .past_multiday import multiday_as_of
from .past_store import fill_store, new_past_store

log = logging.getLogger("flowdeck.ui")

# The past table framed and tinted in the past-day colours (the strip's), so a glance
# tells it from the live one.
PAST_TABLE_STYLE = ("QTableView#pastDayTable {{ border: 2px solid {border}; "
                    "background: {background}; }}")


class Pausable(Protocol):
    def pause(self, seconds: float | None) -> None: ...

    def paused(self) -> float | bool | None: ...


class PastDayMode(QObject):
    entered = Signal(object)   # the day, once its close is on screen
    left = Signal()
    code_selected = Signal(str)  # a row of the past table became current

    def __init__(self, live_view: FlowTableView, detail: DetailDock, *,
                 reader: HistoryReader | None = None, alerts: Pausable | None = None,
                 status_bar: QStatusBar | None = None,
                 filter_edit: QLineEdit | None = None,
                 clock: Callable[[], float] = time.time,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pastDayMode")
        self.live_view = live_view
        self.detail = detail
        self.reader = reader
        self.alerts = alerts
        self.status_bar = status_bar
        self.filter_edit = filter_edit
        self.clock = clock  # the alert pipeline's (epoch seconds: a pause's end)
        self.day: dt.date | None = None
        self.store: LiveStore | None = None
        self.model: FlowTableModel | None = None
        self.view: FlowTableView | None = None
        self.strip: PastDayStrip | None = None
        self.status_label: QLabel | None = None
        self.dialog: PastDayDialog | None = None
        self.loading: asyncio.Task | None = None
        self._alerts_before: float | bool | None = False
        self.show_action = QAction(self, objectName="showPastDayAction")
        self.show_action.triggered.connect(self.open_dialog)
        self.live_action = QAction(self, objectName="backToLiveAction", enabled=False)
        self.live_action.triggered.connect(self.leave)
        self._theme: Theme | None = None
        follow_theme(self, self.set_theme)
        self.retranslate()

    # --- what the window calls ----------------------------------------------------------

    def add_to_menu(self, menu: QMenu) -> None:
        menu.addAction(self.show_action)
        menu.addAction(self.live_action)

    def set_reader(self, reader: HistoryReader | None) -> None:
        """The archive of the source now running (None: none). Another source's days are
        not this one's: a past day on screen goes back to live."""
        if reader is not self.reader and self.day is not None:
            self.leave()
        self.reader = reader

    @property
    def active(self) -> bool:
        return self.day is not None

    def open_dialog(self, _checked: bool = False) -> PastDayDialog:
        if self.dialog is None:
            self.dialog = PastDayDialog(self.live_view.window())
            self.dialog.day_chosen.connect(self.show_day)
        days = self.reader.trading_days() if self.reader is not None else []
        self.dialog.set_days(days, self.day)
        # Non-modal and never exec(): a nested loop would stall the asyncio tasks.
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()
        return self.dialog

    def show_day(self, day: dt.date) -> asyncio.Task:
        """Put the window on `day`'s close (the dialog's choice); the load runs as a
        task (`loading`) in the running loop."""
        if self.loading is not None and not self.loading.done():
            self.loading.cancel()
        self.loading = asyncio.ensure_future(self.enter(day))
        return self.loading

    async def enter(self, day: dt.date) -> None:
        if self.reader is None:
            return
        if self.day is not None:
            self._take_down()
        else:
            self._hold_alerts()
        self.day = day
        reader = self.reader
        codes = list(self.live_view.flow_model.store.codes)
        self.store = new_past_store(codes)
        self._put_up(day)
        current = self.detail.code
        if current is not None and self.view is not None:
            self.view.select_codes([current], current)
        multiday = asyncio.ensure_future(asyncio.to_thread(multiday_as_of, reader, codes, day))
        try:
            missing = len(codes) - await fill_store(self.store, reader, day,
                                                    progress=self.strip.set_loading)
            try:
                provider = await multiday
            except (OSError, ValueError, FlowDeckError):
                # The day's own numbers stay on screen; the multi-day ones say "—".
                log.exception("the multi-day numbers as of %s could not be read", day)
                provider = None
        finally:
            multiday.cancel()  # left or cancelled early: nobody waits for it
        if self.strip is not None and self.day == day:
            self.model.set_multiday(provider)
            self.strip.set_missing(missing, len(codes))
            self.entered.emit(day)

    def leave(self, _checked: bool = False) -> None:
        """Back to live: the live table and charts, alerts as they were."""
        if self.day is None:
            return
        if self.loading is not None and not self.loading.done():
            self.loading.cancel()
        self._take_down()
        self.day = None
        self.live_view.show()
        self.detail.set_as_of(None)
        self._release_alerts()
        self.live_action.setEnabled(False)
        self.left.emit()

    # --- look and language --------------------------------------------------------------

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        if self.view is not None:
            self.view.setStyleSheet(PAST_TABLE_STYLE.format(
                border=theme.banner_info.border, background=theme.banner_info.background))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt calls it
        """Installed on the window: its language switch is ours too (a QObject gets no
        LanguageChange of its own)."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        return False

    def retranslate(self) -> None:
        self.show_action.setText(self.tr("Show a &past day…"))
        self.show_action.setToolTip(self.tr("Put the table and charts on an archived "
                                            "day's close"))
        self.live_action.setText(self.tr("Back to &live"))
        if self.status_label is not None and self.day is not None:
            self.status_label.setText(self.tr("As of {0} close").format(self.day.isoformat()))

    # --- internals ----------------------------------------------------------------------

    def _put_up(self, day: dt.date) -> None:
        live = self.live_view
        model = FlowTableModel(self.store, self)
        model.set_filter(live.flow_model.filter_text)
        view = FlowTableView(model)
        view.setObjectName("pastDayTable")
        view.restore_header_state(live.header_state())
        self.model, self.view = model, view
        self._follow_display()
        live.flow_model.display_changed.connect(self._follow_display)
        view.code_selected.connect(self._code_selected)
        if self.filter_edit is not None:
            self.filter_edit.textChanged.connect(model.set_filter)
        strip = PastDayStrip(day)
        strip.live_requested.connect(self.leave)
        layout = live.parentWidget().layout()
        at = layout.indexOf(live)
        layout.insertWidget(at, strip)
        layout.insertWidget(at + 1, view, 1)
        live.hide()
        self.strip = strip
        if self._theme is not None:
            self.set_theme(self._theme)
        if self.status_bar is not None:
            self.status_label = QLabel(objectName="pastDayStatus")
            self.status_bar.addPermanentWidget(self.status_label)
        self.retranslate()
        self.live_action.setEnabled(True)
        self.detail.set_as_of(day)

    def _take_down(self) -> None:
        for widget in (self.strip, self.view, self.status_label):
            if widget is not None:
                widget.hide()
                widget.setParent(None)
                widget.deleteLater()
        if self.model is not None:
            self.live_view.flow_model.display_changed.disconnect(self._follow_display)
            if self.filter_edit is not None:
                self.filter_edit.textChanged.disconnect(self.model.set_filter)
            self.model.deleteLater()
        self.store = self.model = self.view = self.strip = self.status_label = None

    def _follow_display(self) -> None:
        """The live table's language, units, colours and currency rates, and the columns
        wide enough."""
        live = self.live_view.flow_model.text
        self.model.set_language(live.lang)
        self.model.set_units(live.units)
        self.model.set_colors(live.colors)
        self.model.set_rates(self.live_view.flow_model.rates)
        self.view.fit_columns(self.model.text.amount_units)

    def _code_selected(self, code: str) -> None:
        self.detail.show_code(code)
        self.code_selected.emit(code)

    def _hold_alerts(self) -> None:
        if self.alerts is not None:
            self._alerts_before = self.alerts.paused()
            self.alerts.pause(None)

    def _release_alerts(self) -> None:
        before = self._alerts_before
        if self.alerts is None or before is None:
            return  # paused until resumed before: it stays so
        if before is False:
            self.alerts.pause(0)
        else:
            self.alerts.pause(max(0.0, float(before) - self.clock()))


def attach(window: QWidget, reader: HistoryReader | None = None) -> PastDayMode:
    """The mode wired into the main window (its table view, detail dock, alert center,
    status bar, filter and View menu). The window passes its Archive with `set_reader`
    when it opens one, and again when the source changes."""
    mode = PastDayMode(window.view, window.detail_dock, reader=reader,
                       alerts=window.alerts.center, status_bar=window.statusBar(),
                       filter_edit=window.filter_edit, parent=window)
    mode.add_to_menu(window.view_menu)
    window.installEventFilter(mode)
    mode.code_selected.connect(window.show_detail)
    return mode
