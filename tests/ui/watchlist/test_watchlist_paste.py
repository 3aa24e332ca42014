"""Pasting a table copied from East Money or Tonghuashun into the watchlist dock, as a
user does it (the clipboard, then the dock's Paste shortcut action or its Paste button):
the codes are taken from the rows, headers and lines without a code are skipped and
counted in one summary line, the details are behind a button, and the dock keeps its
size (the code list its rows, the chart beside it its width)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QComboBox, QDialogButtonBox

from flowdeck.ui.look.i18n import apply_language
from flowdeck.ui.shell.open_window import open_window

# East Money's 资金流向 page: a header row, the rows, then lines without a code.
EAST_MONEY = (
    "序号\t代码\t名称\t最新价\t涨跌幅\t主力净流入\t超大单净流入\n"
    "1\t600519\t贵州茅台\t1700.00\t1.20%\t3.2亿\t1.1亿\n"
    "2\t000858\t五粮液\t150.30\t-0.52%\t-1.05亿\t-5000万\n"
    "3\t300750\t宁德时代\t180.20\t2.10%\t8.80亿\t2.30亿\n"
    "4\t601318\t中国平安\t45.67\t0.30%\t1.50亿\t6000万\n"
    "沪深京A股\n"
    "数据来源：东方财富\n"
    "合计\t\t\t\t\t14.45亿\t\n"
)
EAST_MONEY_CODES = ["SH.600519", "SZ.000858", "SZ.300750", "SH.601318"]
# Tonghuashun: prefixed A-share codes, HK codes of five digits, 主力 amounts.
TONGHUASHUN = (
    "代码\t名称\t现价\t涨幅%\t主力净量\t主力金额\n"
    "SH600036\t招商银行\t35.20\t0.85\t0.12\t2.31亿\n"
    "002594.SZ\t比亚迪\t250.10\t-1.20\t-0.05\t-3215.5万\n"
    "09988\t阿里巴巴-W\t80.55\t2.05\t0.33\t5.6亿\n"
    "00700\t腾讯控股\t380.00\t0.10\t0.02\t9876万\n"
)
TONGHUASHUN_CODES = ["SH.600036", "SZ.002594", "HK.09988", "HK.00700"]


@pytest.fixture
def window(qtbot, flowdeck_home):
    w = open_window(None, "sim?seed=7")
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    yield w
    apply_language("en")  # the language is the application's: later tests start in English


def paste_action(dock) -> QAction:
    """The dock's own Paste action (Ctrl+V on its code list)."""
    paste = QKeySequence(QKeySequence.StandardKey.Paste)
    found = [a for a in dock.view.actions() if a.shortcut() == paste]
    assert len(found) == 1
    return found[0]


def settle(qtbot) -> None:
    QApplication.processEvents()
    qtbot.wait(50)


def visible_rows(dock) -> int:
    """Rows of the code list in view (its viewport over one row's height)."""
    return dock.view.viewport().height() // dock.view.fontMetrics().lineSpacing()


def new_list(dock) -> None:
    """An empty list of the user's own (the default one holds the simulator's codes)."""
    assert dock.create_list("Pasted") and dock.message_text() == ""


@pytest.mark.parametrize("table, codes, skipped", [
    (EAST_MONEY, EAST_MONEY_CODES, 4), (TONGHUASHUN, TONGHUASHUN_CODES, 1)],
    ids=["east-money", "tonghuashun"])
def test_pasting_a_quote_site_table_takes_its_codes_in_one_line(window, qtbot, table, codes,
                                                                skipped):
    dock = window.watchlist_dock
    new_list(dock)
    settle(qtbot)
    before = dock.store.codes()
    rows, dock_width = visible_rows(dock), dock.width()
    chart_width = window.detail_dock.width()
    assert rows >= 4 and dock.message_text() == ""

    QApplication.clipboard().setText(table)
    paste_action(dock).trigger()
    settle(qtbot)

    assert dock.store.codes() == before + codes
    assert visible_rows(dock) == rows
    assert (dock.width(), window.detail_dock.width()) == (dock_width, chart_width)
    summary = dock.message_text()
    assert "\n" not in summary
    assert f"Added {len(codes)} codes." in summary
    assert (f"{skipped} lines without a code skipped." if skipped > 1
            else "1 line without a code skipped.") in summary
    label = dock.findChild(object, "watchlistMessage")
    assert label.height() < 2 * label.fontMetrics().lineSpacing()
    button = dock.findChild(object, "watchlistDetailsButton")
    assert button.isVisible()


def test_details_open_on_demand_without_resizing_the_dock(window, qtbot):
    dock = window.watchlist_dock
    new_list(dock)
    settle(qtbot)
    rows, dock_width = visible_rows(dock), dock.width()
    QApplication.clipboard().setText(EAST_MONEY)
    dock.paste_button.click()
    settle(qtbot)
    button = dock.findChild(object, "watchlistDetailsButton")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = dock.findChild(object, "watchlistDetailsDialog")
    assert dialog is not None and dialog.isVisible() and not dialog.isModal()
    text = dialog.findChild(object, "watchlistDetailsText").toPlainText()
    assert "Lines without a code, skipped (4):" in text
    assert "序号 代码 名称 最新价" in text and "合计 14.45亿" in text
    assert "Added (4):" in text and "SH.600519" in text
    settle(qtbot)
    assert (visible_rows(dock), dock.width()) == (rows, dock_width)

    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Close).click()
    assert not dialog.isVisible()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # reopened, the same details
    assert dialog.isVisible()
    assert dialog.findChild(object, "watchlistDetailsText").toPlainText() == text
    dialog.close()
    # A later paste with nothing left out hides the button; the dialog is not reopened.
    QApplication.clipboard().setText("US.AMD")
    paste_action(dock).trigger()
    assert not button.isVisible() and not dialog.isVisible()
    assert dock.message_text() == "Added 1 code."


def test_summary_and_details_follow_the_language(window, qtbot):
    dock = window.watchlist_dock
    new_list(dock)
    QApplication.clipboard().setText(TONGHUASHUN)
    paste_action(dock).trigger()
    qtbot.mouseClick(dock.findChild(object, "watchlistDetailsButton"),
                     Qt.MouseButton.LeftButton)
    dialog = dock.findChild(object, "watchlistDetailsDialog")

    window.settings_action.trigger()
    settings = window.settings_dialog
    language = settings.findChild(QComboBox, "languageCombo")
    language.setCurrentIndex(language.findData("zh_CN"))
    settings.findChild(QDialogButtonBox, "settingsButtons").button(
        QDialogButtonBox.StandardButton.Ok).click()
    settle(qtbot)

    assert "Added" not in dock.message_text() and "4" in dock.message_text()
    text = dialog.findChild(object, "watchlistDetailsText").toPlainText()
    assert "Added" not in text and "SH.600036" in text
    assert dock.findChild(object, "watchlistDetailsButton").text() != "Details…"
