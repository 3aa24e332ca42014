"""In the window: the rule editor offers the channels of the settings file's [[channels]]
(Settings > Channels), Alerts > Manage rules marks a rule's channel the file lacks, and
the rule saved through the menus keeps its channels, conditions, once a day and expiry,
in the file and in the editor when the list is closed and opened again."""

from __future__ import annotations

import tomllib

from PySide6.QtCore import QDate, Qt

from flowdeck.storage import paths
from flowdeck.ui.alerts.rules_model import CHANNELS
from tests.support import window as support_window
from tests.support.alert_window import write_config
from tests.support.waiting import wait_until

CHANNEL_TABLES = '''
[[channels]]
name = "desk-hook"
kind = "webhook"
url = "http://127.0.0.1:9/hook"

[[channels]]
name = "ops-hook"
kind = "webhook"
url = "http://127.0.0.1:9/ops"

[[alerts]]
scope = "code:HK.00700"
field = "main_net_inflow"
op = ">"
threshold = "50M"
channels = ["gone", "ops-hook"]
'''


def action(w, text: str):
    return next(a for a, t in w.alerts.menu_actions if t.replace("&", "") == text)


def test_the_window_offers_its_channels_and_saves_the_rule(qloop, flowdeck_home) -> None:
    write_config(CHANNEL_TABLES)
    seen: dict = {}

    async def body(w):
        await wait_until(lambda: w.follower.applies >= 1, 20)
        action(w, "Manage rules…").trigger()
        rules = w.alerts.rules_dialog
        index = rules.model.index(0, CHANNELS)
        seen["cell"] = rules.model.data(index)
        seen["mark"] = rules.model.data(index, Qt.ItemDataRole.DecorationRole) is not None
        rules.add_button.click()
        editor = rules.editor
        names = editor.delivery.channels
        seen["offered"] = [names.item(i).text() for i in range(names.count())]
        editor.scope_kind.setCurrentIndex(editor.scope_kind.findData("code"))
        editor.scope_code.setText("US.AAPL")
        editor.threshold.setText("0")
        editor.conditions.add_button.click()
        row = editor.conditions.rows[0]
        row.field.setCurrentIndex(row.field.findData("main_net_inflow_ratio"))
        row.threshold.setText("2%")
        editor.delivery.once_per_day.click()
        editor.delivery.expires.click()
        editor.delivery.expires_date.setDate(QDate(2026, 12, 31))
        names.item(0).setCheckState(Qt.CheckState.Checked)
        editor.ok_button.click()
        rules.close()
        await wait_until(lambda: w.alerts.rules_dialog is None, 5)
        action(w, "Manage rules…").trigger()   # reopened: the rule as it was saved
        again = w.alerts.rules_dialog.ask_edit(1)
        seen["reopened"] = ([r.values() for r in again.conditions.rows],
                            again.delivery.values())
        again.reject()
        w.alerts.rules_dialog.close()

    w = support_window.run_window(qloop, body, timeout=60)
    assert seen["offered"] == ["desk-hook", "ops-hook"]
    assert seen["cell"] == "Tray, gone, ops-hook" and seen["mark"]
    saved = tomllib.loads(paths.config_path().read_text(encoding="utf-8"))["alerts"]
    assert saved[0]["channels"] == ["gone", "ops-hook"]   # kept though not configured
    new = saved[1]
    assert new["scope"] == "code:US.AAPL" and new["channels"] == ["desk-hook"]
    assert new["conditions"] == [{"field": "main_net_inflow_ratio", "op": ">",
                                  "threshold": 0.02}]
    assert new["once_per_day"] is True and new["expires"] == "2026-12-31"
    assert seen["reopened"] == (
        [{"field": "main_net_inflow_ratio", "op": ">", "threshold": "2%", "hysteresis": ""}],
        {"once_per_day": True, "expires": "2026-12-31", "channels": ["desk-hook"]})
    assert [r.channels for r in w.alerts.center.rules] == [("gone", "ops-hook"),
                                                           ("desk-hook",)]
