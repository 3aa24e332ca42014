"""Sparkline cells: each series' intraday cumulative net inflow, painted from the history
buffers as one QPainterPath (pyqtgraph's arrayToQPath), with a zero line and a colour
by sign. No widget per cell: the view asks the delegate to paint visible cells only.

Paths are cached per (code, series) and rebuilt when the code's pixels or the cell
size change (the view lays out all the series a repaint needs in one vectorised pass,
`prepare`: new values whose pixels did not move keep the path and its picture). Each
is drawn once into a small pixmap that repaints blit, and then let go (a path and what
Qt caches in it for drawing cost about twice its pixmap; it is built again from the
values kept if a picture is needed in another colour or pixel ratio). The cache is a
bounded LRU: about the rows near the viewport times six series, never one path per
cell of a 5,000-row table.

The x axis spans the market's whole session (the history row has one slot per trading
minute, NaN where the day has not got to yet), so a morning series fills the left part.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QLineF, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath, QPen, QPixmap
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from ...core.history import IntradayHistory
from ..look.theme import Theme, follow_theme
from .columns import COLUMNS, SparklineRole
from .sparkline_paths import PAD, build_path, layout

_PAD = PAD
_SELECTED = QStyle.StateFlag.State_Selected


def _zero_line(zero_y: float, width: int) -> QLineF:
    return QLineF(_PAD, zero_y, width - _PAD, zero_y)


@dataclass(slots=True)
class _Entry:
    version: int
    width: int
    height: int
    path: QPainterPath | None  # None: no point yet, or let go once in the picture
    zero_y: float
    sign: int                  # of the last finite value
    zero_line: QLineF
    y: np.ndarray              # the values it was built from
    rows: np.ndarray | None    # their pixels (Layout.rows), None if built alone
    points: bool = True        # whether y has a point (else only the zero line)
    picture: QPixmap | None = None  # the path drawn, for one (colour, pixel ratio)
    picture_key: tuple[int, float] = (0, 0.0)


def _entry(version: int, width: int, height: int, built: tuple, y: np.ndarray,
           rows: np.ndarray | None = None) -> _Entry:
    path, zero_y, sign = built
    return _Entry(version, width, height, path, zero_y, sign, _zero_line(zero_y, width),
                  y, rows, path is not None)


class SparklineDelegate(QStyledItemDelegate):
    """Paints the sparkline of the (code, series) an index's SparklineRole names."""

    def __init__(self, history: IntradayHistory, parent=None, capacity: int = 600) -> None:
        super().__init__(parent)
        self.history = history
        self.capacity = capacity
        self.paths_built = 0  # how many paths were built (tests, benchmarks)
        self._cache: OrderedDict[tuple[str, int], _Entry] = OrderedDict()
        self._unrendered: list[tuple[_Entry, QColor | None, tuple[int, float]]] = []
        self._scratch: QImage | None = None
        follow_theme(self, self.set_theme)

    def set_theme(self, theme: Theme) -> None:
        """Colours of a new theme. The pictures have the old zero line in them: they
        are dropped (the paths and values are kept, so nothing is rebuilt)."""
        self._zero_pen = QPen(QColor(theme.spark_zero), 0, Qt.PenStyle.DotLine)
        self._signs = (QColor(theme.spark_flat), QColor(theme.red), QColor(theme.green))
        self._unrendered.clear()
        for e in self._cache.values():
            e.picture, e.picture_key = None, (0, 0.0)

    def set_capacity(self, capacity: int) -> None:
        """Most paths kept (the view sets it from the rows it shows)."""
        self.capacity = max(int(capacity), 6)
        while len(self._cache) > self.capacity:
            self._cache.popitem(last=False)

    def cache_size(self) -> int:
        return len(self._cache)

    def pictures_kept(self) -> int:
        """How many cached sparklines hold a drawn picture (the pixmaps are most of the
        cache's memory; a theme change drops them all)."""
        return sum(e.picture is not None for e in self._cache.values())

    def clear_cache(self) -> None:
        self._cache.clear()

    def _fresh(self, key: tuple[str, int], version: int, width: int, height: int) -> bool:
        e = self._cache.get(key)
        return (e is not None and e.version == version and e.width == width
                and e.height == height)

    def _store(self, key: tuple[str, int], e: _Entry) -> None:
        cache = self._cache
        cache[key] = e
        cache.move_to_end(key)
        if len(cache) > self.capacity:
            cache.popitem(last=False)

    def prepare(self, codes: Sequence[str], series: Sequence[int], width: int,
                height: int) -> int:
        """Build in one vectorised pass the paths of `codes` x `series` that are
        missing or stale (the view calls it with what it is about to paint). A series
        whose values moved but whose pixels did not keeps its path and picture.
        Returns how many paths it built."""
        history = self.history
        cache = self._cache
        todo: dict[int, list[tuple[tuple[str, int], int, np.ndarray]]] = {}
        for code in codes:
            if code not in history:
                continue
            version = history.version(code)
            rows = None
            for s in series:
                key = (code, s)
                if not self._fresh(key, version, width, height):
                    # All six at once (main/retail derived in one add) for this code.
                    rows = history.series(code) if rows is None else rows
                    todo.setdefault(rows.shape[1], []).append((key, version, rows[s]))
        built = 0
        for items in todo.values():
            stack = np.stack([y for _, _, y in items])
            lay = layout(stack, width, height)
            old = [cache.get(key) for key, _, _ in items]
            same = np.zeros(len(items), bool)
            known = [i for i, e in enumerate(old)
                     if e is not None and e.width == width and e.height == height
                     and e.rows is not None and e.rows.shape == lay.rows[i].shape]
            if known:
                same[known] = ((np.stack([old[i].rows for i in known]) == lay.rows[known])
                               .all(axis=1)
                               & (lay.zero_y[known] == [old[i].zero_y for i in known]))
                for i in np.flatnonzero(same).tolist():
                    key, version, _ = items[i]
                    self._keep(old[i], key, version, stack[i], int(lay.signs[i]))
            for i in np.flatnonzero(~same).tolist():
                key, version, _ = items[i]
                self._store(key, _entry(version, width, height, lay.built(i),
                                        stack[i].copy(), lay.rows[i].copy()))
                built += 1
        self.paths_built += built
        return built

    def _keep(self, e: _Entry, key: tuple[str, int], version: int, y: np.ndarray,
              sign: int) -> None:
        """New values on the same pixels: the path and its picture stay (a sign that
        changed changes the colour, and the picture with it, when it is painted)."""
        e.version, e.y, e.sign = version, y.copy(), sign
        self._cache.move_to_end(key)

    def entry(self, code: str, series: int, width: int, height: int) -> _Entry | None:
        """The cached path of (code, series) for a cell size, rebuilt when stale."""
        if code not in self.history:
            return None
        key = (code, series)
        version = self.history.version(code)
        cache = self._cache
        e = cache.get(key)
        if e is not None and e.version == version and e.width == width and e.height == height:
            cache.move_to_end(key)
            return e
        y = self.history.series_row(code, series)  # a new array: kept as is
        self.paths_built += 1
        lay = layout(y[None, :], width, height)
        e = _entry(version, width, height, lay.built(0), y, lay.rows[0].copy())
        self._store(key, e)
        return e

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        model = index.model()
        row_cells = getattr(model, "row_cells", None)
        if row_cells is not None:  # the fast path: the model's per-row cache
            column = index.column()
            row = row_cells(index.row())
            color = row.cells[column][1]
            what = (row.code, COLUMNS[column].series)
        else:
            what = index.data(SparklineRole)
            color = index.data(Qt.ItemDataRole.ForegroundRole)
        if what is None or what[1] < 0:
            super().paint(painter, option, index)
            return
        rect = option.rect
        if _SELECTED in option.state:
            painter.fillRect(rect, option.palette.highlight())
        self.paint_spark(painter, rect.x(), rect.y(), rect.width(), rect.height(),
                         what[0], what[1], color)

    def paint_spark(self, painter: QPainter, x: int, y: int, width: int, height: int,
                    code: str, series: int, color: QColor | None) -> None:
        """The sparkline of (code, series) in a cell (no background): what `paint` and
        the view's own pass over the cells on screen (cells_pass.py) draw."""
        e = self.entry(code, series, width, height)
        if e is None:
            return
        if e.points and not isinstance(color, QColor):
            color = self._signs[e.sign]  # 0, 1, -1: flat, red, green
        key = (color.rgba() if e.points else 0, painter.device().devicePixelRatioF())
        if e.picture is not None and e.picture_key == key:
            painter.drawPixmap(x, y, e.picture)
            return
        # New or changed: stroke it now, and make its picture once the repaint is over
        # (the next repaints blit it: a tenth of stroking the path each time).
        painter.translate(x, y)
        self._draw(painter, e, color)
        painter.translate(-x, -y)
        self._unrendered.append((e, color, key))
        if len(self._unrendered) == 1:
            QTimer.singleShot(0, self.render_pending)

    def _draw(self, painter: QPainter, e: _Entry, color: QColor | None) -> None:
        painter.setPen(self._zero_pen)
        painter.drawLine(e.zero_line)
        if e.points and color is not None:
            if e.path is None:
                e.path = build_path(e.y, e.width, e.height)[0]
            painter.setPen(QPen(color, 1.0))
            painter.drawPath(e.path)

    def render_pending(self) -> None:
        """Draw the pictures of the cells painted new in the last repaint."""
        pending, self._unrendered = self._unrendered, []
        for e, color, key in pending:
            if e.picture_key == key and e.picture is not None:
                continue
            dpr = key[1]
            size = (max(1, round(e.width * dpr)), max(1, round(e.height * dpr)))
            # Drawn on a scratch image and copied: an image drawn on keeps Qt's paint
            # engine for it (kilobytes a picture).
            scratch = self._scratch
            if scratch is None or (scratch.width(), scratch.height()) != size:
                scratch = self._scratch = QImage(*size,
                                                 QImage.Format.Format_ARGB32_Premultiplied)
            scratch.setDevicePixelRatio(dpr)
            scratch.fill(Qt.GlobalColor.transparent)
            painter = QPainter(scratch)
            self._draw(painter, e, color)
            painter.end()
            e.picture, e.picture_key = QPixmap.fromImage(scratch.copy()), key
            e.path = None
