"""eastmoney:// is off until chosen: a fresh install runs the simulator; Settings offers
eastmoney:// among its sources, and choosing it (here `eastmoney://HOST:PORT?tls=0` on
the fake East Money, tests/support/fake_eastmoney/) restarts the real window on East
Money's numbers, labelled as theirs, and saves the choice. A bad option is refused in
the dialog, in the language shown."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtWidgets import QApplication

from flowdeck.storage import paths
from flowdeck.storage.config import Config, load_config
from flowdeck.ui.look.i18n import apply_language
from flowdeck.ui.shell.settings_dialog import SettingsDialog
from tests.support.fake_eastmoney.threaded import threaded_fake
from tests.support.waiting import wait_until
from tests.support.window import run_window


def test_choosing_eastmoney_in_settings_runs_it_and_saves_it(qloop, flowdeck_home) -> None:
    seen: dict = {}

    async def body(w) -> None:
        await wait_until(lambda: w.follower.applies >= 1, 20)
        seen["first"] = (w.follower.source, w.status.badge.isVisibleTo(w),
                         w.status.convention.isVisibleTo(w))
        dialog = w.open_settings()
        offered = [dialog.source.itemText(i) for i in range(dialog.source.count())]
        seen["offered"] = offered
        dialog.source.setCurrentText(url)
        assert dialog.apply()
        row = w.model.table.codes.index("SH.600519")
        await wait_until(lambda: np.isfinite(w.model.table.values[row]).all(), 20,
                         what="East Money's numbers in the SH.600519 row")
        seen["then"] = (w.follower.source, w.status.badge.isVisibleTo(w),
                        w.status.convention.isVisibleTo(w))
        dialog.close()

    with threaded_fake() as fake:
        url = fake.source + "&rate=20"
        # No config file yet: the window writes the default one, on the simulator.
        run_window(qloop, body, source=None)
    assert seen["first"] == ("sim", True, False)
    assert "eastmoney://" in seen["offered"]
    assert seen["then"] == (url, False, True)
    assert load_config(paths.config_path()).config.source_url == url


@pytest.mark.parametrize(("lang", "words"), [
    ("en", "eastmoney: rate must be a number of requests a second, more than 0 and at most "
           "20, got '99'"),
    ("zh_CN", "eastmoney：rate 是每秒请求数，必须大于 0 且不超过 20，收到的是 '99'"),
    ("zh_HK", "eastmoney：rate 是每秒請求數，必須大於 0 且不超過 20，收到的是 '99'"),
])
def test_a_bad_option_is_refused_in_the_language_shown(qtbot, lang, words) -> None:
    try:
        apply_language(lang)
        QApplication.processEvents()
        dialog = SettingsDialog(Config())
        qtbot.addWidget(dialog)
        dialog.source.setCurrentText("eastmoney://?rate=99")
        assert not dialog.apply()
        assert dialog.source_error.text() == words
    finally:
        apply_language("en")
        QApplication.processEvents()
