"""Sparkline paths: series of cumulative net inflow (one slot a trading minute, NaN where
the day has not got to) as QPainterPaths in cell coordinates, many at once.

All the arithmetic runs on the whole stack of series in a few numpy calls; only the
final pg.arrayToQPath is per series, and only for series whose pixels moved. x spans the
whole session (a morning series fills the left part); y spans the series' range and
zero. Where there are more minutes than pixels, each pixel column gets its min and max
in the order the minutes visited them (an envelope), so nothing is lost and the paths
stay small.

Points sit on whole pixels (the lines are drawn without antialiasing, so a fraction of a
pixel never showed), and the range is widened outward to a step of 1/32-1/16 of itself:
the current minute creeping on, or a new high by a hair, leaves most sparklines' pixels
as they were, and the view keeps their pictures instead of stroking them again each
second (`Layout.rows` is what it compares).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from pyqtgraph import arrayToQPath
from PySide6.QtGui import QPainterPath

PAD = 3
NO_POINT = -1  # in Layout.rows: no value in that column

Built = tuple[QPainterPath | None, float, int]  # path, zero line's y, sign of the last value


@lru_cache(maxsize=32)
def _columns(n: int, inner_w: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The pixel columns of n minutes across inner_w pixels: each column's minutes as
    a (m, g) index (a short column repeats its last minute: min and max do not mind),
    the first minute of each, and the columns' x twice over."""
    xs = np.arange(n, dtype=np.float64) * (inner_w / max(n - 1, 1))
    pix = np.floor(xs).astype(np.intp)
    starts = np.flatnonzero(np.diff(pix, prepend=-1))
    lengths = np.diff(starts, append=n)
    index = starts[:, None] + np.minimum(np.arange(lengths.max())[None, :],
                                         lengths[:, None] - 1)
    return index, starts, np.repeat(pix[starts].astype(np.float64), 2)


def _envelope(ys: np.ndarray, inner_w: int) -> tuple[np.ndarray, np.ndarray]:
    """(k, n) values, one a minute -> (k, 2m) values at m pixel columns (min and max
    of each column, first the side the column started on) and their x. Gathered into
    (k, m, g) and reduced along the last axis: a sixth of reduceat's time."""
    index, starts, xs = _columns(ys.shape[1], inner_w)
    grouped = ys[:, index]
    lo = np.fmin.reduce(grouped, axis=2)   # fmin/fmax: NaN only where all are NaN
    hi = np.fmax.reduce(grouped, axis=2)
    falling = ys[:, starts] > (lo + hi) / 2
    out = np.empty((ys.shape[0], 2 * len(starts)))
    out[:, 0::2] = np.where(falling, hi, lo)
    out[:, 1::2] = np.where(falling, lo, hi)
    return out, xs


def _stepped(lo: np.ndarray, hi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The range widened outward to a power-of-two step between 1/32 and 1/16 of it
    (exact in binary: the same values give the same range)."""
    span = hi - lo
    live = span > 0
    step = np.ones_like(span)
    step[live] = np.exp2(np.floor(np.log2(span[live] / 16.0)))
    return np.floor(lo / step) * step, np.ceil(hi / step) * step


@dataclass(slots=True)
class Layout:
    """k series laid out on a cell's pixels."""
    xs: np.ndarray        # (m,) the columns' x
    rows: np.ndarray      # (k, m) int16 y of each column, NO_POINT where none
    zero_y: np.ndarray    # (k,) the zero line's y
    signs: np.ndarray     # (k,) sign of the last value
    first: np.ndarray     # (k,) first and one past the last column with a point
    stop: np.ndarray

    def built(self, i: int) -> Built:
        """The path of series i (None: no point yet), its zero line's y and sign."""
        a, b = int(self.first[i]), int(self.stop[i])
        if b <= a:
            return None, float(self.zero_y[i]), 0
        # Points from a to b by construction (the day fills the slots gap-free).
        path = arrayToQPath(self.xs[a:b], self.rows[i, a:b].astype(np.float64),
                            connect="all", finiteCheck=False)
        return path, float(self.zero_y[i]), int(self.signs[i])


def layout(series: np.ndarray, width: int, height: int) -> Layout:
    """Lay k series (a (k, n) array) out in a width x height cell."""
    ys = np.asarray(series, np.float64)
    k, n = ys.shape
    with np.errstate(invalid="ignore"):
        lo = np.minimum(np.fmin.reduce(ys, axis=1), 0.0)
        hi = np.maximum(np.fmax.reduce(ys, axis=1), 0.0)
    lo, hi = _stepped(np.nan_to_num(lo), np.nan_to_num(hi))
    span = hi - lo
    span[~(span > 0)] = 1.0
    y_scale = max(height - 2 * PAD, 1) / span
    inner_w = max(width - 2 * PAD, 1)
    xs = np.arange(n, dtype=np.float64) * (inner_w / max(n - 1, 1))
    finite = np.isfinite(ys)
    any_point = finite.any(axis=1)
    last_at = n - 1 - finite[:, ::-1].argmax(axis=1)
    last = ys[np.arange(k), last_at]
    if n > 2 * inner_w:
        ys, xs = _envelope(ys, inner_w)
        finite = np.isfinite(ys)
    with np.errstate(invalid="ignore"):
        screen_y = np.rint(PAD + (hi[:, None] - ys) * y_scale[:, None])
    rows = np.where(finite, screen_y, NO_POINT).astype(np.int16)
    first = np.where(any_point, finite.argmax(axis=1), 0)
    stop = np.where(any_point, ys.shape[1] - finite[:, ::-1].argmax(axis=1), 0)
    zero_y = np.where(any_point, np.rint(PAD + hi * y_scale), height / 2.0)
    signs = np.where(any_point, np.sign(np.nan_to_num(last)), 0).astype(np.int8)
    return Layout(np.rint(PAD + xs), rows, zero_y, signs, first, stop)


def build_paths(series: np.ndarray, width: int, height: int) -> list[Built]:
    """Paths of k series (a (k, n) array) in a width x height cell."""
    lay = layout(series, width, height)
    return [lay.built(i) for i in range(lay.rows.shape[0])]


def build_path(y: np.ndarray, width: int, height: int) -> Built:
    """One series' path (see build_paths)."""
    return build_paths(np.asarray(y)[None, :], width, height)[0]
