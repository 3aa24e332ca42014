"""What the Market view's two models share: a ranking refreshed from the live store at
most 4 times a second (RERANK_INTERVAL_S of an injected clock), and the selection kept
by key (a code, a sector id) across a re-rank.

A store change only marks the ranking due; the first change after a quiet spell
re-ranks at once and a burst is merged into one re-rank when the interval is over (a
single-shot timer), so a feed writing 5 times a second moves rows at most 4 times.

A re-rank with the same keys is one dataChanged; the same number of rows in another
order is a layout change that moves the persistent indexes (the selection, the
current index) with their keys; another number of rows is a model reset (the view puts
the selection back by key: market_dock.py).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer

from ..look.theme import Theme

RERANK_INTERVAL_S = 0.25
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_ALIGN = int(Qt.ItemDataRole.TextAlignmentRole)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
_ANY_INDEX = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()


class RankedModel(QAbstractTableModel):
    """Subclasses give `compute`, `take` and the columns; `keys` are the rows' keys
    as shown, best first."""

    def __init__(self, parent=None, *,
                 clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(parent)
        self.clock = clock
        self.keys: list[str] = []
        self.reranks = 0  # how many re-ranks ran (tests, the bench)
        self._due = False
        self._active = True
        self._last = -math.inf
        self._cells: dict[tuple[int, int, int], object] = {}
        self._painted: dict[tuple[int, int], tuple] = {}
        self._timer = QTimer(self, singleShot=True)
        self._timer.timeout.connect(self.rerank_if_due)

    # --- Qt's interface ------------------------------------------------------------

    def rowCount(self, parent: _ANY_INDEX = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.keys)

    # --- re-ranking ------------------------------------------------------------------

    def compute(self) -> tuple[list[str], object]:
        """The new ranking: its keys, best first, and what `take` keeps of it (nothing
        the model shows changes before `take`)."""
        raise NotImplementedError

    def take(self, state: object) -> None:
        raise NotImplementedError

    def set_active(self, active: bool) -> None:
        """Whether anyone sees the rows (the dock shown, this tab current): while not,
        live data only marks the ranking due, and it is ranked again when shown."""
        self._active = bool(active)
        if self._active and self._due:
            self.rerank()

    def mark_due(self) -> None:
        """Live data changed: re-rank now when the last one is old enough, else once
        the interval is over (not while inactive)."""
        self._due = True
        if self._active and not self.rerank_if_due():
            wait = RERANK_INTERVAL_S - (self.clock() - self._last)
            if not self._timer.isActive():
                self._timer.start(max(1, math.ceil(wait * 1000)))

    def rows_changed(self, switched: bool) -> None:
        """New rows to rank: another kind of rows (the store's, a whole market's) at
        once; a newer table of the same market as live data (at most 4 a second)."""
        if switched and self._active:
            self.rerank()
        else:
            self.mark_due()

    @property
    def due(self) -> bool:
        return self._due

    def rerank_if_due(self) -> bool:
        """Re-rank when live data changed and the last re-rank is RERANK_INTERVAL_S old
        (by the clock); True when it did."""
        if (not self._due or not self._active
                or self.clock() - self._last < RERANK_INTERVAL_S):
            return False
        self.rerank()
        return True

    def rerank(self) -> None:
        """Rank again now (a control changed, the codes changed, or it is due)."""
        self._due = False
        self._last = self.clock()
        self.reranks += 1
        old = self.keys
        new, state = self.compute()
        self._cells.clear()
        self._painted.clear()
        if len(new) != len(old):
            self.beginResetModel()
            self.take(state)
            self.keys = new
            self.endResetModel()
            return
        self.layoutAboutToBeChanged.emit()
        self.take(state)
        self.keys = new
        if new != old:
            position = {k: i for i, k in enumerate(new)}
            persistent = self.persistentIndexList()
            moved = []
            for idx in persistent:
                at = position.get(old[idx.row()]) if 0 <= idx.row() < len(old) else None
                moved.append(self.index(at, idx.column()) if at is not None
                             else QModelIndex())
            self.changePersistentIndexList(persistent, moved)
        self.layoutChanged.emit()
        if new:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(new) - 1, self.columnCount() - 1))

    def set_display(self, lang: str, units: str, colors: str) -> None:
        """The window's language, units and colour convention (its table model tells)."""
        changed = self.text.set_language(lang)
        changed = self.text.set_units(units) or changed
        changed = self.text.set_colors(colors) or changed
        if changed:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)
            self.refresh_display()

    def set_theme(self, theme: Theme) -> None:
        if self.text.set_theme(theme):
            self.refresh_display()

    def refresh_display(self) -> None:
        """Texts or colours changed (language, units, colours, theme): every cell."""
        self._cells.clear()
        self._painted.clear()
        if self.keys:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self.keys) - 1, self.columnCount() - 1))

    def data(self, index: _ANY_INDEX, role: int = 0) -> object:
        """Every answer is made once per re-rank (a repaint asks each cell for about ten
        roles, most of which have none): a dict lookup after that."""
        key = (index.row(), index.column(), role)
        cells = self._cells
        if key in cells:
            return cells[key]
        row = key[0]
        value = self.answer(row, key[1], role) if 0 <= row < len(self.keys) else None
        cells[key] = value
        return value

    def painted(self, row: int, column: int) -> tuple[str, object, int]:
        """What rank_paint.py paints of a cell: its text, colour (None: the
        palette's) and alignment, made once per re-rank."""
        key = (row, column)
        cell = self._painted.get(key)
        if cell is None:
            valid = 0 <= row < len(self.keys)
            cell = self._painted[key] = (
                (self.answer(row, column, _DISPLAY) or "") if valid else "",
                self.answer(row, column, _FOREGROUND) if valid else None,
                (self.answer(row, column, _ALIGN) or _LEFT) if valid else _LEFT)
        return cell

    def answer(self, row: int, column: int, role: int) -> object:
        """A cell's answer for a role (row within `keys`)."""
        raise NotImplementedError

    def row_of_key(self, key: str) -> int | None:
        try:
            return self.keys.index(key)
        except ValueError:
            return None
