"""SparklineDelegate: paints a row's series into an image, caches its path per (code,
series) until the series changes, and keeps the cache bounded."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QStyleOptionViewItem

from flowdeck.core.batch import Batch, MinutePoints
from flowdeck.core.codes import Market
from flowdeck.core.markets import session_minutes
from flowdeck.live.store import LiveStore
from flowdeck.ui.table.columns import COLUMN_INDEX
from flowdeck.ui.table.sparkline_delegate import SparklineDelegate
from flowdeck.ui.table.sparkline_paths import NO_POINT, PAD, build_path, layout
from flowdeck.ui.table.table_model import FlowTableModel

W, H = 80, 22
BACKGROUND = QColor(255, 255, 255)


def points(code: str, minutes: range, scale: float = 1.0) -> MinutePoints:
    m = np.asarray(list(minutes), np.int32)
    values = np.outer(np.sin(m / 20.0) * 1e6 * scale, np.ones(6)).astype(np.float32)
    return MinutePoints([code] * len(m), m, values)


def setup(codes=("HK.00700", "US.AAPL")):
    model = FlowTableModel(LiveStore())
    model.store.set_codes(list(codes))
    model.store.apply(Batch(points=points("HK.00700", range(0, 120))), 1.0)
    return model, SparklineDelegate(model.history)


def paint(delegate: SparklineDelegate, index) -> QImage:
    image = QImage(W, H, QImage.Format.Format_ARGB32)
    image.fill(BACKGROUND)
    option = QStyleOptionViewItem()
    option.rect = QRect(0, 0, W, H)
    painter = QPainter(image)
    delegate.paint(painter, option, index)
    painter.end()
    return image


def ink(image: QImage) -> np.ndarray:
    """(H, W) bool: pixels that are not the background."""
    ptr = image.constBits()
    a = np.frombuffer(ptr, np.uint8).reshape(H, image.bytesPerLine() // 4, 4)[:, :W, :3]
    return (a != 255).any(axis=2)


def test_paints_a_row_with_history_and_caches_its_path(qapp):
    model, delegate = setup()
    index = model.index(0, COLUMN_INDEX["main_sparkline"])
    drawn = ink(paint(delegate, index))
    assert drawn.sum() > 40
    # The morning of an HK day (120 of 330 minutes) fills the left part only.
    columns = np.flatnonzero(drawn.any(axis=0) & (drawn.sum(axis=0) > 1))
    assert columns.max() < W * 0.5
    assert delegate.paths_built == 1
    paint(delegate, index)
    assert delegate.paths_built == 1                # cached: no new path
    model.store.apply(Batch(points=points("HK.00700", range(120, 121))), 2.0)
    paint(delegate, index)
    assert delegate.paths_built == 2                # the series changed: rebuilt
    paint(delegate, model.index(0, COLUMN_INDEX["small_sparkline"]))
    assert delegate.paths_built == 3                # another series, another path


def test_a_row_without_history_shows_only_the_zero_line(qapp):
    model, delegate = setup()
    drawn = ink(paint(delegate, model.index(1, COLUMN_INDEX["main_sparkline"])))
    assert drawn.sum(axis=0).max() <= 1           # one dotted line at most


def test_colour_by_sign(qapp):
    model, delegate = setup()
    model.set_colors("red-up")
    down = MinutePoints(["HK.00700"], np.array([130], np.int32),
                        np.full((1, 6), -5e6, np.float32))
    model.store.apply(Batch(points=down), 2.0)
    path, zero_y, sign = build_path(model.history.series("HK.00700")[0], W, H)
    assert path is not None and 0 < zero_y < H and sign == -1
    image = paint(delegate, model.index(0, COLUMN_INDEX["main_sparkline"]))
    a = np.frombuffer(image.constBits(), np.uint8).reshape(H, -1, 4)[:, :W]
    g, r = (a[..., i].astype(int) for i in (1, 2))
    assert (g > r + 40).sum() > (r > g + 40).sum()  # red-up: a falling line is green


def test_cache_is_bounded(qapp):
    codes = [f"HK.{i:05d}" for i in range(1, 41)]
    model = FlowTableModel(LiveStore())
    model.store.set_codes(codes)
    minutes = session_minutes(Market.HK)
    pts = MinutePoints([c for c in codes for _ in range(minutes)],
                       np.tile(np.arange(minutes, dtype=np.int32), len(codes)),
                       np.ones((len(codes) * minutes, 6), np.float32))
    model.store.apply(Batch(points=pts), 1.0)
    delegate = SparklineDelegate(model.history, capacity=30)
    for row in range(len(codes)):
        paint(delegate, model.index(row, COLUMN_INDEX["main_sparkline"]))
    assert delegate.cache_size() == 30 and delegate.paths_built == len(codes)
    delegate.set_capacity(12)
    assert delegate.cache_size() == 12


def test_a_path_is_let_go_once_in_its_picture_and_rebuilt_when_drawn_again(qapp):
    model, delegate = setup()
    index = model.index(0, COLUMN_INDEX["main_sparkline"])
    stroked = paint(delegate, index)
    delegate.render_pending()
    entry = delegate.entry("HK.00700", 0, W, H)
    assert entry.picture is not None and entry.path is None
    assert np.array_equal(ink(paint(delegate, index)), ink(stroked))   # blitted
    # Another pixel ratio (a screen change) needs another picture: the path again.
    sharp = QImage(2 * W, 2 * H, QImage.Format.Format_ARGB32)
    sharp.setDevicePixelRatio(2.0)
    sharp.fill(BACKGROUND)
    option = QStyleOptionViewItem()
    option.rect = QRect(0, 0, W, H)
    painter = QPainter(sharp)
    delegate.paint(painter, option, index)
    painter.end()
    assert entry.path is not None
    half = sharp.scaled(W, H).convertToFormat(QImage.Format.Format_ARGB32)
    assert (ink(half) & ink(stroked)).sum() > 0.5 * ink(stroked).sum()
    assert delegate.paths_built == 1                 # from the values it kept


def put(model: FlowTableModel, minute: int, main: float, at: float) -> None:
    """The day's main net at minute `minute` is now `main` (a batch, as a feed's; main
    is super + large, so each gets half)."""
    model.store.apply(Batch(points=MinutePoints(["HK.00700"], np.array([minute], np.int32),
                                                np.full((1, 6), main / 2, np.float32))), at)


def test_a_series_whose_pixels_stay_keeps_its_picture(qapp):
    model, delegate = setup()
    code, main = "HK.00700", COLUMN_INDEX["main_sparkline"]

    def day() -> np.ndarray:
        return model.history.series(code)[0]

    top = float(np.nanmax(day()))
    put(model, 119, top, 2.0)   # the current minute at the day's high
    assert delegate.prepare([code], [0], W, H) == 1
    first = paint(delegate, model.index(0, main))
    delegate.render_pending()
    picture = delegate.entry(code, 0, W, H).picture
    assert picture is not None
    # The current minute creeps on, then makes a new high by a hair: new values, same
    # pixels (the range moves in steps), so the same picture is blitted.
    put(model, 119, top * 1.002, 3.0)
    assert delegate.prepare([code], [0], W, H) == 0
    assert float(np.nanmax(day())) > top
    put(model, 119, top * 0.998, 4.0)
    assert delegate.prepare([code], [0], W, H) == 0
    entry = delegate.entry(code, 0, W, H)
    assert entry.picture is picture and entry.version == model.history.version(code)
    assert np.array_equal(ink(paint(delegate, model.index(0, main))), ink(first))
    # A move that shows (the day's high doubled) is drawn again.
    put(model, 119, top * 2, 5.0)
    assert delegate.prepare([code], [0], W, H) == 1
    assert not np.array_equal(ink(paint(delegate, model.index(0, main))), ink(first))


def test_points_sit_on_whole_pixels_inside_the_cell(qapp):
    rng = np.random.default_rng(7)
    series = np.cumsum(rng.normal(0, 1e6, (50, 330)), axis=1)
    series[:, 200:] = np.nan                   # the afternoon not there yet
    lay = layout(series, W, H)
    shown = lay.rows != NO_POINT
    assert shown[:, :lay.rows.shape[1] // 2].all()
    ys = lay.rows[shown]
    assert ys.min() >= PAD and ys.max() <= H - PAD
    assert np.array_equal(lay.xs, np.rint(lay.xs))
    # The range is widened by at most 1/8 of itself: the line still fills the cell.
    heights = [np.ptp(r[r != NO_POINT]) for r in lay.rows]
    assert min(heights) >= (H - 2 * PAD) * 0.85


def test_of_a_code_s_series_only_those_whose_pixels_moved_are_built_again(qapp):
    model, delegate = setup()
    code, medium, small = "HK.00700", 4, 5
    day = model.history.series(code)
    now = day[:, 119].astype(np.float64)
    assert delegate.prepare([code], [medium, small], W, H) == 2
    paint(delegate, model.index(0, COLUMN_INDEX["medium_sparkline"]))
    delegate.render_pending()
    picture = delegate.entry(code, medium, W, H).picture
    moved = now.copy()
    moved[small] = 3 * float(np.nanmax(np.abs(day[small])))  # small's day high tripled
    model.store.apply(Batch(points=MinutePoints([code], np.array([119], np.int32),
                                                moved[None, :].astype(np.float32))), 2.0)
    assert delegate.prepare([code], [medium, small], W, H) == 1       # small only
    kept = delegate.entry(code, medium, W, H)
    assert kept.picture is picture and kept.version == model.history.version(code)
    assert delegate.prepare([code], [medium, small], W, H) == 0       # nothing new
