"""The Days view speaks the window's language, days of the week included: past days
filled from File > Fill past days, a stock picked in the table, the Days tab, a click on
a bar; its crosshair and the day under the chart name the weekday in English, then in
简体中文 and 繁體中文（香港） once File > Settings… switches the language, and in
English again."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from flowdeck.storage import paths
from tests.support.waiting import wait_until
from tests.support.window import run_window
from tests.support.window_settings import back_to_english, choose_in_settings

CODE = "HK.00700"
# The short weekday, Monday first, as each language writes it.
WEEKDAYS = {"en": ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
            "zh_CN": [f"周{d}" for d in "一二三四五六日"],
            "zh_HK": [f"週{d}" for d in "一二三四五六日"]}


@pytest.fixture
def english_after(qapp):
    yield
    back_to_english()


def write_watchlist() -> None:
    path = paths.config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f'[display]\nlanguage = "en"\n[[watchlists]]\nname = "Default"\n'
                    f'codes = {json.dumps([CODE])}\n', encoding="utf-8")


def test_the_weekday_in_the_language_chosen(qloop, flowdeck_home, english_after) -> None:
    write_watchlist()
    seen: dict[str, tuple[str, str, str]] = {}

    async def body(w):
        await wait_until(lambda: w.day_history.history is not None, 20)
        await wait_until(lambda: w.follower.applies >= 1, 20)
        filled = []
        w.day_history.refreshed.connect(filled.append)
        fill = next(a for a in w.day_history.menu.actions()
                    if a.objectName() == "backfill20Action")
        fill.trigger()
        await wait_until(lambda: filled, 30)
        w.view.selectRow(w.model.row_of_code(CODE))
        dock = w.detail_dock
        tabs = dock.tabs.tabBar()
        QTest.mouseClick(tabs, Qt.MouseButton.LeftButton, pos=tabs.tabRect(1).center())
        bars = dock.days_view.bars
        await wait_until(lambda: len(bars.days) >= 10, 10)
        QApplication.processEvents()
        w.grab()  # pyqtgraph lays the bars out on a paint
        day = bars.days[3]
        QTest.mouseClick(bars.viewport(), Qt.MouseButton.LeftButton, pos=bars.bar_center(3))
        assert dock.shown_day == day
        for language in ("en", "zh_CN", "zh_HK", "en"):
            if language != "en" or seen:
                choose_in_settings(w, languageCombo=language)
            name = WEEKDAYS[language][day.weekday()]
            await wait_until(lambda n=name: n in bars.crosshair_text()
                             and n in dock.day_switch.text(), 5)
            seen[language] = (bars.crosshair_text(), dock.day_switch.text(),
                              dock.day_tag.textItem.toPlainText())
        seen["day"] = (day.isoformat(), "", "")

    run_window(qloop, body)
    iso = seen["day"][0]
    english = set(WEEKDAYS["en"])
    for language in ("zh_CN", "zh_HK"):
        crosshair, switch, tag = seen[language]
        for text in (crosshair, switch, tag):
            assert f"{iso} " in text
            assert any(f"{iso} {n}" in text for n in WEEKDAYS[language]), text
            assert not any(n in text for n in english), text
    assert any(f"{iso} {n}" in seen["en"][0] for n in english)
