"""Error messages the window shows, in the language spoken: the core keeps its English
messages and carries a reason and params; the window translates from those. Driven as a
user does: the language switched in File → Settings, a bad code typed into the watchlist
dock, a bad source checked by the settings dialog, whose message wraps whole."""

from __future__ import annotations

import asyncio
import re

import pytest
from PySide6.QtWidgets import QApplication, QComboBox, QDialogButtonBox, QLabel, QLineEdit

from flowdeck.core.codes import parse_code
from flowdeck.core.errors import FlowDeckError
from flowdeck.feeds.futu import sdk as futu_sdk
from flowdeck.ui.look.error_text import error_text
from flowdeck.ui.look.i18n import apply_language
from tests.support.waiting import wait_until
from tests.support.window import run_window

HAN = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def english_after(qapp):
    yield
    apply_language("en")
    QApplication.processEvents()


def settings_button(dialog, which: QDialogButtonBox.StandardButton):
    return dialog.findChild(QDialogButtonBox).button(which)


def switch_language(w, language: str) -> None:
    """File → Settings…, the language combo, OK."""
    w.settings_action.trigger()
    combo = w.settings_dialog.findChild(QComboBox, "languageCombo")
    combo.setCurrentIndex(combo.findData(language))
    settings_button(w.settings_dialog, QDialogButtonBox.StandardButton.Ok).click()


def test_the_core_s_code_errors_read_in_chinese(qapp, english_after) -> None:
    errors = []
    for text in ("HK.ABC", "US.123", "SH.12", "AAPL", "ＨＫ.700", 7):
        with pytest.raises(FlowDeckError) as caught:
            parse_code(text)
        errors.append(caught.value)
    english = [error_text(e) for e in errors]
    assert english == [e.message for e in errors]  # English: the core's own words
    apply_language("zh_CN")
    chinese = [error_text(e) for e in errors]
    assert all(HAN.search(t) and "invalid" not in t for t in chinese), chinese
    assert "'HK.ABC'" in chinese[0] and "1-5" in chinese[0]  # the params are kept


def test_a_bad_code_in_the_watchlist_dock_is_explained_in_chinese(
        qloop, flowdeck_home, english_after) -> None:
    async def body(w):
        await wait_until(lambda: w.follower.applies >= 1, 20)
        dock = w.watchlist_dock
        edit = dock.findChild(QLineEdit, "codeEdit")
        edit.setText("HK.ABC")
        assert "HK symbols are 1-5 digits" in dock.message_text()
        switch_language(w, "zh_CN")
        await wait_until(lambda: HAN.search(dock.message_text()), 5)  # shown again
        assert "HK.ABC" in dock.message_text() and "invalid" not in dock.message_text()
        edit.setText("US.AAPL, SH.12")  # two codes, one bad: the details say which
        assert HAN.search(dock.details_text()) and "SH.12" in dock.details_text()
        assert "exactly 6 digits" not in dock.details_text()

    run_window(qloop, body)


def fits(label: QLabel) -> bool:
    """The label shows its whole wrapped text: tall enough, and inside its window."""
    window = label.window()
    bottom = label.mapTo(window, label.rect().bottomLeft()).y()
    return label.height() >= label.heightForWidth(label.width()) and bottom <= window.height()


@pytest.mark.parametrize("missing_sdk", [False, True])
def test_the_settings_source_check_is_chinese_and_whole(qloop, flowdeck_home, english_after,
                                                        monkeypatch, missing_sdk) -> None:
    if missing_sdk:  # as on a machine without futu-api
        monkeypatch.setattr(futu_sdk, "installed", lambda: False)
    url = "futu://127.0.0.1:11111" if missing_sdk else "futu://127.0.0.1"

    async def body(w):
        await wait_until(lambda: w.follower.applies >= 1, 20)
        switch_language(w, "zh_CN")
        w.settings_action.trigger()
        dialog = w.settings_dialog
        dialog.source.setCurrentText(url)
        settings_button(dialog, QDialogButtonBox.StandardButton.Apply).click()
        label = dialog.findChild(QLabel, "sourceError")
        await wait_until(label.isVisible, 5)
        await asyncio.sleep(0.1)  # the layout settles
        text = label.text()
        assert label.isVisible() and HAN.search(text), text
        if missing_sdk:
            assert text.endswith(futu_sdk.INSTALL_HINT)  # the instruction, whole
        else:
            assert "11111" in text and "futu" in text
        assert label.wordWrap() and fits(label), (label.size(), dialog.size())

    run_window(qloop, body)
