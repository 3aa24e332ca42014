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
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QStyle, QStyleOptionViewItem, QTableView

from ..look.row_paint import paint_grid, row_pass

_SELECTED = QStyle.StateFlag.State_Selected
_NONE = QStyle.StateFlag.State_None
_RIGHT = int(Qt.AlignmentFlag.AlignRight)


def paint_cells(view: QTableView, painter: QPainter, dirty: QRect, spark_column: int,
                spark_delegate) -> set[int]:
    """Paint the cells in `dirty`; returns the columns where a number was elided."""
    narrow: set[int] = set()
    rows = row_pass(view, dirty)
    if rows is None:
        return narrow
    model = view.model()
    first, last = rows.first, rows.last
    option = QStyleOptionViewItem()
    option.palette = view.palette()
    painted = model.painted
    for r in range(first, last + 1):
        y, h = view.rowViewportPosition(r), view.rowHeight(r) - 1
        is_selected = rows.fill_row(painter, r, y, h)
        for c, x, w in rows.columns:
            if c == spark_column:
                option.rect = QRect(x, y, w, h)
                option.state = _SELECTED if is_selected else _NONE
                spark_delegate.paint(painter, option, model.index(r, c))
                continue
            text, color, align = painted(r, c)
            if text and rows.draw_text(painter, x, y, w, text, color, align, is_selected) \
                    and align & _RIGHT:
                narrow.add(c)
    if view.showGrid():
        bottom = view.rowViewportPosition(last) + view.rowHeight(last) - 1
        paint_grid(view, painter, rows, dirty,
                   (view.rowViewportPosition(r) + view.rowHeight(r) - 1
                    for r in range(first, last + 1)), bottom)
    return narrow
