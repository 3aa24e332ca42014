"""Languages: the system locale or the setting picks English, Simplified Chinese (zh_CN)
or Traditional Chinese for Hong Kong (zh_HK); a switch re-labels the running window
without a restart; the real window built in Chinese shows no English left over, and a
switch back restores English."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialogButtonBox,
    QDockWidget,
    QLabel,
    QLineEdit,
    QMenu,
    QTabBar,
    QTableView,
    QWidget,
)

from flowdeck.core.records import FIELD_BY_KEY, series_label
from flowdeck.ui.alerts.tray import Tray
from flowdeck.ui.look.banner import BannerArea
from flowdeck.ui.look.i18n import (
    amount_units,
    apply_language,
    current_language,
    language_for_locale,
    qt_catalogue,
    resolve_language,
)
from tests.support.waiting import wait_until
from tests.support.window import run_window

MENUS = {"en": ["File", "View", "Alerts"], "zh_CN": ["文件", "视图", "提醒"],
         "zh_HK": ["檔案", "檢視", "提醒"]}
DOCKS = {"en": ["Watchlists", "Detail", "Alert log"], "zh_CN": ["自选股", "详情", "告警日志"],
         "zh_HK": ["自選股", "詳情", "提醒記錄"]}
BADGE = {"en": "SIMULATED", "zh_CN": "模拟数据", "zh_HK": "模擬數據"}

# What may stay in Latin letters in a Chinese window (a word is 3+ ASCII letters):
ALLOWED_WORDS = {
    "FlowDeck",            # the product's name
    "HKD", "USD", "CNY",   # currency codes, as every trading screen writes them
    "English",             # the language combo names each language in itself
    # UTC offsets after exchange times; the zones themselves are named in Chinese
    # (北京时间, 香港时间, 美东时间): "CST" would be China's and the US Central's
    "UTC",
    "gzmt",                # the search boxes' example of pinyin initials (贵州茅台)
}
# Data shown as it is, taken out of a text before its words are checked: stock codes
# (US.AAPL, US.BRK.B), source URLs (sim?speed=20, gateway://...), file paths.
DATA = re.compile(r"\b(?:HK|US|SH|SZ)\.[A-Z0-9]+(?:\.[A-Z]+)?\b"
                  r"|\b[a-z]+://\S*|\bsim(?:\?\S*)?(?=$|[\s，。；：、）)])"
                  r"|(?:/[\w.\-]+)+")
WORD = re.compile(r"[A-Za-z]{3,}")
TAG = re.compile(r"<[^>]*>|&[a-z]+;")


@pytest.fixture
def english_after(qapp):
    """The application's translators are global: leave them in English."""
    yield
    apply_language("en")
    QApplication.processEvents()


# --- which language -----------------------------------------------------------------------

@pytest.mark.parametrize(("name", "lang"), [
    ("C", "en"), ("en_US", "en"), ("en_GB", "en"), ("fr_FR", "en"), ("ja_JP", "en"),
    ("zh_CN", "zh_CN"), ("zh_SG", "zh_CN"), ("zh_Hans", "zh_CN"), ("zh", "zh_CN"),
    ("zh_Hans_HK", "zh_CN"),   # Simplified script in Hong Kong: the script decides
    ("zh_HK", "zh_HK"), ("zh_TW", "zh_HK"), ("zh_MO", "zh_HK"), ("zh_Hant", "zh_HK"),
    ("zh_Hant_CN", "zh_HK"),
])
def test_language_follows_the_locale(name: str, lang: str) -> None:
    assert language_for_locale(QLocale(name)) == lang
    assert resolve_language("auto", QLocale(name)) == lang


@pytest.mark.parametrize("setting", ["en", "zh_CN", "zh_HK"])
def test_the_setting_overrides_the_locale(setting: str) -> None:
    for system in ("C", "zh_CN", "zh_HK"):
        assert resolve_language(setting, QLocale(system)) == setting


