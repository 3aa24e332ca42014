"""The alert log dock: the alerts that fired, newest at the bottom, a filter by code or
rule, and a Clear that empties the view (the alert log file is the record and keeps
everything). Double-clicking a row asks the window to show that stock.

Time, Code and Value widen to fit their longest text as rows come (never narrower: the
user may have widened one); Rule and Note are elided, their tooltips hold the whole text."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...core.alerts import Alert
from .alert_log_model import COL_CODE, COL_TIME, COL_VALUE, FILTER_ROLE, AlertLogModel

#: Columns sized to their text; the others are elided and have tooltips.
FITTED = (COL_TIME, COL_CODE, COL_VALUE)


class AlertLogDock(QDockWidget):
    """Dock (objectName "alertLogDock") listing alerts: `add`, `add_entries`, `clear`."""

    code_activated = Signal(str)

    def __init__(self, parent: QWidget | None = None, units: str = "kmb") -> None:
        super().__init__(parent)
        self.setObjectName("alertLogDock")
        self.model = AlertLogModel(self, units)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterRole(FILTER_ROLE)
        self.proxy.setFilterKeyColumn(0)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

        self.filter_edit = QLineEdit(objectName="alertFilter")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self.proxy.setFilterFixedString)
        self.clear_button = QPushButton(objectName="alertClear")
        self.clear_button.clicked.connect(self.clear)

        self.view = QTableView(objectName="alertLogView")
        self.view.setModel(self.proxy)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(
            self.view.fontMetrics().height() + 6)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for col, width in enumerate((64, 76, 190, 72)):
            header.resizeSection(col, width)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.view.doubleClicked.connect(self._on_double_clicked)
        self.model.rowsInserted.connect(lambda _parent, first, last: self._fit(first, last))
        self.model.modelReset.connect(lambda: self._fit(0, self.model.rowCount() - 1))
        self.retranslate()

        top = QHBoxLayout()
        top.addWidget(self.filter_edit, 1)
        top.addWidget(self.clear_button)
        column = QVBoxLayout()
        column.setContentsMargins(4, 4, 4, 4)
        column.addLayout(top)
        column.addWidget(self.view, 1)
        body = QWidget()
        body.setLayout(column)
        self.setWidget(body)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Alert log"))
        self.filter_edit.setPlaceholderText(self.tr("Filter by code or rule"))
        self.clear_button.setText(self.tr("Clear"))
        self.clear_button.setToolTip(self.tr(
            "Clear this view only: the alert log file on disk keeps every alert"))
        self.model.retranslate()
        self._fit(0, self.model.rowCount() - 1)

    def changeEvent(self, event: QEvent) -> None:  # Qt calls it
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def add(self, alerts: Sequence[Alert]) -> None:
        self._keep_newest_in_view(lambda: self.model.add(alerts))

    def add_entries(self, entries: Sequence[dict]) -> int:
        """Rows from the alert log file; returns how many alerts could not be read."""
        skipped: list[int] = []
        self._keep_newest_in_view(lambda: skipped.append(self.model.add_entries(entries)))
        return skipped[0]

    def clear(self) -> None:
        self.model.clear()

    def set_units(self, units: str) -> None:
        self.model.set_units(units)
        self._fit(0, self.model.rowCount() - 1)

    def set_colors(self, colors: str) -> None:
        self.model.set_colors(colors)

    def visible_codes(self) -> list[str]:
        """The codes of the rows the filter lets through, top to bottom."""
        return [self.model.code_at(self.proxy.mapToSource(self.proxy.index(r, 0)).row())
                for r in range(self.proxy.rowCount())]

    def _fit(self, first: int, last: int) -> None:
        """Widen the FITTED columns to the widest text of source rows first..last."""
        if last < first:
            return
        metrics = self.view.fontMetrics()
        # The delegate's margins around the text (QCommonStyle: focus margin + 1 a side),
        # the grid line, and a pixel or two of rounding.
        margin = self.view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin,
                                               None, self.view)
        extra = 2 * (margin + 1) + 4
        header = self.view.horizontalHeader()
        for col in FITTED:
            texts = {self.model.data(self.model.index(r, col)) or ""
                     for r in range(first, last + 1)}
            need = max(metrics.horizontalAdvance(t) for t in texts) + extra
            if need > header.sectionSize(col):
                header.resizeSection(col, need)

    def _keep_newest_in_view(self, add) -> None:
        # Follow the newest row, unless the user has scrolled up to read older ones:
        # yanking the view away from what they read would be worse than not following.
        bar = self.view.verticalScrollBar()
        following = bar.value() >= bar.maximum()
        add()
        if following:
            self.view.scrollToBottom()

    def _on_double_clicked(self, index: QModelIndex) -> None:
        source = self.proxy.mapToSource(index)
        if source.isValid() and self.model.code_at(source.row()):  # a source's: no code
            self.code_activated.emit(self.model.code_at(source.row()))
