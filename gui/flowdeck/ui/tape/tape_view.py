"""The tape's table view: live while the user watches its top, frozen while they read
it (scrolled away from the top, or the mouse over a row), with a pill at the top
saying how many trades came since ("↑ 12 new") that jumps back to live.

Freezing is the model's (TapeModel.set_frozen): a frozen model moves no row, so
neither the rows under the mouse nor the scroll position shift while the user reads.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QPushButton, QTableView, QWidget

from .tape_model import TapeModel
from .tape_paint import paint_rows
from .tape_text import new_text

_PILL_TOP = 28  # below the header


class TapeView(QTableView):
    def __init__(self, model: TapeModel, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setModel(model)
        self.tape = model
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(False)
        self.setAlternatingRowColors(True)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.horizontalHeader().setStretchLastSection(True)
        self.horizontalHeader().setHighlightSections(False)
        self.hovered = False  # the mouse over a row
        self._widths: dict[str, int] = {}  # texts' widths in the view's font
        self.pill = QPushButton(self, objectName=f"{name}Pill")
        self.pill.setCursor(Qt.CursorShape.PointingHandCursor)
        self.pill.hide()
        self.pill.clicked.connect(self.go_live)
        self.viewport().setMouseTracking(True)
        self.viewport().installEventFilter(self)
        self.verticalScrollBar().valueChanged.connect(self._freeze_if_reading)
        model.pending_changed.connect(self._show_pending)

    @property
    def scrolled(self) -> bool:
        """Away from the newest rows."""
        bar = self.verticalScrollBar()
        return bar.value() > bar.minimum()

    def go_live(self) -> None:
        """The pill: back to the newest rows, and live."""
        self.hovered = False
        self.tape.set_frozen(False)
        self.scrollToTop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt calls it
        kind = event.type()
        if kind == QEvent.Type.MouseMove:
            self.hovered = self.indexAt(event.position().toPoint()).isValid()
            self._freeze_if_reading()
        elif kind == QEvent.Type.Leave:
            self.hovered = False
            self._freeze_if_reading()
        return super().eventFilter(watched, event)

    def _freeze_if_reading(self, *_args: object) -> None:
        self.tape.set_frozen(self.hovered or self.scrolled)

    def _show_pending(self, count: int) -> None:
        self.pill.setVisible(count > 0)
        if count:
            self.pill.setText(new_text(count))
            self.pill.adjustSize()
            self._place_pill()

    def _place_pill(self) -> None:
        self.pill.move((self.width() - self.pill.width()) // 2, _PILL_TOP)
        self.pill.raise_()

    def paintEvent(self, event: QPaintEvent) -> None:  # Qt calls it
        painter = QPainter(self.viewport())
        try:
            paint_rows(self, painter, event.rect(), self._widths)
        finally:
            painter.end()

    def resizeEvent(self, event) -> None:  # Qt calls it
        super().resizeEvent(event)
        if self.pill.isVisible():
            self._place_pill()

    def changeEvent(self, event: QEvent) -> None:  # Qt calls it
        if event.type() == QEvent.Type.FontChange:
            self._widths.clear()
        if event.type() == QEvent.Type.LanguageChange and self.pill.isVisible():
            self._show_pending(self.tape.rows.pending_count)
        super().changeEvent(event)