def test_amount_units_by_language() -> None:
    assert [amount_units("auto", lang) for lang in ("en", "zh_CN", "zh_HK")] == [
        "kmb", "wan", "wan_hant"]
    assert amount_units("kmb", "zh_HK") == "kmb"
    assert amount_units("wan", "en") == "wan" and amount_units("wan", "zh_HK") == "wan_hant"


def test_field_labels_in_three_languages() -> None:
    main = FIELD_BY_KEY["main_net_inflow"]
    assert [main.label(lang) for lang in ("en", "zh", "zh_CN", "zh_HK")] == [
        "Main net inflow", "主力净流入", "主力净流入", "主力淨流入"]
    assert FIELD_BY_KEY["retail_net_inflow_ratio"].label("zh_HK") == "散戶淨佔比"
    assert FIELD_BY_KEY["super_net_inflow"].label("zh_HK") == "超大單淨流入"
    assert FIELD_BY_KEY["code"].label("zh_HK") == "股票代碼"
    assert series_label("small", "zh_HK") == "小單" and series_label("small", "en") == "Small"


# --- the translators ----------------------------------------------------------------------

def test_apply_language_installs_and_replaces_translators(qapp, english_after) -> None:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                           | QDialogButtonBox.StandardButton.Cancel)
    assert apply_language("zh_CN") == "zh_CN" and current_language() == "zh_CN"
    QApplication.processEvents()  # LanguageChange is posted
    # Qt's own words come from Qt's catalogue, FlowDeck's from its own.
    assert [b.text() for b in box.buttons()] == ["确定", "取消"]
    assert QApplication.translate("MainWindow", "&File") == "文件"
    assert apply_language("zh_HK") == "zh_HK"
    QApplication.processEvents()
    assert [b.text() for b in box.buttons()] == ["確定", "取消"]  # Qt's zh_TW file
    assert QApplication.translate("StatusBar", "SIMULATED") == "模擬數據"
    assert qt_catalogue("zh_HK").name == "qtbase_zh_TW.qm" and qt_catalogue("en") is None
    assert apply_language("en") == "en"
    QApplication.processEvents()
    assert [b.text() for b in box.buttons()] == ["OK", "Cancel"]
    assert QApplication.translate("MainWindow", "&File") == "&File"


def test_the_tray_menu_follows_the_language(qapp, english_after) -> None:
    tray = Tray()
    try:
        assert tray.pause_menu.title() == "Pause alerts"
        apply_language("zh_CN")
        QApplication.processEvents()  # the menu is a window: it gets LanguageChange
        assert tray.pause_menu.title() == "暂停提醒"
        assert tray.quit_action.text() == "退出"
        assert tray.show_hide_action.text() == "隐藏窗口"
        assert "FlowDeck — 未连接" in tray.tray_icon.toolTip()
        tray.set_paused(None)
        assert tray.paused_label.text() == "提醒已暂停，直至恢复"
    finally:
        tray.deleteLater()


def test_banners_given_a_function_follow_the_language(qapp, english_after) -> None:
    banners = BannerArea()
    try:
        fixed = banners.show_message("fixed", "as it was typed")
        live = banners.show_message(
            "live", lambda: QApplication.translate("MainWindow", "Filter codes…"))
        assert live.text() == "Filter codes…"
        apply_language("zh_HK")
        QApplication.processEvents()
        assert live.text() == "篩選代碼…" and fixed.text() == "as it was typed"
        assert live.close_button.toolTip() == "關閉"
    finally:
        banners.deleteLater()


# --- the window ---------------------------------------------------------------------------

def menu_titles(w) -> list[str]:
    return [a.text().replace("&", "") for a in w.menuBar().actions()]


def dock_titles(w) -> list[str]:
    return [d.windowTitle().split(" — ")[0] for d in w.docks()]


def header_texts(view: QAbstractItemView) -> list[str]:
    model = view.model()
    return [str(model.headerData(c, Qt.Orientation.Horizontal) or "")
            for c in range(model.columnCount())]


