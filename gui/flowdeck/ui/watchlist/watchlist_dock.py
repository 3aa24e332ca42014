"""The watchlist editor dock: named lists, one active; add, paste, remove, reorder,
import and export codes.

Everything edits a `core.watchlists.Watchlists` store; the dock listens to the store and
emits `changed()` after any edit (the window saves the config) and `active_changed(codes)`
when the active list's codes or order change (the table follows). No modal `exec()`:
names are asked with a non-modal QInputDialog and files with QFileDialog.open(), so
asyncio tasks keep running under qasync.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, Qt, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QListView,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ...core.codes import recognise_typed_code
from ...core.errors import FlowDeckError
from ...core.watchlists import AddResult, Watchlists, split_codes
from ...storage.atomic import StorageError
from ...storage.watchlist_files import export_watchlist, import_watchlist
from ..look.error_text import code_problem_text, error_text
from .watchlist_message import Message, MessageRow
from .watchlist_model import WatchlistModel, forget_listener
from .watchlist_text import (
    MAX_LISTED_INVALID,
    describe_details,
    describe_invalid_list,
    describe_result,
    has_details,
)

FILE_FILTERS = (QT_TRANSLATE_NOOP("WatchlistDock", "Text files (*.txt)"),
                QT_TRANSLATE_NOOP("WatchlistDock", "CSV files (*.csv)"),
                QT_TRANSLATE_NOOP("WatchlistDock", "All files (*)"))


class WatchlistDock(QDockWidget):
    """Dock (objectName "watchlistDock") editing the watchlists."""

    changed = Signal()
    active_changed = Signal(list)

    def __init__(self, store: Watchlists, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("watchlistDock")
        self._store = store
        self._last_active: list[str] = store.codes()
        self.model = WatchlistModel(store, self)
        self.find_code = recognise_typed_code  # what one token typed adds; see code_search

        self.combo = QComboBox()
        self.combo.setObjectName("watchlistCombo")
        tool = QToolButton
        self.new_button = _button(tool, self.ask_new_list)
        self.rename_button = _button(tool, self.ask_rename_list)
        self.delete_button = _button(tool, self.delete_list)
        self.undo_button = _button(tool, self.undo)

        self.code_edit = QLineEdit()
        self.code_edit.setObjectName("codeEdit")
        self.code_edit.setClearButtonEnabled(True)
        self.add_button = QPushButton()
        self.add_button.setEnabled(False)
        # One line, always there: what a paste says never resizes the list or the dock.
        self.message = MessageRow()

        self.view = QListView()
        self.view.setObjectName("watchlistView")
        self.view.setModel(self.model)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.view.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.view.setDropIndicatorShown(True)
        self.view.setUniformItemSizes(True)

        self.remove_button = _button(QPushButton, self.remove_selected)
        self.paste_button = _button(QPushButton, self.paste_clipboard)
        self.import_button = _button(QPushButton, self.ask_import)
        self.export_button = _button(QPushButton, self.ask_export)

        self.retranslate()
        self._layout()
        self._actions()
        self._connect()
        self._sync_names()
        listener = self._on_store_changed
        store.listeners.append(listener)
        self.destroyed.connect(lambda *_: forget_listener(store, listener))

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Watchlists"))
        self.combo.setToolTip(self.tr("The active watchlist"))
        texts = ((self.new_button, self.tr("New"), self.tr("Create a watchlist")),
                 (self.rename_button, self.tr("Rename"), self.tr("Rename this watchlist")),
                 (self.delete_button, self.tr("Delete"),
                  self.tr("Delete this watchlist (Undo brings it back)")),
                 (self.undo_button, self.tr("Undo"),
                  self.tr("Undo the last watchlist edit (Ctrl+Z)")),
                 (self.add_button, self.tr("Add"), ""),
                 (self.remove_button, self.tr("Remove"),
                  self.tr("Remove the selected codes (Delete)")),
                 (self.paste_button, self.tr("Paste"), self.tr("Add the codes on the clipboard")),
                 (self.import_button, self.tr("Import…"),
                  self.tr("Add the codes of a text or CSV")),
                 (self.export_button, self.tr("Export…"),
                  self.tr("Save this list, one code per line")))
        for button, text, tip in texts:
            button.setText(text)
            button.setToolTip(tip)
        self.code_edit.setPlaceholderText(
            self.tr("Add codes, names or pinyin: 700, 茅台, gzmt …"))

    def changeEvent(self, event: QEvent) -> None:  # Qt calls it
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.combo, 1)
        for button in (self.new_button, self.rename_button, self.delete_button, self.undo_button):
            top.addWidget(button)
        add_row = QHBoxLayout()
        add_row.addWidget(self.code_edit, 1)
        add_row.addWidget(self.add_button)
        bottom = QHBoxLayout()
        for button in (self.remove_button, self.paste_button, self.import_button,
                       self.export_button):
            bottom.addWidget(button)
        column = QVBoxLayout()
        column.setContentsMargins(4, 4, 4, 4)
        column.addLayout(top)
        column.addLayout(add_row)
        column.addWidget(self.message)
        column.addWidget(self.view, 1)
        column.addLayout(bottom)
        body = QWidget()
        body.setLayout(column)
        self.setWidget(body)

    def _actions(self) -> None:
        shortcut = Qt.ShortcutContext.WidgetWithChildrenShortcut
        keys = QKeySequence.StandardKey
        for key, slot, owner in ((keys.Undo, self.undo, self),
                                 (keys.Delete, self.remove_selected, self.view),
                                 (keys.Paste, self.paste_clipboard, self.view)):
            action = QAction(self)
            action.setShortcut(key)
            action.setShortcutContext(shortcut)
            action.triggered.connect(slot)
            owner.addAction(action)

    def _connect(self) -> None:
        self.combo.activated.connect(self._on_combo_activated)
        self.code_edit.textChanged.connect(self.validate)
        self.code_edit.returnPressed.connect(self.add_from_edit)
        self.add_button.clicked.connect(self.add_from_edit)

    # -- reading -------------------------------------------------------------------------

    @property
    def store(self) -> Watchlists:
        return self._store

    def active_codes(self) -> list[str]:
        return self._store.codes()

    def message_text(self) -> str:
        """The message line, whole (the dock shows it elided to its width)."""
        return self.message.text()

    def details_text(self) -> str:
        """What the Details… button shows ("" when there is nothing more)."""
        return self.message.details_text()

    def show_message(self, text: Message, error: bool = False,
                     details: Message | None = None) -> None:
        self.message.show_message(text, error, details)

    # -- codes ---------------------------------------------------------------------------

    def validate(self, text: str) -> bool:
        """Validation as you type: the core parser's message (1002) inline; True when the
        text adds at least one code."""
        tokens = split_codes(text)
        if not tokens:
            self.show_message("")
            ok = False
        elif len(tokens) == 1:
            token = self.find_code(tokens[0]) or tokens[0]
            code, problem = self._store.check_code(token)
            self.show_message(lambda: code_problem_text(token, problem), error=code is None)
            ok = code is not None and problem is None
        else:
            bad = []
            for token in tokens:
                code, problem = self._store.check_code(token)
                if code is None:
                    bad.append((token, problem or ""))
            n, k = len(tokens), len(bad)
            if bad:
                self.show_message(
                    lambda: self.tr("{n} codes, {k} invalid; Enter adds the valid ones.")
                    .format(n=n, k=k), error=True,
                    details=lambda: describe_invalid_list(bad))
            else:
                self.show_message(lambda: self.tr("{n} codes; Enter adds the valid ones.")
                                  .format(n=n))
            ok = len(bad) < len(tokens)
        self.add_button.setEnabled(ok)
        return ok

    def add_from_edit(self) -> AddResult | None:
        """Add what the line edit holds (one code or many); cleared when all went in."""
        tokens = split_codes(text := self.code_edit.text())
        if not tokens:
            return None
        if len(tokens) == 1:
            text = self.find_code(tokens[0]) or text
        result = self.paste_text(text)
        if not result.invalid and not result.skipped:
            self.code_edit.clear()  # its validation clears the message: say it again
            self._show_result(lambda: describe_result(result), result)
        elif not result.added:
            self.validate(text)  # what is wrong with what was typed, as it was typed
        return result

    def paste_text(self, text: str) -> AddResult:
        """Add the codes of `text` (a list, or a table copied from a quote site): valid
        ones added, duplicates ignored; one summary line, the rest under Details…"""
        result = self.model.add_text(text)
        self._show_result(lambda: describe_result(result), result)
        if result.added:
            self.view.scrollTo(self.model.index(self.model.rowCount() - 1))
        return result

    def paste_clipboard(self) -> AddResult:
        return self.paste_text(QGuiApplication.clipboard().text())

    def selected_rows(self) -> list[int]:
        return sorted(i.row() for i in self.view.selectionModel().selectedRows())

    def remove_selected(self) -> list[str]:
        removed = self.model.remove_rows(self.selected_rows())
        if removed:
            codes = ", ".join(removed[:MAX_LISTED_INVALID])
            codes += "…" if len(removed) > MAX_LISTED_INVALID else ""
            self.show_message(lambda: self.tr("Removed {codes}. Ctrl+Z undoes.").format(
                codes=codes))
        return removed

    # -- lists ---------------------------------------------------------------------------

    def create_list(self, name: str) -> bool:
        return self._try(lambda: self._store.create(name))

    def rename_list(self, new: str, old: str | None = None) -> bool:
        return self._try(lambda: self._store.rename(old or self._store.active, new))

    def delete_list(self, name: str | None = None) -> bool:
        name = name or self._store.active
        if self._try(lambda: self._store.delete(name)):
            self.show_message(lambda: self.tr("Deleted the watchlist {name}. Undo brings it "
                                              "back.").format(name=repr(name)))
            return True
        return False

    def undo(self) -> bool:
        done = self._store.undo()
        self.show_message((lambda: self.tr("Undone.")) if done
                          else (lambda: self.tr("Nothing to undo.")))
        return done

    def ask_new_list(self) -> QInputDialog:
        return self._ask_name(self.tr("New watchlist"), "", self.create_list)

    def ask_rename_list(self) -> QInputDialog:
        return self._ask_name(self.tr("Rename watchlist"), self._store.active, self.rename_list)

    def _ask_name(self, title: str, value: str, then) -> QInputDialog:
        dialog = QInputDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.setWindowTitle(title)
        dialog.setLabelText(self.tr("Name:"))
        dialog.setTextValue(value)
        dialog.textValueSelected.connect(then)
        dialog.open()
        return dialog

    def _try(self, edit) -> bool:
        try:
            edit()
        except FlowDeckError as e:
            self.show_message(lambda err=e: error_text(err), error=True)
            return False
        self.show_message("")
        return True

    # -- files ---------------------------------------------------------------------------

    def import_file(self, path: str | os.PathLike[str]) -> AddResult | None:
        """Add the codes of a text or CSV file (what the import dialog calls)."""
        try:
            result = import_watchlist(path, self._store)
        except StorageError as e:
            self.show_message(str(e), error=True)
            return None
        name = Path(path).name
        self._show_result(lambda: f"{name}: {describe_result(result)}", result)
        return result

    def _show_result(self, summary: Message, result: AddResult) -> None:
        self.show_message(summary, error=bool(result.invalid),
                          details=(lambda: describe_details(result)) if has_details(result)
                          else None)

    def export_file(self, path: str | os.PathLike[str]) -> bool:
        """Write the active list, one code per line (CSV for a .csv name)."""
        try:
            export_watchlist(path, self._store)
        except StorageError as e:
            self.show_message(str(e), error=True)
            return False
        n, where = len(self._store.codes()), os.fspath(path)
        self.show_message(lambda: self.tr("Exported {n} codes to {path}.").format(
            n=n, path=where))
        return True

    def ask_import(self) -> QFileDialog:
        dialog = self._file_dialog(self.tr("Import codes"), QFileDialog.AcceptMode.AcceptOpen)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.fileSelected.connect(self.import_file)
        dialog.open()
        return dialog

    def ask_export(self) -> QFileDialog:
        dialog = self._file_dialog(self.tr("Export codes"), QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("txt")
        dialog.selectFile(f"{self._store.active}.txt")
        dialog.fileSelected.connect(self.export_file)
        dialog.open()
        return dialog

    def _file_dialog(self, title: str, mode: QFileDialog.AcceptMode) -> QFileDialog:
        dialog = QFileDialog(self, title)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.setAcceptMode(mode)
        dialog.setNameFilters([self.tr(f) for f in FILE_FILTERS])
        return dialog

    # -- store -> widgets ----------------------------------------------------------------

    def _on_combo_activated(self, index: int) -> None:
        name = self.combo.itemText(index)
        if name and name != self._store.active:
            self._store.set_active(name)

    def _on_store_changed(self) -> None:
        self._sync_names()
        self.changed.emit()
        codes = self._store.codes()
        if codes != self._last_active:
            self._last_active = codes
            self.active_changed.emit(codes)

    def _sync_names(self) -> None:
        names = self._store.names()
        self.combo.blockSignals(True)
        if [self.combo.itemText(i) for i in range(self.combo.count())] != names:
            self.combo.clear()
            self.combo.addItems(names)
        self.combo.setCurrentIndex(names.index(self._store.active))
        self.combo.blockSignals(False)
        self.delete_button.setEnabled(len(names) > 1)
        self.undo_button.setEnabled(self._store.can_undo())


def _button(kind: type[QAbstractButton], slot) -> QAbstractButton:
    button = kind()  # texts: WatchlistDock.retranslate
    button.clicked.connect(lambda *_: slot())
    return button
