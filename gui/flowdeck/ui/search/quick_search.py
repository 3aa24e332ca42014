"""The quick search (Ctrl+K): a search field over the window's top with the same
dropdown of matches as the watchlist's add box; typing in the live table opens it too
(type_to_search.py). Enter takes the highlighted row, or the
first match of what was typed; a click takes its row. The window decides what a chosen
code does (`chosen(code)`); Escape or focus elsewhere closes it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFrame, QLineEdit, QVBoxLayout, QWidget

from .code_completer import CodeCompleter
from .search_index import StockSearch

WIDTH = 420
TOP_MARGIN = 48


class QuickSearch(QFrame):
    """A child of the window (objectName "quickSearch"), hidden until `action` fires."""

    chosen = Signal(str)

    def __init__(self, search: StockSearch, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("quickSearch")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.edit = QLineEdit(objectName="quickSearchEdit", clearButtonEnabled=True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.edit)
        self.completer = CodeCompleter(self.edit, search)
        self._search = search
        self.action = QAction(parent, objectName="quickSearchAction")
        self.action.setShortcut(QKeySequence("Ctrl+K"))
        self.action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.action.triggered.connect(lambda _checked=False: self.open())
        self.edit.returnPressed.connect(self._entered)
        self.completer.chosen.connect(self._choose)
        self.edit.installEventFilter(self)
        self.retranslate()
        self.hide()

    def retranslate(self) -> None:
        self.action.setText(self.tr("&Find a stock…"))
        self.action.setToolTip(self.tr("Find a stock by code, name or pinyin initials"))
        self.edit.setPlaceholderText(self.tr("Code, name or pinyin: 700, 茅台, gzmt …"))

    def open(self, text: str = "") -> None:
        """Show the field over the top of the window, focused, holding `text`."""
        parent = self.parentWidget()
        width = min(WIDTH, parent.width() - 16)
        self.setGeometry((parent.width() - width) // 2, TOP_MARGIN, width,
                         self.sizeHint().height())
        self.edit.setText(text)
        self.show()
        self.raise_()
        # Not a shortcut's focus reason: the line edit would select the text typed into
        # the table, and the next key would replace it.
        self.edit.setFocus(Qt.FocusReason.OtherFocusReason)
        if text:
            self.completer.refresh()

    def close_search(self) -> None:
        self.completer.popup().hide()
        self.edit.clear()
        self.hide()

    def _entered(self) -> None:
        code = self._search.best_code(self.edit.text())
        if code is not None:
            self._choose(code)

    def _choose(self, code: str) -> None:
        self.close_search()
        self.chosen.emit(code)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt calls it
        if watched is self.edit:
            if event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Escape:
                self.close_search()
                return True
            if event.type() == QEvent.Type.FocusOut and not self.completer.popup_shown():
                self.close_search()
        return super().eventFilter(watched, event)

    def changeEvent(self, event: QEvent) -> None:  # Qt calls it
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
