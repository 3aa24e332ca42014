"""An alert's numbers: rounded for people (the tray, the banner, `watch`'s ALERT line:
`7500万`, not `7500.00万`), exact for machines (alerts.jsonl and `watch --json` hold
the engine's float64, bit for bit)."""

from __future__ import annotations

import io
import json

import numpy as np

from flowdeck.cli.watch import Printer
from flowdeck.core.alert_rules import make_rule
from flowdeck.core.batch import Batch, RecordColumns
from flowdeck.core.records import NUMERIC_KEYS
from flowdeck.storage.alert_log import AlertLog
from flowdeck.ui.alerts.alert_center import AlertCenter
from flowdeck.ui.alerts.alert_text import alert_body, alert_title
from flowdeck.ui.look.i18n import apply_language

# Not a short decimal: any rounding on the way to the file would show.
VALUE = 75_123_456.0 + 1 / 3


def batch(value: float, time: str = "2025-03-14 10:00:00") -> Batch:
    values = np.zeros((1, len(NUMERIC_KEYS)))
    values[0, NUMERIC_KEYS.index("main_net_inflow")] = value
    return Batch(columns=RecordColumns(["HK.00700"], values, [time]))


def fire(tmp_path, threshold: str = "7500万"):
    rule = make_rule("code:HK.00700", "main_net_inflow", ">", threshold, cooldown_s=0)
    center = AlertCenter([rule], {}, AlertLog(tmp_path / "alerts.jsonl"), None,
                         clock=lambda: 1000.0)
    center.on_batch(batch(0.0))
    alerts = center.on_batch(batch(VALUE, "2025-03-14 10:05:00"))
    assert len(alerts) == 1
    return alerts[0]


def test_the_alert_log_and_watch_json_hold_the_engines_float_exactly(qapp, tmp_path) -> None:
    alert = fire(tmp_path)
    assert alert.value == VALUE and alert.rule.threshold == 7.5e7
    logged = json.loads((tmp_path / "alerts.jsonl").read_text(encoding="utf-8"))
    assert logged["value"] == alert.value and logged["threshold"] == 7.5e7
    out = io.StringIO()
    Printer(out, io.StringIO(), True, ["HK.00700"]).alert(alert)   # watch --json
    assert json.loads(out.getvalue())["value"] == alert.value


def test_people_read_the_threshold_and_value_without_trailing_zeros(qapp, tmp_path) -> None:
    alert = fire(tmp_path)
    apply_language("en")
    assert alert_title(alert, "wan") == "HK.00700: Main net inflow > 7500万"
    assert alert_body(alert, "wan") == "7512.35万 at 2025-03-14 10:05:00"
    assert alert_title(alert, "kmb") == "HK.00700: Main net inflow > 75M"
    out = io.StringIO()
    Printer(out, io.StringIO(), False, ["HK.00700"]).alert(alert)  # watch's ALERT line
    assert out.getvalue() == "ALERT 2025-03-14 10:05:00 HK.00700 Main net inflow > 75M: 75.12M\n"
    tenth = fire(tmp_path, "74.1M")
    assert alert_title(tenth, "kmb") == "HK.00700: Main net inflow > 74.1M"
    assert alert_title(fire(tmp_path, "12.5万"), "wan").endswith("> 12.5万")
