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

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..core.errors import FlowDeckError
from ..core.watchlists import AddResult, Watchlists, split_codes
from ..storage.atomic import StorageError
from ..storage.watchlist_files import export_watchlist, import_watchlist
from .watchlist_model import WatchlistModel, forget_listener

FILE_FILTERS = ("Text files (*.txt)", "CSV files (*.csv)", "All files (*)")
MAX_LISTED_INVALID = 10


def describe_result(result: AddResult) -> str:
    """One line people read after a paste or an import."""
    parts = [f"Added {len(result.added)} code{'s' if len(result.added) != 1 else ''}."]
    if result.duplicates:
        shown = ", ".join(result.duplicates[:MAX_LISTED_INVALID])
        more = "…" if len(result.duplicates) > MAX_LISTED_INVALID else ""
        parts.append(f"{len(result.duplicates)} already in the list, ignored ({shown}{more}).")
    if result.invalid:
        parts.append(f"{len(result.invalid)} invalid:")
        parts += [f"  {token}: {message}" for token, message in result.invalid[:MAX_LISTED_INVALID]]
        if len(result.invalid) > MAX_LISTED_INVALID:
            parts.append(f"  … and {len(result.invalid) - MAX_LISTED_INVALID} more")
    return "\n".join(parts)


class WatchlistDock(QDockWidget):
    """Dock (objectName "watchlistDock") editing the watchlists."""

    changed = Signal()
    active_changed = Signal(list)

    def __init__(self, store: Watchlists, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Watchlists"), parent)
        self.setObjectName("watchlistDock")
        self._store = store
        self._last_active: list[str] = store.codes()
        self.model = WatchlistModel(store, self)

        self.combo = QComboBox()
        self.combo.setObjectName("watchlistCombo")
        self.combo.setToolTip(self.tr("The active watchlist"))
        tool = QToolButton
        self.new_button = _button(tool, self.tr("New"), self.tr("Create a watchlist"),
                                  self.ask_new_list)
        self.rename_button = _button(tool, self.tr("Rename"), self.tr("Rename this watchlist"),
                                     self.ask_rename_list)
        self.delete_button = _button(tool, self.tr("Delete"),
                                     self.tr("Delete this watchlist (Undo brings it back)"),
                                     self.delete_list)
        self.undo_button = _button(tool, self.tr("Undo"),
                                   self.tr("Undo the last watchlist edit (Ctrl+Z)"), self.undo)

        self.code_edit = QLineEdit()
        self.code_edit.setObjectName("codeEdit")
        self.code_edit.setPlaceholderText(self.tr("Add codes: HK.00700, US.AAPL …"))
        self.code_edit.setClearButtonEnabled(True)
        self.add_button = QPushButton(self.tr("Add"))
        self.add_button.setEnabled(False)
        self.message = QLabel()
        self.message.setObjectName("watchlistMessage")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.hide()

        self.view = QListView()
        self.view.setObjectName("watchlistView")
        self.view.setModel(self.model)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.view.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.view.setDropIndicatorShown(True)
        self.view.setUniformItemSizes(True)

        self.remove_button = _button(QPushButton, self.tr("Remove"),
                                     self.tr("Remove the selected codes (Delete)"),
                                     self.remove_selected)
        self.paste_button = _button(QPushButton, self.tr("Paste"),
                                    self.tr("Add the codes on the clipboard"), self.paste_clipboard)
        self.import_button = _button(QPushButton, self.tr("Import…"),
                                     self.tr("Add the codes of a text or CSV"), self.ask_import)
        self.export_button = _button(QPushButton, self.tr("Export…"),
                                     self.tr("Save this list, one code per line"), self.ask_export)

        self._layout()
        self._actions()
        self._connect()
        self._sync_names()
        listener = self._on_store_changed
        store.listeners.append(listener)
        self.destroyed.connect(lambda *_: forget_listener(store, listener))

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
        return self.message.text() if not self.message.isHidden() else ""

    def show_message(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet("color: #e53935;" if error else "")
        self.message.setVisible(bool(text))

    # -- codes ---------------------------------------------------------------------------

    def validate(self, text: str) -> bool:
        """Validation as you type: the core parser's message (1002) inline; True when the
        text adds at least one code."""
        tokens = split_codes(text)
        if not tokens:
            self.show_message("")
            ok = False
        elif len(tokens) == 1:
            code, problem = self._store.check_code(tokens[0])
            self.show_message(problem or "", error=code is None)
            ok = code is not None and problem is None
        else:
            bad = []
            for token in tokens:
                code, problem = self._store.check_code(token)
                if code is None:
                    bad.append(f"{token}: {problem}")
            head = f"{len(tokens)} codes; Enter adds the valid ones."
            self.show_message("\n".join([head, *bad[:MAX_LISTED_INVALID]]), error=bool(bad))
            ok = len(bad) < len(tokens)
        self.add_button.setEnabled(ok)
        return ok

    def add_from_edit(self) -> AddResult | None:
        """Add what the line edit holds (one code or many); cleared when all went in."""
        text = self.code_edit.text()
        if not split_codes(text):
            return None
        result = self.paste_text(text)
        if not result.invalid:
            self.code_edit.clear()
            self.show_message(describe_result(result))
        return result

    def paste_text(self, text: str) -> AddResult:
        """Add the codes of `text` (newlines, commas, semicolons, spaces): valid ones
        added, duplicates ignored, invalid ones listed in the message area."""
        result = self.model.add_text(text)
        self.show_message(describe_result(result), error=bool(result.invalid))
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
            self.show_message(f"Removed {', '.join(removed[:MAX_LISTED_INVALID])}"
                              f"{'…' if len(removed) > MAX_LISTED_INVALID else ''}. Ctrl+Z undoes.")
        return removed

    # -- lists ---------------------------------------------------------------------------

    def create_list(self, name: str) -> bool:
        return self._try(lambda: self._store.create(name))

    def rename_list(self, new: str, old: str | None = None) -> bool:
        return self._try(lambda: self._store.rename(old or self._store.active, new))

    def delete_list(self, name: str | None = None) -> bool:
        name = name or self._store.active
        if self._try(lambda: self._store.delete(name)):
            self.show_message(f"Deleted the watchlist {name!r}. Undo brings it back.")
            return True
        return False

    def undo(self) -> bool:
        done = self._store.undo()
        self.show_message("Undone." if done else "Nothing to undo.")
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
            self.show_message(e.message, error=True)
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
        self.show_message(f"{Path(path).name}: {describe_result(result)}",
                          error=bool(result.invalid))
        return result

    def export_file(self, path: str | os.PathLike[str]) -> bool:
        """Write the active list, one code per line (CSV for a .csv name)."""
        try:
            export_watchlist(path, self._store)
        except StorageError as e:
            self.show_message(str(e), error=True)
            return False
        self.show_message(f"Exported {len(self._store.codes())} codes to {os.fspath(path)}.")
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
        dialog.setNameFilters(list(FILE_FILTERS))
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


def _button(kind: type[QAbstractButton], text: str, tip: str, slot) -> QAbstractButton:
    button = kind()
    button.setText(text)
    button.setToolTip(tip)
    button.clicked.connect(lambda *_: slot())
    return button
