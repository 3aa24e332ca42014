"""The table benchmark's naive baseline (table_bench_child.py --variant naive): vnpy's
BaseMonitor way of showing a live table."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableWidget, QTableWidgetItem

from flowdeck.core.batch import RecordColumns
from flowdeck.core.records import NUMERIC_KEYS
from flowdeck.core.units import format_amount, format_ratio


class NaiveTable(QTableWidget):
    """vnpy's BaseMonitor way: a QTableWidget, setItem per cell, sortItems per batch."""
    HEADERS = ("code", "currency", *NUMERIC_KEYS, "update_time")

    def __init__(self, timed_paint: Callable[[Callable, object], None]) -> None:
        super().__init__(0, len(self.HEADERS))
        self.timed_paint = timed_paint  # the bench's: records each repaint's time
        self.setHorizontalHeaderLabels(list(self.HEADERS))
        self.verticalHeader().hide()
        self.code_items: dict[str, QTableWidgetItem] = {}

    def paintEvent(self, event) -> None:
        self.timed_paint(super().paintEvent, event)

    def apply(self, cols: RecordColumns) -> None:
        self.setSortingEnabled(False)
        for code, values, when in zip(cols.codes, cols.values.tolist(), cols.update_times,
                                      strict=True):
            item = self.code_items.get(code)
            if item is None:
                row = self.rowCount()
                self.insertRow(row)
                item = self.code_items[code] = QTableWidgetItem(code)
                self.setItem(row, 0, item)
                self.setItem(row, 1, QTableWidgetItem(code[:2]))
            row = item.row()
            for j, v in enumerate(values):
                text = format_ratio(v) if j % 2 else format_amount(v)
                self.setItem(row, 2 + j, QTableWidgetItem(text))
            self.setItem(row, 14, QTableWidgetItem(when[11:]))
        self.sortItems(2, Qt.SortOrder.DescendingOrder)
