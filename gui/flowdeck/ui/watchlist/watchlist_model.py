"""A Qt list model over the active list of a `core.watchlists.Watchlists` store.

The store holds the truth; the model keeps a copy of the active list's codes (what the
views have been told about). Edits made through the model change the store first, then
bracket the copy's change with the matching begin/end calls (insert, remove, move), so
views keep their selection. Changes made elsewhere (undo, switching list, import) reach
the model through the store's listeners and reset it.

Drag and drop: rows carry their codes as `application/x-flowdeck-codes` (and text/plain
for other programs). A QListView in InternalMove mode reorders through `moveRows`;
`dropMimeData` does the same for a drop of our codes and adds codes that are not there.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import QAbstractListModel, QMimeData, QModelIndex, QPersistentModelIndex, Qt

from ...core.markets import currency_of
from ...core.watchlists import AddResult, Watchlists

CODES_MIME = "application/x-flowdeck-codes"
CodeRole = Qt.ItemDataRole.UserRole + 1
_Index = QModelIndex | QPersistentModelIndex


class WatchlistModel(QAbstractListModel):
    """Rows are the codes of `store.active`, in the list's order."""

    def __init__(self, store: Watchlists, parent=None) -> None:
        super().__init__(parent)
        self._store = store
        self._name = store.active
        self._codes: list[str] = store.codes()
        self._editing = False  # our own store edit: the listener leaves the copy alone
        store.listeners.append(self.sync)
        self.destroyed.connect(lambda *_: forget_listener(store, self.sync))

    # -- reading -------------------------------------------------------------------------

    @property
    def store(self) -> Watchlists:
        return self._store

    @property
    def name(self) -> str:
        """The list shown (the store's active list)."""
        return self._name

    def codes(self) -> list[str]:
        return list(self._codes)

    def code_at(self, row: int) -> str:
        return self._codes[row]

    def row_of(self, code: str) -> int | None:
        try:
            return self._codes.index(code)
        except ValueError:
            return None

    # -- edits ---------------------------------------------------------------------------

    def sync(self) -> None:
        """Catch up with the store (a reset when the active list or its codes changed)."""
        if self._editing:
            return
        name, codes = self._store.active, self._store.codes()
        if name != self._name or codes != self._codes:
            self.beginResetModel()
            self._name, self._codes = name, codes
            self.endResetModel()

    def add_text(self, text: str) -> AddResult:
        """Add every valid code of `text` (newlines, commas, spaces) at the end."""
        self.sync()
        self._editing = True
        try:
            result = self._store.add_text(text, self._name)
        finally:
            self._editing = False
        if result.added:
            first = len(self._codes)
            self.beginInsertRows(QModelIndex(), first, first + len(result.added) - 1)
            self._codes.extend(result.added)
            self.endInsertRows()
        return result

    def remove_codes(self, codes: Iterable[str]) -> list[str]:
        """Remove these codes; returns the ones removed."""
        rows = [r for r in (self.row_of(c) for c in codes) if r is not None]
        return self.remove_rows(rows)

    def remove_rows(self, rows: Iterable[int]) -> list[str]:
        """Remove these rows (any order, any gaps) as one undoable edit."""
        self.sync()
        wanted = sorted({r for r in rows if 0 <= r < len(self._codes)})
        if not wanted:
            return []
        removed = [self._codes[r] for r in wanted]
        self._editing = True
        try:
            self._store.remove(removed, self._name)
        finally:
            self._editing = False
        for first, last in reversed(_runs(wanted)):
            self.beginRemoveRows(QModelIndex(), first, last)
            del self._codes[first: last + 1]
            self.endRemoveRows()
        return removed

    def move(self, from_row: int, to_row: int) -> bool:
        """Move one row so that it ends up at `to_row` (the store's `move` meaning)."""
        if not 0 <= from_row < len(self._codes):
            return False
        to_row = max(0, min(to_row, len(self._codes) - 1))
        if to_row == from_row:
            return False
        child = to_row + 1 if to_row > from_row else to_row
        return self.moveRows(QModelIndex(), from_row, 1, QModelIndex(), child)

    def place_codes(self, codes: Sequence[str], row: int) -> bool:
        """Move these codes (in this order) to just before `row` (-1: to the end)."""
        moving = [c for c in dict.fromkeys(codes) if c in self._codes]
        if not moving:
            return False
        row = len(self._codes) if row < 0 else min(row, len(self._codes))
        before = [c for c in self._codes[:row] if c not in moving]
        after = [c for c in self._codes[row:] if c not in moving]
        order = before + moving + after
        if order == self._codes:
            return True
        self._editing = True
        try:
            self._store.set_codes(order, self._name)
        finally:
            self._editing = False
        self._reorder(order)
        return True

    def _reorder(self, order: list[str]) -> None:
        """A permutation of the rows: a layout change that keeps persistent indexes."""
        self.layoutAboutToBeChanged.emit()
        new_row = {code: i for i, code in enumerate(order)}
        old = self.persistentIndexList()
        new = [self.createIndex(new_row[self._codes[i.row()]], 0) for i in old]
        self._codes = order
        self.changePersistentIndexList(old, new)
        self.layoutChanged.emit()

    # -- what Qt calls -------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._codes)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._codes):
            return None
        code = self._codes[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, CodeRole):
            return code
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{code} ({currency_of(code)})"
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        return (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsDragEnabled | Qt.ItemFlag.ItemNeverHasChildren)

    def moveRows(self, source_parent: _Index, source_row: int, count: int,
                 destination_parent: _Index, destination_child: int) -> bool:
        n = len(self._codes)
        if (source_parent.isValid() or destination_parent.isValid() or count <= 0
                or source_row < 0 or source_row + count > n
                or not 0 <= destination_child <= n
                or source_row <= destination_child <= source_row + count):
            return False
        block = self._codes[source_row: source_row + count]
        rest = self._codes[:source_row] + self._codes[source_row + count:]
        at = destination_child if destination_child < source_row else destination_child - count
        order = rest[:at] + block + rest[at:]
        self._editing = True
        try:
            self._store.set_codes(order, self._name)
        finally:
            self._editing = False
        if not self.beginMoveRows(QModelIndex(), source_row, source_row + count - 1,
                                  QModelIndex(), destination_child):
            return False
        self._codes = order
        self.endMoveRows()
        return True

    def removeRows(self, row: int, count: int, parent: _Index = QModelIndex()) -> bool:  # noqa: B008
        if parent.isValid() or count <= 0 or row < 0 or row + count > len(self._codes):
            return False
        self.remove_rows(range(row, row + count))
        return True

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [CODES_MIME, "text/plain"]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        rows = sorted({i.row() for i in indexes if i.isValid()})
        text = "\n".join(self._codes[r] for r in rows)
        data = QMimeData()
        data.setData(CODES_MIME, text.encode("utf-8"))
        data.setText(text)
        return data

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int,
                        column: int, parent: _Index) -> bool:
        return data.hasFormat(CODES_MIME) or data.hasText()

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int,
                     column: int, parent: _Index) -> bool:
        """Our codes dropped here: moved before `row` (or before `parent`'s row; at the
        end when both are -1/invalid); codes not in the list are added at the end.

        Returns True only when codes were added: after a move done here, True would make
        a QAbstractItemView remove the dragged rows (it thinks the drop copied them)."""
        if action == Qt.DropAction.IgnoreAction:
            return True
        if data.hasFormat(CODES_MIME):
            text = bytes(data.data(CODES_MIME).data()).decode("utf-8")
        elif data.hasText():
            text = data.text()
        else:
            return False
        if row < 0 and parent.isValid():
            row = parent.row()
        tokens = [t for t in text.split() if t]
        if tokens and all(t in self._codes for t in tokens):
            self.place_codes(tokens, row)
            return False
        return bool(self.add_text(text).added)


def _runs(rows: list[int]) -> list[tuple[int, int]]:
    """Sorted rows as (first, last) runs of consecutive rows."""
    runs: list[tuple[int, int]] = []
    for r in rows:
        if runs and runs[-1][1] == r - 1:
            runs[-1] = (runs[-1][0], r)
        else:
            runs.append((r, r))
    return runs


def forget_listener(store: Watchlists, listener) -> None:
    try:
        store.listeners.remove(listener)
    except ValueError:
        pass
