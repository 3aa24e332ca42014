"""The live table's cells painted in one pass over the rows and columns a repaint
covers, instead of QTableView's paintEvent calling a delegate for each cell.

Qt's own pass makes a style option, a model index and two Python calls (the delegate,
the model's rowCount) for every cell: at 5,000 rows the ~900 cells on screen cost more
there than in drawing (issue 20: a repaint within 10 ms). Here each row's cells come
from the model's per-row cache (FlowTableModel.row_cells) once, a row's selection or
error background is one fill, a row's texts are one call to the text delegate
(CellDelegate.paint_row), a sparkline one call to its delegate (paint_spark), and the
grid is one drawRects. What it draws is what the delegates drew cell by cell: the view's stripes
(FlowTableView._paint_stripes) stay under it; no focus frame (the delegates never drew
one either).
"""

from __future__ import annotations

from PySide6.QtCore import QLine, QRect, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QStyle, QStyleOptionViewItem, QTableView

from .cell_delegate import CellDelegate
from .columns import COLUMNS
from .sparkline_delegate import SparklineDelegate


def _columns(view: QTableView, dirty: QRect, grid: int) -> list[tuple[int, int, int, int]]:
    """(logical column, x, width inside the grid, series or -1) of the columns shown
    across `dirty`, left to right."""
    header = view.horizontalHeader()
    count = header.count()
    first = header.visualIndexAt(dirty.left())
    last = header.visualIndexAt(dirty.right())
    first = 0 if first < 0 else first
    last = count - 1 if last < 0 else last
    shown = []
    for visual in range(first, last + 1):
        c = header.logicalIndex(visual)
        if header.isSectionHidden(c):
            continue
        width = header.sectionSize(c)
        if width <= 0:
            continue
        col = COLUMNS[c]
        shown.append((c, header.sectionViewportPosition(c), width - grid,
                       col.series if col.kind == "spark" else -1))
    return shown


def paint_cells(view: QTableView, painter: QPainter, dirty: QRect, row_height: int,
                selected_rows: set[int], cells: CellDelegate,
                sparks: SparklineDelegate) -> None:
    """Paint the cells of `view` (a FlowTableView over a model with row_cells) that
    `dirty` (viewport coordinates) touches."""
    model = view.model()
    first = view.rowAt(dirty.top())
    if first < 0:
        return
    last = view.rowAt(dirty.bottom())
    last = model.rowCount() - 1 if last < 0 else last
    grid = 1 if view.showGrid() else 0
    columns = _columns(view, dirty, grid)
    if not columns:
        return
    left = columns[0][1]
    span = columns[-1][1] + columns[-1][2] + grid - left
    inner_h = row_height - grid
    palette = view.palette()
    highlight = palette.highlight()
    colors = (palette.text().color(), palette.highlightedText().color())
    row_cells, paint_row, paint_spark = model.row_cells, cells.paint_row, sparks.paint_spark
    spark_columns = [column for column in columns if column[3] >= 0]
    y = view.rowViewportPosition(first)
    top = y
    for row in range(first, last + 1):
        shown = row_cells(row)
        selected = row in selected_rows
        if selected:
            painter.fillRect(left, y, span, inner_h, highlight)
        elif shown.background is not None:  # the text cells' (the delegates' way)
            for _c, x, width, series in columns:
                if series < 0:
                    painter.fillRect(x, y, width, inner_h, shown.background)
        texts = shown.cells
        paint_row(painter, y, inner_h, columns, texts, colors[selected])
        for c, x, width, series in spark_columns:
            paint_spark(painter, x, y, width, inner_h, shown.code, series, texts[c][1])
        y += row_height
    if grid:
        _paint_grid(view, painter, columns, top, y, left, left + span, row_height)


def _paint_grid(view: QTableView, painter: QPainter,
                columns: list[tuple[int, int, int, int]], top: int, bottom: int,
                left: int, right: int, row_height: int) -> None:
    """The grid as QTableView draws it: a line below each row and right of each
    column (in the style's grid colour), over the rows painted only. A solid grid is
    one-pixel fills (a sixth of drawLines' time); another pen style goes by lines."""
    option = QStyleOptionViewItem()
    view.initViewItemOption(option)
    hint = view.style().styleHint(QStyle.StyleHint.SH_Table_GridLineColor, option, view)
    color = QColor.fromRgba(hint & 0xFFFFFFFF)
    rows = range(top + row_height - 1, bottom, row_height)
    if view.gridStyle() == Qt.PenStyle.SolidLine:
        # One-pixel rectangles filled in one call (half the time of a fillRect each,
        # ~60 on screen; a sixth of drawLines').
        height, width = bottom - top, right - left
        painter.save()
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color)
        painter.drawRects([QRect(x + w, top, 1, height) for _c, x, w, _s in columns]
                          + [QRect(left, y, width, 1) for y in rows])
        painter.restore()
        return
    painter.setPen(QPen(color, 1, view.gridStyle()))
    painter.drawLines([QLine(x + w, top, x + w, bottom - 1) for _c, x, w, _s in columns]
                      + [QLine(left, y, right - 1, y) for y in rows])
