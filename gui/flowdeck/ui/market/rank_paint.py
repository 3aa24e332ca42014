"""The Market view's cells painted in one pass over the rows on screen (RankedView's
paintEvent), from the model's per-cell answer (RankedModel.painted: text, colour,
alignment made once per re-rank); the sparkline column through its delegate.

Why not QTableView's own painting: it calls a delegate per cell, whose initStyleOption
asks the model for about ten roles and whose style lays each item out — most of a
12,000-code re-rank's repaint (rank_to_screen_ms, tests/bench/market_view_bench.py).
Drawn as QTableView and the style draw a plain text item: the grid at each cell's
right and bottom edge, the alternate row colour, the selected rows' highlight and
text colour, the text elided at the right when its column is narrower. A number
elided says its column was fitted to narrower numbers (a re-rank brought 9,578.79万
where 3.32亿 was): paint_cells returns those columns for the view to widen."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QPen
from PySide6.QtWidgets import QStyle, QStyleOptionViewItem, QTableView

PAD = 3  # the text's margin in a cell, as the style's item gives it
_ELIDE = Qt.TextElideMode.ElideRight
_SELECTED = QStyle.StateFlag.State_Selected
_NONE = QStyle.StateFlag.State_None
_RIGHT = int(Qt.AlignmentFlag.AlignRight)


def paint_cells(view: QTableView, painter: QPainter, dirty: QRect, spark_column: int,
                spark_delegate) -> set[int]:
    """Paint the cells in `dirty`; returns the columns where a number was elided."""
    model = view.model()
    rows = model.rowCount()
    narrow: set[int] = set()
    if not rows:
        return narrow
    first = view.rowAt(dirty.top())
    first = 0 if first < 0 else first
    last = view.rowAt(dirty.bottom())
    last = rows - 1 if last < 0 else last
    header = view.horizontalHeader()
    columns = []
    for c in range(model.columnCount()):
        if header.isSectionHidden(c):
            continue
        x, w = view.columnViewportPosition(c), view.columnWidth(c)
        if x + w >= dirty.left() and x <= dirty.right():
            columns.append((c, x, w - 1))  # less the grid line
    if not columns:
        return narrow
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
    option = QStyleOptionViewItem()
    option.palette = palette
    painted = model.painted
    bottom = view.rowViewportPosition(last) + view.rowHeight(last) - 1
    # Vertically centred as AlignVCenter centres a line: (height - line height) / 2.
    baseline = (view.rowHeight(first) - 1 - metrics.height()) // 2 + metrics.ascent()
    for r in range(first, last + 1):
        y, h = view.rowViewportPosition(r), view.rowHeight(r) - 1
        is_selected = r in selected
        if is_selected:
            painter.fillRect(left, y, right - left, h, highlight)
        elif alternating and r % 2:
            painter.fillRect(left, y, right - left, h, alternate)
        for c, x, w in columns:
            if c == spark_column:
                option.rect = QRect(x, y, w, h)
                option.state = _SELECTED if is_selected else _NONE
                spark_delegate.paint(painter, option, model.index(r, c))
                continue
            text, color, align = painted(r, c)
            if not text:
                continue
            painter.setPen(selected_text if is_selected
                           else color if color is not None else text_color)
            room = w - 2 * PAD
            advance = metrics.horizontalAdvance(text)
            if advance > room:
                text = metrics.elidedText(text, _ELIDE, room)
                advance = metrics.horizontalAdvance(text)
                if align & _RIGHT:
                    narrow.add(c)
            # At a point on the baseline (the text's width is known): a tenth cheaper
            # than laying it out in a rectangle with alignment flags.
            painter.drawText(x + w - PAD - advance if align & _RIGHT else x + PAD,
                             y + baseline, text)
    if view.showGrid():
        hint = view.style().styleHint(QStyle.StyleHint.SH_Table_GridLineColor, option, view)
        painter.setPen(QPen(QColor.fromRgba(hint & 0xFFFFFFFF), 0, view.gridStyle()))
        for _c, x, w in columns:
            painter.drawLine(x + w, dirty.top(), x + w, min(dirty.bottom(), bottom))
        for r in range(first, last + 1):
            y = view.rowViewportPosition(r) + view.rowHeight(r) - 1
            painter.drawLine(dirty.left(), y, min(dirty.right(), right), y)
    return narrow
