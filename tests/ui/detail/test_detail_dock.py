"""The detail dock: curves hold the history, the minute axis prints exchange time, the
crosshair labels every series, the bars follow the detail, refresh redraws only changes."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import QPointF

from flowdeck.core.codes import Market
from flowdeck.core.history import IntradayHistory
from flowdeck.core.markets import minute_label, session_minutes
from flowdeck.core.records import SERIES_NAMES, CapitalFlowDetail
from flowdeck.core.units import format_amount
from flowdeck.ui.detail.detail_dock import DetailDock, flow_colors, series_labels
from flowdeck.ui.detail.minute_axis import (
    AmountAxis,
    MinuteAxis,
    amount_labels,
    minute_tick_spacing,
)

HK = "HK.00700"
US = "US.AAPL"


@dataclass
class Points:
    codes: list[str]
    minutes: np.ndarray
    values: np.ndarray


def points(code: str, minutes: list[int], seed: int = 0) -> Points:
    rng = np.random.default_rng(seed)
    values = np.cumsum(rng.normal(0, 2e6, (len(minutes), 6)), axis=0).astype(np.float32)
    return Points([code] * len(minutes), np.asarray(minutes), values)


def detail(code: str, scale: float = 1.0) -> CapitalFlowDetail:
    return CapitalFlowDetail(code, "2024-05-06 10:00:00", 1e9 * scale, 100,
                             (1e6 * scale, 2e6 * scale, 3e6 * scale, 4e6 * scale),
                             (5e6 * scale, 6e6 * scale, 7e6 * scale, 8e6 * scale))


@pytest.fixture
def history() -> IntradayHistory:
    h = IntradayHistory()
    h.add(HK, Market.HK)
    h.add(US, Market.US)
    h.apply(points(HK, list(range(0, 160))))
    return h


@pytest.fixture
def dock(qtbot, history):
    details = {HK: detail(HK)}
    d = DetailDock(history, details)
    qtbot.addWidget(d)
    d.resize(700, 500)
    d.show_code(HK)
    return d


def test_object_name_and_title(dock):
    assert dock.objectName() == "detailDock"
    assert HK in dock.windowTitle() and "HKD" in dock.windowTitle()
    dock.show_code(US)
    assert US in dock.windowTitle() and "USD" in dock.windowTitle()


def test_curves_hold_the_series(dock, history):
    series = history.series(HK)
    last = history.last_minute(HK)
    assert len(dock.curves) == len(SERIES_NAMES)
    for i, curve in enumerate(dock.curves):
        x, y = curve.getData()
        np.testing.assert_array_equal(x, np.arange(last + 1))
        np.testing.assert_array_equal(y, series[i, : last + 1].astype(float))
    # The legend names every series.
    names = [label.text for _, label in dock.legend.items]
    assert names == ["Main", "Retail", "Super", "Large", "Medium", "Small"]


def test_curves_skip_leading_nans_and_copy(dock, history):
    history.apply(points(US, [30, 31, 40]))
    dock.show_code(US)
    x, y = dock.curves[0].getData()
    np.testing.assert_array_equal(x, np.arange(30, 41))
    assert np.isfinite(y).all()
    before = y.copy()
    history.apply(points(US, [41], seed=9))  # the history writes in place
    np.testing.assert_array_equal(dock.curves[0].getData()[1], before)


def test_minute_axis_prints_exchange_time():
    axis = MinuteAxis(Market.HK)
    assert axis.tickStrings([150], 1.0, 30) == ["13:00"]  # the first afternoon minute
    assert axis.tickStrings([0, 149, 329], 1.0, 30) == ["09:30", "11:59", "15:59"]
    assert axis.tickStrings([330, -1, 400], 1.0, 30) == ["16:00", "", ""]
    axis.set_market(Market.SH)
    assert axis.tickStrings([120], 1.0, 30) == ["13:00"]
    axis.set_market(Market.US)
    assert axis.tickStrings([0, 389], 1.0, 30) == ["09:30", "15:59"]


def test_dock_axis_follows_the_market(dock):
    assert dock.minute_axis.tickStrings([150], 1.0, 30) == ["13:00"]
    dock.show_code(US)
    assert dock.minute_axis.market is Market.US
    assert dock.minute_axis.tickStrings([150], 1.0, 30) == ["12:00"]


@given(span=st.floats(1, 400), size=st.floats(50, 3000))
def test_minute_ticks_land_on_round_times(span, size):
    levels = minute_tick_spacing(span, size)
    assert levels
    major = levels[0][0]
    assert major in (1, 5, 10, 15, 30, 60, 120)
    assert span / major <= max(2.0, size / 48) or major == 120
    if major >= 30:
        for market in Market:
            for index in range(0, session_minutes(market), int(major)):
                assert minute_label(market, index)[3:] in ("00", "30")


def test_amount_axis_uses_compact_units():
    axis = AmountAxis("kmb")
    assert axis.tickStrings([0, 5e6, 1e7], 1.0, 5e6) == ["0", "5M", "10M"]
    axis.set_units("wan")
    assert axis.tickStrings([0, 5e6, 1e8], 1.0, 5e6) == ["0", "500万", "1亿"]
    assert amount_labels([1.1e6, 1.2e6], "kmb") == ["1.1M", "1.2M"]


def test_crosshair_label_has_every_series(dock, history):
    minute = 42
    dock.crosshair_at(minute)
    text = dock.crosshair_text()
    assert "10:12" in text
    for label, value in zip(series_labels(), history.series(HK)[:, minute], strict=True):
        assert f"{label} {format_amount(float(value), 'kmb')}" in text
    assert dock.crosshair.isVisible() and dock.crosshair.value() == minute
    dock.set_units("wan")
    assert format_amount(float(history.series(HK)[0, minute]), "wan") in dock.crosshair_text()


def test_mouse_move_through_the_proxy_slot(dock, history, qtbot):
    dock.show()
    qtbot.waitExposed(dock)
    view = dock.chart.getPlotItem().getViewBox()
    view.setRange(xRange=(0, 329), yRange=(-1e7, 1e7), padding=0)
    minute = 155
    dock.on_mouse_moved((view.mapViewToScene(QPointF(minute, 0)),))
    assert dock.crosshair.value() == minute
    text = dock.crosshair_text()
    assert "13:05" in text
    for value in history.series(HK)[:, minute]:
        assert format_amount(float(value), "kmb") in text
    # Outside the plot: nothing moves.
    outside = view.sceneBoundingRect().bottomRight() + QPointF(20, 20)
    dock.on_mouse_moved((outside,))
    assert dock.crosshair.value() == minute


def test_crosshair_after_the_last_point_shows_dashes(dock):
    dock.crosshair_at(300)
    assert dock.crosshair_text().count("—") == len(SERIES_NAMES)
    dock.crosshair_at(10_000)  # clamped to the session
    assert dock.crosshair.value() == session_minutes(Market.HK) - 1


def test_bars_match_the_detail(dock):
    d = detail(HK)
    np.testing.assert_array_equal(dock.inflow_bars.opts["height"], d.inflow)
    np.testing.assert_array_equal(dock.outflow_bars.opts["height"], d.outflow)
    dock.show_code(US)  # no detail yet, or none published (East Money's): "—", never 0
    assert np.isnan(dock.inflow_bars.opts["height"]).all()
    assert dock.bars.label_texts() == ["—"] * 8


def test_each_tier_shows_its_share_of_turnover_and_bars_their_amounts(qtbot, history):
    details = {HK: CapitalFlowDetail(HK, "2024-05-06 10:00:00", 200e6, 50,
                                     (10e6, 20e6, 5e6, 1e6), (20e6, 40e6, 45e6, 9e6))}
    dock = DetailDock(history, details, units="wan")
    qtbot.addWidget(dock)
    dock.resize(700, 500)
    dock.show_code(HK)
    names = [text.split("\n")[0] for text in dock.bars.tier_texts()]
    assert names == ["Super", "Large", "Medium", "Small"]
    assert [text.split("\n")[1] for text in dock.bars.tier_texts()] == [
        "15.0%", "30.0%", "25.0%", "5.0%"]  # the rest is neutral: turnover only
    assert dock.bars.label_texts() == ["1000万", "2000万", "500万", "100万",
                                       "2000万", "4000万", "4500万", "900万"]
    details[HK] = CapitalFlowDetail(HK, "2024-05-06 10:00:01", 0.0, 0, (0,) * 4, (0,) * 4)
    dock.refresh()  # nothing traded: no share to show
    assert [text.split("\n")[1] for text in dock.bars.tier_texts()] == ["—"] * 4


def test_bar_colours_follow_the_convention(dock):
    red_up, green_up = flow_colors("red-up"), flow_colors("green-up")
    assert red_up == green_up[::-1]
    dock.set_colors("green-up")
    assert dock.inflow_bars.opts["brush"] == green_up[0]


def test_refresh_is_a_no_op_when_nothing_changed(dock, history, monkeypatch):
    calls = []
    for curve in dock.curves:
        original = curve.setData
        monkeypatch.setattr(curve, "setData",
                            lambda *a, _o=original, **k: (calls.append(1), _o(*a, **k)))
    bar_calls = []
    original_opts = dock.inflow_bars.setOpts
    monkeypatch.setattr(dock.inflow_bars, "setOpts",
                        lambda **k: (bar_calls.append(k), original_opts(**k)))
    assert dock.refresh() is False
    assert calls == [] and bar_calls == []

    history.apply(points(HK, [160, 161], seed=3))
    assert dock.refresh() is True
    assert len(calls) == len(SERIES_NAMES) and bar_calls == []
    assert dock.curves[0].getData()[0][-1] == 161

    calls.clear()
    dock.set_details({HK: detail(HK, 2.0)})  # a new detail: bars only
    assert calls == [] and len(bar_calls) == 1
    np.testing.assert_array_equal(dock.inflow_bars.opts["height"], detail(HK, 2.0).inflow)
    assert dock.refresh() is False


def test_refresh_keeps_the_same_items(dock, history):
    items = list(dock.chart.getPlotItem().items)
    for seed in range(5):
        history.apply(points(HK, [170 + seed], seed=seed))
        dock.refresh()
    assert list(dock.chart.getPlotItem().items) == items


def test_auto_range_only_until_the_user_zooms(dock, history, qtbot):
    view = dock.chart.getPlotItem().getViewBox()
    assert view.autoRangeEnabled()[1]
    view.scaleBy((0.5, 0.5))  # what a wheel zoom does
    assert not view.autoRangeEnabled()[1]
    zoomed = view.viewRange()
    history.apply(points(HK, [200], seed=5))
    dock.refresh()
    view.prepareForPaint()
    assert view.viewRange() == zoomed
    dock.show_code(US)
    assert view.autoRangeEnabled()[1]


def test_no_code_and_unknown_code(qtbot, history):
    d = DetailDock(history)
    qtbot.addWidget(d)
    assert d.refresh() is False
    d.crosshair_at(3)
    assert d.crosshair_text() == ""
    d.show_code("SZ.000001")  # not in the history (yet)
    assert d.curves[0].getData()[0] is None or len(d.curves[0].getData()[0]) == 0
    assert np.isnan(d.values_at(0)).all()
    d.show_code(None)
    assert d.code is None and d.windowTitle() == "Detail"
