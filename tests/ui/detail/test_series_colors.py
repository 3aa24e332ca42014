"""The detail chart's six series stay apart for the colour-blind: the colours the chart
draws, read from its curves in each theme, are pairwise >= 10 CIEDE2000 after a
Machado et al. (2009) simulation of deuteranopia and of protanopia (severity 1.0), and
with normal vision; each keeps WCAG non-text contrast against the plot; and the retail
side is dashed, so nothing rests on colour alone.

The colour science is written out here with numpy (sRGB -> linear -> Machado matrix ->
sRGB -> CIELAB (D65) -> CIEDE2000) and CIEDE2000 is checked against Sharma, Wu and
Dalal (2005)'s published test pairs."""

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

MIN_DELTA_E = 10.0
DEUTERANOPIA = np.array([[0.367322, 0.860646, -0.227968],
                         [0.280085, 0.672501, 0.047413],
                         [-0.011820, 0.042940, 0.968881]])
PROTANOPIA = np.array([[0.152286, 1.052583, -0.204868],
                       [0.114503, 0.786281, 0.099216],
                       [-0.003882, -0.048116, 1.051998]])
VISIONS = {"normal": np.eye(3), "deuteranopia": DEUTERANOPIA, "protanopia": PROTANOPIA}
SRGB_TO_XYZ = np.array([[0.4124564, 0.3575761, 0.1804375],
                        [0.2126729, 0.7151522, 0.0721750],
                        [0.0193339, 0.1191920, 0.9503041]])
D65 = np.array([0.95047, 1.0, 1.08883])
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


def srgb_to_linear(c: np.ndarray) -> np.ndarray:
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def linear_to_srgb(c: np.ndarray) -> np.ndarray:
    c = np.clip(c, 0.0, 1.0)  # a simulated colour can leave the gamut
    return np.where(c <= 0.0031308, 12.92 * c, 1.055 * c ** (1 / 2.4) - 0.055)


def simulate(rgb: np.ndarray, matrix: np.ndarray) -> np.ndarray:
    """sRGB in [0, 1] as seen under `matrix` (applied to linear RGB), in sRGB."""
    return linear_to_srgb(srgb_to_linear(rgb) @ matrix.T)


def srgb_to_lab(rgb: np.ndarray) -> np.ndarray:
    xyz = srgb_to_linear(rgb) @ SRGB_TO_XYZ.T / D65
    delta = 6 / 29
    f = np.where(xyz > delta ** 3, np.cbrt(xyz), xyz / (3 * delta ** 2) + 4 / 29)
    return np.stack([116 * f[..., 1] - 16, 500 * (f[..., 0] - f[..., 1]),
                     200 * (f[..., 1] - f[..., 2])], axis=-1)


def ciede2000(lab1: np.ndarray, lab2: np.ndarray) -> np.ndarray:
    """CIEDE2000 (kL = kC = kH = 1), after Sharma, Wu and Dalal (2005), eqs. 1-19."""
    l1, a1, b1 = np.moveaxis(np.asarray(lab1, float), -1, 0)
    l2, a2, b2 = np.moveaxis(np.asarray(lab2, float), -1, 0)
    c_bar = (np.hypot(a1, b1) + np.hypot(a2, b2)) / 2
    g = 0.5 * (1 - np.sqrt(c_bar ** 7 / (c_bar ** 7 + 25.0 ** 7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = np.hypot(a1p, b1), np.hypot(a2p, b2)
    h1p = np.degrees(np.arctan2(b1, a1p)) % 360
    h2p = np.degrees(np.arctan2(b2, a2p)) % 360
    chroma_zero = c1p * c2p == 0
    dh = h2p - h1p
    dh = np.where(dh > 180, dh - 360, np.where(dh < -180, dh + 360, dh))
    dh = np.where(chroma_zero, 0.0, dh)
    d_l, d_c = l2 - l1, c2p - c1p
    d_h = 2 * np.sqrt(c1p * c2p) * np.sin(np.radians(dh / 2))
    l_bar, cp_bar = (l1 + l2) / 2, (c1p + c2p) / 2
    h_sum = h1p + h2p
    h_bar = np.where(np.abs(h1p - h2p) <= 180, h_sum / 2,
                     np.where(h_sum < 360, (h_sum + 360) / 2, (h_sum - 360) / 2))
    h_bar = np.where(chroma_zero, h_sum, h_bar)
    t = (1 - 0.17 * np.cos(np.radians(h_bar - 30)) + 0.24 * np.cos(np.radians(2 * h_bar))
         + 0.32 * np.cos(np.radians(3 * h_bar + 6)) - 0.20 * np.cos(np.radians(4 * h_bar - 63)))
    d_theta = 30 * np.exp(-(((h_bar - 275) / 25) ** 2))
    r_c = 2 * np.sqrt(cp_bar ** 7 / (cp_bar ** 7 + 25.0 ** 7))
    s_l = 1 + 0.015 * (l_bar - 50) ** 2 / np.sqrt(20 + (l_bar - 50) ** 2)
    s_c = 1 + 0.045 * cp_bar
    s_h = 1 + 0.015 * cp_bar * t
    r_t = -np.sin(np.radians(2 * d_theta)) * r_c
    return np.sqrt((d_l / s_l) ** 2 + (d_c / s_c) ** 2 + (d_h / s_h) ** 2
                   + r_t * (d_c / s_c) * (d_h / s_h))


def hex_to_rgb(color: str) -> np.ndarray:
    h = color.lstrip("#")
    return np.array([int(h[i:i + 2], 16) for i in (0, 2, 4)]) / 255


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
