"""The window's Market view (issue 20): the Market dock on the right, hidden until View >
Market shows it; it ranks the source's whole market when the source gives one
(RanksMarkets: the simulator; market.market_tables asks for it while the dock is
shown), else the live store's codes (the active watchlist's); the line under its
controls says which. Past days come from the flow history once it is open (read
again after each refresh: market.archive_periods). A double-click opens the code in
the detail dock as a click in the table does (MainWindow.show_detail); a code the
window does not follow shows the table's numbers there (detail.outside_row), kept
current as the view re-ranks, with a button adding it. "Add to watchlist" adds it to
the active watchlist as the add box does."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt

from ..market.market_dock import MarketDock
from ..market.market_tables import MarketTables
from ..market.table_row import market_row

MARKET_WIDTH = 620  # the stocks' columns in English and Chinese, sparkline included


class WindowMarket(QObject):
    def __init__(self, window) -> None:
        super().__init__(window)
        self._window = window
        self.dock = dock = MarketDock(window.store, window)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        window.resizeDocks([dock], [MARKET_WIDTH], Qt.Orientation.Horizontal)
        dock.hide()
        self.action = dock.toggleViewAction()
        self.action.setObjectName("marketAction")
        # After the other docks' toggles: before the separator above "Reset layout".
        menu = window.view_menu
        actions = menu.actions()
        reset = actions.index(window.reset_layout_action)
        separator = next(a for a in reversed(actions[:reset]) if a.isSeparator())
        menu.insertAction(separator, self.action)
        dock.code_opened.connect(self.open_code)
        dock.add_requested.connect(window.watchlist_dock.paste_text)
        window.detail_dock.outside.add_requested.connect(window.watchlist_dock.paste_text)
        dock.stocks.layoutChanged.connect(self._follow_outside)
        dock.stocks.modelReset.connect(self._follow_outside)
        window.model.display_changed.connect(self.follow_display)
        window.day_history.refreshed.connect(dock.archive_refreshed)
        window.day_history.opened.connect(dock.set_history)
        window.watchlist_dock.changed.connect(self._scope)
        window.watchlist_dock.active_changed.connect(self._scope)
        # The whole market of the source running now, asked for while the dock is shown.
        self.tables = MarketTables(dock, lambda: window.follower.feed,
                                   scope=self._watched)
        window.follower.add_state_listener(self.tables.refresh)
        window.watchlist_dock.changed.connect(self.tables.refresh)
        self._scope()
        self.follow_display()

    def open_code(self, code: str) -> None:
        window = self._window
        window.show_detail(code)
        window.detail_dock.show()
        window.detail_dock.raise_()
        if window.model.row_of_code(code) is not None:
            window.view.select_codes([code], code)
            return
        row = market_row(self.dock.source.rows, code)
        if row is not None:
            window.detail_dock.show_outside(row)

    def _follow_outside(self, *_args: object) -> None:
        """The detail dock's code outside the watchlist: its row of the newest table."""
        detail = self._window.detail_dock
        code = detail.outside.code
        row = market_row(self.dock.source.rows, code) if code is not None else None
        if row is not None:
            detail.show_outside(row)

    def follow_display(self) -> None:
        model = self._window.model
        text = model.text
        self.dock.set_display(text.lang, text.units, text.colors)
        self.dock.set_rates(model.rates)  # as the table sorts amounts: in the base

    def _watched(self) -> list[str]:
        """Every watchlist's codes: what futu:// ranks (RanksScope)."""
        lists = self._window.watchlists
        return [c for name in lists.names() for c in lists.codes(name)]

    def _scope(self, *_args: object) -> None:
        self.dock.set_watchlist(self._window.watchlists.active)
