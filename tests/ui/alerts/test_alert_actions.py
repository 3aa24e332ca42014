"""The Alerts menu as a trader uses it: real QActions triggered, real buttons clicked, the
real language switched in the real settings dialog. Both bugs here passed tests that
called the methods beneath the actions."""

from __future__ import annotations

import time
import tomllib

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
)

from flowdeck.core.alert_rules import format_value
from flowdeck.storage import paths
from tests.support.waiting import wait_until
from tests.support.window import run_window

FAST = "sim?speed=600&seed=7"
ONE_RULE = ('[[alerts]]\nscope = "code:HK.00700"\nfield = "large_net_inflow"\nop = ">"\n'
            'threshold = 5e7\n')


def write_config(text: str) -> None:
    path = paths.config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f'[source]\nurl = "{FAST}"\n\n{text}', encoding="utf-8")


def saved_rules() -> list[dict]:
    return tomllib.loads(paths.config_path().read_text(encoding="utf-8")).get("alerts", [])


def action(w, name: str) -> QAction:
    found = w.menuBar().findChild(QMenu, "alertsMenu").findChild(QAction, name)
    assert found is None or isinstance(found, QAction)
    found = found or w.findChild(QAction, name)
    assert found is not None, name
    return found


def click_ok(dialog, buttons: str) -> None:
    box = dialog.findChild(QDialogButtonBox, buttons)
    ok = box.button(QDialogButtonBox.StandardButton.Ok)
    assert ok.isEnabled(), dialog.findChild(object, "error").text()
    QTest.mouseClick(ok, Qt.MouseButton.LeftButton)


def test_a_closed_manager_never_writes_its_old_rules_back(qloop, flowdeck_home) -> None:
    """Manage rules… → Close; New rule… → OK; Settings → 简体中文 → OK: both rules stay,
    in the running app and in the file, and the manager reopened shows both."""
    write_config(ONE_RULE)
    seen: dict[str, object] = {}

    async def body(w):
        await wait_until(lambda: w.follower.applies >= 1, 20)
        action(w, "manageRulesAction").trigger()
        manager = w.alerts.rules_dialog
        assert manager is not None and manager.isVisible()
        QTest.mouseClick(manager.findChild(QPushButton, "closeButton"),
                         Qt.MouseButton.LeftButton)
        assert not manager.isVisible()

        action(w, "newRuleAction").trigger()
        editor = w.alerts.rule_dialog
        scope = editor.findChild(QComboBox, "scopeKind")
        scope.setCurrentIndex(scope.findData("all"))
        op = editor.findChild(QComboBox, "op")
        op.setCurrentIndex(op.findData("crosses"))
        editor.findChild(QLineEdit, "threshold").setText("0")
        click_ok(editor, "ruleButtons")
        seen["after_new"] = len(saved_rules())

        w.settings_action.trigger()
        settings = w.settings_dialog
        language = settings.findChild(QComboBox, "languageCombo")
        language.setCurrentIndex(language.findData("zh_CN"))
        click_ok(settings, "settingsButtons")
        await wait_until(lambda: w.model.text.lang == "zh_CN", 5)
        seen["after_language"] = len(saved_rules())
        seen["running"] = [r.scope for r in w.alerts.center.rules]

        action(w, "manageRulesAction").trigger()
        reopened = w.alerts.rules_dialog
        seen["reopened_rows"] = reopened.model.rowCount()
        seen["same_dialog"] = reopened is manager

    run_window(qloop, body, timeout=60)
    assert seen["after_new"] == 2
    assert seen["after_language"] == 2
    assert seen["running"] == ["code:HK.00700", "all"]
    assert seen["reopened_rows"] == 2 and seen["same_dialog"] is False
    assert [r["scope"] for r in saved_rules()] == ["code:HK.00700", "all"]


