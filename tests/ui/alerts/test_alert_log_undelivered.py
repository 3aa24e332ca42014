"""The alert log dock's rows for firings a channel never took (type "undelivered",
written by live/delivery.py): said with the channel and why, the firing's rule and
value, the channel's answer as the note; from the file at start and live; in the
language spoken."""

from __future__ import annotations

import datetime as dt
import math

from flowdeck.live.delivery_marks import EXPIRED, FAILED, undelivered_entry
from flowdeck.storage.alert_log import AlertLog
from flowdeck.ui.alerts.alert_log_dock import AlertLogDock
from flowdeck.ui.alerts.alert_log_model import (
    COL_CODE,
    COL_NOTE,
    COL_RULE,
    COL_TIME,
    COL_VALUE,
    AlertLogModel,
    fired_text,
)
from flowdeck.ui.look.i18n import apply_language

WALL = dt.datetime(2025, 3, 14, 16, 40).timestamp()
PAYLOAD = {"type": "alert", "code": "HK.00700", "rule_text": "Main net inflow > 50M",
           "value_text": "51.2M", "wall": WALL - 3600, "key": "abc"}


def texts(model: AlertLogModel, row: int) -> list[str]:
    return [model.index(row, col).data() for col in (COL_TIME, COL_CODE, COL_RULE,
                                                     COL_VALUE, COL_NOTE)]


def test_an_expired_and_a_refused_firing_are_rows_of_their_own(qapp) -> None:
    model = AlertLogModel()
    skipped = model.add_entries([
        undelivered_entry(PAYLOAD, "desk", EXPIRED, "HTTP 503: down", WALL),
        undelivered_entry(PAYLOAD, "bot", FAILED, "bad signature: errcode 310000", WALL + 1),
        {"type": "undelivered", "reason": "lost", "channel": "x", "wall": WALL},  # not ours
    ])
    assert skipped == 1 and model.rowCount() == 2
    assert texts(model, 0) == [fired_text(WALL), "HK.00700",
                               "Not delivered to desk in time: Main net inflow > 50M",
                               "51.2M", "HTTP 503: down"]
    assert texts(model, 1)[2:] == ["Refused by bot: Main net inflow > 50M", "51.2M",
                                   "bad signature: errcode 310000"]
    assert model.row_at(0).undelivered is not None and math.isnan(model.row_at(0).value)
    assert "this computer's clock" in model.index(0, COL_TIME).data(3)  # its tooltip


def test_the_dock_reads_them_from_the_file_and_live_in_the_language_spoken(qapp, qtbot,
                                                                            tmp_path):
    log = AlertLog(tmp_path / "alerts.jsonl")
    log.append([undelivered_entry(PAYLOAD, "desk", EXPIRED, "HTTP 503", WALL)])
    dock = AlertLogDock()
    qtbot.addWidget(dock)
    assert dock.add_entries(log.read_day(dt.date(2025, 3, 14))) == 0
    dock.add_entries([undelivered_entry({**PAYLOAD, "code": ""}, "mail", FAILED, "535",
                                        WALL + 5)])  # a source's stale alert: no code
    model = dock.model
    assert [model.index(r, COL_RULE).data() for r in range(2)] == [
        "Not delivered to desk in time: Main net inflow > 50M",
        "Refused by mail: Main net inflow > 50M"]
    try:
        apply_language("zh_CN")
        model.retranslate()
        assert model.index(0, COL_RULE).data() == "未能及时送达 desk：Main net inflow > 50M"
        assert model.index(1, COL_RULE).data() == "被 mail 拒收：Main net inflow > 50M"
    finally:
        apply_language("en")
