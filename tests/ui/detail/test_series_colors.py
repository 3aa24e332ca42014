"""The detail chart's six series stay apart for the colour-blind: the colours the chart
draws, read from its curves in each theme, are pairwise >= 10 CIEDE2000 after a
Machado et al. (2009) simulation of deuteranopia and of protanopia (severity 1.0), and
with normal vision; each keeps WCAG non-text contrast against the plot; and the retail
side is dashed, so nothing rests on colour alone. The dotted sector line is as far from
each of them and from the translucent price line, in a hue of its own.

The colour science is tests/support/color_vision.py (numpy: sRGB -> linear -> Machado
matrix -> sRGB -> CIELAB (D65) -> CIEDE2000); its CIEDE2000 is checked here against
Sharma, Wu and Dalal (2005)'s published test pairs."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from PySide6.QtCore import Qt

from flowdeck.core.history import IntradayHistory
from flowdeck.core.records import SERIES_NAMES
from flowdeck.ui.detail.detail_dock import DetailDock
from flowdeck.ui.look.theme import apply_theme, theme_manager
from flowdeck.ui.look.theme_colors import AA_NON_TEXT, contrast_ratio
from tests.support.color_vision import (
    DEUTERANOPIA,
    PROTANOPIA,
    VISIONS,
    ciede2000,
    hex_to_rgb,
    simulate,
    srgb_to_lab,
)

MIN_DELTA_E = 10.0
# Sharma et al. (2005), table 1: (Lab 1, Lab 2, CIEDE2000), pairs 1, 7, 13, 15, 17, 19,
# 25 and 34 (a hue near the blue rotation term, an achromatic one, the hue-angle
# wrap-arounds, a large difference, and one near black).
SHARMA = [
    ((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485), 2.0425),
    ((50.0, 0.0, 0.0), (50.0, -1.0, 2.0), 2.3669),
    ((50.0, 2.49, -0.001), (50.0, -2.49, 0.0009), 7.1792),
    ((50.0, 2.49, -0.001), (50.0, -2.49, 0.0011), 7.2195),
    ((50.0, 2.5, 0.0), (73.0, 25.0, -18.0), 27.1492),
    ((50.0, 2.5, 0.0), (50.0, 0.0, -2.5), 4.3065),
    ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644),
    ((2.0776, 0.0795, -1.135), (0.9033, -0.0636, -0.5514), 0.9082),
]


@pytest.mark.parametrize(("lab1", "lab2", "expected"), SHARMA)
def test_ciede2000_matches_sharmas_test_data(lab1, lab2, expected) -> None:
    assert ciede2000(np.array(lab1), np.array(lab2)) == pytest.approx(expected, abs=1e-4)
    assert ciede2000(np.array(lab2), np.array(lab1)) == pytest.approx(expected, abs=1e-4)


def test_the_simulations_keep_grey_grey_and_confuse_red_with_green() -> None:
    grey = np.array([0.5, 0.5, 0.5])
    red, green = hex_to_rgb("#d62728"), hex_to_rgb("#2ca02c")
    for matrix in (DEUTERANOPIA, PROTANOPIA):  # each row of a Machado matrix sums to 1
        assert simulate(grey, matrix) == pytest.approx(grey, abs=1e-3)
        seen = [srgb_to_lab(simulate(c, matrix)) for c in (red, green)]
        assert ciede2000(*seen) < ciede2000(srgb_to_lab(red), srgb_to_lab(green)) / 2


@pytest.fixture
def chart(qtbot, qapp):
    dock = DetailDock(IntradayHistory())
    qtbot.addWidget(dock)
    yield dock
    apply_theme(qapp, "light")  # the rest of the suite runs in the light theme
    theme_manager(qapp).setting = "auto"


def drawn(dock: DetailDock) -> list[tuple[str, Qt.PenStyle]]:
    """Each curve's colour and line style, as the chart holds them."""
    return [(curve.opts["pen"].color().name(), curve.opts["pen"].style())
            for curve in dock.curves]


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_series_are_apart_for_every_vision_in_both_themes(chart, qapp, theme) -> None:
    applied = apply_theme(qapp, theme)
    colors = [color for color, _ in drawn(chart)]
    assert len(colors) == len(SERIES_NAMES) and colors == list(applied.series)
    rgb = np.array([hex_to_rgb(c) for c in colors])
    for vision, matrix in VISIONS.items():
        lab = srgb_to_lab(simulate(rgb, matrix))
        for i, j in itertools.combinations(range(len(colors)), 2):
            delta = float(ciede2000(lab[i], lab[j]))
            assert delta >= MIN_DELTA_E, (theme, vision, SERIES_NAMES[i], SERIES_NAMES[j],
                                          round(delta, 2))
    background = chart.chart.backgroundBrush().color().name()
    for name, color in zip(SERIES_NAMES, colors, strict=True):
        assert contrast_ratio(color, background) >= AA_NON_TEXT, (theme, name)


def test_the_retail_side_is_dashed_the_main_side_solid(chart) -> None:
    styles = dict(zip(SERIES_NAMES, (style for _, style in drawn(chart)), strict=True))
    solid = Qt.PenStyle.SolidLine
    assert all(styles[name] == solid for name in ("main", "super", "large"))
    assert all(styles[name] != solid for name in ("retail", "medium", "small"))
    assert styles["medium"] != styles["small"]
    # The legend's samples draw each curve's own pen: the dashes show there too.
    for curve, (sample, _label) in zip(chart.curves, chart.legend.items, strict=True):
        assert sample.item is curve


def on_background(pen_color, background: str) -> str:
    """A pen's colour as it lands on `background` (the price line is translucent)."""
    alpha, bg = pen_color.alphaF(), hex_to_rgb(background)
    rgb = np.array([pen_color.redF(), pen_color.greenF(), pen_color.blueF()])
    mixed = rgb * alpha + bg * (1 - alpha)
    return "#" + "".join(f"{round(v * 255):02x}" for v in mixed)


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_the_sector_line_stands_apart_from_the_price_line_and_the_series(chart, qapp,
                                                                          theme) -> None:
    """In the dark theme the dotted sector line was the axis text's near-white and the
    price line that grey at 45 %: the two looked alike."""
    applied = apply_theme(qapp, theme)
    background = chart.chart.backgroundBrush().color().name()
    sector_pen = chart.sector_row.curve.opts["pen"]
    sector = sector_pen.color().name()
    price = on_background(chart.price_line.curve.opts["pen"].color(), background)
    assert sector == applied.plot_sector and sector_pen.style() == Qt.PenStyle.DotLine
    others = {"price": price, **dict(zip(SERIES_NAMES, applied.series, strict=True))}
    rgb = np.array([hex_to_rgb(c) for c in (sector, *others.values())])
    for vision, matrix in VISIONS.items():
        lab = srgb_to_lab(simulate(rgb, matrix))
        for name, other in zip(others, lab[1:], strict=True):
            delta = float(ciede2000(lab[0], other))
            assert delta >= MIN_DELTA_E, (theme, vision, name, round(delta, 2))
    assert contrast_ratio(sector, background) >= AA_NON_TEXT
    chroma = float(np.hypot(*srgb_to_lab(hex_to_rgb(sector))[1:]))
    assert chroma >= 30, (theme, round(chroma, 1))  # a hue, not one more grey
