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

from PySide6.QtCore import QRect
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QTableView

from ..look.row_paint import paint_grid, row_pass

_KEPT_WIDTHS = 8_192


def paint_rows(view: QTableView, painter: QPainter, dirty: QRect,
               widths: dict[str, int]) -> None:
    """Paint the rows in `dirty`; `widths` keeps each text's width in the view's font
    (the caller empties it when the font changes)."""
    rows = row_pass(view, dirty)
    if rows is None:
        return
    first, last = rows.first, rows.last
    painted = view.model().painted
    metrics = rows.metrics
    height = view.rowHeight(first)
    top = view.rowViewportPosition(first)
    for r in range(first, last + 1):
        y = top + (r - first) * height
        is_selected = rows.fill_row(painter, r, y, height - 1)
        for c, x, w in rows.columns:
            text, color, align = painted(r, c)
            if not text:
                continue
            advance = widths.get(text)
            if advance is None:
                if len(widths) > _KEPT_WIDTHS:
                    widths.clear()
                advance = widths[text] = metrics.horizontalAdvance(text)
            rows.draw_text(painter, x, y, w, text, color, align, is_selected, advance)
    if view.showGrid():
        paint_grid(view, painter, rows, dirty,
                   (top + (r - first + 1) * height - 1 for r in range(first, last + 1)),
                   top + (last - first + 1) * height - 1)
