"""Themes: which one a setting means (the system's scheme for "auto"), WCAG AA contrast
of every text colour on every background it is drawn on, the palette and style, the
followers told of a change, the sparkline pictures dropped, and a switch at run time on
the real window through the settings dialog."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QLabel,
    QStyle,
    QStyleOptionButton,
    QStyleOptionViewItem,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from flowdeck.core.batch import Batch, MinutePoints
from flowdeck.live.store import LiveStore
from flowdeck.ui.look import theme as theme_module
from flowdeck.ui.look.theme import (
    DARK,
    LIGHT,
    apply_theme,
    contrast_ratio,
    current_theme,
    follow_theme,
    palette_of,
    resolve,
    style_name,
    text_pairs,
    theme_manager,
    tint,
)
from flowdeck.ui.look.theme_colors import (
    AA_NON_TEXT,
    AA_NORMAL_TEXT,
    control_pairs,
    relative_luminance,
)
from flowdeck.ui.table.columns import COLUMN_INDEX, COLUMNS, SPARK_COLUMNS
from flowdeck.ui.table.sparkline_delegate import SparklineDelegate
from flowdeck.ui.table.table_model import FlowTableModel
from tests.support.waiting import wait_until
from tests.support.window import run_window

Scheme = Qt.ColorScheme


@pytest.fixture
def light_afterwards(qapp):
    """The rest of the suite runs in the light theme, as an offscreen start resolves."""
    yield qapp
    apply_theme(qapp, "light")
    theme_manager(qapp).setting = "auto"


# --- which theme ---------------------------------------------------------------------

def test_explicit_settings_ignore_the_system():
    for scheme in (Scheme.Light, Scheme.Dark, Scheme.Unknown):
        assert resolve("light", scheme) is LIGHT
        assert resolve("dark", scheme) is DARK


def test_auto_follows_the_scheme_and_unknown_is_light():
    assert resolve("auto", Scheme.Dark) is DARK
    assert resolve("auto", Scheme.Light) is LIGHT
    assert resolve("auto", Scheme.Unknown) is LIGHT


def test_auto_asks_qt_for_the_system_scheme(qapp, monkeypatch):
    monkeypatch.setattr(theme_module, "system_scheme", lambda: Scheme.Dark)
    assert resolve("auto") is DARK
    monkeypatch.setattr(theme_module, "system_scheme", lambda: Scheme.Unknown)
    assert resolve("auto") is LIGHT


def test_an_unknown_setting_is_refused():
    with pytest.raises(ValueError):
        resolve("sepia")


# --- contrast --------------------------------------------------------------------------

def test_the_contrast_formula_matches_wcag():
    assert relative_luminance("#ffffff") == pytest.approx(1.0)
    assert relative_luminance("#000000") == 0.0
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#ffffff", "#000000") == pytest.approx(21.0)
    assert contrast_ratio("#123456", "#123456") == pytest.approx(1.0)
    # WCAG's own borderline examples: #767676 passes on white, #777777 does not.
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)
    assert contrast_ratio("#777777", "#ffffff") < AA_NORMAL_TEXT


@pytest.mark.parametrize("theme", [LIGHT, DARK], ids=lambda t: t.name)
def test_every_text_colour_meets_aa_on_its_backgrounds(theme):
    low = [(what, fg, bg, round(contrast_ratio(fg, bg), 2))
           for what, fg, bg in text_pairs(theme) if contrast_ratio(fg, bg) < AA_NORMAL_TEXT]
    assert low == []


@pytest.mark.parametrize("theme", [LIGHT, DARK], ids=lambda t: t.name)
def test_the_pairs_cover_the_table_and_the_plot(theme):
    pairs = {(fg, bg) for _, fg, bg in text_pairs(theme)}
    for fg in (theme.red, theme.green, theme.stale_red, theme.stale_green, theme.dim):
        for bg in (theme.base, theme.alternate_base, theme.highlight):
            assert (fg, bg) in pairs
    assert (theme.plot_foreground, theme.plot_background) in pairs
    assert (theme.highlighted_text, theme.highlight) in pairs


@pytest.mark.parametrize("theme", [LIGHT, DARK], ids=lambda t: t.name)
def test_an_unchecked_box_edge_meets_non_text_contrast(theme):
    low = [(what, fg, bg, round(contrast_ratio(fg, bg), 2))
           for what, fg, bg in control_pairs(theme) if contrast_ratio(fg, bg) < AA_NON_TEXT]
    assert low == []
    edges = {(fg, bg) for _, fg, bg in control_pairs(theme)}
    assert edges == {(theme.indicator_border, bg) for bg in (
        theme.window, theme.base, theme.alternate_base, theme.button, theme.highlight)}


def edge_contrast(box: QCheckBox, background: str) -> float:
    """The strongest contrast between the pixels of `box`'s indicator, as the style
    draws it, and `background` (an unchecked box is nothing but its edge)."""
    option = QStyleOptionButton()
    box.initStyleOption(option)
    rect = box.style().subElementRect(QStyle.SubElement.SE_CheckBoxIndicator, option, box)
    image = box.grab().toImage()
    ratio = box.devicePixelRatioF()
    return max(contrast_ratio(image.pixelColor(int(x * ratio), int(y * ratio)).name(),
                              background)
               for x in range(rect.left(), rect.right() + 1)
               for y in range(rect.top(), rect.bottom() + 1))


@pytest.mark.parametrize("setting", ["dark", "light"])
def test_an_unchecked_check_box_shows_its_edge(light_afterwards, qtbot, setting):
    theme = apply_theme(light_afterwards, setting)
    page = QWidget()
    qtbot.addWidget(page)
    page.setAutoFillBackground(True)
    box = QCheckBox("Sound", page)
    QVBoxLayout(page).addWidget(box)
    page.resize(200, 60)
    page.show()
    assert not box.isChecked()
    assert edge_contrast(box, theme.window) >= AA_NON_TEXT


def test_both_conventions_use_the_same_red_and_green():
    for theme in (LIGHT, DARK):
        assert theme.flow(True) == (theme.red, theme.green)
        assert theme.flow(False) == (theme.green, theme.red)
        assert theme.flow(True, stale=True) == (theme.stale_red, theme.stale_green)
    assert LIGHT.red != DARK.red and LIGHT.green != DARK.green


def test_the_palette_carries_the_theme():
    pal = palette_of(DARK)
    role = QPalette.ColorRole
    assert pal.color(role.Window) == QColor(DARK.window)
    assert pal.color(role.Base) == QColor(DARK.base)
    assert pal.color(role.AlternateBase) == QColor(DARK.alternate_base)
    assert pal.color(role.Highlight) == QColor(DARK.highlight)
    assert pal.color(QPalette.ColorGroup.Inactive, role.Text) == QColor(DARK.text)
    assert pal.color(QPalette.ColorGroup.Disabled, role.Text) == QColor(DARK.disabled_text)


# --- applying ---------------------------------------------------------------------------

def test_apply_sets_palette_and_style_and_tells_followers(light_afterwards):
    app = light_afterwards
    native = theme_manager(app).native_style
    seen = []
    label = QLabel()
    follow_theme(label, lambda t: seen.append(t.name))
    tint(label, "error")
    assert seen == [current_theme().name]

    assert apply_theme(app, "dark") is DARK
    assert app.palette().color(QPalette.ColorRole.Window) == QColor(DARK.window)
    assert style_name(app.style()).lower() == "fusion"
    assert QToolTip.palette().color(QPalette.ColorRole.ToolTipBase) == QColor(DARK.tooltip_base)
    assert current_theme() is DARK and seen[-1] == "dark"
    assert DARK.error_text in label.styleSheet()
    count = len(seen)
    apply_theme(app, "dark")  # no change: nobody repaints
    assert len(seen) == count

    apply_theme(app, "light")
    assert app.palette().color(QPalette.ColorRole.Base) == QColor(LIGHT.base)
    assert style_name(app.style()).lower() == native.lower()
    assert seen[-1] == "light" and LIGHT.error_text in label.styleSheet()
    tint(label, "")
    assert label.styleSheet() == ""


def test_auto_follows_a_change_of_the_system_scheme(light_afterwards):
    app = light_afterwards
    hints = QGuiApplication.styleHints()
    apply_theme(app, "auto")
    hints.colorSchemeChanged.emit(Scheme.Dark)
    assert current_theme() is DARK
    assert app.palette().color(QPalette.ColorRole.Window) == QColor(DARK.window)
    hints.colorSchemeChanged.emit(Scheme.Light)
    assert current_theme() is LIGHT
    apply_theme(app, "light")  # an explicit choice stays put
    hints.colorSchemeChanged.emit(Scheme.Dark)
    assert current_theme() is LIGHT


def _model_with_a_sparkline():
    """HK.00700 with a day of points; US.AAPL with none (its cell is the zero line)."""
    model = FlowTableModel(LiveStore())
    model.store.set_codes(["HK.00700", "US.AAPL"])
    m = np.arange(120, dtype=np.int32)
    values = np.outer(np.sin(m / 20.0) * 1e6, np.ones(6)).astype(np.float32)
    model.store.apply(Batch(points=MinutePoints(["HK.00700"] * len(m), m, values)), 1.0)
    return model


def _paint(delegate, index, background: QColor) -> QImage:
    image = QImage(80, 22, QImage.Format.Format_ARGB32)
    image.fill(background)
    option = QStyleOptionViewItem()
    option.rect = QRect(0, 0, 80, 22)
    painter = QPainter(image)
    delegate.paint(painter, option, index)
    painter.end()
    return image


def _colours(image: QImage, background: QColor) -> set[int]:
    return {image.pixel(x, y) for x in range(image.width()) for y in range(image.height())
            } - {background.rgb()}


def test_a_theme_change_drops_the_sparkline_pictures(light_afterwards):
    model = _model_with_a_sparkline()
    delegate = SparklineDelegate(model.history)
    index = model.index(0, COLUMN_INDEX["main_sparkline"])
    flat = model.index(1, COLUMN_INDEX["main_sparkline"])  # no points: the zero line
    light_bg, dark_bg = QColor(LIGHT.base), QColor(DARK.base)
    light_ink = _colours(_paint(delegate, index, light_bg), light_bg)
    _paint(delegate, flat, light_bg)
    delegate.render_pending()
    assert delegate.pictures_kept() == 2
    built = delegate.paths_built

    apply_theme(light_afterwards, "dark")
    assert delegate.pictures_kept() == 0
    dark_ink = _colours(_paint(delegate, index, dark_bg), dark_bg)
    # The zero line's picture looks the same to the cache in either theme: only its
    # drop keeps the light theme's line out of the dark table.
    assert _colours(_paint(delegate, flat, dark_bg), dark_bg) == {QColor(DARK.spark_zero).rgb()}
    delegate.render_pending()
    assert delegate.pictures_kept() == 2             # drawn again, in the new colours
    assert _colours(_paint(delegate, flat, dark_bg), dark_bg) == {QColor(DARK.spark_zero).rgb()}
    assert delegate.paths_built == built             # from the values it kept
    assert QColor(DARK.red).rgb() in dark_ink or QColor(DARK.green).rgb() in dark_ink
    assert not ({QColor(LIGHT.red).rgb(), QColor(LIGHT.green).rgb()} & dark_ink)
    assert light_ink != dark_ink


# --- the real window ----------------------------------------------------------------------

def _positive_cell(w):
    model = w.model
    column = COLUMN_INDEX["main_net_inflow"]
    for row in range(model.rowCount()):
        index = model.index(row, column)
        if model.data(index, Qt.ItemDataRole.ForegroundRole) is not None:
            r = int(model.table_rows()[row])
            if model.table.values[r, COLUMNS[column].number] > 0:
                return index, model.text.up_is_red(int(model.table.market[r]))
    return None, None


def _spark_background(w) -> QColor:
    """The colour of an unselected sparkline cell's corner, inside the viewport."""
    view = w.view
    index = w.model.index(1, SPARK_COLUMNS[0])  # start() selects row 0
    view.scrollTo(index)
    rect = view.visualRect(index)
    assert view.viewport().rect().contains(rect)
    image = view.viewport().grab().toImage()
    ratio = image.devicePixelRatio() or 1.0
    return QColor(image.pixel(int((rect.left() + 1) * ratio), int((rect.top() + 1) * ratio)))


