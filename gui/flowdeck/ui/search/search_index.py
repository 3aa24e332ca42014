"""The window's one stock search: a core SearchIndex over the source's universe, built
off the GUI thread.

Building takes ~0.1 s for 12,000 stocks and their pinyin initials ~1 s more (loading
pypinyin and OpenCC ~0.35 s of it): a worker thread does both, so the window starts and
types without waiting. Until the first index is ready, and with no universe at all,
codes typed in any usual form still work (no names). A newer universe replaces a build
under way: the older result is dropped when it arrives.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QCoreApplication, QObject, Signal

from ...core.name_aliases import AliasBuilder
from ...core.stock_info import StockInfo, Universe
from ...core.stock_search import DEFAULT_LIMIT, SearchHit, SearchIndex

ALIAS_SLICE = 100      # names a slice (~8 ms of pinyin)
ALIAS_PAUSE_S = 0.002  # between slices: the window's thread takes the interpreter


class _Relay(QObject):
    """Carries a worker's result to the GUI thread. One for the application, never
    freed before it: a worker holding a StockSearch could be the last to let it go and
    free a Qt object outside the GUI thread."""

    built = Signal(object, object)  # (the build's token, SearchIndex)


_relay: _Relay | None = None


def _the_relay() -> _Relay:
    global _relay
    if _relay is None:
        _relay = _Relay(QCoreApplication.instance())
    return _relay


class StockSearch(QObject):
    """`search(text)` over the current index; `index_changed()` when a new one is in
    (names first, then with pinyin initials: `has_aliases`)."""

    index_changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._index = SearchIndex()
        self._token = object()
        self._worker: threading.Thread | None = None
        # The build under way stops when a newer one starts or the search goes (a window
        # closed): its pinyin work must not go on competing with what runs next.
        cancel = self._cancel = [threading.Event()]
        self.destroyed.connect(lambda *_: cancel[0].set())
        _the_relay().built.connect(self._take)

    @property
    def index(self) -> SearchIndex:
        return self._index

    def search(self, text: str, limit: int = DEFAULT_LIMIT) -> list[SearchHit]:
        return self._index.search(text, limit)

    def best_code(self, text: str) -> str | None:
        """What Enter adds for `text`: the first match's code (None: nothing matches)."""
        hits = self._index.search(text, 1)
        return hits[0].code if hits else None

    def set_universe(self, universe: Universe | None) -> None:
        """Search `universe`'s stocks from now on (None: codes only)."""
        self._token = token = object()
        if universe is None:
            self._index = SearchIndex()
            self.index_changed.emit()
            return
        stocks = list(universe.stocks().values())  # read here: the source owns it
        self._cancel[0].set()
        self._cancel[0] = cancelled = threading.Event()
        self._worker = threading.Thread(target=_build,
                                        args=(_the_relay(), token, stocks, cancelled),
                                        name="stock-search-index", daemon=True)
        self._worker.start()

    def stop(self) -> None:
        """Stop the build under way and take no result of an earlier one (the window shut
        down: it is hidden, not deleted, so `destroyed` alone never stops the worker)."""
        self._token = object()
        self._cancel[0].set()

    def wait_built(self, timeout: float | None = None) -> bool:
        """Block until the build under way is done (for the self-test and benchmarks;
        the window never waits). True when none is left running."""
        worker = self._worker
        if worker is not None:
            worker.join(timeout)
        return worker is None or not worker.is_alive()

    def _take(self, token: object, index: SearchIndex) -> None:
        if token is self._token:
            self._index = index
            self.index_changed.emit()


def _build(relay: _Relay, token: object, stocks: list[StockInfo],
           cancelled: threading.Event) -> None:
    """In the worker: the index by codes and names, then again with the aliases, made
    a slice at a time with a pause between (pure Python: ~1 s of the interpreter at one
    go would hold the window's thread back as long)."""
    relay.built.emit(token, SearchIndex(stocks))
    builder = AliasBuilder(stocks)
    while not builder.advance(ALIAS_SLICE):
        if cancelled.wait(ALIAS_PAUSE_S):
            return
    if not cancelled.is_set():
        relay.built.emit(token, SearchIndex(stocks, builder.aliases()))
