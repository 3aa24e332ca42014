"""The watchlist's add box with the window's stock search: a dropdown of matches as the
user types; choosing one adds its code, and Enter adds the first match of a name or
pinyin typed (`gzmt`: SH.600519), a code in any usual form as its normalised code."""

from __future__ import annotations

from ..search.code_completer import CodeCompleter
from ..search.search_index import StockSearch
from .watchlist_dock import WatchlistDock


def attach_search(dock: WatchlistDock, search: StockSearch) -> CodeCompleter:
    completer = CodeCompleter(dock.code_edit, search)
    dock.find_code = search.best_code

    def add(code: str) -> None:
        dock.code_edit.setText(code)
        dock.add_from_edit()
    completer.chosen.connect(add)
    return completer
