"""Sparkline paths: series of cumulative net inflow (one slot a trading minute, NaN where
the day has not got to) as QPainterPaths in cell coordinates, many at once.

All the arithmetic runs on the whole stack of series in a few numpy calls; only the
final pg.arrayToQPath is per series. x spans the whole session (a morning series fills
the left part); y spans the series' range and zero. Where there are more minutes than
pixels, each pixel column gets its min and max in the order the minutes visited them
(an envelope), so nothing is lost and the paths stay small.
"""

from __future__ import annotations

import numpy as np
from pyqtgraph import arrayToQPath
from PySide6.QtGui import QPainterPath

PAD = 3

Built = tuple[QPainterPath | None, float, int]  # path, zero line's y, sign of the last value


def _envelope(ys: np.ndarray, xs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(k, n) values at x positions -> (k, 2m) values at m pixel columns (min and max
    of each column, first the side the column started on) and their x."""
    pix = np.floor(xs).astype(np.intp)
    starts = np.flatnonzero(np.diff(pix, prepend=-1))
    lo = np.fmin.reduceat(ys, starts, axis=1)   # fmin/fmax: NaN only where all are NaN
    hi = np.fmax.reduceat(ys, starts, axis=1)
    falling = ys[:, starts] > (lo + hi) / 2
    out = np.empty((ys.shape[0], 2 * len(starts)))
    out[:, 0::2] = np.where(falling, hi, lo)
    out[:, 1::2] = np.where(falling, lo, hi)
    return out, np.repeat(pix[starts].astype(np.float64), 2)


def build_paths(series: np.ndarray, width: int, height: int) -> list[Built]:
    """Paths of k series (a (k, n) array) in a width x height cell."""
    ys = np.asarray(series, np.float64)
    k, n = ys.shape
    with np.errstate(invalid="ignore"):
        lo = np.minimum(np.fmin.reduce(ys, axis=1), 0.0)
        hi = np.maximum(np.fmax.reduce(ys, axis=1), 0.0)
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
        ys, xs = _envelope(ys, xs)
        finite = np.isfinite(ys)
    screen_y = PAD + (hi[:, None] - ys) * y_scale[:, None]
    screen_x = PAD + xs
    first = finite.argmax(axis=1)
    stop = ys.shape[1] - finite[:, ::-1].argmax(axis=1)
    zero_y = PAD + np.nan_to_num(hi) * y_scale
    out: list[Built] = []
    for i in range(k):
        if not any_point[i]:
            out.append((None, height / 2.0, 0))
            continue
        a, b = int(first[i]), int(stop[i])  # gap-free between the first and last point
        # Finite from a to b by construction: no per-point check needed.
        path = arrayToQPath(screen_x[a:b], screen_y[i, a:b], connect="all", finiteCheck=False)
        v = float(last[i])
        out.append((path, float(zero_y[i]), (v > 0) - (v < 0)))
    return out


def build_path(y: np.ndarray, width: int, height: int) -> Built:
    """One series' path (see build_paths)."""
    return build_paths(np.asarray(y)[None, :], width, height)[0]
