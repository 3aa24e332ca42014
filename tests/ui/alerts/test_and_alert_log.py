"""An AND rule's firing (issue 22) as people read it: the tray's title and body, the alert
log dock's row, live and read back from alerts.jsonl, each condition with its value."""

from __future__ import annotations

import json

import numpy as np
from PySide6.QtCore import Qt

from flowdeck.core.alert_rules import make_rule
from flowdeck.core.batch import Batch, RecordColumns
from flowdeck.core.records import NUMERIC_KEYS
from flowdeck.storage.alert_log import AlertLog
from flowdeck.ui.alerts.alert_center import AlertCenter
from flowdeck.ui.alerts.alert_log_model import COL_RULE, COL_VALUE, AlertLogModel
from flowdeck.ui.alerts.alert_text import alert_body, alert_title, describe_rule
from flowdeck.ui.look.i18n import apply_language

RULE = make_rule("code:HK.00700", "main_net_inflow", "crosses", 0, cooldown_s=0,
                 conditions=[{"field": "main_net_inflow_ratio", "op": ">", "threshold": "2%"}])


def batch(main: float, ratio: float, time: str = "2025-03-14 10:00:00") -> Batch:
    values = np.zeros((1, len(NUMERIC_KEYS)))
    values[0, [NUMERIC_KEYS.index("main_net_inflow"),
               NUMERIC_KEYS.index("main_net_inflow_ratio")]] = main, ratio
    return Batch(columns=RecordColumns(["HK.00700"], values, [time]))


def fire(tmp_path):
    center = AlertCenter([RULE], {}, AlertLog(tmp_path / "alerts.jsonl"), None,
                         clock=lambda: 1000.0)
    assert center.on_batch(batch(-5e6, 0.03)) == []
    assert center.on_batch(batch(7.5e7, 0.01)) == []          # crosses, ratio too low
    assert center.on_batch(batch(-5e6, 0.03)) != []           # crosses back, ratio holds
    (alert,) = center.on_batch(batch(7.5e7, 0.031, "2025-03-14 10:05:00"))
    return alert


def cell(model: AlertLogModel, row: int, col: int) -> str:
    return model.data(model.index(row, col), Qt.ItemDataRole.DisplayRole)


def test_the_tray_and_the_log_show_each_condition_and_its_value(qapp, tmp_path) -> None:
    apply_language("en")
    alert = fire(tmp_path)
    assert alert_title(alert) == ("HK.00700: Main net inflow crossed above 0 and "
                                  "Main net ratio > 2%")
    assert alert_body(alert) == "75M, 3.1% at 2025-03-14 10:05:00"
    assert describe_rule(RULE) == "Main net inflow crosses 0 and Main net ratio > 2%"
    lines = (tmp_path / "alerts.jsonl").read_text(encoding="utf-8").splitlines()
    logged = json.loads(lines[-1])
    assert [(c["field"], c["value"]) for c in logged["conditions"]] == [
        ("main_net_inflow", 7.5e7), ("main_net_inflow_ratio", 0.031)]
    live, read_back = AlertLogModel(), AlertLogModel()
    live.add([alert])
    read_back.add_entries([logged])
    for model in (live, read_back):
        assert cell(model, 0, COL_RULE) == "Main net inflow crosses 0 and Main net ratio > 2%"
        assert cell(model, 0, COL_VALUE) == "75M, 3.1%"


def test_a_damaged_conditions_list_in_the_file_is_shown_as_far_as_it_reads(qapp) -> None:
    apply_language("en")
    entry = {"type": "alert", "code": "HK.00700", "field": "main_net_inflow", "op": ">",
             "threshold": 0, "value": 5e6, "time": "2025-03-14 10:00:00", "wall": 1000.0,
             "conditions": [{}, {"field": "nonsense"}, ["x"],
                            {"field": "super_net_inflow", "op": "<", "threshold": 1e6,
                             "value": 2e5}]}
    model = AlertLogModel()
    model.add_entries([entry, {**entry, "conditions": "odd"}])
    assert cell(model, 0, COL_RULE) == "Main net inflow > 0 and Super net inflow < 1M"
    assert cell(model, 0, COL_VALUE) == "5M, 200K"
    assert cell(model, 1, COL_RULE) == "Main net inflow > 0"


def test_in_chinese_the_conditions_are_joined_in_chinese(qapp, tmp_path) -> None:
    alert = fire(tmp_path)
    try:
        apply_language("zh_CN")
        assert describe_rule(RULE, "wan") == "主力净流入 穿越 0 且 主力净占比 > 2%"
        assert alert_body(alert, "wan") == "2025-03-14 10:05:00 时为 7500万, 3.1%"
        apply_language("zh_HK")
        assert describe_rule(RULE, "wan_hant") == "主力淨流入 穿越 0 且 主力淨佔比 > 2%"
    finally:
        apply_language("en")
