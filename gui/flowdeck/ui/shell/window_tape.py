"""The window's Big trades (issue 21): the Big trades dock on the right, hidden until
View > Big trades shows it (its place and visibility kept with the layout), its
"watchlist only" filter on the active watchlist; a double-click opens the trade's stock
as the Market view's rows do (WindowMarket.open_code: the table's row selected, the
detail dock on it). The detail dock gets its own tape (a Trades tab and the marks on its
chart). Both follow the table's language, units and colour convention.

The settings' [tape] table (Settings > Big trades) sets the store's tape caps and goes
to the Follower, which tells each source that picks its big trades itself
(TakesTapeSettings). A source that sees some codes' trades only (CoversTrades:
futu://'s pushes) says which it does not with its state; the dock names them."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt

from ...core.big_trade_thresholds import TapeSettings
from ...feeds.base import CoversTrades
from ...live.follow import FollowState
from ...storage.config import Config
from ...storage.tape_settings import tape_settings
from ..tape.detail_tape import DetailTape
from ..tape.tape_dock import TapeDock

TAPE_WIDTH = 620  # every column in English and Chinese


class WindowTape(QObject):
    def __init__(self, window) -> None:
        super().__init__(window)
        self._window = window
        self.dock = dock = TapeDock(window.store, window)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        window.resizeDocks([dock], [TAPE_WIDTH], Qt.Orientation.Horizontal)
        dock.hide()
        self.action = dock.toggleViewAction()
        self.action.setObjectName("tapeAction")
        # With the other docks' toggles: before the separator above "Reset layout".
        menu = window.view_menu
        actions = menu.actions()
        reset = actions.index(window.reset_layout_action)
        separator = next(a for a in reversed(actions[:reset]) if a.isSeparator())
        menu.insertAction(separator, self.action)
        self.detail = DetailTape(window.detail_dock, window.store)
        dock.code_opened.connect(window.market.open_code)
        window.model.display_changed.connect(self.follow_display)
        window.watchlist_dock.changed.connect(self._watched)
        window.watchlist_dock.active_changed.connect(self._watched)
        self._watched()
        self.follow_display()
        self.settings: TapeSettings | None = None
        self.apply(window.config)
        window.follower.add_state_listener(self._follow_state)

    def apply(self, config: Config) -> None:
        """The settings' [tape] table (bad values: their defaults) from now on."""
        settings = tape_settings(config)[0]
        if settings == self.settings:
            return
        self.settings = settings
        tape = self._window.store.tape
        tape.per_code, tape.total = settings.per_code, settings.total  # from the next add
        self._window.follower.set_tape_settings(settings)

    def _follow_state(self, _state: FollowState) -> None:
        feed = self._window.follower.feed
        self.dock.set_uncovered(feed.uncovered_trades() if isinstance(feed, CoversTrades)
                                else {})

    def follow_display(self) -> None:
        text = self._window.model.text
        self.dock.model.set_display(text.lang, text.units, text.colors)
        self.detail.set_display(text.lang, text.units, text.colors)

    def _watched(self, *_args: object) -> None:
        self.dock.set_watched(frozenset(self._window.watchlists.codes()))
