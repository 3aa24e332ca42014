"""Sparkline cells: each series' intraday cumulative net inflow, painted from the history
buffers as one QPainterPath (pyqtgraph's arrayToQPath), with a zero line and a colour
by sign. No widget per cell: the view asks the delegate to paint visible cells only.

Paths are cached per (code, series) and rebuilt when the code's pixels or the cell
size change (the view lays out all the series a repaint needs in one vectorised pass,
`prepare`: new values whose pixels did not move keep the path and its picture). A
code's series laid out together share one record of their values, pixels and version
(`_Laid`), so a new version whose pixels stay is one write a code, not one a series. Each
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


@dataclass(slots=True, eq=False)
class _Laid:
    """Series of one code laid out in one cell size: by `prepare` (the series a
    repaint shows, written again in place at each new version), or one by `entry`."""
    version: int
    width: int
    height: int
    series: tuple[int, ...]
    y: np.ndarray       # (S, n) the values
    rows: np.ndarray    # (S, m) their pixels (Layout.rows)
    zero_y: np.ndarray  # (S,)
    signs: np.ndarray   # (S,) of the last finite value


@dataclass(slots=True)
class _Entry:
    laid: _Laid
    index: int                 # the series' row in `laid`
    path: QPainterPath | None  # None: no point yet, or let go once in the picture
    zero_line: QLineF
    points: bool = True        # whether the series has a point (else only the zero line)
    picture: QPixmap | None = None  # the path drawn, for one (colour, pixel ratio)
    picture_key: tuple[int, float] = (0, 0.0)

    @property
    def version(self) -> int:
        return self.laid.version

    @property
    def width(self) -> int:
        return self.laid.width

    @property
    def height(self) -> int:
        return self.laid.height

    @property
    def y(self) -> np.ndarray:
        return self.laid.y[self.index]

    @property
    def sign(self) -> int:
        return int(self.laid.signs[self.index])


def _entry(laid: _Laid, index: int, path: QPainterPath | None) -> _Entry:
    return _Entry(laid, index, path, _zero_line(float(laid.zero_y[index]), laid.width),
                  path is not None)


def _by_length(groups: list[tuple[list[str], np.ndarray, np.ndarray]]
               ) -> list[tuple[list[str], np.ndarray, np.ndarray]]:
    """History groups of the same session length as one (SH and SZ: one layout)."""
    merged: dict[int, list[tuple[list[str], np.ndarray, np.ndarray]]] = {}
    for group in groups:
        merged.setdefault(group[2].shape[-1], []).append(group)
    return [parts[0] if len(parts) == 1 else
            ([c for p in parts for c in p[0]], np.concatenate([p[1] for p in parts]),
             np.concatenate([p[2] for p in parts]))
            for parts in merged.values()]


class SparklineDelegate(QStyledItemDelegate):
    """Paints the sparkline of the (code, series) an index's SparklineRole names."""

    def __init__(self, history: IntradayHistory, parent=None, capacity: int = 600) -> None:
        super().__init__(parent)
        self.history = history
        self.capacity = capacity
        self.paths_built = 0  # how many paths were built (tests, benchmarks)
        self._cache: OrderedDict[tuple[str, int], _Entry] = OrderedDict()
        # Each code's series as `prepare` last laid them out (LRU, about the codes the
        # cache's entries are of).
        self._laid: OrderedDict[str, _Laid] = OrderedDict()
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
        while len(self._laid) > self.capacity:
            self._laid.popitem(last=False)

    def cache_size(self) -> int:
        return len(self._cache)

    def pictures_kept(self) -> int:
        """How many cached sparklines hold a drawn picture (the pixmaps are most of the
        cache's memory; a theme change drops them all)."""
        return sum(e.picture is not None for e in self._cache.values())

    def clear_cache(self) -> None:
        self._cache.clear()
        self._laid.clear()

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
        series = tuple(series)
        laid_of, cache = self._laid, self._cache
        built = 0
        def wanted(code: str, version: int) -> bool:
            return not self._current(code, laid_of.get(code), version, width, height,
                                     series)

        for names, versions, stack in _by_length(self.history.series_groups(codes, wanted)):
            stale = range(len(names))
            k, n_series = len(names), len(series)
            values = stack[:, series, :]                       # (k, S, n)
            lay = layout(values.reshape(k * n_series, -1), width, height)
            rows = lay.rows.reshape(k, n_series, -1)
            zero_y = lay.zero_y.reshape(k, n_series)
            signs = lay.signs.reshape(k, n_series)
            old = [laid_of.get(names[i]) for i in stale]
            same = np.zeros((k, n_series), bool)
            known = [j for j, laid in enumerate(old)
                     if laid is not None and laid.width == width and laid.height == height
                     and laid.series == series and laid.rows.shape == rows[j].shape]
            if known:
                same[known] = ((np.stack([old[j].rows for j in known]) == rows[known])
                               .all(axis=2)
                               & (np.stack([old[j].zero_y for j in known]) == zero_y[known]))
            for j, i in enumerate(stale):
                code = names[i]
                laid = old[j] if j in known else None
                if laid is None:
                    laid = _Laid(0, width, height, series, values[j], rows[j], zero_y[j],
                                 signs[j])
                laid.version = int(versions[i])
                laid.y, laid.rows = values[j].copy(), rows[j].copy()
                laid.zero_y, laid.signs = zero_y[j].copy(), signs[j].copy()
                laid_of[code] = laid
                laid_of.move_to_end(code)
                for s_at, s in enumerate(series):
                    key = (code, s)
                    e = cache.get(key)
                    if same[j, s_at] and e is not None and e.laid is laid:
                        cache.move_to_end(key)  # the path and picture stay
                        continue
                    self._store(key, _entry(laid, s_at, lay.built(j * n_series + s_at)[0]))
                    built += 1
        while len(laid_of) > self.capacity:
            laid_of.popitem(last=False)
        self.paths_built += built
        return built

    def _current(self, code: str, laid: _Laid | None, version: int, width: int,
                 height: int, series: tuple[int, ...]) -> bool:
        """Whether `laid` is of `version` in this size, and every series' entry of it is
        still cached (an evicted one is built again)."""
        if (laid is None or laid.version != version or laid.width != width
                or laid.height != height or laid.series != series):
            return False
        cache = self._cache
        for s in series:
            e = cache.get((code, s))
            if e is None or e.laid is not laid:
                return False
        return True

    def entry(self, code: str, series: int, width: int, height: int) -> _Entry | None:
        """The cached path of (code, series) for a cell size, rebuilt when stale."""
        if code not in self.history:
            return None
        key = (code, series)
        version = self.history.version(code)
        cache = self._cache
        e = cache.get(key)
        if e is not None:
            laid = e.laid
            if laid.version == version and laid.width == width and laid.height == height:
                cache.move_to_end(key)
                return e
        y = self.history.series_row(code, series)  # a new array: kept as is
        self.paths_built += 1
        lay = layout(y[None, :], width, height)
        laid = _Laid(version, width, height, (series,), y[None, :], lay.rows, lay.zero_y,
                     lay.signs)
        e = _entry(laid, 0, lay.built(0)[0])
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