def write_config(tmp_path, language: str):
    path = tmp_path / "flowdeck.toml"
    path.write_text(f'[display]\nlanguage = "{language}"\n', encoding="utf-8")
    return path


async def switch_language(w, language: str) -> None:
    """As a user does: the settings dialog's language combo, then Apply."""
    dialog = w.open_settings()
    combo = dialog.findChild(QComboBox, "languageCombo")
    combo.setCurrentIndex(combo.findData(language))
    assert dialog.apply()
    await wait_until(lambda: menu_titles(w) == MENUS[language], 5)


def test_switching_language_relabels_the_running_window(qloop, flowdeck_home,
                                                        english_after) -> None:
    async def body(w):
        await wait_until(lambda: w.follower.applies >= 1, 20)
        assert menu_titles(w) == MENUS["en"] and current_language() == "en"
        assert w.model.headerData(0, Qt.Orientation.Horizontal) == "Code"
        for lang, code_header, main_header, source in (
                ("zh_CN", "股票代码", "主力净额", "数据源："),
                ("zh_HK", "股票代碼", "主力淨額", "數據源："),
                ("en", "Code", "Main net", "Source: ")):
            await switch_language(w, lang)
            assert dock_titles(w) == DOCKS[lang]
            view_actions = [a.text().split(" — ")[0] for a in w.view_menu.actions()
                            if a.text() and a.objectName() != "quickSearchAction"]
            assert view_actions[:3] == DOCKS[lang]  # the docks' toggles follow their titles
            assert header_texts(w.view)[:3] == [code_header,
                                                {"en": "Ccy", "zh_CN": "币种",
                                                 "zh_HK": "幣種"}[lang], main_header]
            assert w.status.badge.text() == BADGE[lang]
            assert w.status.source.text().startswith(source)
            assert w.settings_dialog.windowTitle() == {
                "en": "FlowDeck settings", "zh_CN": "FlowDeck 设置",
                "zh_HK": "FlowDeck 設定"}[lang]
            assert w.settings_dialog.labels["language"].text() == {
                "en": "Language", "zh_CN": "语言", "zh_HK": "語言"}[lang]
            units = w.settings_dialog.findChild(QComboBox, "unitsCombo")
            assert units.itemText(units.findData("wan")) == {
                "en": "万 / 亿", "zh_CN": "万 / 亿", "zh_HK": "萬 / 億"}[lang]
            assert header_texts(w.alerts.dock.view)[0] == {
                "en": "Time", "zh_CN": "时间", "zh_HK": "時間"}[lang]
            # Amounts follow: K/M/B in English, 万/亿, and 萬/億 in Hong Kong.
            assert w.model.text.amount_units == amount_units("auto", lang)
        assert w.status.markets.text().split()[1] in ("open", "pre-open", "lunch", "closed")

    run_window(qloop, body)


