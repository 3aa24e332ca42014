"""The Market view's tables: the ranked stocks (today's main-net sparkline painted by the
live table's SparklineDelegate) and the ranked sectors, each a QTableView that keeps
its selection by key when its model is reset (a re-rank with another number of rows);
a re-rank in place moves the selection with its row (ranked_model.py). The cells on
screen are painted in one pass (rank_paint.py), not a delegate call per cell."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt, QTimer
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from ...core.history import IntradayHistory
from ..table.sparkline_delegate import SparklineDelegate
from .rank_paint import paint_cells
from .ranked_model import RankedModel

SPARK_WIDTH = 90


class RankedView(QTableView):
    def __init__(self, model: RankedModel, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setModel(model)
        self.ranked = model
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        # Fitted when the request or the row count changes, not at each re-rank (fitting
        # measures every row's text).
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.spark_column = -1  # a fixed-width sparkline column, not fitted
        self.sparklines: SparklineDelegate | None = None
        self._kept: str | None = None
        self._widening = False
        model.modelAboutToBeReset.connect(self._remember)
        model.modelReset.connect(self._restore)

    def selected_key(self) -> str | None:
        rows = self.selectionModel().selectedRows()
        return self.ranked.keys[rows[0].row()] if rows else None

    def select_key(self, key: str) -> bool:
        row = self.ranked.row_of_key(key)
        if row is None:
            return False
        self.selectRow(row)
        return True

    def key_at(self, index: QModelIndex) -> str | None:
        row = index.row()
        return self.ranked.keys[row] if index.isValid() and row < len(self.ranked.keys) else None

    def paintEvent(self, event: QPaintEvent) -> None:  # Qt calls it
        # The sparklines about to be painted built in one vectorised pass (as the live
        # table does), not one path a cell.
        keys = self.ranked.keys
        if self.sparklines is not None and keys:
            first = max(self.rowAt(0), 0)
            last = self.rowAt(self.viewport().height() - 1)
            last = len(keys) - 1 if last < 0 else last
            rect = self.visualRect(self.ranked.index(first, self.spark_column))
            if rect.width() > 0:
                self.sparklines.prepare(keys[first:last + 1], (0,), rect.width(),
                                        rect.height())
        painter = QPainter(self.viewport())
        try:
            narrow = paint_cells(self, painter, event.rect(), self.spark_column,
                                 self.sparklines)
        finally:
            painter.end()
        if narrow and not self._widening:
            self._widening = True
            QTimer.singleShot(0, self, lambda: self._widen(narrow))

    def _widen(self, columns: set[int]) -> None:
        """Number columns a re-rank made too narrow, widened to their texts (never
        narrowed: a column the user widened stays)."""
        self._widening = False
        for column in columns:
            self.setColumnWidth(column, max(self.columnWidth(column),
                                            self.sizeHintForColumn(column)))

    def _remember(self) -> None:
        self._kept = self.selected_key()

    def fit(self) -> None:
        for column in range(self.ranked.columnCount()):
            if column != self.spark_column:
                self.resizeColumnToContents(column)

    def _restore(self) -> None:
        self.fit()
        if self._kept is not None:
            self.select_key(self._kept)
        self._kept = None


def stock_view(model: QAbstractItemModel, history: IntradayHistory, spark_column: int,
               parent: QWidget | None = None) -> RankedView:
    view = RankedView(model, "marketStocksView", parent)
    view.spark_column = spark_column
    view.sparklines = SparklineDelegate(history, view)
    view.setItemDelegateForColumn(spark_column, view.sparklines)
    header = view.horizontalHeader()
    header.setSectionResizeMode(spark_column, QHeaderView.ResizeMode.Fixed)
    header.resizeSection(spark_column, SPARK_WIDTH)
    return view