def test_the_open_manager_follows_a_rule_made_elsewhere(qloop, flowdeck_home) -> None:
    write_config(ONE_RULE)
    seen: dict[str, object] = {}

    async def body(w):
        await wait_until(lambda: w.follower.applies >= 1, 20)
        action(w, "manageRulesAction").trigger()
        manager = w.alerts.rules_dialog
        manager.hide()  # out of sight but open: a new rule is not routed through it
        action(w, "newRuleAction").trigger()
        editor = w.alerts.rule_dialog
        editor.findChild(QLineEdit, "threshold").setText("1亿")
        click_ok(editor, "ruleButtons")
        seen["rows"] = manager.model.rowCount()
        seen["rules"] = len(w.alerts.center.rules)

    run_window(qloop, body, timeout=60)
    assert seen == {"rows": 2, "rules": 2}
    assert len(saved_rules()) == 2


def test_pause_actions_of_the_alerts_menu_pause_and_resume(qloop, flowdeck_home) -> None:
    write_config(ONE_RULE)
    seen: dict[str, object] = {}

    async def body(w):
        center = w.alerts.center
        resume = action(w, "resumeAction")
        assert not resume.isEnabled()
        for name, seconds in (("pause15mAction", 900), ("pause1hAction", 3600)):
            before = time.time()
            action(w, name).trigger()
            until = center.paused()
            assert isinstance(until, float), (name, until)
            assert before + seconds - 1 <= until <= time.time() + seconds + 1
            assert resume.isEnabled()
            resume.trigger()
            assert center.paused() is False and not resume.isEnabled()
        action(w, "pauseAction").trigger()
        seen["until_resumed"] = center.paused()
        seen["resume_enabled"] = resume.isEnabled()

    run_window(qloop, body, timeout=60)
    assert seen == {"until_resumed": None, "resume_enabled": True}


def test_the_rule_editor_shows_the_value_now_and_warns_when_already_true(
        qloop, flowdeck_home) -> None:
    """Right-click → "Alert when Main net inflow > …": the editor shows the current value;
    a threshold already exceeded is called out in the editor and, after OK, in a banner
    (the rule fires only when the condition next becomes true)."""
    write_config("")
    seen: dict[str, object] = {}

    async def body(w):
        await wait_until(lambda: w.follower.applies >= 1, 20)
        menu = w.alerts.cell_menu("HK.00700", "main_net_inflow", QPoint(0, 0))
        next(a for a in menu.actions() if "Main net inflow >" in a.text()).trigger()
        menu.close()
        editor = w.alerts.rule_dialog
        now = editor.findChild(QLabel, "nowValue")
        editor.findChild(QLineEdit, "threshold").setText("1万亿")  # far above: not true
        editor.refresh_now()  # the value and the label read in one go, no batch between
        value = w.model.table.values_of(["HK.00700"], "main_net_inflow")["HK.00700"]
        seen["far"] = (now.isVisibleTo(editor), now.text(),
                       format_value("main_net_inflow", value))
        # Untouched, the editor follows the market on the window's tick (no tray here).
        shown = now.text()
        await wait_until(lambda: now.text() != shown, 10)
        editor.findChild(QLineEdit, "threshold").setText("-1万亿")  # true whatever it is
        editor.refresh_now()
        value = w.model.table.values_of(["HK.00700"], "main_net_inflow")["HK.00700"]
        seen["true"] = (now.text(), format_value("main_net_inflow", value))
        click_ok(editor, "ruleButtons")
        seen["banners"] = w.banners.texts()

    run_window(qloop, body, source=FAST, timeout=60)
    visible, text, value = seen["far"]
    assert visible and text == f"Now: {value}."
    text, value = seen["true"]
    assert text == (f"Now: {value}. Already true now ({value} > -1T): it fires when it "
                    f"next becomes true.")
    assert any(t.startswith("Rule saved. Already true now") for t in seen["banners"])
    assert len(saved_rules()) == 1  # saved all the same