def visible_texts(w) -> list[tuple[str, str]]:
    """(where, text) of everything the window shows in words: labels, buttons, line
    edits, combo items, tabs, spin boxes, dock titles, menus and their actions, table
    headers, the detail chart's legend and axis, and the live table's cells."""
    out: list[tuple[str, str]] = [("window title", w.windowTitle())]
    widgets = [w, *w.findChildren(QWidget)]
    for dialog in (w.settings_dialog, w.alerts.rules_dialog, w.alerts.rule_dialog):
        if dialog is not None:
            widgets += [dialog, *dialog.findChildren(QWidget)]
    for widget in widgets:
        if not widget.isVisible():
            continue
        name = f"{type(widget).__name__} {widget.objectName()}"
        if isinstance(widget, QLabel):
            out.append((name, widget.text()))
        elif isinstance(widget, QAbstractButton):
            out.append((name, widget.text()))
        elif isinstance(widget, QLineEdit):
            out += [(name, widget.text()), (name, widget.placeholderText())]
        elif isinstance(widget, QComboBox):
            # The watchlist combo lists the user's own names; the source combo URLs.
            if widget.objectName() not in ("watchlistCombo", "sourceEdit"):
                out += [(name, widget.itemText(i)) for i in range(widget.count())]
        elif isinstance(widget, QTabBar):
            out += [(name, widget.tabText(i)) for i in range(widget.count())]
        elif isinstance(widget, QAbstractSpinBox):
            out.append((name, widget.text()))
        elif isinstance(widget, QDockWidget):
            out.append((name, widget.windowTitle()))
        if isinstance(widget, QTableView) and widget.horizontalHeader().isVisible():
            out += [(f"{name} header", t) for t in header_texts(widget)]
    menus = [a.menu() for a in w.menuBar().actions()]
    while menus:
        menu = menus.pop()
        out.append(("menu", menu.title()))
        for action in menu.actions():
            out.append(("menu action", action.text()))
            if isinstance(action.menu(), QMenu):
                menus.append(action.menu())
    out += [("legend", label.text) for _, label in w.detail_dock.legend.items]
    out += [("bar axis", text) for text in axis_labels(w.detail_dock.bars)]
    model = w.model
    out += [("cell", str(model.index(r, c).data() or ""))
            for r in range(min(model.rowCount(), 30)) for c in range(model.columnCount())]
    return out


def axis_labels(plot) -> list[str]:
    """The bottom axis's labels as pyqtgraph lays them out to draw them."""
    image = QImage(1, 1, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        specs = plot.getPlotItem().getAxis("bottom").generateDrawSpecs(painter)
    finally:
        painter.end()
    return [text for _rect, _flags, text in specs[2]] if specs else []


def english_left(texts: list[tuple[str, str]]) -> list[tuple[str, str]]:
    bad = []
    for where, text in texts:
        plain = DATA.sub(" ", TAG.sub(" ", text.replace("&", "")))
        words = [word for word in WORD.findall(plain) if word not in ALLOWED_WORDS]
        if words:
            bad.append((where, text))
    return bad


@pytest.mark.parametrize("language", ["zh_CN", "zh_HK"])
def test_the_real_window_in_chinese_has_no_english_left(qloop, flowdeck_home, tmp_path,
                                                        english_after, language) -> None:
    async def body(w):
        await wait_until(lambda: w.follower.applies >= 2 and w.detail_dock.code, 20)
        assert current_language() == language
        w.open_settings()
        w.alerts.open_rules()
        w.alerts.new_rule(None, "main_net_inflow", ">")
        await wait_until(lambda: w.alerts.rule_dialog.isVisible(), 5)
        texts = visible_texts(w)
        assert len(texts) > 200  # it did walk the window
        assert english_left(texts) == []
        chinese = [t for _, t in texts if re.search(r"[\u4e00-\u9fff]", t)]
        assert len(chinese) > 100
        # ... and back to English, without a restart.
        await switch_language(w, "en")
        assert dock_titles(w) == DOCKS["en"] and w.status.badge.text() == "SIMULATED"
        await wait_until(lambda: w.alerts.rule_dialog.windowTitle() == "New alert", 5)
        assert w.alerts.rules_dialog.windowTitle() == "Alert rules"
        assert header_texts(w.view)[0] == "Code"
        assert w.detail_dock.legend.items[0][1].text == "Main"
        # Chinese left in English is deliberate: the other languages' names in the
        # language combo, 万 / 亿 as units (English hints show 5000万 can be typed) and
        # 茅台 in the search boxes' hint (a name can be typed in Chinese).
        left = {t for _, t in visible_texts(w)
                if re.search(r"[\u4e00-\u9fff]", t.replace("万", "").replace("亿", "")
                             .replace("茅台", ""))}
        assert left <= {"简体中文", "繁體中文（香港）"}, left

    run_window(qloop, body, config=write_config(tmp_path, language))
