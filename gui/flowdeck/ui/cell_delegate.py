"""Text cells of the live table painted straight from the model's per-row cache
(FlowTableModel.row_cells): one Python call a cell instead of Qt asking the model for
seven roles a cell, which is what keeps a full-screen repaint within a frame."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QPainter, QStaticText, QTransform
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

_SELECTED = QStyle.StateFlag.State_Selected
PAD = 4  # text inset in a cell (the view sizes columns with it)
_RIGHT = int(Qt.AlignmentFlag.AlignRight)
_MAX_TEXTS = 20_000  # laid-out texts kept (about 2 MB); then the cache starts over


def shows_hashes(text_width: float, cell_width: int, align: int) -> bool:
    """Whether a cell paints #### instead of its text: a right-aligned text (a number, a
    time) wider than the cell's inside."""
    return bool(align & _RIGHT) and cell_width - 2 * PAD < text_width


class CellDelegate(QStyledItemDelegate):
    """Paints a text cell: background (selection, error; the view stripes alternate
    rows whole), text in the
    cell's colour and alignment, clipped to the cell. Texts are laid out once
    (QStaticText, cached by text) and drawn from the layout."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._texts: dict[str, tuple[QStaticText, float, float]] = {}
        # Set by the view for the length of a repaint: the selected rows it shows, so
        # that a cell need not ask its option (Qt enum flags cost microseconds a cell).
        self.selected_rows: set[int] | None = None

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        row_cells = getattr(index.model(), "row_cells", None)
        if row_cells is None:
            super().paint(painter, option, index)
            return
        row = row_cells(index.row())
        text, color, align = row.cells[index.column()]
        rect = option.rect
        rows = self.selected_rows
        selected = index.row() in rows if rows is not None else _SELECTED in option.state
        if selected:
            painter.fillRect(rect, option.palette.highlight())
        elif row.background is not None:
            painter.fillRect(rect, row.background)
        if not text:
            return
        if color is None:
            palette = option.palette
            color = palette.highlightedText().color() if selected else palette.text().color()
        painter.setPen(color)
        laid = self._texts.get(text)
        if laid is None:
            if len(self._texts) > _MAX_TEXTS:
                self._texts.clear()
            static = QStaticText(text)
            static.setTextFormat(Qt.TextFormat.PlainText)
            static.prepare(QTransform(), painter.font())
            size = static.size()
            laid = self._texts[text] = (static, size.width(), size.height())
        static, w, h = laid
        x, y, width, height = rect.getRect()
        free = width - 2 * PAD - w
        if free < 0:
            # Clipped, "-1308.67万" would read "308.67万": a number that does not fit
            # shows #### (the tooltip has it whole), as spreadsheets do. Text is elided.
            inner = rect.adjusted(PAD, 0, -PAD, 0)
            if shows_hashes(w, width, align):
                hash_px = max(1, painter.fontMetrics().horizontalAdvance("#"))
                painter.drawText(inner, align, "#" * max(1, inner.width() // hash_px))
            else:
                painter.drawText(inner, align, painter.fontMetrics().elidedText(
                    text, Qt.TextElideMode.ElideRight, inner.width()))
            return
        painter.drawStaticText(int(x + PAD + (free if align & _RIGHT else 0)),
                               int(y + (height - h) / 2), static)
