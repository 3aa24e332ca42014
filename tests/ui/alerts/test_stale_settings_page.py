"""Settings > Stale data in the running window, as a trader uses it: [stale] shown (a
channel no longer configured kept, marked), changed with the page's own boxes, OK
pressed: the file has the new [stale] and the window's data-stale alerts use it."""

from __future__ import annotations

import tomllib

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from flowdeck.core.stale_alerts import StaleSettings
from flowdeck.storage import paths
from flowdeck.ui.alerts.stale_settings import NAME_ROLE
from tests.support.settings_file import write_settings

SETTINGS = ('[[channels]]\nname = "desk"\nkind = "webhook"\nurl = "http://127.0.0.1:9/h"\n'
            '[[channels]]\nname = "ops"\nkind = "webhook"\nurl = "http://127.0.0.1:9/o"\n'
            '[stale]\nstale_s = 90\nchannels = ["desk", "gone"]\nkept = "a newer key"\n')


def items(page) -> dict[str, tuple[str, bool]]:
    out = {}
    for i in range(page.channels.count()):
        item = page.channels.item(i)
        out[item.data(NAME_ROLE)] = (item.text(), item.checkState() == Qt.CheckState.Checked)
    return out


def test_the_page_shows_stale_and_ok_saves_it_and_the_window_uses_it(window, qtbot):
    write_settings(SETTINGS)

    async def body(w):
        dialog = w.open_settings()
        page = dialog.stale_alerts
        dialog.pages.setCurrentWidget(page)
        assert dialog.pages.tabText(dialog.pages.indexOf(page)) == "Stale data"
        assert page.enabled.isChecked() and page.stale_s.value() == 90
        assert items(page) == {"desk": ("desk", True), "ops": ("ops", False),
                               "gone": ("gone (not configured)", True)}
        page.stale_s.setValue(300)
        page.channels.item(1).setCheckState(Qt.CheckState.Checked)     # ops
        page.channels.item(2).setCheckState(Qt.CheckState.Unchecked)   # gone
        qtbot.mouseClick(dialog.findChild(QDialogButtonBox).button(
            QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
        assert not dialog.isVisible()
        w.alerts.stale.check()
        assert w.alerts.stale.watch.settings == StaleSettings(True, 300.0, ("desk", "ops"))
        page.enabled.setChecked(False)
        assert not page.stale_s.isEnabled() and not page.channels.isEnabled()

    window(body)
    doc = tomllib.loads(paths.config_path().read_text("utf-8"))
    assert doc["stale"] == {"kept": "a newer key", "enabled": True, "stale_s": 300,
                            "channels": ["desk", "ops"]}


def test_an_untouched_page_leaves_stale_as_written(window, qtbot):
    write_settings('[stale]\nstale_s = 90.5\n')

    async def body(w):
        dialog = w.open_settings()
        dialog.units.setCurrentIndex(dialog.units.findData("wan"))
        assert dialog.apply()

    window(body)
    doc = tomllib.loads(paths.config_path().read_text("utf-8"))
    assert doc["stale"] == {"stale_s": 90.5}
