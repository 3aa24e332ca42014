"""Settings > Big trades: the minimum value per market and per code and the tape's caps,
shown from the file's [tape] table, checked as typed (a bad line or amount named, in
the language spoken, nothing applied), saved; the running window keeps its tape by
the new caps and tells the source its new minimums (and each new source it opens);
the codes whose trades the source does not see are named over the tape as it says."""

from __future__ import annotations

import json

from PySide6.QtWidgets import QDialogButtonBox

from flowdeck.core.batch import Batch
from flowdeck.core.big_trade_thresholds import BigTradeThresholds, TapeSettings
from flowdeck.core.codes import Market
from flowdeck.storage import paths
from flowdeck.storage.config import Config, load_config
from flowdeck.storage.tape_settings import set_tape_settings, tape_settings
from flowdeck.ui.shell.settings_dialog import SettingsDialog
from tests.support.batches import rec
from tests.support.tape_feed import TapeSettingsFeed
from tests.support.universes import StaticUniverse
from tests.support.waiting import wait_until
from tests.support.window import run_window


def test_the_page_shows_the_file_and_takes_what_is_typed(qtbot) -> None:
    config = Config()
    thresholds = BigTradeThresholds().with_market("HK", 1e6).with_code("HK.00700", 12_345_678)
    set_tape_settings(config, TapeSettings(thresholds, per_code=500, total=9_000))
    dialog = SettingsDialog(config)
    qtbot.addWidget(dialog)
    page = dialog.tape
    assert page.markets[Market.HK].text() == "1M" and page.markets[Market.US].text() == ""
    assert page.markets[Market.US].placeholderText() == "40K"  # the default, greyed
    assert page.codes.toPlainText() == "HK.00700 12.345678M"
    assert (page.per_code.value(), page.total.value()) == (500, 9_000)
    assert dialog.edited() == config  # untouched: the same [tape]

    qtbot.keyClicks(page.markets[Market.US], "5M")
    page.codes.setPlainText("HK.00700 12.345678M\nus.aapl 2000万\n")
    page.total.setValue(20_000)
    got: list[Config] = []
    dialog.applied.connect(got.append)
    assert dialog.apply()
    settings, problems = tape_settings(got[-1])
    assert problems == []
    assert settings == TapeSettings(
        thresholds.with_market("US", 5e6).with_code("US.AAPL", 2e7), 500, 20_000)
    assert tape_settings(config)[0].total == 9_000  # a copy, not the original


def test_a_bad_value_is_named_and_nothing_is_applied(qtbot) -> None:
    dialog = SettingsDialog(Config())
    qtbot.addWidget(dialog)
    got: list[Config] = []
    dialog.applied.connect(got.append)
    page = dialog.tape
    page.codes.setPlainText("HK.00700 10M\nHK.7OO 1M")
    assert not dialog.apply()
    assert dialog.pages.currentWidget() is page and not page.error.isHidden()
    assert page.error.text().startswith("Line 2: ")
    page.codes.setPlainText("HK.00700")
    assert not dialog.apply()
    assert page.error.text() == "Line 1: HK.00700 needs a minimum value after it"
    page.codes.clear()
    qtbot.keyClicks(page.markets[Market.SH], "-3")
    assert not dialog.apply()
    assert page.error.text() == ("SH: “-3” is not an amount of 0 or more (such as 5e6, "
                                 "500万 or 5M)")
    assert got == []


def test_the_window_keeps_its_tape_and_tells_its_source(qloop, qtbot, flowdeck_home) -> None:
    path = paths.config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f'[[watchlists]]\nname = "Default"\ncodes = {json.dumps(["HK.00700"])}\n'
                    '[tape]\nper_code = 100\n[tape.min_value]\nHK = "100万"\n',
                    encoding="utf-8")
    feed = TapeSettingsFeed(StaticUniverse(), [Batch(snapshot=True,
                                                     records={"HK.00700": rec("HK.00700", 1)})])
    seen: dict[str, object] = {}

    async def body(window) -> None:
        seen["start"] = (window.store.tape.per_code, window.store.tape.total)
        await window.follower.stop()
        window.follower.start(feed, ["HK.00700"])
        await wait_until(lambda: len(window.store.table) == 1, 10)
        window.settings_action.trigger()
        dialog = window.settings_dialog
        page = dialog.tape
        dialog.pages.setCurrentWidget(page)
        page.markets[Market.HK].clear()
        qtbot.keyClicks(page.markets[Market.US], "1M")
        page.per_code.setValue(300)
        dialog.findChild(QDialogButtonBox).button(
            QDialogButtonBox.StandardButton.Ok).click()
        seen["after"] = (window.store.tape.per_code, window.store.tape.total)
        label = window.tape.dock.uncovered
        seen["covered"] = label.isHidden()
        feed.uncovered = {"HK.00700": "no quote rights for HK pushes",
                          "US.AAPL": "beyond the subscription quota"}
        feed.report("live")
        seen["uncovered"] = (label.isHidden(), label.text(), label.toolTip())
        feed.uncovered = {}
        feed.report("live")
        seen["covered again"] = label.isHidden()

    run_window(qloop, body)
    assert seen["start"] == (100, 50_000)
    us = BigTradeThresholds().with_market("US", 1e6)
    assert feed.told == [TapeSettings(BigTradeThresholds().with_market("HK", 1e6), 100),
                         TapeSettings(us, 300)]
    assert seen["after"] == (300, 50_000)
    assert seen["covered"] and seen["covered again"]
    assert seen["uncovered"] == (
        False, "No big trades from 2 followed codes: HK.00700, US.AAPL",
        "HK.00700: no quote rights for HK pushes\nUS.AAPL: beyond the subscription quota")
    saved, problems = tape_settings(load_config(path).config)
    assert (saved, problems) == (TapeSettings(us, 300), [])
