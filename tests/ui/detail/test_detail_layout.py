"""The detail dock as it is drawn (offscreen, with data): the legend outside the plot's
data area and whole in the widget, the in/out bars tall enough and labelled with their
amounts in the units chosen, labels that neither overlap each other nor leave the plot,
and axis labels that do not run into each other, at a roomy and at a narrow size."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QApplication

from flowdeck.core.codes import Market
from flowdeck.core.history import IntradayHistory
from flowdeck.core.records import CapitalFlowDetail
from flowdeck.core.units import format_amount
from flowdeck.ui.detail.detail_dock import DetailDock

HK = "HK.00700"
SIZES = [(700, 380), (440, 300)]
MIN_BARS_VIEW_PX = 80  # the bars' own drawing area, between the key and the tier names
DETAIL = CapitalFlowDetail(HK, "2024-05-06 10:00:00", 1e9, 100,
                           (3.2e8, 1.5e8, 9.8e7, 4.1e7), (2.6e8, 1.9e8, 1.02e8, 3.7e7))


@dataclass
class Points:
    codes: list[str]
    minutes: np.ndarray
    values: np.ndarray


@pytest.fixture
def dock(qtbot):
    history = IntradayHistory()
    history.add(HK, Market.HK)
    values = np.cumsum(np.random.default_rng(0).normal(0, 2e6, (200, 6)), axis=0)
    history.apply(Points([HK] * 200, np.arange(200), values.astype(np.float32)))
    d = DetailDock(history, {HK: DETAIL})
    qtbot.addWidget(d)
    d.show_code(HK)
    return d


def show_at(dock: DetailDock, qtbot, size: tuple[int, int]) -> None:
    dock.resize(*size)
    dock.show()
    qtbot.waitExposed(dock)
    for _ in range(3):
        QApplication.processEvents()
    dock.grab()  # paint once: pyqtgraph finishes its layout and ranges on a paint


def in_widget(widget, item) -> QRectF:
    """An item's rectangle in its plot widget's pixels."""
    return QRectF(widget.mapFromScene(item.sceneBoundingRect()).boundingRect())


@pytest.mark.parametrize("size", SIZES)
def test_the_legend_is_outside_the_data_area_and_whole(dock, qtbot, size) -> None:
    show_at(dock, qtbot, size)
    view = dock.chart.getPlotItem().getViewBox()
    legend = in_widget(dock.chart, dock.legend)
    assert not legend.intersects(in_widget(dock.chart, view))
    shown = QRectF(dock.chart.viewport().rect())
    for sample, label in dock.legend.items:
        assert shown.contains(in_widget(dock.chart, sample)), label.text
        assert shown.contains(in_widget(dock.chart, label.item)), label.text


@pytest.mark.parametrize("size", SIZES)
def test_bars_are_tall_and_labelled_without_overlaps(dock, qtbot, size) -> None:
    show_at(dock, qtbot, size)
    view = dock.bars.getPlotItem().getViewBox()
    assert view.height() >= MIN_BARS_VIEW_PX
    values = [*DETAIL.inflow, *DETAIL.outflow]
    for units in ("kmb", "wan"):
        dock.set_units(units)  # what Settings → Units does through the window
        dock.grab()
        texts = dock.bars.label_texts()
        # As precise as the bar's width allows; with room, the 2 decimals of the table.
        for text, value in zip(texts, values, strict=True):
            assert text in {format_amount(value, units, digits=d, trim=True) for d in (2, 1, 0)}
        if size[0] >= 700:
            assert texts == [format_amount(v, units, trim=True) for v in values]
        rects = [in_widget(dock.bars, label) for label in dock.bars.labels]
        area = in_widget(dock.bars, view)
        for text, rect in zip(texts, rects, strict=True):
            assert area.contains(rect), (units, text)
        for (a, ra), (b, rb) in itertools.combinations(zip(texts, rects, strict=True), 2):
            assert not ra.intersects(rb), (units, a, b)


def axis_texts(axis) -> list[tuple[QRectF, str]]:
    """The tick labels an axis draws, where it draws them."""
    image = QImage(10, 10, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        specs = axis.generateDrawSpecs(painter)
    finally:
        painter.end()
    return [] if specs is None else [(rect, text) for rect, _flags, text in specs[2]]


@pytest.mark.parametrize("size", SIZES)
def test_axis_labels_do_not_overlap(dock, qtbot, size) -> None:
    show_at(dock, qtbot, size)
    for plot in (dock.chart, dock.bars):
        for name in ("left", "bottom"):
            axis = plot.getPlotItem().getAxis(name)
            if not axis.isVisible():
                continue
            drawn = axis_texts(axis)
            assert drawn, name
            for (ra, a), (rb, b) in itertools.combinations(drawn, 2):
                assert not ra.intersects(rb), (plot.objectName(), name, a, b)
