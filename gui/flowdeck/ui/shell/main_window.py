"""The main window: the live table in the centre (with a filter above it), the watchlist
and detail docks, the status bar, banners, the View menu (dock toggles, Reset layout)
and the settings dialog. It composes them over the live core: the Follower writes the
LiveStore, whose Changes reach the table model, the detail dock and the status bar; the
alerts see each batch as it arrives (a firing is written at once); it owns the
Watchlists and the config.

Layout is kept in QSettings (window_layout.py); "Reset layout" restores the state
captured right after the docks were built. The table keeps at least MIN_TABLE_ROWS rows
in view however small the window is made (the docks give way).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QLineEdit, QMainWindow, QVBoxLayout, QWidget

from ...core.history import IntradayHistory
from ...core.markets import market_of
from ...core.watchlists import Watchlists
from ...live.follow import LIVE, Follower, FollowState
from ...live.heartbeat import Heartbeat
from ...live.store import BATCH, NAMES, Change, LiveStore
from ...storage.atomic import StorageError
from ...storage.config import Config, save_config
from ..alerts.window_alerts import WindowAlerts
from ..alerts.window_delivery import WindowDelivery
from ..channels.window_channels import WindowChannels
from ..detail.detail_dock import DetailDock
from ..look.banner import BannerArea
from ..look.i18n import apply_language, current_language, up_is_red
from ..look.theme import apply_theme
from ..past_day.past_day_mode import attach as attach_past_day
from ..table.history_loader import HistoryLoader
from ..table.table_model import FlowTableModel
from ..table.table_view import FlowTableView
from ..watchlist.watchlist_dock import WatchlistDock
from .follow_status import FollowStatus
from .heap_trim import trim_heap_while_open
from .settings_dialog import SettingsDialog
from .start_up_objects import freeze_start_up_soon
from .status_bar import StatusBar
from .window_history import WindowHistory
from .window_layout import (
    FIRST_SIZE,
    MIN_ALERT_LOG_WIDTH,
    MIN_CHART_WIDTH,
    MIN_TABLE_ROWS,
    restore_window_layout,
    save_window_layout,
    table_height,
)
from .window_market import WindowMarket
from .window_search import WindowSearch
from .window_tape import WindowTape

SAVE_RETRY_MS = 30_000


class MainWindow(QMainWindow):
    """`start()` inside the running loop; `await shutdown()` before the loop ends."""

    closed = Signal()

    def __init__(self, config: Config, config_file: Path | None, settings: QSettings,
                 source: str | None = None, warning: str | None = None,
                 parent: QWidget | None = None, *, use_tray: bool = True,
                 unsaved: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowTitle("FlowDeck")
        self.config = config
        self.config_file = config_file
        self.settings = settings
        self.source = source or config.source_url
        self.settings_dialog: SettingsDialog | None = None
        self._quitting = False

        history = IntradayHistory(compact=True)  # it only draws the series
        # A large snapshot's points go in slices, the rows on screen first.
        loader = HistoryLoader(history, self)
        self.store = LiveStore(history=history, loader=loader,
                               stale_after_s=float(config.stale_after_s))
        self.table, self.history = self.store.table, history
        self.follower = Follower(self.store)
        self.heartbeat = Heartbeat(self.follower, stale_after_s=float(config.stale_after_s))
        self.model = FlowTableModel(self.store, self)  # the store's first listener
        loader.loaded.connect(self.model.history_loaded)
        self.watchlists = Watchlists.from_config(config.watchlists, config.active_watchlist)

        self.banners = BannerArea()
        self.filter_edit = QLineEdit(objectName="filterEdit", clearButtonEnabled=True)
        self.filter_edit.textChanged.connect(self.model.set_filter)
        self.view = FlowTableView(self.model, self)  # sets its sparkline delegates
        central = QWidget(objectName="centralWidget")
        layout = QVBoxLayout(central)
        layout.setContentsMargins(4, 4, 4, 0)
        layout.setSpacing(4)
        layout.addWidget(self.banners)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.view, 1)
        self.setCentralWidget(central)

        self.status = StatusBar(self)
        self.setStatusBar(self.status)
        self.watchlist_dock = WatchlistDock(self.watchlists, self)
        self.detail_dock = DetailDock(self.history, parent=self)
        self.detail_dock.set_details(self.store.details)
        self.detail_dock.set_names(self.store.info)
        self.detail_dock.set_live(self.store)  # its prices a minute, sector lines
        self.follow_status = FollowStatus(self.status, self.follower)
        self.store.add_listener(self.follow_status.on_change)
        self.store.add_listener(self._detail_changed)
        self.channels = WindowChannels(self, self)  # Settings > Channels; the alerts attach
        self.alerts = WindowAlerts(self, settings, use_tray=use_tray)
        self.delivery = WindowDelivery(self, self.alerts, parent=self)  # after the tray
        if self.delivery.deliveries is not None:
            self.channels.attach(self.delivery.deliveries)
        # Alerts are evaluated on each batch as it arrives; one that fires is written to
        # the table at once (not at the next of the 5 writes a second).
        self.follower.add_urgent(self.alerts.center.on_arrival)
        self.follower.add_state_listener(self._follow_state)
        self.heartbeat.add_listener(self.follow_status.on_beat)
        self.alerts.rule_codes_changed.connect(self._follow_rule_codes)
        # The archive of the source's days: saved as the day goes, read by the
        # multi-day windows and rules, the Days view and the status bar's progress.
        self.day_history = WindowHistory(self.store, self.banners, self.status, self)
        self.day_history.attach(self)
        self._place_docks()
        self._build_menus()
        # View > Show a past day: the table and charts on an archived day's close.
        self.past_day = attach_past_day(self)
        self.search = WindowSearch(self)  # Ctrl+K and the add box's dropdown
        self.market = WindowMarket(self)  # View > Market: rankings and sectors
        self.tape = WindowTape(self)  # View > Big trades; the detail dock's Trades tab
        self.day_history.opened.connect(self.past_day.set_reader)
        self.default_state = self.saveState()

        self.view.code_selected.connect(self.show_detail)
        self.watchlist_dock.changed.connect(self.save_config)
        self.watchlist_dock.changed.connect(self.alerts.watchlists_changed)
        self.watchlist_dock.active_changed.connect(self.follower.follow)
        # Settings that could not be saved are tried again on this timer (and at quit),
        # not only on the next change: a user who changes nothing more loses nothing.
        self._save_retry = QTimer(self, interval=SAVE_RETRY_MS, timeout=self.save_config)
        self.apply_display()
        self.restore_layout()
        if warning:
            # A first start that could not write its settings shows the same banner as a
            # later failed save, so the save that works takes it away.
            self.banners.show_message("save" if unsaved else "config", warning, "warning")
        if unsaved:
            self._save_retry.start()

    def _place_docks(self) -> None:
        """The table gets the full width (it has 23 columns); below it the watchlist
        editor and, beside it, the detail chart."""
        bottom = Qt.DockWidgetArea.BottomDockWidgetArea
        self.addDockWidget(bottom, self.watchlist_dock)
        self.splitDockWidget(self.watchlist_dock, self.detail_dock, Qt.Orientation.Horizontal)
        self.splitDockWidget(self.detail_dock, self.alerts.dock, Qt.Orientation.Horizontal)
        self.detail_dock.setMinimumWidth(MIN_CHART_WIDTH)
        self.alerts.dock.setMinimumWidth(MIN_ALERT_LOG_WIDTH)
        self.resize(FIRST_SIZE)
        self.resizeDocks([self.watchlist_dock, self.detail_dock, self.alerts.dock],
                         [300, 660, 480], Qt.Orientation.Horizontal)
        self.resizeDocks([self.detail_dock], [380], Qt.Orientation.Vertical)

    # --- menus -------------------------------------------------------------------------

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = file_menu = bar.addMenu("")
        file_menu.setObjectName("fileMenu")
        self.settings_action = QAction(self, objectName="settingsAction")
        self.settings_action.setShortcut(QKeySequence.StandardKey.Preferences)
        self.settings_action.triggered.connect(self.open_settings)
        self.quit_action = quit_action = QAction(self, objectName="quitAction")
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.quit)
        file_menu.addMenu(self.day_history.menu)
        file_menu.addAction(self.settings_action)
        file_menu.addSeparator()
        file_menu.addAction(quit_action)
        self.view_menu = bar.addMenu("")
        self.view_menu.setObjectName("viewMenu")
        for dock in self.docks():
            self.view_menu.addAction(dock.toggleViewAction())
        self.view_menu.addSeparator()
        self.reset_layout_action = QAction(self, objectName="resetLayoutAction")
        self.reset_layout_action.triggered.connect(self.reset_layout)
        self.view_menu.addAction(self.reset_layout_action)
        self.alerts_menu = bar.addMenu("")
        self.alerts.build_menu(self.alerts_menu)
        self.retranslate()

    def retranslate(self) -> None:
        """The window's own texts in the language spoken; the docks, the status bar and
        the banners see to theirs (each gets the LanguageChange event too)."""
        self.file_menu.setTitle(self.tr("&File"))
        self.settings_action.setText(self.tr("&Settings…"))
        self.quit_action.setText(self.tr("&Quit"))
        self.view_menu.setTitle(self.tr("&View"))
        self.reset_layout_action.setText(self.tr("&Reset layout"))
        self.alerts_menu.setTitle(self.tr("&Alerts"))
        self.filter_edit.setPlaceholderText(self.tr("Filter codes…"))
        self.model.set_language(current_language())
        self.alerts.retranslate()
        self.day_history.retranslate()

    def docks(self) -> tuple:
        return (self.watchlist_dock, self.detail_dock, self.alerts.dock)

    # --- running -----------------------------------------------------------------------

    def start(self) -> None:
        """Start following the active watchlist (inside the running asyncio loop)."""
        self.follower.start(self.source, self.watchlists.codes(), self.alerts.rule_codes())
        self.heartbeat.set_stale_after(float(self.config.stale_after_s))
        self.heartbeat.start()
        self.alerts.start()
        self.delivery.start()
        self.day_history.start(self.source, self.config.keep_minutes_days,
                               self.follower.feed)
        freeze_start_up_soon(self)
        trim_heap_while_open(self)
        if self.model.rowCount() and self.detail_dock.code is None:
            self.view.selectRow(0)
            self.show_detail(self.model.code_at(0))
        self.view.setFocus()

    async def shutdown(self) -> None:
        self.alerts.stop()
        self.market.tables.stop()
        self.market.dock.periods.stop()
        await self.heartbeat.stop()
        await self.follower.stop()
        await self.day_history.stop()  # the day so far saved
        # Last chances for what a full disk held back: settings and alert log entries.
        if self._save_retry.isActive():
            self._save_retry.stop()
            self.save_config()
        self.alerts.center.flush_log()
        await self.delivery.close()  # what is pending stays in the outbox

    def _follow_state(self, state: FollowState) -> None:
        self.follow_status.on_state(state)
        self.alerts.set_live(state.state == LIVE)

    def _detail_changed(self, change: Change) -> None:
        if change.kind == NAMES:  # another source: another name in the title
            self.detail_dock.set_names(self.store.info)
        if change.touches(self.detail_dock.code) or (
                change.kind == BATCH and self.detail_dock.sector_row.follows_members):
            self.detail_dock.refresh()

    def _follow_rule_codes(self, codes: list[str]) -> None:
        """Codes named only by alert rules are followed too (not shown); a source that
        polls under a quota refreshes them, and the selected row, first."""
        self.follower.follow(extra=codes)
        self._prioritise()

    def _prioritise(self) -> None:
        self.follower.set_priority(
            [c for c in [self.detail_dock.code, *self.alerts.rule_codes()] if c])

    def show_detail(self, code: str | None) -> None:
        self.detail_dock.show_code(code)
        if code:
            self.detail_dock.set_colors(self._colors_for(code))
        self._prioritise()

    def bring_to_front(self) -> None:
        """Another start asked for this window."""
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()
        self.alerts.seen()

    # --- settings ----------------------------------------------------------------------

    def open_settings(self) -> SettingsDialog:
        if self.settings_dialog is None:
            self.settings_dialog = SettingsDialog(self.config, self.config_file, self,
                                                  channels=self.channels)
            self.settings_dialog.source_requested.connect(self.run_source)
            self.settings_dialog.applied.connect(self.apply_settings)
        self.settings_dialog.load(self.config, running=self.source)
        # Non-modal and never exec(): a nested loop would stall the asyncio tasks.
        self.settings_dialog.show()
        self.settings_dialog.raise_()
        self.settings_dialog.activateWindow()
        return self.settings_dialog

    def run_source(self, url: str) -> None:
        """Run `url` from now on (the settings dialog's choice; it ends an override)."""
        if url != self.source:
            self.source = url
            self.follower.set_source(url)
            self.day_history.start_switch(url, self.follower.feed)

    def apply_settings(self, config: Config) -> None:
        """Save the edited config and show it. The source is not switched here: one the
        user chose already runs (the dialog's source_requested, run_source); an override
        stays."""
        config.watchlists = self.config.watchlists
        config.active_watchlist = self.config.active_watchlist
        config.alerts = self.config.alerts  # the rules dialog owns them
        self.config = config
        self.apply_display()
        self.tape.apply(config)  # the big-trade thresholds and the tape's caps
        self.save_config()

    def apply_display(self) -> None:
        self.model.set_language(apply_language(self.config.language))
        # Here, in __init__ too, so the palette is in place before the first show.
        apply_theme(None, self.config.theme)
        self.model.set_units(self.config.units)
        self.view.fit_columns(self.model.text.amount_units)
        self.model.set_colors(self.config.colors)
        self.model.set_rates(self.config.rates)  # amounts over currencies sort in the base
        self.heartbeat.set_stale_after(float(self.config.stale_after_s))
        self.view.setMinimumHeight(table_height(self.view, MIN_TABLE_ROWS))
        self.detail_dock.set_units(self.model.text.amount_units)
        self.alerts.apply_display()
        if self.detail_dock.code:
            self.detail_dock.set_colors(self._colors_for(self.detail_dock.code))

    def _colors_for(self, code: str) -> str:
        return "red-up" if up_is_red(self.config.colors, market_of(code)) else "green-up"

    def save_config(self) -> bool:
        """Write the config (watchlists included); a failure shows a banner and keeps
        everything in memory."""
        old = {w["name"]: w for w in self.config.watchlists}
        self.config.watchlists = [{**{k: v for k, v in old.get(w["name"], {}).items()
                                      if k not in ("name", "codes")}, **w}
                                  for w in self.watchlists.to_config()]
        self.config.active_watchlist = self.watchlists.active
        try:
            save_config(self.config_file, self.config)
        except StorageError as exc:
            error = str(exc)  # `exc` is unbound after the block; the text lives on
            self.banners.show_message(
                "save", lambda: self.tr("Settings could not be saved: {error}. Your changes "
                                        "are kept in memory and saved as soon as the disk "
                                        "accepts them.").format(error=error), "error")
            self._save_retry.start()
            return False
        self._save_retry.stop()
        banner = self.banners.banner("save")
        if banner is not None:
            banner.dismiss()
        return True

    # --- layout ------------------------------------------------------------------------

    def restore_layout(self) -> None:
        restore_window_layout(self, self.settings, self.view)

    def save_layout(self) -> None:
        save_window_layout(self, self.settings, self.view)

    def reset_layout(self) -> None:
        self.restoreState(self.default_state)
        self.view.reset_header()
        for dock in self.docks():
            dock.show()

    def quit(self) -> None:
        """Close for real (File > Quit, the tray's Quit, SIGTERM): not just to the tray."""
        self._quitting = True
        self.close()

    def changeEvent(self, event: QEvent) -> None:  # Qt calls it
        if (event.type() == QEvent.Type.ActivationChange and self.isActiveWindow()
                and hasattr(self, "alerts")):
            self.alerts.seen()
        elif event.type() == QEvent.Type.LanguageChange and hasattr(self, "alerts_menu"):
            self.retranslate()
        super().changeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # Qt calls it
        self.save_layout()
        if not self._quitting and self.alerts.hides_on_close():
            event.ignore()
            self.hide()
            self.alerts.hidden_to_tray()
            return
        if self.settings_dialog is not None:
            self.settings_dialog.close()
        event.accept()
        self.closed.emit()
