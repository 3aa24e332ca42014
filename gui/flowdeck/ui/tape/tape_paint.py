"""The tape's rows painted in one pass over the rows on screen (TapeView.paintEvent),
from each cell's text, colour and alignment as the model made them once per row
(TapeModel.painted).

Why not QTableView's own painting: a new batch moves every row on screen down, so each
insert repaints the whole viewport, and Qt's way asks the model for about ten roles a
cell and lets the style lay each item out: ~12 ms a frame for 30 rows (ad hoc, shared
machine), where this pass takes a fraction. Drawn as QTableView and the style draw a
plain text item: the alternate row colour, the selected row's highlight and text
colour, the text elided at the right when its column is narrower, the grid."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QPen
from PySide6.QtWidgets import QStyle, QStyleOptionViewItem, QTableView

PAD = 3  # the text's margin in a cell, as the style's item gives it
_ELIDE = Qt.TextElideMode.ElideRight
_RIGHT = int(Qt.AlignmentFlag.AlignRight)
_KEPT_WIDTHS = 8_192


def paint_rows(view: QTableView, painter: QPainter, dirty: QRect,
               widths: dict[str, int]) -> None:
    """Paint the rows in `dirty`; `widths` keeps each text's width in the view's font
    (the caller empties it when the font changes)."""
    model = view.model()
    rows = model.rowCount()
    if not rows:
        return
    first = max(view.rowAt(dirty.top()), 0)
    last = view.rowAt(dirty.bottom())
    last = rows - 1 if last < 0 else last
    header = view.horizontalHeader()
    columns = []
    for c in range(model.columnCount()):
        x, w = view.columnViewportPosition(c), view.columnWidth(c)
        if not header.isSectionHidden(c) and x + w >= dirty.left() and x <= dirty.right():
            columns.append((c, x, w - 1))  # less the grid line
    if not columns:
        return
    left, right = columns[0][1], columns[-1][1] + columns[-1][2]
    group = (QPalette.ColorGroup.Active if view.isActiveWindow()
             else QPalette.ColorGroup.Inactive)
    palette = view.palette()
    highlight = palette.brush(group, QPalette.ColorRole.Highlight)
    alternate = palette.brush(group, QPalette.ColorRole.AlternateBase)
    selected_text = palette.color(group, QPalette.ColorRole.HighlightedText)
    text_color = palette.color(group, QPalette.ColorRole.Text)
    selected = {i.row() for i in view.selectionModel().selectedRows()}
    alternating = view.alternatingRowColors()
    metrics = view.fontMetrics()
    painted = model.painted
    height = view.rowHeight(first)
    top = view.rowViewportPosition(first)
    # Vertically centred as AlignVCenter centres a line: (height - line height) / 2.
    baseline = (height - 1 - metrics.height()) // 2 + metrics.ascent()
    for r in range(first, last + 1):
        y, h = top + (r - first) * height, height - 1
        is_selected = r in selected
        if is_selected:
            painter.fillRect(left, y, right - left, h, highlight)
        elif alternating and r % 2:
            painter.fillRect(left, y, right - left, h, alternate)
        for c, x, w in columns:
            text, color, align = painted(r, c)
            if not text:
                continue
            painter.setPen(selected_text if is_selected
                           else color if color is not None else text_color)
            room = w - 2 * PAD
            advance = widths.get(text)
            if advance is None:
                if len(widths) > _KEPT_WIDTHS:
                    widths.clear()
                advance = widths[text] = metrics.horizontalAdvance(text)
            if advance > room:
                text = metrics.elidedText(text, _ELIDE, room)
                advance = metrics.horizontalAdvance(text)
            painter.drawText(x + w - PAD - advance if align & _RIGHT else x + PAD,
                             y + baseline, text)
    if view.showGrid():
        option = QStyleOptionViewItem()
        hint = view.style().styleHint(QStyle.StyleHint.SH_Table_GridLineColor, option, view)
        painter.setPen(QPen(QColor.fromRgba(hint & 0xFFFFFFFF), 0, view.gridStyle()))
        bottom = top + (last - first + 1) * height - 1
        for _c, x, w in columns:
            painter.drawLine(x + w, dirty.top(), x + w, min(dirty.bottom(), bottom))
        for r in range(first, last + 1):
            y = top + (r - first + 1) * height - 1
            painter.drawLine(dirty.left(), y, min(dirty.right(), right), y)
