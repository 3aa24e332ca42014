"""Currencies in the running window, as a trader works them: an amount sorted before any
rate is known (a block per currency), then File > Settings, rates typed
for USD and CNY (dated today, saved in the settings file); a click on Main net ranks
HK, US and A rows by their value in HKD; Alerts > Manage rules, Add: an "all watched
codes" rule of 50M with US 5M and A 200M (2亿) of their own; a scripted source's updates fire
it per market."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import tomllib

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox, QDialogButtonBox, QLineEdit

from flowdeck.core.batch import Batch
from flowdeck.core.records import CapitalFlowRecord
from flowdeck.storage import paths
from flowdeck.ui.shell.open_window import open_window
from flowdeck.ui.table.columns import COLUMN_INDEX
from tests.support.feeds import ScriptedFeed
from tests.support.table_header import click_header
from tests.support.waiting import wait_until

MAIN = COLUMN_INDEX["main_net_inflow"]
CODES = ["HK.00700", "US.AAPL", "SH.600519", "SZ.000001"]
# Raw: HK 70M > SH 60M > US 10M > SZ 0. In HKD at 7.8 and 1.08: US 78M first.
SNAPSHOT = {"HK.00700": 70e6, "US.AAPL": 10e6, "SH.600519": 60e6, "SZ.000001": 0.0}
# Against 50M (HK), 5M (US), 2亿 (SH, SZ); the snapshot only sets the baseline.
STEP_1 = {"HK.00700": 0.0, "US.AAPL": 0.0, "SH.600519": 0.0, "SZ.000001": 0.0}
STEP_2 = {"HK.00700": 40e6, "US.AAPL": 6e6, "SH.600519": 1.5e8, "SZ.000001": 0.0}
STEP_3 = {"HK.00700": 60e6, "US.AAPL": 6e6, "SH.600519": 2.5e8, "SZ.000001": 2.1e8}


def record(code: str, net: float) -> CapitalFlowRecord:
    n = np.array([net, 0.0, 0.0, 0.0])
    return CapitalFlowRecord.from_tier_values(code, "2026-12-01 10:30:00", np.maximum(n, 0),
                                              np.maximum(-n, 0), 1e10)


def batch(nets: dict[str, float], snapshot: bool = False) -> Batch:
    return Batch(snapshot=snapshot, records={c: record(c, v) for c, v in nets.items()})


class Gate:
    """The feed's sleep: each update waits for one `release`."""

    def __init__(self) -> None:
        self.permits = asyncio.Queue()

    async def sleep(self, _seconds: float) -> None:
        await self.permits.get()

    def release(self) -> None:
        self.permits.put_nowait(None)


def type_into(edit: QLineEdit, text: str) -> None:
    edit.selectAll()
    QTest.keyClicks(edit, text)


def ok(dialog) -> None:
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()


def test_rates_in_settings_rank_and_rules_fire_per_market(qloop, flowdeck_home):
    path = paths.config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f'[display]\nlanguage = "en"\n[[watchlists]]\nname = "Default"\n'
                    f'codes = {json.dumps(CODES)}\n', encoding="utf-8")
    gate = Gate()
    feed = ScriptedFeed([batch(SNAPSHOT, snapshot=True)],
                        [[batch(STEP_1), batch(STEP_2), batch(STEP_3)]], sleep=gate.sleep)
    seen: dict[str, object] = {}
    fired: list[tuple[str, float]] = []

    async def body(window) -> None:
        window.follower.start(feed, CODES)
        await wait_until(lambda: window.store.table.values_of(CODES, "main_net_inflow")
                         == SNAPSHOT, 10)
        view, model = window.view, window.model
        click_header(view, MAIN)
        seen["no rates"] = [model.code_at(r) for r in range(4)]

        window.settings_action.trigger()
        settings = window.settings_dialog
        assert settings.findChild(QComboBox, "baseCurrencyCombo").currentData() == "HKD"
        type_into(settings.findChild(QLineEdit, "rateUSD"), "7.8")
        type_into(settings.findChild(QLineEdit, "rateCNY"), "1.08")
        ok(settings)
        seen["in hkd"] = [model.code_at(r) for r in range(4)]
        seen["tooltip"] = model.headerData(MAIN, Qt.Orientation.Horizontal,
                                           Qt.ItemDataRole.ToolTipRole)

        window.alerts.center.fired.connect(
            lambda alerts: fired.extend((a.code, a.limit) for a in alerts))
        window.findChild(type(window.settings_action), "manageRulesAction").trigger()
        rules = window.alerts.rules_dialog
        rules.add_button.click()
        editor = rules.editor
        editor.scope_kind.setCurrentIndex(editor.scope_kind.findData("all"))
        type_into(editor.threshold, "50M")
        type_into(editor.findChild(QLineEdit, "thresholdUS"), "5M")
        type_into(editor.findChild(QLineEdit, "thresholdA"), "200M")  # keyClicks: ASCII only
        seen["error"] = editor.error()
        ok(editor)
        QApplication.processEvents()
        seen["rules"] = [r.describe() for r in window.alerts.center.rules]
        rules.close_button.click()

        gate.release()  # zeros: the rule's baseline for each code
        await wait_until(lambda: window.store.table.values_of(["US.AAPL"],
                                                              "main_net_inflow") == {
            "US.AAPL": 0.0}, 10)
        gate.release()
        await wait_until(lambda: fired, 10)
        seen["step 2"] = sorted(fired)
        fired.clear()
        gate.release()
        await wait_until(lambda: len(fired) >= 3, 10)
        seen["step 3"] = sorted(fired)

    window = open_window(None, None)

    async def go() -> None:
        window.show()
        try:
            await body(window)
        finally:
            await window.follower.stop()
            window.quit()

    qloop.run_until_complete(asyncio.wait_for(go(), 60))
    # No rates yet: never raw (SH's 60M CNY above US's 10M USD), a block per currency,
    # the base's first.
    assert seen["no rates"] == ["HK.00700", "US.AAPL", "SH.600519", "SZ.000001"]
    assert seen["in hkd"] == ["US.AAPL", "HK.00700", "SH.600519", "SZ.000001"]
    today = dt.date.today().isoformat()
    assert f"1 USD = 7.8 HKD ({today}), 1 CNY = 1.08 HKD ({today})" in seen["tooltip"]
    saved = tomllib.loads(path.read_text("utf-8"))
    assert saved["currency"] == {"base": "HKD", "rates": [
        {"currency": "USD", "rate": 7.8, "date": today, "source": "user"},
        {"currency": "CNY", "rate": 1.08, "date": today, "source": "user"}]}
    assert seen["error"] == ""
    assert seen["rules"] == ["Main net inflow > 50M (US 5M, A 200M)"]
    assert saved["alerts"][0]["thresholds"] == {"US": 5e6, "A": 2e8}
    assert seen["step 2"] == [("US.AAPL", 5e6)]
    assert seen["step 3"] == [("HK.00700", 50e6), ("SH.600519", 2e8), ("SZ.000001", 2e8)]