def test_switching_the_theme_at_run_time_repaints_the_window(qloop, flowdeck_home,
                                                             light_afterwards):
    seen: dict[str, dict] = {}

    async def body(w):
        await wait_until(lambda: w.follower.applies >= 2, 20)
        await wait_until(lambda: _positive_cell(w)[0] is not None, 20)
        for name in ("light", "dark"):
            if name == "dark":  # the light table's sparklines are pictures by now
                await wait_until(lambda: w.view.delegate.pictures_kept() > 0, 5)
            dialog = w.open_settings()
            dialog.theme.setCurrentIndex(dialog.theme.findData(name))
            assert dialog.apply()
            dialog.close()
            if name == "dark":  # before any repaint: the old pictures are gone
                assert w.view.delegate.pictures_kept() == 0
            # The window takes the theme's palette (Qt hands it over in posted events).
            window = QColor({"light": LIGHT, "dark": DARK}[name].window)
            await wait_until(lambda want=window: w.palette().color(QPalette.ColorRole.Window)
                             == want, 5)
            index, up_red = _positive_cell(w)
            seen[name] = {
                "cell": w.model.data(index, Qt.ItemDataRole.ForegroundRole),
                "up_red": up_red,
                "plot": w.detail_dock.chart.backgroundBrush().color(),
                "spark": _spark_background(w),
                "config": w.config.theme,
            }

    run_window(qloop, body)
    light, dark = seen["light"], seen["dark"]
    assert light["config"] == "light" and dark["config"] == "dark"
    assert light["cell"] == QColor(LIGHT.flow(light["up_red"])[0])
    assert dark["cell"] == QColor(DARK.flow(dark["up_red"])[0])
    assert light["plot"] == QColor(LIGHT.plot_background)
    assert dark["plot"] == QColor(DARK.plot_background)
    assert light["spark"] != dark["spark"]
    assert light["spark"].lightness() > 200 and dark["spark"].lightness() < 60
