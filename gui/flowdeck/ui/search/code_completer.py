"""The dropdown of matches under a line edit: code, name and market of each stock the
typed text finds (a QCompleter over MatchesModel, its rows filled by StockSearch as the
user types, not filtered again by Qt).

The line edit is the completer's widget but does not own it (no `setCompleter`): Qt's
line edit would write the chosen code back into itself after its own Enter had added
and cleared it. Here a highlighted row's code goes into the edit, so the edit's Enter
(which Qt delivers before it reports the choice) takes that code; a click on a row
emits `chosen(code)`. An Enter with no row highlighted is the edit's alone (its owner
adds the first match).
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QTimer, Signal
from PySide6.QtWidgets import QAbstractItemView, QCompleter, QLineEdit, QTreeView

from .matches_model import CODE, CODE_ROLE, MARKET, NAME, MatchesModel
from .search_index import StockSearch

POPUP_MIN_WIDTH = 320
VISIBLE_ROWS = 10


class CodeCompleter(QCompleter):
    chosen = Signal(str)

    def __init__(self, edit: QLineEdit, search: StockSearch) -> None:
        super().__init__(edit)
        self.setObjectName("codeCompleter")
        self._edit = edit
        self._search = search
        self.matches = MatchesModel(self)
        self.setModel(self.matches)
        self.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.setCompletionColumn(CODE)
        self.setMaxVisibleItems(VISIBLE_ROWS)
        view = QTreeView()
        view.setObjectName("codeCompleterPopup")
        view.setRootIsDecorated(False)
        view.setHeaderHidden(True)
        view.setUniformRowHeights(True)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setMinimumWidth(POPUP_MIN_WIDTH)
        self.setPopup(view)
        self.setWidget(edit)
        edit.textEdited.connect(self.refresh)
        edit.returnPressed.connect(self._entered)
        self.highlighted[QModelIndex].connect(self._highlighted)
        self.activated[QModelIndex].connect(self._activated)
        search.index_changed.connect(self._index_changed)
        self._enter_taken = False

    def popup_shown(self) -> bool:
        return self.popup().isVisible()

    def refresh(self, text: str | None = None) -> None:
        """The matches of `text` (the line edit's by default), shown under it."""
        text = self._edit.text() if text is None else text
        self.matches.set_hits(self._search.search(text) if text.strip() else [])
        view = self.popup()
        if not self.matches.rowCount():
            view.hide()
            return
        for column in (CODE, MARKET, NAME):
            view.resizeColumnToContents(column)
        self.complete()

    def _index_changed(self) -> None:
        # Names (or pinyin) arrived while the user types: the open list catches up.
        if self.popup_shown():
            self.refresh()

    def _highlighted(self, index: QModelIndex) -> None:
        code = index.data(CODE_ROLE)
        if code:
            self._edit.setText(code)

    def _entered(self) -> None:
        # The choice Qt reports next, in this same key event, is the one Enter took.
        self._enter_taken = True
        QTimer.singleShot(0, self, self._forget_enter)

    def _forget_enter(self) -> None:
        self._enter_taken = False

    def _activated(self, index: QModelIndex) -> None:
        code = index.data(CODE_ROLE)
        if self._enter_taken:
            self._enter_taken = False
        elif code:
            self.chosen.emit(code)
