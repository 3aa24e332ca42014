"""The alert rules list: add, edit, enable or disable, delete, and undo a delete.

The dialog owns no file and no truth: only an explicit edit (add, edit, enable or
disable, delete, undo) emits `rules_changed(rules)` and the caller saves; a language
switch or a reload from the caller (`show_rules`) never does, so a dialog that was opened
with older rules can never write them back. The caller saves with the problems it
loaded, so the config's broken `[[alerts]]` tables are never dropped; they are listed
here read-only for the trader to fix in the file. The rows are rules_model.RulesModel.
Editors open with open(), never exec(): a modal loop inside a qasync task stalls the
feed.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...core.alert_rules import Rule, RuleProblem
from ...core.currency import Rates
from ..look.theme import tint
from .alert_text import describe_rule, problems_text
from .rule_delivery_box import window_channel_names
from .rule_dialog import NowValues, RuleDialog
from .rules_model import ON, RulesModel

MAX_UNDO = 20            # deletes remembered; a long session must not hoard rules


class RulesDialog(QDialog):
    """All alert rules: add, edit, enable/disable, delete (with undo of the last delete)."""

    rules_changed = Signal(list)

    def __init__(self, rules: Sequence[Rule], problems: Sequence[RuleProblem] = (), *,
                 watchlists: Sequence[str] = (), units: str = "kmb",
                 now: NowValues | None = None, rates: Rates | None = None,
                 channels: Sequence[str] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rulesDialog")
        self._now, self._rates = now, rates
        # The settings' channels (the editors' checklist, the list's marks): the caller's,
        # else those of the window it opens on.
        self._channels = channels if channels is not None else window_channel_names(parent)
        self._problems = list(problems)
        self._watchlists = list(watchlists)
        self._units = units
        self._deleted: list[list[tuple[int, Rule]]] = []
        self._holding = False
        self.editor: RuleDialog | None = None  # the last editor opened
        self.model = RulesModel(rules, units, self)
        self.model.rates = rates
        self.model.channel_names = self._channels
        self.view = QTableView(objectName="rulesTable")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.message = QLabel(objectName="rulesMessage", wordWrap=True)
        self.problems_note = QLabel(objectName="problemsNote", wordWrap=True)
        self.problems_note.setTextFormat(Qt.TextFormat.PlainText)
        self.problems_note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        tint(self.problems_note, "warning")
        self.problems_note.setText(problems_text(problems) if problems else "")
        self.problems_note.setVisible(bool(problems))
        self.add_button = _button("addButton", self.ask_add)
        self.edit_button = _button("editButton", self.ask_edit)
        self.delete_button = _button("deleteButton", self.delete_selected)
        self.undo_button = _button("undoButton", self.undo_delete)
        self.close_button = _button("closeButton", self.reject)
        self.retranslate()
        self._layout()
        self._shortcuts()
        self.model.edited.connect(self._changed)
        self.view.selectionModel().selectionChanged.connect(self._sync_buttons)
        self.view.doubleClicked.connect(lambda index: self.ask_edit(index.row()))
        self._sync_buttons()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Alert rules"))
        for button, text in ((self.add_button, self.tr("Add…")),
                             (self.edit_button, self.tr("Edit…")),
                             (self.delete_button, self.tr("Delete")),
                             (self.undo_button, self.tr("Undo delete")),
                             (self.close_button, self.tr("Close"))):
            button.setText(text)
        if self._problems:
            self.problems_note.setText(problems_text(self._problems))
        self.model.retranslate()

    def changeEvent(self, event: QEvent) -> None:  # Qt calls it
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _layout(self) -> None:
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.delete_button,
                       self.undo_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.problems_note)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.resize(760, 380)

    def _shortcuts(self) -> None:
        for key, slot in ((QKeySequence.StandardKey.Delete, self.delete_selected),
                          (QKeySequence.StandardKey.Undo, self.undo_delete)):
            action = QAction(self)
            action.setShortcut(key)
            action.triggered.connect(slot)
            self.addAction(action)

    # -- reading -------------------------------------------------------------------------

    def rules(self) -> list[Rule]:
        return self.model.rules()

    def show_rules(self, rules: Sequence[Rule]) -> None:
        """The rules as they are now, changed elsewhere (a new rule from the table's
        menu): shown, never sent back. Deletes made here can no longer be undone."""
        if list(rules) == self.model.rules():
            return
        self.model.set_rules(rules)
        self._deleted.clear()
        self._sync_buttons()

    def selected_rows(self) -> list[int]:
        return sorted(i.row() for i in self.view.selectionModel().selectedRows())

    # -- changes -------------------------------------------------------------------------

    def add_rule(self, rule: Rule) -> None:
        """Append `rule`, select it, emit rules_changed."""
        self.model.insert(self.model.rowCount(), rule)
        self._select([self.model.rowCount() - 1])
        self.show_message(self.tr("Added: {rule}.").format(rule=describe_rule(rule, self._units)))

    def set_enabled(self, row: int, on: bool) -> None:
        self.model.setData(self.model.index(row, ON),
                           Qt.CheckState.Checked if on else Qt.CheckState.Unchecked,
                           Qt.ItemDataRole.CheckStateRole)

    def delete_selected(self) -> list[Rule]:
        rows = self.selected_rows()
        if not rows:
            return []
        with self._one_change():
            gone = [(row, self.model.remove(row)) for row in reversed(rows)][::-1]
        self._deleted = [*self._deleted[-(MAX_UNDO - 1):], gone]
        if self.model.rowCount():
            self._select([min(rows[0], self.model.rowCount() - 1)])
        self._sync_buttons()
        n = len(gone)
        self.show_message(self.tr("Deleted {n} rules. Undo delete brings them back.")
                          .format(n=n) if n != 1
                          else self.tr("Deleted 1 rule. Undo delete brings it back."))
        return [rule for _, rule in gone]

    def undo_delete(self) -> bool:
        if not self._deleted:
            self.show_message(self.tr("Nothing to undo."))
            return False
        gone = self._deleted.pop()
        with self._one_change():
            for row, rule in gone:  # ascending rows: each lands where it was
                self.model.insert(min(row, self.model.rowCount()), rule)
        self._select([min(row, self.model.rowCount() - 1) for row, _ in gone])
        self.show_message(self.tr("Undone."))
        return True

    def show_message(self, text: str) -> None:
        self.message.setText(text)

    def set_units(self, units: str) -> None:
        """The window's units changed: the rules and an open editor follow."""
        self._units = self.model.units = units
        self.model.retranslate()
        if self.editor is not None and self.editor.isVisible():
            self.editor.set_units(units)

    def set_rates(self, rates: Rates | None) -> None:
        """The settings' rates changed: the rules' marks and an open editor follow."""
        self._rates = self.model.rates = rates
        self.model.retranslate()
        if self.editor is not None and self.editor.isVisible():
            self.editor.set_rates(rates)

    def refresh_now(self) -> None:
        """The open editor shows the current values again."""
        if self.editor is not None and self.editor.isVisible():
            self.editor.refresh_now()

    def _saved(self, dialog: RuleDialog) -> None:
        """After OK: the editor's warning that the condition is already true stays."""
        if dialog.already_true():
            self.show_message(f"{self.message.text()} {dialog.already_true()}")

    # -- editors -------------------------------------------------------------------------

    def ask_add(self) -> RuleDialog:
        """Open an editor for a new rule; OK appends it."""
        dialog = self._editor(None)
        dialog.accepted.connect(lambda: (self.add_rule(dialog.rule()), self._saved(dialog)))
        dialog.open()
        return dialog

    def ask_edit(self, row: int | None = None) -> RuleDialog | None:
        """Open an editor for the rule at `row` (the current row when None); OK replaces
        it. Returns the editor (open, not modal-blocking) or None with no row."""
        if row is None:
            rows = self.selected_rows()
            row = rows[0] if rows else None
        if row is None or not 0 <= row < self.model.rowCount():
            return None
        original = self.model.rule(row)
        dialog = self._editor(original)
        dialog.accepted.connect(lambda: (self._edited(original, dialog.rule()),
                                         self._saved(dialog)))
        dialog.open()
        return dialog

    def _editor(self, rule: Rule | None) -> RuleDialog:
        dialog = RuleDialog(rule, watchlists=self._watchlists, units=self._units,
                            now=self._now, rates=self._rates, channels=self._channels,
                            parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: self._editor_closed(dialog))
        self.editor = dialog
        return dialog

    def _editor_closed(self, dialog: RuleDialog) -> None:
        if self.editor is dialog:
            self.editor = None

    def _edited(self, original: Rule, rule: Rule | None) -> None:
        if rule is None or rule == original:
            return
        # Found by identity: rows may have moved (or gone) while the editor was open.
        row = self.model.row_of(original)
        if row is None:
            self.add_rule(rule)
            return
        self.model.replace(row, rule)
        self._select([row])
        self.show_message(self.tr("Changed: {rule}.").format(
            rule=describe_rule(rule, self._units)))

    # -- plumbing ------------------------------------------------------------------------

    @contextmanager
    def _one_change(self) -> Iterator[None]:
        """Edits of several rows announced once, as one change."""
        self._holding = True
        try:
            yield
        finally:
            self._holding = False
        self._changed()

    def _changed(self, *_args: object) -> None:
        if not self._holding:
            self.rules_changed.emit(self.rules())
            self._sync_buttons()

    def _select(self, rows: list[int]) -> None:
        flags = QItemSelectionModel.SelectionFlag
        selection = self.view.selectionModel()
        selection.clearSelection()
        for row in rows:
            selection.select(self.model.index(row, 0), flags.Select | flags.Rows)
        if rows:
            selection.setCurrentIndex(self.model.index(rows[-1], 0), flags.NoUpdate)
            self.view.scrollTo(self.model.index(rows[-1], 0))

    def _sync_buttons(self, *_args: object) -> None:
        rows = self.selected_rows()
        self.edit_button.setEnabled(len(rows) == 1)
        self.delete_button.setEnabled(bool(rows))
        self.undo_button.setEnabled(bool(self._deleted))


def _button(name: str, slot) -> QPushButton:
    button = QPushButton(objectName=name)  # texts: RulesDialog.retranslate
    button.setAutoDefault(False)  # Enter in the table must not press Delete
    button.clicked.connect(lambda *_: slot())
    return button
