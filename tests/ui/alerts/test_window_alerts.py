"""Alerts in the window, on the real simulator: rules from the config fire into the log
dock, the alert log file and (with no tray) banners; a bad rule is reported and kept; a
rule made from the table's context menu is saved; a restart shows today's log and fires
no storm; pausing mutes but still logs; closing hides to the tray when there is one."""

from __future__ import annotations

import asyncio
import tomllib

from PySide6.QtCore import QPoint

from flowdeck.core.alert_rules import make_rule
from flowdeck.storage import paths
from flowdeck.ui.alerts import window_alerts
from flowdeck.ui.alerts.rule_dialog import RuleDialog
from flowdeck.ui.alerts.tray import Tray
from tests.support import window as support_window
from tests.support.alert_window import ALERT_SOURCE as FAST
from tests.support.alert_window import grid_rules, log_lines, write_config
from tests.support.waiting import wait_until

BAD_RULE = {"scope": "all", "field": "main_net_inflow", "op": ">", "threshold": "12%"}


def run_window(qloop, body, source=FAST):
    return support_window.run_window(qloop, body, source=source, timeout=90)


def test_rules_fire_into_dock_file_and_banners(qloop, flowdeck_home) -> None:
    write_config(grid_rules())

    async def body(w):
        center = w.alerts.center
        await wait_until(lambda: center.notified >= 1, 40)
        await asyncio.sleep(0.3)

    w = run_window(qloop, body)
    center = w.alerts.center
    assert len(center.rules) == 241 and len(w.alerts.problems) == 1
    assert center.notifier.name == "banner"  # offscreen: no tray
    assert w.alerts.tray is None
    lines = log_lines()
    assert len(lines) == center.fired_count >= 1
    assert w.alerts.dock.model.rowCount() == center.fired_count
    codes = set(w.watchlists.codes())
    for entry in lines:
        assert entry["type"] == "alert" and entry["code"] in codes
        assert entry["field"] == "main_net_inflow_ratio" and entry["op"] == "crosses"
    texts = w.banners.texts()
    assert any("could not be loaded" in t and "is an amount" in t for t in texts)
    assert w.alerts.dock.model.colors == w.config.colors  # the colours setting applies
    assert any(t.startswith("Alert: ") for t in texts)


def test_rule_from_the_context_menu_is_saved_with_the_bad_one_kept(qloop, flowdeck_home):
    write_config()

    async def body(w):
        await wait_until(lambda: w.follower.applies >= 1, 20)
        menu = w.alerts.cell_menu("HK.00700", "large_net_inflow", QPoint(0, 0))
        action = next(a for a in menu.actions() if "Large net inflow >" in a.text())
        action.trigger()
        dialog = w.alerts.rule_dialog
        assert isinstance(dialog, RuleDialog)
        rule = make_rule("code:HK.00700", "large_net_inflow", ">", "5000万")
        dialog.findChild(object, "threshold").setText("5000万")
        assert dialog.rule() == rule
        dialog.accept()
        menu.close()

    w = run_window(qloop, body)
    saved = tomllib.loads(paths.config_path().read_text(encoding="utf-8"))["alerts"]
    assert saved[0]["scope"] == "code:HK.00700" and saved[0]["threshold"] == 5e7
    assert saved[1] == BAD_RULE  # never less than the file had
    assert [r.scope for r in w.alerts.center.rules] == ["code:HK.00700"]


def test_restart_shows_todays_log_and_fires_no_storm(qloop, flowdeck_home) -> None:
    write_config(grid_rules())

    async def first(w):
        await wait_until(lambda: w.alerts.center.fired_count >= 3, 40)

    before = run_window(qloop, first).alerts.center.fired_count
    assert len(log_lines()) == before
    seen = {}

    async def second(w):
        seen["rows_at_start"] = w.alerts.dock.model.rowCount()
        await wait_until(lambda: w.follower.applies >= 1, 20)
        seen["fired_after_snapshot"] = w.alerts.center.fired_count

    run_window(qloop, second)
    assert seen["rows_at_start"] == before
    # The snapshot is a baseline: conditions already true at start fire nothing.
    assert seen["fired_after_snapshot"] == 0


def test_pause_mutes_but_logs(qloop, flowdeck_home) -> None:
    write_config(grid_rules())

    async def body(w):
        center = w.alerts.center
        center.pause(900)
        assert w.alerts.resume_action.isEnabled()
        await wait_until(lambda: center.fired_count >= 2, 40)
        assert center.notified == 0
        center.resume()
        assert not w.alerts.resume_action.isEnabled()

    w = run_window(qloop, body)
    assert len(log_lines()) == w.alerts.center.fired_count >= 2


def test_rules_on_codes_outside_the_list_are_followed(qloop, flowdeck_home) -> None:
    write_config('[[alerts]]\nscope = "code:US.IBM"\nfield = "main_net_inflow"\n'
                 'op = ">"\nthreshold = "1B"\n')

    async def body(w):
        await wait_until(lambda: w.follower.applies >= 1, 20)

    w = run_window(qloop, body)
    assert "US.IBM" not in w.watchlists.codes()
    assert "US.IBM" in w.follower.followed
    assert "US.IBM" not in w.model.table.codes  # followed, not shown


def test_close_hides_to_the_tray_when_one_exists(qloop, flowdeck_home, monkeypatch) -> None:
    monkeypatch.setattr(Tray, "available", staticmethod(lambda: True))
    write_config()
    hints, closed = [], []

    async def body(w):
        assert w.alerts.tray is not None and w.alerts.center.notifier.name == "tray"
        monkeypatch.setattr(w.alerts.tray, "show_message",
                            lambda title, body, msecs=10000: hints.append(title))
        w.closed.connect(lambda: closed.append(True))
        await wait_until(lambda: w.follower.applies >= 1, 20)
        w.close()
        assert not w.isVisible() and not closed
        w.alerts.toggle_window()
        assert w.isVisible()
        w.close()
        assert len(hints) == 1  # the hint shows once
        assert window_alerts.KEY_TRAY_HINT

    run_window(qloop, body)
    assert closed == [True]  # quit() closes for real
