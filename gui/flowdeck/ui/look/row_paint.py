"""The one-pass painters of row tables (the Market view's ranks, the Big trades dock):
what they set up before their rows, and how they draw a row's background, a text cell
and the grid, as QTableView and the style draw plain text items (the alternate row
colour, the selected rows' highlight and text colour, the text elided at the right
when its column is narrower, the grid at each cell's right and bottom edge)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetrics, QPainter, QPalette, QPen
from PySide6.QtWidgets import QStyle, QStyleOptionViewItem, QTableView

PAD = 3  # the text's margin in a cell, as the style's item gives it
_ELIDE = Qt.TextElideMode.ElideRight
_RIGHT = int(Qt.AlignmentFlag.AlignRight)


@dataclass(slots=True)
class RowPass:
    """The rows and columns a repaint crosses, and the view's colours in its state."""
    first: int
    last: int
    columns: list[tuple[int, int, int]]  # logical column, x, width less the grid line
    left: int
    right: int
    highlight: QBrush
    alternate: QBrush | None  # None: the view does not alternate rows
    selected_text: QColor
    text: QColor
    selected: set[int]
    metrics: QFontMetrics
    baseline: int  # a text's baseline below its row's top

    def fill_row(self, painter: QPainter, r: int, y: int, height: int) -> bool:
        """Row `r`'s background (the highlight when selected, else the alternate
        colour on odd rows); whether it is selected."""
        if r in self.selected:
            painter.fillRect(self.left, y, self.right - self.left, height, self.highlight)
            return True
        if self.alternate is not None and r % 2:
            painter.fillRect(self.left, y, self.right - self.left, height, self.alternate)
        return False

    def draw_text(self, painter: QPainter, x: int, y: int, width: int, text: str,
                  color: QColor | None, align: int, selected: bool,
                  advance: int | None = None) -> bool:
        """A cell's text at its alignment, elided when wider than the cell (`advance`:
        its width when known); whether it was elided."""
        painter.setPen(self.selected_text if selected
                       else color if color is not None else self.text)
        room = width - 2 * PAD
        metrics = self.metrics
        if advance is None:
            advance = metrics.horizontalAdvance(text)
        elided = advance > room
        if elided:
            text = metrics.elidedText(text, _ELIDE, room)
            advance = metrics.horizontalAdvance(text)
        # At a point on the baseline (the text's width is known): a tenth cheaper than
        # laying it out in a rectangle with alignment flags.
        painter.drawText(x + width - PAD - advance if align & _RIGHT else x + PAD,
                         y + self.baseline, text)
        return elided


def row_pass(view: QTableView, dirty: QRect) -> RowPass | None:
    """What a pass over `dirty` (viewport coordinates) paints; None when nothing."""
    rows = view.model().rowCount()
    if not rows:
        return None
    first = max(view.rowAt(dirty.top()), 0)
    last = view.rowAt(dirty.bottom())
    last = rows - 1 if last < 0 else last
    header = view.horizontalHeader()
    columns = []
    for c in range(header.count()):
        if header.isSectionHidden(c):
            continue
        x, w = view.columnViewportPosition(c), view.columnWidth(c)
        if x + w >= dirty.left() and x <= dirty.right():
            columns.append((c, x, w - 1))  # less the grid line
    if not columns:
        return None
    group = (QPalette.ColorGroup.Active if view.isActiveWindow()
             else QPalette.ColorGroup.Inactive)
    palette = view.palette()
    metrics = view.fontMetrics()
    return RowPass(
        first, last, columns, columns[0][1], columns[-1][1] + columns[-1][2],
        palette.brush(group, QPalette.ColorRole.Highlight),
        (palette.brush(group, QPalette.ColorRole.AlternateBase)
         if view.alternatingRowColors() else None),
        palette.color(group, QPalette.ColorRole.HighlightedText),
        palette.color(group, QPalette.ColorRole.Text),
        {i.row() for i in view.selectionModel().selectedRows()}, metrics,
        # Vertically centred as AlignVCenter centres a line: (height - line height) / 2.
        (view.rowHeight(first) - 1 - metrics.height()) // 2 + metrics.ascent())


def paint_grid(view: QTableView, painter: QPainter, rows: RowPass, dirty: QRect,
               row_bottoms: Iterable[int], bottom: int) -> None:
    """The grid in the style's colour: right of each column down to `bottom` (the last
    row's lowest pixel), and along each of `row_bottoms`."""
    hint = view.style().styleHint(QStyle.StyleHint.SH_Table_GridLineColor,
                                  QStyleOptionViewItem(), view)
    painter.setPen(QPen(QColor.fromRgba(hint & 0xFFFFFFFF), 0, view.gridStyle()))
    for _c, x, w in rows.columns:
        painter.drawLine(x + w, dirty.top(), x + w, min(dirty.bottom(), bottom))
    for y in row_bottoms:
        painter.drawLine(dirty.left(), y, min(dirty.right(), rows.right), y)
