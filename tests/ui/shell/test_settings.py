"""The settings dialog: non-modal, values round-trip through the config file, a bad
source is refused inline, applying updates the model and restarts on a new source."""

from __future__ import annotations

import asyncio

import pytest
from PySide6.QtWidgets import QDialogButtonBox, QLabel

from flowdeck.core.errors import FlowDeckError
from flowdeck.feeds.registry import check_source
from flowdeck.storage import paths
from flowdeck.storage.config import Config, load_config
from flowdeck.ui.shell.open_window import open_window
from flowdeck.ui.shell.settings_dialog import SettingsDialog
from tests.support.waiting import wait_until
from tests.support.window import run_window


def test_dialog_round_trip(qtbot) -> None:
    config = Config(source_url="sim?seed=3", units="wan", colors="green-up", stale_after_s=45)
    dialog = SettingsDialog(config)
    qtbot.addWidget(dialog)
    assert not dialog.isModal()
    assert dialog.edited() == config  # nothing touched: the same config
    got: list[Config] = []
    dialog.applied.connect(got.append)
    dialog.source.setCurrentText("gateway://127.0.0.1:11111")
    dialog.units.setCurrentIndex(dialog.units.findData("kmb"))
    dialog.colors.setCurrentIndex(dialog.colors.findData("auto"))
    dialog.stale.setValue(90)
    assert dialog.apply()
    assert got[-1] == Config(source_url="gateway://127.0.0.1:11111", units="kmb",
                             colors="auto", stale_after_s=90)
    assert config.source_url == "sim?seed=3"  # a copy, not the original


def test_bad_source_is_refused_inline(qtbot) -> None:
    dialog = SettingsDialog(Config())
    qtbot.addWidget(dialog)
    got: list[Config] = []
    dialog.applied.connect(got.append)
    dialog.source.setCurrentText("sim?speed=fast")
    assert not dialog.apply()
    assert got == [] and "speed" in dialog.source_error.text()


@pytest.mark.parametrize("url", ["nosuch", "gateway://nohost", "sim?colour=red", ""])
def test_check_source_rejects(url: str) -> None:
    with pytest.raises(FlowDeckError):
        check_source(url)


@pytest.mark.parametrize("url", ["sim", " sim?speed=20&seed=7 ", "gateway://h:1?token=T"])
def test_check_source_accepts(url: str) -> None:
    assert check_source(url) == url.strip()


def test_applying_saves_updates_and_restarts_on_a_new_source(qloop, flowdeck_home) -> None:
    window = open_window(None, None)

    async def go():
        window.show()
        window.start()
        try:
            await wait_until(lambda: window.follower.applies >= 1, 20)
            first_feed = window.follower.feed
            dialog = window.open_settings()
            assert dialog.isVisible() and not dialog.isModal()
            dialog.source.setCurrentText("sim?speed=20&seed=9")
            dialog.units.setCurrentIndex(dialog.units.findData("wan"))
            dialog.stale.setValue(12)
            dialog.apply()
            assert window.model.text.units == "wan" and window.store.stale_after_s == 12
            assert window.follower.feed is not first_feed
            assert window.follower.source == "sim?speed=20&seed=9"
            applies = window.follower.applies
            await wait_until(lambda: window.follower.applies > applies, 20)
            assert window.status.source.text() == "Source: sim?speed=20&seed=9"
        finally:
            await window.shutdown()
            window.close()

    qloop.run_until_complete(asyncio.wait_for(go(), 60))
    saved = load_config(paths.config_path()).config
    assert (saved.source_url, saved.units, saved.stale_after_s) == ("sim?speed=20&seed=9",
                                                                    "wan", 12)
    assert saved.watchlists and saved.active_watchlist == "Default"


def ok_button(dialog: SettingsDialog):
    return dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)


def test_a_source_override_is_shown_as_running_and_never_saved_unasked(
        qloop, flowdeck_home) -> None:
    override = "sim?speed=20&seed=7"
    config_file = paths.config_path()

    async def body(w):
        await wait_until(lambda: w.follower.applies >= 1, 20)
        w.settings_action.trigger()  # File → Settings…
        dialog = w.settings_dialog
        assert dialog.isVisible()
        assert dialog.source.currentText() == override  # what runs, not what is saved
        note = dialog.findChild(QLabel, "sourceNote")
        assert note.isVisible()
        assert note.text() == f"Running: {override} (--source override; saved: sim)"
        # Another setting changed, the source left alone: the file keeps "sim".
        dialog.units.setCurrentIndex(dialog.units.findData("wan"))
        ok_button(dialog).click()
        assert not dialog.isVisible()
        saved = load_config(config_file).config
        assert (saved.source_url, saved.units) == ("sim", "wan")
        assert w.follower.source == override  # the override still runs
        # Reopened: still the override, still said so.
        w.settings_action.trigger()
        assert dialog.source.currentText() == override and note.isVisible()
        # The user picks the saved source: it runs, and the note goes.
        dialog.source.setCurrentText("sim")
        ok_button(dialog).click()
        assert w.follower.source == "sim"
        assert load_config(config_file).config.source_url == "sim"
        w.settings_action.trigger()
        assert dialog.source.currentText() == "sim" and not note.isVisible()
        # A new one typed in: saved and run.
        dialog.source.setCurrentText("sim?seed=3")
        ok_button(dialog).click()
        assert w.follower.source == "sim?seed=3"
        assert load_config(config_file).config.source_url == "sim?seed=3"

    run_window(qloop, body, source=override)
