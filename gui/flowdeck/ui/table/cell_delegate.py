"""Text cells of the live table painted straight from the model's per-row cache
(FlowTableModel.row_cells): one Python call a cell instead of Qt asking the model for
seven roles a cell, which is what keeps a full-screen repaint within a frame."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QRect, Qt
from PySide6.QtGui import QColor, QPainter, QStaticText, QTransform
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
        # What a too-narrow cell shows instead of its text (#### or the text elided), by
        # (text, width inside the cell): worked out once, not at every repaint.
        self._clipped: dict[tuple[str, int], str] = {}
        self._hash_px = 0  # the width of "#" in the font the texts are laid out in

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        row_cells = getattr(index.model(), "row_cells", None)
        if row_cells is None:
            super().paint(painter, option, index)
            return
        row = row_cells(index.row())
        text, color, align = row.cells[index.column()]
        rect = option.rect
        selected = _SELECTED in option.state
        if selected:
            painter.fillRect(rect, option.palette.highlight())
        elif row.background is not None:
            painter.fillRect(rect, row.background)
        if text:
            if color is None:
                palette = option.palette
                color = (palette.highlightedText() if selected else palette.text()).color()
            self.paint_text(painter, rect.x(), rect.y(), rect.width(), rect.height(),
                            text, color, align)

    def paint_row(self, painter: QPainter, y: int, height: int,
                  columns: Sequence[tuple[int, int, int, int]],
                  cells: Sequence[tuple[str | None, QColor | None, int]],
                  default: QColor) -> None:
        """A row's text cells (the `columns` whose series is -1: logical column, x,
        width, series) from its `cells` (FlowTableModel.row_cells): what the view's pass
        over the cells on screen draws. One call a row, and the pen set only when the
        colour changes, because a repaint draws ~700 cells (issue 20: within 10 ms)."""
        texts = self._texts
        pen = None
        for c, x, width, series in columns:
            if series >= 0:
                continue
            text, color, align = cells[c]
            if not text:
                continue
            if color is None:
                color = default
            laid = texts.get(text)
            if laid is None or width - 2 * PAD < laid[1]:
                # New, or too wide for its cell (#### or elided): the general way.
                self.paint_text(painter, x, y, width, height, text, color, align)
                pen = None
                continue
            if color is not pen:
                painter.setPen(color)
                pen = color
            static, w, h = laid
            painter.drawStaticText(int(x + PAD + (width - 2 * PAD - w if align & _RIGHT else 0)),
                                   int(y + (height - h) / 2), static)

    def paint_text(self, painter: QPainter, x: int, y: int, width: int, height: int,
                   text: str, color: QColor, align: int) -> None:
        """One cell's text (no background) in `color`: what `paint` and the view's own
        pass over the cells on screen (cells_pass.py) draw."""
        painter.setPen(color)
        # The cache looked up here, not in _laid: a call a cell is a cost a repaint.
        static, w, h = self._texts.get(text) or self._laid(text, painter)
        free = width - 2 * PAD - w
        if free < 0:
            # Clipped, "-1308.67万" would read "308.67万": a number that does not fit
            # shows #### (the tooltip has it whole), as spreadsheets do. Text is elided.
            inner = width - 2 * PAD
            shown = self._clipped.get((text, inner))
            if shown is None:
                shown = self._clipped_text(text, w, inner, align, painter)
            static, w, h = self._texts.get(shown) or self._laid(shown, painter)
            free = inner - w
            if free < 0:  # not even one # fits: Qt clips it to the cell
                painter.drawText(QRect(x + PAD, y, width - 2 * PAD, height), align, shown)
                return
        painter.drawStaticText(int(x + PAD + (free if align & _RIGHT else 0)),
                               int(y + (height - h) / 2), static)

    def _laid(self, text: str, painter: QPainter) -> tuple[QStaticText, float, float]:
        """`text` laid out in the painter's font, with its width and height: once per
        text (the table's font is the view's; a repaint draws from the layout)."""
        laid = self._texts.get(text)
        if laid is None:
            if len(self._texts) > _MAX_TEXTS:
                self._texts.clear()
            static = QStaticText(text)
            static.setTextFormat(Qt.TextFormat.PlainText)
            static.prepare(QTransform(), painter.font())
            size = static.size()
            laid = self._texts[text] = (static, size.width(), size.height())
        return laid

    def _clipped_text(self, text: str, text_width: float, inner: int, align: int,
                      painter: QPainter) -> str:
        """What a cell `inner` pixels wide inside shows for a text too wide for it:
        as many # as fit for a number or a time, else the text elided."""
        if len(self._clipped) > _MAX_TEXTS:
            self._clipped.clear()
        if shows_hashes(text_width, inner + 2 * PAD, align):
            if not self._hash_px:
                self._hash_px = max(1, painter.fontMetrics().horizontalAdvance("#"))
            shown = "#" * max(1, inner // self._hash_px)
        else:
            shown = painter.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight,
                                                     inner)
        self._clipped[(text, inner)] = shown
        return shown
