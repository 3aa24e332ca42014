"""The window's stock search: one StockSearch for the watchlist's add box and the quick
search (View > Find a stock…, Ctrl+K, or typing in the table); `set_universe(...)` gives it the
source's names, from the live store whenever the source changes (without them, codes in
any usual form still work).

A code chosen in the quick search that the active watchlist follows is selected in the
table; any other is added to the active watchlist (the dock says so) and selected once
its row is in the table.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

from ...live.store import NAMES, Change
from ..search.quick_search import QuickSearch
from ..search.search_index import StockSearch
from ..search.type_to_search import TypeToSearch
from ..watchlist.code_search import attach_search as attach_add_box

BUILD_AFTER_MS = 3000  # the source's names into the search this long after they change


class WindowSearch(QObject):
    def __init__(self, window) -> None:
        super().__init__(window)
        self._window = window
        self._pending: str | None = None
        self._stopped = False
        self.search = StockSearch(self)
        attach_add_box(window.watchlist_dock, self.search)
        self.quick = QuickSearch(self.search, window.centralWidget())
        window.view_menu.insertAction(window.view_menu.actions()[0], self.quick.action)
        window.view_menu.insertSeparator(window.view_menu.actions()[1])
        self.quick.chosen.connect(self.go_to)
        self.typing = TypeToSearch(window.view, self.quick)  # a key typed in the table
        model = window.view.flow_model
        for signal in (model.rowsInserted, model.modelReset, model.layoutChanged):
            signal.connect(self._select_pending)
        # The source's names, whenever the source changes (the Follower gives the store
        # its universe: live/follow.py).
        # Not at once: reading a whole market's names and their pinyin (~1 s in a worker)
        # would compete with the window's first paint; Ctrl+K before then builds it now.
        self._store = model.store
        self._store.add_listener(self._store_changed)
        self._later = QTimer(self, singleShot=True, interval=BUILD_AFTER_MS)
        self._later.timeout.connect(self._build_now)
        self.quick.action.triggered.connect(self._build_now)
        self.typing.opened.connect(self._build_now)
        self._due = self._store.universe is not None
        if self._due:
            self._later.start()
        window.closed.connect(self.stop)  # for real (not to the tray): File > Quit

    def set_universe(self, universe) -> None:
        self.search.set_universe(universe)

    def stop(self, *_args: object) -> None:
        """The window closed: no build later (the 3 s timer would start one in a closed
        window) and none under way. A closed window is hidden, not deleted: the build
        stopping when its search is deleted is not enough."""
        self._stopped = True
        self._later.stop()
        self.search.stop()

    def _store_changed(self, change: Change) -> None:
        if change.kind == NAMES and not self._stopped:
            self._due = True
            self._later.start()

    def _build_now(self, *_checked: object) -> None:
        if self._due and not self._stopped:
            self._due = False
            self._later.stop()
            self.set_universe(self._store.universe)

    def go_to(self, code: str) -> None:
        """Select `code` in the table, adding it to the active watchlist first when it
        is not there."""
        window = self._window
        if code not in window.watchlists.codes():
            window.watchlist_dock.paste_text(code)
        self._pending = code
        self._select_pending()

    def _select_pending(self, *_args: object) -> None:
        code, view = self._pending, self._window.view
        if code is None or view.flow_model.row_of_code(code) is None:
            return
        self._pending = None
        view.select_codes([code], code)
        view.scrollTo(view.flow_model.index(view.flow_model.row_of_code(code), 0))
