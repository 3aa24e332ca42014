"""The live table's Qt model: a view of the LiveStore (records in its FlowTable,
sparklines in its IntradayHistory, stale rows, market states). It never writes them: the
Follower does, and each Change the store tells becomes ONE dataChanged over the block of
rows it touched (a new set of codes: a model reset). Sorting and filtering are a row
permutation (row_order), not a QSortFilterProxyModel: a click sorts at once; while data
streams in, the order is refreshed at most 4 times a second and not while the view says
the user is busy.

The quote columns (name, last price, change, change %) read the store's quotes and
universe through QuoteRows; names are looked up again when the codes, the universe or
the language change.

The multi-day columns read a provider the window injects (`set_multiday`; None: they
show "—"): a batch marks its rows, and the marked rows are computed in one step when a
multi-day cell is read or sorted by (multiday_rows.MultiDayRows); while the view hides
those columns (`set_multiday_shown(False)`) painting does not compute them.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

import numpy as np
from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from ...core.currency import Rates
from ...core.flow_table import FlowTable
from ...core.history import IntradayHistory
from ...core.markets import MarketState
from ...live.store import BATCH, CODES, NAMES, Change, LiveStore
from ..look.theme import Theme, follow_theme
from .cell_format import CellFormat, RowCells
from .columns import (
    COLUMNS,
    MULTIDAY_COLUMNS,
    SPARK_COLUMNS,
    CodeRole,
    SortRole,
    SparklineRole,
)
from .multiday_rows import MultiDayProvider, MultiDayRows
from .quote_rows import QuoteRows
from .row_order import RowOrder
from .sort_currency import sort_currency_text

RESORT_INTERVAL_S = 0.25
_ANY_INDEX = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
_N_COLUMNS = len(COLUMNS)


class FlowTableModel(QAbstractTableModel):
    # The language, units, colour convention or rates changed (another table showing
    # the same codes, the past-day mode's, follows this one).
    display_changed = Signal()

    def __init__(self, store: LiveStore, parent=None, *,
                 clock: Callable[[], float] = time.monotonic,
                 multiday: MultiDayProvider | None = None) -> None:
        super().__init__(parent)
        # Monotonic seconds: the re-sort rate limit, and the view's quiet time after a
        # scroll, run on it (tests inject a clock they move by hand).
        self.clock = clock
        self.store = store
        self.multiday = MultiDayRows()
        self.multiday.set_provider(multiday, store.table.n)
        self._multiday_shown = True
        self.quotes = QuoteRows(store)
        self.text = CellFormat(self.multiday, self.quotes)
        self._stale = store.stale
        self._rows = RowOrder()
        self._sort_column = -1
        self._descending = False
        self._filter = ""
        self._sort_dirty = False
        self._sort_paused = False
        self._last_sort = -math.inf
        self.rates: Rates | None = None  # read it; set_rates re-sorts and tells
        self._rows.set(RowOrder.compute(store.table, None, False, ""), store.table.n)
        self._on_screen = (0, 63)
        self._cells: dict[int, RowCells] = {}
        store.set_on_screen(self._codes_on_screen)
        store.add_listener(self.on_change)
        follow_theme(self, self.set_theme)

    @property
    def table(self) -> FlowTable:
        return self.store.table

    @property
    def history(self) -> IntradayHistory:
        return self.store.history

    # --- Qt's interface ------------------------------------------------------------

    # The view calls these for every cell it paints: kept to the bone.
    def rowCount(self, parent: _ANY_INDEX = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows.rows)

    def columnCount(self, parent: _ANY_INDEX = _ROOT) -> int:
        return 0 if parent.isValid() else _N_COLUMNS

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return super().headerData(section, orientation, role)
        col = COLUMNS[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return col.short(self.text.lang)
        if role == Qt.ItemDataRole.ToolTipRole:
            extra = sort_currency_text(self.table, col, self.rates)
            return "\n".join(filter(None, (self.text.header_tooltip(col), extra)))
        if role == Qt.ItemDataRole.TextAlignmentRole and col.numeric:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.InitialSortOrderRole:
            # A first click on a number puts the largest inflow on top, on the time the
            # latest update, as traders expect; codes and currencies read A to Z.
            return (Qt.SortOrder.DescendingOrder if col.numeric or col.kind == "time"
                    else Qt.SortOrder.AscendingOrder)
        return None

    def data(self, index: _ANY_INDEX, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        row = index.row()
        if row < 0 or row >= len(self._rows.rows):
            return None
        r = self._rows.rows[row]
        col = COLUMNS[index.column()]
        if col.multiday and self.multiday.pending:
            self.multiday.update(self.table, self.store.details)
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text.display(self.table, r, col, self._state_of(r))
        if role == Qt.ItemDataRole.ForegroundRole:
            return self.text.foreground(self.table, r, col, bool(self._stale[r]))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self.text.alignment(col)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.text.tooltip(self.table, r, col, self._state_of(r),
                                     self.store.stale_after_of_row(r))
        if role == Qt.ItemDataRole.BackgroundRole:
            return self.text.error_background if self.table.error[r] is not None else None
        if role == SortRole:
            return self.text.sort_value(self.table, r, col)
        if role == SparklineRole:
            return (self.table.codes[r], col.series) if col.kind == "spark" else None
        if role == CodeRole:
            return self.table.codes[r]
        return None

    def row_cells(self, row: int) -> RowCells:
        """Everything the delegates paint in model row `row`, formatted once per change
        of the row (a cache cleared with every dataChanged)."""
        r = self._rows.rows[row]
        cells = self._cells.get(r)
        if cells is None:
            shown = self._multiday_shown
            if shown and self.multiday.pending:
                # The marked rows on screen at once, not one row a call.
                self.multiday.update(self.table, self.store.details, self._screen_rows(r))
            cells = self._cells[r] = self.text.row_cells(
                self.table, r, self._state_of(r), bool(self._stale[r]), shown)
        return cells

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """A header click: sort now (stable, numbers as numbers); -1 restores the
        watchlist's order."""
        self._sort_column = column if 0 <= column < len(COLUMNS) else -1
        self._descending = order == Qt.SortOrder.DescendingOrder
        self._relayout()

    # --- our interface -------------------------------------------------------------

    @property
    def sort_column(self) -> int:
        return self._sort_column

    @property
    def filter_text(self) -> str:
        return self._filter

    def code_at(self, row: int) -> str | None:
        if 0 <= row < len(self._rows.rows):
            return self.table.codes[self._rows.rows[row]]
        return None

    def row_of_code(self, code: str) -> int | None:
        r = self.table.row_of(code)
        if r is None:
            return None
        pos = int(self._rows.position[r])
        return pos if pos >= 0 else None

    def table_rows(self) -> np.ndarray:
        """The table row shown at each model row (read-only view)."""
        v = self._rows.order.view()
        v.flags.writeable = False
        return v

    def on_change(self, change: Change) -> None:
        """The store's listener: new codes are a model reset; otherwise ONE dataChanged
        over the rows the change touched (in display order, first to last)."""
        self._stale = self.store.stale
        if change.kind in (CODES, NAMES):
            self.quotes.names_changed()
        if change.kind == NAMES and self._sort_column >= 0 \
                and COLUMNS[self._sort_column].kind == "name":
            self._sort_dirty = True
        if change.kind == CODES:
            # The store has already changed the rows; nothing reads the model between
            # that and this reset (both run in one call from the Follower).
            self.multiday.mark_all(self.table.n)
            self.beginResetModel()
            self._rows.set(self._compute_order(), self.table.n)
            self._sort_dirty = False
            self._cells.clear()
            self.endResetModel()
            return
        rows = change.rows
        if change.kind == BATCH:
            self.multiday.mark(rows)
        if len(rows) and self._sort_column >= 0:
            self._sort_dirty = True
        if change.all_rows:
            self._emit_rows(None)
        elif len(rows):
            self._emit_rows(rows)

    def set_rows_on_screen(self, first: int, last: int) -> None:
        """The view's visible rows: a large history load starts with their codes."""
        self._on_screen = (max(first, 0), max(last, first))

    def _codes_on_screen(self) -> list[str]:
        first, last = self._on_screen
        rows = self._rows.rows[first:last + 1]
        return sorted(self.table.codes[r] for r in rows)

    def history_loaded(self) -> None:
        """A history loaded in slices is complete: the sparklines redraw."""
        if len(self._rows):
            self.dataChanged.emit(self.index(0, SPARK_COLUMNS[0]),
                                  self.index(len(self._rows) - 1, SPARK_COLUMNS[-1]))

    def set_units(self, units: str) -> None:
        """"kmb" (K/M/B), "wan" (万/亿) or "auto" (万/亿 in Chinese, else K/M/B)."""
        if self.text.set_units(units):
            self._emit_rows(None)
            self.display_changed.emit()

    def set_colors(self, colors: str) -> None:
        """"red-up", "green-up", or "auto" (per row: green-up for US, red-up for
        HK/SH/SZ)."""
        if self.text.set_colors(colors):
            self._emit_rows(None)
            self.display_changed.emit()

    def set_theme(self, theme: Theme) -> None:
        if self.text.set_theme(theme):
            self._emit_rows(None)

    def set_language(self, lang: str) -> None:
        if self.text.set_language(lang):
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
            self._emit_rows(None)
            if self._sort_column >= 0 and COLUMNS[self._sort_column].kind == "name":
                self._relayout()  # names sort in the language they are read in
            self.display_changed.emit()

    def set_rates(self, rates: Rates | None) -> None:
        """The rates amounts over several currencies sort by (`rates`; None: raw)."""
        if rates != self.rates:
            self.rates = rates
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
            if self._sort_column >= 0:
                self._relayout()
            self.display_changed.emit()

    def set_multiday(self, provider: MultiDayProvider | None) -> None:
        """The multi-day numbers' source (a core.multiday_columns.MultiDayColumns), or
        None (the columns show "—"). The window sets it when the archive opens."""
        self.multiday.set_provider(provider, self.table.n)
        self._multiday_changed()

    def refresh_multiday(self) -> None:
        """The provider's archived part changed (a day roll, a new matrix): every row's
        multi-day numbers again."""
        self.multiday.mark_all(self.table.n)
        self._multiday_changed()

    def set_multiday_shown(self, shown: bool) -> None:
        """Whether the view shows any multi-day column (it says so as it paints):
        while none is, painting neither computes nor formats them."""
        if shown != self._multiday_shown:
            self._multiday_shown = shown
            self._cells.clear()

    def set_filter(self, text: str) -> None:
        """Show only codes containing `text` (case-insensitive). A model reset: the
        view puts the selection back by code."""
        if text == self._filter:
            return
        self.beginResetModel()
        self._filter = text
        self._rows.set(self._compute_order(), self.table.n)
        self.endResetModel()

    def set_sort_paused(self, paused: bool) -> None:
        """While paused (the user scrolls, or has a row under the mouse) live data does
        not re-order rows; a header click still does."""
        self._sort_paused = bool(paused)

    @property
    def sort_due(self) -> bool:
        return self._sort_dirty and not self._sort_paused and self._sort_column >= 0

    def resort_if_due(self, now: float | None = None) -> bool:
        """Re-sort after live updates: at most once per RESORT_INTERVAL_S of `now`
        (the clock's time when None), never while paused. True when it re-sorted."""
        now = self.clock() if now is None else now
        if not self.sort_due or now - self._last_sort < RESORT_INTERVAL_S:
            return False
        self._relayout(now)
        return True

    # --- internals -----------------------------------------------------------------

    def _compute_order(self) -> np.ndarray:
        col = COLUMNS[self._sort_column] if self._sort_column >= 0 else None
        if col is not None and col.multiday:
            self.multiday.update(self.table, self.store.details)
        return RowOrder.compute(self.table, col, self._descending, self._filter,
                                self.multiday, self.quotes, self.rates)

    def _screen_rows(self, r: int) -> np.ndarray:
        """The table rows the view last said it shows, and table row `r`."""
        first, last = self._on_screen
        return np.append(self._rows.order[first:last + 1], r)

    def _multiday_changed(self) -> None:
        self._cells.clear()
        if len(self._rows):
            self.dataChanged.emit(self.index(0, MULTIDAY_COLUMNS[0]),
                                  self.index(len(self._rows) - 1, MULTIDAY_COLUMNS[-1]))
        if self._sort_column in MULTIDAY_COLUMNS:
            self._relayout()

    def _relayout(self, now: float | None = None) -> None:
        """Apply a new order as a layout change, moving persistent indexes (the
        selection, the current index) with their rows."""
        self._last_sort = self.clock() if now is None else now
        self._sort_dirty = False
        order = self._compute_order()
        if np.array_equal(order, self._rows.order):
            return
        self.layoutAboutToBeChanged.emit()
        old_rows = self._rows.order
        self._rows.set(order, self.table.n)
        old = self.persistentIndexList()
        new = []
        for idx in old:
            r = int(old_rows[idx.row()]) if 0 <= idx.row() < len(old_rows) else -1
            pos = int(self._rows.position[r]) if r >= 0 else -1
            new.append(self.index(pos, idx.column()) if pos >= 0 else QModelIndex())
        self.changePersistentIndexList(old, new)
        self.layoutChanged.emit()

    def _emit_rows(self, table_rows: np.ndarray | None) -> None:
        """One dataChanged: from the first to the last model row showing `table_rows`
        (all rows when None), every column."""
        self._cells.clear()
        if not len(self._rows):
            return
        if table_rows is None:
            first, last = 0, len(self._rows) - 1
        else:
            pos = self._rows.position[table_rows]
            pos = pos[pos >= 0]
            if not len(pos):
                return
            first, last = int(pos.min()), int(pos.max())
        self.dataChanged.emit(self.index(first, 0), self.index(last, len(COLUMNS) - 1))

    def _state_of(self, r: int) -> MarketState | None:
        return self.store.state_of_row(r)


__all__ = ["SPARK_COLUMNS", "CodeRole", "FlowTableModel", "SortRole", "SparklineRole"]
